/* hub-camera-tile.c — one camera in the grid
 *
 * Copyright 2026 hubview developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#define G_LOG_DOMAIN "hub-camera-tile"

#include "hub-camera-tile.h"

#include "hub-camera-pane.h"

struct _HubCameraTile
{
  GtkWidget parent_instance;

  /* Template Widgets */
  HubCameraPane *pane;
  GtkLabel *name;
  GtkWidget *badge;

  /* Owned References */
  HubCamera *camera;
  HubCameraFeed *feed;
  GSignalGroup *camera_signals;
  GSignalGroup *feed_signals;
};

G_DEFINE_FINAL_TYPE (HubCameraTile, hub_camera_tile, GTK_TYPE_WIDGET)

static void
update_badge (HubCameraTile *self)
{
  HubCameraState state
      = self->feed ? hub_camera_feed_get_state (self->feed) : HUB_CAMERA_STATE_STOPPED;
  /* §6.7: verified says that the frame on screen now passed both checks,
   * whatever the feed's state */
  gboolean verified = hub_video_area_get_verified (hub_camera_pane_get_video (self->pane));

  g_assert (HUB_IS_CAMERA_TILE (self));

  if (self->camera == NULL)
    return;
  gtk_label_set_text (self->name, hub_camera_get_name (self->camera));
  gtk_label_set_text (GTK_LABEL (self->badge), verified ? "✔ Verified"
                                               : !hub_camera_get_trusted (self->camera)
                                                   ? "🔒 Untrusted"
                                                   : hub_camera_state_to_string (state));
  if (verified)
    gtk_widget_add_css_class (self->badge, "verified");
  else
    gtk_widget_remove_css_class (self->badge, "verified");
}

static void
on_changed (HubCameraTile *self, GParamSpec *pspec, GObject *object)
{
  update_badge (self);
}

static void
on_released (HubCameraTile *self, int n_press, double x, double y, GtkGestureClick *gesture)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "app.show-camera", "s",
                              hub_camera_get_id (self->camera));
}

void
hub_camera_tile_set_feed (HubCameraTile *self, HubCameraFeed *feed, HubEventLog *log)
{
  g_return_if_fail (HUB_IS_CAMERA_TILE (self));

  g_set_object (&self->feed, feed);
  g_signal_group_set_target (self->feed_signals, feed);
  hub_camera_pane_set_feed (self->pane, feed, "grid", log);
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
  return hub_camera_pane_get_video (self->pane);
}

static void
hub_camera_tile_dispose (GObject *object)
{
  HubCameraTile *self = HUB_CAMERA_TILE (object);

  g_signal_group_set_target (self->feed_signals, NULL);
  g_signal_group_set_target (self->camera_signals, NULL);
  g_clear_object (&self->feed);
  g_clear_object (&self->camera);
  gtk_widget_dispose_template (GTK_WIDGET (self), HUB_TYPE_CAMERA_TILE);
  G_OBJECT_CLASS (hub_camera_tile_parent_class)->dispose (object);
}

static void
hub_camera_tile_finalize (GObject *object)
{
  HubCameraTile *self = HUB_CAMERA_TILE (object);

  g_clear_object (&self->feed_signals);
  g_clear_object (&self->camera_signals);
  G_OBJECT_CLASS (hub_camera_tile_parent_class)->finalize (object);
}

static void
hub_camera_tile_class_init (HubCameraTileClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hub_camera_tile_dispose;
  object_class->finalize = hub_camera_tile_finalize;

  g_type_ensure (HUB_TYPE_CAMERA_PANE);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/hubview/Hubview/ui/hub-camera-tile.ui");
  gtk_widget_class_bind_template_child (widget_class, HubCameraTile, pane);
  gtk_widget_class_bind_template_child (widget_class, HubCameraTile, name);
  gtk_widget_class_bind_template_child (widget_class, HubCameraTile, badge);
  gtk_widget_class_bind_template_callback (widget_class, on_released);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "hub-camera-tile");
}

static void
hub_camera_tile_init (HubCameraTile *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->camera_signals = g_signal_group_new (HUB_TYPE_CAMERA);
  g_signal_group_connect_object (self->camera_signals, "notify", G_CALLBACK (on_changed), self,
                                 G_CONNECT_SWAPPED);
  self->feed_signals = g_signal_group_new (HUB_TYPE_CAMERA_FEED);
  g_signal_group_connect_object (self->feed_signals, "notify::state", G_CALLBACK (on_changed), self,
                                 G_CONNECT_SWAPPED);
  /* the video area is the tile's own (template) child: it goes with the tile */
  g_signal_connect_object (hub_camera_pane_get_video (self->pane), "notify::verified",
                           G_CALLBACK (on_changed), self, G_CONNECT_SWAPPED);
}

GtkWidget *
hub_camera_tile_new (HubCamera *camera)
{
  HubCameraTile *self = g_object_new (HUB_TYPE_CAMERA_TILE, NULL);

  self->camera = g_object_ref (camera);
  g_signal_group_set_target (self->camera_signals, camera);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  hub_camera_get_name (camera), -1);
  update_badge (self);
  return GTK_WIDGET (self);
}
