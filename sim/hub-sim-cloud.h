/* hub-sim-cloud.h — the simulated camera cloud: cloud-api.md on a loopback port
 *
 * Copyright 2026 hubview developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Serves RFC 8628 sign-in, the camera list and stream leases with libsoup,
 * hands every lease's nonce and stream token to the camera, and injects the
 * cloud faults of its "faults" array (cloud-401 … cloud-slow, extend-fail,
 * offline) into the replies.
 */
#pragma once

#include <glib-object.h>

#include "hub-sim-camera.h"
#include "hub-sim-config.h"

G_BEGIN_DECLS

#define HUB_TYPE_SIM_CLOUD (hub_sim_cloud_get_type ())
G_DECLARE_FINAL_TYPE (HubSimCloud, hub_sim_cloud, HUB, SIM_CLOUD, GObject)

/* The settings of @config (not its cameras: see add_camera); @config's
 * faults are shared, not copied. */
HubSimCloud *hub_sim_cloud_new (const HubSimConfig *config);

/* Lists @camera_config in the cloud, with a device certificate signed by the
 * demo root, and opens its streams on @camera. */
gboolean hub_sim_cloud_add_camera (HubSimCloud *self, const HubSimCameraConfig *camera_config,
                                   HubSimCamera *camera, GError **error);

/* Listens on @address ("127.0.0.1:PORT", "[::1]:PORT" or "localhost:PORT";
 * port 0 picks a free one). Refuses any address but loopback. */
gboolean hub_sim_cloud_listen (HubSimCloud *self, const char *address, GError **error);

/* "http://127.0.0.1:PORT" once listening, else NULL. */
const char *hub_sim_cloud_get_uri (HubSimCloud *self);

G_END_DECLS
