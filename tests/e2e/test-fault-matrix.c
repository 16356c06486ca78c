/* test-fault-matrix.c — the real hubview (windowed, under Xvfb, driven through
 * its D-Bus actions) against hubview-sim with one fault, or one combination,
 * per cell. For each cell it records:
 *
 *  - frames painted from the wrong camera or session: from the event log and,
 *    independently, from the marker strip read back from screenshots (must
 *    be 0 both ways). By the screen, a frame is of the wrong camera when the
 *    strip's camera index is not the watched camera's, and of the wrong
 *    session when its session bits are those of no session the hub opened
 *    with that camera (the simulator logs each session whose pictures it
 *    encodes; a camera's own frames of any other session, e.g. those
 *    wrong-session injects, carry other bits);
 *  - the share of the right camera's frames painted (frames painted in the
 *    camera view / the frames the camera sent meanwhile);
 *  - after a stall (the camera killed): the time to the "delayed" or
 *    "reconnecting" overlay, and the time from the camera's return to the
 *    first verified frame painted;
 *  - crashes (must be 0): hubview must still run, and quit with status 0.
 *
 * It prints a table and writes it as JSON to build/tests/fault-matrix.json.
 * HUB_MATRIX=quick (the default suite) runs a short subset of the cells;
 * the slow suite runs them all.
 *
 * Times: the event log counts from hubview's start and the simulator's log
 * lines carry the time of day; both are put on one clock (ms since local
 * midnight) by the smallest gap seen between an event's t_ms and the moment
 * it was read, which is within the polling interval (20 ms). */
#include "hub-test-app.h"

#include <stdio.h>

#define CAMERA "cam-frontdoor" /* the camera every cell watches (marker index 0) */
#define CAMERA_INDEX 0
#define FPS 15.0

typedef enum
{
  EXPECT_FLOW,      /* verified frames keep flowing */
  EXPECT_STALL,     /* the camera stops for a while and returns */
  EXPECT_WITHDRAWN, /* the camera is no longer shared: not shown, others keep playing */
  EXPECT_DELAYED,   /* the stream arrives late: the "delayed" overlay, no stale frame */
} Expect;

typedef struct
{
  const char *name;
  const char *faults; /* hubview-sim options, space-separated */
  Expect expect;
  double seconds;     /* how long the camera view is watched */
  /* of the right camera's frames painted (EXPECT_FLOW): a floor well under
   * what was measured, for noisy shared machines. Packet loss costs more
   * than its rate: a frame is ~10 RTP packets, and after a lost frame the
   * gate waits for the next key frame (signed-frames §5, gap). */
  double min_share;
  gboolean quick;     /* also in the default suite */
  const char *settings; /* GSettings keyfile for the hub, or NULL */
} Cell;

typedef struct
{
  const Cell *cell;
  guint painted;
  guint wrong_events;
  guint screenshots_read;
  guint wrong_screens;
  guint wrong_session_screens;
  guint differing_screens; /* something painted that is not the camera's picture */
  guint bars_screens;      /* the camera's picture (its SMPTE bars) on screen */
  double share;
  double first_frame_ms;     /* show-camera → first frame painted */
  double stall_overlay_ms;   /* camera stopped → delayed/reconnecting overlay */
  double return_frame_ms;    /* camera back → first verified frame painted */
  gboolean withdrawn;
  gboolean delayed_shown;
  guint late_painted;        /* EXPECT_DELAYED: frames painted 1 s after the first one or later */
  guint late_not_delayed;    /* of which while the camera's state was not "delayed" */
  guint kills_seen;
  guint crashes;
} Result;

static const Cell cells[] = {
  { "loss-1", "--fault " CAMERA ":drop=0.01", EXPECT_FLOW, 12, 0.4, FALSE },
  { "loss-5", "--fault " CAMERA ":drop=0.05", EXPECT_FLOW, 12, 0.15, TRUE },
  { "loss-20", "--fault " CAMERA ":drop=0.20", EXPECT_FLOW, 12, 0.01, FALSE },
  /* packets delayed 100 to 500 ms each (so also reordered): only a jitter
   * buffer longer than the jitter can put frames back together, so this
   * cell runs with the setting a person would choose for such a network */
  { "jitter-500", "--fault " CAMERA ":delay=100:400", EXPECT_FLOW, 12, 0.3, FALSE,
    "[io/hubview/Hubview]\njitter-latency-ms=uint32 600\n" },
  { "duplicate", "--fault " CAMERA ":duplicate=0.1", EXPECT_FLOW, 12, 0.6, FALSE },
  { "reorder", "--fault " CAMERA ":reorder=0.1", EXPECT_FLOW, 12, 0.3, FALSE },
  { "camera-killed", "--fault " CAMERA ":kill=12:4", EXPECT_STALL, 16, 0, TRUE },
  /* one 401: the token is renewed once and the call repeated (two in a row
   * mean the cloud refuses the renewed token: signed out, see hub-app) */
  { "cloud-401", "--fault cloud:cloud-401=1", EXPECT_FLOW, 10, 0.6, FALSE },
  { "cloud-403", "--fault " CAMERA ":cloud-403", EXPECT_WITHDRAWN, 6, 0, FALSE },
  { "cloud-404", "--fault " CAMERA ":cloud-404", EXPECT_WITHDRAWN, 6, 0, FALSE },
  { "cloud-429", "--fault " CAMERA ":cloud-429=1:3", EXPECT_FLOW, 12, 0.3, FALSE },
  { "cloud-503", "--fault " CAMERA ":cloud-503=1:3", EXPECT_FLOW, 12, 0.3, FALSE },
  { "cloud-500", "--fault cloud:cloud-500=3", EXPECT_FLOW, 12, 0.3, FALSE },
  { "cloud-slow", "--fault cloud:cloud-slow=2500", EXPECT_FLOW, 12, 0.3, FALSE },
  { "cloud-malformed", "--fault " CAMERA ":cloud-malformed=2", EXPECT_FLOW, 12, 0.3, FALSE },
  { "lease-expiry", "--lease-seconds 40 --fault " CAMERA ":extend-fail", EXPECT_FLOW, 30, 0.3,
    FALSE },
  { "cross-feed+loss", "--fault " CAMERA ":cross-feed=0.1 --fault " CAMERA ":drop=0.05",
    EXPECT_FLOW, 12, 0.04, TRUE },
  { "replay+loss", "--fault " CAMERA ":replay=0.2 --fault " CAMERA ":drop=0.05", EXPECT_FLOW, 12,
    0.04, FALSE },
  { "wrong-session+loss", "--fault " CAMERA ":wrong-session=0.2 --fault " CAMERA ":drop=0.05",
    EXPECT_FLOW, 12, 0.04, FALSE },
  { "rogue-key+loss", "--fault " CAMERA ":rogue-key=0.2 --fault " CAMERA ":drop=0.05",
    EXPECT_FLOW, 12, 0.04, FALSE },
  { "strip+loss", "--fault " CAMERA ":strip=0.2 --fault " CAMERA ":drop=0.05", EXPECT_FLOW, 12,
    0.04, FALSE },
  { "tamper+loss", "--fault " CAMERA ":tamper=0.2 --fault " CAMERA ":drop=0.05", EXPECT_FLOW, 12,
    0.04, FALSE },
  /* a hostile relay (hubview-sim.1, FAULTS); the units it touched are dropped */
  { "sei-inject", "--fault " CAMERA ":sei-inject=0.2", EXPECT_FLOW, 12, 0.04, TRUE },
  { "nal-flood", "--fault " CAMERA ":nal-flood=0.5", EXPECT_FLOW, 12, 0.04, FALSE },
  { "param-change+slice-inject",
    "--fault " CAMERA ":param-change --fault " CAMERA ":slice-inject=1", EXPECT_FLOW, 14, 0.3,
    FALSE },
  /* 3 s: a hold longer than the hub's 4 s without data reads as a dead connection */
  { "hold-back", "--fault " CAMERA ":hold-back=3", EXPECT_DELAYED, 12, 0, TRUE },
  /* the camera's key changes mid-session; so does its listed certificate */
  { "key-rotate", "--fault " CAMERA ":key-rotate=8", EXPECT_FLOW, 16, 0.3, FALSE },
};

static GPtrArray *results; /* Result */

/* ---- one clock for the event log and the simulator's log ---- */

typedef struct
{
  Hub *hub;
  guint events_seen;
  double offset_ms;      /* time of day = t_ms + offset_ms */
  gsize sim_offset;      /* how far hubview.log (the simulator's lines) was read */
  GArray *kills;         /* time of day (ms) of each "fault=kill" line */
  GArray *restarts;      /* time of day (ms) of each camera start after a kill */
  GArray *sessions;      /* guint: the marker session bits of each session of CAMERA */
} Watch;

/* The 14 session bits of the marker strip (docs/marker-strip.md): the first
 * 14 bits of the nonce, here from the first 8 hex digits the log shows. */
static gboolean
session_bits_of_hex (const char *hex, guint *bits)
{
  guint8 bytes[2];

  for (guint i = 0; i < 2; i++)
    {
      int hi = g_ascii_xdigit_value (hex[2 * i]), lo = g_ascii_xdigit_value (hex[2 * i + 1]);

      if (hi < 0 || lo < 0)
        return FALSE;
      bytes[i] = (guint8) (hi << 4 | lo);
    }
  *bits = hub_test_marker_session_of_nonce (bytes);
  return TRUE;
}

static gboolean
watch_knows_session (Watch *w, gint session)
{
  for (guint i = 0; i < w->sessions->len; i++)
    if ((gint) g_array_index (w->sessions, guint, i) == session)
      return TRUE;
  return FALSE;
}

static double
now_of_day_ms (void)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();

  return ((g_date_time_get_hour (now) * 60.0 + g_date_time_get_minute (now)) * 60.0
          + g_date_time_get_seconds (now))
         * 1000.0;
}

static void
watch_poll (Watch *w)
{
  double now = now_of_day_ms ();
  g_autofree char *log_path = g_build_filename (w->hub->dir, "hubview.log", NULL);
  g_autofree char *text = NULL;
  gsize len = 0;

  hub_read_events (w->hub);
  for (; w->events_seen < w->hub->events->len; w->events_seen++)
    {
      JsonObject *o = json_node_get_object (g_ptr_array_index (w->hub->events, w->events_seen));
      double t = (double) json_object_get_int_member_with_default (o, "t_ms", 0);

      w->offset_ms = MIN (w->offset_ms, now - t);
    }

  /* the simulator's lines: "hub-sim-camera-Message: HH:MM:SS.mmm: camera=… …" */
  if (!g_file_get_contents (log_path, &text, &len, NULL))
    return;
  while (w->sim_offset < len)
    {
      char *line = text + w->sim_offset;
      char *nl = memchr (line, '\n', len - w->sim_offset);
      const char *stamp;
      guint h, m;
      double s;

      if (nl == NULL)
        break;
      *nl = '\0';
      w->sim_offset += (nl - line) + 1;
      if (!g_str_has_prefix (line, "hub-sim-camera-Message: ")
          || strstr (line, "camera=" CAMERA " ") == NULL)
        continue;
      stamp = line + strlen ("hub-sim-camera-Message: ");
      if (sscanf (stamp, "%u:%u:%lf", &h, &m, &s) != 3)
        continue;
      s = ((h * 60.0 + m) * 60.0 + s) * 1000.0;
      if (strstr (line, " encoder started") != NULL && strstr (line, " session=") != NULL)
        {
          guint bits;

          if (session_bits_of_hex (strstr (line, " session=") + strlen (" session="), &bits))
            g_array_append_val (w->sessions, bits);
        }
      if (strstr (line, "fault=kill down") != NULL)
        g_array_append_val (w->kills, s);
      else if (strstr (line, " started at ") != NULL && w->kills->len > w->restarts->len)
        g_array_append_val (w->restarts, s);
    }
}

static double
event_time (Watch *w, JsonNode *ev)
{
  return (double) json_object_get_int_member_with_default (json_node_get_object (ev), "t_ms", 0)
         + w->offset_ms;
}

/* the first frame painted at or after the camera's return, as an index into
 * the event log, or -1 (not returned yet, or no frame since) */
static gint
frame_after_return (Watch *w, guint from)
{
  double back;

  if (w->restarts->len == 0)
    return -1;
  back = g_array_index (w->restarts, double, 0);
  for (guint k = from; k < w->hub->events->len; k++)
    {
      JsonNode *ev = g_ptr_array_index (w->hub->events, k);

      if (g_strcmp0 (hub_ev_str (ev, "event"), "frame-painted") == 0
          && event_time (w, ev) >= back)
        return (gint) k;
    }
  return -1;
}

/* ---- a cell ---- */

/* The first few screenshots of a picture that is not the camera's are kept
 * beside the others, for a person to look at. */
static void
keep_differing_screenshot (const Cell *cell, const char *png, guint n)
{
  g_autofree char *copy = NULL;
  g_autoptr (GFile) from = g_file_new_for_path (png);
  g_autoptr (GFile) to = NULL;

  if (n > 3)
    return;
  copy = g_strdup_printf ("%.*s-differs-%u.png", (int) (strlen (png) - 4), png, n);
  to = g_file_new_for_path (copy);
  g_file_copy (from, to, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, NULL);
  g_test_message ("%s: a picture that is not the camera's: %s", cell->name, copy);
}

static void
run_cell (gconstpointer data)
{
  const Cell *cell = data;
  Result *r = g_new0 (Result, 1);
  g_auto (GStrv) faults = g_strsplit (cell->faults, " ", -1);
  Watch w = { 0 };
  guint i = 0, shown = 0, k;
  double shown_at, end_at, first_at = -1, last_at = -1;
  gint64 deadline, stall_deadline;
  gint returned;

  r->cell = cell;
  r->first_frame_ms = r->stall_overlay_ms = r->return_frame_ms = -1;
  g_ptr_array_add (results, r);
  w.offset_ms = G_MAXDOUBLE;
  w.kills = g_array_new (FALSE, FALSE, sizeof (double));
  w.restarts = g_array_new (FALSE, FALSE, sizeof (double));
  w.sessions = g_array_new (FALSE, FALSE, sizeof (guint));
  w.hub = hub_start_full ((const char *const *) faults, NULL, cell->settings, NULL);

  g_assert_true (hub_wait_event (w.hub, 0, "view", "view", "grid", 90, &i));
  if (cell->expect == EXPECT_WITHDRAWN)
    {
      /* removed (404: never listed) or refused (403: withdrawn when its
       * stream is asked for); after that, asking for it opens nothing */
      guint from = i, seen = 0;

      if (hub_wait_event (w.hub, 0, "state", "state", "withdrawn", cell->seconds, &from))
        r->withdrawn = TRUE;
      else
        {
          hub_read_events (w.hub);
          for (k = 0; k < w.hub->events->len; k++)
            seen += g_strcmp0 (hub_ev_str (g_ptr_array_index (w.hub->events, k), "camera"),
                               CAMERA)
                    == 0;
          r->withdrawn = seen == 0; /* never listed */
        }
      hub_action (w.hub, "show-camera", g_variant_new_string (CAMERA));
      if (hub_wait_event (w.hub, from, "view", "camera", CAMERA, 1.5, NULL))
        r->withdrawn = FALSE;
      /* the other cameras play on */
      g_assert_true (hub_wait_event (w.hub, from, "frame-painted", "view", "grid", 30, NULL));
    }
  else
    {
      hub_action (w.hub, "show-camera", g_variant_new_string (CAMERA));
      g_assert_true (hub_wait_event (w.hub, i, "view", "camera", CAMERA, 10, &shown));
      watch_poll (&w);
      shown_at = event_time (&w, g_ptr_array_index (w.hub->events, shown));
      deadline = g_get_monotonic_time () + (gint64) (cell->seconds * G_USEC_PER_SEC);
      /* a stall is watched until the camera's first frame after its return
       * (or for as long again as the bound asserted below): how soon the hub
       * started must not decide whether the return is seen */
      stall_deadline = deadline + 20 * G_USEC_PER_SEC;
      /* the screen itself, about twice a second, read for the marker strip */
      while (g_get_monotonic_time () < deadline
             || (cell->expect == EXPECT_STALL && frame_after_return (&w, shown) < 0
                 && g_get_monotonic_time () < stall_deadline))
        {
          g_autofree char *name = g_strdup_printf ("matrix-%s", cell->name);
          g_autofree char *png = NULL;
          guint index = 99, counter = 0;
          gint session = -1;

          watch_poll (&w);
          png = hub_screenshot (name);
          switch (hub_screenshot_smpte_picture (png))
            {
            case HUB_PICTURE_BARS:
              r->bars_screens++;
              break;
            case HUB_PICTURE_OTHER:
              r->differing_screens++;
              keep_differing_screenshot (cell, png, r->differing_screens);
              break;
            case HUB_PICTURE_NONE:
            default:
              break;
            }
          if (hub_screenshot_marker_session (png, &index, &counter, &session))
            {
              r->screenshots_read++;
              /* (a session the simulator logged after the screenshot was read) */
              watch_poll (&w);
              if (index != CAMERA_INDEX)
                r->wrong_screens++;
              else if (session >= 0 && !watch_knows_session (&w, session))
                r->wrong_session_screens++;
            }
          for (guint n = 0; n < 25; n++)
            {
              g_main_context_iteration (NULL, FALSE);
              g_usleep (20000);
              watch_poll (&w);
            }
        }
      r->crashes += g_subprocess_get_identifier (w.hub->process) == NULL;
      watch_poll (&w);
      end_at = now_of_day_ms ();

      for (k = shown; k < w.hub->events->len; k++)
        {
          JsonNode *ev = g_ptr_array_index (w.hub->events, k);

          if (g_strcmp0 (hub_ev_str (ev, "event"), "frame-painted") != 0)
            continue;
          if (g_strcmp0 (hub_ev_str (ev, "camera"), CAMERA) != 0
              || g_strcmp0 (hub_ev_str (ev, "view"), "camera") != 0)
            {
              r->wrong_events++;
              continue;
            }
          r->painted++;
          last_at = event_time (&w, ev);
          if (first_at < 0)
            first_at = last_at;
        }
      if (first_at >= 0)
        {
          r->first_frame_ms = first_at - shown_at;
          r->share = r->painted / (MAX (0.5, (end_at - first_at) / 1000.0) * FPS);
        }

      /* a stall: overlay after the camera stopped, first frame after it came back */
      if (w.kills->len > 0)
        {
          double killed = g_array_index (w.kills, double, 0);

          for (k = shown; k < w.hub->events->len && r->stall_overlay_ms < 0; k++)
            {
              JsonNode *ev = g_ptr_array_index (w.hub->events, k);
              const char *state = hub_ev_str (ev, "state");

              if (g_strcmp0 (hub_ev_str (ev, "camera"), CAMERA) == 0
                  && (g_strcmp0 (state, "delayed") == 0 || g_strcmp0 (state, "reconnecting") == 0)
                  && event_time (&w, ev) >= killed)
                r->stall_overlay_ms = event_time (&w, ev) - killed;
            }
        }
      /* held back: after the unit that set the stream up, every frame is
       * older than the jitter latency + 2 s, so painted under "delayed"
       * (signed-frames §6.6): the state in force when each is painted */
      {
        const char *state = NULL;

        for (k = 0; k < w.hub->events->len; k++)
          {
            JsonNode *ev = g_ptr_array_index (w.hub->events, k);
            const char *event = hub_ev_str (ev, "event");

            if (g_strcmp0 (hub_ev_str (ev, "camera"), CAMERA) != 0)
              continue;
            if (g_strcmp0 (event, "state") == 0)
              {
                state = hub_ev_str (ev, "state");
                r->delayed_shown |= k >= shown && g_strcmp0 (state, "delayed") == 0;
              }
            else if (k >= shown && g_strcmp0 (event, "frame-painted") == 0 && first_at >= 0
                     && event_time (&w, ev) >= first_at + 1000)
              {
                r->late_painted++;
                r->late_not_delayed += g_strcmp0 (state, "delayed") != 0;
              }
          }
      }
      returned = frame_after_return (&w, shown);
      if (returned >= 0)
        r->return_frame_ms = event_time (&w, g_ptr_array_index (w.hub->events, returned))
                             - g_array_index (w.restarts, double, 0);
    }

  g_test_message ("%s: painted %u (share %.2f), wrong %u by the log, by %u screenshots %u of "
                  "another camera and %u of another session; the camera's picture on %u, another "
                  "picture on %u; first frame %.0f ms, "
                  "stall->overlay %.0f ms, return->frame %.0f ms%s%s, late %u (not delayed %u)",
                  cell->name, r->painted, r->share, r->wrong_events, r->screenshots_read,
                  r->wrong_screens, r->wrong_session_screens, r->bars_screens,
                  r->differing_screens, r->first_frame_ms,
                  r->stall_overlay_ms, r->return_frame_ms, r->withdrawn ? ", withdrawn" : "",
                  r->delayed_shown ? ", delayed shown" : "", r->late_painted,
                  r->late_not_delayed);
  /* hubview quits cleanly: status 0, every pipeline released */
  hub_stop (w.hub);
  r->kills_seen = w.kills->len;
  g_array_unref (w.kills);
  g_array_unref (w.restarts);
  g_array_unref (w.sessions);

  /* the invariant */
  g_assert_cmpuint (r->wrong_events, ==, 0);
  g_assert_cmpuint (r->wrong_screens, ==, 0);
  g_assert_cmpuint (r->wrong_session_screens, ==, 0);
  g_assert_cmpuint (r->differing_screens, ==, 0);
  g_assert_cmpuint (r->crashes, ==, 0);
  switch (cell->expect)
    {
    case EXPECT_FLOW:
      g_assert_cmpuint (r->screenshots_read, >, 0);
      g_assert_cmpuint (r->bars_screens, >, 0);
      g_assert_cmpfloat (r->share, >=, cell->min_share);
      break;
    case EXPECT_STALL:
      g_assert_cmpuint (r->kills_seen, ==, 1);
      g_assert_cmpfloat (r->stall_overlay_ms, >=, 0);
      g_assert_cmpfloat (r->stall_overlay_ms, <=, 3000);
      g_assert_cmpfloat (r->return_frame_ms, >=, 0);
      g_assert_cmpfloat (r->return_frame_ms, <=, 15000);
      break;
    case EXPECT_WITHDRAWN:
      g_assert_true (r->withdrawn);
      break;
    case EXPECT_DELAYED:
      g_assert_true (r->delayed_shown);
      g_assert_cmpuint (r->late_painted, >, 0); /* shown late, not hidden */
      g_assert_cmpuint (r->late_not_delayed, ==, 0);
      break;
    default:
      g_assert_not_reached ();
    }
}

/* ---- the table ---- */

static void
write_report (void)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  g_autoptr (JsonGenerator) gen = json_generator_new ();
  g_autoptr (JsonNode) root = NULL;
  g_autofree char *path = hub_test_build_path ("tests/fault-matrix.json");
  g_autoptr (GString) table = g_string_new (NULL);
  g_autoptr (GError) error = NULL;

  g_string_append_printf (table, "%-26s %7s %6s %6s %9s %9s %9s %9s %9s %7s\n", "cell",
                          "painted", "share", "wrong", "wrong-scr", "wrong-ses", "1st-ms",
                          "stall-ms", "return-ms", "crashes");
  json_builder_begin_array (b);
  for (guint i = 0; i < results->len; i++)
    {
      Result *r = g_ptr_array_index (results, i);

      g_string_append_printf (table,
                              "%-26s %7u %6.2f %6u %4u/%-4u %4u/%-4u %9.0f %9.0f %9.0f %7u%s\n",
                              r->cell->name, r->painted, r->share, r->wrong_events,
                              r->wrong_screens, r->screenshots_read, r->wrong_session_screens,
                              r->screenshots_read, r->first_frame_ms, r->stall_overlay_ms,
                              r->return_frame_ms, r->crashes,
                              r->withdrawn ? "  (withdrawn)" : "");
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "cell");
      json_builder_add_string_value (b, r->cell->name);
      json_builder_set_member_name (b, "faults");
      json_builder_add_string_value (b, r->cell->faults);
      json_builder_set_member_name (b, "frames_painted");
      json_builder_add_int_value (b, r->painted);
      json_builder_set_member_name (b, "right_share");
      json_builder_add_double_value (b, r->share);
      json_builder_set_member_name (b, "wrong_frames_event_log");
      json_builder_add_int_value (b, r->wrong_events);
      json_builder_set_member_name (b, "wrong_frames_screenshots");
      json_builder_add_int_value (b, r->wrong_screens);
      json_builder_set_member_name (b, "wrong_session_screenshots");
      json_builder_add_int_value (b, r->wrong_session_screens);
      json_builder_set_member_name (b, "differing_picture_screenshots");
      json_builder_add_int_value (b, r->differing_screens);
      json_builder_set_member_name (b, "camera_picture_screenshots");
      json_builder_add_int_value (b, r->bars_screens);
      json_builder_set_member_name (b, "screenshots_read");
      json_builder_add_int_value (b, r->screenshots_read);
      json_builder_set_member_name (b, "first_frame_ms");
      json_builder_add_double_value (b, r->first_frame_ms);
      json_builder_set_member_name (b, "stall_to_overlay_ms");
      json_builder_add_double_value (b, r->stall_overlay_ms);
      json_builder_set_member_name (b, "return_to_first_frame_ms");
      json_builder_add_double_value (b, r->return_frame_ms);
      json_builder_set_member_name (b, "withdrawn");
      json_builder_add_boolean_value (b, r->withdrawn);
      json_builder_set_member_name (b, "crashes");
      json_builder_add_int_value (b, r->crashes);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  json_generator_set_pretty (gen, TRUE);
  g_assert_true (json_generator_to_file (gen, path, &error));
  g_assert_no_error (error);
  g_test_message ("fault matrix (-1: not measured):\n%s\nwritten to %s", table->str, path);
}

static void
test_report (void)
{
  g_assert_cmpuint (results->len, >, 0);
  write_report ();
}

int
main (int argc, char *argv[])
{
  gboolean quick = g_strcmp0 (g_getenv ("HUB_MATRIX"), "quick") == 0;
  int status;

  g_test_init (&argc, &argv, NULL);
  if (g_getenv ("DISPLAY") == NULL)
    {
      g_printerr ("test-fault-matrix needs an X display (run under xvfb-run)\n");
      return 1;
    }
  results = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < G_N_ELEMENTS (cells); i++)
    if (!quick || cells[i].quick)
      {
        g_autofree char *path = g_strdup_printf ("/hub/fault-matrix/%s", cells[i].name);

        g_test_add_data_func (path, &cells[i], run_cell);
      }
  g_test_add_func ("/hub/fault-matrix/report", test_report);
  status = g_test_run ();
  g_ptr_array_unref (results);
  return status;
}
