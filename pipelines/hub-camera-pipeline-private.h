/* hub-camera-pipeline-private.h — what the parts of HubCameraPipeline share
 *
 * Copyright 2026 hubview developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include "hub-camera-pipeline.h"

G_BEGIN_DECLS

struct _HubCameraPipeline
{
  GObject parent_instance;

  char *device_id;
  guint8 public_key[HUB_PUBLIC_KEY_SIZE];
  guint8 nonce[HUB_NONCE_SIZE];
  char *url;
  guint latency_ms;

  GstElement *pipeline;
  GstElement *src; /* this connection's rtspsrc, or NULL */
  GstElement *depay;
  GstElement *gate;
  GstElement *sink;
  char *decoder_name;
  guint bus_watch;
  guint tick_id;
  guint retry_id;

  HubCameraState state;
  char *reason;
  guint delay_ms;
  guint64 counts[HUB_N_VERDICTS];
  gint64 started_us;
  gint64 connect_started_us;
  gint64 first_frame_ms;
  guint reconnects;
  guint attempt;
  guint silent_connects; /* connections in a row that brought no data */
  gboolean keyframe_requests_work;
  HubVerdict last_drop;
  gint64 last_drop_us;
  gint64 replay_since_us; /* replays and nothing passing since then, 0 otherwise */
  double fps;
  guint64 fps_frames;
  gint64 fps_since_us;

  /* written by streaming threads */
  GMutex lock;
  gboolean data_seen;
  gint64 last_data_us;
  guint64 frames_shown;
  gint64 last_frame_us;
  gint64 age_us;         /* hub wall clock − capture time of the newest frame */
  gint64 first_frame_us; /* when the first verified frame reached the sink */
  gboolean have_age;
  gboolean frame_delayed; /* the newest frame is older than the latency allows */
};

/* hub-camera-pipeline-build.c: the elements, linked and configured (no
 * probes, no bus watch); FALSE, with a warning, when one is missing */
gboolean hub_camera_pipeline_build (HubCameraPipeline *self);
/* counts @object in hub_camera_pipeline_count_alive() until it is finalized */
void hub_camera_pipeline_count_object (GObject *object);

G_END_DECLS
