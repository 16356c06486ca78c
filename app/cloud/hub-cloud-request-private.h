/* hub-cloud-request-private.h — one call to the cloud: send, read, retry, map errors
 *
 * Copyright 2026 hubview developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Knows HTTP, JSON, cloud-api.md's error bodies and its retry rules, but not
 * tokens: a 401 comes back as HUB_CLOUD_ERROR_UNAUTHENTICATED at once, and
 * HubCloudClient decides about refreshing.
 */
#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "hub-cloud-error.h"

G_BEGIN_DECLS

#define HUB_CLOUD_MAX_ATTEMPTS 4
#define HUB_CLOUD_BACKOFF_BASE_MS 500
#define HUB_CLOUD_BACKOFF_CAP_MS 30000
/* A Retry-After longer than this is not waited for: the call fails. */
#define HUB_CLOUD_RETRY_AFTER_MAX_S 60
#define HUB_CLOUD_REPLY_MAX (4 * 1024 * 1024)

/* RFC 6749 §5.2 / RFC 8628 §3.5 errors of the /oauth/ endpoints (private). */
#define HUB_OAUTH_ERROR (hub_oauth_error_quark ())
GQuark hub_oauth_error_quark (void);

typedef enum
{
  HUB_OAUTH_ERROR_AUTHORIZATION_PENDING,
  HUB_OAUTH_ERROR_SLOW_DOWN,
  HUB_OAUTH_ERROR_ACCESS_DENIED,
  HUB_OAUTH_ERROR_EXPIRED_TOKEN,
  HUB_OAUTH_ERROR_INVALID_GRANT,
  HUB_OAUTH_ERROR_INVALID_CLIENT,
  HUB_OAUTH_ERROR_UNSUPPORTED_GRANT_TYPE,
  HUB_OAUTH_ERROR_OTHER,
} HubOAuthError;

typedef enum
{
  HUB_CLOUD_REQUEST_DEFAULT = 0,
  HUB_CLOUD_REQUEST_RETRY = 1 << 0, /* 429, 5xx and transport errors are tried again */
  HUB_CLOUD_REQUEST_OAUTH = 1 << 1, /* a 400/401 body is {"error": "code"} */
} HubCloudRequestFlags;

typedef struct _HubCloudRequest HubCloudRequest;

/* Called before every attempt (0, 1, …), e.g. to put a fresh nonce in the body. */
typedef void (*HubCloudRequestPrepare) (HubCloudRequest *request, guint attempt,
                                        gpointer user_data);

/* @path is relative to @base_url (which ends in '/'); @action says what the
 * call does, for messages: "Listing the cameras". */
HubCloudRequest *hub_cloud_request_new (const char *method, const char *base_url, const char *path,
                                        const char *action, HubCloudRequestFlags flags);
HubCloudRequest *hub_cloud_request_ref (HubCloudRequest *request);
void hub_cloud_request_unref (HubCloudRequest *request);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HubCloudRequest, hub_cloud_request_unref)

const char *hub_cloud_request_get_what (HubCloudRequest *request);
/* For the CAMERA field of the log. */
void hub_cloud_request_set_camera (HubCloudRequest *request, const char *camera_id);
void hub_cloud_request_set_json_body (HubCloudRequest *request, JsonObject *body);
/* application/x-www-form-urlencoded; the text is wiped when replaced or freed. */
void hub_cloud_request_set_form_body (HubCloudRequest *request, char *encoded);
void hub_cloud_request_set_bearer (HubCloudRequest *request, const char *access_token);
void hub_cloud_request_set_prepare (HubCloudRequest *request, HubCloudRequestPrepare prepare,
                                    gpointer user_data);

/* Runs the request on the thread-default main context; the result is the
 * reply's JSON object (a 2xx), or an error: HUB_CLOUD_ERROR (with @action in
 * its message), HUB_OAUTH_ERROR for an OAuth reply, or G_IO_ERROR_CANCELLED. */
void hub_cloud_request_send_async (HubCloudRequest *request, SoupSession *soup,
                                   GCancellable *cancellable, GAsyncReadyCallback callback,
                                   gpointer user_data);
JsonObject *hub_cloud_request_send_finish (GAsyncResult *result, GError **error);

/* ---- the rules, apart for the unit tests ---- */

/* Full jitter: a delay in [0, min(cap, base·2^retry)] for @random in [0, 1). */
gint64 hub_cloud_backoff_delay_ms (guint retry, double random);
/* Retry-After as seconds or an HTTP date (relative to @now); FALSE when it is neither. */
gboolean hub_cloud_parse_retry_after (const char *value, GDateTime *now, gint64 *delay_ms);
/* The error for a reply of @status (not 2xx) with @body (may be NULL). */
void hub_cloud_error_from_reply (guint status, JsonNode *body, gboolean oauth, const char *action,
                                 GError **error);

G_END_DECLS
