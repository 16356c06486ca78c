/* hub-annexb.c — H.264 Annex-B byte stream: NAL units, slices, SEI messages
 *
 * Copyright 2026 hubview developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "hub-annexb.h"

#include <stdlib.h>
#include <string.h>

const uint8_t hub_tag_sei_uuid[16] = {
  0xe6, 0x88, 0xd4, 0x17, 0xd2, 0x46, 0x49, 0x62,
  0x8d, 0x6c, 0x4c, 0xbd, 0x53, 0x82, 0x8b, 0xbc,
};

/* Position of the next 00 00 01 at or after @from, or @len. */
static size_t
find_start_code (const uint8_t *buf, size_t len, size_t from)
{
  size_t i = from;

  while (i + 2 < len)
    {
      if (buf[i + 2] > 1)
        i += 3;
      else if (buf[i + 2] == 1 && buf[i + 1] == 0 && buf[i] == 0)
        return i;
      else
        i++;
    }
  return len;
}

bool
hub_annexb_next_nal (const uint8_t *buf, size_t len, size_t *offset, HubNal *nal)
{
  size_t pos = *offset;

  while (pos < len)
    {
      size_t sc = find_start_code (buf, len, pos);
      size_t start, end;

      if (sc >= len)
        {
          *offset = len;
          return false;
        }
      start = sc + 3;
      end = find_start_code (buf, len, start);
      *offset = end;
      /* A 4-byte start code is a 3-byte one preceded by a zero byte: that
       * zero is a trailing zero of the previous NAL unit, stripped here. */
      while (end > start && buf[end - 1] == 0x00)
        end--;
      if (end > start)
        {
          nal->data = buf + start;
          nal->size = end - start;
          return true;
        }
      pos = *offset;
    }

  *offset = len;
  return false;
}

size_t
hub_nal_unescape (const uint8_t *in, size_t len, uint8_t *out)
{
  size_t o = 0;
  unsigned zeros = 0;

  for (size_t i = 0; i < len; i++)
    {
      if (zeros >= 2 && in[i] == 0x03)
        {
          zeros = 0;
          continue;
        }
      out[o++] = in[i];
      zeros = in[i] == 0x00 ? zeros + 1 : 0;
    }
  return o;
}

size_t
hub_nal_escaped_size (const uint8_t *in, size_t len)
{
  size_t n = len;
  unsigned zeros = 0;

  for (size_t i = 0; i < len; i++)
    {
      if (zeros >= 2 && in[i] <= 0x03)
        {
          n++;
          zeros = 0;
        }
      zeros = in[i] == 0x00 ? zeros + 1 : 0;
    }
  return n;
}

size_t
hub_nal_escape (const uint8_t *in, size_t len, uint8_t *out)
{
  size_t o = 0;
  unsigned zeros = 0;

  for (size_t i = 0; i < len; i++)
    {
      if (zeros >= 2 && in[i] <= 0x03)
        {
          out[o++] = 0x03;
          zeros = 0;
        }
      out[o++] = in[i];
      zeros = in[i] == 0x00 ? zeros + 1 : 0;
    }
  return o;
}

/* A bit reader over escaped NAL bytes that skips emulation prevention. */
typedef struct
{
  const uint8_t *data;
  size_t size;
  size_t byte;
  unsigned bit;
  unsigned zeros;
} BitReader;

static bool
bit_reader_get (BitReader *br, unsigned *bit)
{
  if (br->bit == 0)
    {
      /* entering a new byte: skip an emulation prevention byte */
      if (br->byte < br->size && br->zeros >= 2 && br->data[br->byte] == 0x03)
        {
          br->byte++;
          br->zeros = 0;
        }
      if (br->byte >= br->size)
        return false;
    }
  *bit = (br->data[br->byte] >> (7 - br->bit)) & 1;
  if (++br->bit == 8)
    {
      br->zeros = br->data[br->byte] == 0x00 ? br->zeros + 1 : 0;
      br->bit = 0;
      br->byte++;
    }
  return true;
}

static bool
bit_reader_ue (BitReader *br, uint32_t *value)
{
  unsigned leading = 0, bit = 0;
  uint64_t v = 0;

  for (;;)
    {
      if (!bit_reader_get (br, &bit))
        return false;
      if (bit)
        break;
      if (++leading > 31)
        return false;
    }
  for (unsigned i = 0; i < leading; i++)
    {
      if (!bit_reader_get (br, &bit))
        return false;
      v = (v << 1) | bit;
    }
  v += (UINT64_C (1) << leading) - 1;
  if (v > UINT32_MAX)
    return false;
  *value = (uint32_t) v;
  return true;
}

bool
hub_slice_first_mb (const uint8_t *nal, size_t size, uint32_t *first_mb)
{
  BitReader br = { nal, size, 1, 0, 0 }; /* after the one-byte NAL header */
  int type = hub_nal_type (nal, size);

  /* data partitions B and C begin with slice_id, not first_mb_in_slice */
  if (size < 2 || type == HUB_NAL_SLICE_DPB || type == HUB_NAL_SLICE_DPC)
    return false;
  return bit_reader_ue (&br, first_mb);
}

size_t
hub_sps_unit_size_limit (const uint8_t *sps, size_t size)
{
  /* level_idc → MaxFS (macroblocks), H.264 Table A-1 */
  static const struct
  {
    uint8_t level_idc;
    uint32_t max_fs;
  } levels[] = {
    { 9, 99 },     { 10, 99 },     { 11, 396 },    { 12, 396 },    { 13, 396 },
    { 20, 396 },   { 21, 792 },    { 22, 1620 },   { 30, 1620 },   { 31, 3600 },
    { 32, 5120 },  { 40, 8192 },   { 41, 8192 },   { 42, 8704 },   { 50, 22080 },
    { 51, 36864 }, { 52, 36864 },  { 60, 139264 }, { 61, 139264 }, { 62, 139264 },
  };
  uint8_t profile_idc, constraints, level_idc;

  /* header, profile_idc, constraint flags, level_idc: never escaped, since
   * profile_idc is not 0 in an SPS that parses */
  if (sps == NULL || size < 4 || hub_nal_type (sps, size) != HUB_NAL_SPS || sps[1] == 0)
    return HUB_UNIT_SIZE_MAX;
  profile_idc = sps[1];
  constraints = sps[2];
  level_idc = sps[3];
  /* level 1b of the Baseline, Main and Extended profiles: 11 with
   * constraint_set3_flag */
  if (level_idc == 11 && (constraints & 0x10)
      && (profile_idc == 66 || profile_idc == 77 || profile_idc == 88))
    level_idc = 9;
  for (size_t i = 0; i < sizeof levels / sizeof levels[0]; i++)
    if (levels[i].level_idc == level_idc)
      {
        size_t limit = (size_t) 2 * levels[i].max_fs * 384;

        return limit < HUB_UNIT_SIZE_MAX ? limit : HUB_UNIT_SIZE_MAX;
      }
  return HUB_UNIT_SIZE_MAX;
}

/* Reads one 0xFF-run coded value (payloadType / payloadSize). */
static bool
read_ff_value (const uint8_t *rbsp, size_t len, size_t *pos, size_t *value)
{
  size_t v = 0;

  while (*pos < len && rbsp[*pos] == 0xff)
    {
      v += 255;
      (*pos)++;
      if (v > len * 255 + 255)
        return false;
    }
  if (*pos >= len)
    return false;
  v += rbsp[(*pos)++];
  *value = v;
  return true;
}

HubSeiResult
hub_sei_find_tag (const uint8_t *nal, size_t size, uint8_t *tag, size_t tag_cap,
                  size_t *tag_len)
{
  uint8_t stack_buf[512];
  uint8_t *rbsp;
  size_t len, pos = 0;
  bool found = false, broken = false;
  HubSeiResult result = HUB_SEI_NO_TAG;

  if (size < 1 || hub_nal_type (nal, size) != HUB_NAL_SEI)
    return HUB_SEI_NO_TAG;

  /* Unescape the payload (after the NAL header). */
  if (size - 1 <= sizeof stack_buf)
    rbsp = stack_buf;
  else
    {
      rbsp = malloc (size - 1);
      if (rbsp == NULL)
        return HUB_SEI_MALFORMED;
    }
  len = hub_nal_unescape (nal + 1, size - 1, rbsp);

  /* sei_message()s until rbsp_trailing_bits: the last byte 0x80 */
  while (pos < len && !(pos == len - 1 && rbsp[pos] == 0x80))
    {
      size_t type = 0, psize = 0;

      if (!read_ff_value (rbsp, len, &pos, &type) || !read_ff_value (rbsp, len, &pos, &psize))
        {
          broken = true;
          break;
        }
      if (type == 5 && psize >= 16 && pos + 16 <= len
          && memcmp (rbsp + pos, hub_tag_sei_uuid, 16) == 0)
        {
          /* This message carries the UUID: from here on, a broken list is
           * a malformed tag. */
          if (found || psize > len - pos)
            {
              found = true;
              broken = true;
              break;
            }
          found = true;
          *tag_len = psize - 16;
          if (*tag_len > tag_cap)
            broken = true;
          else
            memcpy (tag, rbsp + pos + 16, *tag_len);
        }
      if (psize > len - pos)
        {
          broken = true;
          break;
        }
      pos += psize;
    }

  if (found)
    result = broken ? HUB_SEI_MALFORMED : HUB_SEI_TAG;

  if (rbsp != stack_buf)
    {
      free (rbsp);
    }
  return result;
}

size_t
hub_sei_build_tag_nal (const uint8_t *tag, size_t tag_len, uint8_t *out, size_t out_cap)
{
  uint8_t rbsp[1024];
  size_t n = 0, psize = 16 + tag_len;

  /* payloadType 5, payloadSize with 0xFF runs, UUID, tag, trailing bits */
  if (psize + 16 > sizeof rbsp)
    return 0;
  rbsp[n++] = 5;
  while (psize >= 255)
    {
      rbsp[n++] = 0xff;
      psize -= 255;
    }
  rbsp[n++] = (uint8_t) psize;
  memcpy (rbsp + n, hub_tag_sei_uuid, 16);
  n += 16;
  memcpy (rbsp + n, tag, tag_len);
  n += tag_len;
  rbsp[n++] = 0x80;

  if (out_cap < 1 + hub_nal_escaped_size (rbsp, n))
    return 0;
  out[0] = HUB_NAL_SEI; /* forbidden_zero_bit 0, nal_ref_idc 0, type 6 */
  return 1 + hub_nal_escape (rbsp, n, out + 1);
}
