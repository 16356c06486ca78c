/* hub-sim-camera-sessions.c — the sessions of a simulated camera and the
 * stream tokens that open them
 *
 * Copyright 2026 hubview developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The cloud hands a camera each stream token it issues with the session's
 * nonce (hub_sim_camera_allow_stream); a token opens its session until it
 * expires. The counter of a session belongs to its nonce, so it continues
 * across reconnections and token extensions. A closed session (closeStream,
 * expiry, or lost in a camera restart) ends its viewers and takes no token.
 */
#define G_LOG_DOMAIN "hub-sim-camera"

#include "hub-sim-camera-private.h"

#include <string.h>

#include <sodium.h>

#include "hub-sim-viewer.h"

static void
session_clear (HubSimSession *session)
{
  sodium_memzero (session->nonce, sizeof session->nonce);
}

HubSimSession *
hub_sim_session_ref (HubSimSession *session)
{
  return g_atomic_rc_box_acquire (session);
}

void
hub_sim_session_unref (HubSimSession *session)
{
  g_atomic_rc_box_release_full (session, (GDestroyNotify)session_clear);
}

typedef struct
{
  HubSimSession *session; /* owned */
  gint64 expires_at;
} Token;

static void
token_free (Token *token)
{
  g_clear_pointer (&token->session, hub_sim_session_unref);
  g_free (token);
}

static char *
url_stream_token (const GstRTSPUrl *url)
{
  g_autoptr (GHashTable) params = NULL;
  const char *value;
  const char *slash;

  if (url == NULL || url->query == NULL)
    return NULL;
  params = g_uri_parse_params (url->query, -1, "&", G_URI_PARAMS_NONE, NULL);
  value = params ? g_hash_table_lookup (params, "auth") : NULL;
  if (value == NULL || *value == '\0')
    return NULL;
  /* a client that appended the control path after the query */
  slash = strchr (value, '/');
  return slash ? g_strndup (value, slash - value) : g_strdup (value);
}

HubSimSession *
hub_sim_camera_lookup_locked (HubSimCamera *self, const GstRTSPUrl *url, GstRTSPStatusCode *status)
{
  g_autofree char *token_str = url_stream_token (url);
  Token *token;

  if (!self->running || hub_sim_faults_find (self->faults, self->device_id, HUB_SIM_FAULT_OFFLINE))
    {
      *status = GST_RTSP_STS_SERVICE_UNAVAILABLE;
      return NULL;
    }
  token = token_str ? g_hash_table_lookup (self->tokens, token_str) : NULL;
  if (token == NULL || token->expires_at <= g_get_real_time () || token->session->closed)
    {
      *status = GST_RTSP_STS_UNAUTHORIZED;
      return NULL;
    }
  *status = GST_RTSP_STS_OK;
  return token->session;
}

gboolean
hub_sim_camera_expiry_check (gpointer user_data)
{
  HubSimCamera *self = user_data;
  g_autoptr (GPtrArray) expired
      = g_ptr_array_new_with_free_func ((GDestroyNotify)hub_sim_session_unref);
  gint64 now = g_get_real_time ();
  GHashTableIter iter;
  gpointer value;

  g_mutex_lock (&self->lock);
  g_hash_table_iter_init (&iter, self->tokens);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (((Token *)value)->expires_at <= now)
      g_hash_table_iter_remove (&iter);
  g_hash_table_iter_init (&iter, self->sessions);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      HubSimSession *session = value;

      if (!session->closed && session->expires_at <= now)
        {
          session->closed = TRUE;
          g_ptr_array_add (expired, hub_sim_session_ref (session));
        }
    }
  g_mutex_unlock (&self->lock);

  for (guint i = 0; i < expired->len; i++)
    {
      HubSimSession *session = g_ptr_array_index (expired, i);

      g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_INFO, "CAMERA", self->device_id, "MESSAGE",
                        "camera=%s session=%.8s expired", self->device_id, session->nonce_hex);
      hub_sim_camera_disconnect_viewers (self, session);
    }
  return G_SOURCE_CONTINUE;
}

void
hub_sim_camera_allow_stream (HubSimCamera *self, const char *stream_token, const guint8 *nonce,
                             gint64 expires_at)
{
  g_autofree char *nonce_hex = NULL;
  HubSimSession *session;
  Token *token;

  g_return_if_fail (HUB_IS_SIM_CAMERA (self));
  g_return_if_fail (stream_token != NULL && *stream_token != '\0');
  g_return_if_fail (nonce != NULL);

  nonce_hex = hub_sim_hex_encode (nonce, HUB_NONCE_SIZE);

  g_mutex_lock (&self->lock);
  session = g_hash_table_lookup (self->sessions, nonce_hex);
  if (session == NULL)
    {
      session = g_atomic_rc_box_new0 (HubSimSession);
      memcpy (session->nonce, nonce, HUB_NONCE_SIZE);
      memcpy (session->nonce_hex, nonce_hex, sizeof session->nonce_hex);
      g_hash_table_insert (self->sessions, g_strdup (nonce_hex), session);
    }
  else if (session->closed)
    {
      /* closed, expired or lost in a restart: its counter may be gone, so
       * the hub must open a new session */
      g_mutex_unlock (&self->lock);
      g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_INFO, "CAMERA", self->device_id, "MESSAGE",
                        "camera=%s session=%.8s is closed: token not accepted", self->device_id,
                        nonce_hex);
      return;
    }
  session->expires_at = MAX (session->expires_at, expires_at);

  token = g_new0 (Token, 1);
  token->session = hub_sim_session_ref (session);
  token->expires_at = expires_at;
  g_hash_table_replace (self->tokens, g_strdup (stream_token), token);
  g_mutex_unlock (&self->lock);
}

void
hub_sim_camera_close_session (HubSimCamera *self, const guint8 *nonce)
{
  g_autofree char *nonce_hex = NULL;
  HubSimSession *session;
  GHashTableIter iter;
  gpointer value;

  g_return_if_fail (HUB_IS_SIM_CAMERA (self));
  g_return_if_fail (nonce != NULL);

  nonce_hex = hub_sim_hex_encode (nonce, HUB_NONCE_SIZE);

  g_mutex_lock (&self->lock);
  session = g_hash_table_lookup (self->sessions, nonce_hex);
  if (session != NULL)
    {
      session = hub_sim_session_ref (session);
      session->closed = TRUE;
      g_hash_table_iter_init (&iter, self->tokens);
      while (g_hash_table_iter_next (&iter, NULL, &value))
        if (((Token *)value)->session == session)
          g_hash_table_iter_remove (&iter);
    }
  g_mutex_unlock (&self->lock);

  if (session == NULL)
    return;
  g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_INFO, "CAMERA", self->device_id, "MESSAGE",
                    "camera=%s session=%.8s closed", self->device_id, nonce_hex);
  hub_sim_camera_disconnect_viewers (self, session);
  hub_sim_session_unref (session);
}

void
hub_sim_camera_sessions_init (HubSimCamera *self)
{
  self->tokens
      = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify)token_free);
  self->sessions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                          (GDestroyNotify)hub_sim_session_unref);
}
