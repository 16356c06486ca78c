/* fuzz-common.h — keys and small helpers shared by the libFuzzer targets
 *
 * The values are those of tests/data (keys.json, streams.json): the demo
 * root, the cam-frontdoor device key and the session of the signed clips, so
 * that seeds made from those clips reach the deepest checks.
 *
 * Copyright 2026 hubview developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "hub-frame-tag.h"

/* tests/data/keys.json: root.public */
static const uint8_t fuzz_demo_root_public[HUB_PUBLIC_KEY_SIZE] = {
  0x64, 0x0e, 0x96, 0x9b, 0x2f, 0x7e, 0x37, 0x61, 0x1c, 0x38, 0xa2, 0x3b, 0x43, 0xa0, 0xd7, 0xd6,
  0x5d, 0x7d, 0xfa, 0xf2, 0x31, 0xf2, 0xc1, 0x1b, 0xbc, 0x74, 0x1a, 0xcd, 0xab, 0xa2, 0x9b, 0x9f,
};

/* tests/data/streams.json: device_id, public_hex, nonce_hex */
#define FUZZ_DEVICE_ID "cam-frontdoor"

static const uint8_t fuzz_device_public[HUB_PUBLIC_KEY_SIZE] = {
  0x72, 0x80, 0x29, 0x2c, 0x07, 0x87, 0x7b, 0x3c, 0xbc, 0x1b, 0xd6, 0xb9, 0x9a, 0x4f, 0xd7, 0x77,
  0x28, 0x92, 0x26, 0xbd, 0x25, 0xe9, 0x1b, 0xa3, 0x80, 0x08, 0x0b, 0x1b, 0x57, 0x9f, 0xe1, 0x23,
};

static const uint8_t fuzz_nonce[HUB_NONCE_SIZE] = {
  0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f,
};

/* A time inside the demo certificates' validity (1700000000 .. 2000000000). */
#define FUZZ_NOW UINT64_C (1800000000)

/* An invariant broke: say which, and crash so that libFuzzer keeps the input. */
#define FUZZ_CHECK(cond)                                                                           \
  do                                                                                               \
    {                                                                                              \
      if (!(cond))                                                                                 \
        {                                                                                          \
          fprintf (stderr, "%s:%d: invariant failed: %s\n", __FILE__, __LINE__, #cond);            \
          abort ();                                                                                \
        }                                                                                          \
    }                                                                                              \
  while (0)

/* splitmix64: a small deterministic generator for choices derived from the input */
static inline uint64_t
fuzz_rand_next (uint64_t *state)
{
  uint64_t z = (*state += UINT64_C (0x9e3779b97f4a7c15));

  z = (z ^ (z >> 30)) * UINT64_C (0xbf58476d1ce4e5b9);
  z = (z ^ (z >> 27)) * UINT64_C (0x94d049bb133111eb);
  return z ^ (z >> 31);
}

/* FNV-1a over @len bytes: a seed for the generator, a fingerprint of AU bytes */
static inline uint64_t
fuzz_hash (const uint8_t *data, size_t len)
{
  uint64_t h = UINT64_C (0xcbf29ce484222325);

  for (size_t i = 0; i < len; i++)
    {
      h ^= data[i];
      h *= UINT64_C (0x100000001b3);
    }
  return h;
}

/* libFuzzer calls it once before the first input (the targets that need
 * set-up define it) */
int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);
