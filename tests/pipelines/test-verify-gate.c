/* test-verify-gate.c — hubverifygate under GstHarness, fed the signed clips
 * AU by AU and NAL by NAL: what leaves is exactly the `pass` units, each
 * with its identity, and closed gates ask upstream for a key frame. */
#include "hub-test-support.h"

#include <gst/check/gstharness.h>
#include <gst/check/gsttestclock.h>
#include <gst/app/gstappsink.h>
#include <gst/video/video.h>

#include "hub-annexb.h"
#include "hub-device-cert.h"
#include "hub-frame-identity-meta.h"
#include "hub-verify-gate.h"

typedef enum
{
  FEED_AU,
  FEED_NAL,
} Feed;

typedef struct
{
  char *device_id;
  char *nonce_hex;
  char *public_hex;
  guint8 nonce[16];
} Expect;

static void
load_expect (Expect *e)
{
  g_autoptr (JsonNode) root = hub_test_load_json ("streams.json");
  JsonObject *o = json_node_get_object (root);

  e->device_id = g_strdup (json_object_get_string_member (o, "device_id"));
  e->nonce_hex = g_strdup (json_object_get_string_member (o, "nonce_hex"));
  e->public_hex = g_strdup (json_object_get_string_member (o, "public_hex"));
  g_assert_true (hub_hex_decode (e->nonce_hex, e->nonce, 16));
}

static void
clear_expect (Expect *e)
{
  g_free (e->device_id);
  g_free (e->nonce_hex);
  g_free (e->public_hex);
}

static GstHarness *
new_harness (const Expect *e, const char *alignment)
{
  GstElement *gate = gst_element_factory_make ("hubverifygate", NULL);
  GstHarness *h;
  g_autofree char *caps = g_strdup_printf (
      "video/x-h264, stream-format=byte-stream, alignment=%s, width=640, height=360", alignment);

  g_assert_nonnull (gate);
  g_object_set (gate, "device-id", e->device_id, "public-key", e->public_hex, "nonce",
                e->nonce_hex, NULL);
  h = gst_harness_new_with_element (gate, "sink", "src");
  gst_object_unref (gate);
  gst_harness_use_testclock (h);
  gst_harness_set_src_caps_str (h, caps);
  return h;
}

/* Cuts the clip into buffers: one per access unit (at each AUD) or per NAL. */
static GPtrArray *
cut_clip (GBytes *clip, Feed feed)
{
  GPtrArray *bufs = g_ptr_array_new_with_free_func ((GDestroyNotify) gst_buffer_unref);
  gsize len, offset = 0;
  const guint8 *data = g_bytes_get_data (clip, &len);
  GByteArray *cur = g_byte_array_new ();
  HubNal nal;
  guint64 pts = 0;

  while (hub_annexb_next_nal (data, len, &offset, &nal))
    {
      gboolean aud = hub_nal_type (nal.data, nal.size) == HUB_NAL_AUD;

      if ((feed == FEED_NAL || aud) && cur->len > 0)
        {
          GstBuffer *b = gst_buffer_new_memdup (cur->data, cur->len);
          GST_BUFFER_PTS (b) = pts * GST_SECOND / 30;
          g_ptr_array_add (bufs, b);
          g_byte_array_set_size (cur, 0);
        }
      if (aud)
        pts++;
      g_byte_array_append (cur, (const guint8 *) "\0\0\0\1", 4);
      g_byte_array_append (cur, nal.data, nal.size);
    }
  if (cur->len > 0)
    g_ptr_array_add (bufs, gst_buffer_new_memdup (cur->data, cur->len));
  g_byte_array_unref (cur);
  return bufs;
}

static void
check_clip_feed (const char *name, Feed feed)
{
  g_autoptr (JsonNode) root = hub_test_load_json ("streams.json");
  JsonObject *stream = json_object_get_object_member (
      json_object_get_object_member (json_node_get_object (root), "streams"), name);
  JsonArray *expected = json_object_get_array_member (stream, "expected");
  g_autoptr (GBytes) clip = hub_test_load_data (json_object_get_string_member (stream, "file"));
  g_autoptr (GPtrArray) bufs = cut_clip (clip, feed);
  Expect e;
  GstHarness *h;
  guint n_pass = 0, n_out = 0, n_dropped = 0;
  guint64 last_counter = 0;
  GstBuffer *out;

  load_expect (&e);
  h = new_harness (&e, feed == FEED_AU ? "au" : "nal");
  for (guint i = 0; i < json_array_get_length (expected); i++)
    {
      gboolean pass = g_str_equal (json_array_get_string_element (expected, i), "pass");
      n_pass += pass;
      n_dropped += !pass;
    }

  for (guint i = 0; i < bufs->len; i++)
    g_assert_cmpint (gst_harness_push (h, gst_buffer_ref (g_ptr_array_index (bufs, i))), ==,
                     GST_FLOW_OK);
  gst_harness_push_event (h, gst_event_new_eos ());

  while ((out = gst_harness_try_pull (h)) != NULL)
    {
      HubFrameIdentity id;
      GstMapInfo map;

      g_assert_true (hub_buffer_get_frame_identity (out, &id));
      g_assert_true (hub_frame_identity_matches (&id, e.device_id, e.nonce));
      if (n_out > 0)
        g_assert_cmpuint (id.counter, >, last_counter);
      last_counter = id.counter;
      /* one whole access unit: starts with a start code, holds a slice */
      g_assert_true (gst_buffer_map (out, &map, GST_MAP_READ));
      g_assert_cmpmem (map.data, 4, "\0\0\0\1", 4);
      gst_buffer_unmap (out, &map);
      n_out++;
      gst_buffer_unref (out);
    }
  g_assert_cmpuint (n_out, ==, n_pass);

  /* a closed gate asks for a key frame upstream */
  if (n_dropped > 0)
    {
      GstEvent *ev;
      guint n_kf = 0;

      while ((ev = gst_harness_try_pull_upstream_event (h)) != NULL)
        {
          n_kf += gst_video_event_is_force_key_unit (ev);
          gst_event_unref (ev);
        }
      g_assert_cmpuint (n_kf, >=, 1);
    }

  gst_harness_teardown (h);
  clear_expect (&e);
}

static void
test_clip (gconstpointer data)
{
  check_clip_feed (data, FEED_AU);
  check_clip_feed (data, FEED_NAL);
}

/* Key-frame requests are rate-limited by the element's clock. */
static void
test_keyframe_rate_limit (void)
{
  g_autoptr (GBytes) clip = hub_test_load_data ("valid.h264");
  g_autoptr (GPtrArray) bufs = cut_clip (clip, FEED_AU);
  Expect e;
  GstHarness *h;
  GstEvent *ev;
  guint n_kf = 0;
  guint8 junk[] = { 0, 0, 0, 1, 0x41, 0x88, 0x11, 0x22 }; /* untagged P slice */

  load_expect (&e);
  h = new_harness (&e, "au");
  for (guint i = 0; i < 10; i++)
    gst_harness_push (h, gst_buffer_new_memdup (junk, sizeof junk));
  while ((ev = gst_harness_try_pull_upstream_event (h)) != NULL)
    {
      n_kf += gst_video_event_is_force_key_unit (ev);
      gst_event_unref (ev);
    }
  g_assert_cmpuint (n_kf, ==, 1);

  /* 500 ms later the next drop may ask again */
  gst_harness_set_time (h, 600 * GST_MSECOND);
  gst_harness_push (h, gst_buffer_new_memdup (junk, sizeof junk));
  gst_harness_push (h, gst_buffer_new_memdup (junk, sizeof junk));
  n_kf = 0;
  while ((ev = gst_harness_try_pull_upstream_event (h)) != NULL)
    {
      n_kf += gst_video_event_is_force_key_unit (ev);
      gst_event_unref (ev);
    }
  g_assert_cmpuint (n_kf, ==, 1);
  g_assert_cmpuint (gst_harness_buffers_received (h), ==, 0);

  /* the real stream then opens the gate: no more requests while open */
  for (guint i = 0; i < bufs->len; i++)
    gst_harness_push (h, gst_buffer_ref (g_ptr_array_index (bufs, i)));
  gst_harness_set_time (h, 5 * GST_SECOND);
  gst_harness_push (h, gst_buffer_ref (g_ptr_array_index (bufs, 0))); /* a replay: closes */
  g_assert_cmpuint (gst_harness_buffers_received (h), ==, 60);
  gst_harness_teardown (h);
  clear_expect (&e);
}

/* A new connection asks for a key frame before any data arrives. */
static void
test_keyframe_on_connect (void)
{
  Expect e;
  GstHarness *h;
  GstEvent *ev;
  guint n_kf = 0;

  load_expect (&e);
  h = new_harness (&e, "au"); /* stream-start and caps are pushed, no buffer yet */
  while ((ev = gst_harness_try_pull_upstream_event (h)) != NULL)
    {
      n_kf += gst_video_event_is_force_key_unit (ev);
      gst_event_unref (ev);
    }
  g_assert_cmpuint (n_kf, ==, 1);
  gst_harness_teardown (h);
  clear_expect (&e);
}

/* keyframe-interval = GST_CLOCK_TIME_NONE: the camera is never asked. */
static void
test_keyframe_requests_off (void)
{
  Expect e;
  GstElement *gate = gst_element_factory_make ("hubverifygate", NULL);
  GstHarness *h;
  GstEvent *ev;
  guint8 junk[] = { 0, 0, 0, 1, 0x41, 0x88, 0x11, 0x22 };

  load_expect (&e);
  g_object_set (gate, "device-id", e.device_id, "public-key", e.public_hex, "nonce", e.nonce_hex,
                "keyframe-interval", GST_CLOCK_TIME_NONE, NULL);
  h = gst_harness_new_with_element (gate, "sink", "src");
  gst_object_unref (gate);
  gst_harness_use_testclock (h);
  gst_harness_set_src_caps_str (h, "video/x-h264, stream-format=byte-stream, alignment=au");
  for (guint i = 0; i < 5; i++)
    {
      gst_harness_set_time (h, i * GST_SECOND);
      gst_harness_push (h, gst_buffer_new_memdup (junk, sizeof junk));
    }
  while ((ev = gst_harness_try_pull_upstream_event (h)) != NULL)
    {
      g_assert_false (gst_video_event_is_force_key_unit (ev));
      gst_event_unref (ev);
    }
  gst_harness_teardown (h);
  clear_expect (&e);
}

/* Without its camera the element refuses to stream at all. */
static void
test_unconfigured_refuses (void)
{
  GstHarness *h = gst_harness_new ("hubverifygate");
  guint8 junk[] = { 0, 0, 0, 1, 0x65, 0x88, 0x11 };

  gst_harness_set_src_caps_str (h, "video/x-h264, stream-format=byte-stream, alignment=au");
  g_assert_cmpint (gst_harness_push (h, gst_buffer_new_memdup (junk, sizeof junk)), ==,
                   GST_FLOW_NOT_NEGOTIATED);
  g_assert_cmpuint (gst_harness_buffers_received (h), ==, 0);
  gst_harness_teardown (h);
}

/* The identity survives real decoders and converters to the raw frame. */
static void
test_identity_survives_decoder (gconstpointer data)
{
  const char *decoder = data;
  g_autofree char *clip = hub_test_data_path ("tamper.h264");
  g_autofree char *desc = NULL;
  g_autoptr (GError) error = NULL;
  GstElement *pipeline, *sink;
  GstSample *sample;
  guint n_frames = 0;
  Expect e;

  load_expect (&e);
  desc = g_strdup_printf (
      "filesrc location=%s ! h264parse ! video/x-h264,stream-format=byte-stream,alignment=nal ! "
      "hubverifygate device-id=%s public-key=%s nonce=%s ! %s ! videoconvert ! "
      "video/x-raw,format=BGRx ! appsink name=sink sync=false",
      clip, e.device_id, e.public_hex, e.nonce_hex, decoder);
  pipeline = gst_parse_launch (desc, &error);
  g_assert_no_error (error);
  sink = gst_bin_get_by_name (GST_BIN (pipeline), "sink");
  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  while ((sample = gst_app_sink_pull_sample (GST_APP_SINK (sink))) != NULL)
    {
      HubFrameIdentity id;

      g_assert_true (hub_buffer_get_frame_identity (gst_sample_get_buffer (sample), &id));
      g_assert_true (hub_frame_identity_matches (&id, e.device_id, e.nonce));
      n_frames++;
      gst_sample_unref (sample);
    }
  /* tamper.h264: 52 of 60 units pass; each becomes one frame with its identity */
  g_assert_cmpuint (n_frames, ==, 52);
  gst_element_set_state (pipeline, GST_STATE_NULL);
  gst_object_unref (sink);
  gst_object_unref (pipeline);
  clear_expect (&e);
}

/* ---- §6.2: the caps downstream are the gate's own ---- */

/* The caps events that reached the harness' sink, in order. */
static GPtrArray *
pull_caps_events (GstHarness *h)
{
  GPtrArray *all = g_ptr_array_new_with_free_func ((GDestroyNotify) gst_caps_unref);
  GstEvent *ev;

  while ((ev = gst_harness_try_pull_event (h)) != NULL)
    {
      if (GST_EVENT_TYPE (ev) == GST_EVENT_CAPS)
        {
          GstCaps *caps;

          gst_event_parse_caps (ev, &caps);
          g_ptr_array_add (all, gst_caps_ref (caps));
        }
      gst_event_unref (ev);
    }
  return all;
}

/* Upstream lies about the stream (size, profile, level, a field of its
 * own): downstream sees what the verified SPS says, set once. The oracle is
 * what h264parse reports for valid.h264: 160×120, High 4:4:4, level 1.3. */
static void
test_caps_from_verified_sps (void)
{
  g_autoptr (GBytes) clip = hub_test_load_data ("valid.h264");
  g_autoptr (GPtrArray) bufs = cut_clip (clip, FEED_AU);
  g_autoptr (GPtrArray) caps = NULL;
  g_autoptr (GstCaps) want = gst_caps_from_string (
      "video/x-h264, stream-format=(string)byte-stream, alignment=(string)au, width=(int)160, "
      "height=(int)120, profile=(string)high-4:4:4, level=(string)1.3");
  g_autoptr (GstCaps) current = NULL;
  Expect e;
  GstElement *gate = gst_element_factory_make ("hubverifygate", NULL);
  GstHarness *h;
  guint n_sized = 0;

  load_expect (&e);
  g_object_set (gate, "device-id", e.device_id, "public-key", e.public_hex, "nonce",
                e.nonce_hex, NULL);
  h = gst_harness_new_with_element (gate, "sink", "src");
  gst_object_unref (gate);
  gst_harness_set_src_caps_str (h, "video/x-h264, stream-format=byte-stream, alignment=au, "
                                   "width=1920, height=1080, profile=baseline, level=(string)5.1, "
                                   "framerate=30/1, colorimetry=bt709, hub-forged=true");
  for (guint i = 0; i < bufs->len; i++)
    g_assert_cmpint (gst_harness_push (h, gst_buffer_ref (g_ptr_array_index (bufs, i))), ==,
                     GST_FLOW_OK);
  g_assert_cmpuint (gst_harness_buffers_received (h), ==, 60);

  caps = pull_caps_events (h);
  g_assert_cmpuint (caps->len, >=, 1);
  for (guint i = 0; i < caps->len; i++)
    {
      GstStructure *st = gst_caps_get_structure (g_ptr_array_index (caps, i), 0);
      g_autofree char *str = gst_caps_to_string (g_ptr_array_index (caps, i));

      g_test_message ("caps %u: %s", i, str);
      g_assert_false (gst_structure_has_field (st, "hub-forged"));
      g_assert_false (gst_structure_has_field (st, "framerate"));
      n_sized += gst_structure_has_field (st, "width");
    }
  /* four IDRs bring the same SPS: the caps are set once */
  g_assert_cmpuint (n_sized, ==, 1);
  g_assert_true (gst_caps_is_equal (g_ptr_array_index (caps, caps->len - 1), want));
  current = gst_pad_get_current_caps (h->sinkpad);
  g_assert_true (gst_caps_is_equal (current, want));
  gst_harness_teardown (h);
  clear_expect (&e);
}

typedef struct
{
  GPtrArray *reasons; /* reasons of hub-gate-state messages, char * */
} BusLog;

static void
drain_bus (GstBus *bus, BusLog *log)
{
  GstMessage *m;

  while ((m = gst_bus_pop_filtered (bus, GST_MESSAGE_ELEMENT)) != NULL)
    {
      const GstStructure *st = gst_message_get_structure (m);

      if (gst_structure_has_name (st, "hub-gate-state"))
        g_ptr_array_add (log->reasons, g_strdup (gst_structure_get_string (st, "reason")));
      gst_message_unref (m);
    }
}

/* A change of upstream caps is a discontinuity: the next P unit, valid and
 * consecutive, waits for a key frame; the next IDR opens again. The
 * upstream caps never reach downstream. */
static void
test_caps_change_closes_gate (void)
{
  g_autoptr (GBytes) clip = hub_test_load_data ("valid.h264");
  g_autoptr (GPtrArray) bufs = cut_clip (clip, FEED_AU);
  g_autoptr (GPtrArray) caps = NULL;
  g_autoptr (GstBus) bus = gst_bus_new ();
  BusLog log = { g_ptr_array_new_with_free_func (g_free) };
  Expect e;
  GstHarness *h;
  guint next_idr = 0;

  load_expect (&e);
  h = new_harness (&e, "au");
  gst_element_set_bus (h->element, bus);
  /* valid.h264: an IDR every 15 units */
  for (guint i = 0; i < 3; i++)
    gst_harness_push (h, gst_buffer_ref (g_ptr_array_index (bufs, i)));
  g_assert_cmpuint (gst_harness_buffers_received (h), ==, 3);
  drain_bus (bus, &log);
  g_ptr_array_set_size (log.reasons, 0);

  gst_harness_set_src_caps_str (h, "video/x-h264, stream-format=byte-stream, alignment=au, "
                                   "width=320, height=240");
  gst_harness_push (h, gst_buffer_ref (g_ptr_array_index (bufs, 3)));
  g_assert_cmpuint (gst_harness_buffers_received (h), ==, 3);
  drain_bus (bus, &log);
  g_assert_cmpuint (log.reasons->len, >=, 1);
  g_assert_cmpstr (g_ptr_array_index (log.reasons, 0), ==, "wait-keyframe");

  for (guint i = 4; i < bufs->len; i++)
    {
      GstMapInfo map;
      gboolean idr = FALSE;
      gsize offset = 0;
      HubNal nal;

      g_assert_true (gst_buffer_map (g_ptr_array_index (bufs, i), &map, GST_MAP_READ));
      while (hub_annexb_next_nal (map.data, map.size, &offset, &nal))
        idr |= hub_nal_type (nal.data, nal.size) == HUB_NAL_SLICE_IDR;
      gst_buffer_unmap (g_ptr_array_index (bufs, i), &map);
      if (idr && next_idr == 0)
        next_idr = i;
      gst_harness_push (h, gst_buffer_ref (g_ptr_array_index (bufs, i)));
    }
  g_assert_cmpuint (next_idr, ==, 15);
  /* 0..2 before the change, then from the next IDR to the end */
  g_assert_cmpuint (gst_harness_buffers_received (h), ==, 3 + (bufs->len - next_idr));

  caps = pull_caps_events (h);
  for (guint i = 0; i < caps->len; i++)
    {
      gint width = 0;

      gst_structure_get_int (gst_caps_get_structure (g_ptr_array_index (caps, i), 0), "width",
                             &width);
      g_assert_true (width == 0 || width == 160);
    }
  gst_element_set_bus (h->element, NULL);
  g_ptr_array_unref (log.reasons);
  gst_harness_teardown (h);
  clear_expect (&e);
}

/* An ALLOCATION query of upstream (encoded data) never reaches the decoder:
 * what it would propose — a pool, an allocator, metas — stays downstream. */
static void
test_allocation_not_proxied (void)
{
  Expect e;
  GstHarness *h;
  g_autoptr (GstCaps) caps = gst_caps_from_string (
      "video/x-h264, stream-format=byte-stream, alignment=au, width=640, height=360");
  GstQuery *query;
  GstAllocationParams params;

  load_expect (&e);
  h = new_harness (&e, "au");
  /* what the harness' sink (standing for the decoder) proposes */
  gst_allocation_params_init (&params);
  params.prefix = 64;
  gst_harness_set_propose_allocator (h, NULL, &params);
  gst_harness_add_propose_allocation_meta (h, GST_VIDEO_META_API_TYPE, NULL);

  query = gst_query_new_allocation (caps, TRUE);
  gst_pad_peer_query (h->srcpad, query);
  g_assert_cmpuint (gst_query_get_n_allocation_params (query), ==, 0);
  g_assert_cmpuint (gst_query_get_n_allocation_metas (query), ==, 0);
  g_assert_cmpuint (gst_query_get_n_allocation_pools (query), ==, 0);
  gst_query_unref (query);
  gst_harness_teardown (h);
  clear_expect (&e);
}

int
main (int argc, char *argv[])
{
  static const char *const clips[] = { "valid", "cross-feed", "tamper", "relay-repeats-params" };

  gst_init (&argc, &argv);
  g_test_init (&argc, &argv, NULL);
  GST_ELEMENT_REGISTER (hubverifygate, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (clips); i++)
    {
      g_autofree char *path = g_strdup_printf ("/hub/verify-gate/clip/%s", clips[i]);
      g_test_add_data_func (path, clips[i], test_clip);
    }
  g_test_add_func ("/hub/verify-gate/keyframe-rate-limit", test_keyframe_rate_limit);
  g_test_add_func ("/hub/verify-gate/caps/from-verified-sps", test_caps_from_verified_sps);
  g_test_add_func ("/hub/verify-gate/caps/change-closes-gate", test_caps_change_closes_gate);
  g_test_add_func ("/hub/verify-gate/allocation-not-proxied", test_allocation_not_proxied);
  g_test_add_func ("/hub/verify-gate/unconfigured-refuses", test_unconfigured_refuses);
  g_test_add_func ("/hub/verify-gate/keyframe-on-connect", test_keyframe_on_connect);
  g_test_add_func ("/hub/verify-gate/keyframe-requests-off", test_keyframe_requests_off);
  g_test_add_data_func ("/hub/verify-gate/identity/avdec_h264", "avdec_h264",
                        test_identity_survives_decoder);
  g_test_add_data_func ("/hub/verify-gate/identity/decodebin3", "decodebin3",
                        test_identity_survives_decoder);
  return g_test_run ();
}
