/* test-annexb.c — start codes, NAL byte rules, slices, SEI messages */
#include "hub-test-support.h"

#include "hub-annexb.h"
#include "hub-frame-tag.h"

static void
test_start_codes (void)
{
  /* 4-byte and 3-byte start codes, leading garbage, trailing zeros, an empty NAL */
  const guint8 buf[] = { 0xaa, 0x00, 0x00, 0x00, 0x01, 0x09, 0xf0, 0x00, 0x00, 0x01,
                         0x67, 0x42, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00,
                         0x01, 0x68, 0xce, 0x00, 0x00, 0x03, 0x01, 0x00, 0x00 };
  gsize offset = 0;
  HubNal nal;

  g_assert_true (hub_annexb_next_nal (buf, sizeof buf, &offset, &nal));
  g_assert_cmpmem (nal.data, nal.size, "\x09\xf0", 2);
  g_assert_true (hub_annexb_next_nal (buf, sizeof buf, &offset, &nal));
  /* trailing zero bytes removed */
  g_assert_cmpmem (nal.data, nal.size, "\x67\x42", 2);
  g_assert_true (hub_annexb_next_nal (buf, sizeof buf, &offset, &nal));
  /* emulation prevention kept, trailing zeros removed */
  g_assert_cmpmem (nal.data, nal.size, "\x68\xce\x00\x00\x03\x01", 6);
  g_assert_false (hub_annexb_next_nal (buf, sizeof buf, &offset, &nal));
  g_assert_cmpuint (offset, ==, sizeof buf);
}

static void
test_no_start_code (void)
{
  const guint8 buf[] = { 0x65, 0x88, 0x00, 0x00 };
  gsize offset = 0;
  HubNal nal;

  g_assert_false (hub_annexb_next_nal (buf, sizeof buf, &offset, &nal));
  g_assert_false (hub_annexb_next_nal (buf, 0, &offset, &nal));
}

static void
test_escape_roundtrip (void)
{
  const guint8 raw[] = { 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x02,
                         0x00, 0x00, 0x03, 0x00, 0x00, 0x04, 0x11 };
  guint8 esc[64], back[64];
  gsize n = hub_nal_escape (raw, sizeof raw, esc);
  const guint8 want[] = { 0x00, 0x00, 0x03, 0x00, 0x00, 0x03, 0x00, 0x01, 0x00, 0x00, 0x03, 0x02,
                          0x00, 0x00, 0x03, 0x03, 0x00, 0x00, 0x04, 0x11 };

  g_assert_cmpmem (esc, n, want, sizeof want);
  g_assert_cmpuint (hub_nal_escaped_size (raw, sizeof raw), ==, n);
  g_assert_cmpmem (back, hub_nal_unescape (esc, n, back), raw, sizeof raw);
}

static void
test_first_mb (void)
{
  guint32 mb = 99;
  /* ue(0) = 1; ue(1) = 010; ue(7) = 0001000; ue(300) through an escaped byte */
  const guint8 s0[] = { 0x65, 0x88 };
  const guint8 s1[] = { 0x41, 0x40 };
  const guint8 s7[] = { 0x41, 0x10 };
  /* 12 zeros, 1, 12 zero bits: ue = 4095 */
  const guint8 big[] = { 0x41, 0x00, 0x08, 0x00, 0x00 };
  /* 00 00 01 ff ff ff once the 0x03 is removed: 23 zeros, 1, 23 ones */
  const guint8 esc[] = { 0x41, 0x00, 0x00, 0x03, 0x01, 0xff, 0xff, 0xff };
  const guint8 short_esc[] = { 0x41, 0x00, 0x00, 0x03, 0x01, 0x80 };
  const guint8 empty[] = { 0x41 };

  g_assert_true (hub_slice_first_mb (s0, sizeof s0, &mb));
  g_assert_cmpuint (mb, ==, 0);
  g_assert_true (hub_slice_first_mb (s1, sizeof s1, &mb));
  g_assert_cmpuint (mb, ==, 1);
  g_assert_true (hub_slice_first_mb (s7, sizeof s7, &mb));
  g_assert_cmpuint (mb, ==, 7);
  g_assert_true (hub_slice_first_mb (big, sizeof big, &mb));
  g_assert_cmpuint (mb, ==, 4095);
  g_assert_true (hub_slice_first_mb (esc, sizeof esc, &mb));
  g_assert_cmpuint (mb, ==, (1u << 24) - 2);
  /* the same prefix without enough bits after it */
  g_assert_false (hub_slice_first_mb (short_esc, sizeof short_esc, &mb));
  g_assert_false (hub_slice_first_mb (empty, sizeof empty, &mb));
  /* data partition A has first_mb_in_slice; B and C have slice_id there */
  {
    const guint8 dpa[] = { 0x42, 0x40 }, dpb[] = { 0x43, 0x80 }, dpc[] = { 0x44, 0x80 };

    g_assert_true (hub_slice_first_mb (dpa, sizeof dpa, &mb));
    g_assert_cmpuint (mb, ==, 1);
    g_assert_false (hub_slice_first_mb (dpb, sizeof dpb, &mb));
    g_assert_false (hub_slice_first_mb (dpc, sizeof dpc, &mb));
  }
}

static void
build_sei (const guint8 *rbsp, gsize n, guint8 *nal, gsize *nal_len)
{
  nal[0] = 0x06;
  *nal_len = 1 + hub_nal_escape (rbsp, n, nal + 1);
}

static void
test_sei_messages (void)
{
  guint8 tag_in[150], rbsp[600], nal[1200], tag[HUB_TAG_MAX_SIZE];
  gsize n = 0, nal_len, tag_len = 0;

  for (guint i = 0; i < sizeof tag_in; i++)
    tag_in[i] = i;

  /* another message first (type 300 via 0xFF run, size 2), then the tag */
  rbsp[n++] = 0xff;
  rbsp[n++] = 300 - 255;
  rbsp[n++] = 2;
  rbsp[n++] = 0x00;
  rbsp[n++] = 0x00;
  rbsp[n++] = 5;
  rbsp[n++] = 16 + sizeof tag_in; /* 166 */
  memcpy (rbsp + n, hub_tag_sei_uuid, 16);
  n += 16;
  memcpy (rbsp + n, tag_in, sizeof tag_in);
  n += sizeof tag_in;
  rbsp[n++] = 0x80;
  build_sei (rbsp, n, nal, &nal_len);
  g_assert_cmpint (hub_sei_find_tag (nal, nal_len, tag, sizeof tag, &tag_len), ==, HUB_SEI_TAG);
  g_assert_cmpmem (tag, tag_len, tag_in, sizeof tag_in);

  /* a list that runs past the end before any UUID: ignored */
  n = 0;
  rbsp[n++] = 4;
  rbsp[n++] = 50;
  rbsp[n++] = 0x11;
  rbsp[n++] = 0x80;
  build_sei (rbsp, n, nal, &nal_len);
  g_assert_cmpint (hub_sei_find_tag (nal, nal_len, tag, sizeof tag, &tag_len), ==,
                   HUB_SEI_NO_TAG);

  /* user data with another UUID: not ours */
  n = 0;
  rbsp[n++] = 5;
  rbsp[n++] = 20;
  memset (rbsp + n, 0x22, 20);
  n += 20;
  rbsp[n++] = 0x80;
  build_sei (rbsp, n, nal, &nal_len);
  g_assert_cmpint (hub_sei_find_tag (nal, nal_len, tag, sizeof tag, &tag_len), ==,
                   HUB_SEI_NO_TAG);

  /* the tag message runs past the end: malformed */
  n = 0;
  rbsp[n++] = 5;
  rbsp[n++] = 0xff;
  rbsp[n++] = 0x10;
  memcpy (rbsp + n, hub_tag_sei_uuid, 16);
  n += 16;
  rbsp[n++] = 0x80;
  build_sei (rbsp, n, nal, &nal_len);
  g_assert_cmpint (hub_sei_find_tag (nal, nal_len, tag, sizeof tag, &tag_len), ==,
                   HUB_SEI_MALFORMED);

  /* two tag messages in one SEI: malformed, not a choice */
  n = 0;
  for (int k = 0; k < 2; k++)
    {
      rbsp[n++] = 5;
      rbsp[n++] = 16 + 4;
      memcpy (rbsp + n, hub_tag_sei_uuid, 16);
      n += 16;
      memset (rbsp + n, k, 4);
      n += 4;
    }
  rbsp[n++] = 0x80;
  build_sei (rbsp, n, nal, &nal_len);
  g_assert_cmpint (hub_sei_find_tag (nal, nal_len, tag, sizeof tag, &tag_len), ==,
                   HUB_SEI_MALFORMED);

  /* not an SEI at all */
  g_assert_cmpint (hub_sei_find_tag ((const guint8 *) "\x65\x88", 2, tag, sizeof tag, &tag_len),
                   ==, HUB_SEI_NO_TAG);
}

/* §6.3: 2 × MaxFS × 384 bytes for the SPS's level (Table A-1), at most 8 MiB */
static void
test_unit_size_limit (void)
{
  /* header, profile_idc, constraint flags, level_idc, the rest */
  const guint8 l10[] = { 0x67, 0x42, 0x00, 10, 0xf4 };
  const guint8 l1b[] = { 0x67, 0x42, 0x10, 11, 0xf4 };  /* Baseline, constraint_set3: 1b */
  const guint8 l11[] = { 0x67, 0x64, 0x10, 11, 0xf4 };  /* High: 11 is level 1.1 */
  const guint8 l40[] = { 0x67, 0x64, 0x00, 40, 0xac };
  const guint8 l51[] = { 0x67, 0x64, 0x00, 51, 0xac };
  const guint8 odd[] = { 0x67, 0x64, 0x00, 99, 0xac };
  const guint8 pps[] = { 0x68, 0x64, 0x00, 10, 0xac };

  g_assert_cmpuint (hub_sps_unit_size_limit (l10, sizeof l10), ==, 2 * 99 * 384);
  g_assert_cmpuint (hub_sps_unit_size_limit (l1b, sizeof l1b), ==, 2 * 99 * 384);
  g_assert_cmpuint (hub_sps_unit_size_limit (l11, sizeof l11), ==, 2 * 396 * 384);
  g_assert_cmpuint (hub_sps_unit_size_limit (l40, sizeof l40), ==, 2 * 8192 * 384);
  g_assert_cmpuint (hub_sps_unit_size_limit (l51, sizeof l51), ==, 8 << 20);
  g_assert_cmpuint (hub_sps_unit_size_limit (odd, sizeof odd), ==, 8 << 20);
  g_assert_cmpuint (hub_sps_unit_size_limit (pps, sizeof pps), ==, 8 << 20);
  g_assert_cmpuint (hub_sps_unit_size_limit (NULL, 0), ==, 8 << 20);
  g_assert_cmpuint (hub_sps_unit_size_limit (l40, 3), ==, 8 << 20);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/hub/annexb/start-codes", test_start_codes);
  g_test_add_func ("/hub/annexb/no-start-code", test_no_start_code);
  g_test_add_func ("/hub/annexb/escape-roundtrip", test_escape_roundtrip);
  g_test_add_func ("/hub/annexb/first-mb", test_first_mb);
  g_test_add_func ("/hub/annexb/sei-messages", test_sei_messages);
  g_test_add_func ("/hub/annexb/unit-size-limit", test_unit_size_limit);
  return g_test_run ();
}
