/* hub-rtsp-source.h — the rtspsrc of one camera connection, and how it is closed
 *
 * Copyright 2026 hubview developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <gst/gst.h>

G_BEGIN_DECLS

/* A new rtspsrc for @url whose video pad, once exposed, is linked to the
 * sink pad of @depay; NULL when the element is missing. */
GstElement *hub_rtsp_source_new (const char *url, guint latency_ms, GstElement *depay);
/* Takes @src (a child of @bin) out of @bin at once, unlinked, and closes it
 * on a worker thread; the caller's pointer to it is no longer valid. */
void hub_rtsp_source_retire (GstBin *bin, GstElement *src);
/* How many retired sources are still being closed. */
guint hub_rtsp_source_count_closing (void);

G_END_DECLS
