/* fuzz-stream.c — libFuzzer target: a whole stream through the gate (§5)
 *
 * The input is an Annex-B byte stream, judged for the session of the signed
 * clips in tests/data (cam-frontdoor, its key, nonce 00 01 … 0f). It runs
 * through the gate several ways:
 *   A. the whole buffer at once (hub_gate_push_annexb);
 *   B. NAL unit by NAL unit (hub_gate_push_nal);
 *   C. buffers cut at NAL unit boundaries in a chunking derived from the input;
 *   D. as C, with a discontinuity at one boundary.
 * Invariants: A, B and C decide the very same units (verdict, tag fields,
 * slice count, AU bytes); in every run the spec's own rules hold — a unit that
 * passes has a tag and a counter above every counter passed before it, it
 * opens the gate only as an IDR (flag and slices alike), a dropped unit closes
 * the gate, and the counts the gate keeps are the callbacks it made (D is held
 * to those rules only). What a passed unit hands on is verified bytes only
 * (§6.1): a generated AUD, then at most one SPS and one PPS (both in front of
 * an IDR), then exactly its n_vcl slices; a dropped unit's bytes are
 * slices; nothing the gate hands on is larger than 8 MiB (§6.3).
 *
 * Copyright 2026 hubview developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz-common.h"
#include "hub-annexb.h"
#include "hub-gate.h"

typedef struct
{
  HubVerdict verdict;
  bool has_tag;
  bool idr;
  uint64_t counter;
  uint64_t capture_time_us;
  uint32_t n_vcl;
  size_t au_len;
  uint64_t au_hash;
} UnitRecord;

typedef struct
{
  UnitRecord *units;
  size_t n_units;
  size_t cap;

  /* the spec's rules, checked as units come */
  bool open; /* gate state as the callbacks told it */
  bool have_last;
  uint64_t last_counter;
  uint64_t counts[HUB_N_VERDICTS];
} Run;

/* true when every VCL NAL unit of the Annex-B @au is an IDR slice (type 5) */
static bool
au_all_idr_slices (const uint8_t *au, size_t len)
{
  size_t offset = 0;
  HubNal nal;
  bool any = false;

  while (hub_annexb_next_nal (au, len, &offset, &nal))
    {
      int type = hub_nal_type (nal.data, nal.size);

      if (!hub_nal_type_is_vcl (type))
        continue;
      if (type != HUB_NAL_SLICE_IDR)
        return false;
      any = true;
    }
  return any;
}

/* §6.1: the NAL units of what the gate hands on for @unit */
static void
check_output (const HubGateUnit *unit)
{
  size_t offset = 0, n = 0;
  uint32_t n_vcl = 0, n_sps = 0, n_pps = 0;
  HubNal nal;

  while (hub_annexb_next_nal (unit->au, unit->au_len, &offset, &nal))
    {
      int type = hub_nal_type (nal.data, nal.size);

      if (unit->verdict != HUB_VERDICT_PASS)
        FUZZ_CHECK (hub_nal_type_is_vcl (type));
      else if (n == 0)
        FUZZ_CHECK (type == HUB_NAL_AUD && nal.size == 2 && nal.data[1] == 0xf0);
      else if (type == HUB_NAL_SPS)
        FUZZ_CHECK (n_sps++ == 0 && n_pps == 0 && n_vcl == 0);
      else if (type == HUB_NAL_PPS)
        FUZZ_CHECK (n_pps++ == 0 && n_vcl == 0);
      else
        FUZZ_CHECK (hub_nal_type_is_vcl (type));
      n_vcl += hub_nal_type_is_vcl (type);
      n++;
    }
  FUZZ_CHECK (n_vcl == unit->n_vcl);
  /* a passed IDR brings the parameter sets (when the stream had any) */
  if (unit->verdict == HUB_VERDICT_PASS && unit->idr && au_all_idr_slices (unit->au, unit->au_len))
    FUZZ_CHECK (n_sps <= 1 && n_pps <= 1);
  FUZZ_CHECK (unit->au_len <= HUB_UNIT_SIZE_MAX);
}

static void
on_unit (const HubGateUnit *unit, void *user_data)
{
  Run *run = user_data;
  UnitRecord *rec;
  bool key_frame = unit->has_tag && unit->idr && au_all_idr_slices (unit->au, unit->au_len);

  FUZZ_CHECK ((unsigned)unit->verdict < HUB_N_VERDICTS);
  FUZZ_CHECK (hub_verdict_from_string (hub_verdict_to_string (unit->verdict)) == unit->verdict);
  FUZZ_CHECK (unit->au_len == 0 || unit->au != NULL);
  check_output (unit);

  switch (unit->verdict)
    {
    case HUB_VERDICT_PASS:
      FUZZ_CHECK (unit->has_tag);
      FUZZ_CHECK (unit->n_vcl >= 1);
      /* never a P frame whose references were not all verified: a closed
       * gate opens only for an IDR flag that its slices bear out */
      FUZZ_CHECK (run->open || key_frame);
      /* counters only go up: no replay */
      FUZZ_CHECK (!run->have_last || unit->counter > run->last_counter);
      /* a non-IDR passes only right after its predecessor */
      FUZZ_CHECK (unit->idr || (run->have_last && unit->counter == run->last_counter + 1));
      FUZZ_CHECK (unit->gate_open);
      run->have_last = true;
      run->last_counter = unit->counter;
      break;
    case HUB_VERDICT_NO_TAG:
      FUZZ_CHECK (!unit->has_tag);
      FUZZ_CHECK (unit->n_vcl >= 1);
      FUZZ_CHECK (!unit->gate_open);
      break;
    case HUB_VERDICT_MALFORMED:
      FUZZ_CHECK (!unit->has_tag);
      FUZZ_CHECK (!unit->gate_open);
      break;
    case HUB_VERDICT_UNKNOWN_KEY:
    case HUB_VERDICT_WRONG_DEVICE:
    case HUB_VERDICT_WRONG_SESSION:
    case HUB_VERDICT_BAD_DIGEST:
    case HUB_VERDICT_BAD_SIGNATURE:
    case HUB_VERDICT_REPLAY:
    case HUB_VERDICT_WAIT_KEYFRAME:
      FUZZ_CHECK (unit->has_tag);
      FUZZ_CHECK (!unit->gate_open);
      break;
    case HUB_N_VERDICTS:
    default:
      FUZZ_CHECK (false);
    }
  if (unit->verdict == HUB_VERDICT_REPLAY)
    FUZZ_CHECK (run->have_last && unit->counter <= run->last_counter);
  if (unit->verdict == HUB_VERDICT_WAIT_KEYFRAME)
    FUZZ_CHECK (!key_frame);
  FUZZ_CHECK (unit->gate_changed == (unit->gate_open != run->open));
  run->open = unit->gate_open;
  run->counts[unit->verdict]++;

  if (run->n_units == run->cap)
    {
      size_t cap = run->cap ? 2 * run->cap : 16;
      UnitRecord *grown = realloc (run->units, cap * sizeof *grown);

      FUZZ_CHECK (grown != NULL);
      run->units = grown;
      run->cap = cap;
    }
  rec = &run->units[run->n_units++];
  memset (rec, 0, sizeof *rec);
  rec->verdict = unit->verdict;
  rec->has_tag = unit->has_tag;
  rec->idr = unit->has_tag && unit->idr;
  rec->counter = unit->has_tag ? unit->counter : 0;
  rec->capture_time_us = unit->has_tag ? unit->capture_time_us : 0;
  rec->n_vcl = unit->n_vcl;
  rec->au_len = unit->au_len;
  rec->au_hash = fuzz_hash (unit->au, unit->au_len);
}

static HubGate *
run_begin (Run *run)
{
  HubGate *gate;

  memset (run, 0, sizeof *run);
  gate = hub_gate_new (FUZZ_DEVICE_ID, fuzz_device_public, fuzz_nonce, on_unit, run);
  FUZZ_CHECK (gate != NULL);
  FUZZ_CHECK (!hub_gate_is_open (gate));
  return gate;
}

static void
run_end (Run *run, HubGate *gate)
{
  const uint64_t *counts;
  uint64_t last = 0;

  hub_gate_finish (gate);
  counts = hub_gate_get_counts (gate);
  for (int v = 0; v < HUB_N_VERDICTS; v++)
    FUZZ_CHECK (counts[v] == run->counts[v]);
  FUZZ_CHECK (hub_gate_is_open (gate) == run->open);
  FUZZ_CHECK (hub_gate_get_last_counter (gate, &last) == run->have_last);
  FUZZ_CHECK (!run->have_last || last == run->last_counter);
  hub_gate_free (gate);
}

static void
run_clear (Run *run)
{
  free (run->units);
  memset (run, 0, sizeof *run);
}

static bool
runs_equal (const Run *a, const Run *b)
{
  if (a->n_units != b->n_units)
    return false;
  for (size_t i = 0; i < a->n_units; i++)
    {
      const UnitRecord *x = &a->units[i], *y = &b->units[i];

      if (x->verdict != y->verdict || x->has_tag != y->has_tag || x->idr != y->idr
          || x->counter != y->counter || x->capture_time_us != y->capture_time_us
          || x->n_vcl != y->n_vcl || x->au_len != y->au_len || x->au_hash != y->au_hash)
        return false;
    }
  return true;
}

/* Offsets where the NAL units of @data begin: each a position where a
 * buffer may be cut without cutting a NAL unit. */
static size_t *
nal_boundaries (const uint8_t *data, size_t size, size_t *n_out)
{
  size_t offset = 0, n = 0, cap = 16;
  size_t *cuts = malloc (cap * sizeof *cuts);
  HubNal nal;

  FUZZ_CHECK (cuts != NULL);
  while (hub_annexb_next_nal (data, size, &offset, &nal))
    {
      if (n + 1 >= cap)
        {
          size_t *grown = realloc (cuts, 2 * cap * sizeof *cuts);

          FUZZ_CHECK (grown != NULL);
          cuts = grown;
          cap *= 2;
        }
      /* offset is the start code after this NAL unit (or the end) */
      cuts[n++] = offset;
    }
  *n_out = n;
  return cuts;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  Run whole, by_nal, chunked, broken;
  HubGate *gate;
  size_t offset = 0, n_cuts = 0, *cuts;
  uint64_t rng = fuzz_hash (data, size);
  HubNal nal;

  /* A. the whole buffer */
  gate = run_begin (&whole);
  hub_gate_push_annexb (gate, data, size);
  run_end (&whole, gate);

  /* B. NAL unit by NAL unit */
  gate = run_begin (&by_nal);
  while (hub_annexb_next_nal (data, size, &offset, &nal))
    hub_gate_push_nal (gate, nal.data, nal.size);
  run_end (&by_nal, gate);
  FUZZ_CHECK (runs_equal (&whole, &by_nal));

  /* C. buffers of 1..8 NAL units, cut where a start code begins */
  cuts = nal_boundaries (data, size, &n_cuts);
  gate = run_begin (&chunked);
  {
    size_t from = 0, i = 0;

    while (i < n_cuts)
      {
        i += 1 + fuzz_rand_next (&rng) % 8;
        if (i > n_cuts)
          i = n_cuts;
        hub_gate_push_annexb (gate, data + from, cuts[i - 1] - from);
        from = cuts[i - 1];
      }
  }
  run_end (&chunked, gate);
  FUZZ_CHECK (runs_equal (&whole, &chunked));

  /* D. the connection breaks at one boundary: the rules still hold */
  gate = run_begin (&broken);
  {
    size_t at = n_cuts ? fuzz_rand_next (&rng) % n_cuts : 0;
    size_t from = 0;

    for (size_t i = 0; i < n_cuts; i++)
      {
        hub_gate_push_annexb (gate, data + from, cuts[i] - from);
        from = cuts[i];
        if (i == at)
          {
            hub_gate_discontinuity (gate);
            FUZZ_CHECK (!hub_gate_is_open (gate));
            broken.open = false;
          }
      }
  }
  /* (no comparison with A here: the unit lost in the break never sets the
   * last counter, so a later copy of it may pass where A calls it a replay) */
  run_end (&broken, gate);

  free (cuts);
  run_clear (&whole);
  run_clear (&by_nal);
  run_clear (&chunked);
  run_clear (&broken);
  return 0;
}
