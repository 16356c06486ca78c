/* hub-device-cert.h — device certificates and trust roots (signed-frames v1 §4) */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hub-frame-tag.h"

#ifdef __cplusplus
extern "C" {
#endif

#define HUB_MODEL_MAX 64
#define HUB_CERT_MIN_SIZE (1 + 8 + 32 + 8 + 8 + 1 + 1 + 1 + 64)
#define HUB_CERT_MAX_SIZE (1 + 8 + 32 + 8 + 8 + 1 + HUB_DEVICE_ID_MAX + 1 + HUB_MODEL_MAX + 64)

typedef struct
{
  uint8_t version;
  uint8_t issuer_key_id[HUB_KEY_ID_SIZE];
  uint8_t public_key[HUB_PUBLIC_KEY_SIZE];
  uint64_t not_before;
  uint64_t not_after;
  uint8_t device_id_len;
  char device_id[HUB_DEVICE_ID_MAX + 1];
  uint8_t model_len;
  char model[HUB_MODEL_MAX + 1];
  uint8_t signature[HUB_SIGNATURE_SIZE];
} HubDeviceCert;

typedef enum
{
  HUB_CERT_OK = 0,
  HUB_CERT_MALFORMED,
  HUB_CERT_UNKNOWN_ISSUER,
  HUB_CERT_BAD_SIGNATURE,
  HUB_CERT_NOT_YET_VALID,
  HUB_CERT_EXPIRED,
  HUB_CERT_WRONG_DEVICE,
} HubCertResult;

const char *hub_cert_result_to_string (HubCertResult result);

bool hub_device_cert_decode (const uint8_t *buf, size_t len, HubDeviceCert *cert);
/* Decodes standard base64 (with or without padding, surrounding whitespace ignored). */
bool hub_device_cert_decode_base64 (const char *b64, HubDeviceCert *cert);
/* @out must hold HUB_CERT_MAX_SIZE bytes; returns the length, 0 if invalid. */
size_t hub_device_cert_encode (const HubDeviceCert *cert, uint8_t *out);
/* Sets issuer_key_id and the signature from the root's secret key. */
bool hub_device_cert_sign (HubDeviceCert *cert, const uint8_t root_secret_key[HUB_SECRET_KEY_SIZE]);

/* A set of trusted root public keys. */
typedef struct
{
  size_t n_roots;
  uint8_t (*roots)[HUB_PUBLIC_KEY_SIZE];
} HubTrustRoots;

void hub_trust_roots_init (HubTrustRoots *roots);
void hub_trust_roots_clear (HubTrustRoots *roots);
bool hub_trust_roots_add (HubTrustRoots *roots, const uint8_t public_key[HUB_PUBLIC_KEY_SIZE]);
/* Parses one base64 line (a .pub file's content) and adds it. */
bool hub_trust_roots_add_base64 (HubTrustRoots *roots, const char *b64);
/* Adds the key of one file; false (errno-style message in @err) on failure. */
bool hub_trust_roots_add_file (HubTrustRoots *roots, const char *path, char *err, size_t err_len);
/* Adds every "*.pub" file of @dir, in name order; files that do not parse
 * are skipped and counted in *@n_bad (may be NULL). Returns the number added,
 * -1 when the directory cannot be read. */
int hub_trust_roots_add_dir (HubTrustRoots *roots, const char *dir, int *n_bad);

/* Verifies issuer (by key_id among @roots), signature, validity at @now
 * (seconds since the epoch) and, when @expected_device_id is not NULL, that
 * the certificate names that device. */
HubCertResult hub_device_cert_verify (const HubDeviceCert *cert, const HubTrustRoots *roots,
                                      uint64_t now, const char *expected_device_id);

/* Small helpers shared by the CLI and the tests. */
bool hub_hex_decode (const char *hex, uint8_t *out, size_t out_len);
bool hub_base64_decode (const char *b64, uint8_t *out, size_t out_cap, size_t *out_len);

#ifdef __cplusplus
}
#endif
