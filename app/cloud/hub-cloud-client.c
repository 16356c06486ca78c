/* hub-cloud-client.c — the hub's client of cloud-api.md: the facade over its layers
 *
 * Copyright 2026 hubview developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Owns HubCloudAuth (session, base URL, tokens) and HubCloudSignIn, hands
 * the camera and stream calls to their operations, and relays what the
 * layers below tell (signed in or out, the sign-in's progress) as its own
 * properties and signals. It is the only file that calls the operations.
 */
#define G_LOG_DOMAIN "hub-cloud"

#include "hub-cloud-client.h"

#include <sodium.h>

#include "hub-cloud-auth-private.h"
#include "hub-cloud-cameras-private.h"
#include "hub-cloud-sign-in-private.h"
#include "hub-cloud-streams-private.h"

#define DEFAULT_TIMEOUT_S 30

struct _HubCloudClient
{
  GObject parent_instance;

  char *base_url; /* as given (construct-only); the normalised one is the auth's */
  char *client_id;
  HubTokenStore *tokens;
  HubTrustStore *trust;
  GTlsDatabase *tls_database;
  guint timeout_s;

  HubCloudAuth *auth;
  HubCloudSignIn *sign_in;
};

G_DEFINE_FINAL_TYPE (HubCloudClient, hub_cloud_client, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_BASE_URL,
  PROP_CLIENT_ID,
  PROP_TOKENS,
  PROP_TRUST,
  PROP_TLS_DATABASE,
  PROP_TIMEOUT,
  PROP_SIGNED_IN,
  N_PROPS
};

enum
{
  SIGNAL_SIGN_IN_CODE,
  SIGNAL_SIGNED_IN,
  SIGNAL_SIGN_IN_FAILED,
  SIGNAL_SIGNED_OUT,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

gboolean
hub_cloud_client_validate_base_url (const char *base_url, GError **error)
{
  g_autofree char *normalized = hub_cloud_normalize_base_url (base_url, error);

  return normalized != NULL;
}

/* ---- news from below, relayed ----------------------------------------------- */

static void
on_auth_signed_in (HubCloudAuth *auth, GParamSpec *pspec, gpointer user_data)
{
  g_object_notify_by_pspec (G_OBJECT (user_data), properties[PROP_SIGNED_IN]);
}

static void
on_auth_signed_out (HubCloudAuth *auth, gpointer user_data)
{
  g_signal_emit (user_data, signals[SIGNAL_SIGNED_OUT], 0);
}

static void
on_sign_in_code (HubCloudSignIn *sign_in, const char *user_code, const char *verification_uri,
                 const char *verification_uri_complete, int expires_in, gpointer user_data)
{
  g_signal_emit (user_data, signals[SIGNAL_SIGN_IN_CODE], 0, user_code, verification_uri,
                 verification_uri_complete, expires_in);
}

static void
on_sign_in_succeeded (HubCloudSignIn *sign_in, gpointer user_data)
{
  g_signal_emit (user_data, signals[SIGNAL_SIGNED_IN], 0);
}

static void
on_sign_in_failed (HubCloudSignIn *sign_in, GError *error, gpointer user_data)
{
  g_signal_emit (user_data, signals[SIGNAL_SIGN_IN_FAILED], 0, error);
}

/* ---- the calls, handed down ------------------------------------------------- */

HubCloudClient *
hub_cloud_client_new (const char *base_url, const char *client_id, HubTokenStore *tokens,
                      HubTrustStore *trust)
{
  g_return_val_if_fail (base_url != NULL, NULL);
  g_return_val_if_fail (client_id != NULL, NULL);
  g_return_val_if_fail (HUB_IS_TOKEN_STORE (tokens), NULL);
  g_return_val_if_fail (HUB_IS_TRUST_STORE (trust), NULL);

  return g_object_new (HUB_TYPE_CLOUD_CLIENT, "base-url", base_url, "client-id", client_id,
                       "tokens", tokens, "trust", trust, NULL);
}

const char *
hub_cloud_client_get_base_url (HubCloudClient *self)
{
  g_return_val_if_fail (HUB_IS_CLOUD_CLIENT (self), NULL);

  return hub_cloud_auth_get_base_url (self->auth);
}

gboolean
hub_cloud_client_is_signed_in (HubCloudClient *self)
{
  g_return_val_if_fail (HUB_IS_CLOUD_CLIENT (self), FALSE);

  return hub_token_store_has_tokens (self->tokens);
}

void
hub_cloud_client_start_sign_in (HubCloudClient *self)
{
  g_return_if_fail (HUB_IS_CLOUD_CLIENT (self));

  hub_cloud_sign_in_start (self->sign_in);
}

void
hub_cloud_client_cancel_sign_in (HubCloudClient *self)
{
  g_return_if_fail (HUB_IS_CLOUD_CLIENT (self));

  hub_cloud_sign_in_stop (self->sign_in);
}

void
hub_cloud_client_sign_out (HubCloudClient *self)
{
  g_return_if_fail (HUB_IS_CLOUD_CLIENT (self));

  hub_cloud_sign_in_stop (self->sign_in);
  hub_cloud_auth_sign_out (self->auth, "asked to");
}

void
hub_cloud_client_list_cameras_async (HubCloudClient *self, GCancellable *cancellable,
                                     GAsyncReadyCallback callback, gpointer user_data)
{
  GTask *task;

  g_return_if_fail (HUB_IS_CLOUD_CLIENT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, hub_cloud_client_list_cameras_async);
  hub_cloud_cameras_list (self->auth, self->trust, task);
}

GPtrArray *
hub_cloud_client_list_cameras_finish (HubCloudClient *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (HUB_IS_CLOUD_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_async_result_is_tagged (result, hub_cloud_client_list_cameras_async),
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
hub_cloud_client_open_stream_async (HubCloudClient *self, const char *camera_id,
                                    GCancellable *cancellable, GAsyncReadyCallback callback,
                                    gpointer user_data)
{
  GTask *task;

  g_return_if_fail (HUB_IS_CLOUD_CLIENT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, hub_cloud_client_open_stream_async);
  hub_cloud_streams_open (self->auth, camera_id, task);
}

HubStreamInfo *
hub_cloud_client_open_stream_finish (HubCloudClient *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (HUB_IS_CLOUD_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
hub_cloud_client_extend_stream_async (HubCloudClient *self, const HubStreamInfo *stream,
                                      GCancellable *cancellable, GAsyncReadyCallback callback,
                                      gpointer user_data)
{
  GTask *task;

  g_return_if_fail (HUB_IS_CLOUD_CLIENT (self));
  g_return_if_fail (stream != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, hub_cloud_client_extend_stream_async);
  hub_cloud_streams_extend (self->auth, stream, task);
}

HubStreamInfo *
hub_cloud_client_extend_stream_finish (HubCloudClient *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (HUB_IS_CLOUD_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
hub_cloud_client_close_stream_async (HubCloudClient *self, const HubStreamInfo *stream,
                                     GCancellable *cancellable, GAsyncReadyCallback callback,
                                     gpointer user_data)
{
  GTask *task;

  g_return_if_fail (HUB_IS_CLOUD_CLIENT (self));
  g_return_if_fail (stream != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, hub_cloud_client_close_stream_async);
  hub_cloud_streams_close (self->auth, stream, task);
}

gboolean
hub_cloud_client_close_stream_finish (HubCloudClient *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (HUB_IS_CLOUD_CLIENT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
hub_cloud_client_close_stream (HubCloudClient *self, const HubStreamInfo *stream)
{
  hub_cloud_client_close_stream_async (self, stream, NULL, NULL, NULL);
}

/* ---- the object ------------------------------------------------------------- */

static void
hub_cloud_client_constructed (GObject *object)
{
  HubCloudClient *self = HUB_CLOUD_CLIENT (object);

  G_OBJECT_CLASS (hub_cloud_client_parent_class)->constructed (object);

  self->auth = hub_cloud_auth_new (self->base_url, self->client_id, self->tokens,
                                   self->tls_database, self->timeout_s);
  g_signal_connect_object (self->auth, "notify::signed-in", G_CALLBACK (on_auth_signed_in), self,
                           0);
  g_signal_connect_object (self->auth, "signed-out", G_CALLBACK (on_auth_signed_out), self, 0);

  self->sign_in = hub_cloud_sign_in_new (self->auth);
  g_signal_connect_object (self->sign_in, "code", G_CALLBACK (on_sign_in_code), self, 0);
  g_signal_connect_object (self->sign_in, "succeeded", G_CALLBACK (on_sign_in_succeeded), self, 0);
  g_signal_connect_object (self->sign_in, "failed", G_CALLBACK (on_sign_in_failed), self, 0);
}

static void
hub_cloud_client_dispose (GObject *object)
{
  HubCloudClient *self = HUB_CLOUD_CLIENT (object);

  if (self->sign_in != NULL)
    hub_cloud_sign_in_stop (self->sign_in);
  if (self->auth != NULL)
    hub_cloud_auth_stop (self->auth);
  g_clear_object (&self->sign_in);
  g_clear_object (&self->auth);
  g_clear_object (&self->tokens);
  g_clear_object (&self->trust);
  g_clear_object (&self->tls_database);

  G_OBJECT_CLASS (hub_cloud_client_parent_class)->dispose (object);
}

static void
hub_cloud_client_finalize (GObject *object)
{
  HubCloudClient *self = HUB_CLOUD_CLIENT (object);

  g_free (self->base_url);
  g_free (self->client_id);

  G_OBJECT_CLASS (hub_cloud_client_parent_class)->finalize (object);
}

static void
hub_cloud_client_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  HubCloudClient *self = HUB_CLOUD_CLIENT (object);

  switch (prop_id)
    {
    case PROP_BASE_URL:
      g_value_set_string (value, self->auth != NULL ? hub_cloud_auth_get_base_url (self->auth)
                                                    : self->base_url);
      break;
    case PROP_CLIENT_ID:
      g_value_set_string (value, self->client_id);
      break;
    case PROP_TOKENS:
      g_value_set_object (value, self->tokens);
      break;
    case PROP_TRUST:
      g_value_set_object (value, self->trust);
      break;
    case PROP_TLS_DATABASE:
      g_value_set_object (value, self->tls_database);
      break;
    case PROP_TIMEOUT:
      g_value_set_uint (value, self->timeout_s);
      break;
    case PROP_SIGNED_IN:
      g_value_set_boolean (value, self->auth != NULL && hub_cloud_auth_get_signed_in (self->auth));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hub_cloud_client_set_property (GObject *object, guint prop_id, const GValue *value,
                               GParamSpec *pspec)
{
  HubCloudClient *self = HUB_CLOUD_CLIENT (object);

  switch (prop_id)
    {
    case PROP_BASE_URL:
      g_free (self->base_url);
      self->base_url = g_value_dup_string (value);
      break;
    case PROP_CLIENT_ID:
      g_free (self->client_id);
      self->client_id = g_value_dup_string (value);
      break;
    case PROP_TOKENS:
      g_set_object (&self->tokens, g_value_get_object (value));
      break;
    case PROP_TRUST:
      g_set_object (&self->trust, g_value_get_object (value));
      break;
    case PROP_TLS_DATABASE:
      g_set_object (&self->tls_database, g_value_get_object (value));
      break;
    case PROP_TIMEOUT:
      self->timeout_s = g_value_get_uint (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hub_cloud_client_class_init (HubCloudClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags construct_only
      = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;

  if (sodium_init () < 0)
    g_error ("libsodium failed to initialise");

  object_class->constructed = hub_cloud_client_constructed;
  object_class->dispose = hub_cloud_client_dispose;
  object_class->finalize = hub_cloud_client_finalize;
  object_class->get_property = hub_cloud_client_get_property;
  object_class->set_property = hub_cloud_client_set_property;

  properties[PROP_BASE_URL]
      = g_param_spec_string ("base-url", NULL, "The cloud's base URL", NULL, construct_only);
  properties[PROP_CLIENT_ID]
      = g_param_spec_string ("client-id", NULL, "The hub's OAuth client ID", NULL, construct_only);
  properties[PROP_TOKENS] = g_param_spec_object ("tokens", NULL, "Where the tokens are kept",
                                                 HUB_TYPE_TOKEN_STORE, construct_only);
  properties[PROP_TRUST] = g_param_spec_object ("trust", NULL, "The trusted roots",
                                                HUB_TYPE_TRUST_STORE, construct_only);
  properties[PROP_TLS_DATABASE]
      = g_param_spec_object ("tls-database", NULL, "A custom CA (NULL: the system's)",
                             G_TYPE_TLS_DATABASE, construct_only);
  /* Construct-only: libsoup gives a connection its timeout when it opens it. */
  properties[PROP_TIMEOUT]
      = g_param_spec_uint ("timeout", NULL, "Seconds of I/O silence before a request fails", 1, 600,
                           DEFAULT_TIMEOUT_S, construct_only);
  properties[PROP_SIGNED_IN]
      = g_param_spec_boolean ("signed-in", NULL, "Whether the hub holds tokens", FALSE,
                              G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* (user_code, verification_uri, verification_uri_complete or NULL,
   * expires_in seconds): a code for a person to enter */
  signals[SIGNAL_SIGN_IN_CODE] = g_signal_new (
      "sign-in-code", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
      G_TYPE_NONE, 4, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_INT);
  /* the device flow ended with tokens */
  signals[SIGNAL_SIGNED_IN] = g_signal_new ("signed-in", G_TYPE_FROM_CLASS (klass),
                                            G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* (GError *): ACCESS_DENIED, EXPIRED_CODE, or a cloud or transport
   * error; a failed or expired sign-in starts again only when asked */
  signals[SIGNAL_SIGN_IN_FAILED]
      = g_signal_new ("sign-in-failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                      NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
  /* the tokens are gone: asked for, refused (invalid_grant), or a second 401 */
  signals[SIGNAL_SIGNED_OUT]
      = g_signal_new ("signed-out", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                      NULL, G_TYPE_NONE, 0);
}

static void
hub_cloud_client_init (HubCloudClient *self)
{
  self->timeout_s = DEFAULT_TIMEOUT_S;
}
