/* test-paintable-sink.c — hubpaintablesink: a verified frame becomes a
 * texture of the right size with its identity; unverified frames are
 * refused; flush and stop clear what could be painted. */
#include "hub-test-support.h"

#include <gst/check/gstharness.h>
#include <gtk/gtk.h>

#include "hub-paintable-sink.h"

static const guint8 nonce[16] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 };

static GstBuffer *
make_frame (guint w, guint h, guint8 value, gboolean with_identity, guint64 counter)
{
  GstBuffer *b = gst_buffer_new_allocate (NULL, w * h * 4, NULL);

  gst_buffer_memset (b, 0, value, w * h * 4);
  if (with_identity)
    {
      HubFrameIdentity id = { .counter = counter, .capture_time_us = 1 };

      g_strlcpy (id.device_id, "cam-frontdoor", sizeof id.device_id);
      memcpy (id.nonce, nonce, sizeof id.nonce);
      hub_buffer_add_frame_identity_meta (b, &id);
    }
  return b;
}

static void
iterate (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static GstHarness *
new_harness (HubPaintableSink **sink, guint w, guint h)
{
  GstElement *e = gst_element_factory_make ("hubpaintablesink", NULL);
  GstHarness *hh;
  g_autofree char *caps = g_strdup_printf (
      "video/x-raw, format=BGRx, width=%u, height=%u, framerate=30/1", w, h);

  g_object_set (e, "sync", FALSE, NULL);
  *sink = HUB_PAINTABLE_SINK (e);
  hh = gst_harness_new_with_element (e, "sink", NULL);
  gst_object_unref (e);
  gst_harness_set_src_caps_str (hh, caps);
  return hh;
}

static void
test_frame_becomes_texture (void)
{
  HubPaintableSink *sink;
  GstHarness *h = new_harness (&sink, 64, 36);
  GdkPaintable *paintable = hub_paintable_sink_get_paintable (sink);
  g_autoptr (GdkPaintable) image = NULL;
  HubFrameIdentity id;
  guint8 pixels[64 * 36 * 4];

  g_assert_false (hub_paintable_sink_get_identity (sink, &id));
  g_assert_cmpint (gdk_paintable_get_intrinsic_width (paintable), ==, 0);

  g_assert_cmpint (gst_harness_push (h, make_frame (64, 36, 0x80, TRUE, 7)), ==, GST_FLOW_OK);
  iterate ();
  g_assert_cmpint (gdk_paintable_get_intrinsic_width (paintable), ==, 64);
  g_assert_cmpint (gdk_paintable_get_intrinsic_height (paintable), ==, 36);
  g_assert_cmpfloat_with_epsilon (gdk_paintable_get_intrinsic_aspect_ratio (paintable),
                                  64.0 / 36.0, 1e-9);
  g_assert_true (hub_paintable_sink_get_identity (sink, &id));
  g_assert_cmpstr (id.device_id, ==, "cam-frontdoor");
  g_assert_cmpuint (id.counter, ==, 7);
  g_assert_true (hub_frame_identity_matches (&id, "cam-frontdoor", nonce));

  image = gdk_paintable_get_current_image (paintable);
  g_assert_true (GDK_IS_TEXTURE (image));
  g_assert_cmpint (gdk_texture_get_width (GDK_TEXTURE (image)), ==, 64);
  gdk_texture_download (GDK_TEXTURE (image), pixels, 64 * 4);
  g_assert_cmpuint (pixels[0], ==, 0x80);
  g_assert_cmpuint (pixels[64 * 36 * 4 - 2], ==, 0x80);

  /* many frames between two main-loop turns: only the newest is kept */
  for (guint i = 0; i < 5; i++)
    gst_harness_push (h, make_frame (64, 36, 0x10 + i, TRUE, 8 + i));
  iterate ();
  g_assert_true (hub_paintable_sink_get_identity (sink, &id));
  g_assert_cmpuint (id.counter, ==, 12);

  gst_harness_teardown (h);
}

static void
test_unverified_frame_refused (void)
{
  HubPaintableSink *sink;
  GstHarness *h = new_harness (&sink, 32, 32);
  HubFrameIdentity id;

  gst_harness_push (h, make_frame (32, 32, 0xff, FALSE, 0));
  iterate ();
  g_assert_false (hub_paintable_sink_get_identity (sink, &id));
  g_assert_cmpint (gdk_paintable_get_intrinsic_width (hub_paintable_sink_get_paintable (sink)),
                   ==, 0);
  g_assert_cmpuint (hub_paintable_sink_get_refused (sink), ==, 1);

  /* a verified frame then an unverified one: the verified one stays */
  gst_harness_push (h, make_frame (32, 32, 0x20, TRUE, 1));
  gst_harness_push (h, make_frame (32, 32, 0xff, FALSE, 0));
  iterate ();
  g_assert_true (hub_paintable_sink_get_identity (sink, &id));
  g_assert_cmpuint (id.counter, ==, 1);
  g_assert_cmpuint (hub_paintable_sink_get_refused (sink), ==, 2);
  gst_harness_teardown (h);
}

static void
test_flush_and_stop_clear (void)
{
  HubPaintableSink *sink;
  GstHarness *h = new_harness (&sink, 32, 32);
  GdkPaintable *paintable = g_object_ref (hub_paintable_sink_get_paintable (sink));
  HubFrameIdentity id;
  GstSegment segment;

  gst_harness_push (h, make_frame (32, 32, 0x20, TRUE, 1));
  iterate ();
  g_assert_true (hub_paintable_sink_get_identity (sink, &id));
  gst_harness_push_event (h, gst_event_new_flush_start ());
  gst_harness_push_event (h, gst_event_new_flush_stop (TRUE));
  gst_segment_init (&segment, GST_FORMAT_TIME);
  gst_harness_push_event (h, gst_event_new_segment (&segment));
  iterate ();
  g_assert_false (hub_paintable_sink_get_identity (sink, &id));
  g_assert_cmpint (gdk_paintable_get_intrinsic_width (paintable), ==, 0);

  /* a frame pushed then the pipeline stopped before the main loop ran */
  gst_harness_push (h, make_frame (32, 32, 0x20, TRUE, 2));
  gst_element_set_state (h->element, GST_STATE_NULL);
  iterate ();
  g_assert_false (hub_paintable_sink_get_identity (sink, &id));
  gst_harness_teardown (h);
  iterate ();
  g_object_unref (paintable);
}

/* A frame rendered with some caps, then new caps arrive before the main
 * loop takes the frame: the frame is mapped with the caps it was rendered
 * with (its own size, its own bytes), not the new ones. */
static void
test_caps_change_before_idle (void)
{
  HubPaintableSink *sink;
  GstHarness *h = new_harness (&sink, 32, 16);
  GdkPaintable *paintable = hub_paintable_sink_get_paintable (sink);
  g_autoptr (GdkPaintable) image = NULL;
  HubFrameIdentity id;
  guint8 pixels[32 * 16 * 4];

  g_assert_cmpint (gst_harness_push (h, make_frame (32, 16, 0x33, TRUE, 5)), ==, GST_FLOW_OK);
  /* larger caps now: mapping the 32×16 buffer as 64×36 would read past it */
  gst_harness_set_src_caps_str (h, "video/x-raw, format=BGRx, width=64, height=36, "
                                   "framerate=30/1");
  iterate ();
  g_assert_true (hub_paintable_sink_get_identity (sink, &id));
  g_assert_cmpuint (id.counter, ==, 5);
  g_assert_cmpint (gdk_paintable_get_intrinsic_width (paintable), ==, 32);
  g_assert_cmpint (gdk_paintable_get_intrinsic_height (paintable), ==, 16);
  image = gdk_paintable_get_current_image (paintable);
  g_assert_true (GDK_IS_TEXTURE (image));
  g_assert_cmpint (gdk_texture_get_width (GDK_TEXTURE (image)), ==, 32);
  g_assert_cmpint (gdk_texture_get_height (GDK_TEXTURE (image)), ==, 16);
  gdk_texture_download (GDK_TEXTURE (image), pixels, 32 * 4);
  g_assert_cmpuint (pixels[0], ==, 0x33);
  g_assert_cmpuint (pixels[sizeof pixels - 2], ==, 0x33);
  g_clear_object (&image);

  /* the next frame, of the new caps, is 64×36 */
  g_assert_cmpint (gst_harness_push (h, make_frame (64, 36, 0x44, TRUE, 6)), ==, GST_FLOW_OK);
  iterate ();
  g_assert_cmpint (gdk_paintable_get_intrinsic_width (paintable), ==, 64);
  g_assert_cmpint (gdk_paintable_get_intrinsic_height (paintable), ==, 36);
  gst_harness_teardown (h);
}

int
main (int argc, char *argv[])
{
  gst_init (&argc, &argv);
  gtk_test_init (&argc, &argv, NULL);
  GST_ELEMENT_REGISTER (hubpaintablesink, NULL);
  g_test_add_func ("/hub/paintable-sink/frame-becomes-texture", test_frame_becomes_texture);
  g_test_add_func ("/hub/paintable-sink/unverified-refused", test_unverified_frame_refused);
  g_test_add_func ("/hub/paintable-sink/flush-and-stop-clear", test_flush_and_stop_clear);
  g_test_add_func ("/hub/paintable-sink/caps-change-before-idle", test_caps_change_before_idle);
  return g_test_run ();
}
