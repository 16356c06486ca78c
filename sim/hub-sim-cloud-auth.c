/* hub-sim-cloud-auth.c — RFC 8628 sign-in, access and refresh tokens of the simulated cloud
 *
 * Copyright 2026 hubview developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#define G_LOG_DOMAIN "hub-sim-cloud"

#include <sodium.h>

#include "hub-sim-cloud-private.h"

#define GRANT_DEVICE_CODE "urn:ietf:params:oauth:grant-type:device_code"
#define GRANT_REFRESH_TOKEN "refresh_token"
#define SCOPE "cameras.view"
/* RFC 8628 §3.5 slow_down: a poll this much earlier than the interval is
 * still forgiven, for the clients' timers. */
#define POLL_TOLERANCE_US (250 * G_TIME_SPAN_MILLISECOND)
/* User codes: consonants only (RFC 8628 §6.1), no words, no look-alikes. */
#define USER_CODE_ALPHABET "BCDFGHJKLMNPQRSTVWXZ"

typedef struct
{
  gint64 issued;    /* monotonic µs */
  gint64 expires;   /* monotonic µs */
  gint64 last_poll; /* monotonic µs, 0: never polled */
  guint interval;   /* s; grows by 5 with each slow_down */
} DeviceCode;

void
hub_sim_cloud_auth_init (HubSimCloud *self)
{
  self->device_codes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->access_tokens = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->refresh_tokens = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

void
hub_sim_cloud_auth_clear (HubSimCloud *self)
{
  g_clear_pointer (&self->device_codes, g_hash_table_unref);
  g_clear_pointer (&self->access_tokens, g_hash_table_unref);
  g_clear_pointer (&self->refresh_tokens, g_hash_table_unref);
}

static void
reply_oauth_error (HubSimRequest *req, const char *error, const char *description)
{
  g_autoptr (JsonObject) body = json_object_new ();

  json_object_set_string_member (body, "error", error);
  json_object_set_string_member (body, "error_description", description);
  hub_sim_request_set_header (req, "Cache-Control", "no-store");
  hub_sim_request_reply_json (req, SOUP_STATUS_BAD_REQUEST, body);
}

static GHashTable *
decode_form (HubSimRequest *req)
{
  g_autofree char *body = hub_sim_request_get_body (req);

  return soup_form_decode (body);
}

/* client_id must be there, and be the configured one when there is one. */
static gboolean
check_client (HubSimRequest *req, GHashTable *form)
{
  HubSimCloud *self = req->cloud;
  const char *client_id = g_hash_table_lookup (form, "client_id");

  if (client_id == NULL || *client_id == '\0')
    {
      reply_oauth_error (req, "invalid_request", "client_id is required");
      return FALSE;
    }
  if (self->client_id != NULL && !g_str_equal (client_id, self->client_id))
    {
      reply_oauth_error (req, "invalid_client", "Unknown client_id");
      return FALSE;
    }
  return TRUE;
}

static char *
user_code_new (void)
{
  char code[10];

  for (guint i = 0, j = 0; i < 8; i++)
    {
      if (i == 4)
        code[j++] = '-';
      code[j++] = USER_CODE_ALPHABET[randombytes_uniform (sizeof USER_CODE_ALPHABET - 1)];
    }
  code[9] = '\0';
  return g_strdup (code);
}

static gboolean
device_code_is_stale (gpointer key, gpointer value, gpointer user_data)
{
  DeviceCode *code = value;
  gint64 now = *(gint64 *) user_data;

  /* Kept past expiry for a while, to answer expired_token rather than invalid_grant. */
  return now > code->expires + (code->expires - code->issued);
}

void
hub_sim_cloud_handle_device_authorization (HubSimRequest *req)
{
  HubSimCloud *self = req->cloud;
  g_autoptr (GHashTable) form = decode_form (req);
  g_autoptr (JsonObject) result = NULL;
  g_autofree char *user_code = NULL;
  g_autofree char *complete = NULL;
  g_autofree char *verification = NULL;
  const char *scope;
  DeviceCode *code;
  char *device_code;
  gint64 now = g_get_monotonic_time ();

  if (!check_client (req, form))
    return;
  scope = g_hash_table_lookup (form, "scope");
  if (scope != NULL && *scope != '\0' && !g_str_equal (scope, SCOPE))
    {
      reply_oauth_error (req, "invalid_scope", "The only scope is " SCOPE);
      return;
    }

  g_hash_table_foreach_remove (self->device_codes, device_code_is_stale, &now);
  code = g_new0 (DeviceCode, 1);
  code->issued = now;
  code->expires = now + self->code_lifetime * G_USEC_PER_SEC;
  code->interval = self->interval;
  device_code = hub_sim_random_token ();
  g_hash_table_insert (self->device_codes, device_code, code);

  user_code = user_code_new ();
  verification = g_strconcat (self->uri, "/device", NULL);
  complete = g_strconcat (verification, "?user_code=", user_code, NULL);
  result = json_object_new ();
  json_object_set_string_member (result, "device_code", device_code);
  json_object_set_string_member (result, "user_code", user_code);
  json_object_set_string_member (result, "verification_uri", verification);
  json_object_set_string_member (result, "verification_uri_complete", complete);
  json_object_set_int_member (result, "expires_in", self->code_lifetime);
  json_object_set_int_member (result, "interval", self->interval);
  hub_sim_request_set_header (req, "Cache-Control", "no-store");
  hub_sim_request_reply_json (req, SOUP_STATUS_OK, result);
}

static gboolean
access_token_is_expired (gpointer key, gpointer value, gpointer user_data)
{
  return *(gint64 *) value <= *(gint64 *) user_data;
}

/* The 200 of both grants: a new access token and a new refresh token. */
static void
reply_tokens (HubSimRequest *req)
{
  HubSimCloud *self = req->cloud;
  g_autoptr (JsonObject) result = json_object_new ();
  gint64 now = g_get_monotonic_time ();
  char *access_token = hub_sim_random_token ();
  char *refresh_token = hub_sim_random_token ();

  g_hash_table_foreach_remove (self->access_tokens, access_token_is_expired, &now);
  g_hash_table_insert (self->access_tokens, access_token,
                       g_memdup2 (&(gint64){ now + self->token_lifetime * G_USEC_PER_SEC },
                                  sizeof (gint64)));
  g_hash_table_add (self->refresh_tokens, refresh_token);

  json_object_set_string_member (result, "access_token", access_token);
  json_object_set_string_member (result, "token_type", "Bearer");
  json_object_set_int_member (result, "expires_in", self->token_lifetime);
  json_object_set_string_member (result, "refresh_token", refresh_token);
  json_object_set_string_member (result, "scope", SCOPE);
  hub_sim_request_set_header (req, "Cache-Control", "no-store");
  hub_sim_request_reply_json (req, SOUP_STATUS_OK, result);
}

static void
grant_device_code (HubSimRequest *req, GHashTable *form)
{
  HubSimCloud *self = req->cloud;
  const char *device_code = g_hash_table_lookup (form, "device_code");
  gint64 now = g_get_monotonic_time ();
  gint64 last_poll;
  DeviceCode *code;

  if (device_code == NULL || *device_code == '\0')
    {
      reply_oauth_error (req, "invalid_request", "device_code is required");
      return;
    }
  code = g_hash_table_lookup (self->device_codes, device_code);
  if (code == NULL)
    {
      reply_oauth_error (req, "invalid_grant", "Unknown or used device_code");
      return;
    }
  if (now >= code->expires)
    {
      reply_oauth_error (req, "expired_token", "The device_code has expired; ask for a new one");
      return;
    }

  last_poll = code->last_poll;
  code->last_poll = now;
  if (last_poll != 0 && now - last_poll < code->interval * G_USEC_PER_SEC - POLL_TOLERANCE_US)
    {
      code->interval += 5;
      reply_oauth_error (req, "slow_down", "Polled faster than the interval; add 5 s to it");
      return;
    }
  if (now < code->issued + self->approve_after * G_USEC_PER_SEC)
    {
      reply_oauth_error (req, "authorization_pending", "Waiting for the user to approve");
      return;
    }

  g_hash_table_remove (self->device_codes, device_code);
  reply_tokens (req);
}

static void
grant_refresh_token (HubSimRequest *req, GHashTable *form)
{
  HubSimCloud *self = req->cloud;
  const char *refresh_token = g_hash_table_lookup (form, "refresh_token");

  if (refresh_token == NULL || *refresh_token == '\0')
    {
      reply_oauth_error (req, "invalid_request", "refresh_token is required");
      return;
    }
  /* Refresh tokens rotate: each one works once. */
  if (!g_hash_table_remove (self->refresh_tokens, refresh_token))
    {
      reply_oauth_error (req, "invalid_grant", "Unknown or used refresh_token");
      return;
    }
  reply_tokens (req);
}

void
hub_sim_cloud_handle_token (HubSimRequest *req)
{
  g_autoptr (GHashTable) form = decode_form (req);
  const char *grant_type;

  grant_type = g_hash_table_lookup (form, "grant_type");
  if (grant_type == NULL || *grant_type == '\0')
    {
      reply_oauth_error (req, "invalid_request", "grant_type is required");
      return;
    }
  if (!g_str_equal (grant_type, GRANT_DEVICE_CODE) &&
      !g_str_equal (grant_type, GRANT_REFRESH_TOKEN))
    {
      reply_oauth_error (req, "unsupported_grant_type",
                         "grant_type must be " GRANT_DEVICE_CODE " or " GRANT_REFRESH_TOKEN);
      return;
    }
  if (!check_client (req, form))
    return;

  if (g_str_equal (grant_type, GRANT_DEVICE_CODE))
    grant_device_code (req, form);
  else
    grant_refresh_token (req, form);
}

static void
reply_unauthenticated (HubSimRequest *req, const char *challenge, const char *message)
{
  hub_sim_request_set_header (req, "WWW-Authenticate", challenge);
  hub_sim_request_reply_error (req, SOUP_STATUS_UNAUTHORIZED, NULL, "%s", message);
}

gboolean
hub_sim_cloud_check_bearer (HubSimRequest *req)
{
  HubSimCloud *self = req->cloud;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (req->msg);
  const char *authorization = soup_message_headers_get_one (headers, "Authorization");
  const HubSimFault *fault;
  const char *token;
  gint64 *expires;

  if (authorization == NULL || g_ascii_strncasecmp (authorization, "Bearer ", 7) != 0)
    {
      reply_unauthenticated (req, "Bearer realm=\"hubview-sim\"",
                             "Sign in first: this request needs a bearer token");
      return FALSE;
    }
  token = authorization + 7;
  while (*token == ' ')
    token++;
  expires = g_hash_table_lookup (self->access_tokens, token);
  if (expires == NULL || *expires <= g_get_monotonic_time ())
    {
      reply_unauthenticated (req, "Bearer realm=\"hubview-sim\", error=\"invalid_token\"",
                             "The access token is invalid or has expired");
      return FALSE;
    }
  fault = hub_sim_cloud_active_fault (self, req->camera_id, HUB_SIM_FAULT_CLOUD_401);
  if (fault != NULL)
    {
      hub_sim_request_inject_fault (req, fault, "401 before the token's expiry");
      reply_unauthenticated (req, "Bearer realm=\"hubview-sim\", error=\"invalid_token\"",
                             "The access token is invalid or has expired");
      return FALSE;
    }
  return TRUE;
}
