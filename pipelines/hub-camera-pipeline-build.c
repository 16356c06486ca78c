/* hub-camera-pipeline-build.c — the elements of a camera pipeline, and the count of what is alive
 *
 * Copyright 2026 hubview developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 *   (rtspsrc, per connection: hub-rtsp-source.c) → rtph264depay → h264parse
 *     → capsfilter (NAL-aligned) → hubverifygate → decoder (highest rank)
 *     → videoconvert → the caller's sink
 */
#define G_LOG_DOMAIN "hub-camera-pipeline"

#include "hub-camera-pipeline-private.h"

#include <sodium.h>

#include "hub-elements.h"
#include "hub-rtsp-source.h"

/* what hub_camera_pipeline_count_alive() counts: the HubCameraPipelines,
 * their GstPipelines and sinks (and sources still being closed) */
static gint n_alive;

static void
on_finalized (gpointer data, GObject *where_the_object_was)
{
  (void) g_atomic_int_dec_and_test (&n_alive);
}

void
hub_camera_pipeline_count_object (GObject *object)
{
  g_atomic_int_inc (&n_alive);
  g_object_weak_ref (object, on_finalized, NULL);
}

guint
hub_camera_pipeline_count_alive (void)
{
  return (guint) g_atomic_int_get (&n_alive) + hub_rtsp_source_count_closing ();
}

static GstElement *
make_decoder (char **name)
{
  g_autoptr (GstCaps) caps
      = gst_caps_from_string ("video/x-h264, stream-format=byte-stream, alignment=au");
  GList *all = gst_element_factory_list_get_elements (
      GST_ELEMENT_FACTORY_TYPE_DECODER | GST_ELEMENT_FACTORY_TYPE_MEDIA_VIDEO, GST_RANK_MARGINAL);
  GList *usable = gst_element_factory_list_filter (all, caps, GST_PAD_SINK, FALSE);
  GstElement *decoder = NULL;

  /* highest rank first: v4l2 stateful decoders on a Pi, avdec_h264 here */
  usable = g_list_sort (usable, (GCompareFunc) gst_plugin_feature_rank_compare_func);
  for (GList *l = usable; l != NULL && decoder == NULL; l = l->next)
    {
      decoder = gst_element_factory_create (l->data, NULL);
      if (decoder != NULL)
        *name = g_strdup (gst_plugin_feature_get_name (l->data));
    }
  gst_plugin_feature_list_free (usable);
  gst_plugin_feature_list_free (all);
  return decoder;
}

gboolean
hub_camera_pipeline_build (HubCameraPipeline *self)
{
  GstElement *parse, *nalcaps, *decoder, *convert;
  g_autoptr (GstElementFactory) rtspsrc = NULL;
  g_autoptr (GstCaps) caps
      = gst_caps_from_string ("video/x-h264, stream-format=byte-stream, alignment=nal");
  char key_hex[2 * HUB_PUBLIC_KEY_SIZE + 1], nonce_hex[2 * HUB_NONCE_SIZE + 1];

  hub_elements_register ();
  sodium_bin2hex (key_hex, sizeof key_hex, self->public_key, HUB_PUBLIC_KEY_SIZE);
  sodium_bin2hex (nonce_hex, sizeof nonce_hex, self->nonce, HUB_NONCE_SIZE);

  self->pipeline = gst_pipeline_new (self->device_id);
  hub_camera_pipeline_count_object (G_OBJECT (self->pipeline));
  rtspsrc = gst_element_factory_find ("rtspsrc");
  self->depay = gst_element_factory_make ("rtph264depay", "depay");
  parse = gst_element_factory_make ("h264parse", "parse");
  nalcaps = gst_element_factory_make ("capsfilter", "nalcaps");
  self->gate = gst_element_factory_make ("hubverifygate", "gate");
  decoder = make_decoder (&self->decoder_name);
  convert = gst_element_factory_make ("videoconvert", "convert");
  /* what was made goes into the bin, so that it goes with the bin on failure */
  {
    GstElement *made[] = { self->depay, parse, nalcaps, self->gate, decoder, convert };
    gboolean complete = rtspsrc != NULL;

    for (guint i = 0; i < G_N_ELEMENTS (made); i++)
      {
        if (made[i] != NULL)
          gst_bin_add (GST_BIN (self->pipeline), made[i]);
        else
          complete = FALSE;
      }
    if (!complete)
      {
        g_warning ("camera=%s a GStreamer element is missing (rtspsrc, rtph264depay, h264parse, "
                   "an H.264 decoder, videoconvert)",
                   self->device_id);
        self->depay = self->gate = NULL;
        g_clear_object (&self->pipeline);
        return FALSE;
      }
  }

  g_object_set (nalcaps, "caps", caps, NULL);
  g_object_set (self->gate, "device-id", self->device_id, "public-key", key_hex, "nonce", nonce_hex,
                NULL);
  /* the bin takes a reference of its own on the sink (not floating: ours
   * since hub_camera_pipeline_new), and drops it when it is torn down */
  gst_bin_add (GST_BIN (self->pipeline), self->sink);
  if (!gst_element_link_many (self->depay, parse, nalcaps, self->gate, decoder, convert, self->sink,
                              NULL))
    {
      g_warning ("camera=%s could not link the pipeline", self->device_id);
      g_clear_object (&self->pipeline);
      return FALSE;
    }

  return TRUE;
}
