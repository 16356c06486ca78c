/* hub-sim-hold-back.h — the hold-back fault's delay line
 *
 * Copyright 2026 hubview developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <gst/gst.h>

G_BEGIN_DECLS

/* A queue that sends every unit but the first @seconds after it came (a
 * relay holding the session back from its start); NULL if queue is missing. */
GstElement *hub_sim_hold_back_new (guint seconds);

G_END_DECLS
