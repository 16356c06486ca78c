/* test-verify-cli.c — the hubview-verify binary on the signed clips of tests/data
 *
 * Spawns the real program and checks its output line by line against the
 * expected verdict of every unit in streams.json, its exit status, and the
 * certificate path (trust roots, issuer, validity, device ID).
 */
#include "hub-test-support.h"

#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "hub-annexb.h"
#include "hub-device-cert.h"
#include "hub-gate.h"

typedef struct
{
  int status; /* exit status, -1 when the program did not exit normally */
  char *out;
  char *err;
} RunResult;

static void
run_result_clear (RunResult *r)
{
  g_clear_pointer (&r->out, g_free);
  g_clear_pointer (&r->err, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (RunResult, run_result_clear)

static char *
bytes_to_string (GBytes *bytes)
{
  gsize len = 0;
  const char *data = bytes ? g_bytes_get_data (bytes, &len) : NULL;

  return g_strndup (data ? data : "", len);
}

/* Runs hubview-verify with @args (NULL-terminated), feeding @stdin_bytes
 * when not NULL. */
static void
run_verify (const char *const *args, GBytes *stdin_bytes, RunResult *result)
{
  g_autofree char *path = hub_test_build_path ("tools/hubview-verify");
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_autoptr (GSubprocess) proc = NULL;
  g_autoptr (GBytes) out = NULL;
  g_autoptr (GBytes) err = NULL;
  g_autoptr (GError) error = NULL;
  GSubprocessFlags flags = G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE;

  g_ptr_array_add (argv, path);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer)args[i]);
  g_ptr_array_add (argv, NULL);

  if (stdin_bytes != NULL)
    flags |= G_SUBPROCESS_FLAGS_STDIN_PIPE;
  proc = g_subprocess_newv ((const char *const *)argv->pdata, flags, &error);
  g_assert_no_error (error);
  g_subprocess_communicate (proc, stdin_bytes, NULL, &out, &err, &error);
  g_assert_no_error (error);

  result->out = bytes_to_string (out);
  result->err = bytes_to_string (err);
  result->status = g_subprocess_get_if_exited (proc) ? g_subprocess_get_exit_status (proc) : -1;
  if (g_test_verbose ())
    g_test_message ("exit %d\nstdout:\n%s\nstderr:\n%s", result->status, result->out, result->err);
}

static JsonObject *
streams_root (JsonNode **holder)
{
  *holder = hub_test_load_json ("streams.json");
  return json_node_get_object (*holder);
}

static JsonObject *
keys_root (JsonNode **holder)
{
  *holder = hub_test_load_json ("keys.json");
  return json_node_get_object (*holder);
}

/* Writes @content to a new temporary file; returns its path. */
static char *
write_temp_file (const char *content)
{
  g_autoptr (GError) error = NULL;
  char *path = NULL;
  int fd = g_file_open_tmp ("hub-verify-cli-XXXXXX.pub", &path, &error);

  g_assert_no_error (error);
  close (fd);
  g_file_set_contents (path, content, -1, &error);
  g_assert_no_error (error);
  return path;
}

static char *
hex_to_base64 (const char *hex)
{
  gsize len = 0;
  g_autofree guint8 *bin = hub_test_hex (hex, &len);

  return g_base64_encode (bin, len);
}

/* Demo root key pair from keys.json (the demo root's secret is public). */
static void
demo_root_keys (guint8 pk[crypto_sign_PUBLICKEYBYTES], guint8 sk[crypto_sign_SECRETKEYBYTES])
{
  g_autoptr (JsonNode) holder = NULL;
  JsonObject *root = json_object_get_object_member (keys_root (&holder), "root");
  gsize len = 0;
  g_autofree guint8 *seed = hub_test_hex (json_object_get_string_member (root, "seed"), &len);

  g_assert_cmpuint (len, ==, crypto_sign_SEEDBYTES);
  g_assert_cmpint (sodium_init (), >=, 0);
  g_assert_cmpint (crypto_sign_seed_keypair (pk, sk, seed), ==, 0);
}

/* A temporary trust-root file with the demo root's public key. */
static char *
demo_root_file (void)
{
  g_autoptr (JsonNode) holder = NULL;
  JsonObject *root = json_object_get_object_member (keys_root (&holder), "root");
  g_autofree char *line
      = g_strdup_printf ("%s\n", json_object_get_string_member (root, "public_b64"));

  return write_temp_file (line);
}

static const char *
verdict_of_line (const char *line, guint index)
{
  static char verdict[64];
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;
  JsonObject *obj;

  json_parser_load_from_data (parser, line, -1, &error);
  g_assert_no_error (error);
  obj = json_node_get_object (json_parser_get_root (parser));
  g_assert_nonnull (obj);
  g_assert_cmpuint (json_object_get_size (obj), ==, 4);
  g_assert_cmpint (json_object_get_int_member (obj, "au"), ==, index);
  g_assert_true (json_object_has_member (obj, "counter"));
  g_assert_true (JSON_NODE_HOLDS_VALUE (json_object_get_member (obj, "idr"))
                 && json_node_get_value_type (json_object_get_member (obj, "idr"))
                        == G_TYPE_BOOLEAN);
  g_strlcpy (verdict, json_object_get_string_member (obj, "verdict"), sizeof verdict);
  return verdict;
}

/* Checks --json output @out against the list @expected of verdict names;
 * @n_null_counters: how many lines must have "counter": null (-1: no check). */
static void
check_json_output (const char *out, JsonArray *expected, int n_null_counters)
{
  g_auto (GStrv) lines = g_strsplit (out, "\n", -1);
  guint n = json_array_get_length (expected);
  g_autoptr (GHashTable) counts = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GRegex) line_re = g_regex_new ("^\\{\"au\": [0-9]+, \"counter\": ([0-9]+|null), "
                                            "\"idr\": (true|false), \"verdict\": \"[a-z-]+\"\\}$",
                                            G_REGEX_DEFAULT, G_REGEX_MATCH_DEFAULT, NULL);
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;
  JsonObject *summary;
  guint64 summary_total = 0;
  int n_null = 0;

  /* n unit lines, one summary line, then the empty string after the last \n */
  g_assert_cmpuint (g_strv_length (lines), ==, n + 2);
  g_assert_cmpstr (lines[n + 1], ==, "");

  for (guint i = 0; i < n; i++)
    {
      const char *want = json_array_get_string_element (expected, i);

      if (!g_regex_match (line_re, lines[i], G_REGEX_MATCH_DEFAULT, NULL))
        g_error ("line %u not in the expected form: %s", i, lines[i]);
      g_assert_cmpstr (verdict_of_line (lines[i], i), ==, want);
      if (strstr (lines[i], "\"counter\": null") != NULL)
        n_null++;
      g_hash_table_insert (
          counts, (gpointer)want,
          GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (counts, want)) + 1));
    }
  if (n_null_counters >= 0)
    g_assert_cmpint (n_null, ==, n_null_counters);

  /* summary: pass always, other reasons only when n > 0, counts right */
  json_parser_load_from_data (parser, lines[n], -1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_object_get_size (json_node_get_object (json_parser_get_root (parser))), ==,
                    1);
  summary = json_object_get_object_member (json_node_get_object (json_parser_get_root (parser)),
                                           "summary");
  g_assert_nonnull (summary);
  g_assert_true (json_object_has_member (summary, "pass"));
  g_assert_cmpuint (json_object_get_size (summary), ==,
                    g_hash_table_size (counts) + (g_hash_table_contains (counts, "pass") ? 0 : 1));
  g_assert_true (g_str_has_prefix (lines[n], "{\"summary\": {\"pass\": "));
  {
    g_autoptr (GList) members = json_object_get_members (summary);

    for (GList *l = members; l != NULL; l = l->next)
      {
        const char *name = l->data;
        gint64 value = json_object_get_int_member (summary, name);

        g_assert_cmpint (hub_verdict_from_string (name), <, HUB_N_VERDICTS);
        g_assert_cmpint (value, ==, GPOINTER_TO_UINT (g_hash_table_lookup (counts, name)));
        if (g_strcmp0 (name, "pass") != 0)
          g_assert_cmpint (value, >, 0);
        summary_total += value;
      }
  }
  g_assert_cmpuint (summary_total, ==, n);
}

static gboolean
all_pass (JsonArray *expected)
{
  for (guint i = 0; i < json_array_get_length (expected); i++)
    if (g_strcmp0 (json_array_get_string_element (expected, i), "pass") != 0)
      return FALSE;
  return TRUE;
}

/* Runs one clip of streams.json with --json and the public key in hex. */
static void
check_clip (const char *name)
{
  g_autoptr (JsonNode) holder = NULL;
  JsonObject *streams = streams_root (&holder);
  JsonObject *stream
      = json_object_get_object_member (json_object_get_object_member (streams, "streams"), name);
  JsonArray *expected = json_object_get_array_member (stream, "expected");
  g_autofree char *file = hub_test_data_path (json_object_get_string_member (stream, "file"));
  const char *args[] = { "--json",
                         "--device-id",
                         json_object_get_string_member (streams, "device_id"),
                         "--nonce",
                         json_object_get_string_member (streams, "nonce_hex"),
                         "--public-key",
                         json_object_get_string_member (streams, "public_hex"),
                         file,
                         NULL };
  g_auto (RunResult) r = { 0 };

  run_verify (args, NULL, &r);
  check_json_output (r.out, expected, 0);
  g_assert_cmpint (r.status, ==, all_pass (expected) ? 0 : 1);
}

static void
test_json_valid (void)
{
  check_clip ("valid");
}

static void
test_json_tamper (void)
{
  check_clip ("tamper");
}

static void
test_json_cross_feed (void)
{
  check_clip ("cross-feed");
}

static void
test_json_relay_repeats_params (void)
{
  check_clip ("relay-repeats-params");
}

/* Every clip of streams.json is covered by one of the tests above. */
static void
test_json_all_clips_listed (void)
{
  static const char *const known[]
      = { "valid", "tamper", "cross-feed", "relay-repeats-params", NULL };
  g_autoptr (JsonNode) holder = NULL;
  JsonObject *streams = json_object_get_object_member (streams_root (&holder), "streams");
  g_autoptr (GList) names = json_object_get_members (streams);

  for (GList *l = names; l != NULL; l = l->next)
    g_assert_true (g_strv_contains (known, l->data));
}

/* Reads the expected list of one clip into a new GStrv-like array. */
static JsonArray *
expected_of (JsonObject *streams, const char *name)
{
  JsonObject *stream
      = json_object_get_object_member (json_object_get_object_member (streams, "streams"), name);

  return json_object_get_array_member (stream, "expected");
}

static void
test_certificate_trust_root (void)
{
  g_autoptr (JsonNode) holder = NULL;
  JsonObject *streams = streams_root (&holder);
  g_autofree char *root = demo_root_file ();
  g_autofree char *file = hub_test_data_path ("valid.h264");
  const char *args[] = { "--json",
                         "--device-id",
                         json_object_get_string_member (streams, "device_id"),
                         "--nonce",
                         json_object_get_string_member (streams, "nonce_hex"),
                         "--certificate",
                         json_object_get_string_member (streams, "certificate_b64"),
                         "--trust-root",
                         root,
                         file,
                         NULL };
  g_auto (RunResult) r = { 0 };

  run_verify (args, NULL, &r);
  g_assert_cmpint (r.status, ==, 0);
  check_json_output (r.out, expected_of (streams, "valid"), 0);
  g_unlink (root);
}

/* A second, unrelated root listed first does not get in the way. */
static void
test_certificate_several_roots (void)
{
  g_autoptr (JsonNode) holder = NULL;
  JsonObject *streams = streams_root (&holder);
  g_autofree char *other = write_temp_file ("tZKOY73HsF8wnk5N/f9wcuLQAaDJEHJmwNMrF4khs6A=\n");
  g_autofree char *root = demo_root_file ();
  g_autofree char *file = hub_test_data_path ("tamper.h264");
  const char *args[] = { "--json",
                         "--device-id",
                         json_object_get_string_member (streams, "device_id"),
                         "--nonce",
                         json_object_get_string_member (streams, "nonce_hex"),
                         "--certificate",
                         json_object_get_string_member (streams, "certificate_b64"),
                         "--trust-root",
                         other,
                         "--trust-root",
                         root,
                         file,
                         NULL };
  g_auto (RunResult) r = { 0 };

  run_verify (args, NULL, &r);
  g_assert_cmpint (r.status, ==, 1);
  check_json_output (r.out, expected_of (streams, "tamper"), 0);
  g_unlink (other);
  g_unlink (root);
}

/* Runs valid.h264 with --certificate @cert_b64 checked against @root_file
 * for @device_id; expects exit 2 and @message on stderr. */
static void
check_certificate_rejected (const char *cert_b64, const char *root_file, const char *device_id,
                            const char *message)
{
  g_autoptr (JsonNode) holder = NULL;
  JsonObject *streams = streams_root (&holder);
  g_autofree char *file = hub_test_data_path ("valid.h264");
  const char *args[] = { "--json",
                         "--device-id",
                         device_id,
                         "--nonce",
                         json_object_get_string_member (streams, "nonce_hex"),
                         "--certificate",
                         cert_b64,
                         "--trust-root",
                         root_file,
                         file,
                         NULL };
  g_auto (RunResult) r = { 0 };

  run_verify (args, NULL, &r);
  g_assert_cmpint (r.status, ==, 2);
  g_assert_cmpstr (r.out, ==, "");
  if (strstr (r.err, message) == NULL)
    g_error ("stderr does not say \"%s\": %s", message, r.err);
}

static void
test_certificate_wrong_root (void)
{
  g_autoptr (JsonNode) holder = NULL;
  JsonObject *streams = streams_root (&holder);
  /* cam-garage's device key: a valid Ed25519 key, but no root of this cert */
  g_autofree char *wrong = write_temp_file ("tZKOY73HsF8wnk5N/f9wcuLQAaDJEHJmwNMrF4khs6A=\n");

  check_certificate_rejected (json_object_get_string_member (streams, "certificate_b64"), wrong,
                              json_object_get_string_member (streams, "device_id"),
                              "unknown issuer");
  g_unlink (wrong);
}

static void
test_certificate_wrong_device (void)
{
  g_autoptr (JsonNode) holder = NULL;
  JsonObject *keys = keys_root (&holder);
  JsonObject *garage = json_object_get_object_member (
      json_object_get_object_member (keys, "devices"), "cam-garage");
  g_autofree char *root = demo_root_file ();

  /* a genuine certificate, but of cam-garage, for a stream of cam-frontdoor */
  check_certificate_rejected (json_object_get_string_member (garage, "certificate_b64"), root,
                              "cam-frontdoor", "device ID mismatch");
  g_unlink (root);
}

static void
test_certificate_bad_signature (void)
{
  g_autoptr (JsonNode) holder = NULL;
  JsonObject *streams = streams_root (&holder);
  g_autofree char *root = demo_root_file ();
  gsize len = 0;
  g_autofree guint8 *bytes
      = g_base64_decode (json_object_get_string_member (streams, "certificate_b64"), &len);
  g_autofree char *tampered = NULL;

  g_assert_cmpuint (len, >, 64);
  bytes[len - 64 - 2] ^= 0x01; /* one bit of the model name */
  tampered = g_base64_encode (bytes, len);
  check_certificate_rejected (tampered, root, json_object_get_string_member (streams, "device_id"),
                              "bad signature");
  g_unlink (root);
}

static void
test_certificate_malformed (void)
{
  g_autoptr (JsonNode) holder = NULL;
  JsonObject *streams = streams_root (&holder);
  g_autofree char *root = demo_root_file ();

  check_certificate_rejected ("AAAA", root, json_object_get_string_member (streams, "device_id"),
                              "malformed");
  check_certificate_rejected ("not base64 at all!", root,
                              json_object_get_string_member (streams, "device_id"), "malformed");
  g_unlink (root);
}

/* Signs a cam-frontdoor certificate with the demo root, valid in
 * [@not_before, @not_after]; returns it in base64. */
static char *
make_certificate (guint64 not_before, guint64 not_after)
{
  g_autoptr (JsonNode) holder = NULL;
  JsonObject *streams = streams_root (&holder);
  guint8 root_pk[crypto_sign_PUBLICKEYBYTES], root_sk[crypto_sign_SECRETKEYBYTES];
  guint8 buf[HUB_CERT_MAX_SIZE];
  HubDeviceCert cert = { 0 };
  const char *device_id = json_object_get_string_member (streams, "device_id");
  gsize pk_len = 0, len;
  g_autofree guint8 *pk
      = hub_test_hex (json_object_get_string_member (streams, "public_hex"), &pk_len);

  demo_root_keys (root_pk, root_sk);
  cert.version = 1;
  memcpy (cert.public_key, pk, HUB_PUBLIC_KEY_SIZE);
  cert.not_before = not_before;
  cert.not_after = not_after;
  cert.device_id_len = strlen (device_id);
  g_strlcpy (cert.device_id, device_id, sizeof cert.device_id);
  cert.model_len = strlen ("Test Cam");
  g_strlcpy (cert.model, "Test Cam", sizeof cert.model);
  g_assert_true (hub_device_cert_sign (&cert, root_sk));
  len = hub_device_cert_encode (&cert, buf);
  g_assert_cmpuint (len, >, 0);
  sodium_memzero (root_sk, sizeof root_sk);
  return g_base64_encode (buf, len);
}

static void
test_certificate_expired (void)
{
  g_autoptr (JsonNode) holder = NULL;
  JsonObject *streams = streams_root (&holder);
  g_autofree char *root = demo_root_file ();
  guint64 now = g_get_real_time () / G_USEC_PER_SEC;
  g_autofree char *expired = make_certificate (now - 7200, now - 3600);
  g_autofree char *current = make_certificate (now - 3600, now + 3600);

  check_certificate_rejected (expired, root, json_object_get_string_member (streams, "device_id"),
                              "expired");
  /* the same certificate, valid now, is accepted: the test signs properly */
  {
    g_autofree char *file = hub_test_data_path ("valid.h264");
    const char *args[] = { "--json",
                           "--device-id",
                           json_object_get_string_member (streams, "device_id"),
                           "--nonce",
                           json_object_get_string_member (streams, "nonce_hex"),
                           "--certificate",
                           current,
                           "--trust-root",
                           root,
                           file,
                           NULL };
    g_auto (RunResult) r = { 0 };

    run_verify (args, NULL, &r);
    g_assert_cmpint (r.status, ==, 0);
  }
  g_unlink (root);
}

static void
test_certificate_not_yet_valid (void)
{
  g_autoptr (JsonNode) holder = NULL;
  JsonObject *streams = streams_root (&holder);
  g_autofree char *root = demo_root_file ();
  guint64 now = g_get_real_time () / G_USEC_PER_SEC;
  g_autofree char *future = make_certificate (now + 3600, now + 7200);

  check_certificate_rejected (future, root, json_object_get_string_member (streams, "device_id"),
                              "not yet valid");
  g_unlink (root);
}

static void
test_certificate_unreadable_root (void)
{
  g_autoptr (JsonNode) holder = NULL;
  JsonObject *streams = streams_root (&holder);
  g_autofree char *garbage = write_temp_file ("this is not a key\n");

  check_certificate_rejected (
      json_object_get_string_member (streams, "certificate_b64"), "/nonexistent/hubview/root.pub",
      json_object_get_string_member (streams, "device_id"), "/nonexistent/hubview/root.pub");
  check_certificate_rejected (json_object_get_string_member (streams, "certificate_b64"), garbage,
                              json_object_get_string_member (streams, "device_id"), "trust root");
  g_unlink (garbage);
}

/* Runs with the given options (public key in hex unless @args say
 * otherwise) and expects a usage error. */
static void
check_usage_error (const char *const *args, const char *message)
{
  g_auto (RunResult) r = { 0 };

  run_verify (args, NULL, &r);
  g_assert_cmpint (r.status, ==, 2);
  g_assert_cmpstr (r.out, ==, "");
  if (message != NULL && strstr (r.err, message) == NULL)
    g_error ("stderr does not say \"%s\": %s", message, r.err);
}

static void
test_missing_file (void)
{
  g_autoptr (JsonNode) holder = NULL;
  JsonObject *streams = streams_root (&holder);
  const char *args[] = { "--device-id",
                         json_object_get_string_member (streams, "device_id"),
                         "--nonce",
                         json_object_get_string_member (streams, "nonce_hex"),
                         "--public-key",
                         json_object_get_string_member (streams, "public_hex"),
                         "/nonexistent/hubview/clip.h264",
                         NULL };

  check_usage_error (args, "/nonexistent/hubview/clip.h264");
}

static void
test_bad_nonce (void)
{
  g_autoptr (JsonNode) holder = NULL;
  JsonObject *streams = streams_root (&holder);
  g_autofree char *file = hub_test_data_path ("valid.h264");
  const char *bad_nonces[] = {
    "000102030405060708090a0b0c0d0e0g",   /* not hex */
    "000102030405060708090a0b0c0d0e",     /* 15 bytes */
    "000102030405060708090a0b0c0d0e0f00", /* 17 bytes */
    "",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad_nonces); i++)
    {
      const char *args[] = { "--device-id",  json_object_get_string_member (streams, "device_id"),
                             "--nonce",      bad_nonces[i],
                             "--public-key", json_object_get_string_member (streams, "public_hex"),
                             file,           NULL };

      check_usage_error (args, "--nonce");
    }
}

static void
test_bad_public_key (void)
{
  g_autoptr (JsonNode) holder = NULL;
  JsonObject *streams = streams_root (&holder);
  g_autofree char *file = hub_test_data_path ("valid.h264");
  const char *bad_keys[] = {
    "7280292c07877b3cbc1bd6b99a4fd777289226bd25e91ba380080b1b579fe1", /* 31 bytes hex */
    "ZA6Wmy9+N2EcOKI7Q6DX1l19+vIx8sEbvHQazauim58AAA==",               /* 34 bytes */
    "not-a-key",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad_keys); i++)
    {
      const char *args[] = { "--device-id",  json_object_get_string_member (streams, "device_id"),
                             "--nonce",      json_object_get_string_member (streams, "nonce_hex"),
                             "--public-key", bad_keys[i],
                             file,           NULL };

      check_usage_error (args, "--public-key");
    }
}

static void
test_usage_errors (void)
{
  g_autoptr (JsonNode) holder = NULL;
  JsonObject *streams = streams_root (&holder);
  g_autofree char *file = hub_test_data_path ("valid.h264");
  const char *device = json_object_get_string_member (streams, "device_id");
  const char *nonce = json_object_get_string_member (streams, "nonce_hex");
  const char *key = json_object_get_string_member (streams, "public_hex");
  const char *cert = json_object_get_string_member (streams, "certificate_b64");
  const char *no_file[] = { "--device-id", device, "--nonce", nonce, "--public-key", key, NULL };
  const char *two_files[]
      = { "--device-id", device, "--nonce", nonce, "--public-key", key, file, file, NULL };
  const char *no_device[] = { "--nonce", nonce, "--public-key", key, file, NULL };
  const char *bad_device[]
      = { "--device-id", "cam front", "--nonce", nonce, "--public-key", key, file, NULL };
  const char *no_nonce[] = { "--device-id", device, "--public-key", key, file, NULL };
  const char *no_key[] = { "--device-id", device, "--nonce", nonce, file, NULL };
  const char *both[]
      = { "--device-id",   device, "--nonce",      nonce,       "--public-key", key,
          "--certificate", cert,   "--trust-root", "/dev/null", file,           NULL };
  const char *no_root[]
      = { "--device-id", device, "--nonce", nonce, "--certificate", cert, file, NULL };
  const char *root_no_cert[] = { "--device-id", device,         "--nonce",   nonce, "--public-key",
                                 key,           "--trust-root", "/dev/null", file,  NULL };
  const char *unknown[] = { "--no-such-option", NULL };

  check_usage_error (no_file, "FILE");
  check_usage_error (two_files, "one input");
  check_usage_error (no_device, "--device-id");
  check_usage_error (bad_device, "--device-id");
  check_usage_error (no_nonce, "--nonce");
  check_usage_error (no_key, "--public-key");
  check_usage_error (both, "exactly one");
  check_usage_error (no_root, "--trust-root");
  check_usage_error (root_no_cert, "--trust-root");
  check_usage_error (unknown, NULL);
}

static void
test_stdin (void)
{
  g_autoptr (JsonNode) holder = NULL;
  JsonObject *streams = streams_root (&holder);
  g_autoptr (GBytes) clip = hub_test_load_data ("tamper.h264");
  const char *args[] = { "--json",
                         "--device-id",
                         json_object_get_string_member (streams, "device_id"),
                         "--nonce",
                         json_object_get_string_member (streams, "nonce_hex"),
                         "--public-key",
                         json_object_get_string_member (streams, "public_hex"),
                         "-",
                         NULL };
  g_auto (RunResult) r = { 0 };

  run_verify (args, clip, &r);
  g_assert_cmpint (r.status, ==, 1);
  check_json_output (r.out, expected_of (streams, "tamper"), 0);
}

static void
test_public_key_base64 (void)
{
  g_autoptr (JsonNode) holder = NULL;
  JsonObject *streams = streams_root (&holder);
  g_autofree char *b64 = hex_to_base64 (json_object_get_string_member (streams, "public_hex"));
  g_autofree char *unpadded = g_strndup (b64, strcspn (b64, "="));
  g_autofree char *file = hub_test_data_path ("valid.h264");
  const char *keys[] = { b64, unpadded };

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      const char *args[] = { "--json",
                             "--device-id",
                             json_object_get_string_member (streams, "device_id"),
                             "--nonce",
                             json_object_get_string_member (streams, "nonce_hex"),
                             "--public-key",
                             keys[i],
                             file,
                             NULL };
      g_auto (RunResult) r = { 0 };

      run_verify (args, NULL, &r);
      g_assert_cmpint (r.status, ==, 0);
      check_json_output (r.out, expected_of (streams, "valid"), 0);
    }
}

/* The wrong nonce: every unit fails as wrong-session (none is valid, so the
 * gate never opens and no unit reaches the later checks). */
static void
test_wrong_nonce (void)
{
  g_autoptr (JsonNode) holder = NULL;
  JsonObject *streams = streams_root (&holder);
  g_autofree char *file = hub_test_data_path ("valid.h264");
  const char *args[] = { "--json",
                         "--device-id",
                         json_object_get_string_member (streams, "device_id"),
                         "--nonce",
                         "ffffffffffffffffffffffffffffffff",
                         "--public-key",
                         json_object_get_string_member (streams, "public_hex"),
                         file,
                         NULL };
  g_auto (RunResult) r = { 0 };
  g_autoptr (JsonArray) expected = json_array_new ();

  for (guint i = 0; i < 60; i++)
    json_array_add_string_element (expected, "wrong-session");
  run_verify (args, NULL, &r);
  g_assert_cmpint (r.status, ==, 1);
  check_json_output (r.out, expected, 0);
}

/* The same clip without its tag SEIs: no-tag units, with "counter": null. */
static void
test_no_tag (void)
{
  g_autoptr (JsonNode) holder = NULL;
  JsonObject *streams = streams_root (&holder);
  g_autoptr (GBytes) clip = hub_test_load_data ("valid.h264");
  g_autoptr (GByteArray) stripped = g_byte_array_new ();
  g_autoptr (JsonArray) expected = json_array_new ();
  static const guint8 start_code[] = { 0, 0, 0, 1 };
  gsize len = 0;
  const guint8 *data = g_bytes_get_data (clip, &len);
  size_t offset = 0;
  HubNal nal;
  guint n_pictures = 0;
  const char *args[] = { "--json",
                         "--device-id",
                         json_object_get_string_member (streams, "device_id"),
                         "--nonce",
                         json_object_get_string_member (streams, "nonce_hex"),
                         "--public-key",
                         json_object_get_string_member (streams, "public_hex"),
                         "-",
                         NULL };
  g_auto (RunResult) r = { 0 };
  g_autoptr (GBytes) input = NULL;

  while (hub_annexb_next_nal (data, len, &offset, &nal))
    {
      int type = hub_nal_type (nal.data, nal.size);
      uint8_t tag[HUB_TAG_MAX_SIZE];
      size_t tag_len = 0;
      uint32_t first_mb = 1;

      if (type == HUB_NAL_SEI
          && hub_sei_find_tag (nal.data, nal.size, tag, sizeof tag, &tag_len) != HUB_SEI_NO_TAG)
        continue;
      if (hub_nal_type_is_vcl (type) && hub_slice_first_mb (nal.data, nal.size, &first_mb)
          && first_mb == 0)
        n_pictures++;
      g_byte_array_append (stripped, start_code, sizeof start_code);
      g_byte_array_append (stripped, nal.data, nal.size);
    }
  g_assert_cmpuint (n_pictures, >, 0);
  for (guint i = 0; i < n_pictures; i++)
    json_array_add_string_element (expected, "no-tag");

  input = g_byte_array_free_to_bytes (g_steal_pointer (&stripped));
  run_verify (args, input, &r);
  g_assert_cmpint (r.status, ==, 1);
  check_json_output (r.out, expected, n_pictures);
}

/* No unit at all is not "every unit passed". */
static void
test_empty_input (void)
{
  g_autoptr (JsonNode) holder = NULL;
  JsonObject *streams = streams_root (&holder);
  g_autoptr (GBytes) empty = g_bytes_new_static ("", 0);
  const char *json_args[] = { "--json",
                              "--device-id",
                              json_object_get_string_member (streams, "device_id"),
                              "--nonce",
                              json_object_get_string_member (streams, "nonce_hex"),
                              "--public-key",
                              json_object_get_string_member (streams, "public_hex"),
                              "-",
                              NULL };
  g_auto (RunResult) r = { 0 };
  g_auto (RunResult) t = { 0 };

  run_verify (json_args, empty, &r);
  g_assert_cmpint (r.status, ==, 1);
  g_assert_cmpstr (r.out, ==, "{\"summary\": {\"pass\": 0}}\n");

  run_verify (json_args + 1, empty, &t);
  g_assert_cmpint (t.status, ==, 1);
  g_assert_nonnull (strstr (t.out, "verdict: no units"));
}

/* Text mode: a header, one aligned row per unit, and the verdict line. */
static void
check_text (const char *name, const char *verdict_line)
{
  g_autoptr (JsonNode) holder = NULL;
  JsonObject *streams = streams_root (&holder);
  JsonArray *expected = expected_of (streams, name);
  g_autofree char *file_name = g_strdup_printf ("%s.h264", name);
  g_autofree char *file = hub_test_data_path (file_name);
  const char *args[] = { "--device-id",  json_object_get_string_member (streams, "device_id"),
                         "--nonce",      json_object_get_string_member (streams, "nonce_hex"),
                         "--public-key", json_object_get_string_member (streams, "public_hex"),
                         file,           NULL };
  g_auto (RunResult) r = { 0 };
  g_auto (GStrv) lines = NULL;
  guint n = json_array_get_length (expected);
  gsize width;

  run_verify (args, NULL, &r);
  g_assert_cmpint (r.status, ==, all_pass (expected) ? 0 : 1);
  lines = g_strsplit (r.out, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, n + 3);
  g_assert_true (g_regex_match_simple ("^ *au +counter +idr +verdict$", lines[0], 0, 0));
  width = strlen (lines[0]) - strlen ("verdict");
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *row = g_strstrip (g_strdup (lines[i + 1]));
      g_auto (GStrv) cols = g_strsplit (row, " ", -1);
      g_autofree char *au = g_strdup_printf ("%u", i);
      const char *want = json_array_get_string_element (expected, i);

      /* aligned: the verdict column starts where the header's does */
      g_assert_cmpstr (lines[i + 1] + width, ==, want);
      g_assert_cmpint (lines[i + 1][width - 1], ==, ' ');
      g_assert_cmpstr (cols[0], ==, au);
    }
  g_assert_cmpstr (lines[n + 1], ==, verdict_line);
  g_assert_cmpstr (lines[n + 2], ==, "");
}

static void
test_text_valid (void)
{
  check_text ("valid", "verdict: all 60 units passed");
}

static void
test_text_tamper (void)
{
  check_text ("tamper", "verdict: 8 of 60 units dropped (bad-digest 1, wait-keyframe 7)");
}

static void
test_text_cross_feed (void)
{
  check_text ("cross-feed", "verdict: 10 of 60 units dropped (unknown-key 10)");
}

/* Text mode with a certificate names the certified device. */
static void
test_text_certificate (void)
{
  g_autoptr (JsonNode) holder = NULL;
  JsonObject *streams = streams_root (&holder);
  g_autofree char *root = demo_root_file ();
  g_autofree char *file = hub_test_data_path ("valid.h264");
  const char *args[] = { "--device-id",
                         json_object_get_string_member (streams, "device_id"),
                         "--nonce",
                         json_object_get_string_member (streams, "nonce_hex"),
                         "--certificate",
                         json_object_get_string_member (streams, "certificate_b64"),
                         "--trust-root",
                         root,
                         file,
                         NULL };
  g_auto (RunResult) r = { 0 };

  run_verify (args, NULL, &r);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_true (g_str_has_prefix (r.out, "certificate: cam-frontdoor (Demo Cam 1080p)"));
  g_assert_nonnull (strstr (r.out, "\nverdict: all 60 units passed\n"));
  g_unlink (root);
}

static void
test_help (void)
{
  const char *args[] = { "--help", NULL };
  g_auto (RunResult) r = { 0 };

  run_verify (args, NULL, &r);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "--device-id"));
  g_assert_nonnull (strstr (r.out, "--trust-root"));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/hub/verify-cli/json/valid", test_json_valid);
  g_test_add_func ("/hub/verify-cli/json/tamper", test_json_tamper);
  g_test_add_func ("/hub/verify-cli/json/cross-feed", test_json_cross_feed);
  g_test_add_func ("/hub/verify-cli/json/relay-repeats-params", test_json_relay_repeats_params);
  g_test_add_func ("/hub/verify-cli/json/all-clips-listed", test_json_all_clips_listed);
  g_test_add_func ("/hub/verify-cli/json/wrong-session", test_wrong_nonce);
  g_test_add_func ("/hub/verify-cli/json/no-tag", test_no_tag);
  g_test_add_func ("/hub/verify-cli/json/empty-input", test_empty_input);
  g_test_add_func ("/hub/verify-cli/certificate/trust-root", test_certificate_trust_root);
  g_test_add_func ("/hub/verify-cli/certificate/several-roots", test_certificate_several_roots);
  g_test_add_func ("/hub/verify-cli/certificate/wrong-root", test_certificate_wrong_root);
  g_test_add_func ("/hub/verify-cli/certificate/wrong-device", test_certificate_wrong_device);
  g_test_add_func ("/hub/verify-cli/certificate/bad-signature", test_certificate_bad_signature);
  g_test_add_func ("/hub/verify-cli/certificate/malformed", test_certificate_malformed);
  g_test_add_func ("/hub/verify-cli/certificate/expired", test_certificate_expired);
  g_test_add_func ("/hub/verify-cli/certificate/not-yet-valid", test_certificate_not_yet_valid);
  g_test_add_func ("/hub/verify-cli/certificate/unreadable-root", test_certificate_unreadable_root);
  g_test_add_func ("/hub/verify-cli/missing-file", test_missing_file);
  g_test_add_func ("/hub/verify-cli/bad-nonce", test_bad_nonce);
  g_test_add_func ("/hub/verify-cli/bad-public-key", test_bad_public_key);
  g_test_add_func ("/hub/verify-cli/usage-errors", test_usage_errors);
  g_test_add_func ("/hub/verify-cli/stdin", test_stdin);
  g_test_add_func ("/hub/verify-cli/public-key-base64", test_public_key_base64);
  g_test_add_func ("/hub/verify-cli/text/valid", test_text_valid);
  g_test_add_func ("/hub/verify-cli/text/tamper", test_text_tamper);
  g_test_add_func ("/hub/verify-cli/text/cross-feed", test_text_cross_feed);
  g_test_add_func ("/hub/verify-cli/text/certificate", test_text_certificate);
  g_test_add_func ("/hub/verify-cli/help", test_help);

  return g_test_run ();
}
