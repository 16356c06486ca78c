/* test-sign-frames.c — hubsignframes, the camera-side signing element
 *
 * Copyright 2026 hubview developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include <gst/app/app.h>
#include <gst/check/gstharness.h>
#include <gst/gst.h>
#include <sodium.h>

#include "hub-annexb.h"
#include "hub-elements.h"
#include "hub-frame-tag.h"
#include "hub-gate.h"
#include "hub-test-support.h"

#define DEVICE_ID "cam-sign-test"
#define AU_CAPS "video/x-h264, stream-format=byte-stream, alignment=au"

static guint8 seed[32];
static guint8 public_key[32];
static guint8 nonce[16];
static char seed_hex[65];
static char nonce_hex[33];

static void
keys_init (void)
{
  static const char label[] = "hubview sign-frames test";
  guint8 secret[crypto_sign_SECRETKEYBYTES];

  crypto_hash_sha256 (seed, (const guint8 *)label, sizeof label - 1);
  crypto_sign_seed_keypair (public_key, secret, seed);
  sodium_memzero (secret, sizeof secret);
  randombytes_buf (nonce, sizeof nonce);
  sodium_bin2hex (seed_hex, sizeof seed_hex, seed, sizeof seed);
  sodium_bin2hex (nonce_hex, sizeof nonce_hex, nonce, sizeof nonce);
}

/* The tag of the signed access unit @buf; fails the test when there is none. */
static void
buffer_tag (GstBuffer *buf, HubFrameTag *tag)
{
  guint8 bytes[HUB_TAG_MAX_SIZE];
  size_t len = 0, offset = 0;
  gboolean found = FALSE;
  GstMapInfo map;
  HubNal nal;

  g_assert_true (gst_buffer_map (buf, &map, GST_MAP_READ));
  while (!found && hub_annexb_next_nal (map.data, map.size, &offset, &nal))
    found = hub_nal_type (nal.data, nal.size) == HUB_NAL_SEI
            && hub_sei_find_tag (nal.data, nal.size, bytes, sizeof bytes, &len) == HUB_SEI_TAG;
  gst_buffer_unmap (buf, &map);
  g_assert_true (found);
  g_assert_true (hub_frame_tag_decode (bytes, len, tag));
}

typedef struct
{
  guint n_units;
  guint n_pass;
  guint64 first_counter;
  guint64 last_capture_us;
  gboolean capture_monotonic;
} Verdicts;

static void
on_unit (const HubGateUnit *unit, void *user_data)
{
  Verdicts *v = user_data;

  if (unit->has_tag && v->n_units == 0)
    v->first_counter = unit->counter;
  if (unit->has_tag && unit->capture_time_us < v->last_capture_us)
    v->capture_monotonic = FALSE;
  if (unit->has_tag)
    v->last_capture_us = unit->capture_time_us;
  v->n_units++;
  v->n_pass += unit->verdict == HUB_VERDICT_PASS;
}

/* Encodes @n_frames with x264, signs them, and checks every unit with the gate. */
static void
run_encoder (const char *sign_props, guint n_frames, guint64 initial_counter)
{
  g_autofree char *description = g_strdup_printf (
      "videotestsrc num-buffers=%u ! video/x-raw,format=I420,width=160,height=120,framerate=30/1"
      " ! x264enc key-int-max=15 tune=zerolatency speed-preset=ultrafast"
      " ! h264parse config-interval=-1 ! " AU_CAPS " ! hubsignframes name=sign %s"
      " ! appsink name=sink sync=false",
      n_frames, sign_props);
  g_autoptr (GError) error = NULL;
  g_autoptr (GstElement) pipeline = gst_parse_launch (description, &error);
  g_autoptr (GstElement) sink = NULL;
  g_autoptr (GstElement) sign = NULL;
  g_autoptr (GstBus) bus = NULL;
  g_autoptr (GstMessage) message = NULL;
  Verdicts v = { 0, 0, 0, 0, TRUE };
  HubGate *gate;
  GstSample *sample;
  gint64 start_us = g_get_real_time ();
  guint64 counter = 0;

  g_assert_no_error (error);
  sink = gst_bin_get_by_name (GST_BIN (pipeline), "sink");
  sign = gst_bin_get_by_name (GST_BIN (pipeline), "sign");
  gate = hub_gate_new (DEVICE_ID, public_key, nonce, on_unit, &v);
  if (initial_counter > 0)
    hub_gate_set_last_counter (gate, initial_counter - 1);

  g_assert_cmpint (gst_element_set_state (pipeline, GST_STATE_PLAYING), !=,
                   GST_STATE_CHANGE_FAILURE);
  while ((sample = gst_app_sink_try_pull_sample (GST_APP_SINK (sink), 10 * GST_SECOND)) != NULL)
    {
      GstBuffer *buf = gst_sample_get_buffer (sample);
      GstMapInfo map;

      g_assert_true (gst_buffer_map (buf, &map, GST_MAP_READ));
      hub_gate_push_annexb (gate, map.data, map.size);
      gst_buffer_unmap (buf, &map);
      gst_sample_unref (sample);
    }
  hub_gate_finish (gate);

  bus = gst_element_get_bus (pipeline);
  message = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR);
  g_assert_null (message);
  g_object_get (sign, "counter", &counter, NULL);
  gst_element_set_state (pipeline, GST_STATE_NULL);
  hub_gate_free (gate);

  g_assert_cmpuint (v.n_units, ==, n_frames);
  g_assert_cmpuint (v.n_pass, ==, n_frames);
  g_assert_cmpuint (v.first_counter, ==, initial_counter);
  g_assert_cmpuint (counter, ==, initial_counter + n_frames);
  g_assert_true (v.capture_monotonic);
  /* running time mapped to the wall clock: around now */
  g_assert_cmpint ((gint64)v.last_capture_us, >=, start_us - 5 * G_USEC_PER_SEC);
  g_assert_cmpint ((gint64)v.last_capture_us, <=, g_get_real_time () + 5 * G_USEC_PER_SEC);
}

/* Every encoded access unit comes out signed, and the gate passes it. */
static void
test_pipeline_verifies (void)
{
  g_autofree char *props
      = g_strdup_printf ("device-id=" DEVICE_ID " seed=%s nonce=%s", seed_hex, nonce_hex);

  run_encoder (props, 45, 0);
}

/* initial-counter continues a session; key-file holds the seed. */
static void
test_key_file_and_initial_counter (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *props = NULL;
  g_autofree char *contents = g_strdup_printf ("%s\n", seed_hex);
  int fd = g_file_open_tmp ("hub-seed-XXXXXX", &path, &error);

  g_assert_no_error (error);
  close (fd);
  g_assert_true (g_file_set_contents (path, contents, -1, &error));
  g_assert_no_error (error);

  props = g_strdup_printf ("device-id=" DEVICE_ID " key-file=%s nonce=%s initial-counter=1000",
                           path, nonce_hex);
  run_encoder (props, 20, 1000);
  g_unlink (path);
}

static void
expect_start_error (const char *props)
{
  g_autofree char *description
      = g_strdup_printf ("appsrc caps=\"" AU_CAPS "\" ! hubsignframes %s ! fakesink", props);
  g_autoptr (GError) error = NULL;
  g_autoptr (GstElement) pipeline = gst_parse_launch (description, &error);
  g_autoptr (GstBus) bus = NULL;
  g_autoptr (GstMessage) message = NULL;
  g_autoptr (GError) message_error = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (gst_element_set_state (pipeline, GST_STATE_PAUSED), ==,
                   GST_STATE_CHANGE_FAILURE);
  bus = gst_element_get_bus (pipeline);
  message = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR);
  g_assert_nonnull (message);
  gst_message_parse_error (message, &message_error, NULL);
  g_test_message ("%s: %s", props, message_error->message);
  g_assert_true (message_error->domain == GST_RESOURCE_ERROR);
  gst_element_set_state (pipeline, GST_STATE_NULL);
}

/* Missing or malformed settings: a clear error, no stream. */
static void
test_bad_settings (void)
{
  g_autofree char *no_key = g_strdup_printf ("device-id=" DEVICE_ID " nonce=%s", nonce_hex);
  g_autofree char *short_seed
      = g_strdup_printf ("device-id=" DEVICE_ID " seed=abcd nonce=%s", nonce_hex);
  g_autofree char *no_nonce = g_strdup_printf ("device-id=" DEVICE_ID " seed=%s", seed_hex);
  g_autofree char *bad_id
      = g_strdup_printf ("device-id=\"cam front\" seed=%s nonce=%s", seed_hex, nonce_hex);
  g_autofree char *missing_file = g_strdup_printf (
      "device-id=" DEVICE_ID " key-file=/nonexistent/hub-seed nonce=%s", nonce_hex);

  expect_start_error (no_key);
  expect_start_error (short_seed);
  expect_start_error (no_nonce);
  expect_start_error (bad_id);
  expect_start_error (missing_file);
}

/* The camera's capture time (a timestamp/x-unix reference timestamp) is
 * what the tag carries; units without a slice pass unsigned. */
static void
test_reference_timestamp (void)
{
  static const guint8 idr_au[] = {
    0, 0, 0, 1, 0x65, 0x88, 0x84, 0x21, 0x43, 0x6f, 0x21, 0x99, 0x10, 0x42,
  };
  static const guint8 sps_only[] = { 0, 0, 0, 1, 0x67, 0x42, 0xc0, 0x0d, 0xda };
  g_autoptr (GstCaps) unix_caps = gst_caps_new_empty_simple ("timestamp/x-unix");
  g_autofree char *launch = g_strdup_printf ("hubsignframes name=sign device-id=" DEVICE_ID
                                             " seed=%s nonce=%s initial-counter=41",
                                             seed_hex, nonce_hex);
  GstHarness *h = gst_harness_new_parse (launch);
  g_autoptr (GstElement) sign = NULL;
  const guint64 capture_us = 1700000000123456;
  GstBuffer *in, *out;
  HubFrameTag tag;
  guint64 counter = 0;

  gst_harness_set_src_caps_str (h, AU_CAPS);

  in = gst_buffer_new_memdup (idr_au, sizeof idr_au);
  GST_BUFFER_PTS (in) = 0;
  gst_buffer_add_reference_timestamp_meta (in, unix_caps, capture_us * GST_USECOND,
                                           GST_CLOCK_TIME_NONE);
  g_assert_cmpint (gst_harness_push (h, in), ==, GST_FLOW_OK);
  out = gst_harness_pull (h);
  buffer_tag (out, &tag);
  g_assert_cmpuint (tag.capture_time_us, ==, capture_us);
  g_assert_cmpuint (tag.counter, ==, 41);
  g_assert_true (tag.flags & HUB_TAG_FLAG_IDR);
  g_assert_cmpuint (tag.vcl_count, ==, 1);
  g_assert_cmpstr (tag.device_id, ==, DEVICE_ID);
  g_assert_cmpmem (tag.nonce, sizeof tag.nonce, nonce, sizeof nonce);
  g_assert_cmpuint (GST_BUFFER_PTS (out), ==, 0);
  gst_buffer_unref (out);

  in = gst_buffer_new_memdup (sps_only, sizeof sps_only);
  g_assert_cmpint (gst_harness_push (h, in), ==, GST_FLOW_OK);
  out = gst_harness_pull (h);
  g_assert_cmpuint (gst_buffer_get_size (out), ==, sizeof sps_only);
  gst_buffer_unref (out);

  sign = gst_bin_get_by_name (GST_BIN (h->element), "sign");
  g_object_get (sign, "counter", &counter, NULL);
  g_assert_cmpuint (counter, ==, 42);
  gst_harness_teardown (h);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  gst_init (&argc, &argv);
  g_assert_cmpint (sodium_init (), >=, 0);
  hub_elements_register ();
  keys_init ();

  g_test_add_func ("/hub/sign-frames/pipeline-verifies", test_pipeline_verifies);
  g_test_add_func ("/hub/sign-frames/key-file-and-initial-counter",
                   test_key_file_and_initial_counter);
  g_test_add_func ("/hub/sign-frames/bad-settings", test_bad_settings);
  g_test_add_func ("/hub/sign-frames/reference-timestamp", test_reference_timestamp);

  return g_test_run ();
}
