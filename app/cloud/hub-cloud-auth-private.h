/* hub-cloud-auth-private.h — the token layer: the hub's standing with the cloud, authorised calls
 *
 * Copyright 2026 hubview developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * HubCloudAuth sits on HubCloudRequest and under the operations (sign-in,
 * cameras, streams). It owns the SoupSession, the base URL, the client ID
 * and the token store's tokens: it refreshes the access token (ahead of
 * expiry by a timer, before a call that finds it due, once on a 401; one
 * refresh at a time, the calls that need it waiting for it) and sends
 * requests with or without the token. It calls nothing above it: news goes
 * up as "signed-out" and notify::signed-in.
 */
#pragma once

#include <gio/gio.h>

#include "hub-cloud-request-private.h"
#include "hub-token-store.h"

G_BEGIN_DECLS

/* Refresh this long before expiry, or at 80 % of a shorter lifetime. */
#define HUB_REFRESH_MARGIN_US (60 * G_USEC_PER_SEC)

#define HUB_TYPE_CLOUD_AUTH (hub_cloud_auth_get_type ())
G_DECLARE_FINAL_TYPE (HubCloudAuth, hub_cloud_auth, HUB, CLOUD_AUTH, GObject)

/* Timers run on the thread-default main context of the caller. A refused
 * @base_url gives an object that sends nothing (hub_cloud_auth_check_usable).
 * Property "signed-in" (boolean, read-only, notified): the store holds
 * tokens. Signal "signed-out" (): tokens there were are forgotten. */
HubCloudAuth *hub_cloud_auth_new (const char *base_url, const char *client_id,
                                  HubTokenStore *tokens, GTlsDatabase *tls_database,
                                  guint timeout_s);
/* FALSE with the reason when the base URL was refused. */
gboolean hub_cloud_auth_check_usable (HubCloudAuth *self, GError **error);
/* The normalised base URL (ends in '/'), NULL when it was refused. */
const char *hub_cloud_auth_get_base_url (HubCloudAuth *self);
const char *hub_cloud_auth_get_client_id (HubCloudAuth *self);
GMainContext *hub_cloud_auth_get_context (HubCloudAuth *self);
gboolean hub_cloud_auth_get_signed_in (HubCloudAuth *self);

/* A request to @path under the base URL (which must not have been refused). */
HubCloudRequest *hub_cloud_auth_new_request (HubCloudAuth *self, const char *method,
                                             const char *path, const char *action,
                                             HubCloudRequestFlags flags);
/* Sends @request as it is, without the access token (the /oauth/ calls). */
void hub_cloud_auth_send_async (HubCloudAuth *self, HubCloudRequest *request,
                                GCancellable *cancellable, GAsyncReadyCallback callback,
                                gpointer user_data);
JsonObject *hub_cloud_auth_send_finish (HubCloudAuth *self, GAsyncResult *result, GError **error);
/* Sends @request with the access token: refreshes first when the token is
 * due, and once more on a 401 (then retries once; a second 401 signs out). */
void hub_cloud_auth_call_async (HubCloudAuth *self, HubCloudRequest *request,
                                GCancellable *cancellable, GAsyncReadyCallback callback,
                                gpointer user_data);
JsonObject *hub_cloud_auth_call_finish (HubCloudAuth *self, GAsyncResult *result, GError **error);

/* Saves the tokens of a 200 from /oauth/token (keeping the refresh token when
 * the reply has none). */
gboolean hub_cloud_auth_take_tokens (HubCloudAuth *self, JsonObject *reply, const char *action,
                                     GError **error);
/* Forgets the tokens and emits "signed-out" (when there were any). */
void hub_cloud_auth_sign_out (HubCloudAuth *self, const char *reason);
/* Stops the refresh timer and any refresh under way. */
void hub_cloud_auth_stop (HubCloudAuth *self);

/* ---- parsers, apart for the unit tests ---- */
typedef struct
{
  char *access_token;
  char *refresh_token; /* may be NULL */
  gint64 expires_in;
} HubTokenReply;

gboolean hub_token_reply_parse (JsonObject *reply, HubTokenReply *out, GError **error);
void hub_token_reply_clear (HubTokenReply *reply);

/* https://… or loopback http://…, normalised to end in '/'. */
char *hub_cloud_normalize_base_url (const char *base_url, GError **error);

G_END_DECLS
