/* hub-sim-fault-stage.h — the fault stage: a small private element after the
 * signer of a simulated camera's viewer, applying the stream faults
 *
 * Copyright 2026 hubview developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <gst/gst.h>

#include "hub-sim-faults.h"

G_BEGIN_DECLS

/* The faults with a rate that act on the signed stream, HUB_SIM_FAULT_CROSS_FEED …
 * HUB_SIM_FAULT_NAL_FLOOD. */
#define HUB_SIM_N_STREAM_FAULTS (HUB_SIM_FAULT_NAL_FLOOD + 1)

/* Cross-feed's source: the latest access unit of another running camera
 * than @not_index (NULL: none), with its @index, @device_id (newly
 * allocated) and Ed25519 @seed (32 bytes). */
typedef GstBuffer *(*HubSimForeignAuFunc) (guint not_index, guint *index, char **device_id,
                                           guint8 *seed);

/* wrong-session's source: a key unit of the camera @camera_index whose
 * pictures carry another session, and that session's @nonce. */
typedef GstBuffer *(*HubSimDecoyAuFunc) (guint camera_index, guint8 *nonce);

#define HUB_TYPE_SIM_FAULT_STAGE (hub_sim_fault_stage_get_type ())
G_DECLARE_FINAL_TYPE (HubSimFaultStage, hub_sim_fault_stage, HUB, SIM_FAULT_STAGE, GstElement)

/* For the viewer of session @nonce (16 bytes) of the camera @camera_index,
 * @device_id, @seed (32 bytes): applies each stream fault to a share
 * @rates[kind] of the signed access units. @take_foreign_au (may be NULL)
 * gives cross-feed another camera's picture, @take_decoy_au (may be NULL)
 * wrong-session a picture of another session. */
GstElement *hub_sim_fault_stage_new (guint camera_index, const char *device_id, const guint8 *seed,
                                     const guint8 *nonce,
                                     const double rates[HUB_SIM_N_STREAM_FAULTS],
                                     HubSimForeignAuFunc take_foreign_au,
                                     HubSimDecoyAuFunc take_decoy_au);

/* key-rotate: from @rotate_at_us (monotonic) on, the stage signs every unit
 * again with @rotated_seed (32 bytes), keeping its counter and capture time:
 * the camera's new key, in a session opened before it came. */
void hub_sim_fault_stage_set_rotation (HubSimFaultStage *self, gint64 rotate_at_us,
                                       const guint8 *rotated_seed);

G_END_DECLS
