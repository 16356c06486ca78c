/* test-mutations.c — random single-byte and single-bit mutations of
 * valid.h264 never let a mutated access unit pass.
 *
 * A passed unit may differ from the original only in what the tag does not
 * protect (AUD, other SEI, filler): its slices and parameter sets must be
 * byte-identical to those of the original unit with the same counter, and no
 * counter passes twice. Deterministic seed; each case runs the gate over the
 * mutated unit's GOP up to two units after it.
 */
#include "hub-test-support.h"

#include "hub-annexb.h"
#include "hub-device-cert.h"
#include "hub-gate.h"

#define N_BYTE_CASES 2500
#define N_BIT_CASES 2500

typedef struct
{
  gsize start; /* offset of the NAL unit's start code */
  gsize end;   /* offset of the next start code */
  guint unit;
} NalSpan;

typedef struct
{
  const guint8 *clip;
  gsize clip_len;
  GArray *nals;        /* NalSpan */
  GPtrArray *essence;  /* per counter: GBytes of VCL + SPS + PPS NAL units */
  GArray *unit_is_idr; /* gboolean per unit */
  GArray *unit_start;  /* offset per unit */
  guint n_units;
  guint8 pk[32];
  guint8 nonce[16];
  char device_id[65];
} Clip;

static Clip clip;

/* The protected part of an access unit: slices and parameter sets. */
static GBytes *
essence_of (const guint8 *au, gsize len)
{
  GByteArray *out = g_byte_array_new ();
  gsize offset = 0;
  HubNal nal;

  while (hub_annexb_next_nal (au, len, &offset, &nal))
    {
      int type = hub_nal_type (nal.data, nal.size);

      if (hub_nal_type_is_vcl (type) || type == HUB_NAL_SPS || type == HUB_NAL_PPS)
        {
          guint8 be[4] = { nal.size >> 24, nal.size >> 16, nal.size >> 8, nal.size };

          g_byte_array_append (out, be, 4);
          g_byte_array_append (out, nal.data, nal.size);
        }
    }
  return g_byte_array_free_to_bytes (out);
}

typedef struct
{
  guint n_decided;
} Original;

static void
on_original_unit (const HubGateUnit *unit, void *user_data)
{
  Original *o = user_data;
  gboolean idr = unit->idr;

  g_assert_cmpint (unit->verdict, ==, HUB_VERDICT_PASS);
  g_assert_cmpuint (unit->counter, ==, clip.essence->len);
  g_ptr_array_add (clip.essence, essence_of (unit->au, unit->au_len));
  g_array_append_val (clip.unit_is_idr, idr);
  o->n_decided++;
}

static GBytes *clip_bytes;

static void
load_clip (void)
{
  g_autoptr (JsonNode) root = hub_test_load_json ("streams.json");
  JsonObject *o = json_node_get_object (root);
  GBytes *bytes = clip_bytes = hub_test_load_data ("valid.h264");
  Original orig = { 0 };
  HubGate *gate;
  gsize offset = 0;
  HubNal nal;

  clip.clip = g_bytes_get_data (bytes, &clip.clip_len);
  g_assert_true (hub_hex_decode (json_object_get_string_member (o, "public_hex"), clip.pk, 32));
  g_assert_true (hub_hex_decode (json_object_get_string_member (o, "nonce_hex"), clip.nonce, 16));
  g_strlcpy (clip.device_id, json_object_get_string_member (o, "device_id"),
             sizeof clip.device_id);
  clip.nals = g_array_new (FALSE, FALSE, sizeof (NalSpan));
  clip.essence = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  clip.unit_is_idr = g_array_new (FALSE, FALSE, sizeof (gboolean));
  clip.unit_start = g_array_new (FALSE, FALSE, sizeof (gsize));

  /* Which unit each NAL unit belongs to: units are decided on their last
   * slice, so a NAL unit belongs to the unit decided next. */
  gate = hub_gate_new (clip.device_id, clip.pk, clip.nonce, on_original_unit, &orig);
  while (hub_annexb_next_nal (clip.clip, clip.clip_len, &offset, &nal))
    {
      NalSpan span;

      span.start = nal.data - clip.clip;
      while (span.start > 0 && clip.clip[span.start - 1] == 0)
        span.start--; /* back over the start code's zeros */
      span.end = 0;
      span.unit = orig.n_decided;
      if (clip.nals->len > 0)
        g_array_index (clip.nals, NalSpan, clip.nals->len - 1).end = span.start;
      if (clip.unit_start->len == span.unit)
        g_array_append_val (clip.unit_start, span.start);
      g_array_append_val (clip.nals, span);
      hub_gate_push_nal (gate, nal.data, nal.size);
    }
  g_array_index (clip.nals, NalSpan, clip.nals->len - 1).end = clip.clip_len;
  hub_gate_finish (gate);
  hub_gate_free (gate);
  clip.n_units = orig.n_decided;
  g_assert_cmpuint (clip.n_units, ==, 60);
  g_assert_cmpuint (clip.unit_start->len, ==, clip.n_units);
}

static guint
unit_at (gsize byte)
{
  for (guint i = 0; i < clip.nals->len; i++)
    {
      NalSpan *s = &g_array_index (clip.nals, NalSpan, i);

      if (byte >= s->start && byte < s->end)
        return s->unit;
    }
  g_assert_not_reached ();
}

typedef struct
{
  guint n_pass;
  guint64 last_counter;
  gboolean any;
  gsize position;
} Check;

static void
on_mutated_unit (const HubGateUnit *unit, void *user_data)
{
  Check *c = user_data;
  g_autoptr (GBytes) essence = NULL;

  if (unit->verdict != HUB_VERDICT_PASS)
    return;
  c->n_pass++;
  g_assert_cmpuint (unit->counter, <, clip.essence->len);
  if (c->any && unit->counter <= c->last_counter)
    g_error ("mutation at %" G_GSIZE_FORMAT ": counter %" G_GUINT64_FORMAT " passed twice",
             c->position, unit->counter);
  c->any = TRUE;
  c->last_counter = unit->counter;
  essence = essence_of (unit->au, unit->au_len);
  if (!g_bytes_equal (essence, g_ptr_array_index (clip.essence, unit->counter)))
    g_error ("mutation at byte %" G_GSIZE_FORMAT " passed a changed unit (counter %"
             G_GUINT64_FORMAT ")", c->position, unit->counter);
}

static void
run_case (gsize position, guint8 xor_mask)
{
  guint u = unit_at (position), gop = u, last;
  gsize from, to;
  g_autofree guint8 *window = NULL;
  Check check = { 0 };
  HubGate *gate;

  while (gop > 0 && !g_array_index (clip.unit_is_idr, gboolean, gop))
    gop--;
  last = MIN (u + 2, clip.n_units - 1);
  from = g_array_index (clip.unit_start, gsize, gop);
  to = last + 1 < clip.n_units ? g_array_index (clip.unit_start, gsize, last + 1) : clip.clip_len;
  window = g_memdup2 (clip.clip + from, to - from);
  window[position - from] ^= xor_mask;

  check.position = position;
  gate = hub_gate_new (clip.device_id, clip.pk, clip.nonce, on_mutated_unit, &check);
  hub_gate_push_annexb (gate, window, to - from);
  hub_gate_finish (gate);
  hub_gate_free (gate);
}

static void
test_byte_mutations (void)
{
  GRand *rand = g_rand_new_with_seed (20261127);

  for (guint i = 0; i < N_BYTE_CASES; i++)
    {
      gsize pos = g_rand_int_range (rand, 0, clip.clip_len);
      guint8 mask = g_rand_int_range (rand, 1, 256);

      run_case (pos, mask);
    }
  g_rand_free (rand);
}

static void
test_bit_mutations (void)
{
  GRand *rand = g_rand_new_with_seed (1127);

  for (guint i = 0; i < N_BIT_CASES; i++)
    {
      gsize pos = g_rand_int_range (rand, 0, clip.clip_len);

      run_case (pos, 1u << g_rand_int_range (rand, 0, 8));
    }
  g_rand_free (rand);
}

/* The oracle itself must be able to fail: an unmutated window passes. */
static void
test_oracle_sees_passes (void)
{
  Check check = { 0 };
  HubGate *gate = hub_gate_new (clip.device_id, clip.pk, clip.nonce, on_mutated_unit, &check);

  hub_gate_push_annexb (gate, clip.clip, clip.clip_len);
  hub_gate_finish (gate);
  hub_gate_free (gate);
  g_assert_cmpuint (check.n_pass, ==, clip.n_units);
}

int
main (int argc, char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);
  g_assert_cmpint (sodium_init (), >=, 0);
  load_clip ();
  g_test_add_func ("/hub/mutations/oracle", test_oracle_sees_passes);
  g_test_add_func ("/hub/mutations/bytes", test_byte_mutations);
  g_test_add_func ("/hub/mutations/bits", test_bit_mutations);
  ret = g_test_run ();
  g_array_unref (clip.nals);
  g_ptr_array_unref (clip.essence);
  g_array_unref (clip.unit_is_idr);
  g_array_unref (clip.unit_start);
  g_bytes_unref (clip_bytes);
  return ret;
}
