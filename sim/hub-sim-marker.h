/* hub-sim-marker.h — the marker strip drawn into every picture of a simulated
 * camera (docs/marker-strip.md)
 *
 * Copyright 2026 hubview developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <gst/video/video.h>

#include "hub-frame-tag.h"

G_BEGIN_DECLS

/* Paints the strip into the top of @frame (I420): camera @index, frame
 * @counter (modulo 1024) and the session of @nonce (HUB_NONCE_SIZE bytes). */
void hub_sim_marker_paint (GstVideoFrame *frame, guint index, guint counter, const guint8 *nonce);

/* The height of the strip's two rows together, in lines of a @height-line picture. */
guint hub_sim_marker_height (guint height);

G_END_DECLS
