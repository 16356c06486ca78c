/* hub-gate.h — what the hub accepts (signed-frames v1 §5) as a state machine
 *
 * Input: NAL units in stream order, however they were cut into buffers.
 * Output: one callback per unit, the moment the unit is decided, with the
 * verdict and, for a unit that passed, the access unit for the decoder
 * rebuilt from verified bytes only (signed-frames §6.1).
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hub-frame-tag.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum
{
  HUB_VERDICT_PASS = 0,
  HUB_VERDICT_NO_TAG,
  HUB_VERDICT_MALFORMED,
  HUB_VERDICT_UNKNOWN_KEY,
  HUB_VERDICT_WRONG_DEVICE,
  HUB_VERDICT_WRONG_SESSION,
  HUB_VERDICT_BAD_DIGEST,
  HUB_VERDICT_BAD_SIGNATURE,
  HUB_VERDICT_REPLAY,
  HUB_VERDICT_WAIT_KEYFRAME,
  HUB_N_VERDICTS
} HubVerdict;

/* "pass", "no-tag", "malformed", … as the spec names them */
const char *hub_verdict_to_string (HubVerdict verdict);
/* HUB_N_VERDICTS when @name is not a verdict */
HubVerdict hub_verdict_from_string (const char *name);

typedef struct
{
  HubVerdict verdict;
  bool has_tag;             /* a tag that decoded (counter, idr, capture time valid) */
  bool idr;                 /* the tag's IDR flag */
  uint64_t counter;
  uint64_t capture_time_us;
  uint32_t n_vcl;           /* VCL NAL units received in the unit */
  const uint8_t *au;        /* Annex-B bytes (4-byte start codes), valid only during the
                             * callback. Passed: what the decoder may see (§6.1) — an AUD,
                             * the SPS and PPS the au_digest used when they differ from
                             * those of the last passed unit or the unit is an IDR, then
                             * the covered slices; nothing else. Dropped: the slices
                             * received (no non-VCL NAL unit), for diagnostics. */
  size_t au_len;
  const uint8_t *tag;       /* the unit's encoded tag when has_tag (valid only during the
                             * callback): what the frame will carry, not what the gate expects */
  size_t tag_len;
  bool gate_open;           /* state after this unit */
  bool gate_changed;        /* this unit opened or closed the gate */
} HubGateUnit;

typedef void (*HubGateUnitFunc) (const HubGateUnit *unit, void *user_data);

typedef struct HubGate HubGate;

/* @device_id: expected D (a valid device ID); @public_key: K; @nonce: N.
 * Returns NULL when the device ID is not valid or libsodium cannot start. */
HubGate *hub_gate_new (const char *device_id, const uint8_t public_key[HUB_PUBLIC_KEY_SIZE],
                       const uint8_t nonce[HUB_NONCE_SIZE], HubGateUnitFunc func, void *user_data);
void hub_gate_free (HubGate *gate);

/* Feeds one whole NAL unit (header onward, any trailing zeros are removed). */
void hub_gate_push_nal (HubGate *gate, const uint8_t *nal, size_t size);
/* Feeds every NAL unit of an Annex-B buffer, which must hold whole NAL
 * units (a NAL unit split across two calls would read as two). */
void hub_gate_push_annexb (HubGate *gate, const uint8_t *buf, size_t len);
/* End of stream: decides the unit in progress (incomplete → bad-digest,
 * malformed / no-tag as they are); non-VCL NAL units left over are dropped. */
void hub_gate_finish (HubGate *gate);
/* The connection broke (same session): the unit in progress is dropped
 * without a verdict, the gate closes; the last accepted counter is kept. */
void hub_gate_discontinuity (HubGate *gate);

bool hub_gate_is_open (const HubGate *gate);
/* Units decided so far, per verdict (array of HUB_N_VERDICTS). */
const uint64_t *hub_gate_get_counts (const HubGate *gate);
/* false until a unit passed */
bool hub_gate_get_last_counter (const HubGate *gate, uint64_t *counter);
/* Continues a session whose last accepted counter is known (a reconnection
 * within the lease, §5 "Sessions and reconnections"). */
void hub_gate_set_last_counter (HubGate *gate, uint64_t counter);

#ifdef __cplusplus
}
#endif
