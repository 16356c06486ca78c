/* hub-cloud-client.h — the hub's side of cloud-api.md (libsoup 3 + json-glib)
 *
 * Sign-in (RFC 8628 device flow), token refresh (ahead of expiry and once on
 * a 401), the paged camera list, stream leases. Retries 429/5xx and
 * transport errors with capped exponential backoff and full jitter,
 * honouring Retry-After. TLS is always validated. All calls are async on the
 * thread-default main context of the caller (the client's timers run on the
 * thread-default context of its creation).
 */
#pragma once

#include <gio/gio.h>

#include "hub-cloud-error.h"
#include "hub-stream-info.h"
#include "hub-token-store.h"
#include "hub-trust-store.h"

G_BEGIN_DECLS

#define HUB_TYPE_CLOUD_CLIENT (hub_cloud_client_get_type ())
G_DECLARE_FINAL_TYPE (HubCloudClient, hub_cloud_client, HUB, CLOUD_CLIENT, GObject)

/* @base_url: "https://…/" (or http://127.0.0.1:PORT/ — http is refused for
 * anything but 127.0.0.1, ::1 and localhost). A refused or invalid URL
 * still gives a client, but one that sends nothing: every call fails with
 * HUB_CLOUD_ERROR_TRANSPORT saying why (check first with
 * hub_cloud_client_validate_base_url to report it at startup). */
HubCloudClient *hub_cloud_client_new (const char *base_url, const char *client_id,
                                      HubTokenStore *tokens, HubTrustStore *trust);
/* FALSE with a HUB_CLOUD_ERROR_TRANSPORT error a person can read when the
 * client would refuse @base_url. */
gboolean hub_cloud_client_validate_base_url (const char *base_url, GError **error);
/* The normalised base URL (ends in '/'), NULL when it was refused. */
const char *hub_cloud_client_get_base_url (HubCloudClient *self);

gboolean hub_cloud_client_is_signed_in (HubCloudClient *self);

/* ---- sign-in ----
 * Starts the device flow (stopping one that runs); "sign-in-code", then
 * "signed-in" or "sign-in-failed" tell how it goes. */
void hub_cloud_client_start_sign_in (HubCloudClient *self);
void hub_cloud_client_cancel_sign_in (HubCloudClient *self);
/* Forgets the tokens (file deleted); emits "signed-out". A refresh that
 * fails with invalid_grant, or a second 401, also signs out. */
void hub_cloud_client_sign_out (HubCloudClient *self);

/* ---- cameras ---- every page, each record checked; a record that does not
 * parse is logged (with its CAMERA when the id is readable) and skipped,
 * never a camera. A page that fails fails the whole call (no partial list).
 * Result: GPtrArray of HubCamera (full ownership). */
void hub_cloud_client_list_cameras_async (HubCloudClient *self, GCancellable *cancellable,
                                          GAsyncReadyCallback callback, gpointer user_data);
GPtrArray *hub_cloud_client_list_cameras_finish (HubCloudClient *self, GAsyncResult *result,
                                                 GError **error);

/* ---- streams ---- (HubStreamInfo: hub-stream-info.h) */
/* openStream with a fresh nonce from randombytes_buf (a new one for every
 * attempt, so a retry never reuses one). */
void hub_cloud_client_open_stream_async (HubCloudClient *self, const char *camera_id,
                                         GCancellable *cancellable, GAsyncReadyCallback callback,
                                         gpointer user_data);
HubStreamInfo *hub_cloud_client_open_stream_finish (HubCloudClient *self, GAsyncResult *result,
                                                    GError **error);
/* extendStream: the result has the same nonce and camera, new tokens and
 * expiry, and rtsp_url with its auth= value swapped for the new token. */
void hub_cloud_client_extend_stream_async (HubCloudClient *self, const HubStreamInfo *stream,
                                           GCancellable *cancellable, GAsyncReadyCallback callback,
                                           gpointer user_data);
HubStreamInfo *hub_cloud_client_extend_stream_finish (HubCloudClient *self, GAsyncResult *result,
                                                      GError **error);
/* closeStream, best effort (one try, errors logged). */
void hub_cloud_client_close_stream (HubCloudClient *self, const HubStreamInfo *stream);
/* The same, for whoever wants to know when it is done. */
void hub_cloud_client_close_stream_async (HubCloudClient *self, const HubStreamInfo *stream,
                                          GCancellable *cancellable, GAsyncReadyCallback callback,
                                          gpointer user_data);
gboolean hub_cloud_client_close_stream_finish (HubCloudClient *self, GAsyncResult *result,
                                               GError **error);

G_END_DECLS
