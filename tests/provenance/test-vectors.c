/* test-vectors.c — every value of vectors.json, byte for byte */
#include "hub-test-support.h"

#include "hub-annexb.h"
#include "hub-device-cert.h"
#include "hub-frame-tag.h"

static JsonObject *
vectors (void)
{
  static JsonNode *root;

  if (root == NULL)
    root = hub_test_load_json ("vectors.json");
  return json_node_get_object (root);
}

static JsonObject *
keys (void)
{
  static JsonNode *root;

  if (root == NULL)
    root = hub_test_load_json ("keys.json");
  return json_node_get_object (root);
}

static void
seed_keypair (const char *seed_hex, guint8 pk[32], guint8 sk[64])
{
  gsize len;
  g_autofree guint8 *seed = hub_test_hex (seed_hex, &len);

  g_assert_cmpuint (len, ==, 32);
  crypto_sign_seed_keypair (pk, sk, seed);
}

static void
test_demo_keys_derivation (void)
{
  JsonObject *k = keys ();
  JsonObject *root = json_object_get_object_member (k, "root");
  JsonObject *devices = json_object_get_object_member (k, "devices");
  g_autoptr (GList) ids = json_object_get_members (devices);
  guint8 seed[32], pk[32], sk[64], key_id[8];
  char hex[65];

  /* seed = SHA-256(label) */
  crypto_hash_sha256 (seed, (const guint8 *) "hubview demo root", strlen ("hubview demo root"));
  sodium_bin2hex (hex, sizeof hex, seed, 32);
  g_assert_cmpstr (hex, ==, json_object_get_string_member (root, "seed"));
  crypto_sign_seed_keypair (pk, sk, seed);
  sodium_bin2hex (hex, sizeof hex, pk, 32);
  g_assert_cmpstr (hex, ==, json_object_get_string_member (root, "public"));
  hub_key_id (pk, key_id);
  sodium_bin2hex (hex, sizeof hex, key_id, 8);
  g_assert_cmpstr (hex, ==, json_object_get_string_member (root, "key_id"));

  for (GList *l = ids; l; l = l->next)
    {
      JsonObject *dev = json_object_get_object_member (devices, l->data);
      g_autofree char *label = g_strconcat ("hubview demo camera ", l->data, NULL);

      crypto_hash_sha256 (seed, (const guint8 *) label, strlen (label));
      sodium_bin2hex (hex, sizeof hex, seed, 32);
      g_assert_cmpstr (hex, ==, json_object_get_string_member (dev, "seed"));
      crypto_sign_seed_keypair (pk, sk, seed);
      sodium_bin2hex (hex, sizeof hex, pk, 32);
      g_assert_cmpstr (hex, ==, json_object_get_string_member (dev, "public"));
      hub_key_id (pk, key_id);
      sodium_bin2hex (hex, sizeof hex, key_id, 8);
      g_assert_cmpstr (hex, ==, json_object_get_string_member (dev, "key_id"));
    }
}

/* Builds the tag of vectors.json from its fields and the device key. */
static void
test_tag_bytes (void)
{
  JsonObject *t = json_object_get_object_member (vectors (), "tag");
  JsonObject *f = json_object_get_object_member (t, "fields");
  JsonObject *dev = json_object_get_object_member (
      json_object_get_object_member (keys (), "devices"), "cam-frontdoor");
  guint8 pk[32], sk[64], out[HUB_TAG_MAX_SIZE];
  gsize expected_len, n;
  g_autofree guint8 *expected = hub_test_hex (json_object_get_string_member (t, "bytes_hex"),
                                              &expected_len);
  HubFrameTag tag = { 0 }, back;
  const char *id = json_object_get_string_member (f, "device_id");

  seed_keypair (json_object_get_string_member (dev, "seed"), pk, sk);
  tag.version = json_object_get_int_member (f, "version");
  tag.flags = json_object_get_boolean_member (f, "idr") ? HUB_TAG_FLAG_IDR : 0;
  g_assert_true (hub_hex_decode (json_object_get_string_member (f, "nonce_hex"), tag.nonce, 16));
  tag.counter = json_object_get_int_member (f, "counter");
  tag.capture_time_us = json_object_get_int_member (f, "capture_time_us");
  g_assert_true (hub_hex_decode (json_object_get_string_member (f, "au_digest_hex"),
                                 tag.au_digest, 32));
  tag.vcl_count = 1;
  tag.device_id_len = strlen (id);
  strcpy (tag.device_id, id);
  /* vcl_count is not among the fields: read it from the expected bytes */
  tag.vcl_count = (expected[42] << 8) | expected[43];
  g_assert_true (hub_frame_tag_sign (&tag, sk));
  n = hub_frame_tag_encode (&tag, out);
  g_assert_cmpmem (out, n, expected, expected_len);
  g_assert_cmpuint (n, ==, 141 + strlen (id));

  /* and back */
  g_assert_true (hub_frame_tag_decode (expected, expected_len, &back));
  g_assert_cmpuint (back.counter, ==, tag.counter);
  g_assert_cmpuint (back.capture_time_us, ==, tag.capture_time_us);
  g_assert_cmpstr (back.device_id, ==, id);
  g_assert_false (back.flags & HUB_TAG_FLAG_IDR);
  g_assert_true (hub_frame_tag_verify_signature (expected, expected_len, pk));
}

static void
test_tag_sei_nal (void)
{
  JsonObject *t = json_object_get_object_member (vectors (), "tag");
  gsize tag_len, sei_len;
  g_autofree guint8 *tag = hub_test_hex (json_object_get_string_member (t, "bytes_hex"), &tag_len);
  g_autofree guint8 *sei = hub_test_hex (json_object_get_string_member (t, "sei_nal_hex"),
                                         &sei_len);
  guint8 out[1024], found[HUB_TAG_MAX_SIZE];
  gsize n, found_len = 0;

  n = hub_sei_build_tag_nal (tag, tag_len, out, sizeof out);
  g_assert_cmpmem (out, n, sei, sei_len);

  g_assert_cmpint (hub_sei_find_tag (sei, sei_len, found, sizeof found, &found_len), ==,
                   HUB_SEI_TAG);
  g_assert_cmpmem (found, found_len, tag, tag_len);
}

static void
test_certificate_bytes (void)
{
  JsonObject *c = json_object_get_object_member (vectors (), "certificate");
  JsonObject *f = json_object_get_object_member (c, "fields");
  JsonObject *root = json_object_get_object_member (keys (), "root");
  JsonObject *dev = json_object_get_object_member (
      json_object_get_object_member (keys (), "devices"), "cam-frontdoor");
  guint8 root_pk[32], root_sk[64], dev_pk[32], dev_sk[64], out[HUB_CERT_MAX_SIZE];
  gsize expected_len, n;
  g_autofree guint8 *expected = hub_test_hex (json_object_get_string_member (c, "bytes_hex"),
                                              &expected_len);
  HubDeviceCert cert = { 0 }, back, from_b64;
  HubTrustRoots roots;
  const char *id = json_object_get_string_member (f, "device_id");
  const char *model = json_object_get_string_member (f, "model");

  seed_keypair (json_object_get_string_member (root, "seed"), root_pk, root_sk);
  seed_keypair (json_object_get_string_member (dev, "seed"), dev_pk, dev_sk);
  cert.version = json_object_get_int_member (f, "version");
  memcpy (cert.public_key, dev_pk, 32);
  cert.not_before = json_object_get_int_member (f, "not_before");
  cert.not_after = json_object_get_int_member (f, "not_after");
  cert.device_id_len = strlen (id);
  strcpy (cert.device_id, id);
  cert.model_len = strlen (model);
  strcpy (cert.model, model);
  g_assert_true (hub_device_cert_sign (&cert, root_sk));
  n = hub_device_cert_encode (&cert, out);
  g_assert_cmpmem (out, n, expected, expected_len);

  g_assert_true (hub_device_cert_decode (expected, expected_len, &back));
  g_assert_cmpstr (back.device_id, ==, id);
  g_assert_cmpstr (back.model, ==, model);
  g_assert_cmpuint (back.not_before, ==, cert.not_before);

  /* keys.json's base64 certificate is the same certificate */
  g_assert_true (hub_device_cert_decode_base64 (json_object_get_string_member (dev,
                                                                             "certificate_b64"),
                                                &from_b64));
  g_assert_cmpmem (&from_b64, sizeof from_b64, &back, sizeof back);

  hub_trust_roots_init (&roots);
  g_assert_true (hub_trust_roots_add_base64 (&roots, json_object_get_string_member (root,
                                                                                 "public_b64")));
  g_assert_cmpint (hub_device_cert_verify (&back, &roots, 1800000000, id), ==, HUB_CERT_OK);
  hub_trust_roots_clear (&roots);
}

static void
test_au_digest (void)
{
  JsonObject *d = json_object_get_object_member (vectors (), "au_digest");
  g_autoptr (GBytes) clip = hub_test_load_data ("valid.h264");
  gsize len, expected_len, offset = 0;
  const guint8 *data = g_bytes_get_data (clip, &len);
  g_autofree guint8 *expected = hub_test_hex (json_object_get_string_member (d, "value_hex"),
                                              &expected_len);
  HubParamSets ps;
  HubAuDigest digest;
  HubNal nal;
  guint8 out[32];
  guint n_vcl = 0, n_sps = 0, n_pps = 0;
  gboolean started = FALSE;

  /* The first AU: AUD, SPS, PPS, SEI(s), then its slices, up to the next AUD. */
  hub_param_sets_init (&ps);
  while (hub_annexb_next_nal (data, len, &offset, &nal))
    {
      int type = hub_nal_type (nal.data, nal.size);

      if (type == HUB_NAL_AUD && (n_vcl > 0 || started))
        break;
      started = TRUE;
      if (hub_nal_type_is_vcl (type))
        {
          if (n_vcl == 0)
            hub_au_digest_init (&digest, ps.sps_digest, ps.pps_digest);
          hub_au_digest_add_vcl (&digest, nal.data, nal.size);
          n_vcl++;
        }
      else if (hub_param_sets_update (&ps, nal.data, nal.size))
        {
          n_sps += type == HUB_NAL_SPS;
          n_pps += type == HUB_NAL_PPS;
        }
    }
  g_assert_cmpuint (n_sps, ==, 1);
  g_assert_cmpuint (n_pps, ==, 1);
  g_assert_cmpuint (n_vcl, >=, 1);
  hub_au_digest_final (&digest, out);
  g_assert_cmpmem (out, 32, expected, expected_len);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_assert_cmpint (sodium_init (), >=, 0);
  g_test_add_func ("/hub/vectors/demo-keys", test_demo_keys_derivation);
  g_test_add_func ("/hub/vectors/tag", test_tag_bytes);
  g_test_add_func ("/hub/vectors/tag-sei-nal", test_tag_sei_nal);
  g_test_add_func ("/hub/vectors/certificate", test_certificate_bytes);
  g_test_add_func ("/hub/vectors/au-digest", test_au_digest);
  return g_test_run ();
}
