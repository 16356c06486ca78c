/* hub-cloud-tokens.c — the access token (refreshed ahead of expiry, once on a 401) and calls
 *
 * Copyright 2026 hubview developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The access token is renewed ahead of its expiry (60 s before, or at 80 %
 * of a shorter lifetime) by a timer, before a call that finds it due, and
 * once when a call gets a 401; that call is then sent once more. A second
 * 401, or a refresh answered invalid_grant, signs out. One refresh runs at a
 * time; calls that need it wait for it. No token is ever logged.
 */
#define G_LOG_DOMAIN "hub-cloud"

#include <sodium.h>
#include <string.h>

#include "hub-json.h"
#include "hub-cloud-text.h"
#include "hub-timeout.h"
#include "hub-cloud-client-private.h"

#define REFRESH_TIMER_MAX_MS (6 * 3600 * 1000)

static void schedule_refresh (HubCloudClient *self);

/* ---- tokens ----------------------------------------------------------------- */

void
hub_cloud_client_on_tokens_changed (HubTokenStore *tokens, gpointer user_data)
{
  HubCloudClient *self = HUB_CLOUD_CLIENT (user_data);
  gint64 expires = hub_token_store_get_expires_at (tokens);
  gint64 lifetime = self->issued_lifetime_us;

  self->issued_lifetime_us = 0;
  if (!hub_token_store_has_tokens (tokens))
    {
      self->refresh_at_us = 0;
      hub_source_clear (&self->refresh_timer);
      hub_cloud_client_set_signed_in (self, FALSE);
      return;
    }
  if (lifetime <= 0)
    lifetime = MAX (expires - g_get_real_time (), 0);
  self->refresh_at_us = expires - MIN (HUB_REFRESH_MARGIN_US, lifetime / 5);
  self->refresh_failures = 0;
  schedule_refresh (self);
  hub_cloud_client_set_signed_in (self, TRUE);
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

static void
wipe_free (char *secret)
{
  if (secret == NULL)
    return;
  sodium_memzero (secret, strlen (secret));
  g_free (secret);
}

void
hub_token_reply_clear (HubTokenReply *reply)
{
  g_clear_pointer (&reply->access_token, wipe_free);
  g_clear_pointer (&reply->refresh_token, wipe_free);
}

gboolean
hub_cloud_client_take_tokens (HubCloudClient *self, JsonObject *reply, const char *what,
                              GError **error)
{
  HubTokenReply tokens;
  g_autoptr (GError) save_error = NULL;
  g_autofree char *kept_refresh = NULL;
  const char *refresh_token;

  if (!hub_token_reply_parse (reply, &tokens, error))
    {
      g_prefix_error (error, "%s failed: the cloud's reply is malformed: ", what);
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
hub_cloud_client_force_sign_out (HubCloudClient *self, const char *reason)
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
    g_signal_emit (self, hub_cloud_client_signals[HUB_CLOUD_CLIENT_SIGNAL_SIGNED_OUT], 0);
}

/* ---- refresh ---------------------------------------------------------------- */

static void
refresh_complete (HubCloudClient *self, const GError *error)
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
  HubCloudClient *self;
  char *refresh_token; /* the one sent */
} Refresh;

static void
on_refreshed (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Refresh *refresh = user_data;
  g_autoptr (HubCloudClient) self = refresh->self;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonObject) reply = hub_cloud_request_send_finish (result, &error);
  const char *current = hub_token_store_get_refresh_token (self->tokens);
  gboolean still_current = g_strcmp0 (current, refresh->refresh_token) == 0;

  wipe_free (refresh->refresh_token);
  g_free (refresh);

  if (reply == NULL && g_error_matches (error, HUB_OAUTH_ERROR, HUB_OAUTH_ERROR_INVALID_GRANT))
    {
      g_clear_error (&error);
      g_set_error_literal (&error, HUB_CLOUD_ERROR, HUB_CLOUD_ERROR_SIGNED_OUT,
                           "The cloud no longer accepts this hub's sign-in (invalid_grant); "
                           "sign in again");
      if (still_current)
        hub_cloud_client_force_sign_out (self, "the refresh was refused (invalid_grant)");
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
    hub_cloud_client_take_tokens (self, reply, "Renewing the sign-in", &error);
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
refresh_join (HubCloudClient *self, GTask *task)
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
        hub_cloud_client_force_sign_out (self, "the access token expired and there is no "
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

  request = hub_cloud_client_new_request (self, "POST", "oauth/token", "Renewing the sign-in",
                                          HUB_CLOUD_REQUEST_OAUTH | HUB_CLOUD_REQUEST_RETRY);
  hub_cloud_request_set_form_body (request, soup_form_encode ("grant_type", "refresh_token",
                                                              "refresh_token", refresh_token,
                                                              "client_id", self->client_id, NULL));
  refresh = g_new0 (Refresh, 1);
  refresh->self = g_object_ref (self);
  refresh->refresh_token = g_strdup (refresh_token);
  hub_cloud_request_send_async (request, self->session, self->refresh_cancellable, on_refreshed,
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
  HubCloudClient *self = HUB_CLOUD_CLIENT (user_data);

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
schedule_refresh (HubCloudClient *self)
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

/* ---- authorised calls ------------------------------------------------------- */

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
  HubCloudClient *self = g_task_get_source_object (task);
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
    hub_cloud_client_force_sign_out (self, "the cloud refused a renewed token (second 401)");
  g_task_return_error (task, error);
  g_object_unref (task);
}

static void
authed_send (GTask *task)
{
  HubCloudClient *self = g_task_get_source_object (task);
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
  hub_cloud_request_send_async (call->request, self->session, g_task_get_cancellable (task),
                                on_authed_reply, task);
}

static void
on_refreshed_ahead (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GTask *task = user_data;
  HubCloudClient *self = g_task_get_source_object (task);
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
hub_cloud_client_call_async (HubCloudClient *self, HubCloudRequest *request,
                             GCancellable *cancellable, GAsyncReadyCallback callback,
                             gpointer user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  AuthedCall *call = g_new0 (AuthedCall, 1);

  g_task_set_source_tag (task, hub_cloud_client_call_async);
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
hub_cloud_client_call_finish (HubCloudClient *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
hub_cloud_tokens_stop (HubCloudClient *self)
{
  hub_source_clear (&self->refresh_timer);
  if (self->refresh_cancellable != NULL)
    g_cancellable_cancel (self->refresh_cancellable);
}
