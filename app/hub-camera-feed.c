/* hub-camera-feed.c — lease + pipeline + sink for one camera on screen
 *
 * Copyright 2026 hubview developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Each lease "opened" is a new session (new nonce): the old pipeline is
 * stopped before the new one starts, and the view sees a new sink, so no
 * picture outlives its session. "extended" only swaps the URL used at the
 * next reconnection. A pipeline that fails because the camera refused the
 * stream makes the lease open a new one.
 *
 * Trust is live (signed-frames §6.5): when the camera's certificate or key
 * changes, or it is no longer trusted (expired, root removed, no longer
 * listed), the pipeline under the old key is stopped at once — before the
 * notification returns, so that no frame of it reaches the sink — and the
 * sink is dropped; the camera is then reopened under the new key (a new
 * session) or shown as locked.
 */
#define G_LOG_DOMAIN "hub-camera-feed"

#include "hub-camera-feed.h"

#include "hub-stream-lease.h"

struct _HubCameraFeed
{
  GObject parent_instance;

  HubCloudClient *client;
  HubCamera *camera;
  guint latency_ms;
  HubStreamLease *lease;
  HubCameraPipeline *pipeline;
  GSignalGroup *lease_signals;    /* of lease */
  GSignalGroup *pipeline_signals; /* of pipeline */
  GstElement *sink;
  guint8 nonce[HUB_NONCE_SIZE];
  gboolean have_nonce;
  HubCameraState state;
  char *reason;
  guint reopen_id;
  guint reopens; /* new sessions in a row that never played */
  gboolean key_unknown; /* blocked: the video is signed by another key */
};

enum
{
  PROP_0,
  PROP_STATE,
  PROP_SINK,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (HubCameraFeed, hub_camera_feed, G_TYPE_OBJECT)

static void
set_state (HubCameraFeed *self, HubCameraState state, const char *reason)
{
  if (self->state == state && g_strcmp0 (self->reason, reason) == 0)
    return;
  self->state = state;
  g_free (self->reason);
  self->reason = g_strdup (reason);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

/* The verdict names of the spec, in words a person reads on the wall. */
static const char *
blocked_reason_words (const char *verdict)
{
  static const struct
  {
    const char *verdict;
    const char *words;
  } table[] = {
    { "no-tag", "the video is not signed" },
    { "malformed", "the video's signature is damaged" },
    { "unknown-key", "the video is signed by another camera" },
    { "wrong-device", "the video names another camera" },
    { "wrong-session", "the video belongs to another session" },
    { "bad-digest", "the video was altered or damaged on the way" },
    { "bad-signature", "the video's signature is forged" },
    { "replay", "old video is being sent again" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (table); i++)
    if (g_strcmp0 (verdict, table[i].verdict) == 0)
      return table[i].words;
  return "the video did not verify";
}

static gboolean
on_reopen (gpointer user_data)
{
  HubCameraFeed *self = user_data;

  self->reopen_id = 0;
  if (self->lease != NULL)
    hub_stream_lease_reopen (self->lease);
  return G_SOURCE_REMOVE;
}

static void
on_pipeline_state (HubCameraPipeline *pipeline, GParamSpec *pspec, gpointer user_data)
{
  HubCameraFeed *self = user_data;
  HubCameraState s = hub_camera_pipeline_get_state (pipeline);
  const char *reason = hub_camera_pipeline_get_reason (pipeline);

  /* the pipeline's state becomes the feed's; playing, blocked and failed say more */
  switch (s)
    {
    case HUB_CAMERA_STATE_PLAYING:
      self->reopens = 0;
      set_state (self, s, NULL);
      break;
    case HUB_CAMERA_STATE_BLOCKED:
      self->key_unknown = g_strcmp0 (reason, hub_verdict_to_string (HUB_VERDICT_UNKNOWN_KEY)) == 0;
      set_state (self, s, blocked_reason_words (reason));
      break;
    case HUB_CAMERA_STATE_FAILED:
      {
        /* the camera refused this session (rebooted, lease gone): a new
         * one — at once the first time, then backing off (capped, full
         * jitter) so that a camera that keeps refusing is not hammered */
        guint cap_ms = MIN (30000, 500u << MIN (self->reopens, 6));
        guint delay_ms = self->reopens == 0 ? 0 : g_random_int_range (cap_ms / 2, cap_ms + 1);

        self->reopens++;
        set_state (self, HUB_CAMERA_STATE_OPENING, reason);
        g_clear_handle_id (&self->reopen_id, g_source_remove);
        self->reopen_id = g_timeout_add (delay_ms, on_reopen, self);
        break;
      }
    case HUB_CAMERA_STATE_STOPPED:
      break;
    default:
      set_state (self, s, s == HUB_CAMERA_STATE_RECONNECTING ? reason : NULL);
      break;
    }
}

static void
stop_pipeline (HubCameraFeed *self)
{
  if (self->pipeline == NULL)
    return;
  g_signal_group_set_target (self->pipeline_signals, NULL);
  hub_camera_pipeline_stop (self->pipeline);
  g_clear_object (&self->pipeline);
}

/* Nothing of the current session may reach the screen any more. */
static void
drop_sink (HubCameraFeed *self)
{
  if (self->sink == NULL)
    return;
  gst_clear_object (&self->sink);
  self->have_nonce = FALSE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SINK]);
}

static void
close_lease (HubCameraFeed *self)
{
  g_clear_handle_id (&self->reopen_id, g_source_remove);
  if (self->lease != NULL)
    {
      g_signal_group_set_target (self->lease_signals, NULL);
      hub_stream_lease_close (self->lease);
      g_clear_object (&self->lease);
    }
}

static void
lock (HubCameraFeed *self)
{
  const char *reason = hub_camera_get_untrusted_reason (self->camera);

  g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_MESSAGE, "CAMERA", hub_camera_get_id (self->camera),
                    "MESSAGE", "camera=%s reason=untrusted session stopped",
                    hub_camera_get_id (self->camera));
  stop_pipeline (self);
  drop_sink (self);
  close_lease (self);
  set_state (self, HUB_CAMERA_STATE_LOCKED, reason ? reason : "the camera is not trusted");
}

static void
on_lease_opened (HubStreamLease *lease, const HubStreamInfo *info, gpointer user_data)
{
  HubCameraFeed *self = user_data;
  const guint8 *key = hub_camera_get_public_key (self->camera);
  GstElement *sink;

  /* a new session: nothing of the old one may be painted */
  stop_pipeline (self);
  if (key == NULL)
    {
      /* the camera lost its trust while the stream was being opened */
      lock (self);
      return;
    }
  sink = gst_element_factory_make ("hubpaintablesink", NULL);
  if (sink == NULL)
    {
      set_state (self, HUB_CAMERA_STATE_FAILED, "the video sink is missing");
      return;
    }
  /* the jitter buffer has already smoothed the stream: paint each verified
   * frame as soon as it is decoded */
  g_object_set (sink, "sync", FALSE, NULL);
  memcpy (self->nonce, info->nonce, sizeof self->nonce);
  self->have_nonce = TRUE;
  gst_object_replace ((GstObject **) &self->sink, GST_OBJECT (gst_object_ref_sink (sink)));
  gst_object_unref (sink);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SINK]);

  self->pipeline = hub_camera_pipeline_new (hub_camera_get_id (self->camera), key, info->nonce,
                                            info->rtsp_url, self->sink);
  if (self->pipeline == NULL)
    {
      drop_sink (self);
      set_state (self, HUB_CAMERA_STATE_FAILED, "the video pipeline could not be built");
      return;
    }
  hub_camera_pipeline_set_latency (self->pipeline, self->latency_ms);
  g_signal_group_set_target (self->pipeline_signals, self->pipeline);
  hub_camera_pipeline_start (self->pipeline);
}

static void
on_lease_extended (HubStreamLease *lease, const HubStreamInfo *info, gpointer user_data)
{
  HubCameraFeed *self = user_data;

  if (self->pipeline != NULL)
    hub_camera_pipeline_set_url (self->pipeline, info->rtsp_url);
}

static void
on_lease_failed (HubStreamLease *lease, const GError *error, gpointer user_data)
{
  HubCameraFeed *self = user_data;

  stop_pipeline (self);
  if (g_error_matches (error, HUB_CLOUD_ERROR, HUB_CLOUD_ERROR_NOT_FOUND)
      || g_error_matches (error, HUB_CLOUD_ERROR, HUB_CLOUD_ERROR_PERMISSION_DENIED))
    set_state (self, HUB_CAMERA_STATE_REMOVED, error->message);
  else if (g_error_matches (error, HUB_CLOUD_ERROR, HUB_CLOUD_ERROR_UNAVAILABLE)
           && !hub_camera_get_online (self->camera))
    set_state (self, HUB_CAMERA_STATE_OFFLINE, error->message);
  else
    set_state (self, HUB_CAMERA_STATE_FAILED, error->message);
}

static void
on_camera_trusted (HubCamera *camera, GParamSpec *pspec, gpointer user_data)
{
  HubCameraFeed *self = user_data;

  if (self->state == HUB_CAMERA_STATE_STOPPED && self->lease == NULL)
    return; /* not started, or stopped: nothing runs */
  if (!hub_camera_get_trusted (camera))
    {
      lock (self);
      return;
    }
  /* a new key (or trust regained): nothing verified under the old key may
   * be shown; a new session under the new one */
  g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_MESSAGE, "CAMERA", hub_camera_get_id (camera),
                    "MESSAGE", "camera=%s reason=key-changed new session",
                    hub_camera_get_id (camera));
  stop_pipeline (self);
  drop_sink (self);
  g_clear_handle_id (&self->reopen_id, g_source_remove);
  if (self->lease != NULL)
    {
      set_state (self, HUB_CAMERA_STATE_OPENING, NULL);
      hub_stream_lease_reopen (self->lease);
    }
  else
    hub_camera_feed_start (self);
}

HubCameraFeed *
hub_camera_feed_new (HubCloudClient *client, HubCamera *camera, guint latency_ms)
{
  HubCameraFeed *self;

  g_return_val_if_fail (HUB_IS_CLOUD_CLIENT (client), NULL);
  g_return_val_if_fail (HUB_IS_CAMERA (camera), NULL);

  self = g_object_new (HUB_TYPE_CAMERA_FEED, NULL);
  self->client = g_object_ref (client);
  self->camera = g_object_ref (camera);
  self->latency_ms = latency_ms;
  g_signal_connect (camera, "notify::trusted", G_CALLBACK (on_camera_trusted), self);
  return self;
}

void
hub_camera_feed_start (HubCameraFeed *self)
{
  g_return_if_fail (HUB_IS_CAMERA_FEED (self));

  if (!hub_camera_get_trusted (self->camera))
    {
      set_state (self, HUB_CAMERA_STATE_LOCKED, hub_camera_get_untrusted_reason (self->camera));
      return;
    }
  if (!hub_camera_get_online (self->camera))
    {
      set_state (self, HUB_CAMERA_STATE_OFFLINE, "the camera is offline");
      return;
    }
  if (self->lease != NULL)
    return;
  set_state (self, HUB_CAMERA_STATE_OPENING, NULL);
  self->lease = hub_stream_lease_new (self->client, hub_camera_get_id (self->camera));
  g_signal_group_set_target (self->lease_signals, self->lease);
  hub_stream_lease_open (self->lease);
}

void
hub_camera_feed_stop (HubCameraFeed *self)
{
  g_return_if_fail (HUB_IS_CAMERA_FEED (self));

  stop_pipeline (self);
  close_lease (self);
  set_state (self, HUB_CAMERA_STATE_STOPPED, NULL);
}

HubCamera *
hub_camera_feed_get_camera (HubCameraFeed *self)
{
  g_return_val_if_fail (HUB_IS_CAMERA_FEED (self), NULL);
  return self->camera;
}

HubCameraState
hub_camera_feed_get_state (HubCameraFeed *self)
{
  g_return_val_if_fail (HUB_IS_CAMERA_FEED (self), HUB_CAMERA_STATE_STOPPED);
  return self->state;
}

const char *
hub_camera_feed_get_reason (HubCameraFeed *self)
{
  g_return_val_if_fail (HUB_IS_CAMERA_FEED (self), NULL);
  return self->reason;
}

GstElement *
hub_camera_feed_get_sink (HubCameraFeed *self)
{
  g_return_val_if_fail (HUB_IS_CAMERA_FEED (self), NULL);
  return self->sink;
}

const guint8 *
hub_camera_feed_get_nonce (HubCameraFeed *self)
{
  g_return_val_if_fail (HUB_IS_CAMERA_FEED (self), NULL);
  return self->have_nonce ? self->nonce : NULL;
}

HubCameraPipeline *
hub_camera_feed_get_pipeline (HubCameraFeed *self)
{
  g_return_val_if_fail (HUB_IS_CAMERA_FEED (self), NULL);
  return self->pipeline;
}

guint
hub_camera_feed_get_delay_ms (HubCameraFeed *self)
{
  g_return_val_if_fail (HUB_IS_CAMERA_FEED (self), 0);
  return self->pipeline ? hub_camera_pipeline_get_delay_ms (self->pipeline) : 0;
}

static void
hub_camera_feed_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  HubCameraFeed *self = HUB_CAMERA_FEED (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_SINK:
      g_value_set_object (value, self->sink);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
    }
}

static void
hub_camera_feed_dispose (GObject *object)
{
  HubCameraFeed *self = HUB_CAMERA_FEED (object);

  if (self->pipeline != NULL || self->lease != NULL)
    hub_camera_feed_stop (self);
  gst_clear_object (&self->sink);
  if (self->camera != NULL)
    g_signal_handlers_disconnect_by_data (self->camera, self);
  g_clear_object (&self->camera);
  g_clear_object (&self->client);
  g_clear_object (&self->lease_signals);
  g_clear_object (&self->pipeline_signals);
  G_OBJECT_CLASS (hub_camera_feed_parent_class)->dispose (object);
}

static void
hub_camera_feed_finalize (GObject *object)
{
  HubCameraFeed *self = HUB_CAMERA_FEED (object);

  g_free (self->reason);
  G_OBJECT_CLASS (hub_camera_feed_parent_class)->finalize (object);
}

static void
hub_camera_feed_class_init (HubCameraFeedClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = hub_camera_feed_get_property;
  object_class->dispose = hub_camera_feed_dispose;
  object_class->finalize = hub_camera_feed_finalize;

  properties[PROP_STATE]
      = g_param_spec_enum ("state", NULL, NULL, HUB_TYPE_CAMERA_STATE, HUB_CAMERA_STATE_STOPPED,
                           G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_SINK]
      = g_param_spec_object ("sink", NULL, NULL, GST_TYPE_ELEMENT,
                             G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
hub_camera_feed_init (HubCameraFeed *self)
{
  self->state = HUB_CAMERA_STATE_STOPPED;
  self->lease_signals = g_signal_group_new (HUB_TYPE_STREAM_LEASE);
  g_signal_group_connect (self->lease_signals, "opened", G_CALLBACK (on_lease_opened), self);
  g_signal_group_connect (self->lease_signals, "extended", G_CALLBACK (on_lease_extended), self);
  g_signal_group_connect (self->lease_signals, "failed", G_CALLBACK (on_lease_failed), self);
  self->pipeline_signals = g_signal_group_new (HUB_TYPE_CAMERA_PIPELINE);
  g_signal_group_connect (self->pipeline_signals, "notify::state", G_CALLBACK (on_pipeline_state),
                          self);
}

gboolean
hub_camera_feed_key_unknown (HubCameraFeed *self)
{
  g_return_val_if_fail (HUB_IS_CAMERA_FEED (self), FALSE);
  return self->state == HUB_CAMERA_STATE_BLOCKED && self->key_unknown;
}
