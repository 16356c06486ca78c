/* hub-sim-camera-factory.c — the RTSP side of a simulated camera: the checks
 * of each request and the media factory that makes one media per viewer
 *
 * Copyright 2026 hubview developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Requests are checked in the client's pre-describe/pre-setup signals:
 * camera down or offline → 503, unknown, expired or closed token → 401. A
 * session that closes while a DESCRIBE for it is being answered fails that
 * DESCRIBE at once (503, hub_sim_viewer_fail_preparation) rather than
 * leaving it to gst-rtsp-server's 20 s preparation timeout, which would hold
 * up every other RTSP client meanwhile. The SDP offers RTP/AVPF only, with
 * "a=rtcp-fb:96 nack pli" and b=AS/RR/RS lines (hub-sim-media.c), so that a
 * viewer's PLI reaches the camera within tens of ms.
 */
#define G_LOG_DOMAIN "hub-sim-camera"

#include "hub-sim-camera-private.h"

#include <string.h>

#include <gst/base/base.h>

#include "hub-sim-media.h"
#include "hub-sim-viewer.h"

/* ------------------------------------------------------------------------ */
/* Request checks                                                           */

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
  hub_sim_camera_lookup_locked (self, ctx->uri, &status);
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
  HubSimViewer *viewer = NULL;

  if (ctx->uri == NULL || !camera_owns_path (self, ctx->uri->abspath))
    return GST_RTSP_STS_OK;

  if (ctx->media != NULL)
    element = gst_rtsp_media_get_element (ctx->media);
  if (element != NULL)
    viewer = hub_sim_viewer_from_element (element);

  g_mutex_lock (&self->lock);
  if (viewer != NULL)
    {
      if (!self->running)
        status = GST_RTSP_STS_SERVICE_UNAVAILABLE;
      else if (viewer->session->closed || viewer->ended)
        status = GST_RTSP_STS_UNAUTHORIZED;
    }
  else
    hub_sim_camera_lookup_locked (self, ctx->uri, &status);
  g_mutex_unlock (&self->lock);

  if (status != GST_RTSP_STS_OK)
    log_refusal (self, ctx, status);
  return status;
}

void
hub_sim_camera_watch_client (HubSimCamera *self, GstRTSPClient *client)
{
  g_signal_connect_object (client, "pre-describe-request", G_CALLBACK (on_pre_describe), self, 0);
  g_signal_connect_object (client, "pre-setup-request", G_CALLBACK (on_pre_setup), self, 0);
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

/* The stream is live and produced in real time: the server's sinks
 * (multiudpsink, or appsink over TCP) send units as they come, without
 * syncing on the clock or prerolling, which could hold a viewer's first
 * units across the pause between DESCRIBE and PLAY. */
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
  return hub_sim_viewer_bin_new (camera, url);
}

static void
hub_sim_camera_factory_configure (GstRTSPMediaFactory *factory, GstRTSPMedia *media)
{
  g_autoptr (GstElement) element = NULL;
  g_autoptr (GstObject) pipeline = NULL;
  const char *refused;
  HubSimViewer *viewer;

  GST_RTSP_MEDIA_FACTORY_CLASS (hub_sim_camera_factory_parent_class)->configure (factory, media);

  element = gst_rtsp_media_get_element (media);
  if (element == NULL)
    return;
  refused = g_object_get_data (G_OBJECT (element), "hub-sim-refused");
  if (refused != NULL)
    {
      g_autoptr (GstElement) appsrc = gst_bin_get_by_name (GST_BIN (element), "src");
      g_autoptr (HubSimCamera) owner = g_weak_ref_get (&HUB_SIM_CAMERA_FACTORY (factory)->camera);

      hub_sim_viewer_fail_preparation (appsrc, owner ? owner->device_id : "?", refused);
      return;
    }
  pipeline = gst_object_get_parent (GST_OBJECT (element));
  if (pipeline != NULL && GST_IS_BIN (pipeline))
    g_signal_connect (pipeline, "deep-element-added", G_CALLBACK (on_media_element_added), NULL);
  viewer = hub_sim_viewer_from_element (element);
  if (viewer != NULL)
    hub_sim_viewer_configure_media (viewer, media);
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

GstRTSPMediaFactory *
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
