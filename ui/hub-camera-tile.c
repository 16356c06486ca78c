/* hub-camera-tile.c — one camera in the grid
 *
 * Copyright 2026 hubview developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#define G_LOG_DOMAIN "hub-camera-tile"

#include "hub-camera-tile.h"

#include "hub-status-overlay.h"

struct _HubCameraTile
{
  GtkWidget parent_instance;

  GtkWidget *overlay;
  GtkWidget *video;
  GtkWidget *status;
  GtkWidget *name;
  GtkWidget *badge;
  HubCamera *camera;
  HubCameraSession *session;
};

G_DEFINE_FINAL_TYPE (HubCameraTile, hub_camera_tile, GTK_TYPE_WIDGET)

static void
update_badge (HubCameraTile *self)
{
  HubSessionState state = self->session ? hub_camera_session_get_state (self->session)
                                        : HUB_SESSION_STOPPED;
  /* §6.7: verified says that the frame on screen now passed both checks,
   * whatever the session's state */
  gboolean verified = hub_video_area_get_verified (HUB_VIDEO_AREA (self->video));

  gtk_label_set_text (GTK_LABEL (self->name), hub_camera_get_name (self->camera));
  gtk_label_set_text (GTK_LABEL (self->badge),
                      verified ? "✔ Verified"
                      : !hub_camera_get_trusted (self->camera)
                          ? "🔒 Untrusted"
                          : hub_session_state_to_string (state));
  if (verified)
    gtk_widget_add_css_class (self->badge, "verified");
  else
    gtk_widget_remove_css_class (self->badge, "verified");
}

static void
on_changed (GObject *object, GParamSpec *pspec, gpointer user_data)
{
  update_badge (HUB_CAMERA_TILE (user_data));
}

static void
on_released (GtkGestureClick *gesture, int n_press, double x, double y, gpointer user_data)
{
  HubCameraTile *self = user_data;

  gtk_widget_activate_action (GTK_WIDGET (self), "app.show-camera", "s",
                              hub_camera_get_id (self->camera));
}

void
hub_camera_tile_set_session (HubCameraTile *self, HubCameraSession *session, HubEventLog *log)
{
  g_return_if_fail (HUB_IS_CAMERA_TILE (self));

  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_set_object (&self->session, session);
  if (session != NULL)
    g_signal_connect (session, "notify::state", G_CALLBACK (on_changed), self);
  hub_video_area_set_session (HUB_VIDEO_AREA (self->video), session, "grid", log);
  hub_status_overlay_set_session (HUB_STATUS_OVERLAY (self->status), session);
  update_badge (self);
}

HubCamera *
hub_camera_tile_get_camera (HubCameraTile *self)
{
  g_return_val_if_fail (HUB_IS_CAMERA_TILE (self), NULL);
  return self->camera;
}

const char *
hub_camera_tile_get_badge_text (HubCameraTile *self)
{
  g_return_val_if_fail (HUB_IS_CAMERA_TILE (self), NULL);
  return gtk_label_get_text (GTK_LABEL (self->badge));
}

HubVideoArea *
hub_camera_tile_get_video (HubCameraTile *self)
{
  g_return_val_if_fail (HUB_IS_CAMERA_TILE (self), NULL);
  return HUB_VIDEO_AREA (self->video);
}

static void
hub_camera_tile_dispose (GObject *object)
{
  HubCameraTile *self = HUB_CAMERA_TILE (object);

  if (self->video != NULL)
    g_signal_handlers_disconnect_by_data (self->video, self);
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_object (&self->session);
  if (self->camera != NULL)
    g_signal_handlers_disconnect_by_data (self->camera, self);
  g_clear_object (&self->camera);
  g_clear_pointer (&self->overlay, gtk_widget_unparent);
  self->video = NULL; /* went with the overlay */
  G_OBJECT_CLASS (hub_camera_tile_parent_class)->dispose (object);
}

static void
hub_camera_tile_class_init (HubCameraTileClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = hub_camera_tile_dispose;
  gtk_widget_class_set_layout_manager_type (GTK_WIDGET_CLASS (klass), GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (GTK_WIDGET_CLASS (klass), "hub-camera-tile");
}

static void
hub_camera_tile_init (HubCameraTile *self)
{
  GtkWidget *bar = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkGesture *click = gtk_gesture_click_new ();

  self->overlay = gtk_overlay_new ();
  self->video = hub_video_area_new ();
  self->status = hub_status_overlay_new (TRUE);
  self->name = gtk_label_new (NULL);
  self->badge = gtk_label_new (NULL);
  gtk_widget_add_css_class (self->name, "tile-name");
  gtk_widget_add_css_class (self->badge, "tile-badge");
  gtk_label_set_ellipsize (GTK_LABEL (self->name), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (self->name, TRUE);
  gtk_label_set_xalign (GTK_LABEL (self->name), 0);
  gtk_box_append (GTK_BOX (bar), self->name);
  gtk_box_append (GTK_BOX (bar), self->badge);
  gtk_widget_add_css_class (bar, "tile-bar");
  gtk_widget_set_valign (bar, GTK_ALIGN_END);

  gtk_overlay_set_child (GTK_OVERLAY (self->overlay), self->video);
  gtk_overlay_add_overlay (GTK_OVERLAY (self->overlay), self->status);
  gtk_overlay_add_overlay (GTK_OVERLAY (self->overlay), bar);
  gtk_widget_set_parent (self->overlay, GTK_WIDGET (self));

  g_signal_connect (self->video, "notify::verified", G_CALLBACK (on_changed), self);
  g_signal_connect (click, "released", G_CALLBACK (on_released), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
  gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);
  gtk_widget_set_vexpand (GTK_WIDGET (self), TRUE);
  gtk_widget_set_size_request (GTK_WIDGET (self), 96, 96);
}

GtkWidget *
hub_camera_tile_new (HubCamera *camera)
{
  HubCameraTile *self = g_object_new (HUB_TYPE_CAMERA_TILE, NULL);

  self->camera = g_object_ref (camera);
  g_signal_connect (camera, "notify", G_CALLBACK (on_changed), self);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  hub_camera_get_name (camera), -1);
  update_badge (self);
  return GTK_WIDGET (self);
}
