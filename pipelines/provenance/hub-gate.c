/* hub-gate.c — what the hub accepts (signed-frames v1 §5) as a state machine
 *
 * Copyright 2026 hubview developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * NAL units come in one at a time. A unit is decided the moment its last
 * covered slice arrives, or early at the next tag SEI or the first slice of
 * another picture.
 *
 * What a passed unit hands on (signed-frames §6.1) is rebuilt from verified
 * bytes only: a generated AUD, the SPS and PPS the unit's au_digest was
 * computed over (byte copies of the stream's most recent ones, which the
 * gate keeps) when they differ from the last ones handed on or in front of
 * an IDR, then the covered slices. No other non-VCL NAL unit — SEI, end of
 * sequence or stream, SPS extension, subset SPS, prefix, reserved types —
 * is ever kept: a relay can add those without a signature, and each of them
 * can change what a verified slice decodes to.
 *
 * Bounded (§6.3): the bytes of a unit and of the non-VCL data in front of it
 * may not exceed the limit of the last verified SPS's level (8 MiB before
 * one, never more); past it the unit is malformed, its data discarded, and
 * the rest of its picture dropped as it comes. No input aborts: a failed
 * allocation drops the unit.
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

  HubParamSets params; /* most recent SPS / PPS of the stream (digests) */
  ByteBuf sps;         /* … and their bytes */
  ByteBuf pps;
  /* the SPS / PPS digests of the last passed unit: what the decoder has */
  bool sent_params;
  uint8_t sent_sps[HUB_DIGEST_SIZE];
  uint8_t sent_pps[HUB_DIGEST_SIZE];
  size_t limit;        /* §6.3, from the level of the SPS last handed on */
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
  bool pending_params_changed; /* one since the unit's last slice does */
  size_t unit_bytes;           /* Annex-B bytes of the unit and of the data in front of it */
  bool discarding;             /* the rest of an oversized unit's picture is dropped */
  ByteBuf au;                  /* the unit's slices so far, with start codes */
  ByteBuf out;                 /* the access unit handed on for a passed unit */
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

/* No buffer ever grows much past the largest unit allowed. */
#define BYTE_BUF_MAX (HUB_UNIT_SIZE_MAX + 4096)

/* false, the buffer unchanged, when memory runs out: no input aborts */
static bool
byte_buf_append (ByteBuf *b, const uint8_t *data, size_t len)
{
  if (len == 0)
    return true; /* data may be NULL: an empty buffer never allocated */
  if (len > SIZE_MAX / 2 - b->len)
    return false;
  if (b->len + len > b->cap)
    {
      size_t cap = b->cap ? b->cap : 4096;
      uint8_t *grown;

      while (cap < b->len + len)
        cap *= 2;
      if (cap > BYTE_BUF_MAX && b->len + len <= BYTE_BUF_MAX)
        cap = BYTE_BUF_MAX;
      grown = realloc (b->data, cap);
      if (grown == NULL)
        return false;
      b->data = grown;
      b->cap = cap;
    }
  memcpy (b->data + b->len, data, len);
  b->len += len;
  return true;
}

static bool
byte_buf_append_nal (ByteBuf *b, const uint8_t *nal, size_t size)
{
  static const uint8_t start_code[4] = { 0, 0, 0, 1 };
  size_t len = b->len;

  if (byte_buf_append (b, start_code, sizeof start_code) && byte_buf_append (b, nal, size))
    return true;
  b->len = len;
  return false;
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
  gate->limit = HUB_UNIT_SIZE_MAX;
  return gate;
}

void
hub_gate_free (HubGate *gate)
{
  if (gate == NULL)
    return;
  free (gate->au.data);
  free (gate->out.data);
  free (gate->sps.data);
  free (gate->pps.data);
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
  /* The parameter sets handed on with the unit are the stream's current
   * ones: they must still be those the digest was computed over. */
  if (!complete || gate->params_changed
      || memcmp (gate->params.sps_digest, gate->unit_sps, HUB_DIGEST_SIZE) != 0
      || memcmp (gate->params.pps_digest, gate->unit_pps, HUB_DIGEST_SIZE) != 0)
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

static const uint8_t no_digest[HUB_DIGEST_SIZE];

/* The access unit of a passed unit (§6.1): a generated AUD, the parameter
 * sets its digest used when the decoder does not have them yet (or in
 * front of an IDR), the covered slices. */
static bool
build_output (HubGate *gate, bool idr)
{
  static const uint8_t aud[] = { HUB_NAL_AUD, 0xf0 }; /* primary_pic_type 7: any */
  bool send_params = idr || !gate->sent_params
                     || memcmp (gate->sent_sps, gate->unit_sps, HUB_DIGEST_SIZE) != 0
                     || memcmp (gate->sent_pps, gate->unit_pps, HUB_DIGEST_SIZE) != 0;
  bool ok;

  gate->out.len = 0;
  ok = byte_buf_append_nal (&gate->out, aud, sizeof aud);
  if (send_params && memcmp (gate->unit_sps, no_digest, HUB_DIGEST_SIZE) != 0)
    ok = ok && byte_buf_append_nal (&gate->out, gate->sps.data, gate->sps.len);
  if (send_params && memcmp (gate->unit_pps, no_digest, HUB_DIGEST_SIZE) != 0)
    ok = ok && byte_buf_append_nal (&gate->out, gate->pps.data, gate->pps.len);
  ok = ok && byte_buf_append (&gate->out, gate->au.data, gate->au.len);
  if (!ok || gate->out.len > gate->limit)
    return false;
  if (send_params)
    gate->limit = hub_sps_unit_size_limit (gate->sps.data, gate->sps.len);
  gate->sent_params = true;
  memcpy (gate->sent_sps, gate->unit_sps, HUB_DIGEST_SIZE);
  memcpy (gate->sent_pps, gate->unit_pps, HUB_DIGEST_SIZE);
  return true;
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

  unit.au = gate->au.data;
  unit.au_len = gate->au.len;
  if (unit.verdict == HUB_VERDICT_PASS)
    {
      if (build_output (gate, unit.idr || gate->all_idr_slices))
        {
          unit.au = gate->out.data;
          unit.au_len = gate->out.len;
        }
      else
        {
          /* too large with its parameter sets, or out of memory: dropped
           * as an oversized unit is (§6.3), without its tag */
          unit.verdict = HUB_VERDICT_MALFORMED;
          unit.has_tag = false;
          unit.tag = NULL;
          unit.tag_len = 0;
        }
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
  unit.gate_open = gate->open;
  unit.gate_changed = was_open != gate->open;

  gate->kind = UNIT_NONE;
  gate->n_vcl = 0;
  gate->params_changed = false;
  gate->pending_params_changed = false;
  gate->unit_bytes = 0;

  if (gate->func)
    gate->func (&unit, gate->user_data);
  gate->au.len = 0;
  gate->out.len = 0;
}

static void
start_unit (HubGate *gate, UnitKind kind)
{
  gate->kind = kind;
  gate->n_vcl = 0;
  gate->all_idr_slices = true;
  gate->params_changed = false;
  gate->pending_params_changed = false;
  gate->au.len = 0;
}

/* The unit in progress, or the data in front of the next one, outgrew the
 * limit (or memory ran out): a malformed unit, discarded; the rest of its
 * picture is dropped as it arrives. */
static void
drop_oversized (HubGate *gate)
{
  if (gate->kind == UNIT_NONE)
    start_unit (gate, UNIT_MALFORMED);
  else
    gate->kind = UNIT_MALFORMED;
  decide_unit (gate, false);
  gate->discarding = true;
}

/* A tag SEI: the unit in progress ends (decided with its own tag), then
 * the new tag, read into @tag_bytes by the caller, starts the next one. */
static void
push_tag_sei (HubGate *gate, HubSeiResult found, const uint8_t *tag_bytes, size_t tag_len)
{
  if (gate->kind != UNIT_NONE)
    decide_unit (gate, false);
  gate->discarding = false;

  if (found == HUB_SEI_TAG && tag_len <= sizeof gate->tag_bytes
      && hub_frame_tag_decode (tag_bytes, tag_len, &gate->tag))
    {
      memcpy (gate->tag_bytes, tag_bytes, tag_len);
      gate->tag_len = tag_len;
      start_unit (gate, UNIT_TAGGED);
    }
  else
    start_unit (gate, UNIT_MALFORMED);
}

/* Whether the VCL NAL unit @nal is the first of a picture: first_mb_in_slice
 * is 0, or the slice header cannot be read. Data partitions B and C never
 * are: they carry slice_id where the others carry first_mb_in_slice, and
 * follow their partition A. */
static bool
starts_picture (const uint8_t *nal, size_t size)
{
  int type = hub_nal_type (nal, size);
  uint32_t first_mb = 0;

  if (type == HUB_NAL_SLICE_DPB || type == HUB_NAL_SLICE_DPC)
    return false;
  return !hub_slice_first_mb (nal, size, &first_mb) || first_mb == 0;
}

static void
push_vcl (HubGate *gate, const uint8_t *nal, size_t size)
{
  bool picture_start = starts_picture (nal, size);

  if (gate->kind != UNIT_NONE && gate->n_vcl > 0 && picture_start)
    decide_unit (gate, false); /* another picture starts */

  gate->discarding = false; /* a picture starts (hub_gate_push_nal drops the rest) */

  if (gate->kind == UNIT_NONE)
    start_unit (gate, UNIT_NO_TAG);
  else
    {
      /* a parameter set changed between two of the unit's slices */
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
  if (!byte_buf_append_nal (&gate->au, nal, size))
    {
      drop_oversized (gate);
      return;
    }
  gate->n_vcl++;
  if (hub_nal_type (nal, size) != HUB_NAL_SLICE_IDR)
    gate->all_idr_slices = false;

  if (gate->kind == UNIT_TAGGED && gate->n_vcl == gate->tag.vcl_count)
    decide_unit (gate, true);
}

/* Any other non-VCL NAL unit: an SPS or PPS becomes the stream's most
 * recent one (bytes kept); everything else is only looked at. */
static void
push_other (HubGate *gate, const uint8_t *nal, size_t size)
{
  int type = hub_nal_type (nal, size);
  ByteBuf *copy = type == HUB_NAL_SPS ? &gate->sps : type == HUB_NAL_PPS ? &gate->pps : NULL;

  if (copy == NULL)
    return;
  hub_param_sets_update (&gate->params, nal, size);
  copy->len = 0;
  if (!byte_buf_append (copy, nal, size))
    {
      /* out of memory: no unit can pass with a parameter set the gate
       * could not keep (a digest that no SHA-256 of an SPS will equal) */
      memset (type == HUB_NAL_SPS ? gate->params.sps_digest : gate->params.pps_digest, 0xff,
              HUB_DIGEST_SIZE);
    }
  if (gate->kind == UNIT_TAGGED && gate->n_vcl > 0
      && (memcmp (gate->params.sps_digest, gate->unit_sps, HUB_DIGEST_SIZE) != 0
          || memcmp (gate->params.pps_digest, gate->unit_pps, HUB_DIGEST_SIZE) != 0))
    gate->pending_params_changed = true;
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
  if (gate->discarding && hub_nal_type_is_vcl (type) && !starts_picture (nal, size))
    return; /* more of a picture already dropped as too large */

  /* counted as the gate keeps it: with a 4-byte start code */
  if (size > gate->limit - gate->unit_bytes || gate->limit - gate->unit_bytes - size < 4)
    {
      drop_oversized (gate);
      return;
    }
  gate->unit_bytes += 4 + size;

  if (hub_nal_type_is_vcl (type))
    push_vcl (gate, nal, size);
  else if (type == HUB_NAL_SEI)
    {
      /* read into a local: the unit in progress is decided with its own tag */
      uint8_t tag_bytes[HUB_TAG_MAX_SIZE];
      size_t tag_len = 0;
      HubSeiResult found = hub_sei_find_tag (nal, size, tag_bytes, sizeof tag_bytes, &tag_len);

      if (found == HUB_SEI_NO_TAG)
        push_other (gate, nal, size);
      else
        push_tag_sei (gate, found, tag_bytes, tag_len);
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
}

void
hub_gate_discontinuity (HubGate *gate)
{
  gate->kind = UNIT_NONE;
  gate->n_vcl = 0;
  gate->au.len = 0;
  gate->params_changed = false;
  gate->pending_params_changed = false;
  gate->open = false;
  gate->unit_bytes = 0;
  gate->discarding = false;
  /* what is downstream of a break may have lost the parameter sets */
  gate->sent_params = false;
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
