/* hub-frame-tag.h — the per-access-unit tag of signed-frames v1 (§2, §3) */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <sodium.h>

#ifdef __cplusplus
extern "C" {
#endif

#define HUB_DEVICE_ID_MAX 64
#define HUB_TAG_FIXED_SIZE 141
#define HUB_TAG_MAX_SIZE (HUB_TAG_FIXED_SIZE + HUB_DEVICE_ID_MAX)
#define HUB_TAG_FLAG_IDR 0x01
#define HUB_NONCE_SIZE 16
#define HUB_KEY_ID_SIZE 8
#define HUB_PUBLIC_KEY_SIZE 32
#define HUB_SECRET_KEY_SIZE 64
#define HUB_SIGNATURE_SIZE 64
#define HUB_DIGEST_SIZE 32

typedef struct
{
  uint8_t version;
  uint8_t flags;
  uint8_t key_id[HUB_KEY_ID_SIZE];
  uint8_t nonce[HUB_NONCE_SIZE];
  uint64_t counter;
  uint64_t capture_time_us;
  uint16_t vcl_count;
  uint8_t au_digest[HUB_DIGEST_SIZE];
  uint8_t device_id_len;
  char device_id[HUB_DEVICE_ID_MAX + 1]; /* NUL-terminated copy */
  uint8_t signature[HUB_SIGNATURE_SIZE];
} HubFrameTag;

/* true when @id (@len bytes) is 1..64 bytes of [A-Za-z0-9._:-] */
bool hub_device_id_is_valid (const char *id, size_t len);

/* key_id = first 8 bytes of SHA-256(public key) */
void hub_key_id (const uint8_t public_key[HUB_PUBLIC_KEY_SIZE], uint8_t key_id[HUB_KEY_ID_SIZE]);

/* Parses @len bytes; false on any malformed case of §2 (length, version,
 * flags, vcl_count 0, device_id length or bytes). */
bool hub_frame_tag_decode (const uint8_t *buf, size_t len, HubFrameTag *tag);

/* Serialises @tag (signature included as stored) into @out, which must hold
 * HUB_TAG_MAX_SIZE bytes; returns the length, 0 if the tag is not valid. */
size_t hub_frame_tag_encode (const HubFrameTag *tag, uint8_t *out);

/* Fills key_id from @public_key and the signature from @secret_key
 * (libsodium's 64-byte Ed25519 secret key). */
bool hub_frame_tag_sign (HubFrameTag *tag, const uint8_t secret_key[HUB_SECRET_KEY_SIZE]);

/* Ed25519 verification of the encoded tag @buf under @public_key. */
bool hub_frame_tag_verify_signature (const uint8_t *buf, size_t len,
                                     const uint8_t public_key[HUB_PUBLIC_KEY_SIZE]);

/* au_digest (§3), fed incrementally */
typedef struct
{
  crypto_hash_sha256_state state;
} HubAuDigest;

void hub_au_digest_init (HubAuDigest *d, const uint8_t sps_digest[HUB_DIGEST_SIZE],
                         const uint8_t pps_digest[HUB_DIGEST_SIZE]);
void hub_au_digest_add_vcl (HubAuDigest *d, const uint8_t *nal, size_t len);
void hub_au_digest_final (HubAuDigest *d, uint8_t out[HUB_DIGEST_SIZE]);

/* Tracks the most recent SPS and PPS of a stream (§3) as digests. */
typedef struct
{
  uint8_t sps_digest[HUB_DIGEST_SIZE];
  uint8_t pps_digest[HUB_DIGEST_SIZE];
} HubParamSets;

void hub_param_sets_init (HubParamSets *ps);
/* Feeds any NAL unit; updates the digest when it is an SPS or PPS and
 * returns true in that case. */
bool hub_param_sets_update (HubParamSets *ps, const uint8_t *nal, size_t len);

#ifdef __cplusplus
}
#endif
