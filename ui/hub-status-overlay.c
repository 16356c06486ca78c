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

  GtkWidget *box;
  GtkWidget *spinner;
  GtkWidget *icon;
  GtkWidget *label;
  HubCameraSession *session;
  gboolean compact;
  guint tick_id;
};

G_DEFINE_FINAL_TYPE (HubStatusOverlay, hub_status_overlay, GTK_TYPE_WIDGET)

void
hub_session_status_describe (HubCameraSession *session, const char **icon, char **text,
                             gboolean *opaque)
{
  const char *reason = session ? hub_camera_session_get_reason (session) : NULL;
  HubSessionState state = session ? hub_camera_session_get_state (session) : HUB_SESSION_STOPPED;

  *icon = NULL;
  *opaque = TRUE;
  switch (state)
    {
    case HUB_SESSION_PLAYING:
      *text = NULL;
      *opaque = FALSE;
      break;
    case HUB_SESSION_OPENING:
    case HUB_SESSION_CONNECTING:
      *text = g_strdup ("Connecting…");
      break;
    case HUB_SESSION_WAITING:
      *text = g_strdup ("Waiting for verified video…");
      break;
    case HUB_SESSION_DELAYED:
      *icon = "preferences-system-time-symbolic";
      *text = g_strdup_printf ("Video delayed %u s",
                               MAX (1, (hub_camera_session_get_delay_ms (session) + 500) / 1000));
      *opaque = FALSE;
      break;
    case HUB_SESSION_BLOCKED:
      *icon = "dialog-warning-symbolic";
      *text = g_strdup_printf ("Unverified video blocked\n%s", reason ? reason : "");
      break;
    case HUB_SESSION_RECONNECTING:
      *text = g_strdup ("Reconnecting…");
      break;
    case HUB_SESSION_FAILED:
      *icon = "dialog-error-symbolic";
      *text = g_strdup_printf ("Camera unavailable\n%s", reason ? reason : "");
      break;
    case HUB_SESSION_LOCKED:
      *icon = "system-lock-screen-symbolic";
      *text = g_strdup_printf ("Untrusted camera\n%s", reason ? reason : "");
      break;
    case HUB_SESSION_OFFLINE:
      *icon = "network-offline-symbolic";
      *text = g_strdup ("Camera offline");
      break;
    case HUB_SESSION_REMOVED:
      *icon = "action-unavailable-symbolic";
      *text = g_strdup ("No longer shared with this account");
      break;
    case HUB_SESSION_STOPPED:
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
  HubSessionState state;

  hub_session_status_describe (self->session, &icon, &text, &opaque);
  state = self->session ? hub_camera_session_get_state (self->session) : HUB_SESSION_STOPPED;
  busy = state == HUB_SESSION_OPENING || state == HUB_SESSION_CONNECTING
         || state == HUB_SESSION_WAITING || state == HUB_SESSION_RECONNECTING;

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
on_state (HubCameraSession *session, GParamSpec *pspec, gpointer user_data)
{
  update (HUB_STATUS_OVERLAY (user_data));
}

static gboolean
on_tick (gpointer user_data)
{
  update (HUB_STATUS_OVERLAY (user_data)); /* the delay's age moves on */
  return G_SOURCE_CONTINUE;
}

void
hub_status_overlay_set_session (HubStatusOverlay *self, HubCameraSession *session)
{
  g_return_if_fail (HUB_IS_STATUS_OVERLAY (self));

  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_set_object (&self->session, session);
  if (session != NULL)
    g_signal_connect (session, "notify::state", G_CALLBACK (on_state), self);
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
hub_status_overlay_dispose (GObject *object)
{
  HubStatusOverlay *self = HUB_STATUS_OVERLAY (object);

  g_clear_handle_id (&self->tick_id, g_source_remove);
  hub_status_overlay_set_session (self, NULL);
  g_clear_pointer (&self->box, gtk_widget_unparent);
  G_OBJECT_CLASS (hub_status_overlay_parent_class)->dispose (object);
}

static void
hub_status_overlay_class_init (HubStatusOverlayClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = hub_status_overlay_dispose;
  gtk_widget_class_set_layout_manager_type (GTK_WIDGET_CLASS (klass), GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (GTK_WIDGET_CLASS (klass), "hub-status-overlay");
}

static void
hub_status_overlay_init (HubStatusOverlay *self)
{
  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_widget_set_halign (self->box, GTK_ALIGN_CENTER);
  gtk_widget_set_valign (self->box, GTK_ALIGN_CENTER);
  self->spinner = gtk_spinner_new ();
  gtk_widget_set_size_request (self->spinner, 48, 48);
  self->icon = gtk_image_new ();
  gtk_image_set_pixel_size (GTK_IMAGE (self->icon), 64);
  self->label = gtk_label_new (NULL);
  gtk_label_set_justify (GTK_LABEL (self->label), GTK_JUSTIFY_CENTER);
  gtk_label_set_wrap (GTK_LABEL (self->label), TRUE);
  gtk_box_append (GTK_BOX (self->box), self->spinner);
  gtk_box_append (GTK_BOX (self->box), self->icon);
  gtk_box_append (GTK_BOX (self->box), self->label);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));
  gtk_widget_set_can_target (GTK_WIDGET (self), FALSE);
  self->tick_id = g_timeout_add_seconds (1, on_tick, self);
  update (self);
}

GtkWidget *
hub_status_overlay_new (gboolean compact)
{
  HubStatusOverlay *self = g_object_new (HUB_TYPE_STATUS_OVERLAY, NULL);

  self->compact = compact;
  if (compact)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self), "compact");
      gtk_image_set_pixel_size (GTK_IMAGE (self->icon), 40);
    }
  return GTK_WIDGET (self);
}
