/* hub-camera-session.h — one camera on screen: its stream lease, its
 * pipeline and its sink, for as long as the camera is shown */
#pragma once

#include <gst/gst.h>

#include "hub-camera-pipeline.h"
#include "hub-camera.h"
#include "hub-cloud-client.h"

G_BEGIN_DECLS

#define HUB_TYPE_CAMERA_SESSION (hub_camera_session_get_type ())
G_DECLARE_FINAL_TYPE (HubCameraSession, hub_camera_session, HUB, CAMERA_SESSION, GObject)

/* What the view should say; the pipeline's states plus the cloud's part. */
typedef enum
{
  HUB_SESSION_OPENING,   /* asking the cloud for a stream */
  HUB_SESSION_CONNECTING,
  HUB_SESSION_WAITING,
  HUB_SESSION_PLAYING,
  HUB_SESSION_DELAYED,
  HUB_SESSION_BLOCKED,
  HUB_SESSION_RECONNECTING,
  HUB_SESSION_FAILED,    /* the cloud refused the stream (reason) */
  HUB_SESSION_LOCKED,    /* the camera's certificate did not verify: never played */
  HUB_SESSION_OFFLINE,
  HUB_SESSION_REMOVED,   /* no longer shared with this account (403/404): leaves the view */
  HUB_SESSION_STOPPED,
} HubSessionState;

GType hub_session_state_get_type (void);
#define HUB_TYPE_SESSION_STATE (hub_session_state_get_type ())
const char *hub_session_state_to_string (HubSessionState state);

/* @latency_ms: jitter-buffer latency from the settings. */
HubCameraSession *hub_camera_session_new (HubCloudClient *client, HubCamera *camera,
                                          guint latency_ms);
void hub_camera_session_start (HubCameraSession *self);
/* closeStream, pipeline stopped: nothing more reaches the sink. */
void hub_camera_session_stop (HubCameraSession *self);

HubCamera *hub_camera_session_get_camera (HubCameraSession *self);
HubSessionState hub_camera_session_get_state (HubCameraSession *self);
/* plain words for the overlay ("Unverified video blocked: wrong session") */
const char *hub_camera_session_get_reason (HubCameraSession *self);
/* the sink of the current session (hubpaintablesink), NULL before the first */
GstElement *hub_camera_session_get_sink (HubCameraSession *self);
/* nonce of the current session (16 bytes), NULL before the first */
const guint8 *hub_camera_session_get_nonce (HubCameraSession *self);
/* the current pipeline, for diagnostics (NULL before the first session) */
HubCameraPipeline *hub_camera_session_get_pipeline (HubCameraSession *self);
guint hub_camera_session_get_delay_ms (HubCameraSession *self);

G_END_DECLS
