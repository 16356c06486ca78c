/* hub-window.h — the kiosk window: one page per view of HubApplication */
#pragma once

#include <gtk/gtk.h>

#include "hub-application.h"
#include "hub-camera-view.h"

G_BEGIN_DECLS

#define HUB_TYPE_WINDOW (hub_window_get_type ())
G_DECLARE_FINAL_TYPE (HubWindow, hub_window, HUB, WINDOW, GtkApplicationWindow)

GtkWidget *hub_window_new (HubApplication *app);
/* the stack child shown: the view's nick, or "message" for the message views ("grid", "camera",
 * "sign-in", …) */
const char *hub_window_get_visible_view (HubWindow *self);
HubCameraView *hub_window_get_camera_view (HubWindow *self);
/* the grid's tiles, in order */
GPtrArray *hub_window_get_tiles (HubWindow *self);

/* Loads the style sheet for the display (once). */
void hub_window_load_style (void);

G_END_DECLS
