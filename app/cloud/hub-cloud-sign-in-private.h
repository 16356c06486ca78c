/* hub-cloud-sign-in-private.h — the RFC 8628 device flow, an operation over HubCloudAuth
 *
 * Copyright 2026 hubview developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Asks for a code, polls /oauth/token until the person answers, and gives
 * the tokens to HubCloudAuth. Calls only down (HubCloudAuth,
 * HubCloudRequest); says how it went through its signals:
 *   "code"      (user_code, verification_uri, verification_uri_complete
 *                (may be NULL), expires_in seconds)
 *   "succeeded" ()
 *   "failed"    (GError*: ACCESS_DENIED, EXPIRED_CODE, or a cloud/transport error)
 */
#pragma once

#include "hub-cloud-auth-private.h"

G_BEGIN_DECLS

#define HUB_OAUTH_SCOPE "cameras.view"
#define HUB_GRANT_DEVICE_CODE "urn:ietf:params:oauth:grant-type:device_code"
#define HUB_DEFAULT_POLL_INTERVAL_S 5
#define HUB_SLOW_DOWN_STEP_S 5

#define HUB_TYPE_CLOUD_SIGN_IN (hub_cloud_sign_in_get_type ())
G_DECLARE_FINAL_TYPE (HubCloudSignIn, hub_cloud_sign_in, HUB, CLOUD_SIGN_IN, GObject)

/* Timers run on @auth's main context. */
HubCloudSignIn *hub_cloud_sign_in_new (HubCloudAuth *auth);
/* Starts the flow (stopping one that runs). A failed or expired sign-in
 * starts again only when asked. */
void hub_cloud_sign_in_start (HubCloudSignIn *self);
/* Stops the flow that runs, if any, silently. */
void hub_cloud_sign_in_stop (HubCloudSignIn *self);

/* ---- the parser, apart for the unit tests ---- */
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

G_END_DECLS
