/* hub-signer.c — the camera side of signed-frames v1: signs access units
 *
 * Copyright 2026 hubview developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "hub-signer.h"

#include <stdlib.h>
#include <string.h>

#include "hub-annexb.h"

struct HubSigner
{
  uint8_t secret_key[HUB_SECRET_KEY_SIZE];
  uint8_t public_key[HUB_PUBLIC_KEY_SIZE];
  char device_id[HUB_DEVICE_ID_MAX + 1];
  uint8_t nonce[HUB_NONCE_SIZE];
  uint64_t counter;
  HubParamSets params;
};

HubSigner *
hub_signer_new (const uint8_t seed[32], const char *device_id,
                const uint8_t nonce[HUB_NONCE_SIZE])
{
  HubSigner *signer;
  size_t n = device_id ? strlen (device_id) : 0;

  if (sodium_init () < 0 || !hub_device_id_is_valid (device_id, n))
    return NULL;
  signer = calloc (1, sizeof *signer);
  if (signer == NULL)
    return NULL;
  crypto_sign_seed_keypair (signer->public_key, signer->secret_key, seed);
  memcpy (signer->device_id, device_id, n);
  memcpy (signer->nonce, nonce, HUB_NONCE_SIZE);
  hub_param_sets_init (&signer->params);
  return signer;
}

void
hub_signer_free (HubSigner *signer)
{
  if (signer == NULL)
    return;
  sodium_memzero (signer, sizeof *signer);
  free (signer);
}

uint8_t *
hub_signer_sign_au (HubSigner *signer, const uint8_t *au, size_t len,
                    uint64_t capture_time_us, size_t *out_len)
{
  HubFrameTag tag;
  HubAuDigest digest;
  HubNal nal;
  size_t offset = 0, first_vcl = 0, n_vcl = 0, out_cap, pos = 0;
  uint8_t tag_bytes[HUB_TAG_MAX_SIZE], sei[2 * HUB_TAG_MAX_SIZE + 64];
  size_t tag_len, sei_len;
  uint8_t *out;
  bool idr = false;

  memset (&tag, 0, sizeof tag);

  /* One pass: parameter sets before the first slice feed the digest. */
  while (hub_annexb_next_nal (au, len, &offset, &nal))
    {
      int type = hub_nal_type (nal.data, nal.size);

      if (hub_nal_type_is_vcl (type))
        {
          if (n_vcl == 0)
            {
              first_vcl = (size_t) (nal.data - au);
              idr = type == HUB_NAL_SLICE_IDR;
              hub_au_digest_init (&digest, signer->params.sps_digest, signer->params.pps_digest);
            }
          if (n_vcl == UINT16_MAX)
            return NULL;
          hub_au_digest_add_vcl (&digest, nal.data, nal.size);
          n_vcl++;
        }
      else
        hub_param_sets_update (&signer->params, nal.data, nal.size);
    }
  if (n_vcl == 0)
    return NULL;

  tag.version = 1;
  tag.flags = idr ? HUB_TAG_FLAG_IDR : 0;
  memcpy (tag.nonce, signer->nonce, HUB_NONCE_SIZE);
  tag.counter = signer->counter;
  tag.capture_time_us = capture_time_us;
  tag.vcl_count = (uint16_t) n_vcl;
  hub_au_digest_final (&digest, tag.au_digest);
  tag.device_id_len = (uint8_t) strlen (signer->device_id);
  memcpy (tag.device_id, signer->device_id, tag.device_id_len + 1);
  if (!hub_frame_tag_sign (&tag, signer->secret_key))
    return NULL;
  tag_len = hub_frame_tag_encode (&tag, tag_bytes);
  sei_len = hub_sei_build_tag_nal (tag_bytes, tag_len, sei, sizeof sei);
  if (tag_len == 0 || sei_len == 0)
    return NULL;

  /* Back up over the first slice's start code (3 or 4 bytes). */
  first_vcl -= 3;
  if (first_vcl > 0 && au[first_vcl - 1] == 0x00)
    first_vcl--;

  out_cap = len + 4 + sei_len;
  out = malloc (out_cap);
  if (out == NULL)
    return NULL;
  memcpy (out, au, first_vcl);
  pos = first_vcl;
  out[pos++] = 0;
  out[pos++] = 0;
  out[pos++] = 0;
  out[pos++] = 1;
  memcpy (out + pos, sei, sei_len);
  pos += sei_len;
  memcpy (out + pos, au + first_vcl, len - first_vcl);
  pos += len - first_vcl;

  signer->counter++;
  *out_len = pos;
  return out;
}

uint64_t
hub_signer_get_counter (const HubSigner *signer)
{
  return signer->counter;
}

void
hub_signer_set_counter (HubSigner *signer, uint64_t counter)
{
  signer->counter = counter;
}

void
hub_signer_get_public_key (const HubSigner *signer, uint8_t public_key[HUB_PUBLIC_KEY_SIZE])
{
  memcpy (public_key, signer->public_key, HUB_PUBLIC_KEY_SIZE);
}
