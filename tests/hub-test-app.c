/* hub-test-app.c — runs the real hubview (and hubview-sim) for the tests
 *
 * Copyright 2026 hubview developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "hub-test-app.h"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <sys/prctl.h>
#include <unistd.h>

void
hub_read_events (Hub *hub)
{
  g_autofree char *contents = NULL;
  gsize len = 0;

  if (!g_file_get_contents (hub->log_path, &contents, &len, NULL))
    return;
  while (hub->log_offset < len)
    {
      char *start = contents + hub->log_offset;
      char *nl = memchr (start, '\n', len - hub->log_offset);
      g_autoptr (JsonParser) parser = json_parser_new ();

      if (nl == NULL)
        break; /* a line still being written */
      *nl = '\0';
      hub->log_offset += (nl - start) + 1;
      if (json_parser_load_from_data (parser, start, -1, NULL))
        g_ptr_array_add (hub->events, json_node_copy (json_parser_get_root (parser)));
    }
}

const char *
hub_ev_str (JsonNode *ev, const char *member)
{
  JsonObject *o = json_node_get_object (ev);
  JsonNode *n = json_object_get_member (o, member);

  return n && JSON_NODE_HOLDS_VALUE (n) ? json_node_get_string (n) : NULL;
}

/* Waits until an event matching (event, key=value) arrives after @from. */
gboolean
hub_wait_event (Hub *hub, guint from, const char *event, const char *key, const char *value,
                double seconds, guint *index)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) (seconds * G_USEC_PER_SEC);

  while (g_get_monotonic_time () < deadline)
    {
      hub_read_events (hub);
      for (guint i = from; i < hub->events->len; i++)
        {
          JsonNode *ev = g_ptr_array_index (hub->events, i);

          if (g_strcmp0 (hub_ev_str (ev, "event"), event) == 0
              && (key == NULL || g_strcmp0 (hub_ev_str (ev, key), value) == 0))
            {
              if (index)
                *index = i;
              return TRUE;
            }
        }
      g_main_context_iteration (NULL, FALSE);
      g_usleep (20000);
    }
  return FALSE;
}

/* The hub (and its simulator) must not outlive a failed test. */
void
hub_die_with_parent (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

Hub *
hub_start (const char *const *extra_sim_faults)
{
  return hub_start_full (extra_sim_faults, NULL, NULL, NULL);
}

Hub *
hub_start_with (const char *const *extra_sim_faults, const char *cloud)
{
  return hub_start_full (extra_sim_faults, cloud, NULL, NULL);
}

/* @cloud: NULL for --demo (the bundled simulator), else --cloud URL.
 * @settings: NULL for the schema's defaults (the memory backend), else the
 * text of a GSettings keyfile ([io/hubview/Hubview] key=GVariant text) the
 * hub reads through the keyfile backend. @hub_args: more options for hubview;
 * "--windowed" is added unless they hold "--kiosk", and "--env=NAME=VALUE"
 * sets the environment of hubview (both for this harness, not hubview). */
Hub *
hub_start_full (const char *const *extra_sim_faults, const char *cloud, const char *settings,
                const char *const *hub_args)
{
  gboolean kiosk = FALSE;

  Hub *hub = g_new0 (Hub, 1);
  g_autoptr (GError) error = NULL;
  g_autofree char *hubview = hub_test_build_path ("ui/hubview");
  g_autoptr (GSubprocessLauncher) launcher = NULL;
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *faults = NULL;

  hub->dir = g_dir_make_tmp ("hubview-app-XXXXXX", &error);
  g_assert_no_error (error);
  hub->log_path = g_build_filename (hub->dir, "events.jsonl", NULL);
  hub->events = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  hub->bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_assert_no_error (error);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDERR_MERGE);
  g_subprocess_launcher_set_child_setup (launcher, hub_die_with_parent, NULL, NULL);
  {
    g_autofree char *out = g_build_filename (hub->dir, "hubview.log", NULL);

    g_subprocess_launcher_set_stdout_file_path (launcher, out);
  }
  g_subprocess_launcher_setenv (launcher, "XDG_RUNTIME_DIR", hub->dir, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_STATE_HOME", hub->dir, TRUE);
  g_subprocess_launcher_setenv (launcher, "GDK_BACKEND", "x11", TRUE);
  /* a camera pipeline still alive at quit exits with status 3 */
  g_subprocess_launcher_setenv (launcher, "HUBVIEW_DEBUG", "leaks", TRUE);
  if (settings != NULL)
    {
      g_autofree char *settings_dir = g_build_filename (hub->dir, "glib-2.0", "settings", NULL);
      g_autofree char *keyfile = g_build_filename (settings_dir, "keyfile", NULL);

      g_assert_cmpint (g_mkdir_with_parents (settings_dir, 0700), ==, 0);
      g_assert_true (g_file_set_contents (keyfile, settings, -1, NULL));
      g_subprocess_launcher_setenv (launcher, "GSETTINGS_BACKEND", "keyfile", TRUE);
      g_subprocess_launcher_setenv (launcher, "XDG_CONFIG_HOME", hub->dir, TRUE);
    }
  if (extra_sim_faults != NULL)
    {
      faults = g_strjoinv (" ", (char **) extra_sim_faults);
      g_subprocess_launcher_setenv (launcher, "HUBVIEW_SIM_ARGS", faults, TRUE);
    }
  g_ptr_array_add (argv, hubview);
  if (cloud != NULL && *cloud == '\0')
    ; /* neither: the hub's configuration names the cloud */
  else if (cloud != NULL)
    {
      g_ptr_array_add (argv, (gpointer) "--cloud");
      g_ptr_array_add (argv, (gpointer) cloud);
    }
  else
    g_ptr_array_add (argv, (gpointer) "--demo");
  for (guint k = 0; hub_args != NULL && hub_args[k] != NULL; k++)
    {
      if (g_str_equal (hub_args[k], "--kiosk"))
        kiosk = TRUE;
      else if (g_str_has_prefix (hub_args[k], "--env="))
        {
          g_auto (GStrv) kv = g_strsplit (hub_args[k] + strlen ("--env="), "=", 2);

          g_subprocess_launcher_setenv (launcher, kv[0], kv[1], TRUE);
        }
      else
        g_ptr_array_add (argv, (gpointer) hub_args[k]);
    }
  if (!kiosk)
    g_ptr_array_add (argv, (gpointer) "--windowed");
  g_ptr_array_add (argv, (gpointer) "--event-log");
  g_ptr_array_add (argv, hub->log_path);
  g_ptr_array_add (argv, NULL);
  hub->process = g_subprocess_launcher_spawnv (launcher, (const char *const *) argv->pdata,
                                               &error);
  g_assert_no_error (error);
  return hub;
}

void
hub_action (Hub *hub, const char *action, GVariant *param)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GVariant) reply = NULL;
  GVariantBuilder params;

  g_variant_builder_init (&params, G_VARIANT_TYPE ("av"));
  if (param != NULL)
    g_variant_builder_add (&params, "v", param);
  reply = g_dbus_connection_call_sync (
      hub->bus, HUB_TEST_APP_ID, HUB_TEST_APP_PATH, "org.freedesktop.Application", "ActivateAction",
      g_variant_new ("(sava{sv})", action, &params, NULL), NULL, G_DBUS_CALL_FLAGS_NONE, 5000,
      NULL, &error);
  g_assert_no_error (error);
}

void
hub_stop (Hub *hub)
{
  hub_stop_keep_dir (hub, NULL);
}

/* @log_path: if not NULL, the path of hubview's stdout and stderr, kept */
void
hub_stop_keep_dir (Hub *hub, char **log_path)
{
  g_autoptr (GError) error = NULL;

  /* a clean quit: the app closes its streams and stops the simulator */
  g_subprocess_send_signal (hub->process, SIGTERM);
  g_subprocess_wait (hub->process, NULL, &error);
  g_assert_no_error (error);
  /* quit, not killed: exit status 0 after closing its streams */
  g_assert_true (g_subprocess_get_if_exited (hub->process));
  g_assert_cmpint (g_subprocess_get_exit_status (hub->process), ==, 0);
  g_clear_object (&hub->process);
  g_clear_object (&hub->bus);
  g_ptr_array_unref (hub->events);
  if (log_path != NULL)
    *log_path = g_build_filename (hub->dir, "hubview.log", NULL);
  g_free (hub->log_path);
  g_free (hub->dir);
  g_free (hub);
}

/* ---- screenshots ---- */

char *
hub_screenshot (const char *name)
{
  g_autofree char *dir = hub_test_build_path ("tests/screenshots");
  char *path;
  g_autoptr (GError) error = NULL;
  int status = 0;
  const char *argv[] = { "import", "-window", "root", NULL, NULL };

  g_mkdir_with_parents (dir, 0755);
  path = g_strdup_printf ("%s/%s.png", dir, name);
  argv[3] = path;
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, &status,
                &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return path;
}

/* Finds the marker strip anywhere in the top half of a screenshot. */
gboolean
hub_screenshot_marker_session (const char *path, guint *index, guint *counter, gint *session)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GdkPixbuf) rgb = gdk_pixbuf_new_from_file (path, &error);
  g_autoptr (GdkPixbuf) pb = NULL;
  int w, h, stride;
  const guint8 *px;

  g_assert_no_error (error);
  pb = gdk_pixbuf_add_alpha (rgb, FALSE, 0, 0, 0);
  w = gdk_pixbuf_get_width (pb);
  h = gdk_pixbuf_get_height (pb);
  stride = gdk_pixbuf_get_rowstride (pb);
  px = gdk_pixbuf_read_pixels (pb);
  /* the camera view letterboxes a 16:9 picture to the full window width */
  for (int y = 0; y < h / 2; y += 2)
    {
      guint strip_h = (guint) (w * 9 / 16) / 12;

      if (y + 12 * strip_h > (guint) h)
        break;
      if (hub_test_read_marker_session (px + (gsize) y * stride, w, 12 * strip_h, stride, index,
                                        counter, session))
        return TRUE;
    }
  return FALSE;
}

/* mean of a 9×9 patch around (x, y) */
static void
patch_mean (const guint8 *px, int stride, int n_channels, int x, int y, double rgb[3])
{
  rgb[0] = rgb[1] = rgb[2] = 0;
  for (int dy = -4; dy <= 4; dy++)
    for (int dx = -4; dx <= 4; dx++)
      for (int c = 0; c < 3; c++)
        rgb[c] += px[(gsize) (y + dy) * stride + (gsize) (x + dx) * n_channels + c] / 81.0;
}

HubPictureKind
hub_screenshot_smpte_picture (const char *path)
{
  /* white, yellow, cyan, green, magenta, red, blue: which channels are on */
  static const guint8 bars[7][3] = { { 1, 1, 1 }, { 1, 1, 0 }, { 0, 1, 1 }, { 0, 1, 0 },
                                     { 1, 0, 1 }, { 1, 0, 0 }, { 0, 0, 1 } };
  g_autoptr (GError) error = NULL;
  g_autoptr (GdkPixbuf) pb = gdk_pixbuf_new_from_file (path, &error);
  int w, h, stride, n_channels, top, y;
  const guint8 *px;
  guint lit = 0;
  gboolean all_bars = TRUE;

  g_assert_no_error (error);
  w = gdk_pixbuf_get_width (pb);
  h = gdk_pixbuf_get_height (pb);
  stride = gdk_pixbuf_get_rowstride (pb);
  n_channels = gdk_pixbuf_get_n_channels (pb);
  px = gdk_pixbuf_read_pixels (pb);
  /* the camera view letterboxes a 16:9 picture to the full window width */
  top = MAX (0, (h - w * 9 / 16) / 2);
  y = top + (w * 9 / 16) * 7 / 20;
  for (int i = 0; i < 7; i++)
    {
      double rgb[3];
      int x = (2 * i + 1) * w / 14;

      double top_level;

      patch_mean (px, stride, n_channels, x, y, rgb);
      /* relative to the brightest channel: the "delayed" overlay dims the
       * picture under it */
      top_level = MAX (rgb[0], MAX (rgb[1], rgb[2]));
      for (int c = 0; c < 3; c++)
        {
          gboolean on = rgb[c] > 0.75 * top_level, off = rgb[c] < 0.3 * top_level;

          lit += rgb[c] > 48;
          if (top_level < 60 || !(bars[i][c] ? on : off))
            all_bars = FALSE;
        }
    }
  if (all_bars)
    return HUB_PICTURE_BARS;
  return lit == 0 ? HUB_PICTURE_NONE : HUB_PICTURE_OTHER;
}

gboolean
hub_screenshot_marker (const char *path, guint *index, guint *counter)
{
  return hub_screenshot_marker_session (path, index, counter, NULL);
}

void
hub_xdotool (const char *const *args)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_autoptr (GError) error = NULL;
  int status = 0;

  g_ptr_array_add (argv, (gpointer) "xdotool");
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL,
                &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
}

char *
hub_xdotool_output (const char *const *args)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_autoptr (GError) error = NULL;
  char *out = NULL;
  int status = 0;

  g_ptr_array_add (argv, (gpointer) "xdotool");
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, NULL,
                &status, &error);
  g_assert_no_error (error);
  return out;
}

/* Starts an Xvfb of this test's own (so that a minute of waiting can run
 * beside other tests without their windows under its pointer) and points
 * DISPLAY at it. */
GSubprocess *
hub_own_display (void)
{
  g_autoptr (GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_autoptr (GError) error = NULL;
  GSubprocess *xvfb;
  int fds[2];
  char buf[32] = { 0 };
  gssize n = 0, got;
  g_autofree char *display = NULL;

  g_assert_cmpint (pipe (fds), ==, 0);
  g_subprocess_launcher_take_fd (launcher, fds[1], 3);
  g_subprocess_launcher_set_child_setup (launcher, hub_die_with_parent, NULL, NULL);
  xvfb = g_subprocess_launcher_spawn (launcher, &error, "Xvfb", "-displayfd", "3", "-screen", "0",
                                      "1280x800x24", "-nolisten", "tcp", NULL);
  g_assert_no_error (error);
  /* Xvfb writes the display number once it accepts connections */
  while (n < (gssize) sizeof buf - 1 && (got = read (fds[0], buf + n, sizeof buf - 1 - n)) > 0)
    {
      n += got;
      if (memchr (buf, '\n', n) != NULL)
        break;
    }
  close (fds[0]);
  g_assert_cmpint (n, >, 0);
  display = g_strdup_printf (":%u", (guint) g_ascii_strtoull (buf, NULL, 10));
  g_setenv ("DISPLAY", display, TRUE);
  return xvfb;
}

/* Starts hubview-sim by itself and returns its cloud's URL. */
GSubprocess *
hub_sim_start_alone (const char *const *args, char **cloud_url, GDataInputStream **log)
{
  g_autofree char *sim = hub_test_build_path ("sim/hubview-sim");
  g_autoptr (GSubprocessLauncher) launcher = g_subprocess_launcher_new (
      G_SUBPROCESS_FLAGS_STDOUT_PIPE
      | (log != NULL ? G_SUBPROCESS_FLAGS_STDERR_PIPE : G_SUBPROCESS_FLAGS_STDERR_SILENCE));
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (GDataInputStream) out = NULL;
  GSubprocess *process;

  g_ptr_array_add (argv, sim);
  g_ptr_array_add (argv, (gpointer) "--listen");
  g_ptr_array_add (argv, (gpointer) "127.0.0.1:0");
  g_ptr_array_add (argv, (gpointer) "--rtsp-port");
  g_ptr_array_add (argv, (gpointer) "0");
  g_ptr_array_add (argv, (gpointer) "--approve-after");
  g_ptr_array_add (argv, (gpointer) "1");
  for (guint i = 0; args != NULL && args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  g_subprocess_launcher_set_child_setup (launcher, hub_die_with_parent, NULL, NULL);
  process = g_subprocess_launcher_spawnv (launcher, (const char *const *) argv->pdata, &error);
  g_assert_no_error (error);
  if (log != NULL)
    *log = g_data_input_stream_new (g_subprocess_get_stderr_pipe (process));
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));
  for (;;)
    {
      g_autofree char *line = g_data_input_stream_read_line (out, NULL, NULL, &error);
      g_autoptr (JsonParser) parser = json_parser_new ();
      JsonObject *o;

      g_assert_no_error (error);
      g_assert_nonnull (line);
      if (!json_parser_load_from_data (parser, line, -1, NULL)
          || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
        continue;
      o = json_node_get_object (json_parser_get_root (parser));
      if (json_object_has_member (o, "ready") && json_object_has_member (o, "cloud"))
        {
          *cloud_url = g_strdup (json_object_get_string_member (o, "cloud"));
          return process;
        }
    }
}

char *
hub_file_text (const char *path)
{
  char *text = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  return text;
}
