/* hub-camera-view.c — one camera, full screen
 *
 * Copyright 2026 hubview developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#define G_LOG_DOMAIN "hub-camera-view"

#include "hub-camera-view.h"

#include "hub-status-overlay.h"

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

  GtkWidget *overlay;
  GtkWidget *video;
  GtkWidget *status;
  GtkWidget *name;
  GtkWidget *badge;
  HubCameraSession *session;
  gint64 drag_started_us;
};

G_DEFINE_FINAL_TYPE (HubCameraView, hub_camera_view, GTK_TYPE_WIDGET)

static void
on_drag_begin (GtkGestureDrag *gesture, double x, double y, gpointer user_data)
{
  HubCameraView *self = user_data;

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
on_drag_end (GtkGestureDrag *gesture, double dx, double dy, gpointer user_data)
{
  HubCameraView *self = user_data;
  GtkWidget *widget = GTK_WIDGET (self);
  double seconds = MAX (0.001, (g_get_monotonic_time () - self->drag_started_us) / 1e6);

  if (is_swipe (dx, dy, gtk_widget_get_width (widget), seconds))
    gtk_widget_activate_action (widget, dx < 0 ? "app.next-camera" : "app.previous-camera",
                                NULL);
  else if (dy > 0 && is_swipe (dy, dx, gtk_widget_get_height (widget), seconds))
    gtk_widget_activate_action (widget, "app.back", NULL);
}

/* §6.7: shown only while the frame on screen passed both checks */
static void
on_verified (HubVideoArea *video, GParamSpec *pspec, gpointer user_data)
{
  HubCameraView *self = user_data;
  gboolean verified = hub_video_area_get_verified (video);

  gtk_label_set_text (GTK_LABEL (self->badge), verified ? "✔ Verified" : "");
  gtk_widget_set_visible (self->badge, verified);
}

const char *
hub_camera_view_get_badge_text (HubCameraView *self)
{
  g_return_val_if_fail (HUB_IS_CAMERA_VIEW (self), NULL);
  return gtk_widget_get_visible (self->badge) ? gtk_label_get_text (GTK_LABEL (self->badge)) : "";
}

void
hub_camera_view_set_session (HubCameraView *self, HubCameraSession *session, HubEventLog *log)
{
  g_return_if_fail (HUB_IS_CAMERA_VIEW (self));

  g_set_object (&self->session, session);
  hub_video_area_set_session (HUB_VIDEO_AREA (self->video), session, "camera", log);
  hub_status_overlay_set_session (HUB_STATUS_OVERLAY (self->status), session);
  gtk_label_set_text (GTK_LABEL (self->name),
                      session ? hub_camera_get_name (hub_camera_session_get_camera (session))
                              : "");
}

HubVideoArea *
hub_camera_view_get_video (HubCameraView *self)
{
  g_return_val_if_fail (HUB_IS_CAMERA_VIEW (self), NULL);
  return HUB_VIDEO_AREA (self->video);
}

const char *
hub_camera_view_get_status_text (HubCameraView *self)
{
  g_return_val_if_fail (HUB_IS_CAMERA_VIEW (self), NULL);
  return hub_status_overlay_get_text (HUB_STATUS_OVERLAY (self->status));
}

static void
hub_camera_view_dispose (GObject *object)
{
  HubCameraView *self = HUB_CAMERA_VIEW (object);

  hub_camera_view_set_session (self, NULL, NULL);
  if (self->video != NULL)
    g_signal_handlers_disconnect_by_data (self->video, self);
  g_clear_pointer (&self->overlay, gtk_widget_unparent);
  G_OBJECT_CLASS (hub_camera_view_parent_class)->dispose (object);
}

static void
hub_camera_view_class_init (HubCameraViewClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = hub_camera_view_dispose;
  gtk_widget_class_set_layout_manager_type (GTK_WIDGET_CLASS (klass), GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (GTK_WIDGET_CLASS (klass), "hub-camera-view");
}

static void
hub_camera_view_init (HubCameraView *self)
{
  GtkWidget *bar = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 16);
  GtkWidget *back = gtk_button_new_with_label ("‹ All cameras");
  GtkGesture *drag = gtk_gesture_drag_new ();

  self->overlay = gtk_overlay_new ();
  self->video = hub_video_area_new ();
  self->status = hub_status_overlay_new (FALSE);
  self->name = gtk_label_new (NULL);
  self->badge = gtk_label_new (NULL);
  gtk_widget_add_css_class (self->name, "view-name");
  gtk_widget_add_css_class (self->badge, "view-badge");
  gtk_widget_add_css_class (self->badge, "verified");
  gtk_widget_set_visible (self->badge, FALSE);
  gtk_widget_add_css_class (back, "back-button");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (back), "app.back");
  gtk_widget_set_size_request (back, 160, 56);
  gtk_box_append (GTK_BOX (bar), back);
  gtk_box_append (GTK_BOX (bar), self->name);
  gtk_box_append (GTK_BOX (bar), self->badge);
  gtk_widget_add_css_class (bar, "view-bar");
  gtk_widget_set_valign (bar, GTK_ALIGN_END); /* the picture's top (marker strip, sky) stays clear */

  gtk_overlay_set_child (GTK_OVERLAY (self->overlay), self->video);
  gtk_overlay_add_overlay (GTK_OVERLAY (self->overlay), self->status);
  gtk_overlay_add_overlay (GTK_OVERLAY (self->overlay), bar);
  gtk_widget_set_parent (self->overlay, GTK_WIDGET (self));

  g_signal_connect (self->video, "notify::verified", G_CALLBACK (on_verified), self);
  gtk_gesture_single_set_touch_only (GTK_GESTURE_SINGLE (drag), FALSE);
  g_signal_connect (drag, "drag-begin", G_CALLBACK (on_drag_begin), self);
  g_signal_connect (drag, "drag-end", G_CALLBACK (on_drag_end), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));
}

GtkWidget *
hub_camera_view_new (void)
{
  return g_object_new (HUB_TYPE_CAMERA_VIEW, NULL);
}
