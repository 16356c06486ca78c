/* hub-sim-viewer.h — one viewer of a simulated camera: the media that
 * gst-rtsp-server made for one RTSP client, signing for its session
 *
 * Copyright 2026 hubview developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include "hub-sim-camera-private.h"

G_BEGIN_DECLS

struct _HubSimViewer
{
  GWeakRef camera;
  HubSimSession *session; /* owned */
  GstElement *appsrc;     /* owned */
  GstElement *signer;     /* owned */
  GWeakRef media;         /* GstRTSPMedia, set in configure */
  GWeakRef client;
  /* under the camera's lock */
  gboolean attached;   /* in camera->viewers */
  gboolean configured; /* its media exists (the factory configured it) */
  gboolean prepared;   /* its media prepared (the DESCRIBE was answered) */
  gboolean caps_set;
  gboolean waiting_idr;
  gboolean ended;
  guint bitrate_kbps;
  guint64 units_fed;     /* param-change: counts the units fed */
  gboolean param_change; /* the camera has the param-change fault */
};

/* The bin of the media for a request of @url (the factory's
 * create_element): a viewer of the session that @url's token opens, or a
 * stand-in whose preparation fails when the request comes too late. */
GstElement *hub_sim_viewer_bin_new (HubSimCamera *camera, const GstRTSPUrl *url);
/* The viewer of a bin made by hub_sim_viewer_bin_new (NULL for a stand-in). */
HubSimViewer *hub_sim_viewer_from_element (GstElement *element);
/* The factory configured @viewer's @media. */
void hub_sim_viewer_configure_media (HubSimViewer *viewer, GstRTSPMedia *media);
/* Fails the preparation of the media whose source is @appsrc (see the .c). */
void hub_sim_viewer_fail_preparation (GstElement *appsrc, const char *device_id,
                                      const char *nonce_hex);

/* Hands one encoded access unit to @viewer. Called under @camera's lock,
 * from the capture's streaming thread. */
void hub_sim_viewer_feed_locked (HubSimCamera *camera, HubSimViewer *viewer, GstBuffer *au,
                                 GstCaps *caps);

/* Ends the stream of every viewer of @session (all viewers when NULL). */
void hub_sim_camera_disconnect_viewers (HubSimCamera *self, HubSimSession *session);

G_END_DECLS
