/* hub-sim-marker.c — the marker strip (docs/marker-strip.md)
 *
 * Copyright 2026 hubview developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#define G_LOG_DOMAIN "hub-sim-camera"

#include "hub-sim-marker.h"

#include <string.h>

#define MARKER_BLOCKS 16
#define MARKER_INDEX_BITS 4
#define MARKER_COUNTER_BITS 10
#define MARKER_SESSION_BITS 14
#define MARKER_Y_WHITE 235
#define MARKER_Y_BLACK 16
#define MARKER_CHROMA 128

/* A row of blocks: a white start block, @n_bits of @value (most significant
 * first), even parity over blocks 1..15. */
static void
row_bits (gboolean bits[MARKER_BLOCKS], guint b, guint value, guint n_bits)
{
  for (int i = n_bits - 1; i >= 0; i--)
    bits[b++] = (value >> i) & 1;
  if (b == MARKER_BLOCKS - 1)
    {
      guint ones = 0;

      for (guint i = 1; i < b; i++)
        ones += bits[i];
      bits[b] = ones & 1;
    }
}

/* The session's 14 bits: the first 14 bits of its nonce. */
static guint
session_bits (const guint8 *nonce)
{
  return ((guint)nonce[0] << 6) | (nonce[1] >> 2);
}

static void
paint_row (GstVideoFrame *frame, guint first_line, guint lines, const gboolean bits[MARKER_BLOCKS])
{
  guint height = GST_VIDEO_FRAME_HEIGHT (frame);

  for (guint c = 0; c < GST_VIDEO_FRAME_N_COMPONENTS (frame); c++)
    {
      guint8 *data = GST_VIDEO_FRAME_COMP_DATA (frame, c);
      gint stride = GST_VIDEO_FRAME_COMP_STRIDE (frame, c);
      guint cw = GST_VIDEO_FRAME_COMP_WIDTH (frame, c);
      guint ch = GST_VIDEO_FRAME_COMP_HEIGHT (frame, c);
      guint row0 = MIN ((guint)((guint64)first_line * ch / height), ch);
      guint row1 = MIN ((guint)((guint64)(first_line + lines) * ch / height), ch);

      for (guint row = row0; row < row1; row++)
        for (guint b = 0; b < MARKER_BLOCKS; b++)
          {
            guint x0 = b * cw / MARKER_BLOCKS;
            guint x1 = (b + 1) * cw / MARKER_BLOCKS;
            guint8 value = c == 0 ? (bits[b] ? MARKER_Y_WHITE : MARKER_Y_BLACK) : MARKER_CHROMA;

            memset (data + (gsize)row * stride + x0, value, x1 - x0);
          }
    }
}

guint
hub_sim_marker_height (guint height)
{
  return 2 * MAX (height / 12, 2);
}

void
hub_sim_marker_paint (GstVideoFrame *frame, guint index, guint counter, const guint8 *nonce)
{
  gboolean camera_row[MARKER_BLOCKS] = { TRUE };
  gboolean session_row[MARKER_BLOCKS] = { TRUE };
  guint strip = MAX (GST_VIDEO_FRAME_HEIGHT (frame) / 12, 2);

  G_STATIC_ASSERT (1 + MARKER_INDEX_BITS + MARKER_COUNTER_BITS + 1 == MARKER_BLOCKS);
  G_STATIC_ASSERT (1 + MARKER_SESSION_BITS + 1 == MARKER_BLOCKS);

  row_bits (camera_row, 1, index & 0xf, MARKER_INDEX_BITS);
  row_bits (camera_row, 1 + MARKER_INDEX_BITS, counter % 1024, MARKER_COUNTER_BITS);
  row_bits (session_row, 1, session_bits (nonce), MARKER_SESSION_BITS);
  paint_row (frame, 0, strip, camera_row);
  paint_row (frame, strip, strip, session_row);
}
