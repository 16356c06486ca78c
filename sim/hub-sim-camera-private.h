/* hub-sim-camera-private.h — what the files of a simulated camera share: the
 * camera's fields, its sessions and tokens, and the helpers its factory,
 * capture and viewers call
 *
 * Copyright 2026 hubview developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <gst/gst.h>
#include <gst/rtsp-server/rtsp-server.h>
#include <gst/video/video.h>

#include "hub-frame-tag.h"
#include "hub-sim-camera.h"

G_BEGIN_DECLS

/* The camera's Ed25519 seed */
#define HUB_SIM_SEED_SIZE 32

GST_DEBUG_CATEGORY_EXTERN (hub_sim_camera_debug);

typedef struct
{
  guint8 nonce[HUB_NONCE_SIZE];
  char nonce_hex[2 * HUB_NONCE_SIZE + 1];
  guint64 next_counter; /* counter the next viewer of this session starts from */
  gint64 expires_at;    /* the latest expiry of its tokens */
  gboolean closed;      /* closeStream, expired, or lost in a camera restart */
} HubSimSession;

typedef struct _HubSimViewer HubSimViewer;

struct _HubSimCamera
{
  GObject parent_instance;

  guint index;
  char *device_id;
  char *name;
  guint8 seed[HUB_SIM_SEED_SIZE];
  GPtrArray *faults; /* borrowed */
  guint width;
  guint height;
  guint fps;
  char *mount_path;
  guint bitrate_kbps;
  guint8 decoy_nonce[HUB_NONCE_SIZE]; /* the session the capture's own pictures carry */

  /* Main thread. */
  GMainContext *context;
  GstRTSPServer *server;
  GstRTSPMediaFactory *factory; /* mounted on server at mount_path */
  gulong client_connected_id;
  GstElement *pipeline;
  guint bus_watch_id;
  guint expiry_source_id;
  guint kill_source_id;
  guint restart_source_id;
  GstVideoInfo video_info;
  guint64 frame_number; /* streaming thread of the capture */

  /* Under lock: shared with streaming and RTSP threads. */
  GMutex lock;
  gboolean running;
  GstBuffer *last_au;     /* of the capture's own encoder, for cross-feed */
  GstBuffer *last_key_au; /* its latest key unit, for wrong-session */
  GPtrArray *encoders;    /* HubSimSessionEncoder, one per session with a viewer */
  GstCaps *caps;          /* of the encoded stream */
  GHashTable *tokens;     /* token → Token */
  GHashTable *sessions;   /* nonce hex → HubSimSession */
  GPtrArray *viewers;     /* HubSimViewer, not owned */
  gint64 rotate_at_us;    /* key-rotate: monotonic time of the new key (0: none) */
  guint8 rotated_seed[HUB_SIM_SEED_SIZE];
};

/* hub-sim-camera-sessions.c */
void hub_sim_camera_sessions_init (HubSimCamera *self);
/* Ends the sessions whose tokens all expired (a GSourceFunc, every second). */
gboolean hub_sim_camera_expiry_check (gpointer user_data);
HubSimSession *hub_sim_session_ref (HubSimSession *session);
void hub_sim_session_unref (HubSimSession *session);

char *hub_sim_hex_encode (const guint8 *bytes, gsize len);
/* gst_element_factory_make, with a warning when the element is missing. */
GstElement *hub_sim_make_element (const char *factory, const char *name);
/* Drops a (possibly floating) element that was never added to a bin. */
void hub_sim_discard_element (GstElement **element);

/* The session that @url's token opens, or NULL with the status to refuse
 * with. Called locked. */
HubSimSession *hub_sim_camera_lookup_locked (HubSimCamera *self, const GstRTSPUrl *url,
                                             GstRTSPStatusCode *status);
/* The seed the camera signs with now (the rotated one once key-rotate
 * came); *@rotate_at_us: when a pending rotation comes, else 0. Called locked. */
void hub_sim_camera_current_seed_locked (HubSimCamera *self, guint8 *seed, gint64 *rotate_at_us);

/* The media factory of @camera (hub-sim-camera-factory.c), and the RTSP
 * client's request checks it relies on. */
GstRTSPMediaFactory *hub_sim_camera_factory_new (HubSimCamera *camera);
void hub_sim_camera_watch_client (HubSimCamera *self, GstRTSPClient *client);

G_END_DECLS
