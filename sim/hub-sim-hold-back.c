/* hub-sim-hold-back.c — the hold-back fault's delay line
 *
 * Copyright 2026 hubview developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#define G_LOG_DOMAIN "hub-sim-camera"

#include "hub-sim-hold-back.h"

typedef struct
{
  gint64 t0_us;      /* monotonic: the first unit came */
  GstClockTime base; /* its timestamp */
  gint64 hold_us;
  gboolean passed_first; /* queue thread */
} HoldBack;

/* A unit enters the hold-back queue: its timestamps become the time it came. */
static GstPadProbeReturn
on_hold_back_in (GstPad *pad, GstPadProbeInfo *info, gpointer user_data)
{
  HoldBack *hold = user_data;
  GstBuffer *buf = gst_buffer_make_writable (GST_PAD_PROBE_INFO_BUFFER (info));
  gint64 now = g_get_monotonic_time ();

  if (hold->t0_us == 0)
    {
      hold->t0_us = now;
      hold->base = GST_BUFFER_PTS_IS_VALID (buf) ? GST_BUFFER_PTS (buf) : 0;
    }
  GST_BUFFER_PTS (buf) = GST_BUFFER_DTS (buf)
      = hold->base + (GstClockTime)(now - hold->t0_us) * GST_USECOND;
  GST_PAD_PROBE_INFO_DATA (info) = buf;
  return GST_PAD_PROBE_OK;
}

/* A unit leaves it: not before it is hold_us old (the queue's own thread
 * waits, in steps, so that a flush ends the wait). */
static GstPadProbeReturn
on_hold_back_out (GstPad *pad, GstPadProbeInfo *info, gpointer user_data)
{
  HoldBack *hold = user_data;
  GstBuffer *buf = GST_PAD_PROBE_INFO_BUFFER (info);
  gint64 due;

  /* The first unit goes on at once: the RTSP server answers DESCRIBE once a
   * unit reached the payloader, and holds that one until PLAY. */
  if (!hold->passed_first)
    {
      hold->passed_first = TRUE;
      return GST_PAD_PROBE_OK;
    }
  if (!GST_BUFFER_PTS_IS_VALID (buf) || GST_BUFFER_PTS (buf) < hold->base)
    return GST_PAD_PROBE_OK;
  due = hold->t0_us + (gint64)((GST_BUFFER_PTS (buf) - hold->base) / GST_USECOND) + hold->hold_us;
  while (g_get_monotonic_time () < due && !GST_PAD_IS_FLUSHING (pad))
    g_usleep (MIN (due - g_get_monotonic_time (), 20 * G_TIME_SPAN_MILLISECOND));
  /* sent that much later: so say its timestamps, and the RTP timestamps
   * made from them, as a relay's clock would (the first unit's did not) */
  buf = gst_buffer_make_writable (buf);
  GST_BUFFER_PTS (buf) += (GstClockTime)hold->hold_us * GST_USECOND;
  GST_BUFFER_DTS (buf) = GST_BUFFER_PTS (buf);
  GST_PAD_PROBE_INFO_DATA (info) = buf;
  return GST_PAD_PROBE_OK;
}

GstElement *
hub_sim_hold_back_new (guint seconds)
{
  g_autoptr (GstPad) sink = NULL;
  g_autoptr (GstPad) src = NULL;
  GstElement *queue;
  HoldBack *hold;

  queue = gst_element_factory_make ("queue", NULL);
  if (queue == NULL)
    return NULL;
  g_object_set (queue, "max-size-buffers", 0, "max-size-bytes", 0, "max-size-time",
                (guint64)(seconds + 5) * GST_SECOND, NULL);
  hold = g_new0 (HoldBack, 1);
  hold->hold_us = (gint64)seconds * G_USEC_PER_SEC;
  g_object_set_data_full (G_OBJECT (queue), "hub-sim-hold-back", hold, g_free);
  sink = gst_element_get_static_pad (queue, "sink");
  gst_pad_add_probe (sink, GST_PAD_PROBE_TYPE_BUFFER, on_hold_back_in, hold, NULL);
  src = gst_element_get_static_pad (queue, "src");
  gst_pad_add_probe (src, GST_PAD_PROBE_TYPE_BUFFER, on_hold_back_out, hold, NULL);
  return queue;
}
