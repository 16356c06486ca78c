/* hub-camera-view.c — one camera, full screen
 *
 * Copyright 2026 hubview developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#define G_LOG_DOMAIN "hub-camera-view"

#include "hub-camera-view.h"

#include "hub-camera-pane.h"

#include <math.h>

/* A swipe: mostly along one axis, and either long (a quarter of the view)
 * or a flick (48 px at 300 px/s or more). Judged from where the finger went
 * down and came up, so that a busy machine that delivers the motion late
 * still sees the swipe. */
#define SWIPE_MIN_VELOCITY 300.0
#define SWIPE_MIN_FLICK 48.0
#define SWIPE_DOMINANCE 2.0

struct _HubCameraView
{
  GtkWidget parent_instance;

  /* Template Widgets */
  HubCameraPane *pane;
  GtkLabel *name;
  GtkLabel *badge;

  /* Owned References */
  HubCameraFeed *feed;

  gint64 drag_started_us;
};

G_DEFINE_FINAL_TYPE (HubCameraView, hub_camera_view, GTK_TYPE_WIDGET)

static void
on_drag_begin (HubCameraView *self, double x, double y, GtkGestureDrag *gesture)
{

  self->drag_started_us = g_get_monotonic_time ();
}

static gboolean
is_swipe (double along, double across, double extent, double seconds)
{
  if (fabs (along) < SWIPE_DOMINANCE * fabs (across))
    return FALSE;
  return fabs (along) >= extent / 4
         || (fabs (along) >= SWIPE_MIN_FLICK && fabs (along) / seconds >= SWIPE_MIN_VELOCITY);
}

static void
on_drag_end (HubCameraView *self, double dx, double dy, GtkGestureDrag *gesture)
{
  GtkWidget *widget = GTK_WIDGET (self);
  double seconds = MAX (0.001, (g_get_monotonic_time () - self->drag_started_us) / 1e6);

  if (is_swipe (dx, dy, gtk_widget_get_width (widget), seconds))
    gtk_widget_activate_action (widget, dx < 0 ? "app.next-camera" : "app.previous-camera", NULL);
  else if (dy > 0 && is_swipe (dy, dx, gtk_widget_get_height (widget), seconds))
    gtk_widget_activate_action (widget, "app.back", NULL);
}

/* §6.7: shown only while the frame on screen passed both checks */
static void
on_verified (HubCameraView *self, GParamSpec *pspec, HubVideoArea *video)
{
  gboolean verified = hub_video_area_get_verified (video);

  g_assert (HUB_IS_CAMERA_VIEW (self));

  gtk_label_set_text (self->badge, verified ? "✔ Verified" : "");
  gtk_widget_set_visible (GTK_WIDGET (self->badge), verified);
}

const char *
hub_camera_view_get_badge_text (HubCameraView *self)
{
  g_return_val_if_fail (HUB_IS_CAMERA_VIEW (self), NULL);
  return gtk_widget_get_visible (GTK_WIDGET (self->badge)) ? gtk_label_get_text (self->badge) : "";
}

void
hub_camera_view_set_feed (HubCameraView *self, HubCameraFeed *feed, HubEventLog *log)
{
  g_return_if_fail (HUB_IS_CAMERA_VIEW (self));

  g_set_object (&self->feed, feed);
  hub_camera_pane_set_feed (self->pane, feed, "camera", log);
  gtk_label_set_text (self->name,
                      feed ? hub_camera_get_name (hub_camera_feed_get_camera (feed)) : "");
}

HubVideoArea *
hub_camera_view_get_video (HubCameraView *self)
{
  g_return_val_if_fail (HUB_IS_CAMERA_VIEW (self), NULL);
  return hub_camera_pane_get_video (self->pane);
}

const char *
hub_camera_view_get_status_text (HubCameraView *self)
{
  g_return_val_if_fail (HUB_IS_CAMERA_VIEW (self), NULL);
  return hub_camera_pane_get_status_text (self->pane);
}

static void
hub_camera_view_dispose (GObject *object)
{
  HubCameraView *self = HUB_CAMERA_VIEW (object);

  hub_camera_view_set_feed (self, NULL, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), HUB_TYPE_CAMERA_VIEW);
  G_OBJECT_CLASS (hub_camera_view_parent_class)->dispose (object);
}

static void
hub_camera_view_class_init (HubCameraViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hub_camera_view_dispose;

  g_type_ensure (HUB_TYPE_CAMERA_PANE);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/hubview/Hubview/ui/hub-camera-view.ui");
  gtk_widget_class_bind_template_child (widget_class, HubCameraView, pane);
  gtk_widget_class_bind_template_child (widget_class, HubCameraView, name);
  gtk_widget_class_bind_template_child (widget_class, HubCameraView, badge);
  gtk_widget_class_bind_template_callback (widget_class, on_drag_begin);
  gtk_widget_class_bind_template_callback (widget_class, on_drag_end);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "hub-camera-view");
}

static void
hub_camera_view_init (HubCameraView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* the video area is the view's own (template) child: it goes with the view */
  g_signal_connect_object (hub_camera_pane_get_video (self->pane), "notify::verified",
                           G_CALLBACK (on_verified), self, G_CONNECT_SWAPPED);
}

GtkWidget *
hub_camera_view_new (void)
{
  return g_object_new (HUB_TYPE_CAMERA_VIEW, NULL);
}
