/* hub-cloud-sign-in.c — RFC 8628 device authorization grant, as cloud-api.md asks
 *
 * Copyright 2026 hubview developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * authorization_pending: poll again after the interval; slow_down: add 5 s
 * to the interval for good; access_denied and expired_token: stop, and start
 * again only when asked. A network or server failure while polling is not
 * the person's answer: polling goes on until the code runs out.
 */
#define G_LOG_DOMAIN "hub-cloud"

#include "hub-cloud-sign-in-private.h"

#include <sodium.h>
#include <string.h>

#include "hub-json.h"
#include "hub-cloud-text.h"
#include "hub-timeout.h"

#define CODE_MAX 1024
#define USER_CODE_MAX 64
#define URI_MAX 2048

struct _HubCloudSignIn
{
  GObject parent_instance;

  HubCloudAuth *auth;
  GCancellable *cancellable; /* of the flow that runs; NULL: none */
  GSource *poll_timer;
  char *device_code;
  guint poll_interval_s;
  gint64 code_expires_us; /* monotonic */
};

G_DEFINE_FINAL_TYPE (HubCloudSignIn, hub_cloud_sign_in, G_TYPE_OBJECT)

enum
{
  SIGNAL_CODE,
  SIGNAL_SUCCEEDED,
  SIGNAL_FAILED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static gboolean
check_uri (const char *name, const char *value, GError **error)
{
  g_autoptr (GUri) uri = g_uri_parse (value, G_URI_FLAGS_NONE, NULL);

  if (uri == NULL
      || (g_ascii_strcasecmp (g_uri_get_scheme (uri), "https") != 0
          && g_ascii_strcasecmp (g_uri_get_scheme (uri), "http") != 0))
    {
      g_set_error (error, HUB_CLOUD_ERROR, HUB_CLOUD_ERROR_MALFORMED, "“%s” is not an http(s) URL",
                   name);
      return FALSE;
    }
  return TRUE;
}

gboolean
hub_device_authorization_parse (JsonObject *reply, HubDeviceAuthorization *out, GError **error)
{
  const char *device_code = NULL;
  const char *user_code = NULL;
  const char *uri = NULL;
  const char *uri_name = "verification_uri";
  const char *complete = NULL;
  gint64 expires_in = 0;
  gint64 interval = HUB_DEFAULT_POLL_INTERVAL_S;

  memset (out, 0, sizeof *out);
  if (!hub_json_get_string (reply, "device_code", HUB_JSON_REQUIRED, 1, CODE_MAX, &device_code,
                            error)
      || !hub_json_get_string (reply, "user_code", HUB_JSON_REQUIRED, 1, USER_CODE_MAX, &user_code,
                               error)
      || !hub_json_get_string (reply, "verification_uri", HUB_JSON_OPTIONAL, 1, URI_MAX, &uri,
                               error))
    return FALSE;
  /* Some servers (Google's among them) say verification_url. */
  if (uri == NULL)
    {
      uri_name = "verification_url";
      if (!hub_json_get_string (reply, uri_name, HUB_JSON_OPTIONAL, 1, URI_MAX, &uri, error))
        return FALSE;
      if (uri == NULL)
        {
          g_set_error_literal (error, HUB_CLOUD_ERROR, HUB_CLOUD_ERROR_MALFORMED,
                               "“verification_uri” is missing");
          return FALSE;
        }
    }
  if (!check_uri (uri_name, uri, error)
      || !hub_json_get_string (reply, "verification_uri_complete", HUB_JSON_OPTIONAL, 1, URI_MAX,
                               &complete, error)
      || (complete != NULL && !check_uri ("verification_uri_complete", complete, error))
      || !hub_json_get_int (reply, "expires_in", HUB_JSON_REQUIRED, 1, 86400, &expires_in, error)
      || !hub_json_get_int (reply, "interval", HUB_JSON_OPTIONAL, 1, 3600, &interval, error))
    return FALSE;
  if (!hub_token_is_valid (device_code))
    {
      g_set_error_literal (error, HUB_CLOUD_ERROR, HUB_CLOUD_ERROR_MALFORMED,
                           "“device_code” holds characters a code cannot have");
      return FALSE;
    }
  for (const char *p = user_code; *p != '\0'; p = g_utf8_next_char (p))
    {
      if (g_unichar_iscntrl (g_utf8_get_char (p)))
        {
          g_set_error_literal (error, HUB_CLOUD_ERROR, HUB_CLOUD_ERROR_MALFORMED,
                               "“user_code” contains a control character");
          return FALSE;
        }
    }

  out->device_code = g_strdup (device_code);
  out->user_code = g_strdup (user_code);
  out->verification_uri = g_strdup (uri);
  out->verification_uri_complete = g_strdup (complete);
  out->expires_in = expires_in;
  out->interval = interval;
  return TRUE;
}

void
hub_device_authorization_clear (HubDeviceAuthorization *auth)
{
  g_clear_pointer (&auth->device_code, hub_secret_free);
  g_clear_pointer (&auth->user_code, g_free);
  g_clear_pointer (&auth->verification_uri, g_free);
  g_clear_pointer (&auth->verification_uri_complete, g_free);
}

void
hub_cloud_sign_in_stop (HubCloudSignIn *self)
{
  g_return_if_fail (HUB_IS_CLOUD_SIGN_IN (self));

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  hub_source_clear (&self->poll_timer);
  g_clear_pointer (&self->device_code, hub_secret_free);
}

static void
sign_in_failed (HubCloudSignIn *self, GError *error)
{
  g_autoptr (HubCloudSignIn) hold = g_object_ref (self); /* through the handlers */

  g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_MESSAGE, "MESSAGE", "sign-in failed error=%s: %s",
                    error->domain == HUB_CLOUD_ERROR ? hub_cloud_error_to_string (error->code)
                                                     : "other",
                    error->message);
  hub_cloud_sign_in_stop (self);
  g_signal_emit (self, signals[SIGNAL_FAILED], 0, error);
  g_error_free (error);
}

/* A cancelled call of a sign-in that was stopped or replaced: nothing to do. */
static gboolean
is_stale (HubCloudSignIn *self, GCancellable *cancellable, const GError *error)
{
  return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
         || self->cancellable != cancellable;
}

static void schedule_poll (HubCloudSignIn *self);

typedef struct
{
  HubCloudSignIn *self;
  GCancellable *cancellable;
} Pending;

static Pending *
pending_new (HubCloudSignIn *self)
{
  Pending *pending = g_new0 (Pending, 1);

  pending->self = g_object_ref (self);
  pending->cancellable = g_object_ref (self->cancellable);
  return pending;
}
static void
pending_free (Pending *pending)
{
  g_object_unref (pending->self);
  g_object_unref (pending->cancellable);
  g_free (pending);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Pending, pending_free)

static GError *
oauth_to_cloud_error (GError *error)
{
  GError *mapped;

  if (error->domain != HUB_OAUTH_ERROR)
    return error;
  switch (error->code)
    {
    case HUB_OAUTH_ERROR_ACCESS_DENIED:
      mapped = g_error_new_literal (HUB_CLOUD_ERROR, HUB_CLOUD_ERROR_ACCESS_DENIED,
                                    "The sign-in was refused on the other device");
      break;
    case HUB_OAUTH_ERROR_EXPIRED_TOKEN:
    case HUB_OAUTH_ERROR_INVALID_GRANT:
      mapped = g_error_new_literal (HUB_CLOUD_ERROR, HUB_CLOUD_ERROR_EXPIRED_CODE,
                                    "The sign-in code expired; ask for a new code");
      break;
    default:
      mapped
          = g_error_new_literal (HUB_CLOUD_ERROR, HUB_CLOUD_ERROR_INVALID_ARGUMENT, error->message);
      break;
    }
  g_error_free (error);
  return mapped;
}

static void
on_poll_reply (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (Pending) pending = user_data;
  HubCloudSignIn *self = pending->self;
  GError *error = NULL;
  g_autoptr (JsonObject) reply = hub_cloud_auth_send_finish (self->auth, result, &error);

  if (reply == NULL && is_stale (self, pending->cancellable, error))
    {
      g_error_free (error);
      return;
    }
  if (reply == NULL && error->domain == HUB_OAUTH_ERROR
      && (error->code == HUB_OAUTH_ERROR_AUTHORIZATION_PENDING
          || error->code == HUB_OAUTH_ERROR_SLOW_DOWN))
    {
      if (error->code == HUB_OAUTH_ERROR_SLOW_DOWN)
        {
          self->poll_interval_s += HUB_SLOW_DOWN_STEP_S;
          g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_MESSAGE, "MESSAGE",
                            "sign-in: the cloud asks to poll slower: interval=%u s",
                            self->poll_interval_s);
        }
      g_error_free (error);
      schedule_poll (self);
      return;
    }
  if (reply == NULL
      && (g_error_matches (error, HUB_CLOUD_ERROR, HUB_CLOUD_ERROR_TRANSPORT)
          || g_error_matches (error, HUB_CLOUD_ERROR, HUB_CLOUD_ERROR_UNAVAILABLE)
          || g_error_matches (error, HUB_CLOUD_ERROR, HUB_CLOUD_ERROR_RESOURCE_EXHAUSTED)))
    {
      g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_MESSAGE, "MESSAGE",
                        "sign-in: polling goes on after: %s", error->message);
      g_error_free (error);
      schedule_poll (self);
      return;
    }
  if (reply == NULL)
    {
      sign_in_failed (self, oauth_to_cloud_error (error));
      return;
    }
  if (!hub_cloud_auth_take_tokens (self->auth, reply, "Signing in", &error))
    {
      sign_in_failed (self, error);
      return;
    }
  hub_cloud_sign_in_stop (self);
  g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_MESSAGE, "MESSAGE", "signed in");
  g_signal_emit (self, signals[SIGNAL_SUCCEEDED], 0);
}

static gboolean
on_poll_timer (gpointer user_data)
{
  HubCloudSignIn *self = HUB_CLOUD_SIGN_IN (user_data);
  g_autoptr (HubCloudRequest) request = NULL;

  hub_source_clear (&self->poll_timer);
  if (g_get_monotonic_time () >= self->code_expires_us)
    {
      sign_in_failed (self, g_error_new_literal (HUB_CLOUD_ERROR, HUB_CLOUD_ERROR_EXPIRED_CODE,
                                                 "The sign-in code expired; ask for a new code"));
      return G_SOURCE_REMOVE;
    }
  request = hub_cloud_auth_new_request (self->auth, "POST", "oauth/token", "Signing in",
                                        HUB_CLOUD_REQUEST_OAUTH | HUB_CLOUD_REQUEST_RETRY);
  hub_cloud_request_set_form_body (
      request,
      soup_form_encode ("grant_type", HUB_GRANT_DEVICE_CODE, "device_code", self->device_code,
                        "client_id", hub_cloud_auth_get_client_id (self->auth), NULL));
  hub_cloud_auth_send_async (self->auth, request, self->cancellable, on_poll_reply,
                             pending_new (self));
  return G_SOURCE_REMOVE;
}

static void
schedule_poll (HubCloudSignIn *self)
{
  hub_source_clear (&self->poll_timer);
  self->poll_timer = hub_timeout_source_attach (hub_cloud_auth_get_context (self->auth),
                                                self->poll_interval_s * 1000, on_poll_timer, self);
}

static void
on_device_authorization (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (Pending) pending = user_data;
  HubCloudSignIn *self = pending->self;
  GError *error = NULL;
  g_autoptr (JsonObject) reply = hub_cloud_auth_send_finish (self->auth, result, &error);
  HubDeviceAuthorization auth;

  if (reply == NULL && is_stale (self, pending->cancellable, error))
    {
      g_error_free (error);
      return;
    }
  if (reply == NULL)
    {
      sign_in_failed (self, oauth_to_cloud_error (error));
      return;
    }
  if (!hub_device_authorization_parse (reply, &auth, &error))
    {
      g_prefix_error (&error, "Starting the sign-in failed: the cloud's reply is malformed: ");
      sign_in_failed (self, error);
      return;
    }
  self->device_code = g_steal_pointer (&auth.device_code);
  self->poll_interval_s = (guint)auth.interval;
  self->code_expires_us = g_get_monotonic_time () + auth.expires_in * G_USEC_PER_SEC;
  schedule_poll (self);
  g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_MESSAGE, "MESSAGE",
                    "sign-in code shown expires_in=%" G_GINT64_FORMAT " interval=%u",
                    auth.expires_in, self->poll_interval_s);
  g_signal_emit (self, signals[SIGNAL_CODE], 0, auth.user_code, auth.verification_uri,
                 auth.verification_uri_complete, (int)auth.expires_in);
  hub_device_authorization_clear (&auth);
}

static gboolean
on_refused_idle (gpointer user_data)
{
  HubCloudSignIn *self = HUB_CLOUD_SIGN_IN (user_data);
  GError *error = NULL;

  hub_cloud_auth_check_usable (self->auth, &error);
  sign_in_failed (self, error);
  return G_SOURCE_REMOVE;
}

void
hub_cloud_sign_in_start (HubCloudSignIn *self)
{
  g_autoptr (HubCloudRequest) request = NULL;

  g_return_if_fail (HUB_IS_CLOUD_SIGN_IN (self));

  hub_cloud_sign_in_stop (self);
  self->cancellable = g_cancellable_new ();
  if (!hub_cloud_auth_check_usable (self->auth, NULL))
    {
      /* Reported from the main loop, like every other outcome. */
      GSource *idle = g_idle_source_new ();

      g_source_set_callback (idle, on_refused_idle, g_object_ref (self), g_object_unref);
      g_source_attach (idle, hub_cloud_auth_get_context (self->auth));
      g_source_unref (idle);
      return;
    }
  request = hub_cloud_auth_new_request (self->auth, "POST", "oauth/device_authorization",
                                        "Starting the sign-in",
                                        HUB_CLOUD_REQUEST_OAUTH | HUB_CLOUD_REQUEST_RETRY);
  hub_cloud_request_set_form_body (
      request, soup_form_encode ("client_id", hub_cloud_auth_get_client_id (self->auth), "scope",
                                 HUB_OAUTH_SCOPE, NULL));
  hub_cloud_auth_send_async (self->auth, request, self->cancellable, on_device_authorization,
                             pending_new (self));
}

/* ---- the object ------------------------------------------------------------- */

HubCloudSignIn *
hub_cloud_sign_in_new (HubCloudAuth *auth)
{
  HubCloudSignIn *self;

  g_return_val_if_fail (HUB_IS_CLOUD_AUTH (auth), NULL);

  self = g_object_new (HUB_TYPE_CLOUD_SIGN_IN, NULL);
  self->auth = g_object_ref (auth);
  return self;
}

static void
hub_cloud_sign_in_dispose (GObject *object)
{
  HubCloudSignIn *self = HUB_CLOUD_SIGN_IN (object);

  hub_cloud_sign_in_stop (self);
  g_clear_object (&self->auth);

  G_OBJECT_CLASS (hub_cloud_sign_in_parent_class)->dispose (object);
}

static void
hub_cloud_sign_in_class_init (HubCloudSignInClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = hub_cloud_sign_in_dispose;

  signals[SIGNAL_CODE]
      = g_signal_new ("code", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                      G_TYPE_NONE, 4, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_INT);
  signals[SIGNAL_SUCCEEDED] = g_signal_new ("succeeded", G_TYPE_FROM_CLASS (klass),
                                            G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_FAILED] = g_signal_new ("failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                         NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
hub_cloud_sign_in_init (HubCloudSignIn *self)
{
}
