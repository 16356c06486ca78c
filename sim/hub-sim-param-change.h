/* hub-sim-param-change.h — the param-change fault: a camera that switches to
 * other parameter sets mid-session
 *
 * Copyright 2026 hubview developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <gst/gst.h>

G_BEGIN_DECLS

typedef enum
{
  HUB_SIM_PARAMS_FIRST = 0,      /* as encoded */
  HUB_SIM_PARAMS_SECOND_PPS = 1, /* a second PPS */
  HUB_SIM_PARAMS_SECOND_SPS = 2, /* the second PPS and a second SPS of the same size */
} HubSimParams;

/* @au (an encoded Annex-B access unit) with its SPS and PPS rewritten for
 * @params, or NULL when it carries none (or @params is the first).
 *
 * The second PPS differs from the encoder's in pic_init_qs_minus26, which
 * only SP and SI slices use; the second SPS in level_idc, one byte, so it
 * keeps its size. Both describe the same pictures: the encoded slices stay
 * valid, and the camera signs the changed units like any other. */
GstBuffer *hub_sim_params_rewrite (GstBuffer *au, HubSimParams params);

G_END_DECLS
