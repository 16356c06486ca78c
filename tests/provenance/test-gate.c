/* test-gate.c — one test per row of signed-frames §5, named after its reason,
 * plus the gate's unit cutting, gap and reconnection rules. */
#include "hub-test-support.h"

#include <unistd.h>

#include "hub-annexb.h"
#include "hub-device-cert.h"
#include "hub-gate.h"
#include "hub-signer.h"

#define DEVICE "cam-frontdoor"

static const guint8 nonce_a[16] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15 };
static const guint8 nonce_b[16] = { 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0 };

static guint8 seed_a[32];
static guint8 seed_rogue[32];
static guint8 pk_a[32];

/* ---- a tiny synthetic camera: NAL units the gate can cut and hash ---- */

typedef struct
{
  GPtrArray *nals; /* GBytes, one NAL unit each, no start code */
} Stream;

static Stream *
stream_new (void)
{
  Stream *s = g_new0 (Stream, 1);

  s->nals = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  return s;
}

static void
stream_free (Stream *s)
{
  g_ptr_array_unref (s->nals);
  g_free (s);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Stream, stream_free)

/* A slice: header, first_mb_in_slice as ue(v) (0 → '1', 1 → '010', 2 → '011'),
 * then payload bytes that never form a start code. */
static GBytes *
make_slice (gboolean idr, guint first_mb, guint salt)
{
  guint8 buf[64];
  static const guint8 ue[] = { 0x80, 0x40, 0x60 };

  g_assert_cmpuint (first_mb, <, G_N_ELEMENTS (ue));
  buf[0] = idr ? 0x65 : 0x41;
  buf[1] = ue[first_mb] | 0x08;
  for (guint i = 2; i < sizeof buf; i++)
    buf[i] = 0x10 + ((i * 7 + salt * 13) % 0xe0);
  return g_bytes_new (buf, sizeof buf);
}

static GByteArray *
make_au (gboolean idr, guint n_slices, guint salt, guint8 sps_variant)
{
  GByteArray *au = g_byte_array_new ();
  static const guint8 sc[4] = { 0, 0, 0, 1 };
  const guint8 aud[] = { 0x09, 0xf0 };
  const guint8 sps[] = { 0x67, 0x42, 0xc0, 0x1f, sps_variant, 0x8c, 0x8d };
  const guint8 pps[] = { 0x68, 0xce, 0x3c, 0x80 };

  g_byte_array_append (au, sc, 4);
  g_byte_array_append (au, aud, sizeof aud);
  if (idr)
    {
      g_byte_array_append (au, sc, 4);
      g_byte_array_append (au, sps, sizeof sps);
      g_byte_array_append (au, sc, 4);
      g_byte_array_append (au, pps, sizeof pps);
    }
  for (guint i = 0; i < n_slices; i++)
    {
      g_autoptr (GBytes) slice = make_slice (idr, i, salt);
      gsize len;
      const guint8 *d = g_bytes_get_data (slice, &len);

      g_byte_array_append (au, sc, 4);
      g_byte_array_append (au, d, len);
    }
  return au;
}

static void
stream_add_annexb (Stream *s, const guint8 *buf, gsize len)
{
  gsize offset = 0;
  HubNal nal;

  while (hub_annexb_next_nal (buf, len, &offset, &nal))
    g_ptr_array_add (s->nals, g_bytes_new (nal.data, nal.size));
}

/* Signs an AU with @signer and appends its NAL units. */
static void
stream_add_signed (Stream *s, HubSigner *signer, gboolean idr, guint n_slices, guint salt)
{
  g_autoptr (GByteArray) au = make_au (idr, n_slices, salt, 0x95);
  gsize out_len = 0;
  g_autofree guint8 *out = hub_signer_sign_au (signer, au->data, au->len, 1700000000000000 + salt,
                                               &out_len);

  g_assert_nonnull (out);
  stream_add_annexb (s, out, out_len);
}

static void
stream_add_unsigned (Stream *s, gboolean idr, guint n_slices, guint salt)
{
  g_autoptr (GByteArray) au = make_au (idr, n_slices, salt, 0x95);

  stream_add_annexb (s, au->data, au->len);
}

/* Index of the last tag SEI in the stream. */
static guint
stream_last_tag_index (Stream *s)
{
  for (guint i = s->nals->len; i-- > 0;)
    {
      gsize len, tag_len;
      const guint8 *d = g_bytes_get_data (g_ptr_array_index (s->nals, i), &len);
      guint8 tag[HUB_TAG_MAX_SIZE];

      if (hub_sei_find_tag (d, len, tag, sizeof tag, &tag_len) != HUB_SEI_NO_TAG)
        return i;
    }
  g_assert_not_reached ();
}

/* Rewrites the last tag with @edit applied to its bytes (signature unchanged). */
static void
stream_edit_last_tag (Stream *s, void (*edit) (guint8 *tag, gsize *len, gpointer data),
                      gpointer data)
{
  guint i = stream_last_tag_index (s);
  gsize len, tag_len = 0;
  const guint8 *d = g_bytes_get_data (g_ptr_array_index (s->nals, i), &len);
  guint8 tag[HUB_TAG_MAX_SIZE + 16], sei[1024];
  gsize sei_len;

  g_assert_cmpint (hub_sei_find_tag (d, len, tag, sizeof tag, &tag_len), ==, HUB_SEI_TAG);
  edit (tag, &tag_len, data);
  sei_len = hub_sei_build_tag_nal (tag, tag_len, sei, sizeof sei);
  g_assert_cmpuint (sei_len, >, 0);
  g_bytes_unref (g_ptr_array_index (s->nals, i));
  g_ptr_array_index (s->nals, i) = g_bytes_new (sei, sei_len);
}

/* ---- running the gate ---- */

typedef struct
{
  GArray *verdicts; /* HubVerdict */
  GArray *open_after;
} Result;

static void
on_unit (const HubGateUnit *unit, void *user_data)
{
  Result *r = user_data;
  gboolean open = unit->gate_open;

  g_array_append_val (r->verdicts, unit->verdict);
  g_array_append_val (r->open_after, open);
}

static Result *
run_gate (Stream *s, const guint8 *nonce)
{
  Result *r = g_new0 (Result, 1);
  HubGate *gate;

  r->verdicts = g_array_new (FALSE, FALSE, sizeof (HubVerdict));
  r->open_after = g_array_new (FALSE, FALSE, sizeof (gboolean));
  gate = hub_gate_new (DEVICE, pk_a, nonce, on_unit, r);
  for (guint i = 0; i < s->nals->len; i++)
    {
      gsize len;
      const guint8 *d = g_bytes_get_data (g_ptr_array_index (s->nals, i), &len);

      hub_gate_push_nal (gate, d, len);
    }
  hub_gate_finish (gate);
  hub_gate_free (gate);
  return r;
}

static void
result_free (Result *r)
{
  g_array_unref (r->verdicts);
  g_array_unref (r->open_after);
  g_free (r);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Result, result_free)

static void
assert_verdicts (Result *r, const HubVerdict *expected, guint n)
{
  GString *got = g_string_new (NULL);

  for (guint i = 0; i < r->verdicts->len; i++)
    g_string_append_printf (got, "%s ",
                            hub_verdict_to_string (g_array_index (r->verdicts, HubVerdict, i)));
  g_test_message ("verdicts: %s", got->str);
  g_string_free (got, TRUE);
  g_assert_cmpuint (r->verdicts->len, ==, n);
  for (guint i = 0; i < n; i++)
    g_assert_cmpstr (hub_verdict_to_string (g_array_index (r->verdicts, HubVerdict, i)), ==,
                     hub_verdict_to_string (expected[i]));
}

#define P HUB_VERDICT_PASS
#define W HUB_VERDICT_WAIT_KEYFRAME

static HubSigner *
signer_a (void)
{
  return hub_signer_new (seed_a, DEVICE, nonce_a);
}

/* IDR, P, P with the right key and session: every unit passes. */
static void
test_pass (void)
{
  g_autoptr (Stream) s = stream_new ();
  HubSigner *signer = signer_a ();
  g_autoptr (Result) r = NULL;
  const HubVerdict want[] = { P, P, P, P };

  stream_add_signed (s, signer, TRUE, 2, 0);
  stream_add_signed (s, signer, FALSE, 2, 1);
  stream_add_signed (s, signer, FALSE, 1, 2);
  stream_add_signed (s, signer, FALSE, 3, 3);
  r = run_gate (s, nonce_a);
  assert_verdicts (r, want, G_N_ELEMENTS (want));
  g_assert_true (g_array_index (r->open_after, gboolean, 3));
  hub_signer_free (signer);
}

static void
test_no_tag (void)
{
  g_autoptr (Stream) s = stream_new ();
  HubSigner *signer = signer_a ();
  g_autoptr (Result) r = NULL;
  /* two untagged pictures are two no-tag units; the gate stays closed after */
  const HubVerdict want[] = { P, HUB_VERDICT_NO_TAG, HUB_VERDICT_NO_TAG, W, P };

  stream_add_signed (s, signer, TRUE, 2, 0);
  stream_add_unsigned (s, FALSE, 2, 1);
  stream_add_unsigned (s, FALSE, 2, 2);
  hub_signer_set_counter (signer, 1);
  stream_add_signed (s, signer, FALSE, 2, 3);
  stream_add_signed (s, signer, TRUE, 2, 4);
  r = run_gate (s, nonce_a);
  assert_verdicts (r, want, G_N_ELEMENTS (want));
  g_assert_false (g_array_index (r->open_after, gboolean, 1));
  hub_signer_free (signer);
}

static void
edit_version (guint8 *tag, gsize *len, gpointer data)
{
  tag[0] = 2;
}

static void
edit_flags (guint8 *tag, gsize *len, gpointer data)
{
  tag[1] |= 0x02;
}

static void
edit_vcl_count_zero (guint8 *tag, gsize *len, gpointer data)
{
  tag[42] = tag[43] = 0;
}

static void
edit_device_id_byte (guint8 *tag, gsize *len, gpointer data)
{
  tag[77] = '/';
}

static void
edit_length (guint8 *tag, gsize *len, gpointer data)
{
  (*len)--;
}

static void
edit_capture_time (guint8 *tag, gsize *len, gpointer data)
{
  tag[41] ^= 0x01;
}

static void
test_malformed (void)
{
  void (*edits[]) (guint8 *, gsize *, gpointer) = {
    edit_version, edit_flags, edit_vcl_count_zero, edit_device_id_byte, edit_length,
  };

  for (guint e = 0; e < G_N_ELEMENTS (edits); e++)
    {
      g_autoptr (Stream) s = stream_new ();
      HubSigner *signer = signer_a ();
      g_autoptr (Result) r = NULL;
      const HubVerdict want[] = { P, HUB_VERDICT_MALFORMED, W, P };

      stream_add_signed (s, signer, TRUE, 2, 0);
      stream_add_signed (s, signer, FALSE, 2, 1);
      stream_edit_last_tag (s, edits[e], NULL);
      stream_add_signed (s, signer, FALSE, 2, 2);
      stream_add_signed (s, signer, TRUE, 2, 3);
      r = run_gate (s, nonce_a);
      assert_verdicts (r, want, G_N_ELEMENTS (want));
      hub_signer_free (signer);
    }
}

/* An SEI whose message list runs past its end after the UUID was read. */
static void
test_malformed_sei_overrun (void)
{
  g_autoptr (Stream) s = stream_new ();
  HubSigner *signer = signer_a ();
  g_autoptr (Result) r = NULL;
  const HubVerdict want[] = { P, HUB_VERDICT_MALFORMED };
  guint i;
  gsize len;
  const guint8 *d;
  guint8 rbsp[1024], nal[2048];
  gsize n, nal_len;

  stream_add_signed (s, signer, TRUE, 2, 0);
  stream_add_signed (s, signer, FALSE, 2, 1);
  i = stream_last_tag_index (s);
  d = g_bytes_get_data (g_ptr_array_index (s->nals, i), &len);
  /* unescape, drop the trailing 0x80, add a message claiming 200 bytes */
  n = hub_nal_unescape (d + 1, len - 1, rbsp);
  n--;
  rbsp[n++] = 0x05;
  rbsp[n++] = 200;
  rbsp[n++] = 0x11;
  rbsp[n++] = 0x80;
  nal[0] = 0x06;
  nal_len = 1 + hub_nal_escape (rbsp, n, nal + 1);
  g_bytes_unref (g_ptr_array_index (s->nals, i));
  g_ptr_array_index (s->nals, i) = g_bytes_new (nal, nal_len);

  r = run_gate (s, nonce_a);
  assert_verdicts (r, want, G_N_ELEMENTS (want));
  hub_signer_free (signer);
}

/* Another camera of the same vendor: a key the hub did not pin. */
static void
test_unknown_key (void)
{
  g_autoptr (Stream) s = stream_new ();
  HubSigner *signer = signer_a ();
  HubSigner *rogue = hub_signer_new (seed_rogue, DEVICE, nonce_a);
  g_autoptr (Result) r = NULL;
  const HubVerdict want[] = { P, HUB_VERDICT_UNKNOWN_KEY, W, P };

  stream_add_signed (s, signer, TRUE, 2, 0);
  hub_signer_set_counter (rogue, 1);
  stream_add_signed (s, rogue, FALSE, 2, 1);
  hub_signer_set_counter (signer, 2);
  stream_add_signed (s, signer, FALSE, 2, 2);
  stream_add_signed (s, signer, TRUE, 2, 3);
  r = run_gate (s, nonce_a);
  assert_verdicts (r, want, G_N_ELEMENTS (want));
  hub_signer_free (signer);
  hub_signer_free (rogue);
}

/* The right key signing another device ID (a key reused across devices). */
static void
test_wrong_device (void)
{
  g_autoptr (Stream) s = stream_new ();
  HubSigner *signer = signer_a ();
  HubSigner *other = hub_signer_new (seed_a, "cam-garage", nonce_a);
  g_autoptr (Result) r = NULL;
  const HubVerdict want[] = { P, HUB_VERDICT_WRONG_DEVICE, HUB_VERDICT_WRONG_DEVICE, P };

  stream_add_signed (s, signer, TRUE, 2, 0);
  hub_signer_set_counter (other, 1);
  stream_add_signed (s, other, TRUE, 2, 1);
  stream_add_signed (s, other, FALSE, 2, 2);
  hub_signer_set_counter (signer, 3);
  stream_add_signed (s, signer, TRUE, 2, 3);
  r = run_gate (s, nonce_a);
  assert_verdicts (r, want, G_N_ELEMENTS (want));
  hub_signer_free (signer);
  hub_signer_free (other);
}

/* The right camera, but another session's nonce (a relay mixing sessions). */
static void
test_wrong_session (void)
{
  g_autoptr (Stream) s = stream_new ();
  HubSigner *signer = signer_a ();
  HubSigner *other = hub_signer_new (seed_a, DEVICE, nonce_b);
  g_autoptr (Result) r = NULL;
  const HubVerdict want[] = { P, HUB_VERDICT_WRONG_SESSION, HUB_VERDICT_WRONG_SESSION, P };

  stream_add_signed (s, signer, TRUE, 2, 0);
  hub_signer_set_counter (other, 1);
  stream_add_signed (s, other, TRUE, 2, 1);
  stream_add_signed (s, other, FALSE, 2, 2);
  hub_signer_set_counter (signer, 3);
  stream_add_signed (s, signer, TRUE, 2, 3);
  r = run_gate (s, nonce_a);
  assert_verdicts (r, want, G_N_ELEMENTS (want));
  hub_signer_free (signer);
  hub_signer_free (other);
}

static void
test_bad_digest (void)
{
  HubSigner *signer;
  const HubVerdict want[] = { P, HUB_VERDICT_BAD_DIGEST, W, P };

  /* a slice byte changed */
  {
    g_autoptr (Stream) s = stream_new ();
    g_autoptr (Result) r = NULL;
    GBytes *last;
    gsize len;
    guint8 *copy;

    signer = signer_a ();
    stream_add_signed (s, signer, TRUE, 2, 0);
    stream_add_signed (s, signer, FALSE, 2, 1);
    last = g_ptr_array_index (s->nals, s->nals->len - 1);
    copy = g_memdup2 (g_bytes_get_data (last, &len), g_bytes_get_size (last));
    copy[20] ^= 0x04;
    g_ptr_array_index (s->nals, s->nals->len - 1) = g_bytes_new_take (copy, len);
    g_bytes_unref (last);
    stream_add_signed (s, signer, FALSE, 2, 2);
    stream_add_signed (s, signer, TRUE, 2, 3);
    r = run_gate (s, nonce_a);
    assert_verdicts (r, want, G_N_ELEMENTS (want));
    hub_signer_free (signer);
  }

  /* the unit ended early: its second slice lost */
  {
    g_autoptr (Stream) s = stream_new ();
    g_autoptr (Result) r = NULL;

    signer = signer_a ();
    stream_add_signed (s, signer, TRUE, 2, 0);
    stream_add_signed (s, signer, FALSE, 2, 1);
    g_ptr_array_remove_index (s->nals, s->nals->len - 1);
    stream_add_signed (s, signer, FALSE, 2, 2);
    stream_add_signed (s, signer, TRUE, 2, 3);
    r = run_gate (s, nonce_a);
    assert_verdicts (r, want, G_N_ELEMENTS (want));
    hub_signer_free (signer);
  }

  /* a relay altered the SPS it repeated between two slices of one picture */
  {
    g_autoptr (Stream) s = stream_new ();
    g_autoptr (Result) r = NULL;
    const guint8 altered_sps[] = { 0x67, 0x42, 0xc0, 0x1f, 0x96, 0x8c, 0x8d };
    const HubVerdict want_sps[] = { P, HUB_VERDICT_BAD_DIGEST };

    signer = signer_a ();
    stream_add_signed (s, signer, TRUE, 2, 0);
    stream_add_signed (s, signer, TRUE, 2, 1);
    g_ptr_array_insert (s->nals, s->nals->len - 1, g_bytes_new (altered_sps, sizeof altered_sps));
    r = run_gate (s, nonce_a);
    assert_verdicts (r, want_sps, G_N_ELEMENTS (want_sps));
    hub_signer_free (signer);
  }
}

/* A relay repeating identical parameter sets between slices changes nothing. */
static void
test_identical_params_between_slices_pass (void)
{
  g_autoptr (Stream) s = stream_new ();
  g_autoptr (Result) r = NULL;
  HubSigner *signer = signer_a ();
  const guint8 sps[] = { 0x67, 0x42, 0xc0, 0x1f, 0x95, 0x8c, 0x8d };
  const guint8 pps[] = { 0x68, 0xce, 0x3c, 0x80 };
  const HubVerdict want[] = { P, P, P };

  stream_add_signed (s, signer, TRUE, 2, 0);
  stream_add_signed (s, signer, TRUE, 3, 1);
  g_ptr_array_insert (s->nals, s->nals->len - 1, g_bytes_new (pps, sizeof pps));
  g_ptr_array_insert (s->nals, s->nals->len - 2, g_bytes_new (sps, sizeof sps));
  stream_add_signed (s, signer, FALSE, 2, 2);
  r = run_gate (s, nonce_a);
  assert_verdicts (r, want, G_N_ELEMENTS (want));
  hub_signer_free (signer);
}

static void
test_bad_signature (void)
{
  g_autoptr (Stream) s = stream_new ();
  HubSigner *signer = signer_a ();
  g_autoptr (Result) r = NULL;
  const HubVerdict want[] = { P, HUB_VERDICT_BAD_SIGNATURE, W, P };

  stream_add_signed (s, signer, TRUE, 2, 0);
  stream_add_signed (s, signer, FALSE, 2, 1);
  stream_edit_last_tag (s, edit_capture_time, NULL);
  stream_add_signed (s, signer, FALSE, 2, 2);
  stream_add_signed (s, signer, TRUE, 2, 3);
  r = run_gate (s, nonce_a);
  assert_verdicts (r, want, G_N_ELEMENTS (want));
  hub_signer_free (signer);
}

/* An old unit of this very session sent again, IDR included. */
static void
test_replay (void)
{
  g_autoptr (Stream) s = stream_new ();
  HubSigner *signer = signer_a ();
  g_autoptr (Result) r = NULL;
  const HubVerdict want[] = { P, P, P, HUB_VERDICT_REPLAY, HUB_VERDICT_REPLAY, P };
  guint p_end;

  stream_add_signed (s, signer, TRUE, 2, 0);
  stream_add_signed (s, signer, FALSE, 2, 1);
  p_end = s->nals->len;
  stream_add_signed (s, signer, FALSE, 2, 2);
  /* replay the IDR unit (counter 0) and the first P (counter 1) */
  for (guint i = 0; i < p_end; i++)
    g_ptr_array_add (s->nals, g_bytes_ref (g_ptr_array_index (s->nals, i)));
  stream_add_signed (s, signer, TRUE, 2, 3);
  r = run_gate (s, nonce_a);
  assert_verdicts (r, want, G_N_ELEMENTS (want));
  hub_signer_free (signer);
}

/* A counter gap: P frames wait for a key frame; a valid IDR opens at once. */
static void
test_wait_keyframe (void)
{
  g_autoptr (Stream) s = stream_new ();
  HubSigner *signer = signer_a ();
  g_autoptr (Result) r = NULL;
  const HubVerdict want[] = { W, W, P, P, W, W, P, P };

  /* joined mid-GOP: P frames before the first IDR */
  hub_signer_set_counter (signer, 5);
  stream_add_signed (s, signer, FALSE, 1, 0);
  stream_add_signed (s, signer, FALSE, 1, 1);
  stream_add_signed (s, signer, TRUE, 2, 2);
  stream_add_signed (s, signer, FALSE, 2, 3);
  /* counters 9, 10 lost in the network: a gap */
  hub_signer_set_counter (signer, 11);
  stream_add_signed (s, signer, FALSE, 2, 4);
  stream_add_signed (s, signer, FALSE, 2, 5);
  /* an IDR after the gap passes and reopens */
  hub_signer_set_counter (signer, 20);
  stream_add_signed (s, signer, TRUE, 2, 6);
  stream_add_signed (s, signer, FALSE, 2, 7);
  r = run_gate (s, nonce_a);
  assert_verdicts (r, want, G_N_ELEMENTS (want));
  g_assert_false (g_array_index (r->open_after, gboolean, 0));
  g_assert_true (g_array_index (r->open_after, gboolean, 2));
  g_assert_false (g_array_index (r->open_after, gboolean, 4));
  g_assert_true (g_array_index (r->open_after, gboolean, 7));
  hub_signer_free (signer);
}

/* Re-signs the last tag with the IDR flag set (a camera bug or a forged key frame). */
static void
edit_claim_idr (guint8 *tag, gsize *len, gpointer data)
{
  HubFrameTag t;
  guint8 sk[64], pk[32];

  g_assert_true (hub_frame_tag_decode (tag, *len, &t));
  t.flags |= HUB_TAG_FLAG_IDR;
  crypto_sign_seed_keypair (pk, sk, seed_a);
  g_assert_true (hub_frame_tag_sign (&t, sk));
  *len = hub_frame_tag_encode (&t, tag);
}

/* A P picture whose tag claims IDR cannot open a closed gate. */
static void
test_idr_flag_must_match_slices (void)
{
  g_autoptr (Stream) s = stream_new ();
  HubSigner *signer = signer_a ();
  g_autoptr (Result) r = NULL;
  const HubVerdict want[] = { P, W, W, P };

  stream_add_signed (s, signer, TRUE, 2, 0);
  hub_signer_set_counter (signer, 5); /* a gap */
  stream_add_signed (s, signer, FALSE, 2, 1);
  stream_edit_last_tag (s, edit_claim_idr, NULL);
  stream_add_signed (s, signer, FALSE, 2, 2);
  stream_add_signed (s, signer, TRUE, 2, 3);
  r = run_gate (s, nonce_a);
  assert_verdicts (r, want, G_N_ELEMENTS (want));
  hub_signer_free (signer);
}

/* A unit is decided the moment its last covered slice arrives. */
static guint n_decided;

static void
count_unit (const HubGateUnit *unit, void *user_data)
{
  n_decided++;
}

static void
test_decided_on_last_slice (void)
{
  g_autoptr (Stream) s = stream_new ();
  HubSigner *signer = signer_a ();
  HubGate *gate = hub_gate_new (DEVICE, pk_a, nonce_a, count_unit, NULL);

  stream_add_signed (s, signer, TRUE, 3, 0);
  n_decided = 0;
  for (guint i = 0; i < s->nals->len; i++)
    {
      gsize len;
      const guint8 *d = g_bytes_get_data (g_ptr_array_index (s->nals, i), &len);

      g_assert_cmpuint (n_decided, ==, 0);
      hub_gate_push_nal (gate, d, len);
    }
  g_assert_cmpuint (n_decided, ==, 1);
  g_assert_true (hub_gate_is_open (gate));
  hub_gate_free (gate);
  hub_signer_free (signer);
}

/* The counter belongs to the nonce: a reconnection keeps it. */
typedef struct
{
  HubVerdict last;
} Last;

static void
keep_last (const HubGateUnit *unit, void *user_data)
{
  ((Last *) user_data)->last = unit->verdict;
}

static void
push_stream (HubGate *gate, Stream *s, guint from)
{
  for (guint i = from; i < s->nals->len; i++)
    {
      gsize len;
      const guint8 *d = g_bytes_get_data (g_ptr_array_index (s->nals, i), &len);

      hub_gate_push_nal (gate, d, len);
    }
}

static void
test_discontinuity_keeps_counter (void)
{
  g_autoptr (Stream) s = stream_new ();
  g_autoptr (Stream) again = stream_new ();
  HubSigner *signer = signer_a ();
  Last last = { HUB_N_VERDICTS };
  HubGate *gate = hub_gate_new (DEVICE, pk_a, nonce_a, keep_last, &last);
  guint64 counter = 0;

  stream_add_signed (s, signer, TRUE, 2, 0);
  stream_add_signed (s, signer, FALSE, 2, 1);
  /* connection breaks in the middle of the next picture */
  stream_add_signed (s, signer, FALSE, 2, 2);
  g_ptr_array_remove_index (s->nals, s->nals->len - 1);
  push_stream (gate, s, 0);
  g_assert_cmpint (last.last, ==, HUB_VERDICT_PASS);
  hub_gate_discontinuity (gate);
  g_assert_false (hub_gate_is_open (gate));
  g_assert_true (hub_gate_get_last_counter (gate, &counter));
  g_assert_cmpuint (counter, ==, 1);

  /* the first IDR of the old connection, sent again, is a replay */
  hub_signer_set_counter (signer, 0);
  stream_add_signed (again, signer, TRUE, 2, 0);
  push_stream (gate, again, 0);
  g_assert_cmpint (last.last, ==, HUB_VERDICT_REPLAY);

  /* the session continues: the camera's next IDR passes */
  g_ptr_array_set_size (again->nals, 0);
  hub_signer_set_counter (signer, 3);
  stream_add_signed (again, signer, TRUE, 2, 3);
  push_stream (gate, again, 0);
  g_assert_cmpint (last.last, ==, HUB_VERDICT_PASS);
  hub_gate_free (gate);
  hub_signer_free (signer);
}

/* ---- §6.1: what a passed unit hands on ---- */

static const guint8 sps_v1[] = { 0x67, 0x42, 0xc0, 0x1f, 0x95, 0x8c, 0x8d };
static const guint8 sps_v2[] = { 0x67, 0x42, 0xc0, 0x1f, 0x96, 0x8c, 0x8d };
static const guint8 pps_v1[] = { 0x68, 0xce, 0x3c, 0x80 };
static const guint8 pps_v2[] = { 0x68, 0xce, 0x38, 0x80 };
static const guint8 aud_out[] = { 0x09, 0xf0 };

/* An access unit as a camera sends it: AUD, the parameter sets given (if
 * any), then @n_slices slices. */
static GByteArray *
make_au_with (gboolean idr, guint n_slices, guint salt, const guint8 *sps, gsize sps_len,
              const guint8 *pps, gsize pps_len)
{
  GByteArray *au = g_byte_array_new ();
  static const guint8 sc[4] = { 0, 0, 0, 1 };
  const guint8 aud[] = { 0x09, 0xf0 };

  g_byte_array_append (au, sc, 4);
  g_byte_array_append (au, aud, sizeof aud);
  if (sps != NULL)
    {
      g_byte_array_append (au, sc, 4);
      g_byte_array_append (au, sps, sps_len);
    }
  if (pps != NULL)
    {
      g_byte_array_append (au, sc, 4);
      g_byte_array_append (au, pps, pps_len);
    }
  for (guint i = 0; i < n_slices; i++)
    {
      g_autoptr (GBytes) slice = make_slice (idr, i, salt);

      g_byte_array_append (au, sc, 4);
      g_byte_array_append (au, g_bytes_get_data (slice, NULL), g_bytes_get_size (slice));
    }
  return au;
}

static void
stream_add_signed_au (Stream *s, HubSigner *signer, GByteArray *au, guint salt)
{
  gsize out_len = 0;
  g_autofree guint8 *out = hub_signer_sign_au (signer, au->data, au->len,
                                               1700000000000000 + salt, &out_len);

  g_assert_nonnull (out);
  stream_add_annexb (s, out, out_len);
}

/* Passed units' access units, in order. */
typedef struct
{
  GPtrArray *aus; /* GBytes */
  GArray *verdicts;
} Output;

static void
collect_output (const HubGateUnit *unit, void *user_data)
{
  Output *o = user_data;

  g_array_append_val (o->verdicts, unit->verdict);
  if (unit->verdict == HUB_VERDICT_PASS)
    g_ptr_array_add (o->aus, g_bytes_new (unit->au, unit->au_len));
}

static Output *
run_output (Stream *s)
{
  Output *o = g_new0 (Output, 1);
  HubGate *gate;

  o->aus = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  o->verdicts = g_array_new (FALSE, FALSE, sizeof (HubVerdict));
  gate = hub_gate_new (DEVICE, pk_a, nonce_a, collect_output, o);
  push_stream (gate, s, 0);
  hub_gate_finish (gate);
  hub_gate_free (gate);
  return o;
}

static void
output_free (Output *o)
{
  g_ptr_array_unref (o->aus);
  g_array_unref (o->verdicts);
  g_free (o);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Output, output_free)

/* Annex-B bytes with 4-byte start codes of the NAL units given, NULL-ended
 * pairs of (data, size). */
static GBytes *
annexb_of (const guint8 *first, gsize first_len, ...)
{
  GByteArray *b = g_byte_array_new ();
  const guint8 *d = first;
  gsize len = first_len;
  va_list ap;

  va_start (ap, first_len);
  while (d != NULL)
    {
      g_byte_array_append (b, (const guint8 *) "\0\0\0\1", 4);
      g_byte_array_append (b, d, len);
      d = va_arg (ap, const guint8 *);
      if (d != NULL)
        len = va_arg (ap, gsize);
    }
  va_end (ap);
  return g_byte_array_free_to_bytes (b);
}

static void
assert_au (Output *o, guint i, GBytes *want)
{
  GBytes *got;

  g_assert_cmpuint (i, <, o->aus->len);
  got = g_ptr_array_index (o->aus, i);
  if (!g_bytes_equal (got, want))
    {
      g_autofree char *hg = g_base64_encode (g_bytes_get_data (got, NULL), g_bytes_get_size (got));
      g_autofree char *hw = g_base64_encode (g_bytes_get_data (want, NULL),
                                             g_bytes_get_size (want));
      g_error ("access unit %u handed on differs:\n got  %s\n want %s", i, hg, hw);
    }
  g_bytes_unref (want);
}

#define SLICE(b) g_bytes_get_data ((b), NULL), g_bytes_get_size (b)

/* An IDR goes out as AUD, SPS, PPS, slices; a P as AUD, slices: no tag
 * SEI, no SEI of the camera's, no AUD of the stream's own. */
static void
test_output_idr_and_p (void)
{
  g_autoptr (Stream) s = stream_new ();
  g_autoptr (Output) o = NULL;
  HubSigner *signer = signer_a ();
  g_autoptr (GByteArray) idr = make_au_with (TRUE, 2, 0, sps_v1, sizeof sps_v1, pps_v1,
                                             sizeof pps_v1);
  g_autoptr (GByteArray) p = make_au_with (FALSE, 2, 1, NULL, 0, NULL, 0);
  g_autoptr (GBytes) i0 = make_slice (TRUE, 0, 0), i1 = make_slice (TRUE, 1, 0);
  g_autoptr (GBytes) p0 = make_slice (FALSE, 0, 1), p1 = make_slice (FALSE, 1, 1);

  stream_add_signed_au (s, signer, idr, 0);
  stream_add_signed_au (s, signer, p, 1);
  o = run_output (s);
  g_assert_cmpuint (o->aus->len, ==, 2);
  assert_au (o, 0, annexb_of (aud_out, sizeof aud_out, sps_v1, sizeof sps_v1, pps_v1,
                              sizeof pps_v1, SLICE (i0), SLICE (i1), NULL));
  assert_au (o, 1, annexb_of (aud_out, sizeof aud_out, SLICE (p0), SLICE (p1), NULL));
  hub_signer_free (signer);
}

/* A NAL unit of type @type as a relay could add it. */
static GBytes *
make_foreign_nal (guint type)
{
  /* SEI: one mastering display colour volume message (payload 137, 24 bytes) */
  static const guint8 sei_137[] = {
    0x06, 137, 24, 0x33, 0xc2, 0x86, 0xc4, 0x1d, 0x4c, 0x0b, 0xb8, 0x84, 0xd0, 0x3e, 0x80,
    0x3d, 0x13, 0x40, 0x42, 0x00, 0x98, 0x96, 0x80, 0x00, 0x00, 0x03, 0x00, 0x32, 0x80,
  };
  guint8 nal[] = { (guint8) (0x60 | type), 0x4d, 0x40, 0x1e, 0x80 };

  if (type == HUB_NAL_SEI)
    return g_bytes_new (sei_137, sizeof sei_137);
  if (type == 10 || type == 11) /* end of sequence / stream: the header alone */
    return g_bytes_new (nal, 1);
  return g_bytes_new (nal, sizeof nal);
}

/* Every non-VCL NAL unit type other than SPS and PPS, placed by a relay in
 * front of a signed P unit, between its tag and its first slice, and
 * between its slices: the unit passes and none of it goes on. */
static void
test_output_foreign_nal_types (void)
{
  for (guint type = 0; type < 32; type++)
    {
      g_autoptr (Stream) s = stream_new ();
      g_autoptr (Output) o = NULL;
      g_autoptr (GBytes) foreign = make_foreign_nal (type);
      g_autoptr (GByteArray) idr = make_au_with (TRUE, 2, 0, sps_v1, sizeof sps_v1, pps_v1,
                                                 sizeof pps_v1);
      g_autoptr (GByteArray) p = make_au_with (FALSE, 2, 1, NULL, 0, NULL, 0);
      g_autoptr (GBytes) i0 = make_slice (TRUE, 0, 0), i1 = make_slice (TRUE, 1, 0);
      g_autoptr (GBytes) p0 = make_slice (FALSE, 0, 1), p1 = make_slice (FALSE, 1, 1);
      HubSigner *signer;
      guint tag;
      const HubVerdict want[] = { P, P };

      if (hub_nal_type_is_vcl (type) || type == HUB_NAL_SPS || type == HUB_NAL_PPS)
        continue;
      g_test_message ("nal_unit_type %u", type);
      signer = signer_a ();
      /* in front of the IDR too */
      g_ptr_array_add (s->nals, g_bytes_ref (foreign));
      stream_add_signed_au (s, signer, idr, 0);
      stream_add_signed_au (s, signer, p, 1);
      tag = stream_last_tag_index (s);
      /* …, [foreign], tag SEI, [foreign], slice, [foreign], slice */
      g_ptr_array_insert (s->nals, s->nals->len - 1, g_bytes_ref (foreign));
      g_ptr_array_insert (s->nals, tag + 1, g_bytes_ref (foreign));
      g_ptr_array_insert (s->nals, tag, g_bytes_ref (foreign));
      o = run_output (s);
      g_assert_cmpuint (o->verdicts->len, ==, G_N_ELEMENTS (want));
      for (guint i = 0; i < G_N_ELEMENTS (want); i++)
        g_assert_cmpint (g_array_index (o->verdicts, HubVerdict, i), ==, want[i]);
      assert_au (o, 0, annexb_of (aud_out, sizeof aud_out, sps_v1, sizeof sps_v1, pps_v1,
                                  sizeof pps_v1, SLICE (i0), SLICE (i1), NULL));
      assert_au (o, 1, annexb_of (aud_out, sizeof aud_out, SLICE (p0), SLICE (p1), NULL));
      hub_signer_free (signer);
    }
}

/* A relay merges another message into the tag's SEI NAL unit: the tag is
 * still found (§1), the merged message does not go on. */
static void
test_output_merged_sei (void)
{
  g_autoptr (Stream) s = stream_new ();
  g_autoptr (Output) o = NULL;
  HubSigner *signer = signer_a ();
  g_autoptr (GByteArray) idr = make_au_with (TRUE, 1, 0, sps_v1, sizeof sps_v1, pps_v1,
                                             sizeof pps_v1);
  g_autoptr (GByteArray) p = make_au_with (FALSE, 1, 1, NULL, 0, NULL, 0);
  g_autoptr (GBytes) p0 = make_slice (FALSE, 0, 1);
  guint i;
  gsize len;
  const guint8 *d;
  guint8 rbsp[1024], nal[2048];
  gsize n;

  stream_add_signed_au (s, signer, idr, 0);
  stream_add_signed_au (s, signer, p, 1);
  i = stream_last_tag_index (s);
  d = g_bytes_get_data (g_ptr_array_index (s->nals, i), &len);
  n = hub_nal_unescape (d + 1, len - 1, rbsp);
  n--; /* the trailing bits go after the new message */
  rbsp[n++] = 137;
  rbsp[n++] = 24;
  for (guint k = 0; k < 24; k++)
    rbsp[n++] = 0x40 + k;
  rbsp[n++] = 0x80;
  nal[0] = 0x06;
  len = 1 + hub_nal_escape (rbsp, n, nal + 1);
  g_bytes_unref (g_ptr_array_index (s->nals, i));
  g_ptr_array_index (s->nals, i) = g_bytes_new (nal, len);

  o = run_output (s);
  g_assert_cmpuint (o->aus->len, ==, 2);
  assert_au (o, 1, annexb_of (aud_out, sizeof aud_out, SLICE (p0), NULL));
  hub_signer_free (signer);
}

/* Identical copies of the parameter sets in front of a P unit do not go
 * on; parameter sets the camera changes (signed) go on in front of the
 * first unit hashed against them, IDR or not. */
static void
test_output_params_when_changed (void)
{
  g_autoptr (Stream) s = stream_new ();
  g_autoptr (Output) o = NULL;
  HubSigner *signer = signer_a ();
  g_autoptr (GByteArray) idr = make_au_with (TRUE, 1, 0, sps_v1, sizeof sps_v1, pps_v1,
                                             sizeof pps_v1);
  g_autoptr (GByteArray) p1 = make_au_with (FALSE, 1, 1, sps_v1, sizeof sps_v1, pps_v1,
                                            sizeof pps_v1);
  g_autoptr (GByteArray) p2 = make_au_with (FALSE, 1, 2, NULL, 0, pps_v2, sizeof pps_v2);
  g_autoptr (GByteArray) p3 = make_au_with (FALSE, 1, 3, NULL, 0, NULL, 0);
  g_autoptr (GBytes) s1 = make_slice (FALSE, 0, 1), s2 = make_slice (FALSE, 0, 2);
  g_autoptr (GBytes) s3 = make_slice (FALSE, 0, 3);

  stream_add_signed_au (s, signer, idr, 0);
  stream_add_signed_au (s, signer, p1, 1);
  stream_add_signed_au (s, signer, p2, 2);
  stream_add_signed_au (s, signer, p3, 3);
  o = run_output (s);
  g_assert_cmpuint (o->aus->len, ==, 4);
  assert_au (o, 1, annexb_of (aud_out, sizeof aud_out, SLICE (s1), NULL));
  assert_au (o, 2, annexb_of (aud_out, sizeof aud_out, sps_v1, sizeof sps_v1, pps_v2,
                              sizeof pps_v2, SLICE (s2), NULL));
  assert_au (o, 3, annexb_of (aud_out, sizeof aud_out, SLICE (s3), NULL));
  hub_signer_free (signer);
}

/* The camera switches parameter sets at an IDR; a relay puts an unsigned
 * slice right after them, so that the unit they arrived in is dropped. The
 * next unit hashed against them still brings them to the decoder. */
static void
test_output_params_from_dropped_unit (void)
{
  g_autoptr (Stream) s = stream_new ();
  g_autoptr (Output) o = NULL;
  HubSigner *signer = signer_a ();
  g_autoptr (GByteArray) idr = make_au_with (TRUE, 1, 0, sps_v1, sizeof sps_v1, pps_v1,
                                             sizeof pps_v1);
  g_autoptr (GByteArray) idr2 = make_au_with (TRUE, 2, 1, sps_v2, sizeof sps_v2, pps_v2,
                                              sizeof pps_v2);
  g_autoptr (GByteArray) p = make_au_with (FALSE, 1, 2, NULL, 0, NULL, 0);
  g_autoptr (GBytes) i0 = make_slice (TRUE, 0, 1), i1 = make_slice (TRUE, 1, 1);
  g_autoptr (GBytes) p0 = make_slice (FALSE, 0, 2);
  const HubVerdict want[] = { P, HUB_VERDICT_NO_TAG, P, P };
  guint tag;

  stream_add_signed_au (s, signer, idr, 0);
  stream_add_signed_au (s, signer, idr2, 1);
  tag = stream_last_tag_index (s);
  g_ptr_array_insert (s->nals, tag, make_slice (FALSE, 0, 9));
  stream_add_signed_au (s, signer, p, 2);
  o = run_output (s);
  g_assert_cmpuint (o->verdicts->len, ==, G_N_ELEMENTS (want));
  for (guint i = 0; i < G_N_ELEMENTS (want); i++)
    g_assert_cmpint (g_array_index (o->verdicts, HubVerdict, i), ==, want[i]);
  assert_au (o, 1, annexb_of (aud_out, sizeof aud_out, sps_v2, sizeof sps_v2, pps_v2,
                              sizeof pps_v2, SLICE (i0), SLICE (i1), NULL));
  assert_au (o, 2, annexb_of (aud_out, sizeof aud_out, SLICE (p0), NULL));
  hub_signer_free (signer);
}

/* After a break the decoder downstream may have been flushed: the next
 * passed unit brings the parameter sets again. */
static void
test_output_params_after_discontinuity (void)
{
  g_autoptr (Stream) s = stream_new ();
  g_autoptr (Output) o = g_new0 (Output, 1);
  HubSigner *signer = signer_a ();
  g_autoptr (GByteArray) idr = make_au_with (TRUE, 1, 0, sps_v1, sizeof sps_v1, pps_v1,
                                             sizeof pps_v1);
  g_autoptr (GByteArray) idr_bare = make_au_with (TRUE, 1, 1, NULL, 0, NULL, 0);
  g_autoptr (GBytes) i0 = make_slice (TRUE, 0, 1);
  HubGate *gate;
  guint split;

  o->aus = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  o->verdicts = g_array_new (FALSE, FALSE, sizeof (HubVerdict));
  stream_add_signed_au (s, signer, idr, 0);
  split = s->nals->len;
  stream_add_signed_au (s, signer, idr_bare, 1);
  gate = hub_gate_new (DEVICE, pk_a, nonce_a, collect_output, o);
  for (guint i = 0; i < s->nals->len; i++)
    {
      if (i == split)
        hub_gate_discontinuity (gate);
      hub_gate_push_nal (gate, g_bytes_get_data (g_ptr_array_index (s->nals, i), NULL),
                         g_bytes_get_size (g_ptr_array_index (s->nals, i)));
    }
  hub_gate_free (gate);
  g_assert_cmpuint (o->aus->len, ==, 2);
  assert_au (o, 1, annexb_of (aud_out, sizeof aud_out, sps_v1, sizeof sps_v1, pps_v1,
                              sizeof pps_v1, SLICE (i0), NULL));
  hub_signer_free (signer);
}

/* ---- §6.3: bounded ---- */

/* Resident set size of this process, from /proc/self/statm. */
static gsize
rss_bytes (void)
{
  g_autofree char *statm = NULL;
  g_auto (GStrv) fields = NULL;

  g_assert_true (g_file_get_contents ("/proc/self/statm", &statm, NULL, NULL));
  fields = g_strsplit (statm, " ", -1);
  g_assert_nonnull (fields[1]);
  return g_ascii_strtoull (fields[1], NULL, 10) * (gsize) sysconf (_SC_PAGESIZE);
}

/* A slice of @size bytes (header, first_mb_in_slice as make_slice, payload
 * that never forms a start code). */
static GBytes *
make_big_slice (gboolean idr, guint first_mb, gsize size, guint salt)
{
  guint8 *buf = g_malloc (size);
  static const guint8 ue[] = { 0x80, 0x40, 0x60 };

  buf[0] = idr ? 0x65 : 0x41;
  buf[1] = ue[first_mb] | 0x08;
  for (gsize i = 2; i < size; i++)
    buf[i] = 0x10 + ((i * 7 + salt * 13) % 0xe0);
  return g_bytes_new_take (buf, size);
}

static GByteArray *
make_big_au (gboolean idr, const gsize *slice_sizes, guint n, guint salt)
{
  GByteArray *au = g_byte_array_new ();

  if (idr)
    {
      g_byte_array_append (au, (const guint8 *) "\0\0\0\1", 4);
      g_byte_array_append (au, sps_v1, sizeof sps_v1);
      g_byte_array_append (au, (const guint8 *) "\0\0\0\1", 4);
      g_byte_array_append (au, pps_v1, sizeof pps_v1);
    }
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (GBytes) slice = make_big_slice (idr, i, slice_sizes[i], salt);

      g_byte_array_append (au, (const guint8 *) "\0\0\0\1", 4);
      g_byte_array_append (au, g_bytes_get_data (slice, NULL), g_bytes_get_size (slice));
    }
  return au;
}

typedef struct
{
  guint counts[HUB_N_VERDICTS];
  HubVerdict last;
} Tally;

static void
tally_unit (const HubGateUnit *unit, void *user_data)
{
  Tally *t = user_data;

  t->counts[unit->verdict]++;
  t->last = unit->verdict;
}

static void
push_signed (HubGate *gate, HubSigner *signer, GByteArray *au, guint salt)
{
  gsize out_len = 0;
  g_autofree guint8 *out = hub_signer_sign_au (signer, au->data, au->len,
                                               1700000000000000 + salt, &out_len);

  g_assert_nonnull (out);
  hub_gate_push_annexb (gate, out, out_len);
}

#define ATTACK_BYTES ((gsize) 96 << 20)
/* four buffers of at most 8 MiB (slices, access unit out, SPS, PPS), and slack */
#define RSS_BOUND ((gsize) 40 << 20)

/* sps_v1 says level_idc 31 (3.1): MaxFS 3600 (Table A-1) */
#define LIMIT_LEVEL_31 ((gsize) 2 * 3600 * 384)

/* A unit larger than 2 × MaxFS × 384 for the verified SPS's level is
 * malformed; before any verified SPS the limit is 8 MiB. */
static void
test_bounded_level_limit (void)
{
  HubSigner *signer = signer_a ();
  Tally t = { { 0 } };
  HubGate *gate = hub_gate_new (DEVICE, pk_a, nonce_a, tally_unit, &t);
  const gsize idr_sizes[] = { 3 << 20, 3 << 20 }; /* 6 MiB: more than level 3.1 allows */
  const gsize p_under[] = { LIMIT_LEVEL_31 - 4096 };
  const gsize p_over[] = { LIMIT_LEVEL_31 + 1 };
  g_autoptr (GByteArray) idr = make_big_au (TRUE, idr_sizes, 2, 0);
  g_autoptr (GByteArray) p1 = make_big_au (FALSE, p_under, 1, 1);
  g_autoptr (GByteArray) p2 = make_big_au (FALSE, p_over, 1, 2);
  g_autoptr (GByteArray) idr2 = make_au_with (TRUE, 2, 3, sps_v1, sizeof sps_v1, pps_v1,
                                              sizeof pps_v1);

  push_signed (gate, signer, idr, 0);
  g_assert_cmpint (t.last, ==, HUB_VERDICT_PASS);
  push_signed (gate, signer, p1, 1);
  g_assert_cmpint (t.last, ==, HUB_VERDICT_PASS);
  push_signed (gate, signer, p2, 2);
  g_assert_cmpint (t.last, ==, HUB_VERDICT_MALFORMED);
  g_assert_false (hub_gate_is_open (gate));
  push_signed (gate, signer, idr2, 3);
  g_assert_cmpint (t.last, ==, HUB_VERDICT_PASS);
  hub_gate_free (gate);
  hub_signer_free (signer);
}

/* Non-VCL NAL units that never end: malformed every time they outgrow the
 * limit, memory flat; a valid IDR passes after them. */
static void
test_bounded_non_vcl_forever (void)
{
  HubSigner *signer = signer_a ();
  Tally t = { { 0 } };
  HubGate *gate = hub_gate_new (DEVICE, pk_a, nonce_a, tally_unit, &t);
  g_autoptr (GByteArray) idr = make_au_with (TRUE, 2, 0, sps_v1, sizeof sps_v1, pps_v1,
                                             sizeof pps_v1);
  g_autoptr (GByteArray) idr2 = make_au_with (TRUE, 2, 1, sps_v1, sizeof sps_v1, pps_v1,
                                              sizeof pps_v1);
  guint8 *filler = g_malloc (4096), *sei = g_malloc (4096);
  gsize rss_before;

  filler[0] = HUB_NAL_FILLER;
  memset (filler + 1, 0xff, 4094);
  filler[4095] = 0x80;
  /* an SEI of one large user_data_unregistered message (not the tag's UUID) */
  sei[0] = HUB_NAL_SEI;
  sei[1] = 5;
  memset (sei + 2, 0xff, 15);
  sei[17] = 0x10;
  memset (sei + 18, 0x42, 4095 - 18);
  sei[4095] = 0x80;

  push_signed (gate, signer, idr, 0);
  g_assert_cmpint (t.last, ==, HUB_VERDICT_PASS);
  rss_before = rss_bytes ();
  for (gsize sent = 0; sent < ATTACK_BYTES; sent += 2 * 4096)
    {
      hub_gate_push_nal (gate, filler, 4096);
      hub_gate_push_nal (gate, sei, 4096);
    }
  g_test_message ("RSS grew by %" G_GSIZE_FORMAT " KiB; %u malformed",
                  (rss_bytes () - MIN (rss_bytes (), rss_before)) / 1024,
                  t.counts[HUB_VERDICT_MALFORMED]);
  g_assert_cmpuint (rss_bytes (), <, rss_before + RSS_BOUND);
  g_assert_cmpuint (t.counts[HUB_VERDICT_MALFORMED], >=, ATTACK_BYTES / LIMIT_LEVEL_31 - 1);
  g_assert_false (hub_gate_is_open (gate));
  push_signed (gate, signer, idr2, 1);
  g_assert_cmpint (t.last, ==, HUB_VERDICT_PASS);
  g_free (filler);
  g_free (sei);
  hub_gate_free (gate);
  hub_signer_free (signer);
}

/* A picture whose slices never end (first_mb_in_slice ≠ 0 forever), before
 * and after a verified SPS: one malformed unit, the rest dropped, memory
 * flat; a valid IDR passes after it. */
static void
test_bounded_slices_forever (void)
{
  for (guint verified = 0; verified <= 1; verified++)
    {
      HubSigner *signer = signer_a ();
      Tally t = { { 0 } };
      HubGate *gate = hub_gate_new (DEVICE, pk_a, nonce_a, tally_unit, &t);
      g_autoptr (GByteArray) idr = make_au_with (TRUE, 2, 0, sps_v1, sizeof sps_v1, pps_v1,
                                                 sizeof pps_v1);
      g_autoptr (GByteArray) idr2 = make_au_with (TRUE, 2, 1, sps_v1, sizeof sps_v1, pps_v1,
                                                  sizeof pps_v1);
      g_autoptr (GBytes) first = make_big_slice (FALSE, 0, 65536, 7);
      g_autoptr (GBytes) more = make_big_slice (FALSE, 1, 65536, 8);
      gsize rss_before;

      if (verified)
        push_signed (gate, signer, idr, 0);
      rss_before = rss_bytes ();
      hub_gate_push_nal (gate, g_bytes_get_data (first, NULL), g_bytes_get_size (first));
      for (gsize sent = 0; sent < ATTACK_BYTES; sent += 65536)
        hub_gate_push_nal (gate, g_bytes_get_data (more, NULL), g_bytes_get_size (more));
      g_test_message ("verified SPS: %u; RSS grew by %" G_GSIZE_FORMAT " KiB", verified,
                      (rss_bytes () - MIN (rss_bytes (), rss_before)) / 1024);
      g_assert_cmpuint (rss_bytes (), <, rss_before + RSS_BOUND);
      g_assert_cmpuint (t.counts[HUB_VERDICT_MALFORMED], ==, 1);
      g_assert_cmpuint (t.counts[HUB_VERDICT_NO_TAG], ==, 0);
      hub_signer_set_counter (signer, 1);
      push_signed (gate, signer, idr2, 1);
      g_assert_cmpint (t.last, ==, HUB_VERDICT_PASS);
      hub_gate_free (gate);
      hub_signer_free (signer);
    }
}

static void
edit_vcl_count_max (guint8 *tag, gsize *len, gpointer data)
{
  HubFrameTag t;
  guint8 sk[64], pk[32];

  g_assert_true (hub_frame_tag_decode (tag, *len, &t));
  t.vcl_count = 65535;
  crypto_sign_seed_keypair (pk, sk, seed_a);
  g_assert_true (hub_frame_tag_sign (&t, sk));
  *len = hub_frame_tag_encode (&t, tag);
}

/* A tag covering 65535 slices, and slices of 64 KiB (4 GiB in all): one
 * malformed unit, memory flat; a valid IDR passes after it. */
static void
test_bounded_vcl_count_max (void)
{
  g_autoptr (Stream) s = stream_new ();
  HubSigner *signer = signer_a ();
  Tally t = { { 0 } };
  HubGate *gate = hub_gate_new (DEVICE, pk_a, nonce_a, tally_unit, &t);
  g_autoptr (GByteArray) idr = make_au_with (TRUE, 2, 0, sps_v1, sizeof sps_v1, pps_v1,
                                             sizeof pps_v1);
  g_autoptr (GByteArray) p = make_au_with (FALSE, 1, 1, NULL, 0, NULL, 0);
  g_autoptr (GByteArray) idr2 = make_au_with (TRUE, 2, 2, sps_v1, sizeof sps_v1, pps_v1,
                                              sizeof pps_v1);
  g_autoptr (GBytes) first = make_big_slice (FALSE, 0, 65536, 7);
  g_autoptr (GBytes) more = make_big_slice (FALSE, 1, 65536, 8);
  gsize rss_before;
  GBytes *tag;

  push_signed (gate, signer, idr, 0);
  /* the tag of a signed P unit, its count raised to 65535 and signed again */
  stream_add_signed_au (s, signer, p, 1);
  stream_edit_last_tag (s, edit_vcl_count_max, NULL);
  tag = g_ptr_array_index (s->nals, stream_last_tag_index (s));

  rss_before = rss_bytes ();
  hub_gate_push_nal (gate, g_bytes_get_data (tag, NULL), g_bytes_get_size (tag));
  hub_gate_push_nal (gate, g_bytes_get_data (first, NULL), g_bytes_get_size (first));
  for (guint i = 1; i < 65535; i++)
    hub_gate_push_nal (gate, g_bytes_get_data (more, NULL), g_bytes_get_size (more));
  g_test_message ("RSS grew by %" G_GSIZE_FORMAT " KiB",
                  (rss_bytes () - MIN (rss_bytes (), rss_before)) / 1024);
  g_assert_cmpuint (rss_bytes (), <, rss_before + RSS_BOUND);
  g_assert_cmpuint (t.counts[HUB_VERDICT_MALFORMED], ==, 1);
  g_assert_cmpuint (t.counts[HUB_VERDICT_PASS], ==, 1);
  push_signed (gate, signer, idr2, 2);
  g_assert_cmpint (t.last, ==, HUB_VERDICT_PASS);
  hub_gate_free (gate);
  hub_signer_free (signer);
}

/* Data partitions: A carries first_mb_in_slice, B and C carry slice_id in
 * its place. slice_id 0 is not the start of another picture: a picture of
 * partitions A, B, C under one tag is one unit. */
static void
test_data_partitions (void)
{
  g_autoptr (Stream) s = stream_new ();
  g_autoptr (Result) r = NULL;
  HubSigner *signer = signer_a ();
  g_autoptr (GByteArray) idr = make_au_with (TRUE, 1, 0, sps_v1, sizeof sps_v1, pps_v1,
                                             sizeof pps_v1);
  const HubVerdict want[] = { P, P, P };

  stream_add_signed_au (s, signer, idr, 0);
  for (guint pic = 1; pic <= 2; pic++)
    {
      GByteArray *au = g_byte_array_new ();

      for (guint8 type = 2; type <= 4; type++)
        {
          g_autoptr (GBytes) slice = make_slice (FALSE, 0, pic * 3 + type);
          guint8 *d = g_memdup2 (g_bytes_get_data (slice, NULL), g_bytes_get_size (slice));

          d[0] = 0x40 | type; /* A, B, C: first_mb_in_slice 0 / slice_id 0 */
          g_byte_array_append (au, (const guint8 *) "\0\0\0\1", 4);
          g_byte_array_append (au, d, g_bytes_get_size (slice));
          g_free (d);
        }
      stream_add_signed_au (s, signer, au, pic);
      g_byte_array_unref (au);
    }
  r = run_gate (s, nonce_a);
  assert_verdicts (r, want, G_N_ELEMENTS (want));
  hub_signer_free (signer);
}

/* A unit that the next tag SEI ends early is decided with its own tag: the
 * tag bytes handed out are those of its counter, not the next unit's. */
static void
check_own_tag (const HubGateUnit *unit, void *user_data)
{
  HubFrameTag tag;

  (*(guint *) user_data)++;
  g_assert_true (unit->has_tag);
  g_assert_true (hub_frame_tag_decode (unit->tag, unit->tag_len, &tag));
  g_assert_cmpuint (tag.counter, ==, unit->counter);
}

static void
test_unit_keeps_own_tag (void)
{
  g_autoptr (Stream) s = stream_new ();
  HubSigner *signer = signer_a ();
  guint n = 0;
  HubGate *gate = hub_gate_new (DEVICE, pk_a, nonce_a, check_own_tag, &n);

  stream_add_signed (s, signer, TRUE, 2, 0);
  stream_add_signed (s, signer, FALSE, 2, 1);
  g_ptr_array_remove_index (s->nals, s->nals->len - 1); /* ends at the next tag */
  stream_add_signed (s, signer, FALSE, 2, 2);
  push_stream (gate, s, 0);
  hub_gate_finish (gate);
  g_assert_cmpuint (n, ==, 3);
  hub_gate_free (gate);
  hub_signer_free (signer);
}

static void
test_verdict_names (void)
{
  static const char *const names[] = {
    "pass", "no-tag", "malformed", "unknown-key", "wrong-device", "wrong-session",
    "bad-digest", "bad-signature", "replay", "wait-keyframe",
  };

  g_assert_cmpuint (G_N_ELEMENTS (names), ==, HUB_N_VERDICTS);
  for (guint i = 0; i < HUB_N_VERDICTS; i++)
    {
      g_assert_cmpstr (hub_verdict_to_string (i), ==, names[i]);
      g_assert_cmpint (hub_verdict_from_string (names[i]), ==, i);
    }
  g_assert_cmpint (hub_verdict_from_string ("nope"), ==, HUB_N_VERDICTS);
}

int
main (int argc, char *argv[])
{
  guint8 sk[64];

  g_test_init (&argc, &argv, NULL);
  g_assert_cmpint (sodium_init (), >=, 0);
  crypto_hash_sha256 (seed_a, (const guint8 *) "hubview demo camera " DEVICE,
                      strlen ("hubview demo camera " DEVICE));
  crypto_hash_sha256 (seed_rogue, (const guint8 *) "rogue", 5);
  crypto_sign_seed_keypair (pk_a, sk, seed_a);

  g_test_add_func ("/hub/gate/pass", test_pass);
  g_test_add_func ("/hub/gate/no-tag", test_no_tag);
  g_test_add_func ("/hub/gate/malformed", test_malformed);
  g_test_add_func ("/hub/gate/malformed/sei-overrun", test_malformed_sei_overrun);
  g_test_add_func ("/hub/gate/unknown-key", test_unknown_key);
  g_test_add_func ("/hub/gate/wrong-device", test_wrong_device);
  g_test_add_func ("/hub/gate/wrong-session", test_wrong_session);
  g_test_add_func ("/hub/gate/bad-digest", test_bad_digest);
  g_test_add_func ("/hub/gate/bad-digest/identical-params-pass",
                   test_identical_params_between_slices_pass);
  g_test_add_func ("/hub/gate/bad-signature", test_bad_signature);
  g_test_add_func ("/hub/gate/replay", test_replay);
  g_test_add_func ("/hub/gate/wait-keyframe", test_wait_keyframe);
  g_test_add_func ("/hub/gate/wait-keyframe/idr-flag-must-match-slices",
                   test_idr_flag_must_match_slices);
  g_test_add_func ("/hub/gate/decided-on-last-slice", test_decided_on_last_slice);
  g_test_add_func ("/hub/gate/discontinuity-keeps-counter", test_discontinuity_keeps_counter);
  g_test_add_func ("/hub/gate/verdict-names", test_verdict_names);
  g_test_add_func ("/hub/gate/output/idr-and-p", test_output_idr_and_p);
  g_test_add_func ("/hub/gate/output/foreign-nal-types", test_output_foreign_nal_types);
  g_test_add_func ("/hub/gate/output/merged-sei", test_output_merged_sei);
  g_test_add_func ("/hub/gate/output/params-when-changed", test_output_params_when_changed);
  g_test_add_func ("/hub/gate/output/params-from-dropped-unit",
                   test_output_params_from_dropped_unit);
  g_test_add_func ("/hub/gate/output/params-after-discontinuity",
                   test_output_params_after_discontinuity);
  g_test_add_func ("/hub/gate/bounded/level-limit", test_bounded_level_limit);
  g_test_add_func ("/hub/gate/data-partitions", test_data_partitions);
  g_test_add_func ("/hub/gate/unit-keeps-own-tag", test_unit_keeps_own_tag);
  g_test_add_func ("/hub/gate/bounded/non-vcl-forever", test_bounded_non_vcl_forever);
  g_test_add_func ("/hub/gate/bounded/slices-forever", test_bounded_slices_forever);
  g_test_add_func ("/hub/gate/bounded/vcl-count-max", test_bounded_vcl_count_max);
  return g_test_run ();
}
