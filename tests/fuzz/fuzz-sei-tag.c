/* fuzz-sei-tag.c — libFuzzer target: SEI parsing and the frame tag codec
 *
 * The input is read three ways: as an SEI NAL unit (hub_sei_find_tag), as
 * bare tag bytes (hub_frame_tag_decode), and as a byte stream (NAL splitting,
 * emulation prevention, slice headers). Invariants:
 *   - a tag that decodes encodes back to the very same bytes, and
 *     decode (encode (x)) == x field by field;
 *   - the SEI built around any tag bytes gives those bytes back;
 *   - unescape (escape (x)) == x, and escape's size is what it announces;
 *   - NAL units found lie inside the buffer, in order, without trailing zeros.
 *
 * Copyright 2026 hubview developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz-common.h"
#include "hub-annexb.h"
#include "hub-frame-tag.h"

static bool
tags_equal (const HubFrameTag *a, const HubFrameTag *b)
{
  return a->version == b->version && a->flags == b->flags
         && memcmp (a->key_id, b->key_id, sizeof a->key_id) == 0
         && memcmp (a->nonce, b->nonce, sizeof a->nonce) == 0 && a->counter == b->counter
         && a->capture_time_us == b->capture_time_us && a->vcl_count == b->vcl_count
         && memcmp (a->au_digest, b->au_digest, sizeof a->au_digest) == 0
         && a->device_id_len == b->device_id_len && strcmp (a->device_id, b->device_id) == 0
         && memcmp (a->signature, b->signature, sizeof a->signature) == 0;
}

/* Checks the tag codec on @len bytes that claim to be a tag. */
static void
check_tag_bytes (const uint8_t *buf, size_t len)
{
  HubFrameTag tag, again;
  uint8_t encoded[HUB_TAG_MAX_SIZE];
  size_t n;

  if (!hub_frame_tag_decode (buf, len, &tag))
    return;

  /* what decodes is well-formed per §2 */
  FUZZ_CHECK (len == HUB_TAG_FIXED_SIZE + tag.device_id_len);
  FUZZ_CHECK (tag.version == 1);
  FUZZ_CHECK ((tag.flags & ~HUB_TAG_FLAG_IDR) == 0);
  FUZZ_CHECK (tag.vcl_count >= 1);
  FUZZ_CHECK (tag.device_id_len >= 1 && tag.device_id_len <= HUB_DEVICE_ID_MAX);
  FUZZ_CHECK (strlen (tag.device_id) == tag.device_id_len);
  FUZZ_CHECK (hub_device_id_is_valid (tag.device_id, tag.device_id_len));

  /* canonical: encode gives back the input, and decode (encode (x)) == x */
  n = hub_frame_tag_encode (&tag, encoded);
  FUZZ_CHECK (n == len);
  FUZZ_CHECK (memcmp (encoded, buf, len) == 0);
  FUZZ_CHECK (hub_frame_tag_decode (encoded, n, &again));
  FUZZ_CHECK (tags_equal (&tag, &again));

  /* the signature check runs on anything without harm; only the genuine
   * tags of the seeds verify, and only under the key that signed them */
  if (hub_frame_tag_verify_signature (buf, len, fuzz_device_public))
    {
      uint8_t key_id[HUB_KEY_ID_SIZE];

      hub_key_id (fuzz_device_public, key_id);
      FUZZ_CHECK (memcmp (key_id, tag.key_id, HUB_KEY_ID_SIZE) == 0);
    }
}

/* The SEI built around @len tag bytes gives them back. */
static void
check_sei_build (const uint8_t *buf, size_t len)
{
  uint8_t nal[2 * (HUB_TAG_MAX_SIZE + 32)];
  uint8_t tag[HUB_TAG_MAX_SIZE];
  size_t nal_len, tag_len = 0;

  if (len > HUB_TAG_MAX_SIZE)
    return;
  nal_len = hub_sei_build_tag_nal (buf, len, nal, sizeof nal);
  FUZZ_CHECK (nal_len > 0);
  FUZZ_CHECK (hub_nal_type (nal, nal_len) == HUB_NAL_SEI);
  FUZZ_CHECK (hub_sei_find_tag (nal, nal_len, tag, sizeof tag, &tag_len) == HUB_SEI_TAG);
  FUZZ_CHECK (tag_len == len);
  FUZZ_CHECK (len == 0 || memcmp (tag, buf, len) == 0);

  /* and it survives the byte stream: one NAL unit, the same bytes */
  {
    uint8_t stream[4 + sizeof nal];
    size_t offset = 0;
    HubNal found;

    memcpy (stream, "\x00\x00\x00\x01", 4);
    memcpy (stream + 4, nal, nal_len);
    FUZZ_CHECK (hub_annexb_next_nal (stream, 4 + nal_len, &offset, &found));
    FUZZ_CHECK (found.size == nal_len && memcmp (found.data, nal, nal_len) == 0);
    FUZZ_CHECK (!hub_annexb_next_nal (stream, 4 + nal_len, &offset, &found));
  }
}

static void
check_escape (const uint8_t *data, size_t size)
{
  size_t escaped_size = hub_nal_escaped_size (data, size);
  uint8_t *escaped = malloc (escaped_size + 1);
  uint8_t *back = malloc (escaped_size + 1);
  size_t n, m;

  FUZZ_CHECK (escaped != NULL && back != NULL);
  FUZZ_CHECK (escaped_size >= size);
  n = hub_nal_escape (data, size, escaped);
  FUZZ_CHECK (n == escaped_size);
  /* no start code inside an escaped payload (bar a last 00 00 that the
   * trailing bits of a real NAL unit would follow) */
  for (size_t i = 0; i + 2 < n; i++)
    FUZZ_CHECK (!(escaped[i] == 0 && escaped[i + 1] == 0 && escaped[i + 2] <= 0x02));
  m = hub_nal_unescape (escaped, n, back);
  FUZZ_CHECK (m == size);
  FUZZ_CHECK (size == 0 || memcmp (back, data, size) == 0);

  /* unescape of arbitrary bytes never grows them */
  FUZZ_CHECK (hub_nal_unescape (data, size, back) <= size);

  free (escaped);
  free (back);
}

static void
check_annexb (const uint8_t *data, size_t size)
{
  size_t offset = 0, prev_end = 0;
  HubNal nal;
  HubParamSets ps;

  hub_param_sets_init (&ps);
  while (hub_annexb_next_nal (data, size, &offset, &nal))
    {
      uint32_t first_mb;
      uint8_t tag[HUB_TAG_MAX_SIZE];
      size_t tag_len = 0;
      HubSeiResult r;

      FUZZ_CHECK (nal.size > 0);
      FUZZ_CHECK (nal.data >= data + prev_end && nal.data + nal.size <= data + size);
      FUZZ_CHECK (nal.data[nal.size - 1] != 0x00);
      FUZZ_CHECK (offset <= size && data + offset >= nal.data + nal.size);
      prev_end = (size_t)(nal.data + nal.size - data);

      (void)hub_slice_first_mb (nal.data, nal.size, &first_mb);
      (void)hub_param_sets_update (&ps, nal.data, nal.size);
      r = hub_sei_find_tag (nal.data, nal.size, tag, sizeof tag, &tag_len);
      FUZZ_CHECK (r == HUB_SEI_NO_TAG || r == HUB_SEI_TAG || r == HUB_SEI_MALFORMED);
      if (r == HUB_SEI_TAG)
        {
          FUZZ_CHECK (tag_len <= sizeof tag);
          check_tag_bytes (tag, tag_len);
        }
    }
  FUZZ_CHECK (offset == size);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  uint8_t tag[HUB_TAG_MAX_SIZE];
  size_t tag_len = 0;
  uint32_t first_mb = 0;
  HubSeiResult r;

  /* 1. the input as one SEI NAL unit */
  r = hub_sei_find_tag (data, size, tag, sizeof tag, &tag_len);
  FUZZ_CHECK (r == HUB_SEI_NO_TAG || r == HUB_SEI_TAG || r == HUB_SEI_MALFORMED);
  if (r == HUB_SEI_TAG)
    {
      FUZZ_CHECK (size >= 1 && hub_nal_type (data, size) == HUB_NAL_SEI);
      FUZZ_CHECK (tag_len <= sizeof tag);
      check_tag_bytes (tag, tag_len);
      check_sei_build (tag, tag_len);
    }
  /* a small capacity: too long a tag is malformed, never an overflow */
  {
    uint8_t small[HUB_TAG_FIXED_SIZE];
    size_t small_len = 0;
    HubSeiResult r2 = hub_sei_find_tag (data, size, small, sizeof small, &small_len);

    if (r == HUB_SEI_TAG && tag_len > sizeof small)
      FUZZ_CHECK (r2 == HUB_SEI_MALFORMED);
    else
      FUZZ_CHECK (r2 == r);
  }

  /* 2. the input as bare tag bytes */
  check_tag_bytes (data, size);
  check_sei_build (data, size);

  /* 3. the input as a slice and as a byte stream */
  (void)hub_slice_first_mb (data, size, &first_mb);
  check_escape (data, size);
  check_annexb (data, size);

  return 0;
}
