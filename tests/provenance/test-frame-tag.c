/* test-frame-tag.c — tag codec: every malformed case of §2 rejected */
#include "hub-test-support.h"

#include "hub-device-cert.h"
#include "hub-frame-tag.h"

static guint8 valid[HUB_TAG_MAX_SIZE];
static gsize valid_len;

static void
load_valid (void)
{
  g_autoptr (JsonNode) root = hub_test_load_json ("vectors.json");
  JsonObject *t = json_object_get_object_member (json_node_get_object (root), "tag");
  g_autofree guint8 *bytes = hub_test_hex (json_object_get_string_member (t, "bytes_hex"),
                                           &valid_len);

  memcpy (valid, bytes, valid_len);
}

static gboolean
decodes (const guint8 *buf, gsize len)
{
  HubFrameTag tag;

  return hub_frame_tag_decode (buf, len, &tag);
}

static void
test_decode_valid (void)
{
  HubFrameTag tag;
  guint8 out[HUB_TAG_MAX_SIZE];

  g_assert_true (hub_frame_tag_decode (valid, valid_len, &tag));
  g_assert_cmpuint (tag.version, ==, 1);
  g_assert_cmpuint (tag.counter, ==, 3);
  g_assert_cmpuint (tag.vcl_count, >=, 1);
  g_assert_cmpstr (tag.device_id, ==, "cam-frontdoor");
  g_assert_cmpmem (out, hub_frame_tag_encode (&tag, out), valid, valid_len);
}

static void
test_malformed_length (void)
{
  guint8 buf[HUB_TAG_MAX_SIZE + 8];

  memcpy (buf, valid, valid_len);
  g_assert_false (decodes (buf, valid_len - 1));
  g_assert_false (decodes (buf, valid_len + 1));
  g_assert_false (decodes (buf, 0));
  g_assert_false (decodes (buf, 77));
  /* n = 0 and n = 65 */
  buf[76] = 0;
  g_assert_false (decodes (buf, 141));
  buf[76] = 65;
  g_assert_false (decodes (buf, 141 + 65));
}

static void
test_malformed_fields (void)
{
  guint8 buf[HUB_TAG_MAX_SIZE];

  for (int flag = 1; flag < 8; flag++)
    {
      memcpy (buf, valid, valid_len);
      buf[1] = 1 << flag;
      g_assert_false (decodes (buf, valid_len));
    }
  memcpy (buf, valid, valid_len);
  buf[1] = HUB_TAG_FLAG_IDR;
  g_assert_true (decodes (buf, valid_len));

  for (int version = 0; version < 256; version++)
    {
      memcpy (buf, valid, valid_len);
      buf[0] = version;
      g_assert_cmpint (decodes (buf, valid_len), ==, version == 1);
    }

  memcpy (buf, valid, valid_len);
  buf[42] = buf[43] = 0;
  g_assert_false (decodes (buf, valid_len));

  for (int c = 0; c < 256; c++)
    {
      gboolean allowed = g_ascii_isalnum (c) || c == '.' || c == '_' || c == ':' || c == '-';

      memcpy (buf, valid, valid_len);
      buf[77 + 3] = c;
      g_assert_cmpint (decodes (buf, valid_len), ==, allowed);
    }
}

static void
test_device_id_rules (void)
{
  char id[70];

  g_assert_true (hub_device_id_is_valid ("a", 1));
  g_assert_false (hub_device_id_is_valid ("", 0));
  memset (id, 'x', sizeof id);
  g_assert_true (hub_device_id_is_valid (id, 64));
  g_assert_false (hub_device_id_is_valid (id, 65));
  g_assert_false (hub_device_id_is_valid ("cam door", 8));
  g_assert_false (hub_device_id_is_valid ("cam\0door", 8));
}

static void
test_sign_verify (void)
{
  guint8 seed[32] = { 1 }, pk[32], sk[64], other_pk[32], other_sk[64], out[HUB_TAG_MAX_SIZE];
  HubFrameTag tag = { .version = 1, .flags = HUB_TAG_FLAG_IDR, .counter = 42,
                      .capture_time_us = 1, .vcl_count = 4, .device_id_len = 5 };
  gsize n;

  crypto_sign_seed_keypair (pk, sk, seed);
  seed[0] = 2;
  crypto_sign_seed_keypair (other_pk, other_sk, seed);
  strcpy (tag.device_id, "cam-1");
  g_assert_true (hub_frame_tag_sign (&tag, sk));
  n = hub_frame_tag_encode (&tag, out);
  g_assert_cmpuint (n, ==, 141 + 5);
  g_assert_true (hub_frame_tag_verify_signature (out, n, pk));
  g_assert_false (hub_frame_tag_verify_signature (out, n, other_pk));
  for (gsize i = 0; i < n; i++)
    {
      out[i] ^= 0x20;
      g_assert_false (hub_frame_tag_verify_signature (out, n, pk));
      out[i] ^= 0x20;
    }

  /* an invalid tag is neither signed nor encoded */
  tag.vcl_count = 0;
  g_assert_false (hub_frame_tag_sign (&tag, sk));
  g_assert_cmpuint (hub_frame_tag_encode (&tag, out), ==, 0);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_assert_cmpint (sodium_init (), >=, 0);
  load_valid ();
  g_test_add_func ("/hub/frame-tag/decode-valid", test_decode_valid);
  g_test_add_func ("/hub/frame-tag/malformed-length", test_malformed_length);
  g_test_add_func ("/hub/frame-tag/malformed-fields", test_malformed_fields);
  g_test_add_func ("/hub/frame-tag/device-id-rules", test_device_id_rules);
  g_test_add_func ("/hub/frame-tag/sign-verify", test_sign_verify);
  return g_test_run ();
}
