/* hub-cloud-streams-private.h — openStream, extendStream, closeStream over HubCloudAuth
 *
 * Copyright 2026 hubview developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Calls only down (HubCloudAuth, HubCloudRequest). Each call takes @task
 * (whose task data it uses) and returns its result in it; a camera ID that
 * is not one fails it with HUB_CLOUD_ERROR_INVALID_ARGUMENT.
 */
#pragma once

#include "hub-cloud-auth-private.h"
#include "hub-stream-info.h"

G_BEGIN_DECLS

/* openStream with a fresh nonce for every attempt; result: HubStreamInfo. */
void hub_cloud_streams_open (HubCloudAuth *auth, const char *camera_id, GTask *task);
/* extendStream; result: HubStreamInfo (same nonce and camera, new tokens,
 * expiry and auth= in the URL). */
void hub_cloud_streams_extend (HubCloudAuth *auth, const HubStreamInfo *stream, GTask *task);
/* closeStream, one try (errors logged); result: boolean. */
void hub_cloud_streams_close (HubCloudAuth *auth, const HubStreamInfo *stream, GTask *task);

/* ---- parsers, apart for the unit tests ---- */
/* openStream (@url_required) or extendStream reply → info (nonce not set). */
HubStreamInfo *hub_stream_info_parse (JsonObject *reply, const char *camera_id,
                                      gboolean url_required, GError **error);
/* @url with the value of its auth= query parameter set to @token. */
char *hub_stream_url_with_token (const char *url, const char *token);

G_END_DECLS
