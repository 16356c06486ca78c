/* hub-camera-pipeline.c — one camera session, fail-closed end to end
 *
 * Copyright 2026 hubview developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The elements are made and linked in hub-camera-pipeline-build.c. The gate
 * element lives as long as the session, so a reconnection within
 * the lease continues from the last accepted counter. Each connection has
 * an rtspsrc of its own: when it ends, the source leaves the pipeline and
 * is closed on a worker thread (hub-rtsp-source.c), so the main thread
 * never waits on the network. The state is worked out on the main thread
 * from what the streaming threads record under a lock (frames shown, data
 * seen) and from the gate's bus messages.
 */
#define G_LOG_DOMAIN "hub-camera-pipeline"

#include "hub-camera-pipeline-private.h"

#include <string.h>

#include "hub-frame-identity-meta.h"
#include "hub-rtsp-source.h"

#define TICK_MS 100
#define STALL_US (1 * G_USEC_PER_SEC)        /* no verified frame → delayed */
#define AGE_EXCESS_US (2 * G_USEC_PER_SEC)   /* older than latency + this → delayed (§6.6) */
#define DELAY_MS_MAX (G_MAXUINT / 2)         /* what delay_ms can say */
#define BLOCK_WINDOW_US (1 * G_USEC_PER_SEC) /* a failing unit this recent → blocked */
#define DATA_TIMEOUT_US (4 * G_USEC_PER_SEC) /* no data at all → reconnect */
#define REPLAY_ONLY_US (5 * G_USEC_PER_SEC)  /* only replays this long → a new session */
#define CONNECT_TIMEOUT_US (5 * G_USEC_PER_SEC)
#define SILENT_CONNECTS_MAX 2 /* then the session is given up: a new one */
#define BACKOFF_BASE_MS 250
#define BACKOFF_CAP_MS 8000


enum
{
  PROP_0,
  PROP_STATE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (HubCameraPipeline, hub_camera_pipeline, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (HubCameraState, hub_camera_state,
                    G_DEFINE_ENUM_VALUE (HUB_CAMERA_STATE_STOPPED, "stopped"),
                    G_DEFINE_ENUM_VALUE (HUB_CAMERA_STATE_CONNECTING, "connecting"),
                    G_DEFINE_ENUM_VALUE (HUB_CAMERA_STATE_WAITING, "waiting"),
                    G_DEFINE_ENUM_VALUE (HUB_CAMERA_STATE_PLAYING, "playing"),
                    G_DEFINE_ENUM_VALUE (HUB_CAMERA_STATE_DELAYED, "delayed"),
                    G_DEFINE_ENUM_VALUE (HUB_CAMERA_STATE_BLOCKED, "blocked"),
                    G_DEFINE_ENUM_VALUE (HUB_CAMERA_STATE_RECONNECTING, "reconnecting"),
                    G_DEFINE_ENUM_VALUE (HUB_CAMERA_STATE_FAILED, "failed"),
                    G_DEFINE_ENUM_VALUE (HUB_CAMERA_STATE_OPENING, "opening"),
                    G_DEFINE_ENUM_VALUE (HUB_CAMERA_STATE_LOCKED, "locked"),
                    G_DEFINE_ENUM_VALUE (HUB_CAMERA_STATE_OFFLINE, "offline"),
                    G_DEFINE_ENUM_VALUE (HUB_CAMERA_STATE_REMOVED, "removed"))

const char *
hub_camera_state_to_string (HubCameraState state)
{
  /* a static type's class is never freed: one reference for good */
  static GEnumClass *klass;
  GEnumValue *value;

  if (g_once_init_enter (&klass))
    g_once_init_leave (&klass, (GEnumClass *) g_type_class_ref (HUB_TYPE_CAMERA_STATE));
  value = g_enum_get_value (klass, state);
  return value != NULL ? value->value_nick : "invalid";
}

static void
set_state (HubCameraPipeline *self, HubCameraState state, const char *reason)
{
  g_assert (HUB_IS_CAMERA_PIPELINE (self));

  if (self->state == state && g_strcmp0 (self->reason, reason) == 0)
    return;
  g_free (self->reason);
  self->reason = g_strdup (reason);
  self->state = state;
  g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_INFO, "CAMERA", self->device_id, "HUB_STATE",
                    hub_camera_state_to_string (state), "MESSAGE", "camera=%s state=%s%s%s",
                    self->device_id, hub_camera_state_to_string (state), reason ? " reason=" : "",
                    reason ? reason : "");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

/* ---- streaming threads ---- */

static GstPadProbeReturn
on_data_probe (GstPad *pad, GstPadProbeInfo *info, gpointer user_data)
{
  HubCameraPipeline *self = user_data;

  g_mutex_lock (&self->lock);
  self->data_seen = TRUE;
  self->last_data_us = g_get_monotonic_time ();
  g_mutex_unlock (&self->lock);
  return GST_PAD_PROBE_OK;
}

gint64
hub_frame_age_us (gint64 now_us, guint64 capture_time_us)
{
  /* capture_time_us is the camera's signed u64: compared unsigned, so
   * that no value of it overflows; a frame from the future is not late */
  if (now_us <= 0 || capture_time_us >= (guint64) now_us)
    return 0;
  return (gint64) ((guint64) now_us - capture_time_us);
}

gboolean
hub_frame_age_is_delayed (gint64 age_us, guint latency_ms)
{
  return age_us > (gint64) latency_ms * 1000 + AGE_EXCESS_US;
}

static void update_state (HubCameraPipeline *self);

static gboolean
on_frame_changes_state (gpointer user_data)
{
  HubCameraPipeline *self = user_data;

  if (self->tick_id != 0)
    update_state (self);
  return G_SOURCE_REMOVE;
}

static GstPadProbeReturn
on_frame_probe (GstPad *pad, GstPadProbeInfo *info, gpointer user_data)
{
  HubCameraPipeline *self = user_data;
  GstBuffer *buffer = GST_PAD_PROBE_INFO_BUFFER (info);
  HubFrameIdentity id;
  gboolean delayed, changes_state;

  /* the sink refuses frames without identity; only verified ones count */
  if (!hub_buffer_get_frame_identity (buffer, &id))
    return GST_PAD_PROBE_OK;

  g_mutex_lock (&self->lock);
  self->frames_shown++;
  self->last_frame_us = g_get_monotonic_time ();
  if (self->first_frame_us == 0)
    self->first_frame_us = self->last_frame_us;
  /* against the hub's own clock, never a baseline taken from the stream
   * (a relay holding the whole stream back would set it) */
  self->age_us = hub_frame_age_us (g_get_real_time (), id.capture_time_us);
  self->have_age = TRUE;
  delayed = hub_frame_age_is_delayed (self->age_us, self->latency_ms);
  changes_state = self->frames_shown == 1 || delayed != self->frame_delayed;
  self->frame_delayed = delayed;
  g_mutex_unlock (&self->lock);
  /* The first frame, or one that turns the stream delayed or back: the
   * state is worked out now rather than at the next tick, so that the
   * overlay is there when the sink's own idle (queued after this one, at
   * the same priority) paints the frame (§6.6). */
  if (changes_state)
    g_idle_add_full (G_PRIORITY_DEFAULT, on_frame_changes_state, g_object_ref (self),
                     g_object_unref);
  return GST_PAD_PROBE_OK;
}

/* This connection's source, in the pipeline (not started). */
static gboolean
add_source (HubCameraPipeline *self)
{
  GstElement *src = hub_rtsp_source_new (self->url, self->latency_ms, self->depay);

  if (src == NULL)
    return FALSE;
  gst_bin_add (GST_BIN (self->pipeline), src);
  self->src = src;
  return TRUE;
}

/* Stops the stream: the source is retired, the rest set to NULL (no
 * network there, so at once). */
static void
stop_streaming (HubCameraPipeline *self)
{
  if (self->pipeline == NULL)
    return;
  if (self->src != NULL)
    hub_rtsp_source_retire (GST_BIN (self->pipeline), g_steal_pointer (&self->src));
  gst_element_set_state (self->pipeline, GST_STATE_NULL);
}

static gboolean on_bus_message (GstBus *bus, GstMessage *message, gpointer user_data);

/* The pipeline, with the probes that record what the streaming threads
 * see and a watch on its bus. */
static gboolean
build_and_watch (HubCameraPipeline *self)
{
  g_autoptr (GstPad) gate_sink = NULL;
  g_autoptr (GstPad) sink_pad = NULL;
  g_autoptr (GstBus) bus = NULL;

  if (!hub_camera_pipeline_build (self))
    return FALSE;
  gate_sink = gst_element_get_static_pad (self->gate, "sink");
  gst_pad_add_probe (gate_sink, GST_PAD_PROBE_TYPE_BUFFER | GST_PAD_PROBE_TYPE_BUFFER_LIST,
                     on_data_probe, self, NULL);
  sink_pad = gst_element_get_static_pad (self->sink, "sink");
  gst_pad_add_probe (sink_pad, GST_PAD_PROBE_TYPE_BUFFER, on_frame_probe, self, NULL);
  bus = gst_pipeline_get_bus (GST_PIPELINE (self->pipeline));
  self->bus_watch = gst_bus_add_watch (bus, on_bus_message, self);
  return TRUE;
}

/* ---- state, on the main thread ---- */

static void connect_now (HubCameraPipeline *self);

static gboolean
on_retry (gpointer user_data)
{
  HubCameraPipeline *self = user_data;

  self->retry_id = 0;
  connect_now (self);
  return G_SOURCE_REMOVE;
}

/* Drops the connection and tries again after a capped exponential backoff
 * with full jitter. */
static void
reconnect (HubCameraPipeline *self, const char *why)
{
  guint cap, delay;

  if (self->state == HUB_CAMERA_STATE_STOPPED || self->state == HUB_CAMERA_STATE_FAILED)
    return;
  stop_streaming (self);
  cap = MIN (BACKOFF_CAP_MS, BACKOFF_BASE_MS << MIN (self->attempt, 10));
  delay = g_random_int_range (0, cap + 1);
  self->attempt++;
  self->reconnects++;
  g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_MESSAGE, "CAMERA", self->device_id, "MESSAGE",
                    "camera=%s reconnecting in %u ms (%s)", self->device_id, delay, why);
  set_state (self, HUB_CAMERA_STATE_RECONNECTING, why);
  g_clear_handle_id (&self->retry_id, g_source_remove);
  self->retry_id = g_timeout_add (delay, on_retry, self);
}

static void
connect_now (HubCameraPipeline *self)
{
  g_mutex_lock (&self->lock);
  self->data_seen = FALSE;
  g_mutex_unlock (&self->lock);
  if (self->src == NULL && !add_source (self))
    {
      set_state (self, HUB_CAMERA_STATE_FAILED, "missing GStreamer elements");
      return;
    }
  self->connect_started_us = g_get_monotonic_time ();
  if (self->state != HUB_CAMERA_STATE_RECONNECTING)
    set_state (self, HUB_CAMERA_STATE_CONNECTING, NULL);
  if (gst_element_set_state (self->pipeline, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE)
    reconnect (self, "could not start");
}

/* Every tick: the state, worked out from what the streaming threads recorded
 * (data seen, frames shown, their age) and from the gate's drops. */
static void
update_state (HubCameraPipeline *self)
{
  gint64 now = g_get_monotonic_time ();
  gboolean data_seen;
  gint64 last_data, last_frame, age = 0;
  guint64 frames;
  gboolean blocked = self->last_drop_us > 0 && now - self->last_drop_us < BLOCK_WINDOW_US
                     && self->last_drop != HUB_VERDICT_WAIT_KEYFRAME;

  g_mutex_lock (&self->lock);
  data_seen = self->data_seen;
  last_data = self->last_data_us;
  last_frame = self->last_frame_us;
  frames = self->frames_shown;
  if (self->have_age)
    age = self->age_us;
  g_mutex_unlock (&self->lock);

  if (frames > 0 && self->first_frame_ms < 0)
    {
      g_mutex_lock (&self->lock);
      self->first_frame_ms = (self->first_frame_us - self->started_us) / 1000;
      g_mutex_unlock (&self->lock);
      self->attempt = 0;
    }
  if (now - self->fps_since_us >= G_USEC_PER_SEC)
    {
      self->fps
          = (frames - self->fps_frames) * (double) G_USEC_PER_SEC / (now - self->fps_since_us);
      self->fps_frames = frames;
      self->fps_since_us = now;
    }

  if (self->state == HUB_CAMERA_STATE_STOPPED || self->state == HUB_CAMERA_STATE_FAILED
      || self->retry_id != 0)
    return;

  /* a connection that went silent is a dead one */
  if (data_seen && now - last_data > DATA_TIMEOUT_US)
    {
      reconnect (self, "no data from the camera");
      return;
    }
  if (!data_seen && now - self->connect_started_us > CONNECT_TIMEOUT_US)
    {
      /* A camera that accepts the stream but never sends it: once is a
       * glitch, twice means this session is dead on its side. */
      if (++self->silent_connects >= SILENT_CONNECTS_MAX)
        {
          stop_streaming (self);
          set_state (self, HUB_CAMERA_STATE_FAILED, "camera sends no video");
        }
      else
        reconnect (self, "camera does not answer");
      return;
    }
  if (data_seen)
    self->silent_connects = 0;
  /* §5 lets the hub open a new session at any time: one that only gets
   * replays will never get anything else */
  if (self->replay_since_us > 0 && now - self->replay_since_us >= REPLAY_ONLY_US
      && now - last_frame >= REPLAY_ONLY_US)
    {
      g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_MESSAGE, "CAMERA", self->device_id, "HUB_REASON",
                        "replay", "MESSAGE",
                        "camera=%s reason=replay only replays for %d s: a new session",
                        self->device_id, (int) (REPLAY_ONLY_US / G_USEC_PER_SEC));
      stop_streaming (self);
      set_state (self, HUB_CAMERA_STATE_FAILED, "the camera restarted its counter");
      return;
    }

  if (!data_seen)
    {
      if (self->state != HUB_CAMERA_STATE_RECONNECTING)
        set_state (self, HUB_CAMERA_STATE_CONNECTING, NULL);
    }
  else if (frames == 0 || now - last_frame >= STALL_US)
    {
      if (blocked)
        set_state (self, HUB_CAMERA_STATE_BLOCKED, hub_verdict_to_string (self->last_drop));
      else if (frames == 0 || last_frame < self->connect_started_us)
        set_state (self, HUB_CAMERA_STATE_WAITING, NULL);
      else
        {
          self->delay_ms = (now - last_frame) / 1000;
          set_state (self, HUB_CAMERA_STATE_DELAYED, NULL);
        }
    }
  else if (hub_frame_age_is_delayed (age, self->latency_ms))
    {
      /* from the first frame on, when the stream is old from the start */
      self->delay_ms = (guint) MIN (age / 1000, (gint64) DELAY_MS_MAX);
      set_state (self, HUB_CAMERA_STATE_DELAYED, NULL);
    }
  else
    set_state (self, HUB_CAMERA_STATE_PLAYING, NULL);
}

static gboolean
on_tick (gpointer user_data)
{
  update_state (user_data);
  return G_SOURCE_CONTINUE;
}

/* A camera that lost its counter (rebooted) without refusing the session
 * sends nothing but replays: the time since which that is all it sends. */
static void
note_replays (HubCameraPipeline *self, HubVerdict v, gboolean grew)
{
  if (!grew || v == HUB_VERDICT_WAIT_KEYFRAME)
    return;
  if (v == HUB_VERDICT_REPLAY)
    {
      if (self->replay_since_us == 0)
        self->replay_since_us = g_get_monotonic_time ();
    }
  else
    self->replay_since_us = 0; /* a unit passed, or another reason */
}

static void
on_gate_message (HubCameraPipeline *self, const GstStructure *s)
{
  if (gst_structure_has_name (s, "hub-gate-stats"))
    {
      for (int v = 0; v < HUB_N_VERDICTS; v++)
        {
          guint64 n = 0;

          if (gst_structure_get_uint64 (s, hub_verdict_to_string (v), &n))
            {
              /* counts only grow; a drop since the last stats is a recent drop */
              if (v != HUB_VERDICT_PASS && n > self->counts[v])
                {
                  self->last_drop = v;
                  self->last_drop_us = g_get_monotonic_time ();
                }
              note_replays (self, v, n > self->counts[v]);
              self->counts[v] = n;
            }
        }
    }
  else if (gst_structure_has_name (s, "hub-gate-state"))
    {
      gboolean open = FALSE;
      const char *reason = gst_structure_get_string (s, "reason");
      HubVerdict v = hub_verdict_from_string (reason);

      gst_structure_get_boolean (s, "open", &open);
      if (!open && v < HUB_N_VERDICTS)
        {
          gboolean news = v != self->last_drop
                          || g_get_monotonic_time () - self->last_drop_us > BLOCK_WINDOW_US;

          self->last_drop = v;
          self->last_drop_us = g_get_monotonic_time ();
          if (news)
            g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_MESSAGE, "CAMERA", self->device_id,
                              "HUB_REASON", reason, "MESSAGE", "camera=%s gate closed reason=%s",
                              self->device_id, reason);
        }
    }
  else if (gst_structure_has_name (s, "hub-gate-keyframe-request"))
    {
      gboolean accepted = FALSE;

      gst_structure_get_boolean (s, "accepted", &accepted);
      if (!accepted && self->keyframe_requests_work)
        g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_MESSAGE, "CAMERA", self->device_id, "MESSAGE",
                          "camera=%s cannot be asked for a key frame "
                          "(no RTCP feedback in its SDP)",
                          self->device_id);
      self->keyframe_requests_work = accepted;
    }
}

static gboolean
on_bus_message (GstBus *bus, GstMessage *message, gpointer user_data)
{
  HubCameraPipeline *self = user_data;

  switch (GST_MESSAGE_TYPE (message))
    {
    case GST_MESSAGE_ELEMENT:
      if (GST_MESSAGE_SRC (message) == GST_OBJECT (self->gate))
        on_gate_message (self, gst_message_get_structure (message));
      break;
    case GST_MESSAGE_ERROR:
      {
        g_autoptr (GError) error = NULL;
        g_autofree char *debug = NULL;

        gst_message_parse_error (message, &error, &debug);
        g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_MESSAGE, "CAMERA", self->device_id, "MESSAGE",
                          "camera=%s stream error: %s", self->device_id, error->message);
        if (g_error_matches (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_NOT_AUTHORIZED)
            || g_error_matches (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_NOT_FOUND))
          {
            /* the camera refused this stream: only a new one (new lease) helps */
            stop_streaming (self);
            set_state (self, HUB_CAMERA_STATE_FAILED, "stream refused by the camera");
          }
        else
          reconnect (self, error->message);
        break;
      }
    case GST_MESSAGE_EOS:
      reconnect (self, "stream ended");
      break;
    default:
      break;
    }
  return G_SOURCE_CONTINUE;
}

/* ---- public ---- */

HubCameraPipeline *
hub_camera_pipeline_new (const char *device_id, const guint8 *public_key, const guint8 *nonce,
                         const char *url, GstElement *sink)
{
  HubCameraPipeline *self;

  g_return_val_if_fail (device_id != NULL && public_key != NULL && nonce != NULL, NULL);
  g_return_val_if_fail (url != NULL && GST_IS_ELEMENT (sink), NULL);

  self = g_object_new (HUB_TYPE_CAMERA_PIPELINE, NULL);
  self->device_id = g_strdup (device_id);
  memcpy (self->public_key, public_key, HUB_PUBLIC_KEY_SIZE);
  memcpy (self->nonce, nonce, HUB_NONCE_SIZE);
  self->url = g_strdup (url);
  self->sink = gst_object_ref_sink (sink);
  hub_camera_pipeline_count_object (G_OBJECT (self->sink));
  return self;
}

void
hub_camera_pipeline_start (HubCameraPipeline *self)
{
  g_return_if_fail (HUB_IS_CAMERA_PIPELINE (self));

  if (self->pipeline == NULL && !build_and_watch (self))
    {
      set_state (self, HUB_CAMERA_STATE_FAILED, "missing GStreamer elements");
      return;
    }
  self->started_us = g_get_monotonic_time ();
  g_mutex_lock (&self->lock);
  self->first_frame_us = 0;
  g_mutex_unlock (&self->lock);
  self->fps_since_us = self->started_us;
  self->first_frame_ms = -1;
  self->state = HUB_CAMERA_STATE_STOPPED;
  connect_now (self);
  if (self->tick_id == 0)
    self->tick_id = g_timeout_add (TICK_MS, on_tick, self);
}

void
hub_camera_pipeline_stop (HubCameraPipeline *self)
{
  g_return_if_fail (HUB_IS_CAMERA_PIPELINE (self));

  g_clear_handle_id (&self->tick_id, g_source_remove);
  g_clear_handle_id (&self->retry_id, g_source_remove);
  stop_streaming (self);
  set_state (self, HUB_CAMERA_STATE_STOPPED, NULL);
}

void
hub_camera_pipeline_set_url (HubCameraPipeline *self, const char *url)
{
  g_return_if_fail (HUB_IS_CAMERA_PIPELINE (self));
  g_return_if_fail (url != NULL);

  g_free (self->url);
  self->url = g_strdup (url);
}

void
hub_camera_pipeline_set_latency (HubCameraPipeline *self, guint latency_ms)
{
  g_return_if_fail (HUB_IS_CAMERA_PIPELINE (self));
  self->latency_ms = latency_ms;
}

const char *
hub_camera_pipeline_get_device_id (HubCameraPipeline *self)
{
  g_return_val_if_fail (HUB_IS_CAMERA_PIPELINE (self), NULL);
  return self->device_id;
}

const guint8 *
hub_camera_pipeline_get_nonce (HubCameraPipeline *self)
{
  g_return_val_if_fail (HUB_IS_CAMERA_PIPELINE (self), NULL);
  return self->nonce;
}

HubCameraState
hub_camera_pipeline_get_state (HubCameraPipeline *self)
{
  g_return_val_if_fail (HUB_IS_CAMERA_PIPELINE (self), HUB_CAMERA_STATE_STOPPED);
  return self->state;
}

const char *
hub_camera_pipeline_get_reason (HubCameraPipeline *self)
{
  g_return_val_if_fail (HUB_IS_CAMERA_PIPELINE (self), NULL);
  return self->reason;
}

guint
hub_camera_pipeline_get_delay_ms (HubCameraPipeline *self)
{
  g_return_val_if_fail (HUB_IS_CAMERA_PIPELINE (self), 0);
  return self->state == HUB_CAMERA_STATE_DELAYED ? self->delay_ms : 0;
}

const guint64 *
hub_camera_pipeline_get_counts (HubCameraPipeline *self)
{
  g_return_val_if_fail (HUB_IS_CAMERA_PIPELINE (self), NULL);
  return self->counts;
}

guint64
hub_camera_pipeline_get_frames_shown (HubCameraPipeline *self)
{
  guint64 n;

  g_return_val_if_fail (HUB_IS_CAMERA_PIPELINE (self), 0);
  g_mutex_lock (&self->lock);
  n = self->frames_shown;
  g_mutex_unlock (&self->lock);
  return n;
}

double
hub_camera_pipeline_get_fps (HubCameraPipeline *self)
{
  g_return_val_if_fail (HUB_IS_CAMERA_PIPELINE (self), 0);
  return self->fps;
}

gint64
hub_camera_pipeline_get_first_frame_ms (HubCameraPipeline *self)
{
  g_return_val_if_fail (HUB_IS_CAMERA_PIPELINE (self), -1);
  return self->first_frame_ms;
}

const char *
hub_camera_pipeline_get_decoder (HubCameraPipeline *self)
{
  g_return_val_if_fail (HUB_IS_CAMERA_PIPELINE (self), NULL);
  return self->decoder_name;
}

guint
hub_camera_pipeline_get_reconnects (HubCameraPipeline *self)
{
  g_return_val_if_fail (HUB_IS_CAMERA_PIPELINE (self), 0);
  return self->reconnects;
}

gboolean
hub_camera_pipeline_get_keyframe_requests_work (HubCameraPipeline *self)
{
  g_return_val_if_fail (HUB_IS_CAMERA_PIPELINE (self), FALSE);
  return self->keyframe_requests_work;
}

static void
hub_camera_pipeline_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  HubCameraPipeline *self = HUB_CAMERA_PIPELINE (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
    }
}

static void
hub_camera_pipeline_dispose (GObject *object)
{
  HubCameraPipeline *self = HUB_CAMERA_PIPELINE (object);

  g_clear_handle_id (&self->tick_id, g_source_remove);
  g_clear_handle_id (&self->retry_id, g_source_remove);
  g_clear_handle_id (&self->bus_watch, g_source_remove);
  stop_streaming (self);
  g_clear_object (&self->pipeline);
  g_clear_object (&self->sink);
  G_OBJECT_CLASS (hub_camera_pipeline_parent_class)->dispose (object);
}

static void
hub_camera_pipeline_finalize (GObject *object)
{
  HubCameraPipeline *self = HUB_CAMERA_PIPELINE (object);

  g_free (self->device_id);
  g_free (self->url);
  g_free (self->reason);
  g_free (self->decoder_name);
  sodium_memzero (self->nonce, sizeof self->nonce);
  g_mutex_clear (&self->lock);
  G_OBJECT_CLASS (hub_camera_pipeline_parent_class)->finalize (object);
}


static void
hub_camera_pipeline_class_init (HubCameraPipelineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = hub_camera_pipeline_get_property;
  object_class->dispose = hub_camera_pipeline_dispose;
  object_class->finalize = hub_camera_pipeline_finalize;

  properties[PROP_STATE]
      = g_param_spec_enum ("state", "State", "What the camera view should say",
                           HUB_TYPE_CAMERA_STATE, HUB_CAMERA_STATE_STOPPED,
                           G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
hub_camera_pipeline_init (HubCameraPipeline *self)
{
  hub_camera_pipeline_count_object (G_OBJECT (self));
  g_mutex_init (&self->lock);
  self->latency_ms = 200;
  self->first_frame_ms = -1;
  self->keyframe_requests_work = TRUE;
  self->last_drop = HUB_VERDICT_PASS;
}
