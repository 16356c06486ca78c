/* hub-sim-session-encoder.c — the encoder of one session of a simulated camera
 *
 * Copyright 2026 hubview developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * A camera encodes its pictures once per session that has a viewer, so that
 * each carries its session in the marker strip (docs/marker-strip.md):
 *
 *   appsrc (raw, the capture's pictures) ! x264enc ! h264parse ! appsink
 *
 * The capture hands each raw picture to every session encoder, which paints
 * the strip with its session's bits into a copy. Viewers of one session share
 * its encoder, and so its pictures; a key-frame request of a viewer goes to
 * the encoder of its session.
 */
#define G_LOG_DOMAIN "hub-sim-camera"

#include "hub-sim-session-encoder.h"

#include <gst/app/app.h>

#include "hub-sim-marker.h"
#include "hub-sim-viewer.h"

#define GST_CAT_DEFAULT hub_sim_camera_debug

#define KEY_REQUEST_INTERVAL_US (250 * G_TIME_SPAN_MILLISECOND)

struct _HubSimSessionEncoder
{
  GWeakRef camera;
  HubSimSession *session; /* owned */
  GstElement *pipeline;   /* owned */
  GstElement *appsrc;     /* borrowed from pipeline */
  GstPad *appsink_pad;    /* owned: where key-frame requests go upstream */
  GMutex lock;
  gint64 last_key_request_us; /* under lock */
};

static GstCaps *
unix_timestamp_caps (void)
{
  static GstCaps *caps;

  if (g_once_init_enter (&caps))
    {
      GstCaps *new_caps = gst_caps_new_empty_simple ("timestamp/x-unix");

      GST_MINI_OBJECT_FLAG_SET (new_caps, GST_MINI_OBJECT_FLAG_MAY_BE_LEAKED);
      g_once_init_leave (&caps, new_caps);
    }
  return caps;
}

GstBuffer *
hub_sim_au_with_capture_time (GstBuffer *au, gint64 capture_us)
{
  GstBuffer *copy = gst_buffer_copy (au);

  gst_buffer_add_reference_timestamp_meta (
      copy, unix_timestamp_caps (), (GstClockTime)capture_us * GST_USECOND, GST_CLOCK_TIME_NONE);
  return copy;
}

/* Now, less the time since the frame's running time (the encoding delay). */
gint64
hub_sim_sample_capture_time_us (GstAppSink *appsink, GstSample *sample)
{
  g_autoptr (GstClock) clock = gst_element_get_clock (GST_ELEMENT (appsink));
  const GstSegment *segment = gst_sample_get_segment (sample);
  GstBuffer *au = gst_sample_get_buffer (sample);
  gint64 capture_us = g_get_real_time ();
  GstClockTime running_time
      = segment ? gst_segment_to_running_time (segment, GST_FORMAT_TIME, GST_BUFFER_PTS (au))
                : GST_CLOCK_TIME_NONE;

  if (clock != NULL && GST_CLOCK_TIME_IS_VALID (running_time))
    {
      GstClockTime now = gst_clock_get_time (clock);
      GstClockTime base = gst_element_get_base_time (GST_ELEMENT (appsink));

      if (now >= base + running_time)
        capture_us -= (now - base - running_time) / GST_USECOND;
    }
  return capture_us;
}

void
hub_sim_encoder_configure (HubSimCamera *camera, GstElement *x264enc, GstElement *h264parse,
                           GstElement *au_filter)
{
  g_autoptr (GstCaps) au_caps
      = gst_caps_from_string ("video/x-h264, stream-format=byte-stream, alignment=au");

  gst_util_set_object_arg (G_OBJECT (x264enc), "tune", "zerolatency");
  gst_util_set_object_arg (G_OBJECT (x264enc), "speed-preset", "ultrafast");
  g_object_set (x264enc, "key-int-max", camera->fps, "bframes", 0, "sliced-threads", TRUE,
                "bitrate", camera->bitrate_kbps, NULL);
  g_object_set (h264parse, "config-interval", -1, NULL);
  g_object_set (au_filter, "caps", au_caps, NULL);
}

static GstFlowReturn
on_encoded (GstAppSink *appsink, gpointer user_data)
{
  HubSimSessionEncoder *self = user_data;
  g_autoptr (GstSample) sample = gst_app_sink_pull_sample (appsink);
  g_autoptr (HubSimCamera) camera = NULL;
  GstBuffer *au;
  GstCaps *caps;

  if (sample == NULL)
    return GST_FLOW_FLUSHING;
  camera = g_weak_ref_get (&self->camera);
  if (camera == NULL)
    return GST_FLOW_OK;
  au = hub_sim_au_with_capture_time (gst_sample_get_buffer (sample),
                                     hub_sim_sample_capture_time_us (appsink, sample));
  caps = gst_sample_get_caps (sample);

  g_mutex_lock (&camera->lock);
  for (guint i = 0; i < camera->viewers->len; i++)
    {
      HubSimViewer *viewer = g_ptr_array_index (camera->viewers, i);

      if (viewer->session == self->session)
        hub_sim_viewer_feed_locked (camera, viewer, au, caps);
    }
  g_mutex_unlock (&camera->lock);
  gst_buffer_unref (au);
  return GST_FLOW_OK;
}

/* Its bus has no watch: messages are dropped as they come, errors logged. */
static GstBusSyncReply
on_bus_message (GstBus *bus, GstMessage *message, gpointer user_data)
{
  if (GST_MESSAGE_TYPE (message) == GST_MESSAGE_ERROR)
    {
      g_autoptr (GError) error = NULL;

      gst_message_parse_error (message, &error, NULL);
      g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_WARNING, "MESSAGE",
                        "%s: session encoder failed: %s",
                        GST_OBJECT_NAME (GST_MESSAGE_SRC (message)), error->message);
    }
  gst_message_unref (message);
  return GST_BUS_DROP;
}

HubSimSessionEncoder *
hub_sim_session_encoder_new (HubSimCamera *camera, HubSimSession *session, GError **error)
{
  g_autofree char *name
      = g_strdup_printf ("camera-%s-session-%.8s", camera->device_id, session->nonce_hex);
  g_autoptr (GstCaps) raw_caps = gst_video_info_to_caps (&camera->video_info);
  GstAppSinkCallbacks callbacks = { 0 };
  GstElement *src, *enc, *parse, *au_filter, *sink;
  HubSimSessionEncoder *self;

  src = hub_sim_make_element ("appsrc", NULL);
  enc = hub_sim_make_element ("x264enc", NULL);
  parse = hub_sim_make_element ("h264parse", NULL);
  au_filter = hub_sim_make_element ("capsfilter", NULL);
  sink = hub_sim_make_element ("appsink", NULL);
  if (src == NULL || enc == NULL || parse == NULL || au_filter == NULL || sink == NULL)
    {
      hub_sim_discard_element (&src);
      hub_sim_discard_element (&enc);
      hub_sim_discard_element (&parse);
      hub_sim_discard_element (&au_filter);
      hub_sim_discard_element (&sink);
      g_set_error (error, GST_CORE_ERROR, GST_CORE_ERROR_MISSING_PLUGIN,
                   "camera %s: a GStreamer element is missing (appsrc, x264enc, h264parse, "
                   "appsink)",
                   camera->device_id);
      return NULL;
    }

  self = g_new0 (HubSimSessionEncoder, 1);
  g_mutex_init (&self->lock);
  g_weak_ref_init (&self->camera, camera);
  self->session = hub_sim_session_ref (session);
  self->pipeline = gst_object_ref_sink (gst_pipeline_new (name));
  self->appsrc = src;

  /* a picture the encoder cannot take at once is left out, never queued up */
  g_object_set (src, "is-live", TRUE, "do-timestamp", TRUE, "format", GST_FORMAT_TIME, "caps",
                raw_caps, "max-buffers", (guint64)4, "block", FALSE, NULL);
  gst_util_set_object_arg (G_OBJECT (src), "leaky-type", "upstream");
  hub_sim_encoder_configure (camera, enc, parse, au_filter);
  g_object_set (sink, "sync", FALSE, "max-buffers", 8, "drop", FALSE, "enable-last-sample", FALSE,
                NULL);
  callbacks.new_sample = on_encoded;
  gst_app_sink_set_callbacks (GST_APP_SINK (sink), &callbacks, self, NULL);

  gst_bus_set_sync_handler (GST_ELEMENT_BUS (self->pipeline), on_bus_message, NULL, NULL);
  gst_bin_add_many (GST_BIN (self->pipeline), src, enc, parse, au_filter, sink, NULL);
  self->appsink_pad = gst_element_get_static_pad (sink, "sink");
  if (!gst_element_link_many (src, enc, parse, au_filter, sink, NULL)
      || gst_element_set_state (self->pipeline, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE)
    {
      g_set_error (error, GST_CORE_ERROR, GST_CORE_ERROR_STATE_CHANGE,
                   "camera %s: the encoder of session %.8s does not start", camera->device_id,
                   session->nonce_hex);
      hub_sim_session_encoder_free (self);
      return NULL;
    }
  g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_MESSAGE, "CAMERA", camera->device_id, "MESSAGE",
                    "camera=%s session=%.8s encoder started", camera->device_id,
                    session->nonce_hex);
  return self;
}

HubSimSession *
hub_sim_session_encoder_get_session (HubSimSessionEncoder *self)
{
  return self->session;
}

void
hub_sim_session_encoder_push (HubSimSessionEncoder *self, GstBuffer *raw, const GstVideoInfo *info,
                              guint index, guint counter)
{
  GstBuffer *copy = gst_buffer_copy_deep (raw);
  GstVideoFrame frame;

  GST_BUFFER_PTS (copy) = GST_BUFFER_DTS (copy) = GST_CLOCK_TIME_NONE;
  if (!gst_video_frame_map (&frame, info, copy, GST_MAP_WRITE))
    {
      gst_buffer_unref (copy);
      return;
    }
  hub_sim_marker_paint (&frame, index, counter, self->session->nonce);
  gst_video_frame_unmap (&frame);
  gst_app_src_push_buffer (GST_APP_SRC (self->appsrc), copy);
}

void
hub_sim_session_encoder_request_key_frame (HubSimSessionEncoder *self, const char *why)
{
  gint64 now = g_get_monotonic_time ();
  gboolean send;

  g_mutex_lock (&self->lock);
  send = now - self->last_key_request_us >= KEY_REQUEST_INTERVAL_US;
  if (send)
    self->last_key_request_us = now;
  g_mutex_unlock (&self->lock);
  if (!send)
    return;
  GST_DEBUG ("session=%.8s key frame requested (%s)", self->session->nonce_hex, why);
  gst_pad_push_event (self->appsink_pad,
                      gst_video_event_new_upstream_force_key_unit (GST_CLOCK_TIME_NONE, TRUE, 0));
}

void
hub_sim_session_encoder_free (HubSimSessionEncoder *self)
{
  if (self == NULL)
    return;
  if (self->pipeline != NULL)
    gst_element_set_state (self->pipeline, GST_STATE_NULL);
  gst_clear_object (&self->appsink_pad);
  gst_clear_object (&self->pipeline);
  g_clear_pointer (&self->session, hub_sim_session_unref);
  g_weak_ref_clear (&self->camera);
  g_mutex_clear (&self->lock);
  g_free (self);
}
