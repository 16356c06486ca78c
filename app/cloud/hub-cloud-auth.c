/* hub-cloud-auth.c — the token layer: HTTP client (SoupSession), base URL, tokens, authorised calls
 *
 * Copyright 2026 hubview developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The SoupSession validates TLS (glib-networking, never overridden). The base
 * URL is https, or http for loopback only. The access token is renewed ahead
 * of its expiry (60 s before, or at 80 % of a shorter lifetime) by a timer,
 * before a call that finds it due, and once when a call gets a 401; that
 * call is then sent once more. A second 401, or a refresh answered
 * invalid_grant, signs out. One refresh runs at a time; calls that need it
 * wait for it. No token is ever logged. Nothing here calls above: the
 * operations and the client hear of sign-outs through "signed-out" and
 * notify::signed-in.
 */
#define G_LOG_DOMAIN "hub-cloud"

#include "hub-cloud-auth-private.h"

#include <sodium.h>
#include <string.h>

#include "hub-json.h"
#include "hub-cloud-text.h"
#include "hub-timeout.h"

#define REFRESH_TIMER_MAX_MS (6 * 3600 * 1000)

struct _HubCloudAuth
{
  GObject parent_instance;

  char *base_url; /* normalised, ends in '/'; NULL when refused */
  GError *base_url_error;
  char *client_id;
  HubTokenStore *tokens;
  SoupSession *soup;
  GMainContext *context;
  gboolean signed_in;

  gulong tokens_changed_id;
  gint64 issued_lifetime_us; /* expires_in of the tokens being saved, 0: unknown */
  gint64 refresh_at_us;      /* real time */
  GSource *refresh_timer;
  guint refresh_failures;
  GPtrArray *refresh_waiters; /* of GTask, NULL while no refresh runs */
  GCancellable *refresh_cancellable;
};

G_DEFINE_FINAL_TYPE (HubCloudAuth, hub_cloud_auth, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_SIGNED_IN,
  N_PROPS
};

enum
{
  SIGNAL_SIGNED_OUT,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void schedule_refresh (HubCloudAuth *self);

/* ---- base URL --------------------------------------------------------------- */

static gboolean
is_loopback_host (const char *host)
{
  return g_ascii_strcasecmp (host, "localhost") == 0 || g_str_equal (host, "127.0.0.1")
         || g_str_equal (host, "::1") || g_str_equal (host, "[::1]");
}

char *
hub_cloud_normalize_base_url (const char *base_url, GError **error)
{
  g_autoptr (GUri) uri = NULL;
  g_autoptr (GError) parse_error = NULL;
  g_autofree char *shown = hub_text_for_log (base_url, 200);
  g_autofree char *path = NULL;
  const char *scheme;
  const char *host;

  uri = base_url != NULL ? g_uri_parse (base_url, G_URI_FLAGS_NONE, &parse_error) : NULL;
  if (uri == NULL)
    {
      g_set_error (error, HUB_CLOUD_ERROR, HUB_CLOUD_ERROR_TRANSPORT,
                   "The cloud address “%s” is not a valid URL", shown);
      return NULL;
    }
  scheme = g_uri_get_scheme (uri);
  host = g_uri_get_host (uri);
  if (host == NULL || *host == '\0')
    {
      g_set_error (error, HUB_CLOUD_ERROR, HUB_CLOUD_ERROR_TRANSPORT,
                   "The cloud address “%s” names no host", shown);
      return NULL;
    }
  if (g_uri_get_userinfo (uri) != NULL)
    {
      g_set_error (error, HUB_CLOUD_ERROR, HUB_CLOUD_ERROR_TRANSPORT,
                   "The cloud address must not carry a user name or password");
      return NULL;
    }
  if (g_ascii_strcasecmp (scheme, "http") == 0 && !is_loopback_host (host))
    {
      g_set_error (error, HUB_CLOUD_ERROR, HUB_CLOUD_ERROR_TRANSPORT,
                   "Refusing the cloud address “%s”: plain http:// is allowed only for a "
                   "loopback address (127.0.0.1, ::1 or localhost); use https://",
                   shown);
      return NULL;
    }
  if (g_ascii_strcasecmp (scheme, "http") != 0 && g_ascii_strcasecmp (scheme, "https") != 0)
    {
      g_set_error (error, HUB_CLOUD_ERROR, HUB_CLOUD_ERROR_TRANSPORT,
                   "The cloud address “%s” must start with https://", shown);
      return NULL;
    }
  path = g_str_has_suffix (g_uri_get_path (uri), "/")
             ? g_strdup (g_uri_get_path (uri))
             : g_strconcat (g_uri_get_path (uri), "/", NULL);
  return g_uri_join (G_URI_FLAGS_NONE, scheme, NULL, host, g_uri_get_port (uri), path, NULL, NULL);
}

gboolean
hub_cloud_auth_check_usable (HubCloudAuth *self, GError **error)
{
  if (self->base_url_error == NULL)
    return TRUE;
  g_propagate_error (error, g_error_copy (self->base_url_error));
  return FALSE;
}

/* ---- tokens ----------------------------------------------------------------- */

static void
set_signed_in (HubCloudAuth *self, gboolean signed_in)
{
  if (self->signed_in == signed_in)
    return;
  self->signed_in = signed_in;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SIGNED_IN]);
}

/* The token store's "changed": reschedules the refresh, updates "signed-in". */
static void
on_tokens_changed (HubTokenStore *tokens, gpointer user_data)
{
  HubCloudAuth *self = HUB_CLOUD_AUTH (user_data);
  gint64 expires = hub_token_store_get_expires_at (tokens);
  gint64 lifetime = self->issued_lifetime_us;

  self->issued_lifetime_us = 0;
  if (!hub_token_store_has_tokens (tokens))
    {
      self->refresh_at_us = 0;
      hub_source_clear (&self->refresh_timer);
      set_signed_in (self, FALSE);
      return;
    }
  if (lifetime <= 0)
    lifetime = MAX (expires - g_get_real_time (), 0);
  self->refresh_at_us = expires - MIN (HUB_REFRESH_MARGIN_US, lifetime / 5);
  self->refresh_failures = 0;
  schedule_refresh (self);
  set_signed_in (self, TRUE);
}

gboolean
hub_token_reply_parse (JsonObject *reply, HubTokenReply *out, GError **error)
{
  const char *access_token = NULL;
  const char *refresh_token = NULL;
  const char *token_type = NULL;
  gint64 expires_in = 3600;

  memset (out, 0, sizeof *out);
  if (!hub_json_get_string (reply, "access_token", HUB_JSON_REQUIRED, 1, HUB_TOKEN_MAX,
                            &access_token, error)
      || !hub_json_get_string (reply, "token_type", HUB_JSON_REQUIRED, 1, 32, &token_type, error)
      || !hub_json_get_int (reply, "expires_in", HUB_JSON_OPTIONAL, 1, 365 * 86400, &expires_in,
                            error)
      || !hub_json_get_string (reply, "refresh_token", HUB_JSON_OPTIONAL, 1, HUB_TOKEN_MAX,
                               &refresh_token, error))
    return FALSE;
  if (g_ascii_strcasecmp (token_type, "Bearer") != 0)
    {
      g_autofree char *shown = hub_text_for_log (token_type, 32);

      g_set_error (error, HUB_CLOUD_ERROR, HUB_CLOUD_ERROR_MALFORMED,
                   "“token_type” is “%s”, expected Bearer", shown);
      return FALSE;
    }
  if (!hub_token_is_valid (access_token)
      || (refresh_token != NULL && !hub_token_is_valid (refresh_token)))
    {
      g_set_error_literal (error, HUB_CLOUD_ERROR, HUB_CLOUD_ERROR_MALFORMED,
                           "a token holds characters a token cannot have");
      return FALSE;
    }
  out->access_token = g_strdup (access_token);
  out->refresh_token = g_strdup (refresh_token);
  out->expires_in = expires_in;
  return TRUE;
}

void
hub_token_reply_clear (HubTokenReply *reply)
{
  g_clear_pointer (&reply->access_token, hub_secret_free);
  g_clear_pointer (&reply->refresh_token, hub_secret_free);
}

gboolean
hub_cloud_auth_take_tokens (HubCloudAuth *self, JsonObject *reply, const char *action, GError **error)
{
  HubTokenReply tokens;
  g_autoptr (GError) save_error = NULL;
  g_autofree char *kept_refresh = NULL;
  const char *refresh_token;

  if (!hub_token_reply_parse (reply, &tokens, error))
    {
      g_prefix_error (error, "%s failed: the cloud's reply is malformed: ", action);
      return FALSE;
    }
  refresh_token = tokens.refresh_token;
  if (refresh_token == NULL)
    refresh_token = kept_refresh = g_strdup (hub_token_store_get_refresh_token (self->tokens));
  self->issued_lifetime_us = tokens.expires_in * G_USEC_PER_SEC;
  /* A failed write keeps the tokens in memory (and logs it): not an error here. */
  hub_token_store_save (self->tokens, tokens.access_token, refresh_token,
                        g_get_real_time () + tokens.expires_in * G_USEC_PER_SEC, &save_error);
  g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_INFO, "MESSAGE",
                    "tokens received expires_in=%" G_GINT64_FORMAT " refresh=%s saved=%s",
                    tokens.expires_in, refresh_token != NULL ? "yes" : "no",
                    save_error == NULL ? "yes" : "no");
  hub_token_reply_clear (&tokens);
  if (kept_refresh != NULL)
    sodium_memzero (kept_refresh, strlen (kept_refresh));
  return TRUE;
}

void
hub_cloud_auth_sign_out (HubCloudAuth *self, const char *reason)
{
  g_autoptr (GError) error = NULL;
  gboolean had_tokens = hub_token_store_has_tokens (self->tokens);

  g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_MESSAGE, "MESSAGE", "signed out: %s", reason);
  if (self->refresh_cancellable != NULL)
    g_cancellable_cancel (self->refresh_cancellable);
  hub_source_clear (&self->refresh_timer);
  if (!hub_token_store_clear (self->tokens, &error))
    g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_WARNING, "MESSAGE", "%s", error->message);
  if (had_tokens)
    {
      g_autoptr (HubCloudAuth) hold = g_object_ref (self); /* through the handlers */

      g_signal_emit (self, signals[SIGNAL_SIGNED_OUT], 0);
    }
}

/* ---- refresh ---------------------------------------------------------------- */

static void
refresh_complete (HubCloudAuth *self, const GError *error)
{
  g_autoptr (GPtrArray) waiters = g_steal_pointer (&self->refresh_waiters);

  g_clear_object (&self->refresh_cancellable);
  for (guint i = 0; waiters != NULL && i < waiters->len; i++)
    {
      GTask *task = g_ptr_array_index (waiters, i);

      if (error != NULL)
        g_task_return_error (task, g_error_copy (error));
      else
        g_task_return_boolean (task, TRUE);
    }
}

typedef struct
{
  HubCloudAuth *self;
  char *refresh_token; /* the one sent */
} Refresh;

static void
on_refreshed (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Refresh *refresh = user_data;
  g_autoptr (HubCloudAuth) self = refresh->self;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonObject) reply = hub_cloud_request_send_finish (result, &error);
  const char *current = hub_token_store_get_refresh_token (self->tokens);
  gboolean still_current = g_strcmp0 (current, refresh->refresh_token) == 0;

  hub_secret_free (refresh->refresh_token);
  g_free (refresh);

  if (reply == NULL && g_error_matches (error, HUB_OAUTH_ERROR, HUB_OAUTH_ERROR_INVALID_GRANT))
    {
      g_clear_error (&error);
      g_set_error_literal (&error, HUB_CLOUD_ERROR, HUB_CLOUD_ERROR_SIGNED_OUT,
                           "The cloud no longer accepts this hub's sign-in (invalid_grant); "
                           "sign in again");
      if (still_current)
        hub_cloud_auth_sign_out (self, "the refresh was refused (invalid_grant)");
    }
  else if (reply == NULL && error->domain == HUB_OAUTH_ERROR)
    {
      g_autofree char *message = g_strdup (error->message);

      g_clear_error (&error);
      g_set_error (&error, HUB_CLOUD_ERROR, HUB_CLOUD_ERROR_INVALID_ARGUMENT, "%s", message);
    }
  else if (reply == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_clear_error (&error);
      g_set_error_literal (&error, HUB_CLOUD_ERROR, HUB_CLOUD_ERROR_SIGNED_OUT,
                           "Signed out while the sign-in was being renewed");
    }
  else if (reply != NULL && still_current)
    hub_cloud_auth_take_tokens (self, reply, "Renewing the sign-in", &error);
  else if (reply != NULL)
    g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_INFO, "MESSAGE",
                      "tokens changed while renewing them: the renewed ones are dropped");

  if (error != NULL && !g_error_matches (error, HUB_CLOUD_ERROR, HUB_CLOUD_ERROR_SIGNED_OUT))
    {
      /* Try again later; calls meanwhile use the token while it lasts. */
      self->refresh_failures++;
      schedule_refresh (self);
    }
  refresh_complete (self, error);
}

/* Joins the running refresh or starts one; @task gets TRUE or the error. */
static void
refresh_join (HubCloudAuth *self, GTask *task)
{
  const char *refresh_token = hub_token_store_get_refresh_token (self->tokens);
  g_autoptr (HubCloudRequest) request = NULL;
  Refresh *refresh;

  if (self->refresh_waiters != NULL)
    {
      g_ptr_array_add (self->refresh_waiters, task);
      return;
    }
  if (refresh_token == NULL)
    {
      if (hub_token_store_has_tokens (self->tokens))
        hub_cloud_auth_sign_out (self, "the access token expired and there is no "
                                       "refresh token");
      g_task_return_new_error (task, HUB_CLOUD_ERROR, HUB_CLOUD_ERROR_SIGNED_OUT,
                               "Not signed in: sign in first");
      g_object_unref (task);
      return;
    }

  self->refresh_waiters = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (self->refresh_waiters, task);
  self->refresh_cancellable = g_cancellable_new ();
  hub_source_clear (&self->refresh_timer);

  request = hub_cloud_auth_new_request (self, "POST", "oauth/token", "Renewing the sign-in",
                                        HUB_CLOUD_REQUEST_OAUTH | HUB_CLOUD_REQUEST_RETRY);
  hub_cloud_request_set_form_body (request, soup_form_encode ("grant_type", "refresh_token",
                                                              "refresh_token", refresh_token,
                                                              "client_id", self->client_id, NULL));
  refresh = g_new0 (Refresh, 1);
  refresh->self = g_object_ref (self);
  refresh->refresh_token = g_strdup (refresh_token);
  hub_cloud_request_send_async (request, self->soup, self->refresh_cancellable, on_refreshed,
                                refresh);
}

static void
on_timer_refreshed (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_MESSAGE, "MESSAGE",
                      "renewing the sign-in ahead of expiry failed: %s", error->message);
}

static gboolean
on_refresh_timer (gpointer user_data)
{
  HubCloudAuth *self = HUB_CLOUD_AUTH (user_data);

  hub_source_clear (&self->refresh_timer);
  if (!hub_token_store_has_tokens (self->tokens))
    return G_SOURCE_REMOVE;
  if (g_get_real_time () < self->refresh_at_us && self->refresh_failures == 0)
    {
      schedule_refresh (self); /* a long wait, done in steps */
      return G_SOURCE_REMOVE;
    }
  refresh_join (self, g_task_new (self, NULL, on_timer_refreshed, NULL));
  return G_SOURCE_REMOVE;
}

static void
schedule_refresh (HubCloudAuth *self)
{
  gint64 delay_ms;

  hub_source_clear (&self->refresh_timer);
  if (!hub_token_store_has_tokens (self->tokens)
      || hub_token_store_get_refresh_token (self->tokens) == NULL || self->base_url == NULL)
    return;
  if (self->refresh_failures > 0)
    delay_ms
        = MAX (hub_cloud_backoff_delay_ms (self->refresh_failures + 2, g_random_double ()), 1000);
  else
    delay_ms = MAX ((self->refresh_at_us - g_get_real_time ()) / 1000, 0);
  delay_ms = MIN (delay_ms, REFRESH_TIMER_MAX_MS);
  self->refresh_timer
      = hub_timeout_source_attach (self->context, (guint)delay_ms, on_refresh_timer, self);
}

/* ---- calls ------------------------------------------------------------------ */

HubCloudRequest *
hub_cloud_auth_new_request (HubCloudAuth *self, const char *method, const char *path,
                            const char *action, HubCloudRequestFlags flags)
{
  g_assert (HUB_IS_CLOUD_AUTH (self));
  g_assert (self->base_url != NULL);

  return hub_cloud_request_new (method, self->base_url, path, action, flags);
}

void
hub_cloud_auth_send_async (HubCloudAuth *self, HubCloudRequest *request, GCancellable *cancellable,
                           GAsyncReadyCallback callback, gpointer user_data)
{
  g_return_if_fail (HUB_IS_CLOUD_AUTH (self));

  hub_cloud_request_send_async (request, self->soup, cancellable, callback, user_data);
}

JsonObject *
hub_cloud_auth_send_finish (HubCloudAuth *self, GAsyncResult *result, GError **error)
{
  return hub_cloud_request_send_finish (result, error);
}

typedef struct
{
  HubCloudRequest *request;
  gboolean refreshed_on_401;
} AuthedCall;

static void
authed_call_free (AuthedCall *call)
{
  hub_cloud_request_unref (call->request);
  g_free (call);
}

static void authed_send (GTask *task);

static void
on_refreshed_for_401 (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GTask *task = user_data;
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  authed_send (task);
}

static void
on_authed_reply (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GTask *task = user_data;
  HubCloudAuth *self = g_task_get_source_object (task);
  AuthedCall *call = g_task_get_task_data (task);
  GError *error = NULL;
  JsonObject *reply = hub_cloud_request_send_finish (result, &error);

  if (reply != NULL)
    {
      g_task_return_pointer (task, reply, (GDestroyNotify)json_object_unref);
      g_object_unref (task);
      return;
    }
  if (g_error_matches (error, HUB_CLOUD_ERROR, HUB_CLOUD_ERROR_UNAUTHENTICATED)
      && !call->refreshed_on_401)
    {
      call->refreshed_on_401 = TRUE;
      g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_MESSAGE, "MESSAGE",
                        "401 from the cloud: renewing the sign-in once and trying again (%s)",
                        hub_cloud_request_get_what (call->request));
      g_error_free (error);
      refresh_join (self,
                    g_task_new (self, g_task_get_cancellable (task), on_refreshed_for_401, task));
      return;
    }
  if (g_error_matches (error, HUB_CLOUD_ERROR, HUB_CLOUD_ERROR_UNAUTHENTICATED))
    hub_cloud_auth_sign_out (self, "the cloud refused a renewed token (second 401)");
  g_task_return_error (task, error);
  g_object_unref (task);
}

static void
authed_send (GTask *task)
{
  HubCloudAuth *self = g_task_get_source_object (task);
  AuthedCall *call = g_task_get_task_data (task);

  if (!hub_token_store_has_tokens (self->tokens))
    {
      g_task_return_new_error (task, HUB_CLOUD_ERROR, HUB_CLOUD_ERROR_SIGNED_OUT,
                               "%s failed: not signed in",
                               hub_cloud_request_get_what (call->request));
      g_object_unref (task);
      return;
    }
  hub_cloud_request_set_bearer (call->request, hub_token_store_get_access_token (self->tokens));
  hub_cloud_request_send_async (call->request, self->soup, g_task_get_cancellable (task),
                                on_authed_reply, task);
}

static void
on_refreshed_ahead (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GTask *task = user_data;
  HubCloudAuth *self = g_task_get_source_object (task);
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      /* The old token may still be good for a while. */
      if (!g_error_matches (error, HUB_CLOUD_ERROR, HUB_CLOUD_ERROR_SIGNED_OUT)
          && hub_token_store_has_tokens (self->tokens)
          && g_get_real_time () < hub_token_store_get_expires_at (self->tokens))
        {
          g_error_free (error);
          authed_send (task);
          return;
        }
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  authed_send (task);
}

void
hub_cloud_auth_call_async (HubCloudAuth *self, HubCloudRequest *request, GCancellable *cancellable,
                           GAsyncReadyCallback callback, gpointer user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  AuthedCall *call = g_new0 (AuthedCall, 1);

  g_task_set_source_tag (task, hub_cloud_auth_call_async);
  call->request = hub_cloud_request_ref (request);
  g_task_set_task_data (task, call, (GDestroyNotify)authed_call_free);

  if (!hub_token_store_has_tokens (self->tokens))
    {
      authed_send (task);
      return;
    }
  if (g_get_real_time () >= self->refresh_at_us)
    {
      refresh_join (self, g_task_new (self, cancellable, on_refreshed_ahead, task));
      return;
    }
  authed_send (task);
}

JsonObject *
hub_cloud_auth_call_finish (HubCloudAuth *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
hub_cloud_auth_stop (HubCloudAuth *self)
{
  hub_source_clear (&self->refresh_timer);
  if (self->refresh_cancellable != NULL)
    g_cancellable_cancel (self->refresh_cancellable);
}

/* ---- the object ------------------------------------------------------------- */

HubCloudAuth *
hub_cloud_auth_new (const char *base_url, const char *client_id, HubTokenStore *tokens,
                    GTlsDatabase *tls_database, guint timeout_s)
{
  HubCloudAuth *self = g_object_new (HUB_TYPE_CLOUD_AUTH, NULL);

  self->context = g_main_context_ref_thread_default ();
  self->base_url = hub_cloud_normalize_base_url (base_url, &self->base_url_error);
  if (self->base_url_error != NULL)
    g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_WARNING, "MESSAGE", "%s",
                      self->base_url_error->message);
  self->client_id = g_strdup (client_id);
  self->tokens = g_object_ref (tokens);

  /* TLS is validated by the SoupSession (glib-networking): nothing here ever
   * connects to "accept-certificate". */
  self->soup = soup_session_new_with_options ("timeout", timeout_s, "user-agent",
                                                 "hubview/" HUB_VERSION " ", NULL);
  if (tls_database != NULL)
    soup_session_set_tls_database (self->soup, tls_database);

  self->tokens_changed_id
      = g_signal_connect (self->tokens, "changed", G_CALLBACK (on_tokens_changed), self);
  on_tokens_changed (self->tokens, self);
  return self;
}

const char *
hub_cloud_auth_get_base_url (HubCloudAuth *self)
{
  return self->base_url;
}

const char *
hub_cloud_auth_get_client_id (HubCloudAuth *self)
{
  return self->client_id;
}

GMainContext *
hub_cloud_auth_get_context (HubCloudAuth *self)
{
  return self->context;
}

gboolean
hub_cloud_auth_get_signed_in (HubCloudAuth *self)
{
  return self->signed_in;
}

static void
hub_cloud_auth_dispose (GObject *object)
{
  HubCloudAuth *self = HUB_CLOUD_AUTH (object);

  hub_cloud_auth_stop (self);
  g_clear_signal_handler (&self->tokens_changed_id, self->tokens);
  g_clear_object (&self->soup);
  g_clear_object (&self->tokens);

  G_OBJECT_CLASS (hub_cloud_auth_parent_class)->dispose (object);
}

static void
hub_cloud_auth_finalize (GObject *object)
{
  HubCloudAuth *self = HUB_CLOUD_AUTH (object);

  g_free (self->base_url);
  g_clear_error (&self->base_url_error);
  g_free (self->client_id);
  g_clear_pointer (&self->context, g_main_context_unref);

  G_OBJECT_CLASS (hub_cloud_auth_parent_class)->finalize (object);
}

static void
hub_cloud_auth_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  HubCloudAuth *self = HUB_CLOUD_AUTH (object);

  switch (prop_id)
    {
    case PROP_SIGNED_IN:
      g_value_set_boolean (value, self->signed_in);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hub_cloud_auth_class_init (HubCloudAuthClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = hub_cloud_auth_dispose;
  object_class->finalize = hub_cloud_auth_finalize;
  object_class->get_property = hub_cloud_auth_get_property;

  properties[PROP_SIGNED_IN]
      = g_param_spec_boolean ("signed-in", NULL, "Whether the hub holds tokens", FALSE,
                              G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_SIGNED_OUT]
      = g_signal_new ("signed-out", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                      NULL, G_TYPE_NONE, 0);
}

static void
hub_cloud_auth_init (HubCloudAuth *self)
{
}
