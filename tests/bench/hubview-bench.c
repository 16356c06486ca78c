/* hubview-bench.c — what the hub's camera pipeline costs, end to end, against
 * simulated cameras served over real RTSP
 *
 * Copyright 2026 hubview developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The cameras (hub-sim-camera.c, compiled in) run in this process. It
 * measures, and prints as one JSON object and then as a table:
 *
 *   1. First frame, 720p30: per selection a fresh stream token and nonce,
 *      then the time from creating the pipeline to the first verified frame
 *      at an appsink (sync=false), taken by a buffer probe on the appsink.
 *      The variants, interleaved in rotating order with a random pause
 *      between selections (so that the camera's GOP phase is random):
 *        kf     the chain below, the gate asks for key frames (default);
 *        no-kf  the same chain, keyframe-interval=G_MAXUINT64 and every
 *               force-key-unit event leaving the gate dropped by a probe;
 *        hcp    HubCameraPipeline itself (its own first_frame_ms as well);
 *        kf-connect  (table only, an experiment) the kf chain plus one
 *               key-frame request pushed upstream from the gate's sink pad
 *               as soon as stream-start reaches it, before any data: h264parse
 *               drops everything before the first SPS/PPS, so the gate itself
 *               sees nothing to ask about until the camera's next IDR.
 *
 *        rtspsrc latency=200 drop-on-latency=true timeout=2000000
 *          ! rtph264depay ! h264parse ! video/x-h264,stream-format=byte-stream,
 *          alignment=nal ! hubverifygate ! avdec_h264 ! videoconvert
 *          ! video/x-raw,format=BGRx ! appsink
 *
 *   2. Gate time per frame, 1080p30: the NAL units of 10 s of the real stream
 *      are captured (after h264parse, NAL-aligned, as the gate gets them) and
 *      replayed through hub_gate_push_annexb in this process, per unit: the
 *      thread CPU time of every push up to the one that decided the unit,
 *      plus a copy of the unit's bytes as the element makes.
 *
 *   3. CPU, 1080p30 and 4 × 720p30: each pipeline runs in a child process
 *      (this program with --child), and its CPU time is the child's rusage
 *      from wait4(). The hub chain is the one above with a fakesink; the plain
 *      one is gst-launch's rtspsrc ! rtph264depay ! h264parse ! avdec_h264 !
 *      videoconvert ! fakesink. A child decodes for the given seconds after
 *      its first frame (every pipeline's first frame), so both do the same
 *      amount of decoding; the CPU counted still includes start-up and
 *      teardown. Runs alternate hub, plain, plain, hub. The cameras' encoders
 *      run in this process and are not counted. For reading the ratio the
 *      table adds: the children's own CPU over the decoding window, CPU per
 *      frame that reached the sink (the simulated cameras' frame rate drops
 *      when the machine is busy), the jitter buffers' lost and late packets
 *      and the gate's verdicts. The grid's RSS is VmRSS of the hub child at
 *      the end of its window (20 s of four pipelines playing).
 *
 * A benchmark, not a test: numbers depend on the machine and its load.
 */
#define _GNU_SOURCE
#define G_LOG_DOMAIN "hubview-bench"

#include <errno.h>
#include <fcntl.h>
#include <glib-unix.h>
#include <gst/gst.h>
#include <gst/video/video.h>
#include <math.h>
#include <signal.h>
#include <sodium.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "hub-camera-pipeline.h"
#include "hub-elements.h"
#include "hub-frame-identity-meta.h"
#include "hub-gate.h"
#include "hub-paint-check.h"
#include "hub-sim-camera.h"

#define FF_WIDTH 1280
#define FF_HEIGHT 720
#define CPU_WIDTH 1920
#define CPU_HEIGHT 1080
#define FPS 30
#define GRID_N 4
#define FIRST_FRAME_TIMEOUT_MS 10000
#define CHILD_START_TIMEOUT_S 20
#define PAUSE_MIN_MS 300     /* > the camera's 250 ms key-request limit and 300 ms grace */
#define PAUSE_SPREAD_MS 1000 /* one GOP (key-int-max = fps) */

/* ------------------------------------------------------------------------ */
/* Options                                                                  */

static gboolean opt_quick = FALSE;
static int opt_selections = 0;
static double opt_cpu_seconds = 0;
static double opt_grid_seconds = 0;
static char *opt_only = NULL;
static char *opt_child = NULL;
static char **opt_streams = NULL;
static double opt_seconds = 0;
static double opt_rss_at = 0;
static int opt_parent_pid = 0;

static const GOptionEntry entries[]
    = { { "quick", 'q', G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, &opt_quick,
          "Smoke test: 10 selections, 5 s CPU runs", NULL },
        { "selections", 'n', G_OPTION_FLAG_NONE, G_OPTION_ARG_INT, &opt_selections,
          "Selections per first-frame variant (default 50, quick 10)", "N" },
        { "cpu-seconds", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_DOUBLE, &opt_cpu_seconds,
          "Decoding seconds per 1080p CPU run, two runs per pipeline (default 15, quick 5)", "S" },
        { "grid-seconds", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_DOUBLE, &opt_grid_seconds,
          "Decoding seconds per grid CPU run, two runs per pipeline; RSS is read at the end "
          "(default 20, quick 5)",
          "S" },
        { "only", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING, &opt_only,
          "Run only these parts (comma-separated: first-frame, gate, cpu, grid); the others "
          "print null",
          "PARTS" },
        /* the child process */
        { "child", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_STRING, &opt_child, NULL, NULL },
        { "stream", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_STRING_ARRAY, &opt_streams, NULL, NULL },
        { "seconds", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_DOUBLE, &opt_seconds, NULL, NULL },
        { "rss-at", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_DOUBLE, &opt_rss_at, NULL, NULL },
        { "parent-pid", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_INT, &opt_parent_pid, NULL, NULL },
        { NULL } };

/* ------------------------------------------------------------------------ */
/* Small helpers                                                            */

static volatile gint quit_requested = 0;

static gboolean
on_quit_signal (gpointer user_data)
{
  g_atomic_int_set (&quit_requested, 1);
  return G_SOURCE_CONTINUE;
}

static gboolean
quitting (void)
{
  return g_atomic_int_get (&quit_requested) != 0;
}

static gboolean
on_wake (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

/* Runs the default main context for @ms, or until *@done becomes non-zero. */
static void
pump (guint ms, gint *done)
{
  gint64 deadline = g_get_monotonic_time () + (gint64)ms * 1000;
  guint wake = g_timeout_add (10, on_wake, NULL);

  while (!quitting () && g_get_monotonic_time () < deadline
         && (done == NULL || g_atomic_int_get (done) == 0))
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (wake);
}

static gint64
thread_cpu_ns (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return (gint64)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static gint64
mono_ns (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (gint64)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static double
rusage_cpu_s (const struct rusage *ru)
{
  return ru->ru_utime.tv_sec + ru->ru_utime.tv_usec / 1e6 + ru->ru_stime.tv_sec
         + ru->ru_stime.tv_usec / 1e6;
}

static double
self_cpu_s (void)
{
  struct rusage ru;

  getrusage (RUSAGE_SELF, &ru);
  return rusage_cpu_s (&ru);
}

/* VmRSS / VmHWM of this process in kB, 0 when unknown */
static guint64
proc_status_kb (const char *field)
{
  g_autofree char *text = NULL;
  g_auto (GStrv) lines = NULL;
  gsize flen = strlen (field);

  if (!g_file_get_contents ("/proc/self/status", &text, NULL, NULL))
    return 0;
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (strncmp (lines[i], field, flen) == 0 && lines[i][flen] == ':')
      return g_ascii_strtoull (lines[i] + flen + 1, NULL, 10);
  return 0;
}

/* The 1-minute load average, NAN when unknown */
static double
load_average (void)
{
  g_autofree char *text = NULL;

  if (!g_file_get_contents ("/proc/loadavg", &text, NULL, NULL))
    return NAN;
  return g_ascii_strtod (text, NULL);
}

static int
cmp_double (gconstpointer a, gconstpointer b)
{
  double x = *(const double *)a, y = *(const double *)b;

  return x < y ? -1 : x > y ? 1 : 0;
}

/* Percentile @p (0–100) of @values, linear between the closest ranks; NAN if empty. */
static double
percentile (GArray *values, double p)
{
  g_autoptr (GArray) sorted = NULL;
  double pos, frac;
  guint lo;

  if (values->len == 0)
    return NAN;
  sorted = g_array_copy (values);
  g_array_sort (sorted, cmp_double);
  pos = p / 100.0 * (sorted->len - 1);
  lo = (guint)pos;
  frac = pos - lo;
  if (lo + 1 >= sorted->len)
    return g_array_index (sorted, double, sorted->len - 1);
  return g_array_index (sorted, double, lo) * (1 - frac)
         + g_array_index (sorted, double, lo + 1) * frac;
}

static double
mean (GArray *values)
{
  double sum = 0;

  if (values->len == 0)
    return NAN;
  for (guint i = 0; i < values->len; i++)
    sum += g_array_index (values, double, i);
  return sum / values->len;
}

/* Sample variance of @values (n − 1), NAN with fewer than two */
static double
variance (GArray *values)
{
  double m = mean (values), sum = 0;

  if (values->len < 2)
    return NAN;
  for (guint i = 0; i < values->len; i++)
    {
      double d = g_array_index (values, double, i) - m;

      sum += d * d;
    }
  return sum / (values->len - 1);
}

/* ------------------------------------------------------------------------ */
/* Simulated cameras                                                        */

typedef struct
{
  HubSimCamera *cam;
  char *device_id;
  guint8 public_key[32];
  char public_key_hex[65];
} Cam;

typedef struct
{
  GstRTSPServer *server;
  guint server_source;
  guint port;
  GPtrArray *faults; /* none; the cameras borrow it */
} Sim;

typedef struct
{
  char *token;
  char *url;
  guint8 nonce[16];
  char nonce_hex[33];
  const Cam *cam;
} Stream;

static Sim *
sim_new (void)
{
  Sim *sim = g_new0 (Sim, 1);

  sim->faults = g_ptr_array_new ();
  sim->server = gst_rtsp_server_new ();
  gst_rtsp_server_set_address (sim->server, "127.0.0.1");
  gst_rtsp_server_set_service (sim->server, "0");
  sim->server_source = gst_rtsp_server_attach (sim->server, NULL);
  sim->port = gst_rtsp_server_get_bound_port (sim->server);
  return sim;
}

static void
sim_free (Sim *sim)
{
  g_source_remove (sim->server_source);
  g_object_unref (sim->server);
  g_ptr_array_unref (sim->faults);
  g_free (sim);
}

static Cam *
cam_start (Sim *sim, guint index, const char *device_id, guint width, guint height, GError **error)
{
  Cam *cam = g_new0 (Cam, 1);
  g_autofree char *label = g_strconcat ("hubview bench camera ", device_id, NULL);
  guint8 seed[32], sk[64];

  crypto_hash_sha256 (seed, (const guint8 *)label, strlen (label));
  crypto_sign_seed_keypair (cam->public_key, sk, seed);
  sodium_memzero (sk, sizeof sk);
  sodium_bin2hex (cam->public_key_hex, sizeof cam->public_key_hex, cam->public_key, 32);
  cam->device_id = g_strdup (device_id);
  cam->cam
      = hub_sim_camera_new (index, device_id, device_id, seed, sim->faults, width, height, FPS);
  if (!hub_sim_camera_start (cam->cam, sim->server, error))
    {
      g_object_unref (cam->cam);
      g_free (cam->device_id);
      g_free (cam);
      return NULL;
    }
  return cam;
}

static void
cam_stop (Cam *cam)
{
  if (cam == NULL)
    return;
  hub_sim_camera_stop (cam->cam);
  g_object_unref (cam->cam);
  g_free (cam->device_id);
  g_free (cam);
}

/* What the cloud does on openStream: a fresh token and session nonce. */
static void
stream_open (Sim *sim, const Cam *cam, Stream *s)
{
  s->cam = cam;
  s->token = g_strdup_printf ("bench-%08x%08x", g_random_int (), g_random_int ());
  randombytes_buf (s->nonce, sizeof s->nonce);
  sodium_bin2hex (s->nonce_hex, sizeof s->nonce_hex, s->nonce, sizeof s->nonce);
  hub_sim_camera_allow_stream (cam->cam, s->token, s->nonce,
                               g_get_real_time () + 600 * G_USEC_PER_SEC);
  s->url = hub_sim_camera_build_url (cam->cam, "127.0.0.1", sim->port, s->token);
}

static void
stream_close (Stream *s)
{
  if (s->cam != NULL)
    hub_sim_camera_close_session (s->cam->cam, s->nonce);
  g_clear_pointer (&s->token, g_free);
  g_clear_pointer (&s->url, g_free);
  s->cam = NULL;
}

/* ------------------------------------------------------------------------ */
/* Pipelines                                                                */

static char *
hub_chain_desc (const char *url, const char *device_id, const char *public_key_hex,
                const char *nonce_hex, const char *sink)
{
  return g_strdup_printf ("rtspsrc name=src location=\"%s\" latency=200 drop-on-latency=true "
                          "timeout=2000000 ! rtph264depay ! h264parse "
                          "! video/x-h264,stream-format=byte-stream,alignment=nal "
                          "! hubverifygate name=gate device-id=%s public-key=%s nonce=%s "
                          "! avdec_h264 ! videoconvert ! video/x-raw,format=BGRx ! %s",
                          url, device_id, public_key_hex, nonce_hex, sink);
}

static char *
plain_chain_desc (const char *url)
{
  return g_strdup_printf (
      "rtspsrc name=src location=\"%s\" ! rtph264depay ! h264parse ! avdec_h264 "
      "! videoconvert ! fakesink name=sink",
      url);
}

static GstElement *
launch (const char *desc)
{
  g_autoptr (GError) error = NULL;
  GstElement *pipeline = gst_parse_launch (desc, &error);

  if (pipeline == NULL || error != NULL)
    {
      g_printerr ("hubview-bench: cannot build pipeline: %s\n",
                  error ? error->message : "unknown error");
      if (pipeline != NULL)
        gst_object_unref (pipeline);
      return NULL;
    }
  return pipeline;
}

/* Empties @pipeline's bus without blocking (nothing else reads it, and its
 * messages would pile up): TRUE on an error (printed); the gate's latest
 * counts into @gate_counts when given; *@saw_wait set when the gate dropped
 * a unit for want of a key frame. */
static gboolean
pipeline_failed (GstElement *pipeline, const char *what, guint64 *gate_counts, gboolean *saw_wait)
{
  g_autoptr (GstBus) bus = gst_element_get_bus (pipeline);
  GstMessage *msg;
  gboolean failed = FALSE;

  while ((msg = gst_bus_pop (bus)) != NULL)
    {
      if (GST_MESSAGE_TYPE (msg) == GST_MESSAGE_ERROR && !failed)
        {
          g_autoptr (GError) error = NULL;

          gst_message_parse_error (msg, &error, NULL);
          g_printerr ("hubview-bench: %s: %s\n", what, error->message);
          failed = TRUE;
        }
      else if (GST_MESSAGE_TYPE (msg) == GST_MESSAGE_ELEMENT && gate_counts != NULL
               && gst_message_has_name (msg, "hub-gate-stats"))
        {
          const GstStructure *st = gst_message_get_structure (msg);

          for (int v = 0; v < HUB_N_VERDICTS; v++)
            gst_structure_get_uint64 (st, hub_verdict_to_string (v), &gate_counts[v]);
        }
      else if (GST_MESSAGE_TYPE (msg) == GST_MESSAGE_ELEMENT && saw_wait != NULL
               && gst_message_has_name (msg, "hub-gate-state"))
        {
          const GstStructure *st = gst_message_get_structure (msg);
          gboolean open = TRUE;

          gst_structure_get_boolean (st, "open", &open);
          if (!open
              && g_strcmp0 (gst_structure_get_string (st, "reason"),
                            hub_verdict_to_string (HUB_VERDICT_WAIT_KEYFRAME))
                     == 0)
            *saw_wait = TRUE;
        }
      gst_message_unref (msg);
    }
  return failed;
}

/* A sink pad probe: when the first verified frame arrived, and how many. */
typedef struct
{
  gint arrived; /* atomic: 1 once first_us is set */
  gint64 first_us;
  gint frames;   /* atomic */
  gint verified; /* atomic: frames with a HubFrameIdentityMeta */
} SinkProbe;

static GstPadProbeReturn
on_sink_buffer (GstPad *pad, GstPadProbeInfo *info, gpointer user_data)
{
  SinkProbe *p = user_data;
  GstBuffer *buffer = GST_PAD_PROBE_INFO_BUFFER (info);
  HubFrameIdentity id;

  g_atomic_int_inc (&p->frames);
  if (hub_buffer_get_frame_identity (buffer, &id))
    {
      g_atomic_int_inc (&p->verified);
      if (g_atomic_int_get (&p->arrived) == 0)
        {
          p->first_us = g_get_monotonic_time ();
          g_atomic_int_set (&p->arrived, 1);
        }
    }
  return GST_PAD_PROBE_OK;
}

/* Any buffer: when the first one came (the gate's input) */
static GstPadProbeReturn
on_any_buffer (GstPad *pad, GstPadProbeInfo *info, gpointer user_data)
{
  SinkProbe *p = user_data;

  if (g_atomic_int_get (&p->arrived) == 0)
    {
      p->first_us = g_get_monotonic_time ();
      g_atomic_int_set (&p->arrived, 1);
    }
  return GST_PAD_PROBE_OK;
}

static void
probe_sink (GstElement *sink, SinkProbe *p)
{
  g_autoptr (GstPad) pad = gst_element_get_static_pad (sink, "sink");

  gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER, on_sink_buffer, p, NULL);
}

/* Upstream force-key-unit events leaving the gate: counted, and dropped when
 * key-frame requests are off. */
typedef struct
{
  gint seen; /* atomic */
  gboolean drop;
} KeyProbe;

static GstPadProbeReturn
on_gate_upstream_event (GstPad *pad, GstPadProbeInfo *info, gpointer user_data)
{
  KeyProbe *k = user_data;

  if (!gst_video_event_is_force_key_unit (GST_PAD_PROBE_INFO_EVENT (info)))
    return GST_PAD_PROBE_OK;
  g_atomic_int_inc (&k->seen);
  return k->drop ? GST_PAD_PROBE_DROP : GST_PAD_PROBE_OK;
}

/* Notes the first stream-start reaching the gate: the RTP stream is linked. */
static GstPadProbeReturn
on_gate_stream_start (GstPad *pad, GstPadProbeInfo *info, gpointer user_data)
{
  if (GST_EVENT_TYPE (GST_PAD_PROBE_INFO_EVENT (info)) == GST_EVENT_STREAM_START)
    g_atomic_int_set ((gint *)user_data, 1);
  return GST_PAD_PROBE_OK;
}

/* ------------------------------------------------------------------------ */
/* 1. First frame                                                           */

typedef enum
{
  VARIANT_KF,
  VARIANT_NO_KF,
  VARIANT_HCP,
  VARIANT_KF_CONNECT,
  N_VARIANTS
} Variant;

static const char *const variant_names[N_VARIANTS] = { "kf", "no-kf", "hcp", "kf-connect" };

typedef struct
{
  GArray *ms[N_VARIANTS]; /* double: request → first verified frame (probe) */
  GArray *hcp_self_ms;    /* double: hub_camera_pipeline_get_first_frame_ms */
  guint failures[N_VARIANTS];
  guint key_requests[N_VARIANTS];    /* force-key-unit events out of the gate */
  guint data_before_idr[N_VARIANTS]; /* the gate dropped units waiting for a key frame */
  GArray *data_ms[N_VARIANTS];       /* double: request → first buffer into the gate */
  char *hcp_decoder;
} FirstFrameResults;

static void
first_frame_results_init (FirstFrameResults *r)
{
  for (int v = 0; v < N_VARIANTS; v++)
    {
      r->ms[v] = g_array_new (FALSE, FALSE, sizeof (double));
      r->data_ms[v] = g_array_new (FALSE, FALSE, sizeof (double));
    }
  r->hcp_self_ms = g_array_new (FALSE, FALSE, sizeof (double));
}

static void
first_frame_results_clear (FirstFrameResults *r)
{
  for (int v = 0; v < N_VARIANTS; v++)
    {
      g_clear_pointer (&r->ms[v], g_array_unref);
      g_clear_pointer (&r->data_ms[v], g_array_unref);
    }
  g_clear_pointer (&r->hcp_self_ms, g_array_unref);
  g_clear_pointer (&r->hcp_decoder, g_free);
}

static void
select_with_chain (Sim *sim, const Cam *cam, Variant v, FirstFrameResults *r)
{
  Stream s = { 0 };
  SinkProbe sp = { 0 };
  KeyProbe kp = { .drop = v == VARIANT_NO_KF };
  g_autofree char *desc = NULL;
  g_autoptr (GstElement) pipeline = NULL;
  g_autoptr (GstElement) gate = NULL;
  g_autoptr (GstElement) sink = NULL;
  g_autoptr (GstPad) gate_sink = NULL;
  gint64 t0;
  SinkProbe gp = { 0 };
  gboolean failed = FALSE, saw_wait = FALSE;
  gint linked = 0, asked = 0;

  stream_open (sim, cam, &s);
  t0 = g_get_monotonic_time ();
  desc = hub_chain_desc (s.url, cam->device_id, cam->public_key_hex, s.nonce_hex,
                         "appsink name=sink sync=false max-buffers=1 drop=true");
  pipeline = launch (desc);
  if (pipeline == NULL)
    {
      r->failures[v]++;
      stream_close (&s);
      return;
    }
  gate = gst_bin_get_by_name (GST_BIN (pipeline), "gate");
  sink = gst_bin_get_by_name (GST_BIN (pipeline), "sink");
  if (v == VARIANT_NO_KF)
    g_object_set (gate, "keyframe-interval", G_MAXUINT64, NULL);
  gate_sink = gst_element_get_static_pad (gate, "sink");
  gst_pad_add_probe (gate_sink, GST_PAD_PROBE_TYPE_EVENT_UPSTREAM, on_gate_upstream_event, &kp,
                     NULL);
  gst_pad_add_probe (gate_sink, GST_PAD_PROBE_TYPE_BUFFER, on_any_buffer, &gp, NULL);
  probe_sink (sink, &sp);
  if (v == VARIANT_KF_CONNECT)
    gst_pad_add_probe (gate_sink, GST_PAD_PROBE_TYPE_EVENT_DOWNSTREAM, on_gate_stream_start,
                       &linked, NULL);

  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  {
    gint64 deadline = t0 + FIRST_FRAME_TIMEOUT_MS * 1000;

    while (!quitting () && !g_atomic_int_get (&sp.arrived) && g_get_monotonic_time () < deadline
           && !(failed = pipeline_failed (pipeline, variant_names[v], NULL, &saw_wait)))
      {
        /* the experiment: ask as soon as the stream is linked, before any data */
        if (v == VARIANT_KF_CONNECT && !asked && g_atomic_int_get (&linked))
          {
            asked = 1;
            gst_pad_push_event (gate_sink, gst_video_event_new_upstream_force_key_unit (
                                               GST_CLOCK_TIME_NONE, TRUE, 0));
          }
        pump (v == VARIANT_KF_CONNECT && !asked ? 5 : 50,
              v == VARIANT_KF_CONNECT && !asked ? &linked : &sp.arrived);
      }
  }
  if (g_atomic_int_get (&sp.arrived))
    {
      double ms = (sp.first_us - t0) / 1000.0;
      double data_ms = (gp.first_us - t0) / 1000.0;

      pipeline_failed (pipeline, variant_names[v], NULL, &saw_wait);
      g_array_append_val (r->ms[v], ms);
      g_array_append_val (r->data_ms[v], data_ms);
      if (saw_wait)
        r->data_before_idr[v]++;
      g_printerr ("  %-10s %7.1f ms (data at the gate %.1f ms%s), %d key-frame request(s) from "
                  "the gate\n",
                  variant_names[v], ms, data_ms, saw_wait ? ", units before the IDR" : "",
                  g_atomic_int_get (&kp.seen));
    }
  else
    r->failures[v]++;
  gst_element_set_state (pipeline, GST_STATE_NULL);
  r->key_requests[v] += g_atomic_int_get (&kp.seen);
  stream_close (&s);
}

static void
select_with_hcp (Sim *sim, const Cam *cam, FirstFrameResults *r)
{
  Stream s = { 0 };
  SinkProbe sp = { 0 };
  g_autoptr (GstCaps) caps = gst_caps_from_string ("video/x-raw, format=BGRx");
  g_autoptr (HubCameraPipeline) hcp = NULL;
  GstElement *sink;
  gint64 t0;

  stream_open (sim, cam, &s);
  t0 = g_get_monotonic_time ();
  sink = gst_element_factory_make ("appsink", NULL);
  g_object_set (sink, "caps", caps, "sync", FALSE, "max-buffers", 1, "drop", TRUE, NULL);
  probe_sink (sink, &sp);
  hcp = hub_camera_pipeline_new (cam->device_id, cam->public_key, s.nonce, s.url, sink);
  hub_camera_pipeline_start (hcp);
  {
    gint64 deadline = t0 + FIRST_FRAME_TIMEOUT_MS * 1000;

    while (!quitting () && !g_atomic_int_get (&sp.arrived) && g_get_monotonic_time () < deadline)
      pump (50, &sp.arrived);
    /* its own figure is worked out on its 100 ms tick */
    deadline = g_get_monotonic_time () + 1000 * 1000;
    while (!quitting () && g_atomic_int_get (&sp.arrived)
           && hub_camera_pipeline_get_first_frame_ms (hcp) < 0
           && g_get_monotonic_time () < deadline)
      pump (20, NULL);
  }
  if (g_atomic_int_get (&sp.arrived))
    {
      double ms = (sp.first_us - t0) / 1000.0;

      g_array_append_val (r->ms[VARIANT_HCP], ms);
      g_printerr ("  %-10s %7.1f ms (its own: %" G_GINT64_FORMAT " ms)\n", "hcp", ms,
                  hub_camera_pipeline_get_first_frame_ms (hcp));
      if (hub_camera_pipeline_get_first_frame_ms (hcp) >= 0)
        {
          ms = hub_camera_pipeline_get_first_frame_ms (hcp);
          g_array_append_val (r->hcp_self_ms, ms);
        }
    }
  else
    {
      r->failures[VARIANT_HCP]++;
      g_printerr ("hubview-bench: HubCameraPipeline: no frame (state %s %s)\n",
                  hub_camera_state_to_string (hub_camera_pipeline_get_state (hcp)),
                  hub_camera_pipeline_get_reason (hcp) ?: "");
    }
  if (r->hcp_decoder == NULL && hub_camera_pipeline_get_decoder (hcp) != NULL)
    r->hcp_decoder = g_strdup (hub_camera_pipeline_get_decoder (hcp));
  hub_camera_pipeline_stop (hcp);
  stream_close (&s);
}

static void
measure_first_frames (Sim *sim, const Cam *cam, guint selections, FirstFrameResults *r)
{
  /* a Latin square of the variants, forwards then backwards */

  for (guint i = 0; i < selections && !quitting (); i++)
    {
      for (guint j = 0; j < N_VARIANTS && !quitting (); j++)
        {
          guint k = (i / N_VARIANTS) % 2 == 0 ? j : N_VARIANTS - 1 - j;
          Variant v = (i + k) % N_VARIANTS;

          /* a random point in the camera's GOP */
          pump (PAUSE_MIN_MS + g_random_int_range (0, PAUSE_SPREAD_MS), NULL);
          if (v == VARIANT_HCP)
            select_with_hcp (sim, cam, r);
          else
            select_with_chain (sim, cam, v, r);
        }
      g_printerr ("first frame: %u/%u selections\n", i + 1, selections);
    }
}

/* ------------------------------------------------------------------------ */
/* 2. Gate time per frame                                                   */

typedef struct
{
  GMutex lock;
  GPtrArray *nals; /* GBytes, one NAL-aligned buffer each */
  gint64 until_us; /* capture stops after this, 0 before the first buffer */
  gint64 duration_us;
  gint done; /* atomic */
} Capture;

static GstPadProbeReturn
on_capture_buffer (GstPad *pad, GstPadProbeInfo *info, gpointer user_data)
{
  Capture *c = user_data;
  GstBuffer *buffer = GST_PAD_PROBE_INFO_BUFFER (info);
  gint64 now = g_get_monotonic_time ();
  GstMapInfo map;

  if (g_atomic_int_get (&c->done))
    return GST_PAD_PROBE_OK;
  g_mutex_lock (&c->lock);
  if (c->until_us == 0)
    c->until_us = now + c->duration_us;
  if (now > c->until_us)
    g_atomic_int_set (&c->done, 1);
  else if (gst_buffer_map (buffer, &map, GST_MAP_READ))
    {
      g_ptr_array_add (c->nals, g_bytes_new (map.data, map.size));
      gst_buffer_unmap (buffer, &map);
    }
  g_mutex_unlock (&c->lock);
  return GST_PAD_PROBE_OK;
}

typedef struct
{
  guint decided_in_call;
  guint passed_in_call;
  guint64 counts[HUB_N_VERDICTS];
  guint64 pass_bytes;
  /* the view's record, for its own check of each passed frame (§6.4) */
  const char *device_id;
  const guint8 *public_key;
  const guint8 *nonce;
  GArray *paint_us; /* double, per passed unit: hub_paint_check's thread CPU time */
  guint64 paint_refused;
} ReplayState;

static void
on_replay_unit (const HubGateUnit *unit, void *user_data)
{
  ReplayState *st = user_data;

  st->decided_in_call++;
  st->counts[unit->verdict]++;
  if (unit->verdict == HUB_VERDICT_PASS)
    {
      /* what hubverifygate does with a unit that passed: copy it out */
      g_free (g_memdup2 (unit->au, unit->au_len));
      st->passed_in_call++;
      st->pass_bytes += unit->au_len;
      /* what the view does before painting that frame: the identity the
       * gate attaches, checked again under the view's key */
      if (st->paint_us != NULL && unit->has_tag)
        {
          HubFrameIdentity id;
          gint64 c0;
          double us;

          if (!hub_frame_identity_init_from_tag (&id, unit->tag, unit->tag_len))
            st->paint_refused++;
          else
            {
              c0 = thread_cpu_ns ();
              if (hub_paint_check (&id, st->device_id, st->public_key, st->nonce) != HUB_PAINT_OK)
                st->paint_refused++;
              us = (thread_cpu_ns () - c0) / 1000.0;
              g_array_append_val (st->paint_us, us);
            }
        }
    }
}

typedef struct
{
  GArray *cpu_us;  /* double, per passed unit */
  GArray *wall_us; /* double, per passed unit */
  GArray *paint_us; /* double, per passed unit: the view's own check (not in cpu_us) */
  guint64 paint_refused;
  guint n_nals;
  guint passes;
  guint64 counts[HUB_N_VERDICTS]; /* of the first pass */
  double avg_unit_bytes;
} GateResults;

static gboolean
measure_gate (Sim *sim, const Cam *cam, double capture_s, guint passes, GateResults *g)
{
  Stream s = { 0 };
  Capture c = { 0 };
  g_autofree char *desc = NULL;
  g_autoptr (GstElement) pipeline = NULL;
  g_autoptr (GstElement) sink = NULL;
  g_autoptr (GstPad) pad = NULL;
  gint64 deadline;

  g->cpu_us = g_array_new (FALSE, FALSE, sizeof (double));
  g->wall_us = g_array_new (FALSE, FALSE, sizeof (double));
  g->paint_us = g_array_new (FALSE, FALSE, sizeof (double));
  g_mutex_init (&c.lock);
  c.nals = g_ptr_array_new_with_free_func ((GDestroyNotify)g_bytes_unref);
  c.duration_us = (gint64)(capture_s * G_USEC_PER_SEC);

  stream_open (sim, cam, &s);
  desc = g_strdup_printf ("rtspsrc name=src location=\"%s\" latency=200 ! rtph264depay ! h264parse "
                          "! video/x-h264,stream-format=byte-stream,alignment=nal "
                          "! appsink name=sink sync=false max-buffers=1 drop=true",
                          s.url);
  pipeline = launch (desc);
  if (pipeline == NULL)
    {
      stream_close (&s);
      return FALSE;
    }
  sink = gst_bin_get_by_name (GST_BIN (pipeline), "sink");
  pad = gst_element_get_static_pad (sink, "sink");
  gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER, on_capture_buffer, &c, NULL);
  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  deadline = g_get_monotonic_time () + (gint64)(capture_s + 15) * G_USEC_PER_SEC;
  while (!quitting () && !g_atomic_int_get (&c.done) && g_get_monotonic_time () < deadline
         && !pipeline_failed (pipeline, "gate capture", NULL, NULL))
    pump (100, &c.done);
  gst_element_set_state (pipeline, GST_STATE_NULL);
  g_atomic_int_set (&c.done, 1);
  g->n_nals = c.nals->len;

  for (guint pass = 0; pass < passes && c.nals->len > 0 && !quitting (); pass++)
    {
      ReplayState st = { .device_id = cam->device_id, .public_key = cam->public_key,
                         .nonce = s.nonce, .paint_us = g->paint_us };
      HubGate *gate = hub_gate_new (cam->device_id, cam->public_key, s.nonce, on_replay_unit, &st);
      gint64 acc_cpu = 0, acc_wall = 0, p0;

      for (guint i = 0; i < c.nals->len; i++)
        {
          gsize len;
          const guint8 *data = g_bytes_get_data (g_ptr_array_index (c.nals, i), &len);
          gint64 c0, w0;

          st.decided_in_call = st.passed_in_call = 0;
          p0 = (gint64) g->paint_us->len;
          w0 = mono_ns ();
          c0 = thread_cpu_ns ();
          hub_gate_push_annexb (gate, data, len);
          acc_cpu += thread_cpu_ns () - c0;
          acc_wall += mono_ns () - w0;
          /* the view's check ran inside the callback: not the gate's time */
          for (guint k = (guint) p0; k < g->paint_us->len; k++)
            {
              acc_cpu -= (gint64) (g_array_index (g->paint_us, double, k) * 1000);
              acc_wall -= (gint64) (g_array_index (g->paint_us, double, k) * 1000);
            }
          if (st.decided_in_call == 0)
            continue;
          /* the pushes since the last decision belong to the unit(s) decided */
          if (st.passed_in_call == st.decided_in_call)
            for (guint k = 0; k < st.decided_in_call; k++)
              {
                double cpu = acc_cpu / 1000.0 / st.decided_in_call;
                double wall = acc_wall / 1000.0 / st.decided_in_call;

                g_array_append_val (g->cpu_us, cpu);
                g_array_append_val (g->wall_us, wall);
              }
          acc_cpu = acc_wall = 0;
        }
      if (pass == 0)
        {
          memcpy (g->counts, st.counts, sizeof g->counts);
          g->avg_unit_bytes = st.counts[HUB_VERDICT_PASS] > 0
                                  ? (double)st.pass_bytes / st.counts[HUB_VERDICT_PASS]
                                  : 0;
        }
      hub_gate_free (gate);
      g->paint_refused += st.paint_refused;
      g->passes++;
    }

  stream_close (&s);
  g_ptr_array_unref (c.nals);
  g_mutex_clear (&c.lock);
  return g->cpu_us->len > 0;
}

/* ------------------------------------------------------------------------ */
/* 3. CPU in a child process                                                */

typedef struct
{
  gboolean ok;
  double cpu_s;        /* the child's user + system time, from wait4 */
  double parent_cpu_s; /* this process meanwhile (cameras, RTSP server) */
  double wall_s;
  double window_s;  /* decoding window after every first frame */
  guint64 frames;   /* at the sinks during the window, all pipelines */
  guint64 verified; /* of which with a frame identity */
  guint n_pipelines;
  double rss_mb;                           /* VmRSS at the end of the window */
  double hwm_mb;                           /* VmHWM then */
  double window_cpu_s;                     /* the child's own rusage over the window only */
  guint64 jb_pushed, jb_lost, jb_late;     /* RTP packets, whole run */
  guint64 gate_pass, gate_wait, gate_drop; /* units, whole run (hub only) */
} ChildResult;

static GPid running_child = 0;

static char *
self_exe (void)
{
  char *exe = g_file_read_link ("/proc/self/exe", NULL);

  return exe ? exe : g_strdup ("hubview-bench");
}

static void
parse_child_output (const char *out, ChildResult *res)
{
  g_auto (GStrv) lines = g_strsplit (out, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto (GStrv) fields = NULL;

      if (!g_str_has_prefix (lines[i], "result "))
        continue;
      fields = g_strsplit (lines[i] + 7, " ", -1);
      for (guint j = 0; fields[j] != NULL; j++)
        {
          char *eq = strchr (fields[j], '=');
          const char *value;

          if (eq == NULL)
            continue;
          *eq = '\0';
          value = eq + 1;
          if (g_str_equal (fields[j], "window_s"))
            res->window_s = g_ascii_strtod (value, NULL);
          else if (g_str_equal (fields[j], "frames"))
            res->frames = g_ascii_strtoull (value, NULL, 10);
          else if (g_str_equal (fields[j], "verified"))
            res->verified = g_ascii_strtoull (value, NULL, 10);
          else if (g_str_equal (fields[j], "pipelines"))
            res->n_pipelines = (guint)g_ascii_strtoull (value, NULL, 10);
          else if (g_str_equal (fields[j], "rss_kb"))
            res->rss_mb = g_ascii_strtoull (value, NULL, 10) / 1024.0;
          else if (g_str_equal (fields[j], "jb_pushed"))
            res->jb_pushed = g_ascii_strtoull (value, NULL, 10);
          else if (g_str_equal (fields[j], "jb_lost"))
            res->jb_lost = g_ascii_strtoull (value, NULL, 10);
          else if (g_str_equal (fields[j], "jb_late"))
            res->jb_late = g_ascii_strtoull (value, NULL, 10);
          else if (g_str_equal (fields[j], "gate_pass"))
            res->gate_pass = g_ascii_strtoull (value, NULL, 10);
          else if (g_str_equal (fields[j], "gate_wait"))
            res->gate_wait = g_ascii_strtoull (value, NULL, 10);
          else if (g_str_equal (fields[j], "gate_drop"))
            res->gate_drop = g_ascii_strtoull (value, NULL, 10);
          else if (g_str_equal (fields[j], "window_cpu_s"))
            res->window_cpu_s = g_ascii_strtod (value, NULL);
          else if (g_str_equal (fields[j], "hwm_kb"))
            res->hwm_mb = g_ascii_strtoull (value, NULL, 10) / 1024.0;
        }
      res->ok = res->n_pipelines > 0 && res->frames > 0;
    }
}

/* Runs this program as "--child @mode" on @streams; its CPU time from wait4(). */
static void
run_child (const char *mode, Stream *streams, guint n, double seconds, double rss_at,
           ChildResult *res)
{
  g_autofree char *exe = self_exe ();
  g_autoptr (GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GString) out = g_string_new (NULL);
  posix_spawn_file_actions_t actions;
  struct rusage ru;
  int fds[2], status = 0, err;
  pid_t pid;
  gint64 t0, deadline;
  double parent0;
  gboolean reaped = FALSE;

  memset (res, 0, sizeof *res);
  g_ptr_array_add (argv, g_strdup (exe));
  g_ptr_array_add (argv, g_strdup_printf ("--child=%s", mode));
  g_ptr_array_add (argv, g_strdup_printf ("--seconds=%g", seconds));
  g_ptr_array_add (argv, g_strdup_printf ("--rss-at=%g", rss_at));
  g_ptr_array_add (argv, g_strdup_printf ("--parent-pid=%d", (int)getpid ()));
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (argv, g_strdup_printf ("--stream=%s|%s|%s|%s", streams[i].url,
                                            streams[i].cam->device_id,
                                            streams[i].cam->public_key_hex, streams[i].nonce_hex));
  g_ptr_array_add (argv, NULL);

  if (pipe2 (fds, O_CLOEXEC) != 0)
    {
      g_printerr ("hubview-bench: pipe: %s\n", g_strerror (errno));
      return;
    }
  posix_spawn_file_actions_init (&actions);
  posix_spawn_file_actions_adddup2 (&actions, fds[1], STDOUT_FILENO);
  t0 = g_get_monotonic_time ();
  parent0 = self_cpu_s ();
  err = posix_spawn (&pid, exe, &actions, NULL, (char *const *)argv->pdata, environ);
  posix_spawn_file_actions_destroy (&actions);
  close (fds[1]);
  if (err != 0)
    {
      g_printerr ("hubview-bench: cannot start %s: %s\n", exe, g_strerror (err));
      close (fds[0]);
      return;
    }
  running_child = pid;
  g_unix_set_fd_nonblocking (fds[0], TRUE, NULL);

  deadline = t0 + (gint64)((seconds + CHILD_START_TIMEOUT_S + 30) * G_USEC_PER_SEC);
  while (!reaped)
    {
      char buf[4096];
      ssize_t got;
      pid_t w;

      pump (20, NULL);
      while ((got = read (fds[0], buf, sizeof buf)) > 0)
        g_string_append_len (out, buf, got);
      w = wait4 (pid, &status, WNOHANG, &ru);
      if (w == pid)
        reaped = TRUE;
      else if (w < 0 && errno != EINTR)
        {
          g_printerr ("hubview-bench: wait4: %s\n", g_strerror (errno));
          break;
        }
      else if (quitting () || g_get_monotonic_time () > deadline)
        {
          if (!quitting ())
            g_printerr ("hubview-bench: child %s did not finish in time; killed\n", mode);
          kill (pid, SIGKILL);
          reaped = wait4 (pid, &status, 0, &ru) == pid;
          status = -1;
          break;
        }
    }
  running_child = 0;
  {
    char buf[4096];
    ssize_t got;

    while ((got = read (fds[0], buf, sizeof buf)) > 0)
      g_string_append_len (out, buf, got);
  }
  close (fds[0]);

  res->wall_s = (g_get_monotonic_time () - t0) / 1e6;
  res->parent_cpu_s = self_cpu_s () - parent0;
  if (!reaped || status == -1 || !WIFEXITED (status) || WEXITSTATUS (status) != 0)
    {
      if (!quitting ())
        g_printerr ("hubview-bench: child %s failed (status %d)\n", mode, status);
      return;
    }
  res->cpu_s = rusage_cpu_s (&ru);
  parse_child_output (out->str, res);
}

/* What one pipeline of a child counts */
typedef struct
{
  GstElement *pipeline;
  SinkProbe probe;
  guint64 gate_counts[HUB_N_VERDICTS];
  gpointer jitterbuffer; /* atomic; the first one rtpbin made */
} ChildPipeline;

static void
on_new_jitterbuffer (GstElement *rtpbin, GstElement *jitterbuffer, guint session, guint ssrc,
                     gpointer user_data)
{
  ChildPipeline *cp = user_data;

  gst_object_ref (jitterbuffer);
  if (!g_atomic_pointer_compare_and_exchange (&cp->jitterbuffer, NULL, jitterbuffer))
    gst_object_unref (jitterbuffer);
}

static void
on_new_manager (GstElement *src, GstElement *manager, gpointer user_data)
{
  g_signal_connect (manager, "new-jitterbuffer", G_CALLBACK (on_new_jitterbuffer), user_data);
}

/* Packets the jitter buffer pushed, lost and dropped as late, whole run */
static void
jitterbuffer_stats (ChildPipeline *cp, guint64 *pushed, guint64 *lost, guint64 *late)
{
  GstElement *jb = g_atomic_pointer_get (&cp->jitterbuffer);
  GstStructure *st = NULL;
  guint64 v;

  if (jb == NULL)
    return;
  g_object_get (jb, "stats", &st, NULL);
  if (st == NULL)
    return;
  if (gst_structure_get_uint64 (st, "num-pushed", &v))
    *pushed += v;
  if (gst_structure_get_uint64 (st, "num-lost", &v))
    *lost += v;
  if (gst_structure_get_uint64 (st, "num-late", &v))
    *late += v;
  gst_structure_free (st);
}

static int
child_main (void)
{
  guint n = opt_streams ? g_strv_length (opt_streams) : 0;
  g_autofree ChildPipeline *pipes = NULL;
  gboolean hub = g_strcmp0 (opt_child, "hub") == 0;
  gint64 start, window_start = 0, window_end = 0;
  guint64 frames0 = 0, verified0 = 0, frames1 = 0, verified1 = 0, rss_kb = 0, hwm_kb = 0;
  double cpu0 = 0, cpu1 = 0;
  guint64 jb_pushed = 0, jb_lost = 0, jb_late = 0, gate_pass = 0, gate_wait = 0, gate_drop = 0;
  int rc = 0;

  /* die with the parent */
  prctl (PR_SET_PDEATHSIG, SIGKILL);
  if (opt_parent_pid != 0 && getppid () != opt_parent_pid)
    return 3;
  if (n == 0 || (!hub && g_strcmp0 (opt_child, "plain") != 0) || opt_seconds <= 0)
    {
      g_printerr ("hubview-bench --child: hub|plain, --stream and --seconds needed\n");
      return 2;
    }

  hub_elements_register ();
  pipes = g_new0 (ChildPipeline, n);
  for (guint i = 0; i < n; i++)
    {
      g_auto (GStrv) parts = g_strsplit (opt_streams[i], "|", 4);
      g_autofree char *desc = NULL;
      g_autoptr (GstElement) sink = NULL;
      g_autoptr (GstElement) src = NULL;

      if (g_strv_length (parts) != 4)
        return 2;
      desc = hub ? hub_chain_desc (parts[0], parts[1], parts[2], parts[3], "fakesink name=sink")
                 : plain_chain_desc (parts[0]);
      pipes[i].pipeline = launch (desc);
      if (pipes[i].pipeline == NULL)
        return 2;
      sink = gst_bin_get_by_name (GST_BIN (pipes[i].pipeline), "sink");
      src = gst_bin_get_by_name (GST_BIN (pipes[i].pipeline), "src");
      g_signal_connect (src, "new-manager", G_CALLBACK (on_new_manager), &pipes[i]);
      /* in the plain chain nothing carries an identity: count every frame */
      probe_sink (sink, &pipes[i].probe);
    }
  for (guint i = 0; i < n; i++)
    gst_element_set_state (pipes[i].pipeline, GST_STATE_PLAYING);

  start = g_get_monotonic_time ();
  while (window_end == 0)
    {
      gint64 now;
      gboolean all_playing = TRUE;
      guint64 frames = 0, verified = 0;

      g_main_context_iteration (NULL, FALSE);
      g_usleep (10000);
      now = g_get_monotonic_time ();
      for (guint i = 0; i < n; i++)
        {
          if (pipeline_failed (pipes[i].pipeline, opt_child, pipes[i].gate_counts, NULL))
            {
              rc = 2;
              window_end = now;
            }
          if (g_atomic_int_get (&pipes[i].probe.frames) == 0)
            all_playing = FALSE;
          frames += g_atomic_int_get (&pipes[i].probe.frames);
          verified += g_atomic_int_get (&pipes[i].probe.verified);
        }
      if (window_start == 0 && all_playing)
        {
          window_start = now;
          cpu0 = self_cpu_s ();
          frames0 = frames;
          verified0 = verified;
        }
      if (window_start == 0 && now - start > CHILD_START_TIMEOUT_S * G_USEC_PER_SEC)
        {
          g_printerr ("hubview-bench --child: no frames after %d s\n", CHILD_START_TIMEOUT_S);
          rc = 2;
          window_end = now;
        }
      if (window_start != 0 && rss_kb == 0 && opt_rss_at > 0
          && now - window_start >= opt_rss_at * G_USEC_PER_SEC)
        rss_kb = proc_status_kb ("VmRSS");
      if (window_start != 0 && now - window_start >= opt_seconds * G_USEC_PER_SEC)
        {
          window_end = now;
          cpu1 = self_cpu_s ();
          frames1 = frames;
          verified1 = verified;
        }
    }
  if (rss_kb == 0)
    rss_kb = proc_status_kb ("VmRSS");
  hwm_kb = proc_status_kb ("VmHWM");
  for (guint i = 0; i < n; i++)
    {
      jitterbuffer_stats (&pipes[i], &jb_pushed, &jb_lost, &jb_late);
      pipeline_failed (pipes[i].pipeline, opt_child, pipes[i].gate_counts, NULL);
      for (int v = 0; v < HUB_N_VERDICTS; v++)
        {
          guint64 c = pipes[i].gate_counts[v];

          if (v == HUB_VERDICT_PASS)
            gate_pass += c;
          else if (v == HUB_VERDICT_WAIT_KEYFRAME)
            gate_wait += c;
          else
            gate_drop += c;
        }
      gst_element_set_state (pipes[i].pipeline, GST_STATE_NULL);
      gst_object_unref (pipes[i].pipeline);
      if (pipes[i].jitterbuffer != NULL)
        gst_object_unref (pipes[i].jitterbuffer);
    }
  if (rc != 0)
    return rc;
  printf ("result pipelines=%u window_s=%.3f window_cpu_s=%.3f frames=%" G_GUINT64_FORMAT
          " verified=%" G_GUINT64_FORMAT " rss_kb=%" G_GUINT64_FORMAT " hwm_kb=%" G_GUINT64_FORMAT
          " jb_pushed=%" G_GUINT64_FORMAT " jb_lost=%" G_GUINT64_FORMAT
          " jb_late=%" G_GUINT64_FORMAT " gate_pass=%" G_GUINT64_FORMAT
          " gate_wait=%" G_GUINT64_FORMAT " gate_drop=%" G_GUINT64_FORMAT "\n",
          n, (window_end - window_start) / 1e6, cpu1 - cpu0, frames1 - frames0,
          verified1 - verified0, rss_kb, hwm_kb, jb_pushed, jb_lost, jb_late, gate_pass, gate_wait,
          gate_drop);
  fflush (stdout);
  return 0;
}

typedef struct
{
  ChildResult hub[2];
  ChildResult plain[2];
  guint n_pipelines;
  double ratio; /* NAN when a run failed */
} CpuResults;

static double
sum_cpu (const ChildResult r[2])
{
  return r[0].cpu_s + r[1].cpu_s;
}

/* hub, plain, plain, hub: each pipeline @seconds of decoding per run */
static void
measure_cpu (Sim *sim, Cam **cams, guint n, double seconds, double rss_at, const char *label,
             CpuResults *c)
{
  static const gboolean hub_order[4] = { TRUE, FALSE, FALSE, TRUE };
  guint hub_i = 0, plain_i = 0;

  memset (c, 0, sizeof *c);
  c->n_pipelines = n;
  for (guint run = 0; run < 4 && !quitting (); run++)
    {
      g_autofree Stream *streams = g_new0 (Stream, n);
      ChildResult *res = hub_order[run] ? &c->hub[hub_i++] : &c->plain[plain_i++];

      for (guint i = 0; i < n; i++)
        stream_open (sim, cams[i], &streams[i]);
      g_printerr ("%s: run %u/4 (%s, %u pipeline%s, %g s)...\n", label, run + 1,
                  hub_order[run] ? "hub" : "plain", n, n > 1 ? "s" : "", seconds);
      run_child (hub_order[run] ? "hub" : "plain", streams, n, seconds, rss_at, res);
      for (guint i = 0; i < n; i++)
        stream_close (&streams[i]);
      pump (500, NULL);
    }
  c->ratio = c->hub[0].ok && c->hub[1].ok && c->plain[0].ok && c->plain[1].ok
                 ? sum_cpu (c->hub) / sum_cpu (c->plain)
                 : NAN;
}

/* ------------------------------------------------------------------------ */
/* Output                                                                   */

static void
json_number (GString *s, const char *key, double value, int decimals, gboolean last)
{
  if (isnan (value))
    g_string_append_printf (s, "\"%s\": null", key);
  else
    {
      char buf[G_ASCII_DTOSTR_BUF_SIZE];
      g_autofree char *fmt = g_strdup_printf ("%%.%df", decimals);

      g_ascii_formatd (buf, sizeof buf, fmt, value);
      g_string_append_printf (s, "\"%s\": %s", key, buf);
    }
  if (!last)
    g_string_append (s, ", ");
}

static char *
fmt_num (double value, int decimals)
{
  if (isnan (value))
    return g_strdup ("n/a");
  return g_strdup_printf ("%.*f", decimals, value);
}

static void
row (const char *metric, const char *value, const char *how)
{
  printf ("  %-36s %12s   %s\n", metric, value, how);
}

static void
rowf (const char *metric, double value, int decimals, const char *how)
{
  g_autofree char *v = fmt_num (value, decimals);

  row (metric, v, how);
}

static double
fps_of (const ChildResult r[2])
{
  double frames = 0, secs = 0;

  for (int i = 0; i < 2; i++)
    if (r[i].ok && r[i].n_pipelines > 0)
      {
        frames += (double)r[i].frames / r[i].n_pipelines;
        secs += r[i].window_s;
      }
  return secs > 0 ? frames / secs : NAN;
}

static double
steady_ratio (const CpuResults *c)
{
  double hub = c->hub[0].window_cpu_s + c->hub[1].window_cpu_s;
  double plain = c->plain[0].window_cpu_s + c->plain[1].window_cpu_s;

  return isnan (c->ratio) || plain <= 0 ? NAN : hub / plain;
}

/* CPU ms per frame at the sinks, over the decoding windows */
static double
window_ms_per_frame (const ChildResult r[2])
{
  double frames = r[0].frames + r[1].frames;

  return frames > 0 ? (r[0].window_cpu_s + r[1].window_cpu_s) * 1000 / frames : NAN;
}

static void
print_cpu_details (const char *label, const CpuResults *c)
{
  for (int which = 0; which < 2; which++)
    {
      const ChildResult *r = which == 0 ? c->hub : c->plain;
      g_autofree char *metric
          = g_strdup_printf ("%s %s CPU s (2 runs)", label, which == 0 ? "hub" : "plain");
      g_autofree char *how = g_strdup_printf (
          "%.2f + %.2f s in %.1f + %.1f s of child life; %.1f fps per pipeline at the sink%s",
          r[0].cpu_s, r[1].cpu_s, r[0].wall_s, r[1].wall_s, fps_of (r),
          which == 0 && (r[0].verified + r[1].verified) != (r[0].frames + r[1].frames)
              ? " (some unverified!)"
              : "");

      rowf (metric, sum_cpu (r), 2, how);
    }
  for (int which = 0; which < 2; which++)
    {
      const ChildResult *r = which == 0 ? c->hub : c->plain;
      g_autofree char *metric
          = g_strdup_printf ("%s %s RTP packets lost+late", label, which == 0 ? "hub" : "plain");
      g_autofree char *how = NULL;

      if (which == 0)
        how = g_strdup_printf ("of %" G_GUINT64_FORMAT " pushed by the jitter buffer (drop-on-"
                               "latency, 200 ms); gate: %" G_GUINT64_FORMAT
                               " passed, %" G_GUINT64_FORMAT " dropped, %" G_GUINT64_FORMAT
                               " waiting for a key frame",
                               r[0].jb_pushed + r[1].jb_pushed, r[0].gate_pass + r[1].gate_pass,
                               r[0].gate_drop + r[1].gate_drop, r[0].gate_wait + r[1].gate_wait);
      else
        how = g_strdup_printf ("of %" G_GUINT64_FORMAT " pushed (rtspsrc defaults: 2000 ms, "
                               "no drop)",
                               r[0].jb_pushed + r[1].jb_pushed);
      rowf (metric, (double)(r[0].jb_lost + r[1].jb_lost + r[0].jb_late + r[1].jb_late), 0, how);
    }
  {
    g_autofree char *metric = g_strdup_printf ("%s ratio, decoding window only", label);

    rowf (metric, steady_ratio (c), 3,
          "cross-check: each child's own getrusage(RUSAGE_SELF) from first frame to the end");
  }
  {
    g_autofree char *metric = g_strdup_printf ("%s ratio per frame, window only", label);
    double hub = window_ms_per_frame (c->hub), plain = window_ms_per_frame (c->plain);
    g_autofree char *how = g_strdup_printf ("hub %.2f ÷ plain %.2f CPU ms per frame at the sink "
                                            "(the camera's frame rate varies under load)",
                                            hub, plain);

    rowf (metric, isnan (c->ratio) ? NAN : hub / plain, 3, how);
  }
  {
    double parent = c->hub[0].parent_cpu_s + c->hub[1].parent_cpu_s + c->plain[0].parent_cpu_s
                    + c->plain[1].parent_cpu_s;
    double wall = c->hub[0].wall_s + c->hub[1].wall_s + c->plain[0].wall_s + c->plain[1].wall_s;
    g_autofree char *metric = g_strdup_printf ("%s cameras CPU (not counted)", label);

    rowf (metric, wall > 0 ? parent / wall : NAN, 2,
          "cores used by this process (encoders, RTSP server) during the runs");
  }
}

/* ------------------------------------------------------------------------ */
/* main                                                                     */

static gboolean
part_wanted (const char *part)
{
  g_auto (GStrv) parts = NULL;

  if (opt_only == NULL)
    return TRUE;
  parts = g_strsplit (opt_only, ",", -1);
  return g_strv_contains ((const char *const *)parts, part);
}

static gboolean
check_elements (void)
{
  static const char *const needed[]
      = { "rtspsrc", "rtph264depay", "h264parse",    "avdec_h264", "videoconvert",
          "appsink", "fakesink",     "videotestsrc", "x264enc",    "rtph264pay" };
  gboolean ok = TRUE;

  for (guint i = 0; i < G_N_ELEMENTS (needed); i++)
    {
      g_autoptr (GstElementFactory) f = gst_element_factory_find (needed[i]);

      if (f == NULL)
        {
          g_printerr ("hubview-bench: GStreamer element %s is missing\n", needed[i]);
          ok = FALSE;
        }
    }
  return ok;
}

int
main (int argc, char **argv)
{
  g_autoptr (GOptionContext) context = g_option_context_new (NULL);
  g_autoptr (GError) error = NULL;
  Sim *sim;
  Cam *cam = NULL;
  Cam *grid[GRID_N] = { NULL };
  FirstFrameResults ff = { 0 };
  GateResults gate = { 0 };
  CpuResults cpu1080 = { .ratio = NAN }, cpu_grid = { .ratio = NAN };
  guint selections;
  double cpu_seconds, grid_seconds, capture_s;
  guint passes;
  gint64 t_start = g_get_monotonic_time ();
  double load_start = load_average ();
  gboolean gate_ok = FALSE;
  double ff_p50, ff_p95, ff_nokf_p50, gate_p50, grid_rss = NAN;
  g_autoptr (GString) json = g_string_new ("{");
  int rc = 0;

  g_option_context_set_summary (
      context, "First-frame time, CPU and memory of hubview's camera pipeline against simulated "
               "cameras (in this process), compared with a plain gst-launch pipeline.\n"
               "Prints one JSON object, then a table.");
  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_add_group (context, gst_init_get_option_group ());
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("hubview-bench: %s\n", error->message);
      return 2;
    }
  gst_init (NULL, NULL);
  if (sodium_init () < 0)
    return 2;

  if (opt_child != NULL)
    return child_main ();

  if (!check_elements ())
    return 2;
  hub_elements_register ();
  selections = opt_selections > 0 ? (guint)opt_selections : opt_quick ? 10 : 50;
  cpu_seconds = opt_cpu_seconds > 0 ? opt_cpu_seconds : opt_quick ? 5 : 15;
  grid_seconds = opt_grid_seconds > 0 ? opt_grid_seconds : opt_quick ? 5 : 20;
  capture_s = opt_quick ? 3 : 10;
  passes = opt_quick ? 2 : 5;

  g_unix_signal_add (SIGINT, on_quit_signal, NULL);
  g_unix_signal_add (SIGTERM, on_quit_signal, NULL);
  g_unix_signal_add (SIGHUP, on_quit_signal, NULL);

  sim = sim_new ();
  first_frame_results_init (&ff);

  /* 1. first frame, one 720p30 camera */
  if (part_wanted ("first-frame"))
    {
      cam = cam_start (sim, 0, "bench-cam-720p", FF_WIDTH, FF_HEIGHT, &error);
      if (cam == NULL)
        {
          g_printerr ("hubview-bench: camera: %s\n", error->message);
          rc = 2;
          goto out;
        }
      pump (2000, NULL); /* the encoder warms up */
      measure_first_frames (sim, cam, selections, &ff);
      g_clear_pointer (&cam, cam_stop);
    }

  /* 2. and 3. one 1080p30 camera: the gate per frame, then CPU */
  if (!quitting () && (part_wanted ("gate") || part_wanted ("cpu")))
    {
      cam = cam_start (sim, 1, "bench-cam-1080p", CPU_WIDTH, CPU_HEIGHT, &error);
      if (cam == NULL)
        {
          g_printerr ("hubview-bench: camera: %s\n", error->message);
          rc = 2;
          goto out;
        }
      pump (2000, NULL);
      g_printerr ("gate: capturing %g s of the 1080p stream...\n", capture_s);
      if (part_wanted ("gate"))
        gate_ok = measure_gate (sim, cam, capture_s, passes, &gate);
      if (!quitting () && part_wanted ("cpu"))
        measure_cpu (sim, &cam, 1, cpu_seconds, 0, "1080p", &cpu1080);
      g_clear_pointer (&cam, cam_stop);
    }

  /* 3. four 720p30 cameras at once */
  if (!quitting () && part_wanted ("grid"))
    {
      for (guint i = 0; i < GRID_N; i++)
        {
          g_autofree char *id = g_strdup_printf ("bench-grid-%u", i);

          grid[i] = cam_start (sim, i, id, FF_WIDTH, FF_HEIGHT, &error);
          if (grid[i] == NULL)
            {
              g_printerr ("hubview-bench: camera: %s\n", error->message);
              rc = 2;
              goto out;
            }
        }
      pump (2000, NULL);
      measure_cpu (sim, grid, GRID_N, grid_seconds, grid_seconds, "grid4", &cpu_grid);
      if (cpu_grid.hub[0].ok && cpu_grid.hub[1].ok)
        grid_rss = MAX (cpu_grid.hub[0].rss_mb, cpu_grid.hub[1].rss_mb);
    }

  if (quitting ())
    {
      g_printerr ("hubview-bench: interrupted\n");
      rc = 130;
      goto out;
    }

  /* ---- results ---- */
  ff_p50 = percentile (ff.ms[VARIANT_KF], 50);
  ff_p95 = percentile (ff.ms[VARIANT_KF], 95);
  ff_nokf_p50 = percentile (ff.ms[VARIANT_NO_KF], 50);
  gate_p50 = gate_ok ? percentile (gate.cpu_us, 50) : NAN;

  json_number (json, "first_frame_ms_p50", ff_p50, 1, FALSE);
  json_number (json, "first_frame_ms_p95", ff_p95, 1, FALSE);
  json_number (json, "first_frame_ms_p50_no_kf_request", ff_nokf_p50, 1, FALSE);
  json_number (json, "cpu_ratio_vs_gst_launch", cpu1080.ratio, 3, FALSE);
  json_number (json, "gate_us_per_frame_p50", gate_p50, 1, FALSE);
  json_number (json, "paint_check_us_per_frame_p50",
               gate_ok && gate.paint_us->len > 0 ? percentile (gate.paint_us, 50) : NAN, 1, FALSE);
  json_number (json, "grid4_cpu_ratio_vs_gst_launch", cpu_grid.ratio, 3, FALSE);
  json_number (json, "grid4_rss_mb", grid_rss, 1, TRUE);
  g_string_append (json, "}");
  printf ("%s\n\n", json->str);

  printf ("hubview-bench%s — %u selections per variant, 1080p CPU 2 × %g s per pipeline, "
          "grid 2 × %g s\n",
          opt_quick ? " --quick" : "", selections, cpu_seconds, grid_seconds);
  printf ("  %-36s %12s   %s\n", "metric", "value", "how");
  printf (
      "First frame, 720p30 camera (request → first verified frame at an appsink, sync=false)\n");
  {
    g_autofree char *how_kf = g_strdup_printf (
        "gst_parse_launch chain, gate asks for key frames; n=%u, %u failed, %.1f requests/sel.",
        ff.ms[VARIANT_KF]->len, ff.failures[VARIANT_KF],
        selections ? (double)ff.key_requests[VARIANT_KF] / selections : 0);
    g_autofree char *how_nokf = g_strdup_printf (
        "same chain, requests off (%u attempted by the gate, dropped); n=%u, %u failed",
        ff.key_requests[VARIANT_NO_KF], ff.ms[VARIANT_NO_KF]->len, ff.failures[VARIANT_NO_KF]);
    g_autofree char *how_connect = g_strdup_printf (
        "kf chain + one request pushed from the gate's sink pad at stream-start; n=%u, %u failed",
        ff.ms[VARIANT_KF_CONNECT]->len, ff.failures[VARIANT_KF_CONNECT]);
    g_autofree char *how_hcp = g_strdup_printf ("HubCameraPipeline (decoder %s), appsink probe; "
                                                "n=%u, %u failed",
                                                ff.hcp_decoder ?: "?", ff.ms[VARIANT_HCP]->len,
                                                ff.failures[VARIANT_HCP]);

    rowf ("first_frame_ms_p50", ff_p50, 1, how_kf);
    rowf ("first_frame_ms_p95", ff_p95, 1, "");
    rowf ("first_frame_ms_mean (kf)", mean (ff.ms[VARIANT_KF]), 1, "");
    rowf ("first_frame_ms_p50_no_kf_request", ff_nokf_p50, 1, how_nokf);
    rowf ("first_frame_ms_p95_no_kf_request", percentile (ff.ms[VARIANT_NO_KF], 95), 1, "");
    rowf ("first_frame_ms_mean (no-kf)", mean (ff.ms[VARIANT_NO_KF]), 1, "");
    {
      GArray *a = ff.ms[VARIANT_KF], *b = ff.ms[VARIANT_NO_KF];
      double half = 1.96 * sqrt (variance (a) / a->len + variance (b) / b->len);
      g_autofree char *how = g_strdup_printf (
          "± %.1f ms (95 %%, normal approx.): the key-frame request's effect on the mean", half);

      rowf ("mean kf − mean no-kf (ms)", mean (a) - mean (b), 1, how);
    }
    {
      g_autofree char *how = g_strdup_printf (
          "mean; no-kf %.1f ms. Selections where the gate got units before the IDR (the only "
          "case a request can help): kf %u/%u, no-kf %u/%u",
          mean (ff.data_ms[VARIANT_NO_KF]), ff.data_before_idr[VARIANT_KF], ff.ms[VARIANT_KF]->len,
          ff.data_before_idr[VARIANT_NO_KF], ff.ms[VARIANT_NO_KF]->len);

      rowf ("kf: request → first data at the gate", mean (ff.data_ms[VARIANT_KF]), 1, how);
    }
    rowf ("hcp first_frame_ms p50", percentile (ff.ms[VARIANT_HCP], 50), 1, how_hcp);
    rowf ("hcp first_frame_ms p95", percentile (ff.ms[VARIANT_HCP], 95), 1, "");
    rowf ("hcp get_first_frame_ms() p50", percentile (ff.hcp_self_ms, 50), 1,
          "its own figure: newest frame's time at its 100 ms tick");
    rowf ("hcp get_first_frame_ms() p95", percentile (ff.hcp_self_ms, 95), 1, "");
    rowf ("experiment: kf-connect p50", percentile (ff.ms[VARIANT_KF_CONNECT], 50), 1, how_connect);
    rowf ("experiment: kf-connect p95", percentile (ff.ms[VARIANT_KF_CONNECT], 95), 1, "");
  }
  printf ("Gate, 1080p30 stream\n");
  {
    g_autofree char *how = g_strdup_printf (
        "thread CPU of hub_gate_push_annexb in-process over %u captured NAL buffers (%.0f s), "
        "%u passes, + the unit copy",
        gate.n_nals, capture_s, gate.passes);
    g_autofree char *how2 = g_strdup_printf (
        "%" G_GUINT64_FORMAT " units passed, %" G_GUINT64_FORMAT " waited for a key frame, "
        "%" G_GUINT64_FORMAT " other; %.0f bytes/unit",
        gate.counts[HUB_VERDICT_PASS], gate.counts[HUB_VERDICT_WAIT_KEYFRAME],
        gate.counts[HUB_VERDICT_NO_TAG] + gate.counts[HUB_VERDICT_MALFORMED]
            + gate.counts[HUB_VERDICT_UNKNOWN_KEY] + gate.counts[HUB_VERDICT_WRONG_DEVICE]
            + gate.counts[HUB_VERDICT_WRONG_SESSION] + gate.counts[HUB_VERDICT_BAD_DIGEST]
            + gate.counts[HUB_VERDICT_BAD_SIGNATURE] + gate.counts[HUB_VERDICT_REPLAY],
        gate.avg_unit_bytes);

    rowf ("gate_us_per_frame_p50", gate_p50, 1, how);
    rowf ("gate_us_per_frame_p95", gate_ok ? percentile (gate.cpu_us, 95) : NAN, 1, how2);
    rowf ("gate_us_per_frame_mean", gate_ok ? mean (gate.cpu_us) : NAN, 1, "");
    rowf ("gate wall µs per frame p50", gate_ok ? percentile (gate.wall_us, 50) : NAN, 1,
          "same, monotonic clock");
    rowf ("paint check µs per frame p50",
          gate_ok && gate.paint_us->len > 0 ? percentile (gate.paint_us, 50) : NAN, 1,
          "the view's own check (tag signature, device, nonce), target ≤ 200");
    rowf ("paint check µs per frame p95",
          gate_ok && gate.paint_us->len > 0 ? percentile (gate.paint_us, 95) : NAN, 1, "");
    if (gate_ok && gate.paint_refused > 0)
      printf ("  !! the view's check refused %" G_GUINT64_FORMAT " frames the gate passed\n",
              gate.paint_refused);
    rowf ("gate share of one core at 30 fps (%)", gate_ok ? mean (gate.cpu_us) * FPS / 1e4 : NAN, 2,
          "mean × 30 / 1 s");
  }
  printf ("CPU, one 1080p30 camera (child processes, rusage from wait4; hub = gate + BGRx)\n");
  rowf ("cpu_ratio_vs_gst_launch", cpu1080.ratio, 3,
        "hub CPU s ÷ plain CPU s, runs hub/plain/"
        "plain/hub");
  print_cpu_details ("1080p", &cpu1080);
  printf ("CPU and memory, four 720p30 cameras (one child, four pipelines)\n");
  rowf ("grid4_cpu_ratio_vs_gst_launch", cpu_grid.ratio, 3, "hub CPU s ÷ plain CPU s");
  print_cpu_details ("grid4", &cpu_grid);
  {
    g_autofree char *how = g_strdup_printf (
        "MiB, VmRSS of the hub child after %g s of 4 pipelines playing (larger of 2 runs)",
        grid_seconds);
    g_autofree char *how_hwm = g_strdup_printf ("MiB, hub child peak; plain child: %.1f / %.1f",
                                                cpu_grid.plain[0].hwm_mb, cpu_grid.plain[1].hwm_mb);

    rowf ("grid4_rss_mb", grid_rss, 1, how);
    rowf ("grid4 VmHWM hub (MiB)", MAX (cpu_grid.hub[0].hwm_mb, cpu_grid.hub[1].hwm_mb), 1,
          how_hwm);
    rowf ("grid4 VmRSS plain (MiB)", MAX (cpu_grid.plain[0].rss_mb, cpu_grid.plain[1].rss_mb), 1,
          "same time, plain child");
  }
  printf ("Wall time %.1f s; 1-min load average %.2f at the start, %.2f at the end (%d CPUs). "
          "The cameras encode in this process.\n",
          (g_get_monotonic_time () - t_start) / 1e6, load_start, load_average (),
          g_get_num_processors ());

out:
  g_clear_pointer (&cam, cam_stop);
  for (guint i = 0; i < GRID_N; i++)
    g_clear_pointer (&grid[i], cam_stop);
  pump (300, NULL);
  sim_free (sim);
  first_frame_results_clear (&ff);
  g_clear_pointer (&gate.cpu_us, g_array_unref);
  g_clear_pointer (&gate.wall_us, g_array_unref);
  return rc;
}
