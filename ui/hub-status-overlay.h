/* hub-status-overlay.h — what a camera view or tile says instead of (or
 * over) the picture: waiting, blocked with the reason, delayed with the age,
 * reconnecting, locked, offline */
#pragma once

#include <gtk/gtk.h>

#include "hub-camera-feed.h"

G_BEGIN_DECLS

#define HUB_TYPE_STATUS_OVERLAY (hub_status_overlay_get_type ())
G_DECLARE_FINAL_TYPE (HubStatusOverlay, hub_status_overlay, HUB, STATUS_OVERLAY, GtkWidget)

GtkWidget *hub_status_overlay_new (gboolean compact);
void hub_status_overlay_set_feed (HubStatusOverlay *self, HubCameraFeed *feed);
/* the text shown now ("" when the picture plays) */
const char *hub_status_overlay_get_text (HubStatusOverlay *self);

/* For a state: the icon name and the words to show; NULL text when playing. */
void hub_session_status_describe (HubCameraFeed *feed, const char **icon, char **text,
                                  gboolean *opaque);

G_END_DECLS
