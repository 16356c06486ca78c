/* hub-sim-viewer.c — the viewers of a simulated camera
 *
 * Copyright 2026 hubview developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * One GstRTSPMedia per RTSP client, built by the factory:
 *
 *   appsrc ! hubsignframes ! [fault stage] ! pay0 (bin: rtph264pay ! [netsim] ! capsfilter)
 *
 * The capture hands each encoded access unit to every viewer's appsrc. The
 * viewer's signer carries the nonce of its session and starts from the
 * session's counter. A key-frame request of any viewer (RTCP PLI/FIR arrives
 * as an upstream GstForceKeyUnit event) makes the shared encoder emit an IDR
 * soon. The stream faults are applied after signing by the fault stage
 * (hub-sim-fault-stage.c), the network faults by netsim after the payloader.
 */
#define G_LOG_DOMAIN "hub-sim-camera"

#include "hub-sim-viewer.h"

#include <string.h>

#include <gst/app/app.h>
#include <sodium.h>

#include "hub-sim-capture.h"
#include "hub-sim-fault-stage.h"
#include "hub-sim-hold-back.h"
#include "hub-sim-media.h"
#include "hub-sim-param-change.h"
#include "hub-sim-pay-bin.h"

#define GST_CAT_DEFAULT hub_sim_camera_debug

#define DISCONNECT_GRACE_MS 300
/* A viewer whose queue holds more than this many seconds of video is behind:
 * it skips to the next key frame rather than sending a stale picture. */
#define VIEWER_MAX_QUEUE_S 1

/* ---- viewers ---- */

static void
viewer_free (HubSimViewer *viewer)
{
  g_weak_ref_clear (&viewer->camera);
  g_weak_ref_clear (&viewer->client);
  g_weak_ref_clear (&viewer->media);
  g_clear_pointer (&viewer->session, hub_sim_session_unref);
  gst_clear_object (&viewer->appsrc);
  gst_clear_object (&viewer->signer);
  g_free (viewer);
}

/* The counter the next connection of @session starts from. Called locked. */
static guint64
session_next_counter_locked (HubSimCamera *self, HubSimSession *session)
{
  guint64 next = session->next_counter;

  for (guint i = 0; i < self->viewers->len; i++)
    {
      HubSimViewer *viewer = g_ptr_array_index (self->viewers, i);
      guint64 counter = 0;

      if (viewer->session != session)
        continue;
      g_object_get (viewer->signer, "counter", &counter, NULL);
      next = MAX (next, counter);
    }
  return next;
}

/* Stops feeding @viewer and keeps its session's counter. Called locked. */
static void
camera_detach_viewer_locked (HubSimCamera *self, HubSimViewer *viewer)
{
  guint64 counter = 0;

  if (!viewer->attached)
    return;
  viewer->attached = FALSE;
  g_ptr_array_remove (self->viewers, viewer);
  hub_sim_capture_detach_session_locked (self, viewer->session);
  g_object_get (viewer->signer, "counter", &counter, NULL);
  viewer->session->next_counter = MAX (viewer->session->next_counter, counter);
  g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_INFO, "CAMERA", self->device_id, "MESSAGE",
                    "camera=%s viewer left session=%.8s counter=%" G_GUINT64_FORMAT " viewers=%u",
                    self->device_id, viewer->session->nonce_hex, counter, self->viewers->len);
}

static void
viewer_detach (HubSimViewer *viewer)
{
  g_autoptr (HubSimCamera) camera = g_weak_ref_get (&viewer->camera);

  if (camera == NULL)
    return;
  g_mutex_lock (&camera->lock);
  camera_detach_viewer_locked (camera, viewer);
  g_mutex_unlock (&camera->lock);
}

static void
on_viewer_bin_finalized (gpointer data, GObject *where_the_object_was)
{
  HubSimViewer *viewer = data;

  viewer_detach (viewer);
  viewer_free (viewer);
}

static void
on_media_unprepared (GstRTSPMedia *media, gpointer user_data)
{
  viewer_detach (user_data);
}

/* A viewer ended (its session closed, or the camera stopped) while its
 * media was being prepared, that is while the client's DESCRIBE waited for
 * the first packet to reach the payloader: that packet will never come
 * (the appsrc ends and gets nothing more), and gst-rtsp-server would wait
 * 20 s for it on the thread that serves every RTSP client. An error makes
 * the preparation fail at once (the DESCRIBE is answered 503). Posted from
 * the appsrc, which is in the media's pipeline by then: the message waits on
 * the pipeline's bus until the media watches it. */
void
hub_sim_viewer_fail_preparation (GstElement *appsrc, const char *device_id, const char *nonce_hex)
{
  GError *error = g_error_new (GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_NOT_AUTHORIZED,
                               "the stream ended before it was set up");
  g_autofree char *debug = g_strdup_printf ("camera=%s session=%.8s", device_id, nonce_hex);

  g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_INFO, "CAMERA", device_id, "MESSAGE",
                    "camera=%s session=%.8s ended while a viewer's stream was being set up: "
                    "its preparation fails",
                    device_id, nonce_hex);
  gst_element_post_message (appsrc, gst_message_new_error (GST_OBJECT (appsrc), error, debug));
  g_error_free (error);
}

static void
on_media_prepared (GstRTSPMedia *media, gpointer user_data)
{
  HubSimViewer *viewer = user_data;
  g_autoptr (HubSimCamera) camera = g_weak_ref_get (&viewer->camera);

  if (camera == NULL)
    return;
  g_mutex_lock (&camera->lock);
  viewer->prepared = TRUE;
  g_mutex_unlock (&camera->lock);
}

/* The viewer's appsrc timestamps it when it sends it on
 * (do-timestamp), in the running time of the viewer's pipeline, whatever
 * state changes that pipeline went through meanwhile. */
void
hub_sim_viewer_feed_locked (HubSimCamera *self, HubSimViewer *viewer, GstBuffer *au, GstCaps *caps)
{
  gboolean key = !GST_BUFFER_FLAG_IS_SET (au, GST_BUFFER_FLAG_DELTA_UNIT);
  GstBuffer *buf;

  if (viewer->ended || (viewer->waiting_idr && !key))
    return;

  /* Behind (not playing yet, or not keeping up): rather than a stale
   * picture, the next key frame. */
  if (gst_app_src_get_current_level_buffers (GST_APP_SRC (viewer->appsrc))
      > VIEWER_MAX_QUEUE_S * self->fps)
    {
      if (!viewer->waiting_idr)
        GST_INFO ("camera=%s viewer behind: skipping to the next key frame", self->device_id);
      viewer->waiting_idr = TRUE;
      return;
    }

  if (!viewer->caps_set)
    {
      gst_app_src_set_caps (GST_APP_SRC (viewer->appsrc), caps);
      viewer->caps_set = TRUE;
    }

  buf = NULL;
  if (viewer->param_change)
    {
      guint64 fed = viewer->units_fed++;
      HubSimParams params = fed >= 4 * self->fps   ? HUB_SIM_PARAMS_SECOND_SPS
                            : fed >= 2 * self->fps ? HUB_SIM_PARAMS_SECOND_PPS
                                                   : HUB_SIM_PARAMS_FIRST;

      buf = hub_sim_params_rewrite (au, params);
    }
  if (buf == NULL)
    buf = gst_buffer_copy (au);
  GST_BUFFER_PTS (buf) = GST_BUFFER_DTS (buf) = GST_CLOCK_TIME_NONE;
  GST_BUFFER_DURATION (buf) = gst_util_uint64_scale_int (GST_SECOND, 1, self->fps);
  gst_app_src_push_buffer (GST_APP_SRC (viewer->appsrc), buf);
  if (key)
    viewer->waiting_idr = FALSE;
}

/* Where a viewer's key-frame requests go: the encoder of its session. */
typedef struct
{
  GWeakRef camera;
  HubSimSession *session; /* owned */
} KeyRequests;

static GstPadProbeReturn
on_viewer_upstream_event (GstPad *pad, GstPadProbeInfo *info, gpointer user_data)
{
  GstEvent *event = GST_PAD_PROBE_INFO_EVENT (info);
  KeyRequests *requests = user_data;
  g_autoptr (HubSimCamera) camera = NULL;

  if (!gst_video_event_is_force_key_unit (event))
    return GST_PAD_PROBE_OK;
  camera = g_weak_ref_get (&requests->camera);
  if (camera != NULL)
    hub_sim_capture_request_key_frame (camera, requests->session, "viewer");
  return GST_PAD_PROBE_DROP;
}

static KeyRequests *
key_requests_new (HubSimCamera *camera, HubSimSession *session)
{
  KeyRequests *requests = g_new0 (KeyRequests, 1);

  g_weak_ref_init (&requests->camera, camera);
  requests->session = hub_sim_session_ref (session);
  return requests;
}

static void
key_requests_free (KeyRequests *requests)
{
  g_weak_ref_clear (&requests->camera);
  hub_sim_session_unref (requests->session);
  g_free (requests);
}

/* hold-back: the delay line, or NULL without the fault. */
static GstElement *
viewer_make_hold_back (HubSimCamera *self)
{
  const HubSimFault *fault
      = hub_sim_faults_find (self->faults, self->device_id, HUB_SIM_FAULT_HOLD_BACK);

  if (fault == NULL || fault->a <= 0)
    return NULL;
  return hub_sim_hold_back_new ((guint)MIN (fault->a, 3600));
}

/* A request whose session ended between its check (pre-describe) and the
 * making of its media: a stand-in bin whose preparation fails at configure
 * (see hub_sim_camera_factory_configure), so the request is refused like
 * any other that comes too late. Returning no element there would make
 * gst-rtsp-server log a critical ("could not create element"). */
static GstElement *
camera_refusal_bin (HubSimCamera *self, const char *nonce_hex)
{
  GstElement *bin = gst_bin_new (NULL);
  GstElement *appsrc = hub_sim_make_element ("appsrc", "src");
  GstElement *pay = hub_sim_make_element ("rtph264pay", "pay0");
  g_autoptr (GstCaps) caps
      = gst_caps_from_string ("video/x-h264, stream-format=byte-stream, alignment=au");

  g_assert (HUB_IS_SIM_CAMERA (self));

  if (appsrc == NULL || pay == NULL)
    {
      hub_sim_discard_element (&appsrc);
      hub_sim_discard_element (&pay);
      hub_sim_discard_element (&bin);
      return NULL;
    }
  g_object_set (appsrc, "is-live", TRUE, "format", GST_FORMAT_TIME, "caps", caps, NULL);
  gst_bin_add_many (GST_BIN (bin), appsrc, pay, NULL);
  gst_element_link (appsrc, pay);
  g_object_set_data_full (G_OBJECT (bin), "hub-sim-refused",
                          g_strdup (nonce_hex ? nonce_hex : "none"), g_free);
  return bin;
}

GstElement *
hub_sim_viewer_bin_new (HubSimCamera *self, const GstRTSPUrl *url)
{
  GstRTSPContext *ctx = gst_rtsp_context_get_current ();
  GstRTSPStatusCode status = GST_RTSP_STS_OK;
  g_autoptr (GstCaps) pay_caps = NULL;
  g_autoptr (GstCaps) src_caps = NULL;
  g_autofree char *seed_hex = NULL;
  GstElement *bin, *appsrc, *signer, *stage = NULL, *hold_back, *pay, *netsim, *capsfilter,
                                     *pay_bin;
  GstElement *chain[5];
  guint n_chain = 0;
  gboolean linked;
  gboolean has_netsim;
  double rates[HUB_SIM_N_STREAM_FAULTS] = { 0 };
  gboolean any_fault = FALSE;
  g_autoptr (GError) error = NULL;
  guint8 seed[HUB_SIM_SEED_SIZE];
  gint64 rotate_at_us = 0;
  g_autoptr (GstPad) src_pad = NULL;
  HubSimSession *session;
  guint64 counter;
  HubSimViewer *viewer;

  g_assert (HUB_IS_SIM_CAMERA (self));

  g_mutex_lock (&self->lock);
  session = hub_sim_camera_lookup_locked (self, url, &status);
  if (session == NULL)
    {
      g_mutex_unlock (&self->lock);
      return camera_refusal_bin (self, NULL);
    }
  session = hub_sim_session_ref (session);
  counter = session_next_counter_locked (self, session);
  hub_sim_camera_current_seed_locked (self, seed, &rotate_at_us);
  src_caps = self->caps ? gst_caps_ref (self->caps)
                        : gst_caps_from_string ("video/x-h264, stream-format=byte-stream, "
                                                "alignment=au");
  g_mutex_unlock (&self->lock);

  for (int kind = 0; kind < HUB_SIM_N_STREAM_FAULTS; kind++)
    {
      const HubSimFault *fault = hub_sim_faults_find (self->faults, self->device_id, kind);

      rates[kind] = fault ? CLAMP (fault->rate, 0.0, 1.0) : 0.0;
      any_fault |= rates[kind] > 0;
    }

  bin = gst_bin_new (NULL);
  appsrc = hub_sim_make_element ("appsrc", "src");
  signer = hub_sim_make_element ("hubsignframes", NULL);
  pay = hub_sim_make_element ("rtph264pay", NULL);
  capsfilter = hub_sim_make_element ("capsfilter", NULL);
  netsim = hub_sim_netsim_new (self->faults, self->device_id);
  hold_back = viewer_make_hold_back (self);
  if (any_fault || rotate_at_us != 0)
    stage
        = hub_sim_fault_stage_new (self->index, self->device_id, seed, session->nonce, rates,
                                   hub_sim_capture_take_foreign_au, hub_sim_capture_take_decoy_au);
  if (stage != NULL && rotate_at_us != 0)
    hub_sim_fault_stage_set_rotation (HUB_SIM_FAULT_STAGE (stage), rotate_at_us,
                                      self->rotated_seed);
  if (appsrc == NULL || signer == NULL || pay == NULL || capsfilter == NULL)
    {
      hub_sim_discard_element (&appsrc);
      hub_sim_discard_element (&signer);
      hub_sim_discard_element (&pay);
      hub_sim_discard_element (&capsfilter);
      hub_sim_discard_element (&netsim);
      hub_sim_discard_element (&stage);
      hub_sim_discard_element (&hold_back);
      hub_sim_discard_element (&bin);
      hub_sim_session_unref (session);
      return NULL;
    }

  g_object_set (appsrc, "is-live", TRUE, "do-timestamp", TRUE, "format", GST_FORMAT_TIME,
                "max-bytes", (guint64)0, "block", FALSE, "caps", src_caps, NULL);

  seed_hex = hub_sim_hex_encode (seed, HUB_SIM_SEED_SIZE);
  sodium_memzero (seed, sizeof seed);
  g_object_set (signer, "device-id", self->device_id, "seed", seed_hex, "nonce", session->nonce_hex,
                "initial-counter", counter, NULL);
  sodium_memzero (seed_hex, strlen (seed_hex));

  g_object_set (pay, "pt", HUB_SIM_RTP_PAYLOAD_TYPE, "config-interval", -1, NULL);
  pay_caps = gst_caps_from_string ("application/x-rtp, rtcp-fb-nack-pli=(boolean)true");
  g_object_set (capsfilter, "caps", pay_caps, NULL);
  has_netsim = netsim != NULL;
  pay_bin = hub_sim_pay_bin_new (pay, netsim, capsfilter);

  chain[n_chain++] = appsrc;
  chain[n_chain++] = signer;
  if (stage != NULL)
    chain[n_chain++] = stage;
  if (hold_back != NULL)
    chain[n_chain++] = hold_back;
  chain[n_chain++] = pay_bin;
  linked = pay_bin != NULL;
  for (guint i = 0; linked && i < n_chain; i++)
    {
      gst_bin_add (GST_BIN (bin), chain[i]);
      linked = i == 0 || gst_element_link (chain[i - 1], chain[i]);
    }
  if (!linked)
    {
      g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_WARNING, "CAMERA", self->device_id, "MESSAGE",
                        "camera=%s cannot link the viewer pipeline", self->device_id);
      for (guint i = 0; i < n_chain; i++)
        if (chain[i] != NULL && GST_OBJECT_PARENT (chain[i]) == NULL)
          hub_sim_discard_element (&chain[i]);
      hub_sim_discard_element (&bin);
      hub_sim_session_unref (session);
      return NULL;
    }

  src_pad = gst_element_get_static_pad (appsrc, "src");
  gst_pad_add_probe (src_pad, GST_PAD_PROBE_TYPE_EVENT_UPSTREAM, on_viewer_upstream_event,
                     key_requests_new (self, session), (GDestroyNotify)key_requests_free);

  viewer = g_new0 (HubSimViewer, 1);
  g_weak_ref_init (&viewer->camera, self);
  g_weak_ref_init (&viewer->client, ctx ? ctx->client : NULL);
  g_weak_ref_init (&viewer->media, NULL);
  viewer->session = session;
  viewer->appsrc = gst_object_ref (appsrc);
  viewer->signer = gst_object_ref (signer);
  viewer->bitrate_kbps = self->bitrate_kbps;
  viewer->param_change
      = hub_sim_faults_find (self->faults, self->device_id, HUB_SIM_FAULT_PARAM_CHANGE) != NULL;
  g_object_set_data (G_OBJECT (bin), "hub-sim-viewer", viewer);
  g_object_weak_ref (G_OBJECT (bin), on_viewer_bin_finalized, viewer);

  g_mutex_lock (&self->lock);
  if (session->closed)
    {
      /* closed (or lost in a stop) since the lookup above: no viewer, the
       * DESCRIBE fails now */
      g_mutex_unlock (&self->lock);
      g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_INFO, "CAMERA", self->device_id, "MESSAGE",
                        "camera=%s session=%.8s closed while a viewer was being made",
                        self->device_id, session->nonce_hex);
      hub_sim_discard_element (&bin); /* frees the viewer */
      return camera_refusal_bin (self, session->nonce_hex);
    }
  viewer->attached = TRUE;
  g_ptr_array_add (self->viewers, viewer);
  if (!hub_sim_capture_attach_session_locked (self, session, &error))
    g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_WARNING, "CAMERA", self->device_id, "MESSAGE",
                      "camera=%s session=%.8s gets no pictures: %s", self->device_id,
                      session->nonce_hex, error->message);
  g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_INFO, "CAMERA", self->device_id, "MESSAGE",
                    "camera=%s viewer joined session=%.8s counter=%" G_GUINT64_FORMAT
                    " faults=%s%s viewers=%u",
                    self->device_id, session->nonce_hex, counter, any_fault ? "stream" : "",
                    has_netsim ? (any_fault ? ",network" : "network") : (any_fault ? "" : "none"),
                    self->viewers->len);
  g_mutex_unlock (&self->lock);

  return bin;
}
/* ---- disconnecting viewers ---- */

typedef struct
{
  GstRTSPServer *server;
  GPtrArray *medias;  /* GstRTSPMedia, owned */
  GPtrArray *clients; /* GstRTSPClient, owned */
} Disconnect;

static void
disconnect_free (Disconnect *d)
{
  gst_clear_object (&d->server);
  g_ptr_array_unref (d->medias);
  g_ptr_array_unref (d->clients);
  g_free (d);
}

static GstRTSPFilterResult
find_media_filter (GstRTSPSession *session, GstRTSPSessionMedia *sessmedia, gpointer user_data)
{
  GPtrArray *medias = ((gpointer *)user_data)[0];
  gboolean *found = ((gpointer *)user_data)[1];

  if (g_ptr_array_find (medias, gst_rtsp_session_media_get_media (sessmedia), NULL))
    *found = TRUE;
  return GST_RTSP_FILTER_KEEP;
}

static GstRTSPFilterResult
remove_session_filter (GstRTSPSessionPool *pool, GstRTSPSession *session, gpointer user_data)
{
  gboolean found = FALSE;
  gpointer data[2] = { user_data, &found };

  gst_rtsp_session_filter (session, find_media_filter, data);
  return found ? GST_RTSP_FILTER_REMOVE : GST_RTSP_FILTER_KEEP;
}

static gboolean
on_disconnect_timeout (gpointer user_data)
{
  Disconnect *d = user_data;
  g_autoptr (GstRTSPSessionPool) pool = gst_rtsp_server_get_session_pool (d->server);

  if (pool != NULL)
    g_list_free_full (gst_rtsp_session_pool_filter (pool, remove_session_filter, d->medias),
                      g_object_unref);
  for (guint i = 0; i < d->clients->len; i++)
    gst_rtsp_client_close (g_ptr_array_index (d->clients, i));
  return G_SOURCE_REMOVE;
}

/* Ends the stream of every viewer of @session (all viewers when NULL): EOS
 * now (an RTCP BYE reaches the viewer), then, a moment later, the RTSP
 * session is removed and the connection closed. A viewer whose DESCRIBE is
 * still being answered has its media's preparation failed instead of
 * waited for (hub_sim_viewer_fail_preparation). */
void
hub_sim_camera_disconnect_viewers (HubSimCamera *self, HubSimSession *session)
{
  g_autoptr (GPtrArray) unprepared = g_ptr_array_new_with_free_func (gst_object_unref);
  g_autoptr (GPtrArray) unprepared_nonces = g_ptr_array_new_with_free_func (g_free);
  Disconnect *d;
  GSource *source;

  g_assert (HUB_IS_SIM_CAMERA (self));

  d = g_new0 (Disconnect, 1);
  d->medias = g_ptr_array_new_with_free_func (g_object_unref);
  d->clients = g_ptr_array_new_with_free_func (g_object_unref);

  g_mutex_lock (&self->lock);
  for (guint i = self->viewers->len; i > 0; i--)
    {
      HubSimViewer *viewer = g_ptr_array_index (self->viewers, i - 1);
      GstRTSPClient *client;
      GstRTSPMedia *media;

      if (session != NULL && viewer->session != session)
        continue;
      viewer->ended = TRUE;
      /* A DESCRIBE in flight: its media waits for a first packet. (Not
       * configured yet: the factory's configure does this.) */
      if (viewer->configured && !viewer->prepared)
        {
          g_ptr_array_add (unprepared, gst_object_ref (viewer->appsrc));
          g_ptr_array_add (unprepared_nonces, g_strdup (viewer->session->nonce_hex));
        }
      gst_app_src_end_of_stream (GST_APP_SRC (viewer->appsrc));
      media = g_weak_ref_get (&viewer->media);
      if (media != NULL)
        g_ptr_array_add (d->medias, media);
      client = g_weak_ref_get (&viewer->client);
      if (client != NULL)
        g_ptr_array_add (d->clients, client);
      camera_detach_viewer_locked (self, viewer);
    }
  g_mutex_unlock (&self->lock);

  for (guint i = 0; i < unprepared->len; i++)
    hub_sim_viewer_fail_preparation (g_ptr_array_index (unprepared, i), self->device_id,
                                     g_ptr_array_index (unprepared_nonces, i));

  if (self->server == NULL || (d->medias->len == 0 && d->clients->len == 0))
    {
      disconnect_free (d);
      return;
    }
  d->server = g_object_ref (self->server);
  source = g_timeout_source_new (DISCONNECT_GRACE_MS);
  g_source_set_callback (source, on_disconnect_timeout, d, (GDestroyNotify)disconnect_free);
  g_source_attach (source, self->context);
  g_source_unref (source);
}

HubSimViewer *
hub_sim_viewer_from_element (GstElement *element)
{
  return g_object_get_data (G_OBJECT (element), "hub-sim-viewer");
}

void
hub_sim_viewer_configure_media (HubSimViewer *viewer, GstRTSPMedia *media)
{
  g_autoptr (HubSimCamera) camera = NULL;
  g_autofree char *ended_nonce = NULL;

  if (HUB_IS_SIM_MEDIA (media))
    hub_sim_media_set_bitrate_kbps (HUB_SIM_MEDIA (media), viewer->bitrate_kbps);
  g_signal_connect (media, "prepared", G_CALLBACK (on_media_prepared), viewer);
  g_signal_connect (media, "unprepared", G_CALLBACK (on_media_unprepared), viewer);

  /* From now on hub_sim_camera_disconnect_viewers fails the preparation of this
   * viewer itself; a viewer that ended before, since the factory made it,
   * has its preparation failed here. */
  camera = g_weak_ref_get (&viewer->camera);
  if (camera == NULL)
    return;
  g_mutex_lock (&camera->lock);
  g_weak_ref_set (&viewer->media, media);
  viewer->configured = TRUE;
  if (viewer->ended)
    ended_nonce = g_strdup (viewer->session->nonce_hex);
  g_mutex_unlock (&camera->lock);
  if (ended_nonce != NULL)
    hub_sim_viewer_fail_preparation (viewer->appsrc, camera->device_id, ended_nonce);
}
