/* hub-gate.c — what the hub accepts (signed-frames v1 §5) as a state machine
 *
 * Copyright 2026 hubview developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * NAL units come in one at a time. Non-VCL NAL units wait in `pending` until
 * the next VCL NAL unit or tag SEI says which unit they belong to; a unit is
 * decided the moment its last covered slice arrives, or early at the next
 * tag SEI or the first slice of another picture.
 */
#include "hub-gate.h"

#include <stdlib.h>
#include <string.h>

#include "hub-annexb.h"

typedef struct
{
  uint8_t *data;
  size_t len;
  size_t cap;
} ByteBuf;

typedef enum
{
  UNIT_NONE,
  UNIT_TAGGED,
  UNIT_MALFORMED,
  UNIT_NO_TAG,
} UnitKind;

struct HubGate
{
  char device_id[HUB_DEVICE_ID_MAX + 1];
  uint8_t public_key[HUB_PUBLIC_KEY_SIZE];
  uint8_t key_id[HUB_KEY_ID_SIZE];
  uint8_t nonce[HUB_NONCE_SIZE];
  HubGateUnitFunc func;
  void *user_data;

  HubParamSets params; /* most recent SPS / PPS of the stream */
  bool open;
  bool have_last;
  uint64_t last_counter;
  uint64_t counts[HUB_N_VERDICTS];

  /* the unit in progress */
  UnitKind kind;
  HubFrameTag tag;
  uint8_t tag_bytes[HUB_TAG_MAX_SIZE];
  size_t tag_len;
  uint32_t n_vcl;
  bool all_idr_slices;         /* every covered slice is an IDR slice (type 5) */
  HubAuDigest digest;
  uint8_t unit_sps[HUB_DIGEST_SIZE];
  uint8_t unit_pps[HUB_DIGEST_SIZE];
  bool params_changed;         /* a parameter set inside the unit differs */
  bool pending_params_changed; /* one of the pending NAL units does */
  ByteBuf au;                  /* NAL units of the unit so far */
  ByteBuf pending;             /* non-VCL NAL units not yet placed */
};

static const char *const verdict_names[HUB_N_VERDICTS] = {
  [HUB_VERDICT_PASS] = "pass",
  [HUB_VERDICT_NO_TAG] = "no-tag",
  [HUB_VERDICT_MALFORMED] = "malformed",
  [HUB_VERDICT_UNKNOWN_KEY] = "unknown-key",
  [HUB_VERDICT_WRONG_DEVICE] = "wrong-device",
  [HUB_VERDICT_WRONG_SESSION] = "wrong-session",
  [HUB_VERDICT_BAD_DIGEST] = "bad-digest",
  [HUB_VERDICT_BAD_SIGNATURE] = "bad-signature",
  [HUB_VERDICT_REPLAY] = "replay",
  [HUB_VERDICT_WAIT_KEYFRAME] = "wait-keyframe",
};

const char *
hub_verdict_to_string (HubVerdict verdict)
{
  if ((unsigned) verdict >= HUB_N_VERDICTS)
    return "invalid";
  return verdict_names[verdict];
}

HubVerdict
hub_verdict_from_string (const char *name)
{
  for (int i = 0; i < HUB_N_VERDICTS; i++)
    if (name != NULL && strcmp (name, verdict_names[i]) == 0)
      return (HubVerdict) i;
  return HUB_N_VERDICTS;
}

static void
byte_buf_append (ByteBuf *b, const uint8_t *data, size_t len)
{
  if (len == 0)
    return; /* data may be NULL: an empty buffer never allocated */
  if (b->len + len > b->cap)
    {
      size_t cap = b->cap ? b->cap : 4096;
      uint8_t *grown;

      while (cap < b->len + len)
        cap *= 2;
      grown = realloc (b->data, cap);
      if (grown == NULL)
        abort ();
      b->data = grown;
      b->cap = cap;
    }
  memcpy (b->data + b->len, data, len);
  b->len += len;
}

static void
byte_buf_append_nal (ByteBuf *b, const uint8_t *nal, size_t size)
{
  static const uint8_t start_code[4] = { 0, 0, 0, 1 };

  byte_buf_append (b, start_code, sizeof start_code);
  byte_buf_append (b, nal, size);
}

HubGate *
hub_gate_new (const char *device_id, const uint8_t public_key[HUB_PUBLIC_KEY_SIZE],
              const uint8_t nonce[HUB_NONCE_SIZE], HubGateUnitFunc func, void *user_data)
{
  HubGate *gate;
  size_t n = device_id ? strlen (device_id) : 0;

  if (!hub_device_id_is_valid (device_id, n) || sodium_init () < 0)
    return NULL;
  gate = calloc (1, sizeof *gate);
  if (gate == NULL)
    return NULL;
  memcpy (gate->device_id, device_id, n);
  memcpy (gate->public_key, public_key, HUB_PUBLIC_KEY_SIZE);
  hub_key_id (public_key, gate->key_id);
  memcpy (gate->nonce, nonce, HUB_NONCE_SIZE);
  gate->func = func;
  gate->user_data = user_data;
  hub_param_sets_init (&gate->params);
  return gate;
}

void
hub_gate_free (HubGate *gate)
{
  if (gate == NULL)
    return;
  free (gate->au.data);
  free (gate->pending.data);
  sodium_memzero (gate, sizeof *gate);
  free (gate);
}

/* The checks of §5 in table order, for a tagged unit. */
static HubVerdict
judge_tagged (HubGate *gate, bool complete)
{
  const HubFrameTag *tag = &gate->tag;
  uint8_t digest[HUB_DIGEST_SIZE];

  if (memcmp (tag->key_id, gate->key_id, HUB_KEY_ID_SIZE) != 0)
    return HUB_VERDICT_UNKNOWN_KEY;
  if (strcmp (tag->device_id, gate->device_id) != 0)
    return HUB_VERDICT_WRONG_DEVICE;
  if (sodium_memcmp (tag->nonce, gate->nonce, HUB_NONCE_SIZE) != 0)
    return HUB_VERDICT_WRONG_SESSION;
  if (!complete || gate->params_changed)
    return HUB_VERDICT_BAD_DIGEST;
  hub_au_digest_final (&gate->digest, digest);
  if (memcmp (digest, tag->au_digest, HUB_DIGEST_SIZE) != 0)
    return HUB_VERDICT_BAD_DIGEST;
  if (!hub_frame_tag_verify_signature (gate->tag_bytes, gate->tag_len, gate->public_key))
    return HUB_VERDICT_BAD_SIGNATURE;
  if (gate->have_last && tag->counter <= gate->last_counter)
    return HUB_VERDICT_REPLAY;
  /* A valid IDR always opens the gate, gap or not. The flag must agree with
   * the slices: a picture that only claims to be a key frame cannot open a
   * closed gate (its references were never verified). */
  if ((tag->flags & HUB_TAG_FLAG_IDR) && gate->all_idr_slices)
    return HUB_VERDICT_PASS;
  if (!gate->open || !gate->have_last || tag->counter != gate->last_counter + 1)
    return HUB_VERDICT_WAIT_KEYFRAME;
  return HUB_VERDICT_PASS;
}

/* Decides the unit in progress and hands it to the callback. */
static void
decide_unit (HubGate *gate, bool complete)
{
  HubGateUnit unit;
  bool was_open = gate->open;

  memset (&unit, 0, sizeof unit);
  switch (gate->kind)
    {
    case UNIT_TAGGED:
      unit.verdict = judge_tagged (gate, complete);
      unit.has_tag = true;
      unit.idr = (gate->tag.flags & HUB_TAG_FLAG_IDR) != 0;
      unit.counter = gate->tag.counter;
      unit.capture_time_us = gate->tag.capture_time_us;
      unit.tag = gate->tag_bytes;
      unit.tag_len = gate->tag_len;
      break;
    case UNIT_MALFORMED:
      unit.verdict = HUB_VERDICT_MALFORMED;
      break;
    case UNIT_NO_TAG:
      unit.verdict = HUB_VERDICT_NO_TAG;
      break;
    case UNIT_NONE:
    default:
      return;
    }

  if (unit.verdict == HUB_VERDICT_PASS)
    {
      gate->open = true;
      gate->have_last = true;
      gate->last_counter = unit.counter;
    }
  else
    gate->open = false;
  gate->counts[unit.verdict]++;

  unit.n_vcl = gate->n_vcl;
  unit.au = gate->au.data;
  unit.au_len = gate->au.len;
  unit.gate_open = gate->open;
  unit.gate_changed = was_open != gate->open;

  gate->kind = UNIT_NONE;
  gate->n_vcl = 0;
  gate->params_changed = false;
  gate->pending_params_changed = false;

  if (gate->func)
    gate->func (&unit, gate->user_data);
  gate->au.len = 0;
}

/* Starts a unit with the pending non-VCL NAL units in front. */
static void
start_unit (HubGate *gate, UnitKind kind)
{
  gate->kind = kind;
  gate->n_vcl = 0;
  gate->all_idr_slices = true;
  gate->params_changed = false;
  gate->pending_params_changed = false;
  gate->au.len = 0;
  byte_buf_append (&gate->au, gate->pending.data, gate->pending.len);
  gate->pending.len = 0;
}

static void
push_tag_sei (HubGate *gate, const uint8_t *nal, size_t size, HubSeiResult found)
{
  if (gate->kind != UNIT_NONE)
    decide_unit (gate, false);

  if (found == HUB_SEI_TAG
      && hub_frame_tag_decode (gate->tag_bytes, gate->tag_len, &gate->tag))
    start_unit (gate, UNIT_TAGGED);
  else
    start_unit (gate, UNIT_MALFORMED);
  byte_buf_append_nal (&gate->au, nal, size);
}

static void
push_vcl (HubGate *gate, const uint8_t *nal, size_t size)
{
  uint32_t first_mb = 0;

  /* A slice header we cannot read counts as the start of a picture. */
  if (!hub_slice_first_mb (nal, size, &first_mb))
    first_mb = 0;

  if (gate->kind != UNIT_NONE && gate->n_vcl > 0 && first_mb == 0)
    decide_unit (gate, false); /* another picture starts */

  if (gate->kind == UNIT_NONE)
    start_unit (gate, UNIT_NO_TAG);
  else
    {
      /* the non-VCL NAL units since the last slice stand inside the unit */
      byte_buf_append (&gate->au, gate->pending.data, gate->pending.len);
      gate->pending.len = 0;
      if (gate->n_vcl > 0 && gate->pending_params_changed)
        gate->params_changed = true;
      gate->pending_params_changed = false;
    }

  if (gate->kind == UNIT_TAGGED)
    {
      if (gate->n_vcl == 0)
        {
          memcpy (gate->unit_sps, gate->params.sps_digest, HUB_DIGEST_SIZE);
          memcpy (gate->unit_pps, gate->params.pps_digest, HUB_DIGEST_SIZE);
          hub_au_digest_init (&gate->digest, gate->unit_sps, gate->unit_pps);
        }
      hub_au_digest_add_vcl (&gate->digest, nal, size);
    }
  byte_buf_append_nal (&gate->au, nal, size);
  gate->n_vcl++;
  if (hub_nal_type (nal, size) != HUB_NAL_SLICE_IDR)
    gate->all_idr_slices = false;

  if (gate->kind == UNIT_TAGGED && gate->n_vcl == gate->tag.vcl_count)
    decide_unit (gate, true);
}

static void
push_other (HubGate *gate, const uint8_t *nal, size_t size)
{
  if (hub_param_sets_update (&gate->params, nal, size) && gate->kind == UNIT_TAGGED
      && gate->n_vcl > 0)
    {
      if (memcmp (gate->params.sps_digest, gate->unit_sps, HUB_DIGEST_SIZE) != 0
          || memcmp (gate->params.pps_digest, gate->unit_pps, HUB_DIGEST_SIZE) != 0)
        gate->pending_params_changed = true;
    }
  byte_buf_append_nal (&gate->pending, nal, size);
}

void
hub_gate_push_nal (HubGate *gate, const uint8_t *nal, size_t size)
{
  int type;

  while (size > 0 && nal[size - 1] == 0x00)
    size--;
  if (size == 0)
    return;

  type = hub_nal_type (nal, size);
  if (hub_nal_type_is_vcl (type))
    push_vcl (gate, nal, size);
  else if (type == HUB_NAL_SEI)
    {
      HubSeiResult found = hub_sei_find_tag (nal, size, gate->tag_bytes,
                                             sizeof gate->tag_bytes, &gate->tag_len);
      if (found == HUB_SEI_NO_TAG)
        push_other (gate, nal, size);
      else
        push_tag_sei (gate, nal, size, found);
    }
  else
    push_other (gate, nal, size);
}

void
hub_gate_push_annexb (HubGate *gate, const uint8_t *buf, size_t len)
{
  size_t offset = 0;
  HubNal nal;

  while (hub_annexb_next_nal (buf, len, &offset, &nal))
    hub_gate_push_nal (gate, nal.data, nal.size);
}

void
hub_gate_finish (HubGate *gate)
{
  if (gate->kind != UNIT_NONE)
    decide_unit (gate, false);
  gate->pending.len = 0;
}

void
hub_gate_discontinuity (HubGate *gate)
{
  gate->kind = UNIT_NONE;
  gate->n_vcl = 0;
  gate->au.len = 0;
  gate->pending.len = 0;
  gate->params_changed = false;
  gate->pending_params_changed = false;
  gate->open = false;
}

bool
hub_gate_is_open (const HubGate *gate)
{
  return gate->open;
}

const uint64_t *
hub_gate_get_counts (const HubGate *gate)
{
  return gate->counts;
}

bool
hub_gate_get_last_counter (const HubGate *gate, uint64_t *counter)
{
  if (gate->have_last && counter != NULL)
    *counter = gate->last_counter;
  return gate->have_last;
}

void
hub_gate_set_last_counter (HubGate *gate, uint64_t counter)
{
  gate->have_last = true;
  gate->last_counter = counter;
}
