/* hub-status-overlay.c — the words over a camera's picture
 *
 * Copyright 2026 hubview developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#define G_LOG_DOMAIN "hub-status-overlay"

#include "hub-status-overlay.h"

struct _HubStatusOverlay
{
  GtkWidget parent_instance;

  /* Template Widgets */
  GtkWidget *box;
  GtkWidget *spinner;
  GtkWidget *icon;
  GtkWidget *label;

  /* Owned References */
  HubCameraFeed *feed;
  GSignalGroup *feed_signals;

  gboolean compact;
  guint tick_id;
};

enum
{
  PROP_0,
  PROP_COMPACT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (HubStatusOverlay, hub_status_overlay, GTK_TYPE_WIDGET)

void
hub_session_status_describe (HubCameraFeed *feed, const char **icon, char **text, gboolean *opaque)
{
  const char *reason = feed ? hub_camera_feed_get_reason (feed) : NULL;
  HubCameraState state = feed ? hub_camera_feed_get_state (feed) : HUB_CAMERA_STATE_STOPPED;

  *icon = NULL;
  *opaque = TRUE;
  switch (state)
    {
    case HUB_CAMERA_STATE_PLAYING:
      *text = NULL;
      *opaque = FALSE;
      break;
    case HUB_CAMERA_STATE_OPENING:
    case HUB_CAMERA_STATE_CONNECTING:
      *text = g_strdup ("Connecting…");
      break;
    case HUB_CAMERA_STATE_WAITING:
      *text = g_strdup ("Waiting for verified video…");
      break;
    case HUB_CAMERA_STATE_DELAYED:
      *icon = "preferences-system-time-symbolic";
      *text = g_strdup_printf ("Video delayed %u s",
                               MAX (1, (hub_camera_feed_get_delay_ms (feed) + 500) / 1000));
      *opaque = FALSE;
      break;
    case HUB_CAMERA_STATE_BLOCKED:
      *icon = "dialog-warning-symbolic";
      *text = g_strdup_printf ("Unverified video blocked\n%s", reason ? reason : "");
      break;
    case HUB_CAMERA_STATE_RECONNECTING:
      *text = g_strdup ("Reconnecting…");
      break;
    case HUB_CAMERA_STATE_FAILED:
      *icon = "dialog-error-symbolic";
      *text = g_strdup_printf ("Camera unavailable\n%s", reason ? reason : "");
      break;
    case HUB_CAMERA_STATE_LOCKED:
      *icon = "system-lock-screen-symbolic";
      *text = g_strdup_printf ("Untrusted camera\n%s", reason ? reason : "");
      break;
    case HUB_CAMERA_STATE_OFFLINE:
      *icon = "network-offline-symbolic";
      *text = g_strdup ("Camera offline");
      break;
    case HUB_CAMERA_STATE_REMOVED:
      *icon = "action-unavailable-symbolic";
      *text = g_strdup ("No longer shared with this account");
      break;
    case HUB_CAMERA_STATE_STOPPED:
    default:
      *text = g_strdup ("");
      break;
    }
}

static void
update (HubStatusOverlay *self)
{
  const char *icon;
  g_autofree char *text = NULL;
  gboolean opaque, busy;
  HubCameraState state;

  hub_session_status_describe (self->feed, &icon, &text, &opaque);
  state = self->feed ? hub_camera_feed_get_state (self->feed) : HUB_CAMERA_STATE_STOPPED;
  busy = state == HUB_CAMERA_STATE_OPENING || state == HUB_CAMERA_STATE_CONNECTING
         || state == HUB_CAMERA_STATE_WAITING || state == HUB_CAMERA_STATE_RECONNECTING;

  gtk_widget_set_visible (GTK_WIDGET (self), text != NULL && *text != '\0');
  gtk_label_set_text (GTK_LABEL (self->label), text ? text : "");
  gtk_widget_set_visible (self->spinner, busy);
  gtk_spinner_set_spinning (GTK_SPINNER (self->spinner), busy);
  gtk_widget_set_visible (self->icon, icon != NULL);
  if (icon != NULL)
    gtk_image_set_from_icon_name (GTK_IMAGE (self->icon), icon);
  if (opaque)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self), "opaque");
      gtk_widget_remove_css_class (GTK_WIDGET (self), "banner");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self), "opaque");
      gtk_widget_add_css_class (GTK_WIDGET (self), "banner");
    }
}

static void
on_state (HubStatusOverlay *self, GParamSpec *pspec, HubCameraFeed *feed)
{
  update (self);
}

static gboolean
on_tick (gpointer user_data)
{
  update (HUB_STATUS_OVERLAY (user_data)); /* the delay's age moves on */
  return G_SOURCE_CONTINUE;
}

void
hub_status_overlay_set_feed (HubStatusOverlay *self, HubCameraFeed *feed)
{
  g_return_if_fail (HUB_IS_STATUS_OVERLAY (self));

  g_set_object (&self->feed, feed);
  g_signal_group_set_target (self->feed_signals, feed);
  update (self);
}

const char *
hub_status_overlay_get_text (HubStatusOverlay *self)
{
  g_return_val_if_fail (HUB_IS_STATUS_OVERLAY (self), NULL);
  return gtk_widget_get_visible (GTK_WIDGET (self)) ? gtk_label_get_text (GTK_LABEL (self->label))
                                                    : "";
}

static void
hub_status_overlay_set_compact (HubStatusOverlay *self, gboolean compact)
{
  g_assert (HUB_IS_STATUS_OVERLAY (self));

  compact = !!compact;
  if (self->compact == compact)
    return;
  self->compact = compact;
  if (compact)
    gtk_widget_add_css_class (GTK_WIDGET (self), "compact");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "compact");
  gtk_image_set_pixel_size (GTK_IMAGE (self->icon), compact ? 40 : 64);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COMPACT]);
}

static void
hub_status_overlay_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  HubStatusOverlay *self = HUB_STATUS_OVERLAY (object);

  switch (prop_id)
    {
    case PROP_COMPACT:
      g_value_set_boolean (value, self->compact);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hub_status_overlay_set_property (GObject *object, guint prop_id, const GValue *value,
                                 GParamSpec *pspec)
{
  HubStatusOverlay *self = HUB_STATUS_OVERLAY (object);

  switch (prop_id)
    {
    case PROP_COMPACT:
      hub_status_overlay_set_compact (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hub_status_overlay_dispose (GObject *object)
{
  HubStatusOverlay *self = HUB_STATUS_OVERLAY (object);

  g_clear_handle_id (&self->tick_id, g_source_remove);
  hub_status_overlay_set_feed (self, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), HUB_TYPE_STATUS_OVERLAY);
  G_OBJECT_CLASS (hub_status_overlay_parent_class)->dispose (object);
}

static void
hub_status_overlay_finalize (GObject *object)
{
  HubStatusOverlay *self = HUB_STATUS_OVERLAY (object);

  g_clear_object (&self->feed_signals);
  G_OBJECT_CLASS (hub_status_overlay_parent_class)->finalize (object);
}

static void
hub_status_overlay_class_init (HubStatusOverlayClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hub_status_overlay_dispose;
  object_class->finalize = hub_status_overlay_finalize;
  object_class->get_property = hub_status_overlay_get_property;
  object_class->set_property = hub_status_overlay_set_property;

  /**
   * HubStatusOverlay:compact:
   *
   * Smaller words and icon, for a tile of the grid.
   */
  properties[PROP_COMPACT] = g_param_spec_boolean (
      "compact", NULL, NULL, FALSE,
      G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/hubview/Hubview/ui/hub-status-overlay.ui");
  gtk_widget_class_bind_template_child (widget_class, HubStatusOverlay, box);
  gtk_widget_class_bind_template_child (widget_class, HubStatusOverlay, spinner);
  gtk_widget_class_bind_template_child (widget_class, HubStatusOverlay, icon);
  gtk_widget_class_bind_template_child (widget_class, HubStatusOverlay, label);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "hub-status-overlay");
}

static void
hub_status_overlay_init (HubStatusOverlay *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->feed_signals = g_signal_group_new (HUB_TYPE_CAMERA_FEED);
  g_signal_group_connect_object (self->feed_signals, "notify::state", G_CALLBACK (on_state), self,
                                 G_CONNECT_SWAPPED);
  self->tick_id = g_timeout_add_seconds (1, on_tick, self);
  update (self);
}

GtkWidget *
hub_status_overlay_new (gboolean compact)
{
  return g_object_new (HUB_TYPE_STATUS_OVERLAY, "compact", compact, NULL);
}
