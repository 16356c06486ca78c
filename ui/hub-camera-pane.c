/* hub-camera-pane.c — a camera's picture, its status words, and a bar
 *
 * Copyright 2026 hubview developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#define G_LOG_DOMAIN "hub-camera-pane"

#include "hub-camera-pane.h"

#include "hub-status-overlay.h"

struct _HubCameraPane
{
  GtkWidget parent_instance;

  /* Template Widgets */
  GtkWidget *overlay;
  HubVideoArea *video;
  HubStatusOverlay *status;

  /* Borrowed References */
  GtkWidget *bar; /* a child of overlay */
};

enum
{
  PROP_0,
  PROP_COMPACT,
  PROP_BAR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (HubCameraPane, hub_camera_pane, GTK_TYPE_WIDGET)

void
hub_camera_pane_set_feed (HubCameraPane *self, HubCameraFeed *feed, const char *view,
                          HubEventLog *log)
{
  g_return_if_fail (HUB_IS_CAMERA_PANE (self));

  hub_video_area_set_feed (self->video, feed, view, log);
  hub_status_overlay_set_feed (self->status, feed);
}

HubVideoArea *
hub_camera_pane_get_video (HubCameraPane *self)
{
  g_return_val_if_fail (HUB_IS_CAMERA_PANE (self), NULL);
  return self->video;
}

const char *
hub_camera_pane_get_status_text (HubCameraPane *self)
{
  g_return_val_if_fail (HUB_IS_CAMERA_PANE (self), NULL);
  return hub_status_overlay_get_text (self->status);
}

/* The bar lies over the picture and its words, along the bottom as the bar
 * itself asks (valign); it is set once, from the template that uses the pane. */
static void
hub_camera_pane_set_bar (HubCameraPane *self, GtkWidget *bar)
{
  g_assert (HUB_IS_CAMERA_PANE (self));

  if (self->bar == bar)
    return;
  if (self->bar != NULL)
    gtk_overlay_remove_overlay (GTK_OVERLAY (self->overlay), self->bar);
  self->bar = bar;
  if (bar != NULL)
    gtk_overlay_add_overlay (GTK_OVERLAY (self->overlay), bar);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BAR]);
}

static void
hub_camera_pane_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  HubCameraPane *self = HUB_CAMERA_PANE (object);

  switch (prop_id)
    {
    case PROP_COMPACT:
      g_object_get_property (G_OBJECT (self->status), "compact", value);
      break;
    case PROP_BAR:
      g_value_set_object (value, self->bar);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hub_camera_pane_set_property (GObject *object, guint prop_id, const GValue *value,
                              GParamSpec *pspec)
{
  HubCameraPane *self = HUB_CAMERA_PANE (object);

  switch (prop_id)
    {
    case PROP_COMPACT:
      g_object_set_property (G_OBJECT (self->status), "compact", value);
      break;
    case PROP_BAR:
      hub_camera_pane_set_bar (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hub_camera_pane_dispose (GObject *object)
{
  HubCameraPane *self = HUB_CAMERA_PANE (object);

  self->bar = NULL;
  gtk_widget_dispose_template (GTK_WIDGET (self), HUB_TYPE_CAMERA_PANE);
  G_OBJECT_CLASS (hub_camera_pane_parent_class)->dispose (object);
}

static void
hub_camera_pane_class_init (HubCameraPaneClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hub_camera_pane_dispose;
  object_class->get_property = hub_camera_pane_get_property;
  object_class->set_property = hub_camera_pane_set_property;

  /**
   * HubCameraPane:compact:
   *
   * Smaller status words, for a tile of the grid.
   */
  properties[PROP_COMPACT] = g_param_spec_boolean ("compact", NULL, NULL, FALSE,
                                                   G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  /**
   * HubCameraPane:bar:
   *
   * A widget laid over the picture and its status words (a name, a badge, a
   * back button), placed by its own alignment.
   */
  properties[PROP_BAR]
      = g_param_spec_object ("bar", NULL, NULL, GTK_TYPE_WIDGET,
                             G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (HUB_TYPE_VIDEO_AREA);
  g_type_ensure (HUB_TYPE_STATUS_OVERLAY);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/hubview/Hubview/ui/hub-camera-pane.ui");
  gtk_widget_class_bind_template_child (widget_class, HubCameraPane, overlay);
  gtk_widget_class_bind_template_child (widget_class, HubCameraPane, video);
  gtk_widget_class_bind_template_child (widget_class, HubCameraPane, status);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "hub-camera-pane");
}

static void
hub_camera_pane_init (HubCameraPane *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
hub_camera_pane_new (void)
{
  return g_object_new (HUB_TYPE_CAMERA_PANE, NULL);
}
