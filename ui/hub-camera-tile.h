/* hub-camera-tile.h — one camera in the grid: live picture, name, verified
 * badge or state; a tap opens the camera */
#pragma once

#include <gtk/gtk.h>

#include "hub-camera-feed.h"
#include "hub-event-log.h"
#include "hub-video-area.h"

G_BEGIN_DECLS

#define HUB_TYPE_CAMERA_TILE (hub_camera_tile_get_type ())
G_DECLARE_FINAL_TYPE (HubCameraTile, hub_camera_tile, HUB, CAMERA_TILE, GtkWidget)

GtkWidget *hub_camera_tile_new (HubCamera *camera);
HubCamera *hub_camera_tile_get_camera (HubCameraTile *self);
void hub_camera_tile_set_feed (HubCameraTile *self, HubCameraFeed *feed, HubEventLog *log);
HubVideoArea *hub_camera_tile_get_video (HubCameraTile *self);
/* "✔ Verified" while the frame on screen passed both checks, else the
 * camera's trust or the feed's state */
const char *hub_camera_tile_get_badge_text (HubCameraTile *self);

G_END_DECLS
