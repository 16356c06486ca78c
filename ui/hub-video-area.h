/* hub-video-area.h — paints a camera session's newest frame, but only when
 * the frame's verified identity names this camera and this session: the
 * second, independent check. Otherwise it paints nothing. */
#pragma once

#include <gtk/gtk.h>

#include "hub-camera-session.h"
#include "hub-event-log.h"

G_BEGIN_DECLS

#define HUB_TYPE_VIDEO_AREA (hub_video_area_get_type ())
G_DECLARE_FINAL_TYPE (HubVideoArea, hub_video_area, HUB, VIDEO_AREA, GtkWidget)

GtkWidget *hub_video_area_new (void);
/* @session may be NULL (paints nothing). @view names the view in the event
 * log ("grid", "camera"); @log may be NULL. */
void hub_video_area_set_session (HubVideoArea *self, HubCameraSession *session, const char *view,
                                 HubEventLog *log);
/* frames painted since the session was set */
guint64 hub_video_area_get_frames_painted (HubVideoArea *self);
/* TRUE and the counter of the frame painted last, if any */
gboolean hub_video_area_get_last_counter (HubVideoArea *self, guint64 *counter);

G_END_DECLS
