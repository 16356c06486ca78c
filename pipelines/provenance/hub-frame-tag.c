/* hub-frame-tag.c — the per-access-unit tag of signed-frames v1 (§2, §3)
 *
 * Copyright 2026 hubview developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "hub-frame-tag.h"

#include <string.h>

#include "hub-big-endian.h"

static const char frame_context[16] = "HUBVIEW-FRAME-V1";
static const char au_context[16] = "HUBVIEW-AU-V1...";

bool
hub_device_id_is_valid (const char *id, size_t len)
{
  if (len < 1 || len > HUB_DEVICE_ID_MAX)
    return false;
  for (size_t i = 0; i < len; i++)
    {
      unsigned char c = (unsigned char) id[i];
      bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '.' || c == '_' || c == ':' || c == '-';
      if (!ok)
        return false;
    }
  return true;
}

void
hub_key_id (const uint8_t public_key[HUB_PUBLIC_KEY_SIZE], uint8_t key_id[HUB_KEY_ID_SIZE])
{
  uint8_t h[crypto_hash_sha256_BYTES];

  crypto_hash_sha256 (h, public_key, HUB_PUBLIC_KEY_SIZE);
  memcpy (key_id, h, HUB_KEY_ID_SIZE);
}

bool
hub_frame_tag_decode (const uint8_t *buf, size_t len, HubFrameTag *tag)
{
  size_t n;

  if (len < HUB_TAG_FIXED_SIZE + 1 || len > HUB_TAG_MAX_SIZE)
    return false;
  n = buf[76];
  if (len != HUB_TAG_FIXED_SIZE + n)
    return false;
  if (buf[0] != 1 || (buf[1] & ~HUB_TAG_FLAG_IDR) != 0)
    return false;
  if (!hub_device_id_is_valid ((const char *) buf + 77, n))
    return false;

  memset (tag, 0, sizeof *tag);
  tag->version = buf[0];
  tag->flags = buf[1];
  memcpy (tag->key_id, buf + 2, HUB_KEY_ID_SIZE);
  memcpy (tag->nonce, buf + 10, HUB_NONCE_SIZE);
  tag->counter = hub_get_be64 (buf + 26);
  tag->capture_time_us = hub_get_be64 (buf + 34);
  tag->vcl_count = (uint16_t) ((buf[42] << 8) | buf[43]);
  if (tag->vcl_count == 0)
    return false;
  memcpy (tag->au_digest, buf + 44, HUB_DIGEST_SIZE);
  tag->device_id_len = (uint8_t) n;
  memcpy (tag->device_id, buf + 77, n);
  tag->device_id[n] = '\0';
  memcpy (tag->signature, buf + 77 + n, HUB_SIGNATURE_SIZE);
  return true;
}

/* Writes bytes 0 .. 77+n-1 (everything the signature covers). */
static size_t
encode_signed_part (const HubFrameTag *tag, uint8_t *out)
{
  size_t n = tag->device_id_len;

  if (tag->version != 1 || (tag->flags & ~HUB_TAG_FLAG_IDR) != 0 || tag->vcl_count == 0
      || !hub_device_id_is_valid (tag->device_id, n))
    return 0;
  out[0] = tag->version;
  out[1] = tag->flags;
  memcpy (out + 2, tag->key_id, HUB_KEY_ID_SIZE);
  memcpy (out + 10, tag->nonce, HUB_NONCE_SIZE);
  hub_put_be64 (out + 26, tag->counter);
  hub_put_be64 (out + 34, tag->capture_time_us);
  out[42] = (uint8_t) (tag->vcl_count >> 8);
  out[43] = (uint8_t) (tag->vcl_count & 0xff);
  memcpy (out + 44, tag->au_digest, HUB_DIGEST_SIZE);
  out[76] = (uint8_t) n;
  memcpy (out + 77, tag->device_id, n);
  return 77 + n;
}

size_t
hub_frame_tag_encode (const HubFrameTag *tag, uint8_t *out)
{
  size_t n = encode_signed_part (tag, out);

  if (n == 0)
    return 0;
  memcpy (out + n, tag->signature, HUB_SIGNATURE_SIZE);
  return n + HUB_SIGNATURE_SIZE;
}

/* The message the signature covers: context || signed part. */
static size_t
signed_message (const uint8_t *signed_part, size_t len, uint8_t *msg)
{
  memcpy (msg, frame_context, sizeof frame_context);
  memcpy (msg + sizeof frame_context, signed_part, len);
  return sizeof frame_context + len;
}

bool
hub_frame_tag_sign (HubFrameTag *tag, const uint8_t secret_key[HUB_SECRET_KEY_SIZE])
{
  uint8_t part[HUB_TAG_MAX_SIZE];
  uint8_t msg[16 + HUB_TAG_MAX_SIZE];
  size_t n, m;

  /* libsodium's secret key is seed || public key */
  hub_key_id (secret_key + 32, tag->key_id);
  n = encode_signed_part (tag, part);
  if (n == 0)
    return false;
  m = signed_message (part, n, msg);
  return crypto_sign_detached (tag->signature, NULL, msg, m, secret_key) == 0;
}

bool
hub_frame_tag_verify_signature (const uint8_t *buf, size_t len,
                                const uint8_t public_key[HUB_PUBLIC_KEY_SIZE])
{
  uint8_t msg[16 + HUB_TAG_MAX_SIZE];
  size_t m;

  if (len < HUB_TAG_FIXED_SIZE + 1 || len > HUB_TAG_MAX_SIZE)
    return false;
  m = signed_message (buf, len - HUB_SIGNATURE_SIZE, msg);
  return crypto_sign_verify_detached (buf + len - HUB_SIGNATURE_SIZE, msg, m, public_key) == 0;
}

void
hub_au_digest_init (HubAuDigest *d, const uint8_t sps_digest[HUB_DIGEST_SIZE],
                    const uint8_t pps_digest[HUB_DIGEST_SIZE])
{
  crypto_hash_sha256_init (&d->state);
  crypto_hash_sha256_update (&d->state, (const uint8_t *) au_context, sizeof au_context);
  crypto_hash_sha256_update (&d->state, sps_digest, HUB_DIGEST_SIZE);
  crypto_hash_sha256_update (&d->state, pps_digest, HUB_DIGEST_SIZE);
}

void
hub_au_digest_add_vcl (HubAuDigest *d, const uint8_t *nal, size_t len)
{
  uint8_t be[4] = {
    (uint8_t) (len >> 24), (uint8_t) (len >> 16), (uint8_t) (len >> 8), (uint8_t) len,
  };

  crypto_hash_sha256_update (&d->state, be, sizeof be);
  crypto_hash_sha256_update (&d->state, nal, len);
}

void
hub_au_digest_final (HubAuDigest *d, uint8_t out[HUB_DIGEST_SIZE])
{
  crypto_hash_sha256_final (&d->state, out);
}

void
hub_param_sets_init (HubParamSets *ps)
{
  memset (ps, 0, sizeof *ps);
}

bool
hub_param_sets_update (HubParamSets *ps, const uint8_t *nal, size_t len)
{
  int type = len > 0 ? (nal[0] & 0x1f) : -1;

  if (type == 7)
    crypto_hash_sha256 (ps->sps_digest, nal, len);
  else if (type == 8)
    crypto_hash_sha256 (ps->pps_digest, nal, len);
  else
    return false;
  return true;
}
