/* hub-message-view.c — a whole-screen status view: icon, title, body, countdown, action */
#define G_LOG_DOMAIN "hub-message-view"

#include "hub-message-view.h"

struct _HubMessageView
{
  GtkWidget parent_instance;

  /* Template widgets; box, the only direct child, is bound so that
   * gtk_widget_dispose_template() unparents it. */
  GtkWidget *box;
  GtkImage *icon_image;
  GtkLabel *title_label;
  GtkLabel *body_label;
  GtkLabel *retry_label;
  GtkButton *action_button;

  char *icon_name;
  char *title;
  char *body;
  char *action_label;

  gint64 retry_deadline_us; /* monotonic */
  guint retry_in;
  guint tick_id;
};

G_DEFINE_FINAL_TYPE (HubMessageView, hub_message_view, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_ICON_NAME,
  PROP_TITLE,
  PROP_BODY,
  PROP_ACTION_LABEL,
  PROP_RETRY_IN,
  N_PROPS
};

enum
{
  ACTION,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void hub_message_view_update_countdown (HubMessageView *self);

/* Replaces *@field with a copy of @value; TRUE when it changed. */
static gboolean
replace_string (char **field, const char *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;
  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

static void
hub_message_view_set_icon_name (HubMessageView *self, const char *icon_name)
{
  g_assert (HUB_IS_MESSAGE_VIEW (self));

  if (icon_name != NULL && *icon_name == '\0')
    icon_name = NULL;
  if (!replace_string (&self->icon_name, icon_name))
    return;
  gtk_image_set_from_icon_name (self->icon_image, icon_name);
  gtk_widget_set_visible (GTK_WIDGET (self->icon_image), icon_name != NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ICON_NAME]);
}

static void
hub_message_view_set_title (HubMessageView *self, const char *title)
{
  g_assert (HUB_IS_MESSAGE_VIEW (self));

  if (!replace_string (&self->title, title))
    return;
  gtk_label_set_text (self->title_label, title != NULL ? title : "");
  gtk_widget_set_visible (GTK_WIDGET (self->title_label), title != NULL && *title != '\0');
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

static void
hub_message_view_set_body (HubMessageView *self, const char *body)
{
  g_assert (HUB_IS_MESSAGE_VIEW (self));

  if (!replace_string (&self->body, body))
    return;
  gtk_label_set_text (self->body_label, body != NULL ? body : "");
  gtk_widget_set_visible (GTK_WIDGET (self->body_label), body != NULL && *body != '\0');
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BODY]);
}

static void
hub_message_view_set_retry_seconds (HubMessageView *self, guint seconds)
{
  g_assert (HUB_IS_MESSAGE_VIEW (self));

  gtk_widget_set_visible (GTK_WIDGET (self->retry_label), seconds > 0);
  if (seconds > 0)
    {
      g_autofree char *text = g_strdup_printf ("Retrying in %u s", seconds);

      gtk_label_set_text (self->retry_label, text);
    }

  if (seconds != self->retry_in)
    {
      self->retry_in = seconds;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RETRY_IN]);
    }
}

static gboolean
hub_message_view_tick_cb (gpointer user_data)
{
  HubMessageView *self = user_data;

  g_assert (HUB_IS_MESSAGE_VIEW (self));

  self->tick_id = 0;
  hub_message_view_update_countdown (self);
  return G_SOURCE_REMOVE;
}

static void
hub_message_view_update_countdown (HubMessageView *self)
{
  gint64 remaining_us;
  gint64 delay_us;
  guint seconds;

  g_assert (HUB_IS_MESSAGE_VIEW (self));

  g_clear_handle_id (&self->tick_id, g_source_remove);

  remaining_us = self->retry_deadline_us - g_get_monotonic_time ();
  if (remaining_us <= 0)
    {
      hub_message_view_set_retry_seconds (self, 0);
      return;
    }

  /* Rounded up, so the line reads "Retrying in 1 s" until the very end. */
  seconds = (guint) ((remaining_us + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC);
  hub_message_view_set_retry_seconds (self, seconds);

  /* Wake just after the value next drops, from the deadline: no drift. */
  delay_us = remaining_us - (gint64) (seconds - 1) * G_USEC_PER_SEC;
  self->tick_id = g_timeout_add_full (G_PRIORITY_DEFAULT, (guint) ((delay_us + 999) / 1000),
                                      hub_message_view_tick_cb, self, NULL);
  g_source_set_name_by_id (self->tick_id, "[hubview] message-view countdown");
}

static void
on_action_clicked_cb (HubMessageView *self, GtkButton *button)
{
  g_assert (HUB_IS_MESSAGE_VIEW (self));
  g_assert (GTK_IS_BUTTON (button));

  g_signal_emit (self, signals[ACTION], 0);
}

static void
hub_message_view_dispose (GObject *object)
{
  HubMessageView *self = (HubMessageView *) object;

  g_clear_handle_id (&self->tick_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), HUB_TYPE_MESSAGE_VIEW);

  G_OBJECT_CLASS (hub_message_view_parent_class)->dispose (object);
}

static void
hub_message_view_finalize (GObject *object)
{
  HubMessageView *self = (HubMessageView *) object;

  g_clear_pointer (&self->icon_name, g_free);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->body, g_free);
  g_clear_pointer (&self->action_label, g_free);

  G_OBJECT_CLASS (hub_message_view_parent_class)->finalize (object);
}

static void
hub_message_view_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  HubMessageView *self = HUB_MESSAGE_VIEW (object);

  switch (prop_id)
    {
    case PROP_ICON_NAME:
      g_value_set_string (value, self->icon_name);
      break;

    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;

    case PROP_BODY:
      g_value_set_string (value, self->body);
      break;

    case PROP_ACTION_LABEL:
      g_value_set_string (value, self->action_label);
      break;

    case PROP_RETRY_IN:
      g_value_set_uint (value, self->retry_in);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hub_message_view_set_property (GObject *object, guint prop_id, const GValue *value,
                               GParamSpec *pspec)
{
  HubMessageView *self = HUB_MESSAGE_VIEW (object);

  switch (prop_id)
    {
    case PROP_ICON_NAME:
      hub_message_view_set_icon_name (self, g_value_get_string (value));
      break;

    case PROP_TITLE:
      hub_message_view_set_title (self, g_value_get_string (value));
      break;

    case PROP_BODY:
      hub_message_view_set_body (self, g_value_get_string (value));
      break;

    case PROP_ACTION_LABEL:
      hub_message_view_set_action (self, g_value_get_string (value));
      break;

    case PROP_RETRY_IN:
      hub_message_view_set_retry_in (self, g_value_get_uint (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hub_message_view_class_init (HubMessageViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hub_message_view_dispose;
  object_class->finalize = hub_message_view_finalize;
  object_class->get_property = hub_message_view_get_property;
  object_class->set_property = hub_message_view_set_property;

  properties[PROP_ICON_NAME] = g_param_spec_string (
      "icon-name", NULL, NULL, NULL,
      (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_TITLE] = g_param_spec_string (
      "title", NULL, NULL, NULL,
      (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_BODY] = g_param_spec_string (
      "body", NULL, NULL, NULL,
      (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  /* NULL hides the button */
  properties[PROP_ACTION_LABEL] = g_param_spec_string (
      "action-label", NULL, NULL, NULL,
      (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  /* seconds left: writing it starts the countdown ("Retrying in 12 s"),
   * 0 hides it; notified each second */
  properties[PROP_RETRY_IN]
      = g_param_spec_uint ("retry-in", NULL, NULL, 0, G_MAXUINT, 0,
                           (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * HubMessageView::action:
   *
   * The action button was pressed.
   */
  signals[ACTION] = g_signal_new ("action", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                  NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/hubview/Hubview/ui/hub-message-view.ui");
  gtk_widget_class_bind_template_child (widget_class, HubMessageView, box);
  gtk_widget_class_bind_template_child (widget_class, HubMessageView, icon_image);
  gtk_widget_class_bind_template_child (widget_class, HubMessageView, title_label);
  gtk_widget_class_bind_template_child (widget_class, HubMessageView, body_label);
  gtk_widget_class_bind_template_child (widget_class, HubMessageView, retry_label);
  gtk_widget_class_bind_template_child (widget_class, HubMessageView, action_button);
  gtk_widget_class_bind_template_callback (widget_class, on_action_clicked_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "hubmessagepage");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
hub_message_view_init (HubMessageView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
hub_message_view_new (void)
{
  return g_object_new (HUB_TYPE_MESSAGE_VIEW, NULL);
}

void
hub_message_view_set (HubMessageView *self, const char *icon_name, const char *title,
                      const char *body)
{
  g_return_if_fail (HUB_IS_MESSAGE_VIEW (self));

  g_object_freeze_notify (G_OBJECT (self));
  hub_message_view_set_icon_name (self, icon_name);
  hub_message_view_set_title (self, title);
  hub_message_view_set_body (self, body);
  g_object_thaw_notify (G_OBJECT (self));
}

void
hub_message_view_set_retry_in (HubMessageView *self, guint seconds)
{
  g_return_if_fail (HUB_IS_MESSAGE_VIEW (self));

  self->retry_deadline_us = g_get_monotonic_time () + (gint64) seconds * G_USEC_PER_SEC;
  hub_message_view_update_countdown (self);
}

void
hub_message_view_set_action (HubMessageView *self, const char *label)
{
  g_return_if_fail (HUB_IS_MESSAGE_VIEW (self));

  if (!replace_string (&self->action_label, label))
    return;
  gtk_button_set_label (self->action_button, label != NULL ? label : "");
  gtk_widget_set_visible (GTK_WIDGET (self->action_button), label != NULL && *label != '\0');
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTION_LABEL]);
}

const char *
hub_message_view_get_icon_name (HubMessageView *self)
{
  g_return_val_if_fail (HUB_IS_MESSAGE_VIEW (self), NULL);

  return self->icon_name;
}

const char *
hub_message_view_get_title (HubMessageView *self)
{
  g_return_val_if_fail (HUB_IS_MESSAGE_VIEW (self), NULL);

  return self->title;
}

const char *
hub_message_view_get_body (HubMessageView *self)
{
  g_return_val_if_fail (HUB_IS_MESSAGE_VIEW (self), NULL);

  return self->body;
}

const char *
hub_message_view_get_action_label (HubMessageView *self)
{
  g_return_val_if_fail (HUB_IS_MESSAGE_VIEW (self), NULL);

  return self->action_label;
}

guint
hub_message_view_get_retry_in (HubMessageView *self)
{
  g_return_val_if_fail (HUB_IS_MESSAGE_VIEW (self), 0);

  return self->retry_in;
}
