/* hub-sim-media.h — the media of a simulated camera's viewer: its SDP states
 * the bandwidth (b=AS, b=RR, b=RS)
 *
 * Copyright 2026 hubview developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <gst/rtsp-server/rtsp-server.h>

G_BEGIN_DECLS

#define HUB_TYPE_SIM_MEDIA (hub_sim_media_get_type ())
G_DECLARE_FINAL_TYPE (HubSimMedia, hub_sim_media, HUB, SIM_MEDIA, GstRTSPMedia)

/* The stream's bitrate for the SDP (0, the default: no bandwidth lines); set
 * by the camera factory's configure, before the SDP is made. */
void hub_sim_media_set_bitrate_kbps (HubSimMedia *self, guint bitrate_kbps);

G_END_DECLS
