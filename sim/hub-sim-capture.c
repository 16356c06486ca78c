/* hub-sim-capture.c — the capture of a simulated camera
 *
 * Copyright 2026 hubview developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Runs whether or not anyone watches:
 *
 *   videotestsrc is-live ! video/x-raw,I420 ! [textoverlay ! clockoverlay]
 *     ! (pad probe) ! x264enc ! h264parse ! appsink
 *
 * The probe hands each raw picture to the encoder of every watched session
 * (hub-sim-session-encoder.c), then paints the strip of the camera's decoy
 * session into it (docs/marker-strip.md). The capture's own units are kept
 * for the faults: the latest for cross-feed, the latest key unit for
 * wrong-session.
 */
#define G_LOG_DOMAIN "hub-sim-camera"

#include "hub-sim-capture.h"

#include <string.h>

#include <gst/app/app.h>

#include "hub-sim-marker.h"
#include "hub-sim-session-encoder.h"
#include "hub-sim-viewer.h"

#define GST_CAT_DEFAULT hub_sim_camera_debug

/* ------------------------------------------------------------------------ */
/* Cross-feed                                                               */

/* Process-wide list of cameras, for cross-feed. */
static GMutex registry_lock;
static GPtrArray *registry;

void
hub_sim_capture_register (HubSimCamera *self)
{
  g_mutex_lock (&registry_lock);
  if (registry == NULL)
    registry = g_ptr_array_new ();
  if (!g_ptr_array_find (registry, self, NULL))
    g_ptr_array_add (registry, self);
  g_mutex_unlock (&registry_lock);
}

void
hub_sim_capture_unregister (HubSimCamera *self)
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
GstBuffer *
hub_sim_capture_take_foreign_au (guint not_index, guint *index, char **device_id, guint8 *seed)
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
      memcpy (seed, best->seed, HUB_SIM_SEED_SIZE);
    }
  g_mutex_unlock (&registry_lock);
  return au;
}

/* ------------------------------------------------------------------------ */
/* The capture                                                              */

/* Each raw picture goes to the encoder of every session with a viewer, which
 * paints its session into a copy; the capture's own encoder paints the
 * camera's decoy session (see docs/marker-strip.md). */
static GstPadProbeReturn
on_raw_frame (GstPad *pad, GstPadProbeInfo *info, gpointer user_data)
{
  HubSimCamera *self = user_data;
  GstBuffer *buf = gst_buffer_make_writable (GST_PAD_PROBE_INFO_BUFFER (info));
  guint counter = (guint)(self->frame_number % 1024);
  GstVideoFrame frame;

  GST_PAD_PROBE_INFO_DATA (info) = buf;
  g_mutex_lock (&self->lock);
  for (guint i = 0; i < self->encoders->len; i++)
    hub_sim_session_encoder_push (g_ptr_array_index (self->encoders, i), buf, &self->video_info,
                                  self->index, counter);
  g_mutex_unlock (&self->lock);
  if (gst_video_frame_map (&frame, &self->video_info, buf, GST_MAP_WRITE))
    {
      hub_sim_marker_paint (&frame, self->index, counter, self->decoy_nonce);
      gst_video_frame_unmap (&frame);
    }
  self->frame_number++;
  return GST_PAD_PROBE_OK;
}

/* The capture's own units: the latest stays for cross-feed, the latest key
 * unit for wrong-session. */
static GstFlowReturn
on_new_sample (GstAppSink *appsink, gpointer user_data)
{
  HubSimCamera *self = user_data;
  g_autoptr (GstSample) sample = gst_app_sink_pull_sample (appsink);
  GstBuffer *au;
  GstCaps *caps;

  if (sample == NULL)
    return GST_FLOW_FLUSHING;
  au = hub_sim_au_with_capture_time (gst_sample_get_buffer (sample),
                                     hub_sim_sample_capture_time_us (appsink, sample));
  caps = gst_sample_get_caps (sample);

  g_mutex_lock (&self->lock);
  gst_buffer_replace (&self->last_au, au);
  if (!GST_BUFFER_FLAG_IS_SET (au, GST_BUFFER_FLAG_DELTA_UNIT))
    gst_buffer_replace (&self->last_key_au, au);
  if (caps != NULL && (self->caps == NULL || !gst_caps_is_equal (self->caps, caps)))
    gst_caps_replace (&self->caps, caps);
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

gboolean
hub_sim_capture_start (HubSimCamera *self, GError **error)
{
  g_autoptr (GstElement) pipeline = NULL;
  g_autoptr (GstCaps) raw_caps = NULL;
  g_autoptr (GstPad) enc_sink = NULL;
  g_autofree char *pipeline_name = g_strdup_printf ("camera-%s", self->device_id);
  GstElement *src, *raw_filter, *text, *clock_overlay, *enc, *parse, *au_filter, *sink;
  GstAppSinkCallbacks callbacks = { 0 };
  guint strip = hub_sim_marker_height (self->height);

  g_assert (HUB_IS_SIM_CAMERA (self));

  pipeline = gst_object_ref_sink (gst_pipeline_new (pipeline_name));
  src = hub_sim_make_element ("videotestsrc", NULL);
  raw_filter = hub_sim_make_element ("capsfilter", NULL);
  enc = hub_sim_make_element ("x264enc", NULL);
  parse = hub_sim_make_element ("h264parse", NULL);
  au_filter = hub_sim_make_element ("capsfilter", NULL);
  sink = hub_sim_make_element ("appsink", NULL);
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
      hub_sim_discard_element (&src);
      hub_sim_discard_element (&raw_filter);
      hub_sim_discard_element (&enc);
      hub_sim_discard_element (&parse);
      hub_sim_discard_element (&au_filter);
      hub_sim_discard_element (&sink);
      hub_sim_discard_element (&text);
      hub_sim_discard_element (&clock_overlay);
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
                    TRUE, "ypad", (int)(strip + strip / 3), "xpad", (int)(strip / 4), NULL);
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

  hub_sim_encoder_configure (self, enc, parse, au_filter);

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

void
hub_sim_capture_stop (HubSimCamera *self)
{
  g_autoptr (GPtrArray) encoders = NULL;

  g_assert (HUB_IS_SIM_CAMERA (self));

  if (self->pipeline == NULL)
    return;
  gst_element_set_state (self->pipeline, GST_STATE_NULL);
  g_clear_handle_id (&self->bus_watch_id, g_source_remove);
  gst_clear_object (&self->pipeline);

  g_mutex_lock (&self->lock);
  gst_clear_buffer (&self->last_au);
  gst_clear_buffer (&self->last_key_au);
  encoders = g_steal_pointer (&self->encoders);
  self->encoders = g_ptr_array_new ();
  g_mutex_unlock (&self->lock);

  /* outside the lock: an encoder's thread takes it to feed viewers */
  for (guint i = 0; i < encoders->len; i++)
    hub_sim_session_encoder_free (g_ptr_array_index (encoders, i));
}
/* ------------------------------------------------------------------------ */
/* Session encoders                                                         */

static HubSimSessionEncoder *
find_encoder_locked (HubSimCamera *self, HubSimSession *session, guint *index)
{
  for (guint i = 0; i < self->encoders->len; i++)
    {
      HubSimSessionEncoder *encoder = g_ptr_array_index (self->encoders, i);

      if (hub_sim_session_encoder_get_session (encoder) == session)
        {
          if (index != NULL)
            *index = i;
          return encoder;
        }
    }
  return NULL;
}

gboolean
hub_sim_capture_attach_session_locked (HubSimCamera *self, HubSimSession *session, GError **error)
{
  HubSimSessionEncoder *encoder;

  if (find_encoder_locked (self, session, NULL) != NULL)
    return TRUE;
  encoder = hub_sim_session_encoder_new (self, session, error);
  if (encoder == NULL)
    return FALSE;
  g_ptr_array_add (self->encoders, encoder);
  return TRUE;
}

static gboolean
free_encoder (gpointer data)
{
  hub_sim_session_encoder_free (data);
  return G_SOURCE_REMOVE;
}

void
hub_sim_capture_detach_session_locked (HubSimCamera *self, HubSimSession *session)
{
  HubSimSessionEncoder *encoder;
  guint index = 0;

  for (guint i = 0; i < self->viewers->len; i++)
    if (((HubSimViewer *)g_ptr_array_index (self->viewers, i))->session == session)
      return; /* still watched */
  encoder = find_encoder_locked (self, session, &index);
  if (encoder == NULL)
    return;
  g_ptr_array_remove_index (self->encoders, index);
  /* stopped later on the main context, never under the lock its thread takes */
  if (self->context != NULL)
    {
      GSource *source = g_idle_source_new ();

      g_source_set_callback (source, free_encoder, encoder, NULL);
      g_source_attach (source, self->context);
      g_source_unref (source);
    }
}

void
hub_sim_capture_request_key_frame (HubSimCamera *self, HubSimSession *session, const char *why)
{
  HubSimSessionEncoder *encoder;

  g_mutex_lock (&self->lock);
  encoder = find_encoder_locked (self, session, NULL);
  if (encoder != NULL)
    hub_sim_session_encoder_request_key_frame (encoder, why);
  g_mutex_unlock (&self->lock);
}

GstBuffer *
hub_sim_capture_take_decoy_au (guint camera_index, guint8 *nonce)
{
  GstBuffer *au = NULL;

  g_mutex_lock (&registry_lock);
  for (guint i = 0; registry != NULL && i < registry->len && au == NULL; i++)
    {
      HubSimCamera *camera = g_ptr_array_index (registry, i);

      if (camera->index != camera_index)
        continue;
      g_mutex_lock (&camera->lock);
      if (camera->running && camera->last_key_au != NULL)
        {
          au = gst_buffer_ref (camera->last_key_au);
          memcpy (nonce, camera->decoy_nonce, HUB_NONCE_SIZE);
        }
      g_mutex_unlock (&camera->lock);
    }
  g_mutex_unlock (&registry_lock);
  return au;
}
