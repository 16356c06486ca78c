/* hub-sim-au-edit.c — byte edits of Annex-B access units, for the fault stage
 *
 * Copyright 2026 hubview developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#define G_LOG_DOMAIN "hub-sim-camera"

#include "hub-sim-au-edit.h"

#include "hub-frame-tag.h"

/* SEI payload type of the mastering display colour volume (H.264 D.1.29) */
#define SEI_MASTERING_DISPLAY 137

static const guint8 start_code[4] = { 0, 0, 0, 1 };

gboolean
hub_sim_nal_is_tag_sei (const HubNal *nal)
{
  guint8 tag[HUB_TAG_MAX_SIZE];
  size_t tag_len = 0;

  return hub_nal_type (nal->data, nal->size) == HUB_NAL_SEI
         && hub_sei_find_tag (nal->data, nal->size, tag, sizeof tag, &tag_len) != HUB_SEI_NO_TAG;
}

gboolean
hub_sim_au_has_nal (const guint8 *au, gsize len, int type)
{
  size_t offset = 0;
  HubNal nal;

  while (hub_annexb_next_nal (au, len, &offset, &nal))
    if (hub_nal_type (nal.data, nal.size) == type
        && (type != HUB_NAL_SEI || hub_sim_nal_is_tag_sei (&nal)))
      return TRUE;
  return FALSE;
}

GByteArray *
hub_sim_au_edit (const guint8 *au, gsize len, HubSimAuEdit edit)
{
  g_autoptr (GByteArray) out = g_byte_array_sized_new (len + 16);
  gboolean acted = FALSE;
  size_t offset = 0;
  HubNal nal;

  while (hub_annexb_next_nal (au, len, &offset, &nal))
    {
      int type = hub_nal_type (nal.data, nal.size);
      gboolean is_tag = hub_sim_nal_is_tag_sei (&nal);

      if (is_tag && (edit == HUB_SIM_AU_STRIP_TAG || edit == HUB_SIM_AU_STRIP_TAG_PARAMS))
        {
          acted = TRUE;
          continue;
        }
      if (edit == HUB_SIM_AU_STRIP_TAG_PARAMS && (type == HUB_NAL_SPS || type == HUB_NAL_PPS))
        continue;

      g_byte_array_append (out, start_code, sizeof start_code);

      if (is_tag && edit == HUB_SIM_AU_TRUNCATE_TAG && !acted)
        {
          /* header, payloadType, payloadSize (1–2 bytes), UUID, a few tag
           * bytes: the message now runs past the end of the NAL unit. */
          gsize keep = MIN (nal.size, 1 + 1 + 2 + 16 + 24);

          g_byte_array_append (out, nal.data, keep);
          acted = TRUE;
          continue;
        }

      if (edit == HUB_SIM_AU_TAMPER && !acted && hub_nal_type_is_vcl (type) && nal.size > 16)
        {
          gsize start = out->len;

          g_byte_array_append (out, nal.data, nal.size);
          /* A byte >= 0x10 stays >= 0x08 with bit 3 flipped: no start code
           * or emulation prevention pattern can appear. */
          for (gsize i = nal.size / 2; i < nal.size; i++)
            {
              if (out->data[start + i] >= 0x10)
                {
                  out->data[start + i] ^= 0x08;
                  acted = TRUE;
                  break;
                }
            }
          continue;
        }

      g_byte_array_append (out, nal.data, nal.size);
    }

  if (!acted && edit != HUB_SIM_AU_STRIP_TAG_PARAMS)
    return NULL;
  return g_steal_pointer (&out);
}

GByteArray *
hub_sim_au_params (const guint8 *au, gsize len)
{
  GByteArray *out = g_byte_array_new ();
  size_t offset = 0;
  HubNal nal;

  while (hub_annexb_next_nal (au, len, &offset, &nal))
    {
      int type = hub_nal_type (nal.data, nal.size);

      if (type == HUB_NAL_SPS || type == HUB_NAL_PPS)
        {
          g_byte_array_append (out, start_code, sizeof start_code);
          g_byte_array_append (out, nal.data, nal.size);
        }
    }
  return out;
}

void
hub_sim_au_append_nal (GByteArray *out, const guint8 *nal, gsize len)
{
  g_byte_array_append (out, start_code, sizeof start_code);
  g_byte_array_append (out, nal, len);
}

void
hub_sim_au_append_rbsp (GByteArray *out, const guint8 *rbsp, gsize len)
{
  gsize escaped_len = hub_nal_escaped_size (rbsp, len);
  g_autofree guint8 *escaped = g_malloc (escaped_len);

  hub_nal_escape (rbsp, len, escaped);
  hub_sim_au_append_nal (out, escaped, escaped_len);
}

/* An SEI NAL unit with one mastering display colour volume message (payload
 * 137, 24 bytes: BT.709 primaries and white point, 1000 and 0.005 cd/m²). */
void
hub_sim_au_append_mastering_display_sei (GByteArray *out)
{
  static const guint16 primaries[8] = { 15000, 30000, 7500, 3000, 32000, 16500, 15635, 16450 };
  guint8 rbsp[3 + 24 + 1];
  gsize n = 0;

  rbsp[n++] = HUB_NAL_SEI;
  rbsp[n++] = SEI_MASTERING_DISPLAY;
  rbsp[n++] = 24;
  for (guint i = 0; i < G_N_ELEMENTS (primaries); i++)
    {
      rbsp[n++] = primaries[i] >> 8;
      rbsp[n++] = primaries[i] & 0xff;
    }
  for (int shift = 24; shift >= 0; shift -= 8)
    rbsp[n++] = (10000000u >> shift) & 0xff;
  for (int shift = 24; shift >= 0; shift -= 8)
    rbsp[n++] = (50u >> shift) & 0xff;
  rbsp[n++] = 0x80; /* rbsp_trailing_bits */
  hub_sim_au_append_rbsp (out, rbsp, n);
}

/* One of the non-VCL units nal-flood sends: filler data, an SEI with a
 * user_data_unregistered message, or a NAL unit type that H.264 reserves. */
void
hub_sim_au_append_flood_unit (GByteArray *out, guint i, GRand *rand)
{
  static const guint8 reserved_types[] = { 16, 17, 18, 22, 23 };
  guint8 rbsp[64];
  gsize n = 0;

  switch (i % 3)
    {
    case 0:
      rbsp[n++] = 12; /* filler data */
      while (n < 33)
        rbsp[n++] = 0xff;
      break;
    case 1:
      rbsp[n++] = HUB_NAL_SEI;
      rbsp[n++] = 5; /* user_data_unregistered */
      rbsp[n++] = 20;
      for (guint k = 0; k < 20; k++)
        rbsp[n++] = g_rand_int_range (rand, 1, 256);
      break;
    default:
      rbsp[n++] = 0x60 | reserved_types[(i / 3) % G_N_ELEMENTS (reserved_types)];
      for (guint k = 0; k < 16; k++)
        rbsp[n++] = g_rand_int_range (rand, 1, 256);
      break;
    }
  rbsp[n++] = 0x80;
  hub_sim_au_append_rbsp (out, rbsp, n);
}

/* slice-inject: @au with the previous unit's first slice (signed for
 * another unit, so unsigned here) right after its parameter sets. */
GByteArray *
hub_sim_au_inject_slice (const guint8 *au, gsize len, GBytes *slice)
{
  g_autoptr (GByteArray) out = g_byte_array_sized_new (len + 4096);
  gboolean injected = FALSE;
  gboolean after_params = FALSE;
  size_t offset = 0;
  HubNal nal;

  if (slice == NULL)
    return NULL;
  while (hub_annexb_next_nal (au, len, &offset, &nal))
    {
      int type = hub_nal_type (nal.data, nal.size);

      if (after_params && !injected && type != HUB_NAL_SPS && type != HUB_NAL_PPS)
        {
          hub_sim_au_append_nal (out, g_bytes_get_data (slice, NULL), g_bytes_get_size (slice));
          injected = TRUE;
        }
      after_params |= type == HUB_NAL_SPS || type == HUB_NAL_PPS;
      hub_sim_au_append_nal (out, nal.data, nal.size);
    }
  if (!injected)
    return NULL;
  return g_steal_pointer (&out);
}
