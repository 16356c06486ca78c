/* hub-cloud-client-private.h — what the parts of HubCloudClient share
 *
 * Copyright 2026 hubview developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * hub-cloud-client.c   the object, base URL, session
 * hub-cloud-tokens.c   tokens (refresh ahead of expiry and once on a 401),
 *                      authorised calls
 * hub-cloud-sign-in.c  the RFC 8628 device flow
 * hub-cloud-cameras.c  the paged camera list
 * hub-cloud-streams.c  stream leases: open, extend, close
 * The parsers are here too, for the unit tests.
 */
#pragma once

#include "hub-cloud-client.h"
#include "hub-cloud-request-private.h"

G_BEGIN_DECLS

#define HUB_OAUTH_SCOPE "cameras.view"
#define HUB_GRANT_DEVICE_CODE "urn:ietf:params:oauth:grant-type:device_code"
#define HUB_DEFAULT_POLL_INTERVAL_S 5
#define HUB_SLOW_DOWN_STEP_S 5
/* Refresh this long before expiry, or at 80 % of a shorter lifetime. */
#define HUB_REFRESH_MARGIN_US (60 * G_USEC_PER_SEC)

struct _HubCloudClient
{
  GObject parent_instance;

  char *base_url; /* normalised, ends in '/'; NULL when refused */
  GError *base_url_error;
  char *client_id;
  HubTokenStore *tokens;
  HubTrustStore *trust;
  GTlsDatabase *tls_database;
  guint timeout_s;
  SoupSession *session;
  GMainContext *context;
  gboolean signed_in;

  /* tokens (hub-cloud-client.c) */
  gulong tokens_changed_id;
  gint64 issued_lifetime_us; /* expires_in of the tokens being saved, 0: unknown */
  gint64 refresh_at_us;      /* real time */
  GSource *refresh_timer;
  guint refresh_failures;
  GPtrArray *refresh_waiters; /* of GTask, NULL while no refresh runs */
  GCancellable *refresh_cancellable;

  /* sign-in (hub-cloud-sign-in.c) */
  GCancellable *sign_in_cancellable;
  GSource *poll_timer;
  char *device_code;
  guint poll_interval_s;
  gint64 code_expires_us; /* monotonic */
};

enum
{
  HUB_CLOUD_CLIENT_SIGNAL_SIGN_IN_CODE,
  HUB_CLOUD_CLIENT_SIGNAL_SIGNED_IN,
  HUB_CLOUD_CLIENT_SIGNAL_SIGN_IN_FAILED,
  HUB_CLOUD_CLIENT_SIGNAL_SIGNED_OUT,
  HUB_CLOUD_CLIENT_N_SIGNALS
};

extern guint hub_cloud_client_signals[HUB_CLOUD_CLIENT_N_SIGNALS];

/* ---- hub-cloud-client.c ---- */
/* FALSE with the reason when the base URL was refused. */
gboolean hub_cloud_client_check_usable (HubCloudClient *self, GError **error);
HubCloudRequest *hub_cloud_client_new_request (HubCloudClient *self, const char *method,
                                               const char *path, const char *what,
                                               HubCloudRequestFlags flags);
void hub_cloud_client_set_signed_in (HubCloudClient *self, gboolean signed_in);

/* ---- hub-cloud-tokens.c ---- */
/* The token store's "changed": reschedules the refresh, updates "signed-in". */
void hub_cloud_client_on_tokens_changed (HubTokenStore *tokens, gpointer user_data);
/* Stops the refresh timer and any refresh under way. */
void hub_cloud_tokens_stop (HubCloudClient *self);
/* Sends @request with the access token: refreshes first when the token is
 * due, and once more on a 401 (then retries once; a second 401 signs out). */
void hub_cloud_client_call_async (HubCloudClient *self, HubCloudRequest *request,
                                  GCancellable *cancellable, GAsyncReadyCallback callback,
                                  gpointer user_data);
JsonObject *hub_cloud_client_call_finish (HubCloudClient *self, GAsyncResult *result,
                                          GError **error);
/* Saves the tokens of a 200 from /oauth/token (keeping the refresh token when
 * the reply has none). */
gboolean hub_cloud_client_take_tokens (HubCloudClient *self, JsonObject *reply, const char *what,
                                       GError **error);
/* Forgets the tokens and emits "signed-out" (when there were any). */
void hub_cloud_client_force_sign_out (HubCloudClient *self, const char *reason);

/* ---- hub-cloud-sign-in.c ---- */
void hub_cloud_sign_in_stop (HubCloudClient *self);

/* ---- hub-cloud-cameras.c ---- */
#define HUB_CAMERAS_MAX 1000

/* The camera list as its pages come in. */
typedef struct
{
  GPtrArray *cameras;      /* of HubCamera, in the order listed */
  GHashTable *ids;         /* camera IDs seen */
  GHashTable *page_tokens; /* page tokens seen */
  guint pages;             /* pages taken */
} HubCameraPages;

HubCameraPages *hub_camera_pages_new (void);
void hub_camera_pages_free (HubCameraPages *pages);
/* Takes one page of GET /v1/cameras: each record through
 * hub_camera_new_from_json() with @trust; a record that does not parse, or
 * repeats an ID already listed, is logged and skipped. *@next: the page's
 * nextPageToken (pointing into @page), NULL on the last page. FALSE with
 * @error when the page has the wrong shape: cameras not an array, more than
 * HUB_CAMERAS_MAX cameras in all, a bad or repeated nextPageToken. */
gboolean hub_camera_pages_take (HubCameraPages *pages, HubTrustStore *trust, JsonObject *page,
                                const char **next, GError **error);

/* ---- parsers ---- */
typedef struct
{
  char *device_code;
  char *user_code;
  char *verification_uri;
  char *verification_uri_complete; /* may be NULL */
  gint64 expires_in;
  gint64 interval;
} HubDeviceAuthorization;

gboolean hub_device_authorization_parse (JsonObject *reply, HubDeviceAuthorization *out,
                                         GError **error);
void hub_device_authorization_clear (HubDeviceAuthorization *auth);

typedef struct
{
  char *access_token;
  char *refresh_token; /* may be NULL */
  gint64 expires_in;
} HubTokenReply;

gboolean hub_token_reply_parse (JsonObject *reply, HubTokenReply *out, GError **error);
void hub_token_reply_clear (HubTokenReply *reply);

/* openStream (@url_required) or extendStream reply → info (nonce not set). */
HubStreamInfo *hub_stream_info_parse (JsonObject *reply, const char *camera_id,
                                      gboolean url_required, GError **error);
/* @url with the value of its auth= query parameter set to @token. */
char *hub_stream_url_with_token (const char *url, const char *token);
/* https://… or loopback http://…, normalised to end in '/'. */
char *hub_cloud_normalize_base_url (const char *base_url, GError **error);

G_END_DECLS
