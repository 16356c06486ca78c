/* hub-camera-pane.h — a camera's picture with the status words over it and a
 * bar along its bottom: the part the grid's tiles and the full-screen camera
 * view share */
#pragma once

#include <gtk/gtk.h>

#include "hub-camera-feed.h"
#include "hub-event-log.h"
#include "hub-video-area.h"

G_BEGIN_DECLS

#define HUB_TYPE_CAMERA_PANE (hub_camera_pane_get_type ())
G_DECLARE_FINAL_TYPE (HubCameraPane, hub_camera_pane, HUB, CAMERA_PANE, GtkWidget)

GtkWidget *hub_camera_pane_new (void);
/* @feed may be NULL (nothing painted, no words). @view names the view in
 * the event log ("grid", "camera"); @log may be NULL. */
void hub_camera_pane_set_feed (HubCameraPane *self, HubCameraFeed *feed, const char *view,
                               HubEventLog *log);
HubVideoArea *hub_camera_pane_get_video (HubCameraPane *self);
/* the status words shown now ("" when the picture plays) */
const char *hub_camera_pane_get_status_text (HubCameraPane *self);

G_END_DECLS
