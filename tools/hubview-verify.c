/* hubview-verify.c — checks a signed H.264 stream the way the hub does
 *
 * Reads an Annex-B byte stream (a file, or stdin for "-"), runs it through the
 * provenance gate (signed-frames v1 §5) for one device, key and session nonce,
 * and prints the verdict of every unit.
 *
 * Exit status: 0 when every unit passed, 1 when any unit was dropped (or the
 * input held no unit at all), 2 on a usage error, unreadable input, bad hex or
 * base64, or a certificate that does not verify against the given roots.
 *
 * Copyright 2026 hubview developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#define G_LOG_DOMAIN "hubview-verify"

#include <glib.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "hub-device-cert.h"
#include "hub-frame-tag.h"
#include "hub-gate.h"

#define EXIT_ALL_PASSED 0
#define EXIT_DROPPED 1
#define EXIT_USAGE 2

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HubGate, hub_gate_free)
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (HubTrustRoots, hub_trust_roots_clear)

/* One decided unit, as the gate reported it. */
typedef struct
{
  HubVerdict verdict;
  gboolean has_tag;
  gboolean idr;
  guint64 counter;
} VerifyUnit;

static gboolean opt_json = FALSE;
static char *opt_device_id = NULL;
static char *opt_nonce = NULL;
static char *opt_public_key = NULL;
static char *opt_certificate = NULL;
static char **opt_trust_roots = NULL;
static char **opt_files = NULL;

static const GOptionEntry entries[]
    = { { "json", 'j', G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, &opt_json,
          "One JSON object per unit and a summary line", NULL },
        { "device-id", 'd', G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING, &opt_device_id,
          "Device ID the stream must come from", "ID" },
        { "nonce", 'n', G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING, &opt_nonce,
          "Session nonce the hub sent, 16 bytes as 32 hex digits", "HEX32" },
        { "public-key", 'k', G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING, &opt_public_key,
          "Device public key (Ed25519): 64 hex digits or base64", "HEX64|BASE64" },
        { "certificate", 'c', G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING, &opt_certificate,
          "Device certificate (base64); needs --trust-root", "BASE64" },
        { "trust-root", 'r', G_OPTION_FLAG_NONE, G_OPTION_ARG_FILENAME_ARRAY, &opt_trust_roots,
          "File holding one trusted root public key in base64 (repeatable)", "FILE" },
        { G_OPTION_REMAINING, 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_FILENAME_ARRAY, &opt_files, NULL,
          NULL },
        { NULL } };

static int
usage_error (GOptionContext *context, const char *message)
{
  g_printerr ("hubview-verify: %s\n", message);
  g_printerr ("Try \"%s --help\" for more information.\n", g_get_prgname ());
  return EXIT_USAGE;
}

static gboolean
is_hex_string (const char *s, gsize len)
{
  if (strlen (s) != len)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isxdigit (s[i]))
      return FALSE;
  return TRUE;
}

/* 64 hex digits, or base64 (with or without padding) of exactly 32 bytes. */
static gboolean
parse_public_key (const char *text, guint8 key[HUB_PUBLIC_KEY_SIZE])
{
  guint8 buf[2 * HUB_PUBLIC_KEY_SIZE];
  gsize len = 0;

  if (is_hex_string (text, 2 * HUB_PUBLIC_KEY_SIZE))
    return hub_hex_decode (text, key, HUB_PUBLIC_KEY_SIZE);

  if (!hub_base64_decode (text, buf, sizeof buf, &len) || len != HUB_PUBLIC_KEY_SIZE)
    return FALSE;
  memcpy (key, buf, HUB_PUBLIC_KEY_SIZE);
  return TRUE;
}

static const char *
cert_failure_message (HubCertResult result)
{
  switch (result)
    {
    case HUB_CERT_MALFORMED:
      return "malformed";
    case HUB_CERT_UNKNOWN_ISSUER:
      return "unknown issuer (no --trust-root holds the key that signed it)";
    case HUB_CERT_BAD_SIGNATURE:
      return "bad signature";
    case HUB_CERT_EXPIRED:
      return "expired";
    case HUB_CERT_NOT_YET_VALID:
      return "not yet valid";
    case HUB_CERT_WRONG_DEVICE:
      return "device ID mismatch with --device-id";
    case HUB_CERT_OK:
    default:
      return hub_cert_result_to_string (result);
    }
}

static char *
format_time (guint64 seconds)
{
  g_autoptr (GDateTime) t = NULL;

  if (seconds > G_MAXINT64)
    return g_strdup ("(beyond year 9999)");
  t = g_date_time_new_from_unix_utc ((gint64)seconds);
  return t ? g_date_time_format_iso8601 (t) : g_strdup ("(beyond year 9999)");
}

/* What the user needs to see beside the reason (never key material). */
static char *
cert_failure_detail (HubCertResult result, const HubDeviceCert *cert)
{
  switch (result)
    {
    case HUB_CERT_EXPIRED:
      {
        g_autofree char *t = format_time (cert->not_after);
        return g_strdup_printf (" (valid until %s)", t);
      }
    case HUB_CERT_NOT_YET_VALID:
      {
        g_autofree char *t = format_time (cert->not_before);
        return g_strdup_printf (" (valid from %s)", t);
      }
    case HUB_CERT_WRONG_DEVICE:
      return g_strdup_printf (": the certificate is for \"%s\"", cert->device_id);
    case HUB_CERT_OK:
    case HUB_CERT_MALFORMED:
    case HUB_CERT_UNKNOWN_ISSUER:
    case HUB_CERT_BAD_SIGNATURE:
    default:
      return g_strdup ("");
    }
}

static gboolean
read_all_stdin (GByteArray *out, GError **error)
{
  guint8 chunk[64 * 1024];
  size_t n;

  while ((n = fread (chunk, 1, sizeof chunk, stdin)) > 0)
    g_byte_array_append (out, chunk, n);
  if (ferror (stdin))
    {
      g_set_error_literal (error, G_FILE_ERROR, G_FILE_ERROR_IO, "error reading standard input");
      return FALSE;
    }
  return TRUE;
}

static GBytes *
read_input (const char *path, GError **error)
{
  char *contents = NULL;
  gsize len = 0;

  if (g_strcmp0 (path, "-") == 0)
    {
      g_autoptr (GByteArray) buf = g_byte_array_new ();

      if (!read_all_stdin (buf, error))
        return NULL;
      return g_byte_array_free_to_bytes (g_steal_pointer (&buf));
    }

  if (!g_file_get_contents (path, &contents, &len, error))
    return NULL;
  return g_bytes_new_take (contents, len);
}

static void
on_unit (const HubGateUnit *unit, void *user_data)
{
  GArray *units = user_data;
  VerifyUnit u = {
    .verdict = unit->verdict,
    .has_tag = unit->has_tag,
    .idr = unit->has_tag && unit->idr,
    .counter = unit->counter,
  };

  g_array_append_val (units, u);
}

static void
print_json (const GArray *units, const guint64 counts[HUB_N_VERDICTS])
{
  g_autoptr (GString) line = g_string_new (NULL);

  for (guint i = 0; i < units->len; i++)
    {
      const VerifyUnit *u = &g_array_index (units, VerifyUnit, i);

      g_string_printf (line, "{\"au\": %u, \"counter\": ", i);
      if (u->has_tag)
        g_string_append_printf (line, "%" G_GUINT64_FORMAT, u->counter);
      else
        g_string_append (line, "null");
      g_string_append_printf (line, ", \"idr\": %s, \"verdict\": \"%s\"}\n",
                              u->idr ? "true" : "false", hub_verdict_to_string (u->verdict));
      fputs (line->str, stdout);
    }

  g_string_printf (line, "{\"summary\": {\"pass\": %" G_GUINT64_FORMAT, counts[HUB_VERDICT_PASS]);
  for (int v = HUB_VERDICT_PASS + 1; v < HUB_N_VERDICTS; v++)
    if (counts[v] > 0)
      g_string_append_printf (line, ", \"%s\": %" G_GUINT64_FORMAT,
                              hub_verdict_to_string ((HubVerdict)v), counts[v]);
  g_string_append (line, "}}\n");
  fputs (line->str, stdout);
}

static void
print_text (const GArray *units, const guint64 counts[HUB_N_VERDICTS])
{
  g_autofree char *max_au = g_strdup_printf ("%u", units->len > 0 ? units->len - 1 : 0);
  int au_width = MAX ((int)strlen (max_au), (int)strlen ("au"));
  int counter_width = strlen ("counter");
  guint64 dropped = units->len - counts[HUB_VERDICT_PASS];
  g_autoptr (GString) line = g_string_new (NULL);

  for (guint i = 0; i < units->len; i++)
    {
      const VerifyUnit *u = &g_array_index (units, VerifyUnit, i);

      if (u->has_tag)
        {
          g_autofree char *c = g_strdup_printf ("%" G_GUINT64_FORMAT, u->counter);
          counter_width = MAX (counter_width, (int)strlen (c));
        }
    }

  g_print ("%*s  %*s  %-3s  %s\n", au_width, "au", counter_width, "counter", "idr", "verdict");
  for (guint i = 0; i < units->len; i++)
    {
      const VerifyUnit *u = &g_array_index (units, VerifyUnit, i);
      g_autofree char *counter
          = u->has_tag ? g_strdup_printf ("%" G_GUINT64_FORMAT, u->counter) : g_strdup ("-");

      g_print ("%*u  %*s  %-3s  %s\n", au_width, i, counter_width, counter,
               u->has_tag ? (u->idr ? "yes" : "no") : "-", hub_verdict_to_string (u->verdict));
    }

  if (units->len == 0)
    {
      g_print ("verdict: no units in the input\n");
      return;
    }
  if (dropped == 0)
    {
      g_print ("verdict: all %u %s passed\n", units->len, units->len == 1 ? "unit" : "units");
      return;
    }

  g_string_printf (line, "verdict: %" G_GUINT64_FORMAT " of %u %s dropped (", dropped, units->len,
                   units->len == 1 ? "unit" : "units");
  for (int v = HUB_VERDICT_PASS + 1, first = TRUE; v < HUB_N_VERDICTS; v++)
    {
      if (counts[v] == 0)
        continue;
      g_string_append_printf (line, "%s%s %" G_GUINT64_FORMAT, first ? "" : ", ",
                              hub_verdict_to_string ((HubVerdict)v), counts[v]);
      first = FALSE;
    }
  g_string_append (line, ")");
  g_print ("%s\n", line->str);
}

int
main (int argc, char *argv[])
{
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) input = NULL;
  g_autoptr (GArray) units = NULL;
  g_autoptr (HubGate) gate = NULL;
  g_auto (HubTrustRoots) roots = { 0 };
  guint8 public_key[HUB_PUBLIC_KEY_SIZE];
  guint8 nonce[HUB_NONCE_SIZE];
  guint64 counts[HUB_N_VERDICTS] = { 0 };
  HubDeviceCert cert = { 0 };
  const guint8 *data;
  gsize len;

  setlocale (LC_ALL, "");
  g_set_prgname ("hubview-verify");

  context = g_option_context_new ("FILE|-");
  g_option_context_set_summary (context,
                                "Verifies the signed frames of an H.264 Annex-B stream for one "
                                "camera and session,\nas the hub does before it shows a frame.");
  g_option_context_set_description (
      context, "The key comes either from --public-key, or from --certificate checked against\n"
               "one or more --trust-root files (at the current time, for --device-id).\n\n"
               "Exit status: 0 every unit passed, 1 a unit was dropped or there was none,\n"
               "2 usage error, unreadable input or a certificate that does not verify.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return usage_error (context, error->message);

  if (opt_files == NULL || opt_files[0] == NULL)
    return usage_error (context, "no input: give a FILE, or - for standard input");
  if (opt_files[1] != NULL)
    return usage_error (context, "only one input FILE at a time");
  if (opt_device_id == NULL)
    return usage_error (context, "--device-id is required");
  if (!hub_device_id_is_valid (opt_device_id, strlen (opt_device_id)))
    return usage_error (context, "--device-id: 1 to 64 characters of [A-Za-z0-9._:-]");
  if (opt_nonce == NULL)
    return usage_error (context, "--nonce is required");
  if (!is_hex_string (opt_nonce, 2 * HUB_NONCE_SIZE)
      || !hub_hex_decode (opt_nonce, nonce, HUB_NONCE_SIZE))
    return usage_error (context, "--nonce: expected 32 hex digits (16 bytes)");
  if ((opt_public_key != NULL) == (opt_certificate != NULL))
    return usage_error (context, "give exactly one of --public-key and --certificate");
  if (opt_certificate == NULL && opt_trust_roots != NULL)
    return usage_error (context, "--trust-root only goes with --certificate");

  if (opt_public_key != NULL)
    {
      if (!parse_public_key (opt_public_key, public_key))
        return usage_error (context, "--public-key: expected 64 hex digits or base64 of 32 bytes");
    }
  else
    {
      HubCertResult result;

      if (opt_trust_roots == NULL || opt_trust_roots[0] == NULL)
        return usage_error (context, "--certificate needs at least one --trust-root FILE");

      hub_trust_roots_init (&roots);
      for (guint i = 0; opt_trust_roots[i] != NULL; i++)
        {
          char err[512] = "";

          if (!hub_trust_roots_add_file (&roots, opt_trust_roots[i], err, sizeof err))
            {
              g_printerr ("hubview-verify: cannot load trust root: %s\n", err);
              return EXIT_USAGE;
            }
        }

      if (!hub_device_cert_decode_base64 (opt_certificate, &cert))
        result = HUB_CERT_MALFORMED;
      else
        result = hub_device_cert_verify (&cert, &roots, g_get_real_time () / G_USEC_PER_SEC,
                                         opt_device_id);
      if (result != HUB_CERT_OK)
        {
          g_autofree char *detail = cert_failure_detail (result, &cert);

          g_printerr ("hubview-verify: certificate rejected: %s%s\n", cert_failure_message (result),
                      detail);
          return EXIT_USAGE;
        }
      memcpy (public_key, cert.public_key, HUB_PUBLIC_KEY_SIZE);
    }

  input = read_input (opt_files[0], &error);
  if (input == NULL)
    {
      g_printerr ("hubview-verify: cannot read %s: %s\n",
                  g_strcmp0 (opt_files[0], "-") == 0 ? "standard input" : opt_files[0],
                  error->message);
      return EXIT_USAGE;
    }

  if (!opt_json && opt_certificate != NULL)
    {
      g_autofree char *until = format_time (cert.not_after);

      g_print ("certificate: %s (%s), valid until %s\n", cert.device_id,
               cert.model_len > 0 ? cert.model : "no model", until);
    }

  units = g_array_new (FALSE, FALSE, sizeof (VerifyUnit));
  gate = hub_gate_new (opt_device_id, public_key, nonce, on_unit, units);
  if (gate == NULL)
    {
      g_printerr ("hubview-verify: cannot create the verify gate\n");
      return EXIT_USAGE;
    }

  data = g_bytes_get_data (input, &len);
  hub_gate_push_annexb (gate, data, len);
  hub_gate_finish (gate);

  for (guint i = 0; i < units->len; i++)
    {
      HubVerdict v = g_array_index (units, VerifyUnit, i).verdict;

      g_return_val_if_fail ((int)v >= 0 && v < HUB_N_VERDICTS, EXIT_USAGE);
      counts[v]++;
    }

  if (opt_json)
    print_json (units, counts);
  else
    print_text (units, counts);

  if (fflush (stdout) != 0)
    return EXIT_USAGE;

  if (units->len == 0)
    return EXIT_DROPPED;
  return counts[HUB_VERDICT_PASS] == units->len ? EXIT_ALL_PASSED : EXIT_DROPPED;
}
