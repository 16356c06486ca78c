/* hub-camera-feed.h — one camera on screen: its stream lease, its
 * pipeline and its sink, for as long as the camera is shown */
#pragma once

#include <gst/gst.h>

#include "hub-camera-pipeline.h"
#include "hub-camera.h"
#include "hub-cloud-client.h"

G_BEGIN_DECLS

#define HUB_TYPE_CAMERA_FEED (hub_camera_feed_get_type ())
G_DECLARE_FINAL_TYPE (HubCameraFeed, hub_camera_feed, HUB, CAMERA_FEED, GObject)

/* @latency_ms: jitter-buffer latency from the settings. */
HubCameraFeed *hub_camera_feed_new (HubCloudClient *client, HubCamera *camera, guint latency_ms);
void hub_camera_feed_start (HubCameraFeed *self);
/* closeStream, pipeline stopped: nothing more reaches the sink. */
void hub_camera_feed_stop (HubCameraFeed *self);

HubCamera *hub_camera_feed_get_camera (HubCameraFeed *self);
/* TRUE while the video is blocked because it is signed by a key other than
 * the camera's (unknown-key): its certificate may have changed. */
gboolean hub_camera_feed_key_unknown (HubCameraFeed *self);
HubCameraState hub_camera_feed_get_state (HubCameraFeed *self);
/* plain words for the overlay ("Unverified video blocked: wrong session") */
const char *hub_camera_feed_get_reason (HubCameraFeed *self);
/* the sink of the current session (hubpaintablesink), NULL before the first */
GstElement *hub_camera_feed_get_sink (HubCameraFeed *self);
/* nonce of the current session (16 bytes), NULL before the first */
const guint8 *hub_camera_feed_get_nonce (HubCameraFeed *self);
/* the current pipeline, for diagnostics (NULL before the first session) */
HubCameraPipeline *hub_camera_feed_get_pipeline (HubCameraFeed *self);
guint hub_camera_feed_get_delay_ms (HubCameraFeed *self);

G_END_DECLS
