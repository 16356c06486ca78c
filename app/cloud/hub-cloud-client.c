/* hub-cloud-client.c — the hub's client of cloud-api.md: base URL, session, the object
 *
 * Copyright 2026 hubview developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The base URL (https, or http for loopback only), the session (TLS
 * validated by glib-networking, never overridden), properties and signals.
 * Tokens and authorised calls are in hub-cloud-tokens.c.
 */
#define G_LOG_DOMAIN "hub-cloud"

#include "hub-cloud-client-private.h"

#include <sodium.h>
#include <string.h>

#include "hub-cloud-text.h"

#define DEFAULT_TIMEOUT_S 30

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

static GParamSpec *properties[N_PROPS];
guint hub_cloud_client_signals[HUB_CLOUD_CLIENT_N_SIGNALS];

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
hub_cloud_client_validate_base_url (const char *base_url, GError **error)
{
  g_autofree char *normalized = hub_cloud_normalize_base_url (base_url, error);

  return normalized != NULL;
}

gboolean
hub_cloud_client_check_usable (HubCloudClient *self, GError **error)
{
  if (self->base_url_error == NULL)
    return TRUE;
  g_propagate_error (error, g_error_copy (self->base_url_error));
  return FALSE;
}

HubCloudRequest *
hub_cloud_client_new_request (HubCloudClient *self, const char *method, const char *path,
                              const char *what, HubCloudRequestFlags flags)
{
  g_assert (HUB_IS_CLOUD_CLIENT (self));
  g_assert (self->base_url != NULL);

  return hub_cloud_request_new (method, self->base_url, path, what, flags);
}

/* ---- the object ------------------------------------------------------------- */

void
hub_cloud_client_set_signed_in (HubCloudClient *self, gboolean signed_in)
{
  if (self->signed_in == signed_in)
    return;
  self->signed_in = signed_in;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SIGNED_IN]);
}

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

  return self->base_url;
}

gboolean
hub_cloud_client_is_signed_in (HubCloudClient *self)
{
  g_return_val_if_fail (HUB_IS_CLOUD_CLIENT (self), FALSE);

  return hub_token_store_has_tokens (self->tokens);
}

void
hub_cloud_client_sign_out (HubCloudClient *self)
{
  g_return_if_fail (HUB_IS_CLOUD_CLIENT (self));

  hub_cloud_sign_in_stop (self);
  hub_cloud_client_force_sign_out (self, "asked to");
}

static void
hub_cloud_client_constructed (GObject *object)
{
  HubCloudClient *self = HUB_CLOUD_CLIENT (object);
  g_autofree char *base_url = self->base_url;

  G_OBJECT_CLASS (hub_cloud_client_parent_class)->constructed (object);

  self->context = g_main_context_ref_thread_default ();
  self->base_url = hub_cloud_normalize_base_url (base_url, &self->base_url_error);
  if (self->base_url_error != NULL)
    g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_WARNING, "MESSAGE", "%s",
                      self->base_url_error->message);

  /* TLS is validated by the session (glib-networking): nothing here ever
   * connects to "accept-certificate". */
  self->session = soup_session_new_with_options ("timeout", self->timeout_s, "user-agent",
                                                 "hubview/" HUB_VERSION " ", NULL);
  if (self->tls_database != NULL)
    soup_session_set_tls_database (self->session, self->tls_database);

  self->tokens_changed_id = g_signal_connect (
      self->tokens, "changed", G_CALLBACK (hub_cloud_client_on_tokens_changed), self);
  hub_cloud_client_on_tokens_changed (self->tokens, self);
}

static void
hub_cloud_client_dispose (GObject *object)
{
  HubCloudClient *self = HUB_CLOUD_CLIENT (object);

  hub_cloud_sign_in_stop (self);
  hub_cloud_tokens_stop (self);
  g_clear_signal_handler (&self->tokens_changed_id, self->tokens);
  g_clear_object (&self->session);
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
  g_clear_error (&self->base_url_error);
  g_free (self->client_id);
  g_clear_pointer (&self->context, g_main_context_unref);

  G_OBJECT_CLASS (hub_cloud_client_parent_class)->finalize (object);
}

static void
hub_cloud_client_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  HubCloudClient *self = HUB_CLOUD_CLIENT (object);

  switch (prop_id)
    {
    case PROP_BASE_URL:
      g_value_set_string (value, self->base_url);
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
      g_value_set_boolean (value, self->signed_in);
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

  hub_cloud_client_signals[HUB_CLOUD_CLIENT_SIGNAL_SIGN_IN_CODE] = g_signal_new (
      "sign-in-code", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
      G_TYPE_NONE, 4, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_INT);
  hub_cloud_client_signals[HUB_CLOUD_CLIENT_SIGNAL_SIGNED_IN]
      = g_signal_new ("signed-in", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                      NULL, G_TYPE_NONE, 0);
  hub_cloud_client_signals[HUB_CLOUD_CLIENT_SIGNAL_SIGN_IN_FAILED]
      = g_signal_new ("sign-in-failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                      NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
  hub_cloud_client_signals[HUB_CLOUD_CLIENT_SIGNAL_SIGNED_OUT]
      = g_signal_new ("signed-out", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                      NULL, G_TYPE_NONE, 0);
}

static void
hub_cloud_client_init (HubCloudClient *self)
{
  self->timeout_s = DEFAULT_TIMEOUT_S;
}
