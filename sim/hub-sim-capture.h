/* hub-sim-capture.h — the capture of a simulated camera: a live source and
 * encoder shared by every viewer, with the marker strip drawn into each
 * picture (docs/marker-strip.md)
 *
 * Copyright 2026 hubview developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include "hub-sim-camera-private.h"

G_BEGIN_DECLS

/* Builds and starts @camera's capture; each encoded access unit goes to
 * every attached viewer. */
gboolean hub_sim_capture_start (HubSimCamera *camera, GError **error);
/* Stops it (nothing when it is not running). */
void hub_sim_capture_stop (HubSimCamera *camera);

/* The process-wide list of cameras that cross-feed takes from. */
void hub_sim_capture_register (HubSimCamera *camera);
void hub_sim_capture_unregister (HubSimCamera *camera);

/* Cross-feed's source (HubSimForeignAuFunc): the latest access unit of
 * another running camera than @not_index. */
GstBuffer *hub_sim_capture_take_foreign_au (guint not_index, guint *index, char **device_id,
                                            guint8 *seed);

G_END_DECLS
