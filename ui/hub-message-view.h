/* hub-message-view.h — a whole-screen status view
 *
 * A large symbolic icon, a title ("No network", "Camera cloud unavailable",
 * "No cameras yet", "Signed out"), a body text, an optional countdown line
 * ("Retrying in 12 s") and an optional action button.
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define HUB_TYPE_MESSAGE_VIEW (hub_message_view_get_type ())
G_DECLARE_FINAL_TYPE (HubMessageView, hub_message_view, HUB, MESSAGE_VIEW, GtkWidget)

GtkWidget *hub_message_view_new (void);

/* @icon_name: a symbolic icon name, or NULL for no icon. @body may be NULL.
 * Leaves the countdown and the action as they are. */
void hub_message_view_set (HubMessageView *self, const char *icon_name, const char *title,
                           const char *body);
/* Shows "Retrying in N s", counting down on the monotonic clock from
 * @seconds; hidden when it reaches 0. 0 hides it at once. */
void hub_message_view_set_retry_in (HubMessageView *self, guint seconds);
/* The action button's label; NULL hides the button. */
void hub_message_view_set_action (HubMessageView *self, const char *label);

const char *hub_message_view_get_icon_name (HubMessageView *self);
const char *hub_message_view_get_title (HubMessageView *self);
const char *hub_message_view_get_body (HubMessageView *self);
const char *hub_message_view_get_action_label (HubMessageView *self);
/* Whole seconds left, rounded up; 0 when no countdown is shown. */
guint hub_message_view_get_retry_in (HubMessageView *self);

G_END_DECLS
