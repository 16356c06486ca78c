/* hub-sim-capture.h — the capture of a simulated camera: a live source whose
 * pictures are encoded once per watched session, with the marker strip drawn
 * into each (docs/marker-strip.md)
 *
 * Copyright 2026 hubview developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include "hub-sim-camera-private.h"

G_BEGIN_DECLS

/* Builds and starts @camera's capture. */
gboolean hub_sim_capture_start (HubSimCamera *camera, GError **error);
/* Stops it and every session encoder (nothing when it is not running). */
void hub_sim_capture_stop (HubSimCamera *camera);

/* The process-wide list of cameras that cross-feed takes from. */
void hub_sim_capture_register (HubSimCamera *camera);
void hub_sim_capture_unregister (HubSimCamera *camera);

/* Cross-feed's source (HubSimForeignAuFunc): the latest access unit of
 * another running camera than @not_index. */
GstBuffer *hub_sim_capture_take_foreign_au (guint not_index, guint *index, char **device_id,
                                            guint8 *seed);

/* The encoder of @session starts with its first viewer (already attached
 * to the camera) and stops after its last one left. Called locked. */
gboolean hub_sim_capture_attach_session_locked (HubSimCamera *camera, HubSimSession *session,
                                                GError **error);
void hub_sim_capture_detach_session_locked (HubSimCamera *camera, HubSimSession *session);
/* Asks the encoder of @session for a key frame (at most one per 250 ms). */
void hub_sim_capture_request_key_frame (HubSimCamera *camera, HubSimSession *session,
                                        const char *why);

/* wrong-session's source (HubSimDecoyAuFunc): the latest key unit of the
 * capture of the camera @camera_index, whose pictures carry its decoy
 * session, and that session's @nonce (HUB_NONCE_SIZE bytes). */
GstBuffer *hub_sim_capture_take_decoy_au (guint camera_index, guint8 *nonce);

G_END_DECLS
