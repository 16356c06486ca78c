/* hub-signer.h — the camera side of signed-frames v1: signs access units */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hub-frame-tag.h"

#ifdef __cplusplus
extern "C" {
#endif

/* A signer (camera side): turns access units into signed access units. */
typedef struct HubSigner HubSigner;

HubSigner *hub_signer_new (const uint8_t seed[32], const char *device_id,
                           const uint8_t nonce[HUB_NONCE_SIZE]);
void hub_signer_free (HubSigner *signer);
/* Signs one access unit given as Annex-B bytes: returns a newly malloc'd
 * Annex-B access unit with the tag SEI inserted before its first VCL NAL
 * unit (NULL when the AU holds no VCL NAL unit: it is passed on unsigned by
 * the caller). The counter advances by one per signed AU. */
uint8_t *hub_signer_sign_au (HubSigner *signer, const uint8_t *au, size_t len,
                             uint64_t capture_time_us, size_t *out_len);
uint64_t hub_signer_get_counter (const HubSigner *signer);
void hub_signer_set_counter (HubSigner *signer, uint64_t counter);
void hub_signer_get_public_key (const HubSigner *signer, uint8_t public_key[HUB_PUBLIC_KEY_SIZE]);

#ifdef __cplusplus
}
#endif
