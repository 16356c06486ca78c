/* hub-sim-pay-bin.h — pay0: the payloader of a simulated camera's viewer as
 * gst-rtsp-server sees it (rtph264pay ! [netsim] ! capsfilter)
 *
 * Copyright 2026 hubview developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <gst/gst.h>

#include "hub-sim-faults.h"

G_BEGIN_DECLS

/* The RTP payload type of the cameras' H.264 (the "pt" property's default). */
#define HUB_SIM_RTP_PAYLOAD_TYPE 96

#define HUB_TYPE_SIM_PAY_BIN (hub_sim_pay_bin_get_type ())
G_DECLARE_FINAL_TYPE (HubSimPayBin, hub_sim_pay_bin, HUB, SIM_PAY_BIN, GstBin)

/* Takes @pay, @netsim (may be NULL) and @capsfilter; NULL if they do not link. */
GstElement *hub_sim_pay_bin_new (GstElement *pay, GstElement *netsim, GstElement *capsfilter);

/* netsim configured from the network faults (drop, delay, duplicate,
 * reorder) of @device_id in @faults, or NULL if it has none. */
GstElement *hub_sim_netsim_new (GPtrArray *faults, const char *device_id);

G_END_DECLS
