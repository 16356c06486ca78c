/* hub-sim-camera.c — one simulated camera: a live capture and encoder shared
 * by every viewer, served through gst-rtsp-server with a per-viewer signing
 * element keyed by the stream token in the URL.
 *
 * Copyright 2026 hubview developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The capture (runs whether or not anyone watches):
 *
 *   videotestsrc is-live ! video/x-raw,I420 ! [textoverlay ! clockoverlay]
 *     ! (marker strip painted by a pad probe) ! x264enc ! h264parse ! appsink
 *
 * Every viewer (one GstRTSPMedia per RTSP client, built by the factory below):
 *
 *   appsrc ! hubsignframes ! [fault stage] ! pay0 (bin: rtph264pay ! [netsim] ! capsfilter)
 *
 * The appsink hands each encoded access unit to every viewer's appsrc. The
 * viewer's signer carries the nonce of its session; the counter belongs to
 * the nonce and so continues across reconnections. A key-frame request of
 * any viewer (RTCP PLI/FIR arrives as an upstream GstForceKeyUnit event)
 * makes the shared encoder emit an IDR soon.
 *
 * Requests are checked in the client's pre-describe/pre-setup signals:
 * camera down or offline → 503, unknown, expired or closed token → 401. A
 * session that closes while a DESCRIBE for it is being answered fails that
 * DESCRIBE at once (503) rather than leaving it to gst-rtsp-server's 20 s
 * preparation timeout, which would hold up every other RTSP client meanwhile.
 * The SDP offers RTP/AVPF only, with "a=rtcp-fb:96 nack pli" and b=AS/RR/RS
 * lines, so that a viewer's PLI reaches the camera within tens of ms.
 *
 * Faults (hub-sim-faults.h): the stream faults are applied after signing by
 * a private element (HubSimFaultStage), the network faults by netsim after
 * the payloader, offline refuses every stream, kill stops the camera a
 * seconds after hub_sim_camera_start and restarts it b seconds later (once);
 * a restart loses every session, as a rebooted camera would (spec §5).
 */
#define G_LOG_DOMAIN "hub-sim-camera"

#include "hub-sim-camera.h"

#include <string.h>

#include <gst/app/app.h>
#include <gst/base/base.h>
#include <gst/video/video.h>
#include <sodium.h>

#include "hub-elements.h"
#include "hub-frame-tag.h"
#include "hub-sim-fault-stage.h"
#include "hub-sim-media.h"
#include "hub-sim-pay-bin.h"

GST_DEBUG_CATEGORY_STATIC (hub_sim_camera_debug);
#define GST_CAT_DEFAULT hub_sim_camera_debug

#define SEED_SIZE 32
#define KEY_REQUEST_INTERVAL_US (250 * G_TIME_SPAN_MILLISECOND)
#define DISCONNECT_GRACE_MS 300
/* A viewer whose queue holds more than this many seconds of video is behind:
 * it skips to the next key frame rather than sending a stale picture. */
#define VIEWER_MAX_QUEUE_S 1

/* Marker strip, see docs/marker-strip.md */
#define MARKER_BLOCKS 16
#define MARKER_INDEX_BITS 4
#define MARKER_COUNTER_BITS 10
#define MARKER_Y_WHITE 235
#define MARKER_Y_BLACK 16
#define MARKER_CHROMA 128

static GstCaps *unix_timestamp_caps;

/* ------------------------------------------------------------------------ */
/* Sessions and tokens                                                      */

typedef struct
{
  guint8 nonce[HUB_NONCE_SIZE];
  char nonce_hex[2 * HUB_NONCE_SIZE + 1];
  guint64 next_counter; /* counter the next viewer of this session starts from */
  gint64 expires_at;    /* the latest expiry of its tokens */
  gboolean closed;      /* closeStream, expired, or lost in a camera restart */
} Session;

static void
session_clear (Session *session)
{
  sodium_memzero (session->nonce, sizeof session->nonce);
}

static Session *
session_ref (Session *session)
{
  return g_atomic_rc_box_acquire (session);
}

static void
session_unref (Session *session)
{
  g_atomic_rc_box_release_full (session, (GDestroyNotify)session_clear);
}

typedef struct
{
  Session *session; /* owned */
  gint64 expires_at;
} Token;

static void
token_free (Token *token)
{
  g_clear_pointer (&token->session, session_unref);
  g_free (token);
}

/* ------------------------------------------------------------------------ */
/* The media factory: one media per viewer                                  */

#define HUB_TYPE_SIM_CAMERA_FACTORY (hub_sim_camera_factory_get_type ())
G_DECLARE_FINAL_TYPE (HubSimCameraFactory, hub_sim_camera_factory, HUB, SIM_CAMERA_FACTORY,
                      GstRTSPMediaFactory)

struct _HubSimCameraFactory
{
  GstRTSPMediaFactory parent_instance;
  GWeakRef camera;
};

G_DEFINE_TYPE (HubSimCameraFactory, hub_sim_camera_factory, GST_TYPE_RTSP_MEDIA_FACTORY)

/* ------------------------------------------------------------------------ */
/* The camera                                                               */

typedef struct _Viewer Viewer;

struct _HubSimCamera
{
  GObject parent_instance;

  guint index;
  char *device_id;
  char *name;
  guint8 seed[SEED_SIZE];
  GPtrArray *faults; /* borrowed */
  guint width;
  guint height;
  guint fps;
  char *mount_path;
  guint bitrate_kbps;

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
  GstPad *appsink_pad;        /* where key-frame requests go upstream */
  gint64 last_key_request_us; /* monotonic */
  GstBuffer *last_au;         /* for cross-feed */
  GstCaps *caps;              /* of the encoded stream */
  GHashTable *tokens;         /* token → Token */
  GHashTable *sessions;       /* nonce hex → Session */
  GPtrArray *viewers;         /* Viewer, not owned */
};

G_DEFINE_TYPE (HubSimCamera, hub_sim_camera, G_TYPE_OBJECT)

struct _Viewer
{
  GWeakRef camera;
  Session *session;   /* owned */
  GstElement *appsrc; /* owned */
  GstElement *signer; /* owned */
  GWeakRef media;     /* GstRTSPMedia, set in configure */
  GWeakRef client;
  /* under the camera's lock */
  gboolean attached;   /* in camera->viewers */
  gboolean configured; /* its media exists (the factory configured it) */
  gboolean prepared;   /* its media prepared (the DESCRIBE was answered) */
  gboolean caps_set;
  gboolean waiting_idr;
  gboolean ended;
  guint bitrate_kbps;
};

/* Process-wide list of cameras, for cross-feed. */
static GMutex registry_lock;
static GPtrArray *registry;

static void
registry_add (HubSimCamera *self)
{
  g_mutex_lock (&registry_lock);
  if (registry == NULL)
    registry = g_ptr_array_new ();
  if (!g_ptr_array_find (registry, self, NULL))
    g_ptr_array_add (registry, self);
  g_mutex_unlock (&registry_lock);
}

static void
registry_remove (HubSimCamera *self)
{
  g_mutex_lock (&registry_lock);
  if (registry != NULL)
    g_ptr_array_remove (registry, self);
  g_mutex_unlock (&registry_lock);
}

/* Cross-feed takes from the next camera after @not_index in index order,
 * wrapping around: is @a nearer than @b? */
static gboolean
foreign_is_preferred (guint a, guint b, guint not_index)
{
  gboolean a_after = a > not_index;
  gboolean b_after = b > not_index;

  if (a_after != b_after)
    return a_after;
  return a < b;
}

/* The latest access unit of another running camera (the next one after
 * @not_index in index order, wrapping), with its identity. */
static GstBuffer *
registry_take_foreign_au (guint not_index, guint *index, char **device_id, guint8 seed[SEED_SIZE])
{
  HubSimCamera *best = NULL;
  GstBuffer *au = NULL;

  g_mutex_lock (&registry_lock);
  for (guint i = 0; registry != NULL && i < registry->len; i++)
    {
      HubSimCamera *camera = g_ptr_array_index (registry, i);
      gboolean usable;

      if (camera->index == not_index)
        continue;
      g_mutex_lock (&camera->lock);
      usable = camera->running && camera->last_au != NULL;
      g_mutex_unlock (&camera->lock);
      if (!usable)
        continue;
      if (best == NULL || foreign_is_preferred (camera->index, best->index, not_index))
        best = camera;
    }
  if (best != NULL)
    {
      g_mutex_lock (&best->lock);
      if (best->last_au != NULL)
        au = gst_buffer_ref (best->last_au);
      g_mutex_unlock (&best->lock);
      *index = best->index;
      *device_id = g_strdup (best->device_id);
      memcpy (seed, best->seed, SEED_SIZE);
    }
  g_mutex_unlock (&registry_lock);
  return au;
}

static char *
hex_encode (const guint8 *bytes, gsize len)
{
  char *hex = g_malloc (2 * len + 1);

  sodium_bin2hex (hex, 2 * len + 1, bytes, len);
  return hex;
}

/* Asks the shared encoder for a key frame, at most one per 250 ms. */
static void
camera_request_key_frame (HubSimCamera *self, const char *why)
{
  g_autoptr (GstPad) pad = NULL;
  gint64 now = g_get_monotonic_time ();

  g_assert (HUB_IS_SIM_CAMERA (self));

  g_mutex_lock (&self->lock);
  if (self->appsink_pad != NULL && now - self->last_key_request_us >= KEY_REQUEST_INTERVAL_US)
    {
      self->last_key_request_us = now;
      pad = gst_object_ref (self->appsink_pad);
    }
  g_mutex_unlock (&self->lock);

  if (pad == NULL)
    return;
  GST_DEBUG ("camera=%s key frame requested (%s)", self->device_id, why);
  gst_pad_push_event (pad,
                      gst_video_event_new_upstream_force_key_unit (GST_CLOCK_TIME_NONE, TRUE, 0));
}

/* ---- viewers ---- */

static void
viewer_free (Viewer *viewer)
{
  g_weak_ref_clear (&viewer->camera);
  g_weak_ref_clear (&viewer->client);
  g_weak_ref_clear (&viewer->media);
  g_clear_pointer (&viewer->session, session_unref);
  gst_clear_object (&viewer->appsrc);
  gst_clear_object (&viewer->signer);
  g_free (viewer);
}

/* The counter the next connection of @session starts from. Called locked. */
static guint64
camera_session_next_counter_locked (HubSimCamera *self, Session *session)
{
  guint64 next = session->next_counter;

  for (guint i = 0; i < self->viewers->len; i++)
    {
      Viewer *viewer = g_ptr_array_index (self->viewers, i);
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
camera_detach_viewer_locked (HubSimCamera *self, Viewer *viewer)
{
  guint64 counter = 0;

  if (!viewer->attached)
    return;
  viewer->attached = FALSE;
  g_ptr_array_remove (self->viewers, viewer);
  g_object_get (viewer->signer, "counter", &counter, NULL);
  viewer->session->next_counter = MAX (viewer->session->next_counter, counter);
  g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_INFO, "CAMERA", self->device_id, "MESSAGE",
                    "camera=%s viewer left session=%.8s counter=%" G_GUINT64_FORMAT " viewers=%u",
                    self->device_id, viewer->session->nonce_hex, counter, self->viewers->len);
}

static void
viewer_detach (Viewer *viewer)
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
  Viewer *viewer = data;

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
static void
viewer_fail_preparation (GstElement *appsrc, const char *device_id, const char *nonce_hex)
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
  Viewer *viewer = user_data;
  g_autoptr (HubSimCamera) camera = g_weak_ref_get (&viewer->camera);

  if (camera == NULL)
    return;
  g_mutex_lock (&camera->lock);
  viewer->prepared = TRUE;
  g_mutex_unlock (&camera->lock);
}

/* Hands one encoded access unit to @viewer. Called locked, from the capture's
 * streaming thread. The viewer's appsrc timestamps it when it sends it on
 * (do-timestamp), in the running time of the viewer's pipeline, whatever
 * state changes that pipeline went through meanwhile. */
static void
camera_feed_viewer_locked (HubSimCamera *self, Viewer *viewer, GstBuffer *au, GstCaps *caps)
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

  buf = gst_buffer_copy (au);
  GST_BUFFER_PTS (buf) = GST_BUFFER_DTS (buf) = GST_CLOCK_TIME_NONE;
  GST_BUFFER_DURATION (buf) = gst_util_uint64_scale_int (GST_SECOND, 1, self->fps);
  gst_app_src_push_buffer (GST_APP_SRC (viewer->appsrc), buf);
  if (key)
    viewer->waiting_idr = FALSE;
}

static GstPadProbeReturn
on_viewer_upstream_event (GstPad *pad, GstPadProbeInfo *info, gpointer user_data)
{
  GstEvent *event = GST_PAD_PROBE_INFO_EVENT (info);
  g_autoptr (HubSimCamera) camera = NULL;

  if (!gst_video_event_is_force_key_unit (event))
    return GST_PAD_PROBE_OK;
  camera = g_weak_ref_get (user_data);
  if (camera != NULL)
    camera_request_key_frame (camera, "viewer");
  return GST_PAD_PROBE_DROP;
}

static GWeakRef *
weak_ref_new (gpointer object)
{
  GWeakRef *ref = g_new0 (GWeakRef, 1);

  g_weak_ref_init (ref, object);
  return ref;
}

static void
weak_ref_free (GWeakRef *ref)
{
  g_weak_ref_clear (ref);
  g_free (ref);
}

static char *
url_stream_token (const GstRTSPUrl *url)
{
  g_autoptr (GHashTable) params = NULL;
  const char *value;
  const char *slash;

  if (url == NULL || url->query == NULL)
    return NULL;
  params = g_uri_parse_params (url->query, -1, "&", G_URI_PARAMS_NONE, NULL);
  value = params ? g_hash_table_lookup (params, "auth") : NULL;
  if (value == NULL || *value == '\0')
    return NULL;
  /* a client that appended the control path after the query */
  slash = strchr (value, '/');
  return slash ? g_strndup (value, slash - value) : g_strdup (value);
}

/* The session that @url's token opens, or NULL with the status to refuse
 * with. Called locked. */
static Session *
camera_lookup_locked (HubSimCamera *self, const GstRTSPUrl *url, GstRTSPStatusCode *status)
{
  g_autofree char *token_str = url_stream_token (url);
  Token *token;

  if (!self->running || hub_sim_faults_find (self->faults, self->device_id, HUB_SIM_FAULT_OFFLINE))
    {
      *status = GST_RTSP_STS_SERVICE_UNAVAILABLE;
      return NULL;
    }
  token = token_str ? g_hash_table_lookup (self->tokens, token_str) : NULL;
  if (token == NULL || token->expires_at <= g_get_real_time () || token->session->closed)
    {
      *status = GST_RTSP_STS_UNAUTHORIZED;
      return NULL;
    }
  *status = GST_RTSP_STS_OK;
  return token->session;
}

static gboolean
camera_owns_path (HubSimCamera *self, const char *path)
{
  gsize n = strlen (self->mount_path);

  return path != NULL && strncmp (path, self->mount_path, n) == 0
         && (path[n] == '\0' || path[n] == '/');
}

static void
log_refusal (HubSimCamera *self, GstRTSPContext *ctx, GstRTSPStatusCode status)
{
  g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_INFO, "CAMERA", self->device_id, "MESSAGE",
                    "camera=%s refused %s: %d %s", self->device_id,
                    gst_rtsp_method_as_text (ctx->method), status,
                    gst_rtsp_status_as_text (status));
}

/* DESCRIBE (and a SETUP without one) carry the stream token in the URL. */
static GstRTSPStatusCode
on_pre_describe (GstRTSPClient *client, GstRTSPContext *ctx, gpointer user_data)
{
  HubSimCamera *self = user_data;
  GstRTSPStatusCode status = GST_RTSP_STS_OK;

  if (ctx->uri == NULL || !camera_owns_path (self, ctx->uri->abspath))
    return GST_RTSP_STS_OK;

  g_mutex_lock (&self->lock);
  camera_lookup_locked (self, ctx->uri, &status);
  g_mutex_unlock (&self->lock);

  if (status != GST_RTSP_STS_OK)
    log_refusal (self, ctx, status);
  return status;
}

/* A SETUP's URL is built from the Content-Base, without the query: the media
 * that the DESCRIBE made for a valid token vouches for it. */
static GstRTSPStatusCode
on_pre_setup (GstRTSPClient *client, GstRTSPContext *ctx, gpointer user_data)
{
  HubSimCamera *self = user_data;
  g_autoptr (GstElement) element = NULL;
  GstRTSPStatusCode status = GST_RTSP_STS_OK;
  Viewer *viewer = NULL;

  if (ctx->uri == NULL || !camera_owns_path (self, ctx->uri->abspath))
    return GST_RTSP_STS_OK;

  if (ctx->media != NULL)
    element = gst_rtsp_media_get_element (ctx->media);
  if (element != NULL)
    viewer = g_object_get_data (G_OBJECT (element), "hub-sim-viewer");

  g_mutex_lock (&self->lock);
  if (viewer != NULL)
    {
      if (!self->running)
        status = GST_RTSP_STS_SERVICE_UNAVAILABLE;
      else if (viewer->session->closed || viewer->ended)
        status = GST_RTSP_STS_UNAUTHORIZED;
    }
  else
    camera_lookup_locked (self, ctx->uri, &status);
  g_mutex_unlock (&self->lock);

  if (status != GST_RTSP_STS_OK)
    log_refusal (self, ctx, status);
  return status;
}

static void
on_client_connected (GstRTSPServer *server, GstRTSPClient *client, gpointer user_data)
{
  g_signal_connect_object (client, "pre-describe-request", G_CALLBACK (on_pre_describe), user_data,
                           0);
  g_signal_connect_object (client, "pre-setup-request", G_CALLBACK (on_pre_setup), user_data, 0);
}

/* Drops a (possibly floating) element that was never added to a bin. */
static void
discard_element (GstElement **element)
{
  if (*element != NULL)
    {
      gst_object_ref_sink (*element);
      gst_clear_object (element);
    }
}

static GstElement *
make_element (const char *factory, const char *name)
{
  GstElement *element = gst_element_factory_make (factory, name);

  if (element == NULL)
    g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_WARNING, "MESSAGE",
                      "GStreamer element %s is missing", factory);
  return element;
}

/* netsim configured from this camera's network faults, or NULL if none. */
static GstElement *
camera_make_netsim (HubSimCamera *self)
{
  const HubSimFault *drop = hub_sim_faults_find (self->faults, self->device_id, HUB_SIM_FAULT_DROP);
  const HubSimFault *delay
      = hub_sim_faults_find (self->faults, self->device_id, HUB_SIM_FAULT_DELAY);
  const HubSimFault *duplicate
      = hub_sim_faults_find (self->faults, self->device_id, HUB_SIM_FAULT_DUPLICATE);
  const HubSimFault *reorder
      = hub_sim_faults_find (self->faults, self->device_id, HUB_SIM_FAULT_REORDER);
  GstElement *netsim;

  g_assert (HUB_IS_SIM_CAMERA (self));

  if (drop == NULL && delay == NULL && duplicate == NULL && reorder == NULL)
    return NULL;
  netsim = make_element ("netsim", NULL);
  if (netsim == NULL)
    return NULL;

  if (drop != NULL)
    g_object_set (netsim, "drop-probability", (gdouble)drop->rate, NULL);
  if (duplicate != NULL)
    g_object_set (netsim, "duplicate-probability", (gdouble)duplicate->rate, NULL);
  if (delay != NULL)
    {
      gint64 base = CLAMP (delay->a, 0, 60000);
      gint64 jitter = CLAMP (delay->b, 0, 60000);

      g_object_set (netsim, "min-delay", (gint)base, "max-delay", (gint)(base + jitter),
                    "delay-probability", (gdouble)1.0, "allow-reordering", jitter > 0, NULL);
      gst_util_set_object_arg (G_OBJECT (netsim), "delay-distribution", "uniform");
    }
  else if (reorder != NULL)
    {
      /* a share of packets held back 10–50 ms: later ones overtake them */
      g_object_set (netsim, "min-delay", 10, "max-delay", 50, "delay-probability",
                    (gdouble)reorder->rate, "allow-reordering", TRUE, NULL);
      gst_util_set_object_arg (G_OBJECT (netsim), "delay-distribution", "uniform");
    }
  return netsim;
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
  GstElement *appsrc = make_element ("appsrc", "src");
  GstElement *pay = make_element ("rtph264pay", "pay0");
  g_autoptr (GstCaps) caps
      = gst_caps_from_string ("video/x-h264, stream-format=byte-stream, alignment=au");

  g_assert (HUB_IS_SIM_CAMERA (self));

  if (appsrc == NULL || pay == NULL)
    {
      discard_element (&appsrc);
      discard_element (&pay);
      discard_element (&bin);
      return NULL;
    }
  g_object_set (appsrc, "is-live", TRUE, "format", GST_FORMAT_TIME, "caps", caps, NULL);
  gst_bin_add_many (GST_BIN (bin), appsrc, pay, NULL);
  gst_element_link (appsrc, pay);
  g_object_set_data_full (G_OBJECT (bin), "hub-sim-refused",
                          g_strdup (nonce_hex ? nonce_hex : "none"), g_free);
  return bin;
}

/* The per-viewer bin for a request of @url (the factory's create_element). */
static GstElement *
camera_create_viewer_bin (HubSimCamera *self, const GstRTSPUrl *url)
{
  GstRTSPContext *ctx = gst_rtsp_context_get_current ();
  GstRTSPStatusCode status = GST_RTSP_STS_OK;
  g_autoptr (GstCaps) pay_caps = NULL;
  g_autoptr (GstCaps) src_caps = NULL;
  g_autofree char *seed_hex = NULL;
  GstElement *bin, *appsrc, *signer, *stage = NULL, *pay, *netsim, *capsfilter, *pay_bin;
  gboolean has_netsim;
  double rates[HUB_SIM_N_STREAM_FAULTS] = { 0 };
  gboolean any_fault = FALSE;
  g_autoptr (GstPad) src_pad = NULL;
  Session *session;
  guint64 counter;
  Viewer *viewer;

  g_assert (HUB_IS_SIM_CAMERA (self));

  g_mutex_lock (&self->lock);
  session = camera_lookup_locked (self, url, &status);
  if (session == NULL)
    {
      g_mutex_unlock (&self->lock);
      return camera_refusal_bin (self, NULL);
    }
  session = session_ref (session);
  counter = camera_session_next_counter_locked (self, session);
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
  appsrc = make_element ("appsrc", "src");
  signer = make_element ("hubsignframes", NULL);
  pay = make_element ("rtph264pay", NULL);
  capsfilter = make_element ("capsfilter", NULL);
  netsim = camera_make_netsim (self);
  if (any_fault)
    stage = hub_sim_fault_stage_new (self->index, self->device_id, self->seed, session->nonce,
                                     rates, registry_take_foreign_au);
  if (appsrc == NULL || signer == NULL || pay == NULL || capsfilter == NULL)
    {
      discard_element (&appsrc);
      discard_element (&signer);
      discard_element (&pay);
      discard_element (&capsfilter);
      discard_element (&netsim);
      discard_element (&stage);
      discard_element (&bin);
      session_unref (session);
      return NULL;
    }

  g_object_set (appsrc, "is-live", TRUE, "do-timestamp", TRUE, "format", GST_FORMAT_TIME,
                "max-bytes", (guint64)0, "block", FALSE, "caps", src_caps, NULL);

  seed_hex = hex_encode (self->seed, SEED_SIZE);
  g_object_set (signer, "device-id", self->device_id, "seed", seed_hex, "nonce", session->nonce_hex,
                "initial-counter", counter, NULL);
  sodium_memzero (seed_hex, strlen (seed_hex));

  g_object_set (pay, "pt", HUB_SIM_RTP_PAYLOAD_TYPE, "config-interval", -1, NULL);
  pay_caps = gst_caps_from_string ("application/x-rtp, rtcp-fb-nack-pli=(boolean)true");
  g_object_set (capsfilter, "caps", pay_caps, NULL);
  has_netsim = netsim != NULL;
  pay_bin = hub_sim_pay_bin_new (pay, netsim, capsfilter);

  gst_bin_add_many (GST_BIN (bin), appsrc, signer, NULL);
  if (stage != NULL)
    gst_bin_add (GST_BIN (bin), stage);
  if (pay_bin != NULL)
    gst_bin_add (GST_BIN (bin), pay_bin);
  if (pay_bin == NULL || !gst_element_link (appsrc, signer)
      || !gst_element_link (signer, stage ? stage : pay_bin)
      || (stage != NULL && !gst_element_link (stage, pay_bin)))
    {
      g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_WARNING, "CAMERA", self->device_id, "MESSAGE",
                        "camera=%s cannot link the viewer pipeline", self->device_id);
      discard_element (&bin);
      session_unref (session);
      return NULL;
    }

  src_pad = gst_element_get_static_pad (appsrc, "src");
  gst_pad_add_probe (src_pad, GST_PAD_PROBE_TYPE_EVENT_UPSTREAM, on_viewer_upstream_event,
                     weak_ref_new (self), (GDestroyNotify)weak_ref_free);

  viewer = g_new0 (Viewer, 1);
  g_weak_ref_init (&viewer->camera, self);
  g_weak_ref_init (&viewer->client, ctx ? ctx->client : NULL);
  g_weak_ref_init (&viewer->media, NULL);
  viewer->session = session;
  viewer->appsrc = gst_object_ref (appsrc);
  viewer->signer = gst_object_ref (signer);
  viewer->bitrate_kbps = self->bitrate_kbps;
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
      discard_element (&bin); /* frees the viewer */
      return camera_refusal_bin (self, session->nonce_hex);
    }
  viewer->attached = TRUE;
  g_ptr_array_add (self->viewers, viewer);
  g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_INFO, "CAMERA", self->device_id, "MESSAGE",
                    "camera=%s viewer joined session=%.8s counter=%" G_GUINT64_FORMAT
                    " faults=%s%s viewers=%u",
                    self->device_id, session->nonce_hex, counter, any_fault ? "stream" : "",
                    has_netsim ? (any_fault ? ",network" : "network") : (any_fault ? "" : "none"),
                    self->viewers->len);
  g_mutex_unlock (&self->lock);

  return bin;
}

/* The server's sinks (multiudpsink, or appsink over TCP) sync on the clock
 * and preroll asynchronously by default. The stream is live and produced in
 * real time, so syncing it again buys nothing, and with it about one join in
 * 40 stalled: the viewer's RTP sink sat waiting on the clock for seconds
 * right after PLAY (the live media pauses between DESCRIBE and PLAY and the
 * new sink prerolls across that). Without sync and async, units go out as
 * they come. */
static void
on_media_element_added (GstBin *bin, GstBin *sub_bin, GstElement *element, gpointer user_data)
{
  if (GST_IS_BASE_SINK (element))
    g_object_set (element, "sync", FALSE, "async", FALSE, NULL);
}

static GstElement *
hub_sim_camera_factory_create_element (GstRTSPMediaFactory *factory, const GstRTSPUrl *url)
{
  HubSimCameraFactory *self = HUB_SIM_CAMERA_FACTORY (factory);
  g_autoptr (HubSimCamera) camera = g_weak_ref_get (&self->camera);

  if (camera == NULL)
    return NULL;
  return camera_create_viewer_bin (camera, url);
}

static void
hub_sim_camera_factory_configure (GstRTSPMediaFactory *factory, GstRTSPMedia *media)
{
  g_autoptr (GstElement) element = NULL;
  g_autoptr (GstObject) pipeline = NULL;
  g_autoptr (HubSimCamera) camera = NULL;
  g_autofree char *ended_nonce = NULL;
  const char *refused;
  Viewer *viewer;

  GST_RTSP_MEDIA_FACTORY_CLASS (hub_sim_camera_factory_parent_class)->configure (factory, media);

  element = gst_rtsp_media_get_element (media);
  if (element == NULL)
    return;
  refused = g_object_get_data (G_OBJECT (element), "hub-sim-refused");
  if (refused != NULL)
    {
      g_autoptr (GstElement) appsrc = gst_bin_get_by_name (GST_BIN (element), "src");
      g_autoptr (HubSimCamera) owner = g_weak_ref_get (&HUB_SIM_CAMERA_FACTORY (factory)->camera);

      viewer_fail_preparation (appsrc, owner ? owner->device_id : "?", refused);
      return;
    }
  viewer = g_object_get_data (G_OBJECT (element), "hub-sim-viewer");
  if (viewer == NULL)
    return;
  if (HUB_IS_SIM_MEDIA (media))
    hub_sim_media_set_bitrate_kbps (HUB_SIM_MEDIA (media), viewer->bitrate_kbps);
  g_signal_connect (media, "prepared", G_CALLBACK (on_media_prepared), viewer);
  g_signal_connect (media, "unprepared", G_CALLBACK (on_media_unprepared), viewer);
  pipeline = gst_object_get_parent (GST_OBJECT (element));
  if (pipeline != NULL && GST_IS_BIN (pipeline))
    g_signal_connect (pipeline, "deep-element-added", G_CALLBACK (on_media_element_added), NULL);

  /* From now on camera_disconnect_viewers fails the preparation of this
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
    viewer_fail_preparation (viewer->appsrc, camera->device_id, ended_nonce);
}

static void
hub_sim_camera_factory_finalize (GObject *object)
{
  HubSimCameraFactory *self = HUB_SIM_CAMERA_FACTORY (object);

  g_weak_ref_clear (&self->camera);
  G_OBJECT_CLASS (hub_sim_camera_factory_parent_class)->finalize (object);
}

static void
hub_sim_camera_factory_class_init (HubSimCameraFactoryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GstRTSPMediaFactoryClass *factory_class = GST_RTSP_MEDIA_FACTORY_CLASS (klass);

  object_class->finalize = hub_sim_camera_factory_finalize;
  factory_class->create_element = hub_sim_camera_factory_create_element;
  factory_class->configure = hub_sim_camera_factory_configure;
}

static void
hub_sim_camera_factory_init (HubSimCameraFactory *self)
{
  g_weak_ref_init (&self->camera, NULL);
}

static GstRTSPMediaFactory *
hub_sim_camera_factory_new (HubSimCamera *camera)
{
  HubSimCameraFactory *self = g_object_new (HUB_TYPE_SIM_CAMERA_FACTORY, NULL);

  g_weak_ref_set (&self->camera, camera);
  gst_rtsp_media_factory_set_shared (GST_RTSP_MEDIA_FACTORY (self), FALSE);
  gst_rtsp_media_factory_set_media_gtype (GST_RTSP_MEDIA_FACTORY (self), HUB_TYPE_SIM_MEDIA);
  /* RTP/AVPF: a viewer's PLI goes out at once. Under plain AVP, GStreamer's
   * rtpsession holds feedback until its first regular RTCP packet, 0.6 to
   * 1.9 s into the stream: too late for a viewer that joined mid-GOP. */
  gst_rtsp_media_factory_set_profiles (GST_RTSP_MEDIA_FACTORY (self), GST_RTSP_PROFILE_AVPF);
  return GST_RTSP_MEDIA_FACTORY (self);
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
 * waited for (viewer_fail_preparation). */
static void
camera_disconnect_viewers (HubSimCamera *self, Session *session)
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
      Viewer *viewer = g_ptr_array_index (self->viewers, i - 1);
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
    viewer_fail_preparation (g_ptr_array_index (unprepared, i), self->device_id,
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

/* ---- tokens expire ---- */

static gboolean
on_expiry_check (gpointer user_data)
{
  HubSimCamera *self = user_data;
  g_autoptr (GPtrArray) expired = g_ptr_array_new_with_free_func ((GDestroyNotify)session_unref);
  gint64 now = g_get_real_time ();
  GHashTableIter iter;
  gpointer value;

  g_mutex_lock (&self->lock);
  g_hash_table_iter_init (&iter, self->tokens);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (((Token *)value)->expires_at <= now)
      g_hash_table_iter_remove (&iter);
  g_hash_table_iter_init (&iter, self->sessions);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Session *session = value;

      if (!session->closed && session->expires_at <= now)
        {
          session->closed = TRUE;
          g_ptr_array_add (expired, session_ref (session));
        }
    }
  g_mutex_unlock (&self->lock);

  for (guint i = 0; i < expired->len; i++)
    {
      Session *session = g_ptr_array_index (expired, i);

      g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_INFO, "CAMERA", self->device_id, "MESSAGE",
                        "camera=%s session=%.8s expired", self->device_id, session->nonce_hex);
      camera_disconnect_viewers (self, session);
    }
  return G_SOURCE_CONTINUE;
}

/* ---- the capture ---- */

static void
marker_bits (guint index, guint frame, gboolean bits[MARKER_BLOCKS])
{
  guint ones = 0;
  guint b = 0;

  bits[b++] = TRUE; /* start block */
  for (int i = MARKER_INDEX_BITS - 1; i >= 0; i--)
    bits[b++] = (index >> i) & 1;
  for (int i = MARKER_COUNTER_BITS - 1; i >= 0; i--)
    bits[b++] = (frame >> i) & 1;
  for (guint i = 1; i < b; i++)
    ones += bits[i];
  bits[b++] = ones & 1; /* even parity over blocks 1..15 */
  g_assert (b == MARKER_BLOCKS);
}

static void
marker_paint (GstVideoFrame *frame, guint index, guint frame_number)
{
  gboolean bits[MARKER_BLOCKS];
  guint height = GST_VIDEO_FRAME_HEIGHT (frame);
  guint strip = MAX (height / 12, 2);

  marker_bits (index, frame_number, bits);
  for (guint c = 0; c < GST_VIDEO_FRAME_N_COMPONENTS (frame); c++)
    {
      guint8 *data = GST_VIDEO_FRAME_COMP_DATA (frame, c);
      gint stride = GST_VIDEO_FRAME_COMP_STRIDE (frame, c);
      guint cw = GST_VIDEO_FRAME_COMP_WIDTH (frame, c);
      guint ch = GST_VIDEO_FRAME_COMP_HEIGHT (frame, c);
      guint rows = MIN ((guint)((guint64)strip * ch / height), ch);

      for (guint row = 0; row < rows; row++)
        for (guint b = 0; b < MARKER_BLOCKS; b++)
          {
            guint x0 = b * cw / MARKER_BLOCKS;
            guint x1 = (b + 1) * cw / MARKER_BLOCKS;
            guint8 value = c == 0 ? (bits[b] ? MARKER_Y_WHITE : MARKER_Y_BLACK) : MARKER_CHROMA;

            memset (data + (gsize)row * stride + x0, value, x1 - x0);
          }
    }
}

static GstPadProbeReturn
on_raw_frame (GstPad *pad, GstPadProbeInfo *info, gpointer user_data)
{
  HubSimCamera *self = user_data;
  GstBuffer *buf = gst_buffer_make_writable (GST_PAD_PROBE_INFO_BUFFER (info));
  GstVideoFrame frame;

  GST_PAD_PROBE_INFO_DATA (info) = buf;
  if (gst_video_frame_map (&frame, &self->video_info, buf, GST_MAP_WRITE))
    {
      marker_paint (&frame, self->index, (guint)(self->frame_number % 1024));
      gst_video_frame_unmap (&frame);
    }
  self->frame_number++;
  return GST_PAD_PROBE_OK;
}

static GstFlowReturn
on_new_sample (GstAppSink *appsink, gpointer user_data)
{
  HubSimCamera *self = user_data;
  g_autoptr (GstSample) sample = gst_app_sink_pull_sample (appsink);
  g_autoptr (GstClock) clock = NULL;
  GstClockTime running_time;
  const GstSegment *segment;
  gint64 capture_us;
  GstBuffer *au;
  GstCaps *caps;

  if (sample == NULL)
    return GST_FLOW_FLUSHING;

  /* Wall-clock time of capture: now, less the time since the frame's
   * running time (the encoding delay). */
  capture_us = g_get_real_time ();
  segment = gst_sample_get_segment (sample);
  au = gst_sample_get_buffer (sample);
  running_time = segment
                     ? gst_segment_to_running_time (segment, GST_FORMAT_TIME, GST_BUFFER_PTS (au))
                     : GST_CLOCK_TIME_NONE;
  clock = gst_element_get_clock (GST_ELEMENT (appsink));
  if (clock != NULL && GST_CLOCK_TIME_IS_VALID (running_time))
    {
      GstClockTime now = gst_clock_get_time (clock);
      GstClockTime base = gst_element_get_base_time (GST_ELEMENT (appsink));

      if (now >= base + running_time)
        capture_us -= (now - base - running_time) / GST_USECOND;
    }

  au = gst_buffer_copy (au);
  gst_buffer_add_reference_timestamp_meta (
      au, unix_timestamp_caps, (GstClockTime)capture_us * GST_USECOND, GST_CLOCK_TIME_NONE);
  caps = gst_sample_get_caps (sample);

  g_mutex_lock (&self->lock);
  gst_buffer_replace (&self->last_au, au);
  if (caps != NULL && (self->caps == NULL || !gst_caps_is_equal (self->caps, caps)))
    gst_caps_replace (&self->caps, caps);
  for (guint i = 0; i < self->viewers->len; i++)
    camera_feed_viewer_locked (self, g_ptr_array_index (self->viewers, i), au, self->caps);
  g_mutex_unlock (&self->lock);

  gst_buffer_unref (au);
  return GST_FLOW_OK;
}

static gboolean
on_bus_message (GstBus *bus, GstMessage *message, gpointer user_data)
{
  HubSimCamera *self = user_data;

  if (GST_MESSAGE_TYPE (message) == GST_MESSAGE_ERROR)
    {
      g_autoptr (GError) error = NULL;
      g_autofree char *debug = NULL;

      gst_message_parse_error (message, &error, &debug);
      g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_WARNING, "CAMERA", self->device_id, "MESSAGE",
                        "camera=%s capture failed: %s (%s)", self->device_id, error->message,
                        debug ? debug : "");
    }
  return G_SOURCE_CONTINUE;
}

static const char *const patterns[] = {
  "smpte", "ball", "spokes", "pinwheel", "circular", "colors", "smpte75", "gamut", "bar",
};

static gboolean
camera_build_capture (HubSimCamera *self, GError **error)
{
  g_autoptr (GstElement) pipeline = NULL;
  g_autoptr (GstCaps) raw_caps = NULL;
  g_autoptr (GstCaps) au_caps = NULL;
  g_autoptr (GstPad) enc_sink = NULL;
  g_autofree char *pipeline_name = g_strdup_printf ("camera-%s", self->device_id);
  GstElement *src, *raw_filter, *text, *clock_overlay, *enc, *parse, *au_filter, *sink;
  GstAppSinkCallbacks callbacks = { 0 };
  guint strip = MAX (self->height / 12, 2);

  g_assert (HUB_IS_SIM_CAMERA (self));

  pipeline = gst_object_ref_sink (gst_pipeline_new (pipeline_name));
  src = make_element ("videotestsrc", NULL);
  raw_filter = make_element ("capsfilter", NULL);
  enc = make_element ("x264enc", NULL);
  parse = make_element ("h264parse", NULL);
  au_filter = make_element ("capsfilter", NULL);
  sink = make_element ("appsink", NULL);
  /* optional: gstreamer1.0-x (pango) */
  text = gst_element_factory_make ("textoverlay", NULL);
  clock_overlay = gst_element_factory_make ("clockoverlay", NULL);

  if (src == NULL || raw_filter == NULL || enc == NULL || parse == NULL || au_filter == NULL
      || sink == NULL)
    {
      g_set_error (error, GST_CORE_ERROR, GST_CORE_ERROR_MISSING_PLUGIN,
                   "camera %s: a GStreamer element is missing (videotestsrc, x264enc, "
                   "h264parse, appsink)",
                   self->device_id);
      discard_element (&src);
      discard_element (&raw_filter);
      discard_element (&enc);
      discard_element (&parse);
      discard_element (&au_filter);
      discard_element (&sink);
      discard_element (&text);
      discard_element (&clock_overlay);
      return FALSE;
    }

  g_object_set (src, "is-live", TRUE, NULL);
  gst_util_set_object_arg (G_OBJECT (src), "pattern",
                           patterns[self->index % G_N_ELEMENTS (patterns)]);

  raw_caps = gst_caps_new_simple ("video/x-raw", "format", G_TYPE_STRING, "I420", "width",
                                  G_TYPE_INT, (int)self->width, "height", G_TYPE_INT,
                                  (int)self->height, "framerate", GST_TYPE_FRACTION, (int)self->fps,
                                  1, "pixel-aspect-ratio", GST_TYPE_FRACTION, 1, 1, NULL);
  g_object_set (raw_filter, "caps", raw_caps, NULL);
  gst_video_info_from_caps (&self->video_info, raw_caps);

  if (text != NULL)
    {
      g_object_set (text, "text", self->name, "font-desc", "Sans Bold 16", "shaded-background",
                    TRUE, "ypad", (int)(strip + strip / 3), "xpad", (int)(strip / 2), NULL);
      gst_util_set_object_arg (G_OBJECT (text), "valignment", "top");
      gst_util_set_object_arg (G_OBJECT (text), "halignment", "left");
    }
  if (clock_overlay != NULL)
    {
      g_object_set (clock_overlay, "time-format", "%Y-%m-%d %H:%M:%S", "font-desc", "Sans 12",
                    "shaded-background", TRUE, NULL);
      gst_util_set_object_arg (G_OBJECT (clock_overlay), "valignment", "bottom");
      gst_util_set_object_arg (G_OBJECT (clock_overlay), "halignment", "right");
    }

  gst_util_set_object_arg (G_OBJECT (enc), "tune", "zerolatency");
  gst_util_set_object_arg (G_OBJECT (enc), "speed-preset", "ultrafast");
  g_object_set (enc, "key-int-max", self->fps, "bframes", 0, "sliced-threads", TRUE, "bitrate",
                self->bitrate_kbps, NULL);

  g_object_set (parse, "config-interval", -1, NULL);
  au_caps = gst_caps_from_string ("video/x-h264, stream-format=byte-stream, alignment=au");
  g_object_set (au_filter, "caps", au_caps, NULL);

  g_object_set (sink, "sync", FALSE, "max-buffers", 8, "drop", FALSE, "enable-last-sample", FALSE,
                NULL);
  callbacks.new_sample = on_new_sample;
  gst_app_sink_set_callbacks (GST_APP_SINK (sink), &callbacks, self, NULL);

  gst_bin_add_many (GST_BIN (pipeline), src, raw_filter, enc, parse, au_filter, sink, NULL);
  if (text != NULL)
    gst_bin_add (GST_BIN (pipeline), text);
  if (clock_overlay != NULL)
    gst_bin_add (GST_BIN (pipeline), clock_overlay);

  if (!gst_element_link (src, raw_filter) || (text != NULL && !gst_element_link (raw_filter, text))
      || (clock_overlay != NULL && !gst_element_link (text ? text : raw_filter, clock_overlay))
      || !gst_element_link (clock_overlay ? clock_overlay
                            : text        ? text
                                          : raw_filter,
                            enc)
      || !gst_element_link_many (enc, parse, au_filter, sink, NULL))
    {
      g_set_error (error, GST_CORE_ERROR, GST_CORE_ERROR_NEGOTIATION,
                   "camera %s: cannot link the capture pipeline", self->device_id);
      return FALSE;
    }

  enc_sink = gst_element_get_static_pad (enc, "sink");
  gst_pad_add_probe (enc_sink, GST_PAD_PROBE_TYPE_BUFFER, on_raw_frame, self, NULL);

  self->bus_watch_id = gst_bus_add_watch (GST_ELEMENT_BUS (pipeline), on_bus_message, self);

  g_mutex_lock (&self->lock);
  g_clear_object (&self->appsink_pad);
  self->appsink_pad = gst_element_get_static_pad (sink, "sink");
  g_mutex_unlock (&self->lock);

  if (gst_element_set_state (pipeline, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE)
    {
      g_set_error (error, GST_CORE_ERROR, GST_CORE_ERROR_STATE_CHANGE,
                   "camera %s: the capture pipeline does not start", self->device_id);
      gst_element_set_state (pipeline, GST_STATE_NULL);
      g_clear_handle_id (&self->bus_watch_id, g_source_remove);
      return FALSE;
    }

  self->pipeline = g_steal_pointer (&pipeline);
  return TRUE;
}

static void
camera_destroy_capture (HubSimCamera *self)
{
  g_assert (HUB_IS_SIM_CAMERA (self));

  g_mutex_lock (&self->lock);
  g_clear_object (&self->appsink_pad);
  g_mutex_unlock (&self->lock);

  if (self->pipeline == NULL)
    return;
  gst_element_set_state (self->pipeline, GST_STATE_NULL);
  g_clear_handle_id (&self->bus_watch_id, g_source_remove);
  gst_clear_object (&self->pipeline);

  g_mutex_lock (&self->lock);
  gst_clear_buffer (&self->last_au);
  g_mutex_unlock (&self->lock);
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
  if (!offline && !camera_build_capture (self, error))
    return FALSE;

  g_mutex_lock (&self->lock);
  self->running = !offline;
  g_mutex_unlock (&self->lock);

  if (self->expiry_source_id == 0)
    {
      GSource *source = g_timeout_source_new_seconds (1);

      g_source_set_callback (source, on_expiry_check, self, NULL);
      self->expiry_source_id = g_source_attach (source, self->context);
      g_source_unref (source);
    }

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
    ((Session *)value)->closed = TRUE;
  g_mutex_unlock (&self->lock);

  camera_disconnect_viewers (self, NULL);
  camera_destroy_capture (self);

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
  memcpy (self->seed, seed, SEED_SIZE);
  self->faults = faults;
  self->width = width & ~1u;
  self->height = height & ~1u;
  self->fps = fps;
  self->mount_path = g_strdup_printf ("/cameras/%s", device_id);
  /* About 0.07 bit per pixel: 2 Mbit/s at 720p30. */
  self->bitrate_kbps
      = (guint)CLAMP ((guint64)self->width * self->height * self->fps / 14000, 128, 8000);
  registry_add (self);
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
hub_sim_camera_allow_stream (HubSimCamera *self, const char *stream_token, const guint8 *nonce,
                             gint64 expires_at)
{
  g_autofree char *nonce_hex = NULL;
  Session *session;
  Token *token;

  g_return_if_fail (HUB_IS_SIM_CAMERA (self));
  g_return_if_fail (stream_token != NULL && *stream_token != '\0');
  g_return_if_fail (nonce != NULL);

  nonce_hex = hex_encode (nonce, HUB_NONCE_SIZE);

  g_mutex_lock (&self->lock);
  session = g_hash_table_lookup (self->sessions, nonce_hex);
  if (session == NULL)
    {
      session = g_atomic_rc_box_new0 (Session);
      memcpy (session->nonce, nonce, HUB_NONCE_SIZE);
      memcpy (session->nonce_hex, nonce_hex, sizeof session->nonce_hex);
      g_hash_table_insert (self->sessions, g_strdup (nonce_hex), session);
    }
  else if (session->closed)
    {
      /* closed, expired or lost in a restart: its counter may be gone, so
       * the hub must open a new session */
      g_mutex_unlock (&self->lock);
      g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_INFO, "CAMERA", self->device_id, "MESSAGE",
                        "camera=%s session=%.8s is closed: token not accepted", self->device_id,
                        nonce_hex);
      return;
    }
  session->expires_at = MAX (session->expires_at, expires_at);

  token = g_new0 (Token, 1);
  token->session = session_ref (session);
  token->expires_at = expires_at;
  g_hash_table_replace (self->tokens, g_strdup (stream_token), token);
  g_mutex_unlock (&self->lock);
}

void
hub_sim_camera_close_session (HubSimCamera *self, const guint8 *nonce)
{
  g_autofree char *nonce_hex = NULL;
  Session *session;
  GHashTableIter iter;
  gpointer value;

  g_return_if_fail (HUB_IS_SIM_CAMERA (self));
  g_return_if_fail (nonce != NULL);

  nonce_hex = hex_encode (nonce, HUB_NONCE_SIZE);

  g_mutex_lock (&self->lock);
  session = g_hash_table_lookup (self->sessions, nonce_hex);
  if (session != NULL)
    {
      session = session_ref (session);
      session->closed = TRUE;
      g_hash_table_iter_init (&iter, self->tokens);
      while (g_hash_table_iter_next (&iter, NULL, &value))
        if (((Token *)value)->session == session)
          g_hash_table_iter_remove (&iter);
    }
  g_mutex_unlock (&self->lock);

  if (session == NULL)
    return;
  g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_INFO, "CAMERA", self->device_id, "MESSAGE",
                    "camera=%s session=%.8s closed", self->device_id, nonce_hex);
  camera_disconnect_viewers (self, session);
  session_unref (session);
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

  registry_remove (self);
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
  gst_clear_caps (&self->caps);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_pointer (&self->device_id, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->mount_path, g_free);
  sodium_memzero (self->seed, sizeof self->seed);
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
  unix_timestamp_caps = gst_caps_new_empty_simple ("timestamp/x-unix");
  GST_MINI_OBJECT_FLAG_SET (unix_timestamp_caps, GST_MINI_OBJECT_FLAG_MAY_BE_LEAKED);
  hub_elements_register ();
  if (sodium_init () < 0)
    g_error ("libsodium cannot be initialised");
}

static void
hub_sim_camera_init (HubSimCamera *self)
{
  g_mutex_init (&self->lock);
  self->tokens
      = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify)token_free);
  self->sessions
      = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify)session_unref);
  self->viewers = g_ptr_array_new ();
}
