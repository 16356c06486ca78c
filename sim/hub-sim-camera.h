/* hub-sim-camera.h — one simulated camera: a live capture and encoder shared
 * by every viewer, served through gst-rtsp-server with a per-viewer signing
 * element keyed by the stream token in the URL. */
#pragma once

#include <gst/rtsp-server/rtsp-server.h>

#include "hub-sim-faults.h"

G_BEGIN_DECLS

#define HUB_TYPE_SIM_CAMERA (hub_sim_camera_get_type ())
G_DECLARE_FINAL_TYPE (HubSimCamera, hub_sim_camera, HUB, SIM_CAMERA, GObject)

/* @index: 0-based, drawn into the marker strip; @seed: Ed25519 seed (32
 * bytes) of the device key; @faults: GPtrArray of HubSimFault (borrowed,
 * must outlive the camera); @width/@height/@fps: capture format. */
HubSimCamera *hub_sim_camera_new (guint index, const char *device_id, const char *name,
                                  const guint8 *seed, GPtrArray *faults, guint width,
                                  guint height, guint fps);

const char *hub_sim_camera_get_device_id (HubSimCamera *self);
guint hub_sim_camera_get_index (HubSimCamera *self);

/* Mounts the camera at /cameras/<device_id> on @server and starts its
 * capture and encoder (which run whether or not anyone watches). */
gboolean hub_sim_camera_start (HubSimCamera *self, GstRTSPServer *server, GError **error);
void hub_sim_camera_stop (HubSimCamera *self);
gboolean hub_sim_camera_is_running (HubSimCamera *self);

/* The cloud opened (or extended) a stream: @stream_token becomes valid for
 * connections until @expires_at (GLib real time, µs) and maps to the session
 * @nonce (16 bytes). Several tokens may map to one nonce (extensions): the
 * session, and its frame counter, belong to the nonce. */
void hub_sim_camera_allow_stream (HubSimCamera *self, const char *stream_token,
                                  const guint8 *nonce, gint64 expires_at);
/* The stream was closed: its tokens stop working and live viewers of that
 * session are disconnected. */
void hub_sim_camera_close_session (HubSimCamera *self, const guint8 *nonce);

/* key-rotate: TRUE once the camera signs with its new key, which
 * @rotated_seed (32 bytes) receives; the cloud lists its new certificate. */
gboolean hub_sim_camera_get_rotated_seed (HubSimCamera *self, guint8 *rotated_seed);

/* rtsp://HOST:PORT/cameras/<device_id>?auth=<stream_token> */
char *hub_sim_camera_build_url (HubSimCamera *self, const char *host, guint port,
                                const char *stream_token);

G_END_DECLS
