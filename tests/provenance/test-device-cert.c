/* test-device-cert.c — certificates: codec, roots from a directory, validity */
#include "hub-test-support.h"

#include <glib/gstdio.h>

#include "hub-device-cert.h"

static guint8 root_pk[32], root_sk[64];

static void
make_cert (HubDeviceCert *cert, const char *id, guint64 nb, guint64 na)
{
  guint8 seed[32] = { 7 }, sk[64];

  memset (cert, 0, sizeof *cert);
  cert->version = 1;
  crypto_sign_seed_keypair (cert->public_key, sk, seed);
  cert->not_before = nb;
  cert->not_after = na;
  cert->device_id_len = strlen (id);
  strcpy (cert->device_id, id);
  cert->model_len = strlen ("Caméra");
  strcpy (cert->model, "Caméra");
  g_assert_true (hub_device_cert_sign (cert, root_sk));
}

static void
test_roundtrip (void)
{
  HubDeviceCert cert, back;
  guint8 buf[HUB_CERT_MAX_SIZE];
  gsize n;

  make_cert (&cert, "cam-x", 10, 20);
  n = hub_device_cert_encode (&cert, buf);
  g_assert_cmpuint (n, ==, 1 + 8 + 32 + 16 + 1 + 5 + 1 + strlen ("Caméra") + 64);
  g_assert_true (hub_device_cert_decode (buf, n, &back));
  g_assert_cmpmem (&cert, sizeof cert, &back, sizeof back);
  /* every truncation and one extra byte are rejected */
  for (gsize i = 0; i < n; i++)
    g_assert_false (hub_device_cert_decode (buf, i, &back));
  g_assert_false (hub_device_cert_decode (buf, n + 1, &back));
}

static void
test_malformed (void)
{
  HubDeviceCert cert, back;
  guint8 buf[HUB_CERT_MAX_SIZE];
  gsize n;

  make_cert (&cert, "cam-x", 10, 20);
  n = hub_device_cert_encode (&cert, buf);
  buf[0] = 2; /* version */
  g_assert_false (hub_device_cert_decode (buf, n, &back));
  n = hub_device_cert_encode (&cert, buf);
  buf[1 + 8 + 32 + 16 + 1] = ' '; /* device ID byte */
  g_assert_false (hub_device_cert_decode (buf, n, &back));
  n = hub_device_cert_encode (&cert, buf);
  buf[1 + 8 + 32 + 16 + 1 + 5 + 1] = 0xff; /* model not UTF-8 */
  g_assert_false (hub_device_cert_decode (buf, n, &back));
  g_assert_false (hub_device_cert_decode_base64 ("not base64!", &back));
}

static void
test_verify (void)
{
  HubDeviceCert cert;
  HubTrustRoots roots, empty;
  guint8 other_seed[32] = { 9 }, other_pk[32], other_sk[64];

  hub_trust_roots_init (&roots);
  hub_trust_roots_init (&empty);
  g_assert_true (hub_trust_roots_add (&roots, root_pk));
  make_cert (&cert, "cam-x", 100, 200);

  g_assert_cmpint (hub_device_cert_verify (&cert, &roots, 150, "cam-x"), ==, HUB_CERT_OK);
  g_assert_cmpint (hub_device_cert_verify (&cert, &roots, 100, NULL), ==, HUB_CERT_OK);
  g_assert_cmpint (hub_device_cert_verify (&cert, &roots, 200, NULL), ==, HUB_CERT_OK);
  g_assert_cmpint (hub_device_cert_verify (&cert, &roots, 99, NULL), ==, HUB_CERT_NOT_YET_VALID);
  g_assert_cmpint (hub_device_cert_verify (&cert, &roots, 201, NULL), ==, HUB_CERT_EXPIRED);
  g_assert_cmpint (hub_device_cert_verify (&cert, &roots, 150, "cam-y"), ==,
                   HUB_CERT_WRONG_DEVICE);
  g_assert_cmpint (hub_device_cert_verify (&cert, &empty, 150, NULL), ==,
                   HUB_CERT_UNKNOWN_ISSUER);
  /* a field changed after signing */
  cert.not_after = 300;
  g_assert_cmpint (hub_device_cert_verify (&cert, &roots, 250, NULL), ==,
                   HUB_CERT_BAD_SIGNATURE);
  /* signed by another root that claims the trusted root's key_id */
  crypto_sign_seed_keypair (other_pk, other_sk, other_seed);
  make_cert (&cert, "cam-x", 100, 200);
  g_assert_true (hub_device_cert_sign (&cert, other_sk));
  hub_key_id (root_pk, cert.issuer_key_id);
  g_assert_cmpint (hub_device_cert_verify (&cert, &roots, 150, NULL), ==,
                   HUB_CERT_BAD_SIGNATURE);
  g_assert_cmpstr (hub_cert_result_to_string (HUB_CERT_EXPIRED), ==, "expired");
  hub_trust_roots_clear (&roots);
}

static void
test_roots_dir (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("hubview-roots-XXXXXX", &error);
  g_autofree char *good = g_build_filename (dir, "10-demo.pub", NULL);
  g_autofree char *bad = g_build_filename (dir, "20-bad.pub", NULL);
  g_autofree char *other = g_build_filename (dir, "README", NULL);
  g_autofree char *b64 = g_base64_encode (root_pk, 32);
  g_autofree char *line = g_strconcat (b64, "\n", NULL);
  HubTrustRoots roots;
  HubDeviceCert cert;
  int n_bad = -1;
  char err[256];

  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (good, line, -1, NULL));
  g_assert_true (g_file_set_contents (bad, "bm90IGEga2V5\n", -1, NULL));
  g_assert_true (g_file_set_contents (other, line, -1, NULL));

  hub_trust_roots_init (&roots);
  g_assert_cmpint (hub_trust_roots_add_dir (&roots, dir, &n_bad), ==, 1);
  g_assert_cmpint (n_bad, ==, 1);
  g_assert_cmpuint (roots.n_roots, ==, 1);
  make_cert (&cert, "cam-x", 100, 200);
  g_assert_cmpint (hub_device_cert_verify (&cert, &roots, 150, "cam-x"), ==, HUB_CERT_OK);
  g_assert_false (hub_trust_roots_add_file (&roots, bad, err, sizeof err));
  g_assert_nonnull (strstr (err, "20-bad.pub"));
  g_assert_cmpint (hub_trust_roots_add_dir (&roots, "/nonexistent/hubview", NULL), ==, -1);
  hub_trust_roots_clear (&roots);

  g_unlink (good);
  g_unlink (bad);
  g_unlink (other);
  g_rmdir (dir);
}

static void
test_hex_base64 (void)
{
  guint8 out[4];
  gsize n = 0;

  g_assert_true (hub_hex_decode ("0aFf0010", out, 4));
  g_assert_cmpmem (out, 4, "\x0a\xff\x00\x10", 4);
  g_assert_false (hub_hex_decode ("0aFf00", out, 4));
  g_assert_false (hub_hex_decode ("0aFf00zz", out, 4));
  g_assert_true (hub_base64_decode (" AQID\n", out, sizeof out, &n));
  g_assert_cmpmem (out, n, "\x01\x02\x03", 3);
  g_assert_true (hub_base64_decode ("AQI", out, sizeof out, &n));
  g_assert_cmpmem (out, n, "\x01\x02", 2);
  g_assert_false (hub_base64_decode ("AQ*D", out, sizeof out, &n));
}

int
main (int argc, char *argv[])
{
  guint8 seed[32] = { 3 };

  g_test_init (&argc, &argv, NULL);
  g_assert_cmpint (sodium_init (), >=, 0);
  crypto_sign_seed_keypair (root_pk, root_sk, seed);
  g_test_add_func ("/hub/device-cert/roundtrip", test_roundtrip);
  g_test_add_func ("/hub/device-cert/malformed", test_malformed);
  g_test_add_func ("/hub/device-cert/verify", test_verify);
  g_test_add_func ("/hub/device-cert/roots-dir", test_roots_dir);
  g_test_add_func ("/hub/device-cert/hex-base64", test_hex_base64);
  return g_test_run ();
}
