/* hub-sign-in-view.c — the device-flow sign-in screen: code, QR code, countdown */
#define G_LOG_DOMAIN "hub-sign-in-view"

#include "hub-sign-in-view.h"

#include <errno.h>
#include <string.h>

#include <qrencode.h>

#define EXPIRED_MESSAGE "This code has expired."
#define UNUSABLE_MESSAGE "The camera cloud sent a sign-in code that cannot be shown."

struct _HubSignInView
{
  GtkWidget parent_instance;

  /* Template widgets; box, the only direct child, is bound so that
   * gtk_widget_dispose_template() unparents it. */
  GtkWidget *box;
  GtkLabel *heading_label;
  GtkStack *stack;
  GtkSpinner *spinner;
  GtkLabel *waiting_label;
  GtkLabel *instructions_label;
  GtkLabel *user_code_label;
  GtkLabel *countdown_label;
  GtkPicture *qr_picture;
  GtkLabel *error_label;
  GtkButton *retry_button;

  char *user_code;
  char *verification_uri;
  GdkTexture *qr_texture;

  gint64 deadline_us; /* monotonic; meaningful while a code is shown */
  guint seconds_left;
  guint tick_id;
};

G_DEFINE_FINAL_TYPE (HubSignInView, hub_sign_in_view, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_USER_CODE,
  PROP_VERIFICATION_URI,
  PROP_SECONDS_LEFT,
  PROP_QR_TEXTURE,
  N_PROPS
};

enum
{
  RETRY,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void hub_sign_in_view_update_countdown (HubSignInView *self);

/* Black modules on white, @quiet_zone white modules around, each module
 * @scale × @scale pixels. */
static GdkTexture *
qr_texture_new (const QRcode *qr, guint quiet_zone, guint scale)
{
  g_autoptr (GBytes) bytes = NULL;
  guint modules = (guint) qr->width + 2 * quiet_zone;
  gsize size = (gsize) modules * scale;
  gsize stride = size * 3;
  guint8 *pixels = g_malloc (stride * size);

  memset (pixels, 0xff, stride * size);
  for (guint y = 0; y < (guint) qr->width; y++)
    for (guint x = 0; x < (guint) qr->width; x++)
      {
        /* Bit 0 of each byte is the module's colour: 1 is dark. */
        if ((qr->data[y * qr->width + x] & 1) == 0)
          continue;
        for (guint row = 0; row < scale; row++)
          {
            guint8 *line
                = pixels + ((y + quiet_zone) * scale + row) * stride + (x + quiet_zone) * scale * 3;

            memset (line, 0x00, scale * 3);
          }
      }

  bytes = g_bytes_new_take (pixels, stride * size);
  return gdk_memory_texture_new ((int) size, (int) size, GDK_MEMORY_R8G8B8, bytes, stride);
}

static void
hub_sign_in_view_set_qr (HubSignInView *self, const char *text)
{
  g_autofree char *accessible_label = NULL;
  QRcode *qr;

  g_assert (HUB_IS_SIGN_IN_VIEW (self));

  g_clear_object (&self->qr_texture);

  /* Version 0: the smallest symbol that holds the text. */
  qr = text != NULL ? QRcode_encodeString (text, 0, QR_ECLEVEL_M, QR_MODE_8, 1) : NULL;
  if (qr != NULL)
    {
      guint modules = (guint) qr->width + 2 * HUB_SIGN_IN_PAGE_QR_QUIET_ZONE;
      guint scale = (HUB_SIGN_IN_PAGE_QR_MIN_SIZE + modules - 1) / modules;

      self->qr_texture = qr_texture_new (qr, HUB_SIGN_IN_PAGE_QR_QUIET_ZONE, MAX (scale, 1));
      QRcode_free (qr);
    }
  else if (text != NULL)
    {
      int saved_errno = errno;

      g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_MESSAGE, "MESSAGE",
                        "No QR code for the verification URI (%zu bytes): %s", strlen (text),
                        g_strerror (saved_errno));
    }

  gtk_picture_set_paintable (self->qr_picture, GDK_PAINTABLE (self->qr_texture));
  gtk_widget_set_visible (GTK_WIDGET (self->qr_picture), self->qr_texture != NULL);

  if (self->qr_texture != NULL)
    {
      accessible_label = g_strdup_printf ("QR code for %s", text);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->qr_picture),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, accessible_label, -1);
    }
  else
    gtk_accessible_reset_property (GTK_ACCESSIBLE (self->qr_picture),
                                   GTK_ACCESSIBLE_PROPERTY_LABEL);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_QR_TEXTURE]);
}

static void
hub_sign_in_view_show (HubSignInView *self, const char *page)
{
  gboolean code = g_str_equal (page, "code");

  g_assert (HUB_IS_SIGN_IN_VIEW (self));

  if (!code)
    {
      g_clear_handle_id (&self->tick_id, g_source_remove);
      if (self->seconds_left != 0)
        {
          self->seconds_left = 0;
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SECONDS_LEFT]);
        }
    }

  gtk_spinner_set_spinning (self->spinner, g_str_equal (page, "waiting"));
  /* Beside the code the heading heads its column; alone it is centred. */
  gtk_widget_set_halign (GTK_WIDGET (self->heading_label),
                         code ? GTK_ALIGN_START : GTK_ALIGN_CENTER);
  gtk_label_set_xalign (self->heading_label, code ? 0.0f : 0.5f);
  gtk_stack_set_visible_child_name (self->stack, page);
}

static void
hub_sign_in_view_show_error (HubSignInView *self, const char *message)
{
  g_assert (HUB_IS_SIGN_IN_VIEW (self));

  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  /* One "retry" per error (see on_retry_clicked_cb). */
  gtk_widget_set_sensitive (GTK_WIDGET (self->retry_button), TRUE);
  hub_sign_in_view_show (self, "error");
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    gtk_widget_grab_focus (GTK_WIDGET (self->retry_button));
}

static char *
format_remaining (guint seconds)
{
  if (seconds >= 3600)
    return g_strdup_printf ("%u:%02u:%02u", seconds / 3600, (seconds / 60) % 60, seconds % 60);
  return g_strdup_printf ("%u:%02u", seconds / 60, seconds % 60);
}

static gboolean
hub_sign_in_view_tick_cb (gpointer user_data)
{
  HubSignInView *self = user_data;

  g_assert (HUB_IS_SIGN_IN_VIEW (self));

  self->tick_id = 0;
  hub_sign_in_view_update_countdown (self);
  return G_SOURCE_REMOVE;
}

static void
hub_sign_in_view_update_countdown (HubSignInView *self)
{
  g_autofree char *remaining_text = NULL;
  g_autofree char *text = NULL;
  gint64 remaining_us;
  gint64 delay_us;
  guint seconds;

  g_assert (HUB_IS_SIGN_IN_VIEW (self));

  g_clear_handle_id (&self->tick_id, g_source_remove);

  remaining_us = self->deadline_us - g_get_monotonic_time ();
  if (remaining_us <= 0)
    {
      hub_sign_in_view_show_error (self, EXPIRED_MESSAGE);
      return;
    }

  /* Rounded up: "0:01" until the very end, never "0:00" on screen. */
  seconds = (guint) ((remaining_us + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC);
  remaining_text = format_remaining (seconds);
  text = g_strdup_printf ("Code expires in %s", remaining_text);
  gtk_label_set_text (self->countdown_label, text);

  if (seconds != self->seconds_left)
    {
      self->seconds_left = seconds;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SECONDS_LEFT]);
    }

  /* Wake just after the rounded-up value next drops; computed from the
   * deadline each time, so a late wake-up does not drift. */
  delay_us = remaining_us - (gint64) (seconds - 1) * G_USEC_PER_SEC;
  self->tick_id = g_timeout_add_full (G_PRIORITY_DEFAULT, (guint) ((delay_us + 999) / 1000),
                                      hub_sign_in_view_tick_cb, self, NULL);
  g_source_set_name_by_id (self->tick_id, "[hubview] sign-in countdown");
}

static void
on_retry_clicked_cb (HubSignInView *self, GtkButton *button)
{
  g_assert (HUB_IS_SIGN_IN_VIEW (self));
  g_assert (GTK_IS_BUTTON (button));

  /* Once per error: a second tap, or a keyboard activation of the now
   * insensitive button, asks for nothing more. */
  if (!gtk_widget_get_sensitive (GTK_WIDGET (button)))
    return;
  gtk_widget_set_sensitive (GTK_WIDGET (button), FALSE);
  g_signal_emit (self, signals[RETRY], 0);
}

static void
hub_sign_in_view_dispose (GObject *object)
{
  HubSignInView *self = (HubSignInView *) object;

  g_clear_handle_id (&self->tick_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), HUB_TYPE_SIGN_IN_VIEW);
  g_clear_object (&self->qr_texture);

  G_OBJECT_CLASS (hub_sign_in_view_parent_class)->dispose (object);
}

static void
hub_sign_in_view_finalize (GObject *object)
{
  HubSignInView *self = (HubSignInView *) object;

  g_clear_pointer (&self->user_code, g_free);
  g_clear_pointer (&self->verification_uri, g_free);

  G_OBJECT_CLASS (hub_sign_in_view_parent_class)->finalize (object);
}

static void
hub_sign_in_view_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  HubSignInView *self = HUB_SIGN_IN_VIEW (object);

  switch (prop_id)
    {
    case PROP_USER_CODE:
      g_value_set_string (value, self->user_code);
      break;

    case PROP_VERIFICATION_URI:
      g_value_set_string (value, self->verification_uri);
      break;

    case PROP_SECONDS_LEFT:
      g_value_set_uint (value, self->seconds_left);
      break;

    case PROP_QR_TEXTURE:
      g_value_set_object (value, self->qr_texture);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hub_sign_in_view_class_init (HubSignInViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hub_sign_in_view_dispose;
  object_class->finalize = hub_sign_in_view_finalize;
  object_class->get_property = hub_sign_in_view_get_property;

  properties[PROP_USER_CODE] = g_param_spec_string ("user-code", NULL, NULL, NULL,
                                                    (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_VERIFICATION_URI] = g_param_spec_string (
      "verification-uri", NULL, NULL, NULL, (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  /* notified each second while a code is shown */
  properties[PROP_SECONDS_LEFT]
      = g_param_spec_uint ("seconds-left", NULL, NULL, 0, G_MAXUINT, 0,
                           (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_QR_TEXTURE]
      = g_param_spec_object ("qr-texture", NULL, NULL, GDK_TYPE_TEXTURE,
                             (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * HubSignInView::retry:
   *
   * The person asked for a new code (the "Get a new code" button).
   */
  signals[RETRY] = g_signal_new ("retry", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                 NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/hubview/Hubview/ui/hub-sign-in-view.ui");
  gtk_widget_class_bind_template_child (widget_class, HubSignInView, box);
  gtk_widget_class_bind_template_child (widget_class, HubSignInView, heading_label);
  gtk_widget_class_bind_template_child (widget_class, HubSignInView, stack);
  gtk_widget_class_bind_template_child (widget_class, HubSignInView, spinner);
  gtk_widget_class_bind_template_child (widget_class, HubSignInView, waiting_label);
  gtk_widget_class_bind_template_child (widget_class, HubSignInView, instructions_label);
  gtk_widget_class_bind_template_child (widget_class, HubSignInView, user_code_label);
  gtk_widget_class_bind_template_child (widget_class, HubSignInView, countdown_label);
  gtk_widget_class_bind_template_child (widget_class, HubSignInView, qr_picture);
  gtk_widget_class_bind_template_child (widget_class, HubSignInView, error_label);
  gtk_widget_class_bind_template_child (widget_class, HubSignInView, retry_button);
  gtk_widget_class_bind_template_callback (widget_class, on_retry_clicked_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "hubsigninpage");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
hub_sign_in_view_init (HubSignInView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  hub_sign_in_view_show (self, "waiting");
}

GtkWidget *
hub_sign_in_view_new (void)
{
  return g_object_new (HUB_TYPE_SIGN_IN_VIEW, NULL);
}

void
hub_sign_in_view_set_code (HubSignInView *self, const char *user_code, const char *verification_uri,
                           const char *verification_uri_complete, guint expires_in_seconds)
{
  g_autofree char *instructions = NULL;
  const char *qr_text;

  g_return_if_fail (HUB_IS_SIGN_IN_VIEW (self));
  g_return_if_fail (user_code != NULL);
  g_return_if_fail (verification_uri != NULL);

  g_free (self->user_code);
  self->user_code = g_strdup (user_code);
  g_free (self->verification_uri);
  self->verification_uri = g_strdup (verification_uri);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_USER_CODE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VERIFICATION_URI]);

  if (*user_code == '\0' || *verification_uri == '\0')
    {
      g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_MESSAGE, "MESSAGE",
                        "Sign-in code refused: empty %s",
                        *user_code == '\0' ? "user code" : "verification URI");
      hub_sign_in_view_set_qr (self, NULL);
      hub_sign_in_view_show_error (self, UNUSABLE_MESSAGE);
      return;
    }

  qr_text = verification_uri_complete != NULL && *verification_uri_complete != '\0'
                ? verification_uri_complete
                : verification_uri;
  hub_sign_in_view_set_qr (self, qr_text);

  gtk_label_set_text (self->user_code_label, user_code);
  /* The URI on a line of its own, so that it breaks only when it must. */
  instructions = g_markup_printf_escaped ("On your phone, open\n<b>%s</b>\nand enter the code%s",
                                          verification_uri,
                                          self->qr_texture != NULL ? ", or scan the QR code" : "");
  gtk_label_set_markup (self->instructions_label, instructions);

  self->deadline_us = g_get_monotonic_time () + (gint64) expires_in_seconds * G_USEC_PER_SEC;
  hub_sign_in_view_show (self, "code");
  /* Shows the first value at once, or the expiry when there is no time left. */
  hub_sign_in_view_update_countdown (self);
}

void
hub_sign_in_view_set_waiting (HubSignInView *self, const char *message)
{
  g_return_if_fail (HUB_IS_SIGN_IN_VIEW (self));

  gtk_label_set_text (self->waiting_label, message != NULL ? message : "");
  hub_sign_in_view_show (self, "waiting");
}

void
hub_sign_in_view_set_error (HubSignInView *self, const char *message)
{
  g_return_if_fail (HUB_IS_SIGN_IN_VIEW (self));

  hub_sign_in_view_show_error (self, message);
}

const char *
hub_sign_in_view_get_user_code (HubSignInView *self)
{
  g_return_val_if_fail (HUB_IS_SIGN_IN_VIEW (self), NULL);

  return self->user_code;
}

const char *
hub_sign_in_view_get_verification_uri (HubSignInView *self)
{
  g_return_val_if_fail (HUB_IS_SIGN_IN_VIEW (self), NULL);

  return self->verification_uri;
}

guint
hub_sign_in_view_get_seconds_left (HubSignInView *self)
{
  g_return_val_if_fail (HUB_IS_SIGN_IN_VIEW (self), 0);

  return self->seconds_left;
}

GdkTexture *
hub_sign_in_view_get_qr_texture (HubSignInView *self)
{
  g_return_val_if_fail (HUB_IS_SIGN_IN_VIEW (self), NULL);

  return self->qr_texture;
}
