/* test-camera-pipeline.c — HubCameraPipeline against simulated cameras over
 * real RTSP, with every stream and network fault: frames reaching the sink
 * from the wrong camera or session = 0 (read from the marker strip and the
 * identity), frames from the right camera keep flowing, and the state
 * property tells the truth. */
#include "hub-test-support.h"

#include <gst/app/gstappsink.h>
#include <gst/video/video.h>

#include "hub-camera-pipeline.h"
#include "hub-frame-identity-meta.h"
#include "hub-sim-camera.h"

#define WIDTH 320
#define HEIGHT 240
#define FPS 15

typedef struct
{
  GstRTSPServer *server;
  guint server_source;
  guint port;
  GPtrArray *faults;
  HubSimCamera *cams[2];
  guint8 public_keys[2][32];
} Sim;

typedef struct
{
  GMutex lock;
  guint right;      /* frames of camera 0 in our session */
  guint wrong;      /* frames of another camera, or another session */
  guint unreadable; /* no marker strip */
  guint backwards;  /* marker counter went back: a replayed picture */
  gboolean have_last;
  guint last_marker;
  guint8 nonce[16];
  gint stall_ms; /* the next frame holds the streaming thread this long */
} Tally;

static const char *const ids[] = { "cam-frontdoor", "cam-garage" };

static void
seed_for (const char *id, guint8 seed[32])
{
  g_autofree char *label = g_strconcat ("hubview demo camera ", id, NULL);

  crypto_hash_sha256 (seed, (const guint8 *) label, strlen (label));
}

static Sim *
sim_new (const char *const *fault_specs)
{
  Sim *sim = g_new0 (Sim, 1);
  g_autoptr (GError) error = NULL;

  sim->faults = g_ptr_array_new_with_free_func ((GDestroyNotify) hub_sim_fault_free);
  for (guint i = 0; fault_specs && fault_specs[i]; i++)
    {
      HubSimFault *f = hub_sim_fault_parse (fault_specs[i], &error);

      g_assert_no_error (error);
      g_ptr_array_add (sim->faults, f);
    }
  sim->server = gst_rtsp_server_new ();
  gst_rtsp_server_set_address (sim->server, "127.0.0.1");
  gst_rtsp_server_set_service (sim->server, "0");
  sim->server_source = gst_rtsp_server_attach (sim->server, NULL);
  sim->port = gst_rtsp_server_get_bound_port (sim->server);
  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      guint8 seed[32], sk[64];

      seed_for (ids[i], seed);
      crypto_sign_seed_keypair (sim->public_keys[i], sk, seed);
      sim->cams[i] = hub_sim_camera_new (i, ids[i], ids[i], seed, sim->faults, WIDTH, HEIGHT, FPS);
      g_assert_true (hub_sim_camera_start (sim->cams[i], sim->server, &error));
      g_assert_no_error (error);
    }
  return sim;
}

static void
sim_free (Sim *sim)
{
  for (guint i = 0; i < G_N_ELEMENTS (sim->cams); i++)
    {
      hub_sim_camera_stop (sim->cams[i]);
      g_object_unref (sim->cams[i]);
    }
  g_source_remove (sim->server_source);
  g_object_unref (sim->server);
  g_ptr_array_unref (sim->faults);
  g_free (sim);
}

static GstFlowReturn
on_sample (GstAppSink *sink, gpointer user_data)
{
  Tally *t = user_data;
  g_autoptr (GstSample) sample = gst_app_sink_pull_sample (sink);
  GstBuffer *buf = gst_sample_get_buffer (sample);
  GstVideoInfo info;
  GstVideoFrame frame;
  HubFrameIdentity id;
  guint index = 0, marker = 0;
  gboolean readable = FALSE, ours;

  ours = hub_buffer_get_frame_identity (buf, &id)
         && hub_frame_identity_matches (&id, ids[0], t->nonce);
  if (gst_video_info_from_caps (&info, gst_sample_get_caps (sample))
      && gst_video_frame_map (&frame, &info, buf, GST_MAP_READ))
    {
      readable = hub_test_read_marker (GST_VIDEO_FRAME_PLANE_DATA (&frame, 0),
                                       GST_VIDEO_FRAME_WIDTH (&frame),
                                       GST_VIDEO_FRAME_HEIGHT (&frame),
                                       GST_VIDEO_FRAME_PLANE_STRIDE (&frame, 0), &index, &marker);
      gst_video_frame_unmap (&frame);
    }

  {
    gint stall = g_atomic_int_exchange (&t->stall_ms, 0);

    if (stall > 0)
      g_usleep ((gulong) stall * 1000); /* a stalled pipeline: nothing else arrives */
  }
  g_mutex_lock (&t->lock);
  if (!readable)
    t->unreadable++;
  else if (!ours || index != 0)
    t->wrong++;
  else
    {
      /* marker counters wrap at 1024: a step back of less than half is a replay */
      if (t->have_last && ((t->last_marker - marker) & 1023) != 0
          && ((t->last_marker - marker) & 1023) < 512)
        t->backwards++;
      t->last_marker = marker;
      t->have_last = TRUE;
      t->right++;
    }
  g_mutex_unlock (&t->lock);
  return GST_FLOW_OK;
}

typedef struct
{
  Sim *sim;
  gboolean owns_sim;
  Tally tally;
  HubCameraPipeline *pipeline;
  GArray *states; /* HubCameraState, each change */
  GstElement *sink; /* weak: the sink given to the pipeline */
  GArray *state_times;
  char *token; /* of the stream URL */
} Run;

static void
on_state (HubCameraPipeline *pipeline, GParamSpec *pspec, gpointer user_data)
{
  Run *run = user_data;
  HubCameraState state = hub_camera_pipeline_get_state (pipeline);
  gint64 now = g_get_monotonic_time ();

  g_array_append_val (run->states, state);
  g_array_append_val (run->state_times, now);
  g_test_message ("%.3f s state %s %s", now / 1e6, hub_camera_state_to_string (state),
                  hub_camera_pipeline_get_reason (pipeline) ?: "");
}

static Run *
run_new_on (Sim *sim, const char *const *faults)
{
  Run *run = g_new0 (Run, 1);
  char *token = g_strdup_printf ("tok-%08x", g_random_int ());
  g_autofree char *url = NULL;
  GstElement *sink = gst_element_factory_make ("appsink", NULL);
  g_autoptr (GstCaps) caps = gst_caps_from_string ("video/x-raw, format=BGRx");
  GstAppSinkCallbacks callbacks = { .new_sample = on_sample };

  hub_test_tolerate_rtspsrc_teardown_critical ();
  g_mutex_init (&run->tally.lock);
  run->states = g_array_new (FALSE, FALSE, sizeof (HubCameraState));
  run->state_times = g_array_new (FALSE, FALSE, sizeof (gint64));
  run->owns_sim = sim == NULL;
  run->token = token;
  run->sim = sim ? sim : sim_new (faults);
  randombytes_buf (run->tally.nonce, 16);
  hub_sim_camera_allow_stream (run->sim->cams[0], token, run->tally.nonce,
                               g_get_real_time () + 120 * G_USEC_PER_SEC);
  url = hub_sim_camera_build_url (run->sim->cams[0], "127.0.0.1", run->sim->port, token);

  run->sink = sink;
  g_object_add_weak_pointer (G_OBJECT (sink), (gpointer *) &run->sink);
  g_object_set (sink, "caps", caps, "sync", FALSE, NULL);
  gst_app_sink_set_callbacks (GST_APP_SINK (sink), &callbacks, &run->tally, NULL);
  run->pipeline = hub_camera_pipeline_new (ids[0], run->sim->public_keys[0], run->tally.nonce,
                                           url, sink);
  g_signal_connect (run->pipeline, "notify::state", G_CALLBACK (on_state), run);
  hub_camera_pipeline_start (run->pipeline);
  return run;
}

static Run *
run_new (const char *const *faults)
{
  return run_new_on (NULL, faults);
}

/* Runs the main loop until every pipeline object, sink and source being
 * closed is gone (sources close on a worker once the camera, served by this
 * thread's loop, has answered their TEARDOWN). */
static guint
wait_released (double seconds)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) (seconds * G_USEC_PER_SEC);

  while (hub_camera_pipeline_count_alive () > 0 && g_get_monotonic_time () < deadline)
    {
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (10000);
    }
  return hub_camera_pipeline_count_alive ();
}

static void
run_free (Run *run)
{
  hub_camera_pipeline_stop (run->pipeline);
  g_assert_finalize_object (run->pipeline);
  /* and the sink it was given, however often the pipeline was rebuilt */
  g_assert_null (run->sink);
  if (run->owns_sim)
    {
      /* the last run on these cameras: every source it and the runs before
       * it had is closed (a dead camera's after the TCP timeout) */
      g_assert_cmpuint (wait_released (15), ==, 0);
      sim_free (run->sim);
    }
  g_array_unref (run->states);
  g_array_unref (run->state_times);
  g_mutex_clear (&run->tally.lock);
  g_free (run->token);
  g_free (run);
}

static gboolean
on_timeout (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main loop for @seconds, or until @state is reached when given. */
static gboolean
run_for (Run *run, double seconds, int until_state)
{
  gboolean done = FALSE;
  guint id = g_timeout_add ((guint) (seconds * 1000), on_timeout, &done);

  while (!done)
    {
      g_main_context_iteration (NULL, TRUE);
      if (until_state >= 0 && hub_camera_pipeline_get_state (run->pipeline) == until_state)
        {
          g_source_remove (id);
          return TRUE;
        }
    }
  return until_state < 0;
}

static void
tally_get (Run *run, guint *right, guint *wrong, guint *unreadable, guint *backwards)
{
  g_mutex_lock (&run->tally.lock);
  *right = run->tally.right;
  *wrong = run->tally.wrong;
  *unreadable = run->tally.unreadable;
  *backwards = run->tally.backwards;
  g_mutex_unlock (&run->tally.lock);
}

static guint64
count_of (Run *run, HubVerdict v)
{
  return hub_camera_pipeline_get_counts (run->pipeline)[v];
}

/* No fault: playing quickly, every frame ours, the decoder named. */
static void
test_clean (void)
{
  Run *run = run_new (NULL);
  guint right, wrong, unreadable, backwards;

  g_assert_true (run_for (run, 10, HUB_CAMERA_STATE_PLAYING));
  run_for (run, 3, -1);
  tally_get (run, &right, &wrong, &unreadable, &backwards);
  g_test_message ("clean: right=%u wrong=%u unreadable=%u first frame %" G_GINT64_FORMAT " ms "
                  "decoder %s", right, wrong, unreadable,
                  hub_camera_pipeline_get_first_frame_ms (run->pipeline),
                  hub_camera_pipeline_get_decoder (run->pipeline));
  g_assert_cmpuint (wrong, ==, 0);
  g_assert_cmpuint (unreadable, ==, 0);
  g_assert_cmpuint (backwards, ==, 0);
  g_assert_cmpuint (right, >=, 3 * FPS * 0.8);
  g_assert_cmpint (hub_camera_pipeline_get_state (run->pipeline), ==, HUB_CAMERA_STATE_PLAYING);
  g_assert_cmpint (hub_camera_pipeline_get_first_frame_ms (run->pipeline), >, 0);
  g_assert_nonnull (hub_camera_pipeline_get_decoder (run->pipeline));
  g_assert_cmpuint (count_of (run, HUB_VERDICT_PASS), >, 0);
  run_free (run);
}

typedef struct
{
  const char *fault;
  HubVerdict expect; /* a reason the gate must have counted */
  HubVerdict or_expect;
} FaultCase;

/* A partial fault: wrong frames never shown, right frames keep flowing. */
static void
test_fault (gconstpointer data)
{
  const FaultCase *fc = data;
  const char *faults[] = { fc->fault, NULL };
  Run *run = run_new (faults);
  guint right, wrong, unreadable, backwards, right_before;

  g_assert_true (run_for (run, 10, HUB_CAMERA_STATE_PLAYING));
  run_for (run, 4, -1);
  tally_get (run, &right_before, &wrong, &unreadable, &backwards);
  run_for (run, 3, -1);
  tally_get (run, &right, &wrong, &unreadable, &backwards);
  g_test_message ("%s: right=%u (last 3 s: %u) wrong=%u unreadable=%u backwards=%u "
                  "%s=%" G_GUINT64_FORMAT " %s=%" G_GUINT64_FORMAT,
                  fc->fault, right, right - right_before, wrong, unreadable, backwards,
                  hub_verdict_to_string (fc->expect), count_of (run, fc->expect),
                  hub_verdict_to_string (fc->or_expect), count_of (run, fc->or_expect));
  g_assert_cmpuint (wrong, ==, 0);
  g_assert_cmpuint (backwards, ==, 0);
  g_assert_cmpuint (unreadable, ==, 0);
  g_assert_cmpuint (right - right_before, >, 0); /* still flowing */
  g_assert_cmpuint (count_of (run, fc->expect) + count_of (run, fc->or_expect), >, 0);
  run_free (run);
}

/* Every frame fails: nothing shown, and the state says blocked, and why. */
static void
test_blocked (gconstpointer data)
{
  const FaultCase *fc = data;
  const char *faults[] = { fc->fault, NULL };
  Run *run = run_new (faults);
  guint right, wrong, unreadable, backwards;

  g_assert_true (run_for (run, 10, HUB_CAMERA_STATE_BLOCKED));
  run_for (run, 2, -1);
  tally_get (run, &right, &wrong, &unreadable, &backwards);
  g_assert_cmpuint (right + wrong + unreadable, ==, 0);
  g_assert_cmpint (hub_camera_pipeline_get_state (run->pipeline), ==, HUB_CAMERA_STATE_BLOCKED);
  g_assert_true (g_str_equal (hub_camera_pipeline_get_reason (run->pipeline),
                              hub_verdict_to_string (fc->expect))
                 || g_str_equal (hub_camera_pipeline_get_reason (run->pipeline),
                                 hub_verdict_to_string (fc->or_expect)));
  run_free (run);
}

/* The camera dies and comes back: reconnecting within 1 s; the rebooted
 * camera lost its counter and refuses the old session (spec §5), so the
 * pipeline fails with a reason and a new session plays again. */
static void
test_camera_killed (void)
{
  const char *faults[] = { "cam-frontdoor:kill=4:3", NULL };
  Run *run = run_new (faults);
  guint right = 0, wrong = 0, unreadable = 0, backwards = 0;
  gint64 reconnecting_at = 0, failed_at = 0, killed_at = 0, last_right_change = 0;
  guint last_right = 0;
  Run *second;
  gint64 deadline;

  g_assert_true (run_for (run, 4, HUB_CAMERA_STATE_PLAYING));
  run->owns_sim = FALSE; /* the second session below uses the same cameras */
  deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  while (failed_at == 0 && g_get_monotonic_time () < deadline)
    {
      HubCameraState s;

      g_main_context_iteration (NULL, TRUE);
      tally_get (run, &right, &wrong, &unreadable, &backwards);
      if (right != last_right)
        {
          last_right = right;
          last_right_change = g_get_monotonic_time ();
        }
      if (!hub_sim_camera_is_running (run->sim->cams[0]) && killed_at == 0)
        killed_at = g_get_monotonic_time ();
      s = hub_camera_pipeline_get_state (run->pipeline);
      if (s == HUB_CAMERA_STATE_RECONNECTING && reconnecting_at == 0)
        reconnecting_at = g_get_monotonic_time ();
      if (s == HUB_CAMERA_STATE_FAILED)
        failed_at = g_get_monotonic_time ();
    }
  g_assert_cmpint (killed_at, >, 0);
  g_assert_cmpint (reconnecting_at, >, 0);
  g_assert_cmpint (failed_at, >, 0);
  g_test_message ("kill: reconnecting %.2f s after the camera died (last frame %.2f s before), "
                  "refused %.2f s after, reconnects %u",
                  (reconnecting_at - killed_at) / 1e6, (killed_at - last_right_change) / 1e6,
                  (failed_at - killed_at) / 1e6,
                  hub_camera_pipeline_get_reconnects (run->pipeline));
  g_assert_cmpint (reconnecting_at - killed_at, <=, G_USEC_PER_SEC);
  g_assert_cmpstr (hub_camera_pipeline_get_reason (run->pipeline), ==,
                   "stream refused by the camera");
  g_assert_cmpuint (wrong, ==, 0);

  /* what the app does on failed: a new stream (new nonce) and pipeline */
  second = run_new_on (run->sim, NULL);
  g_assert_true (run_for (second, 10, HUB_CAMERA_STATE_PLAYING));
  run_for (second, 1, -1);
  tally_get (second, &right, &wrong, &unreadable, &backwards);
  g_assert_cmpuint (right, >, 0);
  g_assert_cmpuint (wrong, ==, 0);
  run_free (second);
  run->owns_sim = TRUE;
  run_free (run);
  /* the GStreamer pipelines and sinks of both sessions (the failed one too) are gone */
  g_assert_cmpuint (hub_camera_pipeline_count_alive (), ==, 0);
}

/* A stall: no verified frame for 1 s reads as delayed (within a second of
 * that), and playing again when frames return. */
static void
test_delayed (void)
{
  Run *run = run_new (NULL);
  gint64 stalled_at, delayed_at = 0, playing_at = 0;

  g_assert_true (run_for (run, 10, HUB_CAMERA_STATE_PLAYING));
  run_for (run, 1, -1);
  g_atomic_int_set (&run->tally.stall_ms, 3000);
  stalled_at = g_get_monotonic_time ();
  while (g_get_monotonic_time () - stalled_at < 8 * G_USEC_PER_SEC && playing_at == 0)
    {
      HubCameraState s;

      g_main_context_iteration (NULL, TRUE);
      s = hub_camera_pipeline_get_state (run->pipeline);
      if (s == HUB_CAMERA_STATE_DELAYED && delayed_at == 0)
        {
          delayed_at = g_get_monotonic_time ();
          g_assert_cmpuint (hub_camera_pipeline_get_delay_ms (run->pipeline), >=, 1000);
        }
      if (s == HUB_CAMERA_STATE_PLAYING && delayed_at != 0)
        playing_at = g_get_monotonic_time ();
    }
  g_test_message ("stall: delayed after %.2f s, playing again %.2f s after the stall began",
                  (delayed_at - stalled_at) / 1e6, (playing_at - stalled_at) / 1e6);
  g_assert_cmpint (delayed_at, >, 0);
  /* no verified frame for 1 s, told within the next second */
  g_assert_cmpint (delayed_at - stalled_at, <=, 2 * G_USEC_PER_SEC);
  g_assert_cmpint (playing_at, >, 0);
  run_free (run);
}

/* Age against the hub's clock (§6.6), saturated: no capture time a camera
 * can sign overflows it. */
static void
test_frame_age (void)
{
  gint64 now = g_get_real_time ();

  g_assert_cmpint (hub_frame_age_us (now, (guint64) now - 5 * G_USEC_PER_SEC), ==,
                   5 * G_USEC_PER_SEC);
  g_assert_cmpint (hub_frame_age_us (now, (guint64) now), ==, 0);
  g_assert_cmpint (hub_frame_age_us (now, (guint64) now + 1), ==, 0);
  g_assert_cmpint (hub_frame_age_us (now, G_MAXUINT64), ==, 0);
  g_assert_cmpint (hub_frame_age_us (now, (guint64) G_MAXINT64 + 1), ==, 0);
  g_assert_cmpint (hub_frame_age_us (now, 0), ==, now);
  g_assert_cmpint (hub_frame_age_us (G_MAXINT64, 0), ==, G_MAXINT64);
  g_assert_cmpint (hub_frame_age_us (-1, 0), ==, 0);
  g_assert_cmpint (hub_frame_age_us (0, 0), ==, 0);
  /* past the jitter latency + 2 s */
  g_assert_false (hub_frame_age_is_delayed (2200 * 1000, 200));
  g_assert_true (hub_frame_age_is_delayed (2200 * 1000 + 1, 200));
  g_assert_false (hub_frame_age_is_delayed (2900 * 1000, 1000));
  g_assert_true (hub_frame_age_is_delayed (G_MAXINT64, G_MAXUINT));
}

/* A stream held back as a whole (every packet 3 s late, as a relay would):
 * delayed from its first frame, never "playing", the age told in whole. A
 * baseline taken from the stream itself would have called it live. */
static void
test_held_back (void)
{
  const char *faults[] = { "cam-frontdoor:delay=3000", NULL };
  Run *run = run_new (faults);
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  guint delay_ms = 0;

  while (hub_camera_pipeline_get_frames_shown (run->pipeline) == 0
         && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (hub_camera_pipeline_get_frames_shown (run->pipeline), >, 0);
  g_assert_true (run_for (run, 3, HUB_CAMERA_STATE_DELAYED));
  delay_ms = hub_camera_pipeline_get_delay_ms (run->pipeline);
  g_test_message ("held back 3 s: delayed %u ms", delay_ms);
  g_assert_cmpuint (delay_ms, >=, 2900);
  run_for (run, 2, -1);
  for (guint i = 0; i < run->states->len; i++)
    g_assert_cmpint (g_array_index (run->states, HubCameraState, i), !=,
                     HUB_CAMERA_STATE_PLAYING);
  g_assert_cmpint (hub_camera_pipeline_get_state (run->pipeline), ==, HUB_CAMERA_STATE_DELAYED);
  run_free (run);
}

/* A camera that rebooted and lost its counter but did not refuse the old
 * session: it serves the same nonce again from counter 0, so every unit is
 * a replay and the gate stays blocked. After 5 s of nothing but replays the
 * session is given up (FAILED, which makes the app open a new one, §5). */
static void
test_rebooted_without_refusing (void)
{
  Run *run = run_new (NULL);
  guint8 seed[32];
  g_autoptr (GError) error = NULL;
  guint right_before, right_after, wrong, unreadable, backwards;
  gint64 rebooted_at, deadline, failed_at = 0;

  g_assert_true (run_for (run, 10, HUB_CAMERA_STATE_PLAYING));
  /* long enough that the rebooted camera's counter stays behind the
   * session's for more than 5 s (at 15 fps) */
  run_for (run, 9, -1);
  tally_get (run, &right_before, &wrong, &unreadable, &backwards);

  /* the reboot: a new camera object (no memory of the session's counter)
   * that lets the same stream token and nonce in again */
  hub_sim_camera_stop (run->sim->cams[0]);
  g_object_unref (run->sim->cams[0]);
  seed_for (ids[0], seed);
  run->sim->cams[0] = hub_sim_camera_new (0, ids[0], ids[0], seed, run->sim->faults, WIDTH, HEIGHT,
                                          FPS);
  g_assert_true (hub_sim_camera_start (run->sim->cams[0], run->sim->server, &error));
  g_assert_no_error (error);
  hub_sim_camera_allow_stream (run->sim->cams[0], run->token, run->tally.nonce,
                               g_get_real_time () + 120 * G_USEC_PER_SEC);
  rebooted_at = g_get_monotonic_time ();

  deadline = rebooted_at + 30 * G_USEC_PER_SEC;
  while (g_get_monotonic_time () < deadline && failed_at == 0)
    {
      g_main_context_iteration (NULL, TRUE);
      if (hub_camera_pipeline_get_state (run->pipeline) == HUB_CAMERA_STATE_FAILED)
        failed_at = g_get_monotonic_time ();
    }
  tally_get (run, &right_after, &wrong, &unreadable, &backwards);
  g_test_message ("rebooted: failed %.2f s after the reboot, %" G_GUINT64_FORMAT " replays",
                  (failed_at - rebooted_at) / 1e6, count_of (run, HUB_VERDICT_REPLAY));
  g_assert_cmpint (failed_at, >, 0);
  g_assert_cmpstr (hub_camera_pipeline_get_reason (run->pipeline), ==,
                   "the camera restarted its counter");
  g_assert_cmpuint (count_of (run, HUB_VERDICT_REPLAY), >, 0);
  /* not before 5 s of replays; nothing of the rebooted camera was shown */
  g_assert_cmpint (failed_at - rebooted_at, >=, 5 * G_USEC_PER_SEC);
  g_assert_cmpuint (wrong, ==, 0);
  g_assert_cmpuint (backwards, ==, 0);
  run_free (run);
}

/* Once stopped, no frame reaches the sink. */
static void
test_stop_is_final (void)
{
  Run *run = run_new (NULL);
  guint right, wrong, unreadable, backwards, right_after;

  g_assert_true (run_for (run, 10, HUB_CAMERA_STATE_PLAYING));
  hub_camera_pipeline_stop (run->pipeline);
  tally_get (run, &right, &wrong, &unreadable, &backwards);
  run_for (run, 1, -1);
  tally_get (run, &right_after, &wrong, &unreadable, &backwards);
  g_assert_cmpuint (right_after, ==, right);
  g_assert_cmpint (hub_camera_pipeline_get_state (run->pipeline), ==, HUB_CAMERA_STATE_STOPPED);
  run_free (run);
}

typedef struct
{
  GMutex lock;
  GCond cond;
  guint arrived;  /* TEARDOWNs that reached the camera */
  guint answered; /* and were answered */
  gboolean released;
} TeardownGate;

/* On the server's client thread: the camera holds its answer until the test
 * releases it. */
static GstRTSPStatusCode
on_pre_teardown_request (GstRTSPClient *client, GstRTSPContext *ctx, gpointer user_data)
{
  TeardownGate *gate = user_data;

  g_mutex_lock (&gate->lock);
  gate->arrived++;
  while (!gate->released)
    g_cond_wait (&gate->cond, &gate->lock);
  g_mutex_unlock (&gate->lock);
  return GST_RTSP_STS_OK;
}

static void
on_teardown_request (GstRTSPClient *client, GstRTSPContext *ctx, gpointer user_data)
{
  TeardownGate *gate = user_data;

  g_mutex_lock (&gate->lock);
  gate->answered++;
  g_mutex_unlock (&gate->lock);
}

static void
on_client_connected (GstRTSPServer *server, GstRTSPClient *client, gpointer user_data)
{
  g_signal_connect (client, "pre-teardown-request", G_CALLBACK (on_pre_teardown_request),
                    user_data);
  g_signal_connect (client, "teardown-request", G_CALLBACK (on_teardown_request), user_data);
}

static guint
gate_get (TeardownGate *gate, guint *field)
{
  guint value;

  g_mutex_lock (&gate->lock);
  value = *field;
  g_mutex_unlock (&gate->lock);
  return value;
}

/* A camera that holds its answer to the TEARDOWN until the test lets it
 * go: stopping does not wait for it (the pipeline, its sink and the object
 * are gone at once, the TEARDOWN still unanswered), the TEARDOWN is sent,
 * and once the camera answers every source is released. Whether the
 * source's close waited for the answer is reported, not asserted: rtspsrc
 * sometimes interrupts its own close (a PAUSE still busy when the close is
 * queued flushes the connection), and then the close ends at once. What the
 * hub guarantees either way — a source reaches NULL only once its close has
 * ended (why: pipelines/hub-rtsp-source.c) — cannot be seen from outside. */
static void
test_teardown_held (void)
{
  Run *run = run_new (NULL);
  TeardownGate gate = { 0 };
  gint64 before, deadline;
  guint closing;

  g_mutex_init (&gate.lock);
  g_cond_init (&gate.cond);
  g_signal_connect (run->sim->server, "client-connected", G_CALLBACK (on_client_connected),
                    &gate);
  g_assert_true (run_for (run, 10, HUB_CAMERA_STATE_PLAYING));
  before = g_get_monotonic_time ();
  hub_camera_pipeline_stop (run->pipeline);
  g_assert_finalize_object (run->pipeline);
  g_test_message ("stop and release took %.1f ms on the main thread",
                  (g_get_monotonic_time () - before) / 1000.0);
  g_assert_null (run->sink);
  g_assert_cmpuint (gate_get (&gate, &gate.answered), ==, 0);

  /* the TEARDOWN reaches the camera, which holds its answer */
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (gate_get (&gate, &gate.arrived) == 0 && g_get_monotonic_time () < deadline)
    g_usleep (10000);
  g_assert_cmpuint (gate_get (&gate, &gate.arrived), ==, 1);
  g_usleep (300000);
  closing = hub_camera_pipeline_count_alive ();
  g_test_message ("300 ms into the camera's hold, %s",
                  closing ? "the source is still closing (waiting for the answer)"
                          : "the source is released (rtspsrc interrupted its own close)");

  g_mutex_lock (&gate.lock);
  gate.released = TRUE;
  g_cond_broadcast (&gate.cond);
  g_mutex_unlock (&gate.lock);
  g_assert_cmpuint (wait_released (15), ==, 0);
  g_test_message ("every source released %.1f ms after the stop",
                  (g_get_monotonic_time () - before) / 1000.0);

  sim_free (run->sim);
  g_mutex_clear (&gate.lock);
  g_cond_clear (&gate.cond);
  g_array_unref (run->states);
  g_array_unref (run->state_times);
  g_mutex_clear (&run->tally.lock);
  g_free (run);
}

int
main (int argc, char *argv[])
{
  static const FaultCase partial[] = {
    { "cam-frontdoor:cross-feed=0.3", HUB_VERDICT_UNKNOWN_KEY, HUB_VERDICT_WRONG_DEVICE },
    { "cam-frontdoor:replay=0.2", HUB_VERDICT_REPLAY, HUB_VERDICT_REPLAY },
    { "cam-frontdoor:wrong-session=0.2", HUB_VERDICT_WRONG_SESSION, HUB_VERDICT_WRONG_SESSION },
    { "cam-frontdoor:strip=0.2", HUB_VERDICT_NO_TAG, HUB_VERDICT_NO_TAG },
    { "cam-frontdoor:rogue-key=0.2", HUB_VERDICT_UNKNOWN_KEY, HUB_VERDICT_UNKNOWN_KEY },
    { "cam-frontdoor:tamper=0.2", HUB_VERDICT_BAD_DIGEST, HUB_VERDICT_BAD_DIGEST },
    { "cam-frontdoor:truncate=0.2", HUB_VERDICT_MALFORMED, HUB_VERDICT_MALFORMED },
    { "cam-frontdoor:drop=0.05", HUB_VERDICT_BAD_DIGEST, HUB_VERDICT_WAIT_KEYFRAME },
    { "cam-frontdoor:duplicate=0.1", HUB_VERDICT_REPLAY, HUB_VERDICT_PASS },
    { "cam-frontdoor:reorder=0.1", HUB_VERDICT_BAD_DIGEST, HUB_VERDICT_PASS },
    { "cam-frontdoor:delay=100:100", HUB_VERDICT_PASS, HUB_VERDICT_PASS },
  };
  static const FaultCase blocked[] = {
    { "cam-frontdoor:strip=1", HUB_VERDICT_NO_TAG, HUB_VERDICT_NO_TAG },
    { "cam-frontdoor:wrong-session=1", HUB_VERDICT_WRONG_SESSION, HUB_VERDICT_WRONG_SESSION },
    { "cam-frontdoor:rogue-key=1", HUB_VERDICT_UNKNOWN_KEY, HUB_VERDICT_UNKNOWN_KEY },
    { "cam-frontdoor:tamper=1", HUB_VERDICT_BAD_DIGEST, HUB_VERDICT_BAD_DIGEST },
  };

  gst_init (&argc, &argv);
  g_test_init (&argc, &argv, NULL);
  g_assert_cmpint (sodium_init (), >=, 0);

  g_test_add_func ("/hub/camera-pipeline/clean", test_clean);
  for (guint i = 0; i < G_N_ELEMENTS (partial); i++)
    {
      g_autofree char *path = g_strdup_printf ("/hub/camera-pipeline/fault/%s",
                                               strchr (partial[i].fault, ':') + 1);
      g_test_add_data_func (path, &partial[i], test_fault);
    }
  for (guint i = 0; i < G_N_ELEMENTS (blocked); i++)
    {
      g_autofree char *path = g_strdup_printf ("/hub/camera-pipeline/blocked/%s",
                                               strchr (blocked[i].fault, ':') + 1);
      g_test_add_data_func (path, &blocked[i], test_blocked);
    }
  g_test_add_func ("/hub/camera-pipeline/camera-killed", test_camera_killed);
  g_test_add_func ("/hub/camera-pipeline/stop-is-final", test_stop_is_final);
  g_test_add_func ("/hub/camera-pipeline/teardown-held", test_teardown_held);
  g_test_add_func ("/hub/camera-pipeline/delayed", test_delayed);
  g_test_add_func ("/hub/camera-pipeline/frame-age", test_frame_age);
  g_test_add_func ("/hub/camera-pipeline/held-back", test_held_back);
  g_test_add_func ("/hub/camera-pipeline/rebooted-without-refusing",
                   test_rebooted_without_refusing);
  return g_test_run ();
}
