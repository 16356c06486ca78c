/* fuzz-device-cert.c — libFuzzer target: device certificates and trust roots
 *
 * The input is read as certificate bytes, and as text: base64 certificate,
 * trust-root line, hex and base64 for the helpers. Invariants:
 *   - a certificate that decodes encodes back to the very same bytes, and
 *     decode (encode (x)) == x field by field;
 *   - verification against the demo root never crashes, returns a known
 *     result, and accepts only certificates issued under that root;
 *   - the base64 form decodes to the same certificate as the bytes;
 *   - hex and base64 helpers never write past the capacity they are given.
 *
 * Copyright 2026 hubview developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz-common.h"
#include "hub-device-cert.h"

static HubTrustRoots roots;
static uint8_t demo_root_key_id[HUB_KEY_ID_SIZE];

static bool
certs_equal (const HubDeviceCert *a, const HubDeviceCert *b)
{
  return a->version == b->version
         && memcmp (a->issuer_key_id, b->issuer_key_id, sizeof a->issuer_key_id) == 0
         && memcmp (a->public_key, b->public_key, sizeof a->public_key) == 0
         && a->not_before == b->not_before && a->not_after == b->not_after
         && a->device_id_len == b->device_id_len && strcmp (a->device_id, b->device_id) == 0
         && a->model_len == b->model_len && memcmp (a->model, b->model, a->model_len) == 0
         && memcmp (a->signature, b->signature, sizeof a->signature) == 0;
}

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  FUZZ_CHECK (sodium_init () >= 0);
  hub_trust_roots_init (&roots);
  FUZZ_CHECK (hub_trust_roots_add (&roots, fuzz_demo_root_public));
  hub_key_id (fuzz_demo_root_public, demo_root_key_id);
  return 0;
}

static void
check_result (HubCertResult r)
{
  const char *s = hub_cert_result_to_string (r);

  FUZZ_CHECK (r >= HUB_CERT_OK && r <= HUB_CERT_WRONG_DEVICE);
  FUZZ_CHECK (s != NULL && s[0] != '\0');
}

/* Checks one decoded certificate: well-formed, round trip, verification. */
static void
check_cert (const HubDeviceCert *cert, const uint8_t *bytes, size_t len)
{
  uint8_t encoded[HUB_CERT_MAX_SIZE];
  HubDeviceCert again;
  HubCertResult r, r_dev, r_other;
  size_t n;

  FUZZ_CHECK (cert->version == 1);
  FUZZ_CHECK (cert->device_id_len >= 1 && cert->device_id_len <= HUB_DEVICE_ID_MAX);
  FUZZ_CHECK (strlen (cert->device_id) == cert->device_id_len);
  FUZZ_CHECK (hub_device_id_is_valid (cert->device_id, cert->device_id_len));
  FUZZ_CHECK (cert->model_len <= HUB_MODEL_MAX);

  n = hub_device_cert_encode (cert, encoded);
  FUZZ_CHECK (n >= HUB_CERT_MIN_SIZE && n <= HUB_CERT_MAX_SIZE);
  if (bytes != NULL)
    {
      FUZZ_CHECK (n == len);
      FUZZ_CHECK (memcmp (encoded, bytes, len) == 0);
    }
  FUZZ_CHECK (hub_device_cert_decode (encoded, n, &again));
  FUZZ_CHECK (certs_equal (cert, &again));

  r = hub_device_cert_verify (cert, &roots, FUZZ_NOW, NULL);
  r_dev = hub_device_cert_verify (cert, &roots, FUZZ_NOW, cert->device_id);
  r_other = hub_device_cert_verify (cert, &roots, FUZZ_NOW, "fuzz-no-such-device");
  check_result (r);
  check_result (r_dev);
  check_result (r_other);
  FUZZ_CHECK (r != HUB_CERT_WRONG_DEVICE);
  FUZZ_CHECK (r_dev == r);
  if (r == HUB_CERT_OK)
    {
      /* only the demo root's own certificates get here */
      FUZZ_CHECK (memcmp (cert->issuer_key_id, demo_root_key_id, HUB_KEY_ID_SIZE) == 0);
      FUZZ_CHECK (cert->not_before <= FUZZ_NOW && FUZZ_NOW <= cert->not_after);
      FUZZ_CHECK (r_other == HUB_CERT_WRONG_DEVICE);

      /* outside its validity it does not verify */
      if (cert->not_before > 0)
        FUZZ_CHECK (hub_device_cert_verify (cert, &roots, cert->not_before - 1, NULL)
                    == HUB_CERT_NOT_YET_VALID);
      if (cert->not_after < UINT64_MAX)
        FUZZ_CHECK (hub_device_cert_verify (cert, &roots, cert->not_after + 1, NULL)
                    == HUB_CERT_EXPIRED);
    }

  /* an empty set of roots knows no issuer */
  {
    HubTrustRoots none;

    hub_trust_roots_init (&none);
    r = hub_device_cert_verify (cert, &none, FUZZ_NOW, NULL);
    check_result (r);
    FUZZ_CHECK (r != HUB_CERT_OK);
    hub_trust_roots_clear (&none);
  }
}

static void
check_text (const char *text, size_t len)
{
  HubDeviceCert cert;
  uint8_t buf[HUB_CERT_MAX_SIZE + 16];
  size_t out_len = 0;
  size_t cap;

  if (hub_device_cert_decode_base64 (text, &cert))
    check_cert (&cert, NULL, 0);

  /* base64 into a buffer whose end is guarded by ASan: exact-size heap block */
  cap = len % (sizeof buf);
  {
    uint8_t *exact = malloc (cap + 1);

    FUZZ_CHECK (exact != NULL);
    if (hub_base64_decode (text, exact, cap, &out_len))
      FUZZ_CHECK (out_len <= cap);
    free (exact);
  }
  if (hub_base64_decode (text, buf, sizeof buf, &out_len))
    {
      HubDeviceCert from_bytes;

      FUZZ_CHECK (out_len <= sizeof buf);
      if (hub_device_cert_decode (buf, out_len, &from_bytes))
        {
          /* the base64 path and the bytes path agree */
          FUZZ_CHECK (hub_device_cert_decode_base64 (text, &cert));
          FUZZ_CHECK (certs_equal (&cert, &from_bytes));
        }
    }

  /* hex into an exact-size buffer */
  {
    size_t n = len / 2;
    uint8_t *exact = malloc (n + 1);

    FUZZ_CHECK (exact != NULL);
    (void)hub_hex_decode (text, exact, n);
    (void)hub_hex_decode (text, exact, n / 2);
    free (exact);
  }

  /* a trust-root line */
  {
    HubTrustRoots r;

    hub_trust_roots_init (&r);
    if (hub_trust_roots_add_base64 (&r, text))
      FUZZ_CHECK (r.n_roots == 1);
    else
      FUZZ_CHECK (r.n_roots == 0);
    hub_trust_roots_clear (&r);
  }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  HubDeviceCert cert;
  char *text;


  /* 1. the input as certificate bytes */
  if (hub_device_cert_decode (data, size, &cert))
    check_cert (&cert, data, size);

  /* 2. the input as text (NUL-terminated copy; embedded NULs cut it short) */
  text = malloc (size + 1);
  FUZZ_CHECK (text != NULL);
  memcpy (text, data, size);
  text[size] = '\0';
  check_text (text, strlen (text));
  free (text);

  return 0;
}
