/* hub-sim-session-encoder.h — the encoder of one session of a simulated
 * camera: the camera's pictures with that session's marker strip
 *
 * Copyright 2026 hubview developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <gst/app/app.h>

#include "hub-sim-camera-private.h"

G_BEGIN_DECLS

typedef struct _HubSimSessionEncoder HubSimSessionEncoder;

/* Starts an encoder for @session of @camera; each access unit it makes goes
 * to the camera's viewers of that session. */
HubSimSessionEncoder *hub_sim_session_encoder_new (HubSimCamera *camera, HubSimSession *session,
                                                   GError **error);
HubSimSession *hub_sim_session_encoder_get_session (HubSimSessionEncoder *self);
/* Paints @raw's marker strip for the session into a copy and encodes it.
 * Any thread; does not block. */
void hub_sim_session_encoder_push (HubSimSessionEncoder *self, GstBuffer *raw,
                                   const GstVideoInfo *info, guint index, guint counter);
/* Asks for a key frame soon (at most one per 250 ms). */
void hub_sim_session_encoder_request_key_frame (HubSimSessionEncoder *self, const char *why);
/* Stops and frees it: on the thread that runs the camera's main context. */
void hub_sim_session_encoder_free (HubSimSessionEncoder *self);

/* The encoder settings every encoder of @camera shares (the capture's too). */
void hub_sim_encoder_configure (HubSimCamera *camera, GstElement *x264enc, GstElement *h264parse,
                                GstElement *au_filter);
/* The wall-clock capture time of @sample, from its running time. */
gint64 hub_sim_sample_capture_time_us (GstAppSink *appsink, GstSample *sample);
/* @au with its capture time attached (a GstReferenceTimestampMeta, timestamp/x-unix). */
GstBuffer *hub_sim_au_with_capture_time (GstBuffer *au, gint64 capture_us);

G_END_DECLS
