/* hub-bench-verify.c — how many access units per second the gate verifies
 *
 * Builds synthetic signed streams the size of 720p and 1080p H.264 (random
 * slice payloads, emulation prevention applied, signed with hub_signer), then
 * times on one core, in CPU time of this process:
 *   - the whole gate (hub_gate_push_annexb per AU, a fresh gate per pass);
 *   - the SHA-256 part: hub_au_digest over each AU's slice bytes;
 *   - the Ed25519 part: hub_frame_tag_verify_signature of each AU's tag;
 *   - a baseline: memcpy of the same signed AU bytes, in the same run.
 * Prints a table and a JSON object (only the JSON with --json).
 *
 * A benchmark, not a test: numbers depend on the machine; nothing is asserted
 * but that every synthetic unit passes the gate.
 *
 * Copyright 2026 hubview developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#define G_LOG_DOMAIN "hub-bench-verify"

#include <glib.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "hub-annexb.h"
#include "hub-frame-tag.h"
#include "hub-gate.h"
#include "hub-signer.h"

#define GOP_LENGTH 30
#define N_GOPS 10
#define N_AUS (GOP_LENGTH * N_GOPS)
#define DEVICE_ID "cam-bench"

typedef struct
{
  const char *name;
  gsize idr_size; /* slice payload bytes of an IDR picture */
  gsize p_size;   /* of a P picture */
} Profile;

static const Profile profiles[] = {
  { "720p", 40 * 1000, 8 * 1000 },
  { "1080p", 90 * 1000, 20 * 1000 },
};

typedef struct
{
  guint8 *bytes; /* signed Annex-B access unit (malloc'd by hub_signer) */
  gsize len;
  const guint8 *slice; /* the slice NAL unit inside @bytes */
  gsize slice_len;
  guint8 tag[HUB_TAG_MAX_SIZE];
  gsize tag_len;
} BenchAu;

typedef struct
{
  double gate_us;   /* CPU µs per AU, whole gate */
  double sha_us;    /* SHA-256 part */
  double ed_us;     /* Ed25519 part */
  double memcpy_us; /* baseline */
  double avg_bytes;
  guint64 n_aus_timed;
} BenchResult;

static double opt_seconds = 1.0;
static gboolean opt_json = FALSE;

static const GOptionEntry entries[]
    = { { "seconds", 's', G_OPTION_FLAG_NONE, G_OPTION_ARG_DOUBLE, &opt_seconds,
          "CPU time per measurement (default 1)", "S" },
        { "json", 'j', G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, &opt_json, "Print only the JSON",
          NULL },
        { NULL } };

static double
cpu_seconds (void)
{
  struct timespec ts;

  if (clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts) != 0)
    return g_get_monotonic_time () / (double)G_USEC_PER_SEC;
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* xorshift64*: reproducible payloads, fast enough not to matter */
static guint64
rand_next (guint64 *state)
{
  *state ^= *state >> 12;
  *state ^= *state << 25;
  *state ^= *state >> 27;
  return *state * G_GUINT64_CONSTANT (2685821657736338717);
}

/* One NAL unit: header byte @header, then @rbsp_size random RBSP bytes with a
 * slice header starting first_mb_in_slice = 0, escaped, after a start code. */
static void
append_random_nal (GByteArray *out, guint8 header, gsize rbsp_size, guint64 *rng)
{
  static const guint8 start_code[] = { 0, 0, 0, 1 };
  g_autofree guint8 *rbsp = g_malloc (rbsp_size);
  g_autofree guint8 *escaped = NULL;
  gsize n;

  for (gsize i = 0; i < rbsp_size; i += 8)
    {
      guint64 r = rand_next (rng);

      memcpy (rbsp + i, &r, MIN (8, rbsp_size - i));
    }
  rbsp[0] |= 0x80;            /* ue(v) first_mb_in_slice = 0 */
  rbsp[rbsp_size - 1] = 0x80; /* rbsp_trailing_bits */
  escaped = g_malloc (hub_nal_escaped_size (rbsp, rbsp_size));
  n = hub_nal_escape (rbsp, rbsp_size, escaped);
  g_byte_array_append (out, start_code, sizeof start_code);
  g_byte_array_append (out, &header, 1);
  g_byte_array_append (out, escaped, n);
}

/* The unsigned access unit @index of a GOP-structured stream. */
static GByteArray *
make_au (const Profile *profile, guint index, guint64 *rng)
{
  static const guint8 aud[] = { 0, 0, 0, 1, 0x09, 0xf0 };
  static const guint8 sps[] = { 0,    0,    0,    1,    0x67, 0x64, 0x00, 0x28, 0xac, 0xd9, 0x40,
                                0x78, 0x02, 0x27, 0xe5, 0xc0, 0x44, 0x00, 0x00, 0x03, 0x00, 0x04,
                                0x00, 0x00, 0x03, 0x00, 0xf0, 0x3c, 0x60, 0xc6, 0x58 };
  static const guint8 pps[] = { 0, 0, 0, 1, 0x68, 0xeb, 0xe3, 0xcb, 0x22, 0xc0 };
  GByteArray *au = g_byte_array_new ();
  gboolean idr = index % GOP_LENGTH == 0;

  g_byte_array_append (au, aud, sizeof aud);
  if (idr)
    {
      g_byte_array_append (au, sps, sizeof sps);
      g_byte_array_append (au, pps, sizeof pps);
      append_random_nal (au, 0x65, profile->idr_size, rng);
    }
  else
    append_random_nal (au, 0x41, profile->p_size, rng);
  return au;
}

static void
on_unit (const HubGateUnit *unit, void *user_data)
{
  guint64 *n_pass = user_data;

  if (unit->verdict == HUB_VERDICT_PASS)
    (*n_pass)++;
}

/* Signs N_AUS synthetic AUs for @profile into @aus. */
static void
make_stream (const Profile *profile, HubSigner *signer, BenchAu *aus)
{
  guint64 rng = G_GUINT64_CONSTANT (0x9e3779b97f4a7c15) ^ profile->idr_size;

  hub_signer_set_counter (signer, 0);
  for (guint i = 0; i < N_AUS; i++)
    {
      g_autoptr (GByteArray) au = make_au (profile, i, &rng);
      BenchAu *b = &aus[i];
      size_t out_len = 0, offset = 0;
      HubNal nal;

      b->bytes = hub_signer_sign_au (signer, au->data, au->len,
                                     G_GUINT64_CONSTANT (1700000000000000) + i * 33333, &out_len);
      g_assert (b->bytes != NULL);
      b->len = out_len;
      b->tag_len = 0;
      b->slice = NULL;
      while (hub_annexb_next_nal (b->bytes, b->len, &offset, &nal))
        {
          int type = hub_nal_type (nal.data, nal.size);

          if (type == HUB_NAL_SEI && b->tag_len == 0)
            {
              size_t tag_len = 0;

              if (hub_sei_find_tag (nal.data, nal.size, b->tag, sizeof b->tag, &tag_len)
                  == HUB_SEI_TAG)
                b->tag_len = tag_len;
            }
          else if (hub_nal_type_is_vcl (type))
            {
              b->slice = nal.data;
              b->slice_len = nal.size;
            }
        }
      g_assert (b->tag_len > 0 && b->slice != NULL);
    }
}

/* Runs @body over all AUs until @opt_seconds of CPU time; returns CPU µs per AU. */
#define TIME_PER_AU(result_us, n_timed, body)                                                      \
  do                                                                                               \
    {                                                                                              \
      double t0_ = cpu_seconds (), elapsed_ = 0;                                                   \
      guint64 passes_ = 0;                                                                         \
      do                                                                                           \
        {                                                                                          \
          body;                                                                                    \
          passes_++;                                                                               \
          elapsed_ = cpu_seconds () - t0_;                                                         \
        }                                                                                          \
      while (elapsed_ < opt_seconds || passes_ < 3);                                               \
      (n_timed) = passes_ * N_AUS;                                                                 \
      (result_us) = elapsed_ * 1e6 / (double)(n_timed);                                            \
    }                                                                                              \
  while (0)

static guint64
gate_pass (const BenchAu *aus, const guint8 public_key[HUB_PUBLIC_KEY_SIZE],
           const guint8 nonce[HUB_NONCE_SIZE])
{
  guint64 n_pass = 0;
  HubGate *gate = hub_gate_new (DEVICE_ID, public_key, nonce, on_unit, &n_pass);

  g_assert (gate != NULL);
  for (guint i = 0; i < N_AUS; i++)
    hub_gate_push_annexb (gate, aus[i].bytes, aus[i].len);
  hub_gate_finish (gate);
  hub_gate_free (gate);
  return n_pass;
}

static void
sha_pass (const BenchAu *aus, guint8 *sink)
{
  static const guint8 zero[HUB_DIGEST_SIZE] = { 0 };

  for (guint i = 0; i < N_AUS; i++)
    {
      HubAuDigest d;
      guint8 out[HUB_DIGEST_SIZE];

      hub_au_digest_init (&d, zero, zero);
      hub_au_digest_add_vcl (&d, aus[i].slice, aus[i].slice_len);
      hub_au_digest_final (&d, out);
      *sink ^= out[0];
    }
}

static void
ed_pass (const BenchAu *aus, const guint8 public_key[HUB_PUBLIC_KEY_SIZE])
{
  for (guint i = 0; i < N_AUS; i++)
    if (!hub_frame_tag_verify_signature (aus[i].tag, aus[i].tag_len, public_key))
      g_error ("tag %u does not verify", i);
}

static void
memcpy_pass (const BenchAu *aus, guint8 *dest, guint8 *sink)
{
  for (guint i = 0; i < N_AUS; i++)
    {
      memcpy (dest, aus[i].bytes, aus[i].len);
      *sink ^= dest[aus[i].len / 2];
    }
}

static void
run_profile (const Profile *profile, HubSigner *signer, const guint8 nonce[HUB_NONCE_SIZE],
             BenchResult *res)
{
  BenchAu *aus = g_new0 (BenchAu, N_AUS);
  guint8 public_key[HUB_PUBLIC_KEY_SIZE];
  g_autofree guint8 *dest = NULL;
  gsize max_len = 0, total = 0;
  volatile guint8 keep = 0;
  guint8 sink = 0;
  guint64 n_timed = 0;

  hub_signer_get_public_key (signer, public_key);
  make_stream (profile, signer, aus);
  for (guint i = 0; i < N_AUS; i++)
    {
      max_len = MAX (max_len, aus[i].len);
      total += aus[i].len;
    }
  dest = g_malloc (max_len);
  res->avg_bytes = total / (double)N_AUS;

  /* sanity and warm-up: every unit passes */
  if (gate_pass (aus, public_key, nonce) != N_AUS)
    g_error ("%s: not every synthetic unit passed the gate", profile->name);

  TIME_PER_AU (res->gate_us, res->n_aus_timed, {
    if (gate_pass (aus, public_key, nonce) != N_AUS)
      g_error ("%s: a unit failed", profile->name);
  });
  TIME_PER_AU (res->sha_us, n_timed, sha_pass (aus, &sink));
  TIME_PER_AU (res->ed_us, n_timed, ed_pass (aus, public_key));
  TIME_PER_AU (res->memcpy_us, n_timed, memcpy_pass (aus, dest, &sink));
  keep = sink;
  (void)keep;

  for (guint i = 0; i < N_AUS; i++)
    free (aus[i].bytes);
  g_free (aus);
}

int
main (int argc, char *argv[])
{
  g_autoptr (GOptionContext) context = g_option_context_new (NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (GString) json = g_string_new (NULL);
  static const guint8 seed[32] = { 'h', 'u', 'b', '-', 'b', 'e', 'n', 'c', 'h' };
  static const guint8 nonce[HUB_NONCE_SIZE] = { 0xbe, 0x0c, 0x40 };
  BenchResult results[G_N_ELEMENTS (profiles)];
  HubSigner *signer;

  g_option_context_set_summary (context, "Verified access units per second of the provenance gate, "
                                         "on one core, for synthetic 720p and 1080p streams.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  if (sodium_init () < 0)
    g_error ("libsodium failed to initialise");

  signer = hub_signer_new (seed, DEVICE_ID, nonce);
  g_assert (signer != NULL);
  for (guint p = 0; p < G_N_ELEMENTS (profiles); p++)
    run_profile (&profiles[p], signer, nonce, &results[p]);
  hub_signer_free (signer);

  if (!opt_json)
    {
      g_print ("hub-bench-verify: %d-AU GOPs (1 IDR + %d P), one slice per picture, "
               "CPU time of one core\n\n",
               GOP_LENGTH, GOP_LENGTH - 1);
      g_print ("%-6s %8s %10s %9s %9s %9s %9s %9s %10s\n", "size", "avg AU", "AU/s", "gate us",
               "sha us", "ed25519", "other us", "memcpy", "gate/copy");
      for (guint p = 0; p < G_N_ELEMENTS (profiles); p++)
        {
          const BenchResult *r = &results[p];

          g_print ("%-6s %7.1fK %10.0f %9.2f %9.2f %9.2f %9.2f %9.3f %9.0fx\n", profiles[p].name,
                   r->avg_bytes / 1000.0, 1e6 / r->gate_us, r->gate_us, r->sha_us, r->ed_us,
                   r->gate_us - r->sha_us - r->ed_us, r->memcpy_us, r->gate_us / r->memcpy_us);
        }
      g_print ("\n(us per AU, CPU time; sha = hub_au_digest over the slice bytes, ed25519 = "
               "hub_frame_tag_verify_signature, other = gate - sha - ed25519: parsing, "
               "copying, SEI)\n\n");
    }

  g_string_append (json, "{\n  \"gop_length\": " G_STRINGIFY (GOP_LENGTH) ",\n  \"profiles\": {");
  for (guint p = 0; p < G_N_ELEMENTS (profiles); p++)
    {
      const BenchResult *r = &results[p];

      g_string_append_printf (
          json,
          "%s\n    \"%s\": {\"idr_bytes\": %" G_GSIZE_FORMAT ", \"p_bytes\": %" G_GSIZE_FORMAT
          ", \"avg_au_bytes\": %.0f, \"aus_timed\": %" G_GUINT64_FORMAT
          ", \"verified_au_per_s\": %.0f, \"gate_us_per_au\": %.3f, \"sha256_us_per_au\": %.3f"
          ", \"ed25519_us_per_au\": %.3f, \"other_us_per_au\": %.3f, \"memcpy_us_per_au\": %.4f"
          ", \"gate_vs_memcpy\": %.1f}",
          p == 0 ? "" : ",", profiles[p].name, profiles[p].idr_size, profiles[p].p_size,
          r->avg_bytes, r->n_aus_timed, 1e6 / r->gate_us, r->gate_us, r->sha_us, r->ed_us,
          r->gate_us - r->sha_us - r->ed_us, r->memcpy_us, r->gate_us / r->memcpy_us);
    }
  g_string_append (json, "\n  }\n}\n");
  g_print ("%s", json->str);
  return 0;
}
