/* test-hub-app.c — the real hubview, windowed under Xvfb, against the real
 * simulator (hubview --demo), driven through its D-Bus actions like
 * `gapplication action io.hubview.Hubview …`: every screen reached and
 * screenshotted, the sign-in flow end to end, camera switches with network
 * faults on and 0 frames painted from the wrong camera (event log and the
 * marker strip in screenshots agree), cloud faults lead to their screens
 * and recover, and the app quits cleanly. */
#include "hub-test-app.h"

#include <glib/gstdio.h>
#include <signal.h>

static const char *const demo_ids[] = { "cam-frontdoor", "cam-garage", "cam-backyard",
                                        "cam-nursery" };

/* ---- the tests ---- */

static void
test_demo_screens (void)
{
  Hub *hub = hub_start (NULL);
  guint i = 0;
  g_autofree char *grid_png = NULL;
  g_autofree char *camera_png = NULL;
  g_autofree char *diag_png = NULL;
  g_autofree char *blank_png = NULL;
  g_autofree char *signin_png = NULL;
  guint index = 99, counter = 0;

  /* the real device flow: a code first, then signed in, then the grid */
  g_assert_true (hub_wait_event (hub, 0, "sign-in-code", NULL, NULL, 30, &i));
  g_usleep (500000);
  signin_png = hub_screenshot ("sign-in");
  g_assert_true (hub_wait_event (hub, i, "signed-in", NULL, NULL, 30, &i));
  g_assert_true (hub_wait_event (hub, i, "view", "view", "grid", 30, &i));
  g_assert_true (hub_wait_event (hub, i, "frame-painted", "view", "grid", 30, NULL));
  g_usleep (1500000);
  grid_png = hub_screenshot ("grid");

  hub_action (hub, "show-camera", g_variant_new_string ("cam-garage"));
  g_assert_true (hub_wait_event (hub, i, "view", "camera", "cam-garage", 10, &i));
  g_assert_true (hub_wait_event (hub, i, "frame-painted", "camera", "cam-garage", 20, &i));
  g_usleep (700000);
  camera_png = hub_screenshot ("camera-garage");
  g_assert_true (hub_screenshot_marker (camera_png, &index, &counter));
  g_assert_cmpuint (index, ==, 1);

  hub_action (hub, "show-diagnostics", NULL);
  g_assert_true (hub_wait_event (hub, i, "view", "view", "diagnostics", 10, &i));
  g_usleep (1200000);
  diag_png = hub_screenshot ("diagnostics");

  hub_action (hub, "blank", NULL);
  g_assert_true (hub_wait_event (hub, i, "view", "view", "blank", 10, &i));
  g_usleep (300000);
  blank_png = hub_screenshot ("blank");
  hub_action (hub, "wake", NULL);
  g_assert_true (hub_wait_event (hub, i, "view", "view", "grid", 10, &i));

  hub_action (hub, "sign-out", NULL);
  g_assert_true (hub_wait_event (hub, i, "signed-out", NULL, NULL, 10, &i));
  g_assert_true (hub_wait_event (hub, i, "view", "view", "sign-in", 10, &i));
  g_test_message ("screenshots: %s %s %s %s %s", signin_png, grid_png, camera_png, diag_png,
                  blank_png);
  hub_stop (hub);
}

/* A→B→A with network faults on: no frame of the wrong camera painted. */
static void
test_switch_no_wrong_frames (void)
{
  const char *faults[] = { "--fault", "*:drop=0.02", "--fault", "*:delay=30:60", NULL };
  Hub *hub = hub_start (faults);
  guint i = 0, n_switches = 100, wrong = 0, painted = 0, shots = 0;
  const char *current = NULL;

  g_assert_true (hub_wait_event (hub, 0, "view", "view", "grid", 60, &i));
  for (guint s = 0; s < n_switches; s++)
    {
      const char *target = demo_ids[s % 2];
      guint j;

      hub_action (hub, "show-camera", g_variant_new_string (target));
      g_assert_true (hub_wait_event (hub, i, "view", "camera", target, 10, &j));
      current = target;
      i = j;
      /* every few switches, wait for a picture and check the screen itself */
      if (s % 10 == 9)
        {
          g_autofree char *name = g_strdup_printf ("switch-%u", s);
          g_autofree char *png = NULL;
          guint index = 99, counter = 0;

          g_assert_true (hub_wait_event (hub, i, "frame-painted", "camera", target, 20, NULL));
          g_usleep (600000); /* let the window show it */
          png = hub_screenshot (name);
          if (hub_screenshot_marker (png, &index, &counter))
            {
              g_assert_cmpuint (index, ==, s % 2);
              shots++;
            }
        }
      else
        g_usleep (g_random_int_range (50000, 400000));
    }
  /* the event log: every frame painted in the camera view names the camera
   * that view showed at that moment */
  hub_read_events (hub);
  current = NULL;
  for (guint k = 0; k < hub->events->len; k++)
    {
      JsonNode *ev = g_ptr_array_index (hub->events, k);
      const char *type = hub_ev_str (ev, "event");

      if (g_strcmp0 (type, "view") == 0)
        current = g_strcmp0 (hub_ev_str (ev, "view"), "camera") == 0 ? hub_ev_str (ev, "camera") : NULL;
      else if (g_strcmp0 (type, "frame-painted") == 0
               && g_strcmp0 (hub_ev_str (ev, "view"), "camera") == 0)
        {
          painted++;
          if (g_strcmp0 (hub_ev_str (ev, "camera"), current) != 0)
            wrong++;
        }
    }
  g_test_message ("%u switches: %u frames painted, %u from the wrong camera, %u screenshots "
                  "read", n_switches, painted, wrong, shots);
  g_assert_cmpuint (wrong, ==, 0);
  g_assert_cmpuint (painted, >, 0);
  g_assert_cmpuint (shots, >=, 1);
  hub_stop (hub);
}

/* Touch: a tap on a tile opens that camera, a swipe moves to the next one,
 * the back control returns to the grid. (Pointer events from xdotool; GTK
 * treats them as it treats a touch panel's emulated pointer.) */
static void
test_touch (void)
{
  Hub *hub = hub_start (NULL);
  guint i = 0;
  const char *tap_garage[] = { "mousemove", "--sync", "960", "200", "click", "1", NULL };
  /* a flick: about 600 px in 80 ms */
  const char *swipe_left[] = { "mousemove", "--sync", "1000", "400", "mousedown", "1",
                               "sleep", "0.02", "mousemove", "850", "400",
                               "sleep", "0.02", "mousemove", "700", "400",
                               "sleep", "0.02", "mousemove", "550", "400",
                               "sleep", "0.02", "mousemove", "400", "400", "mouseup", "1", NULL };
  const char *tap_back[] = { "mousemove", "--sync", "90", "760", "click", "1", NULL };

  g_assert_true (hub_wait_event (hub, 0, "view", "view", "grid", 60, &i));
  g_assert_true (hub_wait_event (hub, i, "frame-painted", "view", "grid", 30, NULL));
  /* the 2×2 grid fills 1280×800: the top-right tile is the second camera */
  hub_xdotool (tap_garage);
  g_assert_true (hub_wait_event (hub, i, "view", "camera", "cam-garage", 10, &i));
  /* the camera view is on screen once it paints */
  g_assert_true (hub_wait_event (hub, i, "frame-painted", "camera", "cam-garage", 20, NULL));
  hub_xdotool (swipe_left);
  g_assert_true (hub_wait_event (hub, i, "view", "camera", "cam-backyard", 10, &i));
  hub_xdotool (tap_back);
  g_assert_true (hub_wait_event (hub, i, "view", "view", "grid", 10, &i));
  hub_stop (hub);
}

/* Keys: Right and Left move between cameras, Escape and BackSpace return to
 * the grid, and the keys that would move the focus or press a focused button
 * (Tab, space, Return) do nothing. */
static void
test_keyboard (void)
{
  Hub *hub = hub_start (NULL);
  guint i = 0;
  const char *tap_garage[] = { "mousemove", "--sync", "960", "200", "click", "1", NULL };
  const char *right[] = { "key", "Right", NULL };
  const char *left[] = { "key", "Left", NULL };
  const char *focus_keys[] = { "key", "--delay", "50", "Tab", "space", "Return", NULL };
  const char *escape[] = { "key", "Escape", NULL };
  const char *backspace[] = { "key", "BackSpace", NULL };

  g_assert_true (hub_wait_event (hub, 0, "view", "view", "grid", 60, &i));
  g_assert_true (hub_wait_event (hub, i, "frame-painted", "view", "grid", 30, NULL));
  /* no window manager: the keyboard follows the pointer, which the tap puts
   * over the window */
  hub_xdotool (tap_garage);
  g_assert_true (hub_wait_event (hub, i, "view", "camera", "cam-garage", 10, &i));
  hub_xdotool (right);
  g_assert_true (hub_wait_event (hub, i, "view", "camera", "cam-backyard", 10, &i));
  hub_xdotool (left);
  g_assert_true (hub_wait_event (hub, i, "view", "camera", "cam-garage", 10, &i));
  hub_xdotool (focus_keys);
  g_assert_false (hub_wait_event (hub, i + 1, "view", NULL, NULL, 1, NULL));
  hub_xdotool (escape);
  g_assert_true (hub_wait_event (hub, i, "view", "view", "grid", 10, &i));
  /* the grid is built anew: a tap lands on a tile once one is painted */
  g_assert_true (hub_wait_event (hub, i, "frame-painted", "view", "grid", 30, NULL));
  hub_xdotool (tap_garage);
  g_assert_true (hub_wait_event (hub, i, "view", "camera", "cam-garage", 10, &i));
  hub_xdotool (backspace);
  g_assert_true (hub_wait_event (hub, i, "view", "view", "grid", 10, &i));
  hub_stop (hub);
}

/* A cloud that fails for a while: its screen, then the grid again. */
typedef struct
{
  const char *fault;
  const char *screen; /* NULL: the hub recovers without showing one */
} CloudCase;

static void
test_cloud_fault (gconstpointer data)
{
  const CloudCase *cc = data;
  const char *faults[] = { "--fault", cc->fault, NULL };
  Hub *hub = hub_start (faults);
  guint i = 0;

  if (cc->screen != NULL)
    {
      g_autofree char *name = g_strdup_printf ("cloud-%s", cc->screen);
      g_autofree char *png = NULL;

      g_assert_true (hub_wait_event (hub, 0, "view", "view", cc->screen, 90, &i));
      g_usleep (300000);
      png = hub_screenshot (name);
      g_test_message ("%s: screen %s, screenshot %s", cc->fault, cc->screen, png);
    }
  g_assert_true (hub_wait_event (hub, i, "view", "view", "grid", 120, &i));
  g_assert_true (hub_wait_event (hub, i, "frame-painted", "view", "grid", 30, NULL));
  hub_stop (hub);
}

/* No cloud at all (nothing listens): the no-network screen, retrying. */
static void
test_no_network (void)
{
  Hub *hub = hub_start_with (NULL, "http://127.0.0.1:9/");
  g_autofree char *png = NULL;
  guint i = 0;

  g_assert_true (hub_wait_event (hub, 0, "view", "view", "no-network", 60, &i));
  g_usleep (300000);
  png = hub_screenshot ("no-network");
  g_test_message ("no-network screenshot %s", png);
  /* it keeps trying by itself */
  g_assert_true (hub_wait_event (hub, i + 1, "sign-in-failed", NULL, NULL, 60, NULL));
  hub_stop (hub);
}

/* A camera removed from the account never appears, the others play. */
static void
test_camera_removed (void)
{
  const char *faults[] = { "--fault", "cam-garage:cloud-404", NULL };
  Hub *hub = hub_start (faults);
  guint i = 0;

  g_assert_true (hub_wait_event (hub, 0, "view", "view", "grid", 60, &i));
  g_assert_true (hub_wait_event (hub, i, "frame-painted", "camera", "cam-frontdoor", 30, NULL)
                 || hub_wait_event (hub, i, "frame-painted", "view", "grid", 30, NULL));
  hub_read_events (hub);
  for (guint k = 0; k < hub->events->len; k++)
    g_assert_cmpstr (hub_ev_str (g_ptr_array_index (hub->events, k), "camera"), !=, "cam-garage");
  hub_stop (hub);
}

/* Counts the distinct cameras with a frame painted in the grid after @from. */
static guint
grid_cameras_painted (Hub *hub, guint from)
{
  g_autoptr (GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  hub_read_events (hub);
  for (guint k = from; k < hub->events->len; k++)
    {
      JsonNode *ev = g_ptr_array_index (hub->events, k);

      if (g_strcmp0 (hub_ev_str (ev, "event"), "frame-painted") == 0
          && g_strcmp0 (hub_ev_str (ev, "view"), "grid") == 0 && hub_ev_str (ev, "camera") != NULL)
        g_hash_table_add (seen, (gpointer) hub_ev_str (ev, "camera"));
    }
  return g_hash_table_size (seen);
}

/* grid-size 3: nine cameras, each painting verified frames in its tile. */
static void
test_grid_3x3 (void)
{
  const char *sim_args[] = { "--cameras", "9", "--fps", "8", NULL };
  Hub *hub = hub_start_full (sim_args, NULL, "[io/hubview/Hubview]\ngrid-size=uint32 3\n", NULL);
  g_autofree char *png = NULL;
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  guint i = 0, n = 0;

  g_assert_true (hub_wait_event (hub, 0, "view", "view", "grid", 60, &i));
  while ((n = grid_cameras_painted (hub, i)) < 9 && g_get_monotonic_time () < deadline)
    g_usleep (200000);
  g_test_message ("3x3 grid: %u of 9 cameras painted verified frames", n);
  g_assert_cmpuint (n, ==, 9);
  g_usleep (800000);
  png = hub_screenshot ("grid-3x3");
  g_test_message ("screenshot %s", png);
  hub_stop (hub);
}

/* An account with no cameras: the no-cameras screen, and the list is polled. */
static void
test_no_cameras (void)
{
  /* the account's one camera was removed from it */
  const char *sim_args[] = { "--cameras", "1", "--fault", "cam-frontdoor:cloud-404", NULL };
  Hub *hub = hub_start (sim_args);
  g_autofree char *png = NULL;
  guint i = 0;

  g_assert_true (hub_wait_event (hub, 0, "signed-in", NULL, NULL, 30, &i));
  g_assert_true (hub_wait_event (hub, i, "view", "view", "no-cameras", 30, &i));
  g_usleep (300000);
  png = hub_screenshot ("no-cameras");
  g_test_message ("no-cameras screenshot %s", png);
  /* "Check again" asks the cloud once more */
  hub_action (hub, "retry", NULL);
  g_assert_true (hub_wait_event (hub, i + 1, "cameras", NULL, NULL, 10, NULL));
  hub_stop (hub);
}

/* The cloud stops accepting the hub's tokens (every call 401, the renewed
 * token too): the signed-out screen, no code shown to an empty room, and
 * "Sign in" starts the device flow again. */
static void
test_signed_out (void)
{
  const char *faults[] = { "--fault", "cloud:cloud-401", NULL };
  Hub *hub = hub_start (faults);
  g_autofree char *png = NULL;
  guint i = 0, codes = 0;

  g_assert_true (hub_wait_event (hub, 0, "signed-in", NULL, NULL, 30, &i));
  g_assert_true (hub_wait_event (hub, i, "signed-out", NULL, NULL, 30, &i));
  g_assert_true (hub_wait_event (hub, i, "view", "view", "signed-out", 10, &i));
  g_usleep (300000);
  png = hub_screenshot ("signed-out");
  g_test_message ("signed-out screenshot %s", png);
  /* it stays there: no new sign-in code until a person asks */
  g_usleep (3 * G_USEC_PER_SEC);
  hub_read_events (hub);
  for (guint k = i; k < hub->events->len; k++)
    if (g_strcmp0 (hub_ev_str (g_ptr_array_index (hub->events, k), "event"), "sign-in-code") == 0)
      codes++;
  g_assert_cmpuint (codes, ==, 0);
  /* the screen's "Sign in" button */
  hub_action (hub, "retry", NULL);
  g_assert_true (hub_wait_event (hub, i, "sign-in-code", NULL, NULL, 10, &i));
  g_assert_true (hub_wait_event (hub, i, "view", "view", "sign-in", 10, &i));
  hub_stop (hub);
}

/* openStream answered 403: the camera is no longer shared, so it leaves the
 * view (and is not retried); the others keep playing. */
static void
test_camera_withdrawn (void)
{
  const char *faults[] = { "--fault", "cam-garage:cloud-403", NULL };
  Hub *hub = hub_start (faults);
  g_autofree char *png = NULL;
  guint i = 0, w = 0, after = 0;

  g_assert_true (hub_wait_event (hub, 0, "view", "view", "grid", 60, &i));
  g_assert_true (hub_wait_event (hub, i, "state", "state", "withdrawn", 30, &w));
  g_assert_cmpstr (hub_ev_str (g_ptr_array_index (hub->events, w), "camera"), ==, "cam-garage");
  g_assert_true (hub_wait_event (hub, w, "frame-painted", "camera", "cam-frontdoor", 30, NULL));
  g_usleep (2 * G_USEC_PER_SEC);
  png = hub_screenshot ("camera-withdrawn");
  g_test_message ("grid without the withdrawn camera: %s", png);
  /* not asked for again, not painted */
  hub_read_events (hub);
  for (guint k = w + 1; k < hub->events->len; k++)
    {
      JsonNode *ev = g_ptr_array_index (hub->events, k);

      if (g_strcmp0 (hub_ev_str (ev, "camera"), "cam-garage") == 0
          && g_strcmp0 (hub_ev_str (ev, "state"), "stopped") != 0)
        after++;
    }
  g_assert_cmpuint (after, ==, 0);
  hub_action (hub, "show-camera", g_variant_new_string ("cam-garage"));
  /* asking for it does nothing: it is not among the cameras any more */
  g_assert_false (hub_wait_event (hub, w, "view", "camera", "cam-garage", 1.5, NULL));
  hub_stop (hub);
}

/* idle-blank-minutes 1: the screen blanks by itself after a minute without a
 * touch, every stream stops, and a tap wakes it to the grid. */
static void
test_idle_blank (void)
{
  const char *sim_args[] = { "--cameras", "2", NULL };
  g_autoptr (GSubprocess) xvfb = hub_own_display ();
  Hub *hub = hub_start_full (sim_args, NULL, "[io/hubview/Hubview]\nidle-blank-minutes=uint32 1\n",
                             NULL);
  const char *tap[] = { "mousemove", "--sync", "640", "400", "click", "1", NULL };
  g_autofree char *png = NULL;
  guint i = 0, b = 0, stopped = 0, painted_after = 0;
  gint64 grid_at, blank_at;

  g_assert_true (hub_wait_event (hub, 0, "view", "view", "grid", 60, &i));
  grid_at = g_get_monotonic_time ();
  g_assert_true (hub_wait_event (hub, i, "frame-painted", "view", "grid", 30, NULL));
  g_assert_true (hub_wait_event (hub, i, "view", "view", "blank", 90, &b));
  blank_at = g_get_monotonic_time ();
  g_test_message ("blanked %.1f s after the grid appeared", (blank_at - grid_at) / 1e6);
  /* a minute since the start (the last activity), checked every 10 s */
  g_assert_cmpint (blank_at - grid_at, >=, 50 * G_USEC_PER_SEC);
  g_usleep (2 * G_USEC_PER_SEC);
  png = hub_screenshot ("idle-blank");
  g_test_message ("blank screenshot %s", png);
  /* the sessions are stopped as the view changes (logged just before it),
   * and nothing is painted after */
  hub_read_events (hub);
  for (guint k = i; k < hub->events->len; k++)
    {
      JsonNode *ev = g_ptr_array_index (hub->events, k);

      if (g_strcmp0 (hub_ev_str (ev, "state"), "stopped") == 0)
        stopped++;
      else if (k > b && g_strcmp0 (hub_ev_str (ev, "event"), "frame-painted") == 0)
        painted_after++;
    }
  g_assert_cmpuint (stopped, ==, 2);
  g_assert_cmpuint (painted_after, ==, 0);
  hub_xdotool (tap);
  g_assert_true (hub_wait_event (hub, b, "view", "view", "grid", 10, &i));
  g_assert_true (hub_wait_event (hub, i, "frame-painted", "view", "grid", 30, NULL));
  hub_stop (hub);
  g_subprocess_force_exit (xvfb);
}

/* ---- the attack surface (SECURITY.md) ---- */

/* Tokens: in a file of mode 0600, and in no log line — not in the journal's
 * text (stderr), not in the event log — even with every debug message on. */
static void
test_security_tokens_not_logged (void)
{
  const char *debug_on[] = { "--env=G_MESSAGES_DEBUG=all", NULL };
  Hub *hub;
  guint i = 0;
  g_autofree char *tokens_path = NULL;
  g_autofree char *tokens = NULL;
  g_autofree char *log = NULL;
  g_autofree char *events = NULL;
  g_autofree char *log_path = NULL;
  g_autoptr (JsonParser) parser = json_parser_new ();
  const char *secrets[2];
  GStatBuf st;

  hub = hub_start_full (NULL, NULL, NULL, debug_on);
  g_assert_true (hub_wait_event (hub, 0, "view", "view", "grid", 60, &i));
  g_assert_true (hub_wait_event (hub, i, "frame-painted", "view", "grid", 30, NULL));
  /* the demo keeps its tokens in the runtime dir (XDG_RUNTIME_DIR = hub->dir) */
  tokens_path = g_build_filename (hub->dir, "hubview-demo-tokens.json", NULL);
  g_assert_cmpint (g_stat (tokens_path, &st), ==, 0);
  g_assert_cmpuint (st.st_mode & 0777, ==, 0600);
  tokens = hub_file_text (tokens_path);
  g_assert_true (json_parser_load_from_data (parser, tokens, -1, NULL));
  secrets[0] = json_object_get_string_member (json_node_get_object (json_parser_get_root (parser)),
                                              "access_token");
  secrets[1] = json_object_get_string_member (json_node_get_object (json_parser_get_root (parser)),
                                              "refresh_token");
  hub_stop_keep_dir (hub, &log_path);
  log = hub_file_text (log_path);
  g_assert_cmpuint (strlen (log), >, 1000); /* debug output was on */
  for (guint k = 0; k < G_N_ELEMENTS (secrets); k++)
    {
      g_assert_nonnull (secrets[k]);
      g_assert_cmpuint (strlen (secrets[k]), >=, 16);
      g_assert_null (strstr (log, secrets[k]));
    }
}

/* Without --demo, the simulator's cameras (signed under the public demo
 * root) are not trusted: locked tiles, not one frame painted. */
static void
test_security_demo_root_not_trusted (void)
{
  g_autofree char *url = NULL;
  g_autoptr (GSubprocess) sim = hub_sim_start_alone (NULL, &url, NULL);
  g_autofree char *roots = g_dir_make_tmp ("hubview-roots-XXXXXX", NULL);
  Hub *hub;
  guint i = 0, painted = 0, locked = 0;
  g_autofree char *png = NULL;
  const char *hub_args[] = { "--trust-roots", roots, NULL };

  /* an empty trust-roots directory of its own */
  hub = hub_start_full (NULL, url, NULL, hub_args);
  g_assert_true (hub_wait_event (hub, 0, "signed-in", NULL, NULL, 30, &i));
  /* each camera is judged as the list arrives, before the grid shows it */
  g_assert_true (hub_wait_event (hub, i, "state", "state", "locked", 30, NULL));
  g_assert_true (hub_wait_event (hub, i, "view", "view", "grid", 30, &i));
  g_usleep (3 * G_USEC_PER_SEC);
  png = hub_screenshot ("untrusted-grid");
  g_test_message ("untrusted cameras: %s", png);
  hub_read_events (hub);
  for (guint k = 0; k < hub->events->len; k++)
    {
      JsonNode *ev = g_ptr_array_index (hub->events, k);

      if (g_strcmp0 (hub_ev_str (ev, "event"), "frame-painted") == 0)
        painted++;
      if (g_strcmp0 (hub_ev_str (ev, "state"), "locked") == 0)
        locked++;
    }
  g_assert_cmpuint (painted, ==, 0);
  g_assert_cmpuint (locked, ==, 4);
  hub_stop (hub);
  g_subprocess_send_signal (sim, SIGTERM);
  g_subprocess_wait (sim, NULL, NULL);
  g_rmdir (roots);
}

/* /etc/hubview/hubview.conf (here through HUBVIEW_CONFIG): its cloud-url
 * and trust-roots-dir are used when no option says otherwise — the cameras
 * of that cloud play, verified under the roots of that directory. */
static void
test_config_file (void)
{
  g_autofree char *url = NULL;
  g_autoptr (GSubprocess) sim = hub_sim_start_alone (NULL, &url, NULL);
  g_autofree char *dir = g_dir_make_tmp ("hubview-config-XXXXXX", NULL);
  g_autofree char *roots = g_build_filename (dir, "trust-roots.d", NULL);
  g_autofree char *root_pub = g_build_filename (roots, "demo-root.pub", NULL);
  g_autofree char *conf = g_build_filename (dir, "hubview.conf", NULL);
  g_autofree char *conf_text = NULL;
  g_autofree char *env = NULL;
  g_autoptr (JsonNode) keys = hub_test_load_json ("keys.json");
  const char *root_b64 = json_object_get_string_member (
      json_object_get_object_member (json_node_get_object (keys), "root"), "public_b64");
  const char *hub_args[3] = { NULL, "--env=GSETTINGS_BACKEND=memory", NULL };
  Hub *hub;
  guint i = 0;

  g_assert_cmpint (g_mkdir (roots, 0755), ==, 0);
  g_assert_true (g_file_set_contents (root_pub, root_b64, -1, NULL));
  conf_text = g_strdup_printf ("[hubview]\ncloud-url=%s\ntrust-roots-dir=%s\n", url, roots);
  g_assert_true (g_file_set_contents (conf, conf_text, -1, NULL));
  env = g_strdup_printf ("--env=HUBVIEW_CONFIG=%s", conf);
  hub_args[0] = env;
  /* no --cloud, no --demo, no --trust-roots: only the file names the cloud */
  hub = hub_start_full (NULL, "", NULL, hub_args);
  g_assert_true (hub_wait_event (hub, 0, "signed-in", NULL, NULL, 30, &i));
  g_assert_true (hub_wait_event (hub, i, "view", "view", "grid", 30, &i));
  g_assert_true (hub_wait_event (hub, i, "frame-painted", "view", "grid", 30, NULL));
  hub_stop (hub);
  g_subprocess_send_signal (sim, SIGTERM);
  g_subprocess_wait (sim, NULL, NULL);
  g_unlink (root_pub);
  g_unlink (conf);
  g_rmdir (roots);
  g_rmdir (dir);
}

/* ---- voice ---- */

static void
run_tool (const char *const *argv)
{
  g_autoptr (GError) error = NULL;
  int status = 0;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL
                                                 | G_SPAWN_STDERR_TO_DEV_NULL,
                NULL, NULL, NULL, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
}

/* Speech for the recogniser: each sentence by espeak-ng, 16 kHz mono, with
 * a second of silence around it, in one file as a microphone would hear it. */
static char *
speak (const char *dir, const char *const *sentences)
{
  g_autoptr (GPtrArray) sox = g_ptr_array_new_with_free_func (g_free);
  char *out = g_build_filename (dir, "speech.wav", NULL);
  g_autofree char *silence = g_build_filename (dir, "silence.wav", NULL);
  const char *make_silence[] = { "sox", "-R", "-n", "-r", "16000", "-c", "1", "-b", "16",
                                 silence, "trim", "0", "1.0", NULL };

  run_tool (make_silence);
  g_ptr_array_add (sox, g_strdup ("sox"));
  g_ptr_array_add (sox, g_strdup ("-R"));
  for (guint i = 0; sentences[i] != NULL; i++)
    {
      g_autofree char *raw = g_strdup_printf ("%s/raw-%u.wav", dir, i);
      char *pcm = g_strdup_printf ("%s/pcm-%u.wav", dir, i);
      const char *espeak[] = { "espeak-ng", "-v", "en-us", "-s", "160", "-w", raw, sentences[i],
                               NULL };
      const char *convert[] = { "sox", "-R", raw, "-r", "16000", "-c", "1", "-b", "16", pcm,
                                NULL };

      run_tool (espeak);
      run_tool (convert);
      g_ptr_array_add (sox, g_strdup (silence));
      g_ptr_array_add (sox, pcm);
    }
  g_ptr_array_add (sox, g_strdup (silence));
  g_ptr_array_add (sox, g_strdup (out));
  g_ptr_array_add (sox, NULL);
  run_tool ((const char *const *) sox->pdata);
  return out;
}

/* "okay hub view, show the garage", heard by the hub's own recogniser
 * (from a file instead of the microphone): the demo switches to the
 * garage camera, and the screen shows the garage's pictures. */
static void
test_voice_show_the_garage (void)
{
  g_autofree char *dir = g_dir_make_tmp ("hubview-voice-XXXXXX", NULL);
  /* a sentence first: a fresh recogniser hears its first words worse */
  const char *sentences[] = { "what a lovely day it is today", "okay hub view show the garage",
                              NULL };
  g_autofree char *wav = speak (dir, sentences);
  const char *hub_args[] = { "--voice-input", wav, NULL };
  Hub *hub = hub_start_full (NULL, NULL, NULL, hub_args);
  g_autofree char *png = NULL;
  guint i = 0, v = 0, index = 99, counter = 0;

  g_assert_true (hub_wait_event (hub, 0, "view", "view", "grid", 60, &i));
  g_assert_true (hub_wait_event (hub, i, "voice-command", NULL, NULL, 30, &v));
  g_assert_cmpstr (hub_ev_str (g_ptr_array_index (hub->events, v), "message"), ==,
                   "show-camera cam-garage");
  g_assert_true (hub_wait_event (hub, v, "view", "camera", "cam-garage", 5, &i));
  g_assert_true (hub_wait_event (hub, i, "frame-painted", "camera", "cam-garage", 20, NULL));
  g_usleep (300000); /* the toast is still up: "Showing Garage" */
  png = hub_screenshot ("voice-show-the-garage");
  g_test_message ("voice: show the garage: %s", png);
  g_assert_true (hub_screenshot_marker (png, &index, &counter));
  g_assert_cmpuint (index, ==, 1);
  hub_stop (hub);
}

/* No microphone (none here): voice is off with a reason in the journal and
 * the event log, and everything else works. */
static void
test_voice_no_microphone (void)
{
  const char *no_mic[] = { "--env=HUB_VOICE_MIC=alsasrc device=hw:99", NULL };
  Hub *hub = hub_start_full (NULL, NULL, NULL, no_mic);
  guint i = 0;

  g_assert_true (hub_wait_event (hub, 0, "voice-unavailable", NULL, NULL, 30, &i));
  g_test_message ("voice off: %s", hub_ev_str (g_ptr_array_index (hub->events, i), "message"));
  g_assert_nonnull (hub_ev_str (g_ptr_array_index (hub->events, i), "message"));
  g_assert_true (hub_wait_event (hub, 0, "view", "view", "grid", 60, &i));
  g_assert_true (hub_wait_event (hub, i, "frame-painted", "view", "grid", 30, NULL));
  hub_stop (hub);
}

/* The kiosk (full screen, not --windowed) offers no way out by keyboard: the
 * usual shortcuts for closing, quitting, terminals, the GTK inspector and
 * virtual terminals change nothing and the hub keeps running. */
static void
test_security_no_keyboard_escape (void)
{
  const char *hub_args[] = { "--kiosk", NULL };
  Hub *hub = hub_start_full (NULL, NULL, NULL, hub_args);
  guint i = 0;
  const char *pointer[] = { "mousemove", "--sync", "40", "40", NULL };
  const char *keys[] = { "key", "--delay", "50", "alt+F4", "ctrl+q", "ctrl+w", "ctrl+alt+t",
                         "ctrl+shift+i", "ctrl+shift+d", "ctrl+alt+BackSpace", "ctrl+alt+F2",
                         "super", "F1", "F10", "F11", "alt+Tab", "ctrl+c", "ctrl+z", "Menu",
                         "shift+F10", NULL };
  const char *count_windows[] = { "search", "--onlyvisible", "--name", ".*", NULL };
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  g_assert_true (hub_wait_event (hub, 0, "view", "view", "grid", 60, &i));
  g_assert_true (hub_wait_event (hub, i, "frame-painted", "view", "grid", 30, NULL));
  before = hub_xdotool_output (count_windows);
  hub_xdotool (pointer); /* no window manager: the keyboard follows the pointer */
  hub_xdotool (keys);
  g_usleep (1500000);
  after = hub_xdotool_output (count_windows);
  /* still running, still the grid, no window more (no inspector, no terminal) */
  g_assert_nonnull (g_subprocess_get_identifier (hub->process));
  g_assert_false (hub_wait_event (hub, i + 1, "view", NULL, NULL, 0.5, NULL));
  g_assert_cmpstr (after, ==, before);
  g_assert_true (hub_wait_event (hub, i, "frame-painted", "view", "grid", 10, NULL));
  hub_stop (hub);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  if (g_getenv ("DISPLAY") == NULL)
    {
      g_printerr ("test-hub-app needs an X display (run under xvfb-run)\n");
      return 1;
    }
  /* A minute of waiting, on an Xvfb of its own: a meson test of its own
   * (HUB_APP_GROUP=idle) that runs beside the others. */
  if (g_strcmp0 (g_getenv ("HUB_APP_GROUP"), "idle") == 0)
    g_test_add_func ("/hub/app-idle/blank", test_idle_blank);
  else
    {
      g_test_add_func ("/hub/app/demo-screens", test_demo_screens);
      g_test_add_func ("/hub/app/switch-no-wrong-frames", test_switch_no_wrong_frames);
      {
        static const CloudCase cases[] = {
          { "cloud:cloud-503=1:12", "cloud-down" },
          { "cloud:cloud-500=12", "cloud-down" },
          /* malformed replies are not retried by the client (not transient): each
           * of the hub's own backed-off retries meets one */
          { "cloud:cloud-malformed=3", "cloud-down" },
          { "cloud:cloud-429=1:12", "cloud-down" },
          { "cloud:cloud-401=1", NULL },
        };

        for (guint k = 0; k < G_N_ELEMENTS (cases); k++)
          {
            g_autofree char *path = g_strdup_printf ("/hub/app/cloud-fault/%s",
                                                     strchr (cases[k].fault, ':') + 1);
            g_test_add_data_func (path, &cases[k], test_cloud_fault);
          }
      }
      g_test_add_func ("/hub/app/camera-removed", test_camera_removed);
      g_test_add_func ("/hub/app/touch", test_touch);
      g_test_add_func ("/hub/app/keyboard", test_keyboard);
      g_test_add_func ("/hub/app/no-network", test_no_network);
      g_test_add_func ("/hub/app/grid-3x3", test_grid_3x3);
      g_test_add_func ("/hub/app/no-cameras", test_no_cameras);
      g_test_add_func ("/hub/app/signed-out", test_signed_out);
      g_test_add_func ("/hub/app/camera-withdrawn", test_camera_withdrawn);
      g_test_add_func ("/hub/app/config-file", test_config_file);
      g_test_add_func ("/hub/app/voice/show-the-garage", test_voice_show_the_garage);
      g_test_add_func ("/hub/app/voice/no-microphone", test_voice_no_microphone);
      g_test_add_func ("/hub/app/security/tokens-not-logged", test_security_tokens_not_logged);
      g_test_add_func ("/hub/app/security/demo-root-not-trusted",
                       test_security_demo_root_not_trusted);
      g_test_add_func ("/hub/app/security/no-keyboard-escape", test_security_no_keyboard_escape);
    }
  return g_test_run ();
}
