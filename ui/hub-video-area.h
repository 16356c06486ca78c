/* hub-video-area.h — paints a camera feed's newest frame, but only when
 * the frame's own tag names the camera and the session the view recorded and
 * its signature verifies under the key the view holds: the second,
 * independent check (signed-frames §6.4). Otherwise it paints nothing and
 * logs why (journal: camera=… reason=…; event log: frame-refused).
 *
 * Property "verified" (read-only, notified): the frame the view holds now
 * passed that check — what a "Verified" badge shows (§6.7). */
#pragma once

#include <gtk/gtk.h>

#include "hub-camera-feed.h"
#include "hub-event-log.h"

G_BEGIN_DECLS

#define HUB_TYPE_VIDEO_AREA (hub_video_area_get_type ())
G_DECLARE_FINAL_TYPE (HubVideoArea, hub_video_area, HUB, VIDEO_AREA, GtkWidget)

GtkWidget *hub_video_area_new (void);
/* @feed may be NULL (paints nothing). @view names the view in the event
 * log ("grid", "camera"); @log may be NULL. */
void hub_video_area_set_feed (HubVideoArea *self, HubCameraFeed *feed, const char *view,
                              HubEventLog *log);
/* Without a feed (tests, tools): paint the frames of @sink (a
 * hubpaintablesink) only when signed with @public_key (32 bytes; NULL: none
 * is) for @camera_id in the session @nonce (16 bytes). */
void hub_video_area_set_source (HubVideoArea *self, const char *camera_id, const guint8 *public_key,
                                const guint8 *nonce, GstElement *sink, const char *view,
                                HubEventLog *log);
/* frames painted since the feed was set */
guint64 hub_video_area_get_frames_painted (HubVideoArea *self);
/* frames refused by the view's own check since the feed was set */
guint64 hub_video_area_get_frames_refused (HubVideoArea *self);
/* the verdict on the frame held now ("ok", "wrong-device", … see
 * hub-paint-check.h), NULL when it holds none */
const char *hub_video_area_get_verdict (HubVideoArea *self);
gboolean hub_video_area_get_verified (HubVideoArea *self);
/* TRUE and the counter of the frame painted last, if any */
gboolean hub_video_area_get_last_counter (HubVideoArea *self, guint64 *counter);

G_END_DECLS
