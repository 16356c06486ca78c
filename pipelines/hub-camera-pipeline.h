/* hub-camera-pipeline.h — one camera session: stream URL in, verified frames
 * out to a sink the caller provides (hubpaintablesink in the hub, appsink in
 * tests). No widgets here. */
#pragma once

#include <gst/gst.h>

#include "hub-gate.h"

G_BEGIN_DECLS

/* The state of a camera on screen, for the view to say. The pipeline goes
 * through the first eight; the camera feed (app/) adds the cloud's part. */
typedef enum
{
  HUB_CAMERA_STATE_STOPPED,
  HUB_CAMERA_STATE_CONNECTING,   /* no data from the camera yet */
  HUB_CAMERA_STATE_WAITING,      /* data arrives, waiting for a verified key frame */
  HUB_CAMERA_STATE_PLAYING,      /* verified frames flowing */
  HUB_CAMERA_STATE_DELAYED,      /* no verified frame for ≥ 1 s, or frames far behind */
  HUB_CAMERA_STATE_BLOCKED,      /* frames arrive but fail verification (reason) */
  HUB_CAMERA_STATE_RECONNECTING, /* connection lost, retrying with backoff */
  HUB_CAMERA_STATE_FAILED,       /* the camera or the cloud refused the stream (reason) */
  HUB_CAMERA_STATE_OPENING,      /* asking the cloud for a stream */
  HUB_CAMERA_STATE_LOCKED,       /* the camera's certificate did not verify: never played */
  HUB_CAMERA_STATE_OFFLINE,      /* the cloud lists the camera offline */
  HUB_CAMERA_STATE_REMOVED,      /* no longer shared with this account (403/404) */
} HubCameraState;

GType hub_camera_state_get_type (void);
#define HUB_TYPE_CAMERA_STATE (hub_camera_state_get_type ())
const char *hub_camera_state_to_string (HubCameraState state);

#define HUB_TYPE_CAMERA_PIPELINE (hub_camera_pipeline_get_type ())
G_DECLARE_FINAL_TYPE (HubCameraPipeline, hub_camera_pipeline, HUB, CAMERA_PIPELINE, GObject)

/* @public_key: 32 bytes from the camera's verified certificate; @nonce: the
 * 16 bytes sent in openStream; @sink: floating or owned video sink that
 * accepts BGRx or RGBx (the pipeline takes a reference). */
HubCameraPipeline *hub_camera_pipeline_new (const char *device_id, const guint8 *public_key,
                                            const guint8 *nonce, const char *url, GstElement *sink);

void hub_camera_pipeline_start (HubCameraPipeline *self);
/* Synchronous: when it returns, no further frame reaches the sink. */
void hub_camera_pipeline_stop (HubCameraPipeline *self);

/* A new URL for the same session (a lease extension's new token), used at
 * the next (re)connection. */
void hub_camera_pipeline_set_url (HubCameraPipeline *self, const char *url);

const char *hub_camera_pipeline_get_device_id (HubCameraPipeline *self);
const guint8 *hub_camera_pipeline_get_nonce (HubCameraPipeline *self);
HubCameraState hub_camera_pipeline_get_state (HubCameraPipeline *self);
/* Why BLOCKED or FAILED ("wrong-session", "stream refused", …), or NULL. */
const char *hub_camera_pipeline_get_reason (HubCameraPipeline *self);
/* Age in ms of the newest verified frame while DELAYED. */
guint hub_camera_pipeline_get_delay_ms (HubCameraPipeline *self);
/* Units per verdict since start (HUB_N_VERDICTS entries). */
const guint64 *hub_camera_pipeline_get_counts (HubCameraPipeline *self);
guint64 hub_camera_pipeline_get_frames_shown (HubCameraPipeline *self);
double hub_camera_pipeline_get_fps (HubCameraPipeline *self);
/* ms from start to the first verified frame at the sink, -1 before it */
gint64 hub_camera_pipeline_get_first_frame_ms (HubCameraPipeline *self);
/* Name of the decoder chosen by rank ("avdec_h264", "v4l2h264dec", …) */
const char *hub_camera_pipeline_get_decoder (HubCameraPipeline *self);
guint hub_camera_pipeline_get_reconnects (HubCameraPipeline *self);
/* FALSE when the camera cannot be asked for a key frame (no RTCP feedback) */
gboolean hub_camera_pipeline_get_keyframe_requests_work (HubCameraPipeline *self);

/* Settings: jitter-buffer latency in ms (default 200). */
void hub_camera_pipeline_set_latency (HubCameraPipeline *self, guint latency_ms);

/* Age of a frame (signed-frames §6.6): @now_us (the hub's wall clock) −
 * @capture_time_us (the tag's), saturated: 0 for a capture time at or after
 * now, never an overflow whatever the u64. */
gint64 hub_frame_age_us (gint64 now_us, guint64 capture_time_us);
/* An age past the jitter latency + 2 s: shown as "delayed N s". */
gboolean hub_frame_age_is_delayed (gint64 age_us, guint latency_ms);

/* HubCameraPipelines, the GstPipelines made by them and the video sinks given
 * to them, not finalized yet: 0 once every camera was stopped and released
 * (checked by hubview at quit). */
guint hub_camera_pipeline_count_alive (void);

G_END_DECLS
