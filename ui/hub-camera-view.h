/* hub-camera-view.h — one camera, full screen, with its status overlay;
 * swipe left/right for the next/previous camera, down (or Back) for the grid */
#pragma once

#include <gtk/gtk.h>

#include "hub-camera-feed.h"
#include "hub-event-log.h"
#include "hub-video-area.h"

G_BEGIN_DECLS

#define HUB_TYPE_CAMERA_VIEW (hub_camera_view_get_type ())
G_DECLARE_FINAL_TYPE (HubCameraView, hub_camera_view, HUB, CAMERA_VIEW, GtkWidget)

GtkWidget *hub_camera_view_new (void);
/* NULL clears to the placeholder at once: nothing of the previous camera stays */
void hub_camera_view_set_feed (HubCameraView *self, HubCameraFeed *feed, HubEventLog *log);
HubVideoArea *hub_camera_view_get_video (HubCameraView *self);
const char *hub_camera_view_get_status_text (HubCameraView *self);
/* "✔ Verified" while the frame on screen passed both checks, else "" */
const char *hub_camera_view_get_badge_text (HubCameraView *self);

G_END_DECLS
