/* hub-message-page.h — a full-page status screen
 *
 * A large symbolic icon, a title ("No network", "Camera cloud unavailable",
 * "No cameras yet", "Signed out"), a body text, an optional countdown line
 * ("Retrying in 12 s") and an optional action button.
 *
 * Properties: "icon-name", "title", "body", "action-label" (NULL hides the
 * button), "retry-in" (seconds left; writing it starts the countdown, 0
 * hides it; notified each second).
 * Signal: "action" () — the action button was pressed.
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define HUB_TYPE_MESSAGE_PAGE (hub_message_page_get_type ())
G_DECLARE_FINAL_TYPE (HubMessagePage, hub_message_page, HUB, MESSAGE_PAGE, GtkWidget)

GtkWidget *hub_message_page_new (void);

/* @icon_name: a symbolic icon name, or NULL for no icon. @body may be NULL.
 * Leaves the countdown and the action as they are. */
void hub_message_page_set (HubMessagePage *self, const char *icon_name, const char *title,
                           const char *body);
/* Shows "Retrying in N s", counting down on the monotonic clock from
 * @seconds; hidden when it reaches 0. 0 hides it at once. */
void hub_message_page_set_retry_in (HubMessagePage *self, guint seconds);
/* The action button's label; NULL hides the button. */
void hub_message_page_set_action (HubMessagePage *self, const char *label);

const char *hub_message_page_get_icon_name (HubMessagePage *self);
const char *hub_message_page_get_title (HubMessagePage *self);
const char *hub_message_page_get_body (HubMessagePage *self);
const char *hub_message_page_get_action_label (HubMessagePage *self);
/* Whole seconds left, rounded up; 0 when no countdown is shown. */
guint hub_message_page_get_retry_in (HubMessagePage *self);

G_END_DECLS
