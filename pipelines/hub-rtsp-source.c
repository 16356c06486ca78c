/* hub-rtsp-source.c — the rtspsrc of one camera connection, and how it is closed
 *
 * Copyright 2026 hubview developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * GStreamer 1.22's rtspsrc frees its streams when its close (the TEARDOWN,
 * run on its own thread from PAUSED→READY) ends, without the lock under
 * which READY→NULL walks them: a source set to NULL while the camera has
 * not answered the TEARDOWN yet (rtspsrc waits only 100 ms by default) can
 * crash the process. So a source that ends leaves its pipeline at once, and
 * a worker takes it to READY, waiting for the close to end (answered, failed
 * after the TCP timeout, or cut short by rtspsrc itself), and only then to
 * NULL. The main thread never waits on the network.
 */
#define G_LOG_DOMAIN "hub-camera-pipeline"

#include "hub-rtsp-source.h"

/* an RTSP request without an answer fails after this long; closing a
 * source (TEARDOWN sent, answered or timed out) is waited for this long */
#define RTSP_TCP_TIMEOUT_US (5 * G_USEC_PER_SEC)
#define RTSP_TEARDOWN_WAIT_NS (2 * RTSP_TCP_TIMEOUT_US * GST_USECOND + GST_SECOND)

static gint n_closing;

static void
on_pad_added (GstElement *src, GstPad *pad, gpointer user_data)
{
  GstElement *depay = user_data;
  g_autoptr (GstPad) sinkpad = gst_element_get_static_pad (depay, "sink");
  g_autoptr (GstCaps) caps = gst_pad_query_caps (pad, NULL);
  GstStructure *s = gst_caps_get_size (caps) > 0 ? gst_caps_get_structure (caps, 0) : NULL;
  const char *media = s ? gst_structure_get_string (s, "media") : NULL;

  if (g_strcmp0 (media, "video") != 0 || gst_pad_is_linked (sinkpad))
    return;
  if (gst_pad_link (pad, sinkpad) != GST_PAD_LINK_OK)
    {
      g_autoptr (GstObject) pipeline = gst_object_get_parent (GST_OBJECT (depay));

      g_warning ("camera=%s could not link the RTSP video pad",
                 pipeline ? GST_OBJECT_NAME (pipeline) : "?");
    }
}

GstElement *
hub_rtsp_source_new (const char *url, guint latency_ms, GstElement *depay)
{
  GstElement *src;

  g_return_val_if_fail (url != NULL, NULL);
  g_return_val_if_fail (GST_IS_ELEMENT (depay), NULL);

  src = gst_element_factory_make ("rtspsrc", "src");
  if (src == NULL)
    return NULL;
  g_object_set (src, "location", url, "latency", latency_ms, "drop-on-latency", TRUE, "timeout",
                (guint64) 2 * G_USEC_PER_SEC, "tcp-timeout", (guint64) RTSP_TCP_TIMEOUT_US,
                "teardown-timeout", (guint64) RTSP_TEARDOWN_WAIT_NS, NULL);
  g_signal_connect_data (src, "pad-added", G_CALLBACK (on_pad_added), gst_object_ref (depay),
                         (GClosureNotify) (void (*) (void)) gst_object_unref, 0);
  return src;
}

static void
close_source (gpointer data, gpointer user_data)
{
  GstElement *src = data;

  gst_element_set_state (src, GST_STATE_READY);
  gst_element_set_state (src, GST_STATE_NULL);
  gst_object_unref (src);
  (void) g_atomic_int_dec_and_test (&n_closing);
}

void
hub_rtsp_source_retire (GstBin *bin, GstElement *src)
{
  static gsize pool;

  g_return_if_fail (GST_IS_BIN (bin));
  g_return_if_fail (GST_IS_ELEMENT (src));

  if (g_once_init_enter (&pool))
    g_once_init_leave (&pool, (gsize) g_thread_pool_new (close_source, NULL, -1, FALSE, NULL));
  g_signal_handlers_disconnect_matched (src, G_SIGNAL_MATCH_FUNC, 0, 0, NULL, on_pad_added, NULL);
  gst_object_ref (src);
  gst_bin_remove (bin, src); /* unlinks it; it keeps its state */
  g_atomic_int_inc (&n_closing);
  g_thread_pool_push ((GThreadPool *) pool, src, NULL);
}

guint
hub_rtsp_source_count_closing (void)
{
  return (guint) g_atomic_int_get (&n_closing);
}
