/* hub-sim-param-change.c — the param-change fault's parameter sets
 *
 * Copyright 2026 hubview developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#define G_LOG_DOMAIN "hub-sim-camera"

#include "hub-sim-param-change.h"

#include <gst/base/gstbitwriter.h>
#define GST_USE_UNSTABLE_API
#include <gst/codecparsers/gsth264parser.h>

#include "hub-annexb.h"

static const guint8 start_code[4] = { 0, 0, 0, 1 };

static void
put_ue (GstBitWriter *bw, guint32 value)
{
  guint32 v = value + 1;
  guint bits = g_bit_storage (v);

  if (bits > 1)
    gst_bit_writer_put_bits_uint32 (bw, 0, bits - 1);
  gst_bit_writer_put_bits_uint32 (bw, v, bits);
}

static void
put_se (GstBitWriter *bw, gint32 value)
{
  put_ue (bw, value > 0 ? 2 * (guint32)value - 1 : 2 * (guint32)(-value));
}

/* The RBSP of @pps (one slice group, no scaling matrices) with
 * pic_init_qs_minus26 moved by one; NULL if @pps is outside that. */
static GByteArray *
pps_second_rbsp (const GstH264PPS *pps, guint8 header)
{
  GstBitWriter bw;
  GByteArray *out;
  gint qs = pps->pic_init_qs_minus26 < 25 ? pps->pic_init_qs_minus26 + 1 : 24;
  gboolean extension = pps->transform_8x8_mode_flag
                       || pps->second_chroma_qp_index_offset != pps->chroma_qp_index_offset;

  if (pps->num_slice_groups_minus1 != 0 || pps->pic_scaling_matrix_present_flag)
    return NULL;

  gst_bit_writer_init_with_size (&bw, 64, FALSE);
  gst_bit_writer_put_bits_uint8 (&bw, header, 8);
  put_ue (&bw, pps->id);
  put_ue (&bw, pps->sequence->id);
  gst_bit_writer_put_bits_uint8 (&bw, pps->entropy_coding_mode_flag, 1);
  gst_bit_writer_put_bits_uint8 (&bw, pps->pic_order_present_flag, 1);
  put_ue (&bw, 0); /* num_slice_groups_minus1 */
  put_ue (&bw, pps->num_ref_idx_l0_active_minus1);
  put_ue (&bw, pps->num_ref_idx_l1_active_minus1);
  gst_bit_writer_put_bits_uint8 (&bw, pps->weighted_pred_flag, 1);
  gst_bit_writer_put_bits_uint8 (&bw, pps->weighted_bipred_idc, 2);
  put_se (&bw, pps->pic_init_qp_minus26);
  put_se (&bw, qs);
  put_se (&bw, pps->chroma_qp_index_offset);
  gst_bit_writer_put_bits_uint8 (&bw, pps->deblocking_filter_control_present_flag, 1);
  gst_bit_writer_put_bits_uint8 (&bw, pps->constrained_intra_pred_flag, 1);
  gst_bit_writer_put_bits_uint8 (&bw, pps->redundant_pic_cnt_present_flag, 1);
  if (extension)
    {
      gst_bit_writer_put_bits_uint8 (&bw, pps->transform_8x8_mode_flag, 1);
      gst_bit_writer_put_bits_uint8 (&bw, 0, 1); /* pic_scaling_matrix_present_flag */
      put_se (&bw, pps->second_chroma_qp_index_offset);
    }
  gst_bit_writer_put_bits_uint8 (&bw, 1, 1); /* rbsp_stop_one_bit */
  gst_bit_writer_align_bytes (&bw, 0);

  out = g_byte_array_new ();
  g_byte_array_append (out, gst_bit_writer_get_data (&bw), gst_bit_writer_get_size (&bw) / 8);
  gst_bit_writer_reset (&bw);
  return out;
}

static void
append_rbsp (GByteArray *out, const guint8 *rbsp, gsize len)
{
  gsize escaped_len = hub_nal_escaped_size (rbsp, len);
  g_autofree guint8 *escaped = g_malloc (escaped_len);

  hub_nal_escape (rbsp, len, escaped);
  g_byte_array_append (out, start_code, sizeof start_code);
  g_byte_array_append (out, escaped, escaped_len);
}

GstBuffer *
hub_sim_params_rewrite (GstBuffer *au, HubSimParams params)
{
  g_autoptr (GByteArray) out = NULL;
  GstH264NalParser *parser;
  gboolean changed = FALSE;
  GstMapInfo map;
  size_t offset = 0;
  HubNal nal;
  GstBuffer *buf;

  if (params == HUB_SIM_PARAMS_FIRST || !gst_buffer_map (au, &map, GST_MAP_READ))
    return NULL;

  parser = gst_h264_nal_parser_new ();
  out = g_byte_array_sized_new (map.size + 16);
  while (hub_annexb_next_nal (map.data, map.size, &offset, &nal))
    {
      int type = hub_nal_type (nal.data, nal.size);
      GstH264NalUnit unit;

      if ((type == HUB_NAL_SPS || type == HUB_NAL_PPS)
          && gst_h264_parser_identify_nalu_unchecked (
                 parser, map.data, (guint)(nal.data - map.data) - 3,
                 (gsize)(nal.data - map.data) + nal.size, &unit)
                 == GST_H264_PARSER_OK)
        {
          if (type == HUB_NAL_SPS)
            {
              GstH264SPS sps;

              gst_h264_parser_parse_nal (parser, &unit);
              /* level_idc, the fourth byte: no emulation prevention before
               * it (profile_idc is never 0), none in it (a level above 3) */
              if (params == HUB_SIM_PARAMS_SECOND_SPS && nal.size > 4
                  && gst_h264_parse_sps (&unit, &sps) == GST_H264_PARSER_OK)
                {
                  g_byte_array_append (out, start_code, sizeof start_code);
                  g_byte_array_append (out, nal.data, nal.size);
                  out->data[out->len - nal.size + 3] = nal.data[3] < 51 ? nal.data[3] + 1 : 50;
                  gst_h264_sps_clear (&sps);
                  changed = TRUE;
                  continue;
                }
            }
          else
            {
              GstH264PPS pps;

              if (gst_h264_parser_parse_pps (parser, &unit, &pps) == GST_H264_PARSER_OK)
                {
                  g_autoptr (GByteArray) rbsp = pps_second_rbsp (&pps, nal.data[0]);

                  gst_h264_pps_clear (&pps);
                  if (rbsp != NULL)
                    {
                      append_rbsp (out, rbsp->data, rbsp->len);
                      changed = TRUE;
                      continue;
                    }
                }
            }
        }
      g_byte_array_append (out, start_code, sizeof start_code);
      g_byte_array_append (out, nal.data, nal.size);
    }
  gst_h264_nal_parser_free (parser);
  gst_buffer_unmap (au, &map);
  if (!changed)
    return NULL;

  buf = gst_buffer_new_wrapped (g_memdup2 (out->data, out->len), out->len);
  gst_buffer_copy_into (
      buf, au, GST_BUFFER_COPY_FLAGS | GST_BUFFER_COPY_TIMESTAMPS | GST_BUFFER_COPY_META, 0, -1);
  return buf;
}
