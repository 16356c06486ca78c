/* hub-sim-camera.c — one simulated camera: its start, stop and kill, and
 * the public API
 *
 * Copyright 2026 hubview developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * A camera is made of:
 *
 *   its sessions (hub-sim-camera-sessions.c): the stream tokens the cloud
 *     handed out, each opening the session of its nonce;
 *   the capture (hub-sim-capture.c): a live source whose pictures are
 *     encoded once per watched session (hub-sim-session-encoder.c), with the
 *     marker strip (hub-sim-marker.c) drawn into each;
 *   the media factory (hub-sim-camera-factory.c): checks each RTSP request
 *     against the tokens and makes one media per viewer;
 *   the viewers (hub-sim-viewer.c): per viewer, a signer keyed by the
 *     session's nonce, the fault stage and the payloader.
 *
 * Faults (hub-sim-faults.h): offline refuses every stream, kill stops the
 * camera a seconds after hub_sim_camera_start and restarts it b seconds
 * later (once); a restart loses every session, as a rebooted camera would
 * (spec §5). key-rotate switches the camera to its second key a seconds
 * after it started. The stream and network faults act per viewer.
 */
#define G_LOG_DOMAIN "hub-sim-camera"

#include "hub-sim-camera-private.h"

#include <string.h>

#include <sodium.h>

#include "hub-elements.h"
#include "hub-sim-capture.h"
#include "hub-sim-viewer.h"

GST_DEBUG_CATEGORY (hub_sim_camera_debug);
#define GST_CAT_DEFAULT hub_sim_camera_debug

G_DEFINE_TYPE (HubSimCamera, hub_sim_camera, G_TYPE_OBJECT)

char *
hub_sim_hex_encode (const guint8 *bytes, gsize len)
{
  char *hex = g_malloc (2 * len + 1);

  sodium_bin2hex (hex, 2 * len + 1, bytes, len);
  return hex;
}

void
hub_sim_discard_element (GstElement **element)
{
  if (*element != NULL)
    {
      gst_object_ref_sink (*element);
      gst_clear_object (element);
    }
}

GstElement *
hub_sim_make_element (const char *factory, const char *name)
{
  GstElement *element = gst_element_factory_make (factory, name);

  if (element == NULL)
    g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_WARNING, "MESSAGE",
                      "GStreamer element %s is missing", factory);
  return element;
}

/* ---- start, stop, kill ---- */

static gboolean camera_start (HubSimCamera *self, GstRTSPServer *server, gboolean arm_kill,
                              GError **error);
static void camera_stop (HubSimCamera *self);

static gboolean
on_restart (gpointer user_data)
{
  HubSimCamera *self = user_data;
  g_autoptr (GError) error = NULL;

  self->restart_source_id = 0;
  g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_MESSAGE, "CAMERA", self->device_id, "MESSAGE",
                    "camera=%s fault=kill restarting", self->device_id);
  if (self->server != NULL && !camera_start (self, self->server, FALSE, &error))
    g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_WARNING, "CAMERA", self->device_id, "MESSAGE",
                      "camera=%s restart failed: %s", self->device_id, error->message);
  return G_SOURCE_REMOVE;
}

static gboolean
on_kill (gpointer user_data)
{
  HubSimCamera *self = user_data;
  const HubSimFault *kill = hub_sim_faults_find (self->faults, self->device_id, HUB_SIM_FAULT_KILL);
  gint64 down_s = kill ? kill->b : 0;

  self->kill_source_id = 0;
  g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_MESSAGE, "CAMERA", self->device_id, "MESSAGE",
                    "camera=%s fault=kill down for %" G_GINT64_FORMAT " s%s", self->device_id,
                    down_s, down_s > 0 ? "" : " (for good)");
  camera_stop (self);
  if (down_s > 0)
    {
      GSource *source = g_timeout_source_new_seconds ((guint)MIN (down_s, G_MAXUINT));

      g_source_set_callback (source, on_restart, self, NULL);
      self->restart_source_id = g_source_attach (source, self->context);
      g_source_unref (source);
    }
  return G_SOURCE_REMOVE;
}

static void
cancel_source (HubSimCamera *self, guint *id)
{
  if (*id != 0)
    {
      GSource *source = g_main_context_find_source_by_id (self->context, *id);

      if (source != NULL)
        g_source_destroy (source);
      *id = 0;
    }
}

static void
on_client_connected (GstRTSPServer *server, GstRTSPClient *client, gpointer user_data)
{
  hub_sim_camera_watch_client (user_data, client);
}

static gboolean
camera_mount (HubSimCamera *self, GstRTSPServer *server)
{
  g_autoptr (GstRTSPMountPoints) mounts = NULL;

  g_assert (HUB_IS_SIM_CAMERA (self));

  if (self->server == server && self->factory != NULL)
    return TRUE;

  mounts = gst_rtsp_server_get_mount_points (server);
  if (mounts == NULL)
    return FALSE;
  self->server = g_object_ref (server);
  self->factory = hub_sim_camera_factory_new (self);
  gst_rtsp_mount_points_add_factory (mounts, self->mount_path, g_object_ref (self->factory));
  self->client_connected_id = g_signal_connect_object (server, "client-connected",
                                                       G_CALLBACK (on_client_connected), self, 0);
  return TRUE;
}

static void
camera_unmount (HubSimCamera *self)
{
  g_autoptr (GstRTSPMountPoints) mounts = NULL;

  g_assert (HUB_IS_SIM_CAMERA (self));

  if (self->server == NULL)
    return;
  mounts = gst_rtsp_server_get_mount_points (self->server);
  if (mounts != NULL)
    gst_rtsp_mount_points_remove_factory (mounts, self->mount_path);
  g_clear_signal_handler (&self->client_connected_id, self->server);
  g_clear_object (&self->factory);
  g_clear_object (&self->server);
}

static gboolean
camera_start (HubSimCamera *self, GstRTSPServer *server, gboolean arm_kill, GError **error)
{
  const HubSimFault *kill;
  const HubSimFault *rotate;
  gboolean offline;

  g_assert (HUB_IS_SIM_CAMERA (self));

  if (hub_sim_camera_is_running (self))
    return TRUE;

  if (self->server != NULL && self->server != server)
    camera_unmount (self);
  if (self->context == NULL)
    self->context = g_main_context_ref_thread_default ();
  if (!camera_mount (self, server))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   "camera %s: the RTSP server has no mount points", self->device_id);
      return FALSE;
    }

  offline = hub_sim_faults_find (self->faults, self->device_id, HUB_SIM_FAULT_OFFLINE) != NULL;
  if (!offline && !hub_sim_capture_start (self, error))
    return FALSE;

  g_mutex_lock (&self->lock);
  self->running = !offline;
  g_mutex_unlock (&self->lock);

  if (self->expiry_source_id == 0)
    {
      GSource *source = g_timeout_source_new_seconds (1);

      g_source_set_callback (source, hub_sim_camera_expiry_check, self, NULL);
      self->expiry_source_id = g_source_attach (source, self->context);
      g_source_unref (source);
    }

  rotate = hub_sim_faults_find (self->faults, self->device_id, HUB_SIM_FAULT_KEY_ROTATE);
  g_mutex_lock (&self->lock);
  if (rotate != NULL && self->rotate_at_us == 0)
    self->rotate_at_us
        = g_get_monotonic_time () + CLAMP (rotate->a, 0, 24 * 3600) * G_USEC_PER_SEC + 1;
  g_mutex_unlock (&self->lock);

  kill = hub_sim_faults_find (self->faults, self->device_id, HUB_SIM_FAULT_KILL);
  if (arm_kill && kill != NULL && !offline)
    {
      GSource *source = g_timeout_source_new_seconds ((guint)CLAMP (kill->a, 0, G_MAXUINT));

      cancel_source (self, &self->kill_source_id);
      g_source_set_callback (source, on_kill, self, NULL);
      self->kill_source_id = g_source_attach (source, self->context);
      g_source_unref (source);
    }

  g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_MESSAGE, "CAMERA", self->device_id, "MESSAGE",
                    "camera=%s started at %s (%ux%u@%u%s)", self->device_id, self->mount_path,
                    self->width, self->height, self->fps, offline ? ", offline" : "");
  return TRUE;
}

/* Stops the capture and ends every viewer; the sessions are lost (a camera
 * that restarts refuses its old sessions). The mount stays: requests get 503. */
static void
camera_stop (HubSimCamera *self)
{
  GHashTableIter iter;
  gpointer value;
  gboolean was_running;

  g_assert (HUB_IS_SIM_CAMERA (self));

  g_mutex_lock (&self->lock);
  was_running = self->running;
  self->running = FALSE;
  g_hash_table_remove_all (self->tokens);
  g_hash_table_iter_init (&iter, self->sessions);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    ((HubSimSession *)value)->closed = TRUE;
  g_mutex_unlock (&self->lock);

  hub_sim_camera_disconnect_viewers (self, NULL);
  hub_sim_capture_stop (self);

  if (was_running)
    g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_MESSAGE, "CAMERA", self->device_id, "MESSAGE",
                      "camera=%s stopped", self->device_id);
}

/* ------------------------------------------------------------------------ */
/* Public API                                                               */

HubSimCamera *
hub_sim_camera_new (guint index, const char *device_id, const char *name, const guint8 *seed,
                    GPtrArray *faults, guint width, guint height, guint fps)
{
  HubSimCamera *self;

  g_return_val_if_fail (device_id != NULL && hub_device_id_is_valid (device_id, strlen (device_id)),
                        NULL);
  g_return_val_if_fail (seed != NULL, NULL);
  g_return_val_if_fail (width >= 16 && height >= 16 && fps > 0, NULL);

  self = g_object_new (HUB_TYPE_SIM_CAMERA, NULL);
  self->index = index;
  self->device_id = g_strdup (device_id);
  self->name = g_strdup (name ? name : device_id);
  memcpy (self->seed, seed, HUB_SIM_SEED_SIZE);
  {
    /* key-rotate's new key: SHA-256("hubview-sim rotated key" ‖ seed) */
    static const char label[] = "hubview-sim rotated key";
    crypto_hash_sha256_state state;

    crypto_hash_sha256_init (&state);
    crypto_hash_sha256_update (&state, (const guint8 *)label, sizeof label - 1);
    crypto_hash_sha256_update (&state, seed, HUB_SIM_SEED_SIZE);
    crypto_hash_sha256_final (&state, self->rotated_seed);
  }
  self->faults = faults;
  self->width = width & ~1u;
  self->height = height & ~1u;
  self->fps = fps;
  self->mount_path = g_strdup_printf ("/cameras/%s", device_id);
  /* About 0.07 bit per pixel: 2 Mbit/s at 720p30. */
  self->bitrate_kbps
      = (guint)CLAMP ((guint64)self->width * self->height * self->fps / 14000, 128, 8000);
  hub_sim_capture_register (self);
  return self;
}

const char *
hub_sim_camera_get_device_id (HubSimCamera *self)
{
  g_return_val_if_fail (HUB_IS_SIM_CAMERA (self), NULL);

  return self->device_id;
}

guint
hub_sim_camera_get_index (HubSimCamera *self)
{
  g_return_val_if_fail (HUB_IS_SIM_CAMERA (self), 0);

  return self->index;
}

gboolean
hub_sim_camera_start (HubSimCamera *self, GstRTSPServer *server, GError **error)
{
  g_return_val_if_fail (HUB_IS_SIM_CAMERA (self), FALSE);
  g_return_val_if_fail (GST_IS_RTSP_SERVER (server), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->context != NULL)
    cancel_source (self, &self->restart_source_id);
  return camera_start (self, server, TRUE, error);
}

void
hub_sim_camera_stop (HubSimCamera *self)
{
  g_return_if_fail (HUB_IS_SIM_CAMERA (self));

  if (self->context != NULL)
    {
      cancel_source (self, &self->kill_source_id);
      cancel_source (self, &self->restart_source_id);
    }
  camera_stop (self);
}

gboolean
hub_sim_camera_is_running (HubSimCamera *self)
{
  gboolean running;

  g_return_val_if_fail (HUB_IS_SIM_CAMERA (self), FALSE);

  g_mutex_lock (&self->lock);
  running = self->running;
  g_mutex_unlock (&self->lock);
  return running;
}

void
hub_sim_camera_current_seed_locked (HubSimCamera *self, guint8 *seed, gint64 *rotate_at_us)
{
  gboolean rotated = self->rotate_at_us != 0 && g_get_monotonic_time () >= self->rotate_at_us;

  memcpy (seed, rotated ? self->rotated_seed : self->seed, HUB_SIM_SEED_SIZE);
  *rotate_at_us = rotated ? 0 : self->rotate_at_us;
}

gboolean
hub_sim_camera_get_rotated_seed (HubSimCamera *self, guint8 *rotated_seed)
{
  gboolean rotated;

  g_return_val_if_fail (HUB_IS_SIM_CAMERA (self), FALSE);
  g_return_val_if_fail (rotated_seed != NULL, FALSE);

  g_mutex_lock (&self->lock);
  rotated = self->rotate_at_us != 0 && g_get_monotonic_time () >= self->rotate_at_us;
  if (rotated)
    memcpy (rotated_seed, self->rotated_seed, HUB_SIM_SEED_SIZE);
  g_mutex_unlock (&self->lock);
  return rotated;
}

char *
hub_sim_camera_build_url (HubSimCamera *self, const char *host, guint port,
                          const char *stream_token)
{
  g_autofree char *escaped = NULL;
  gboolean ipv6;

  g_return_val_if_fail (HUB_IS_SIM_CAMERA (self), NULL);
  g_return_val_if_fail (host != NULL, NULL);
  g_return_val_if_fail (stream_token != NULL, NULL);

  escaped = g_uri_escape_string (stream_token, NULL, FALSE);
  ipv6 = strchr (host, ':') != NULL && host[0] != '[';
  return g_strdup_printf ("rtsp://%s%s%s:%u%s?auth=%s", ipv6 ? "[" : "", host, ipv6 ? "]" : "",
                          port, self->mount_path, escaped);
}

/* ------------------------------------------------------------------------ */
/* GObject                                                                  */

static void
hub_sim_camera_dispose (GObject *object)
{
  HubSimCamera *self = HUB_SIM_CAMERA (object);

  hub_sim_capture_unregister (self);
  if (self->context != NULL)
    {
      cancel_source (self, &self->kill_source_id);
      cancel_source (self, &self->restart_source_id);
      cancel_source (self, &self->expiry_source_id);
    }
  camera_stop (self);
  camera_unmount (self);

  G_OBJECT_CLASS (hub_sim_camera_parent_class)->dispose (object);
}

static void
hub_sim_camera_finalize (GObject *object)
{
  HubSimCamera *self = HUB_SIM_CAMERA (object);

  g_clear_pointer (&self->tokens, g_hash_table_unref);
  g_clear_pointer (&self->sessions, g_hash_table_unref);
  g_clear_pointer (&self->viewers, g_ptr_array_unref);
  gst_clear_buffer (&self->last_au);
  gst_clear_buffer (&self->last_key_au);
  g_clear_pointer (&self->encoders, g_ptr_array_unref);
  gst_clear_caps (&self->caps);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_pointer (&self->device_id, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->mount_path, g_free);
  sodium_memzero (self->seed, sizeof self->seed);
  sodium_memzero (self->rotated_seed, sizeof self->rotated_seed);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (hub_sim_camera_parent_class)->finalize (object);
}

static void
hub_sim_camera_class_init (HubSimCameraClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = hub_sim_camera_dispose;
  object_class->finalize = hub_sim_camera_finalize;

  GST_DEBUG_CATEGORY_INIT (hub_sim_camera_debug, "hubsimcamera", 0, "hubview-sim camera");
  hub_elements_register ();
  if (sodium_init () < 0)
    g_error ("libsodium cannot be initialised");
}

static void
hub_sim_camera_init (HubSimCamera *self)
{
  g_mutex_init (&self->lock);
  hub_sim_camera_sessions_init (self);
  self->viewers = g_ptr_array_new ();
  self->encoders = g_ptr_array_new ();
  randombytes_buf (self->decoy_nonce, sizeof self->decoy_nonce);
}
