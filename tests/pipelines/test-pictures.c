/* test-pictures.c — the picture painted is the one the camera sent (signed-frames §6.1)
 *
 * Copyright 2026 hubview developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * A signed clip is decoded through appsrc ! h264parse ! hubverifygate !
 * avdec_h264 ! appsink into raw frames: the reference, keyed by the counter
 * each frame's identity meta carries. Then hostile variants of the clip,
 * built here from its NAL units, go through the same pipeline: whatever a
 * relay adds without a signature (SEI, parameter set copies, end of
 * sequence, reserved NAL types, a parameter set swallowed by a dropped
 * unit), every frame that comes out is the reference frame of its counter,
 * pixel for pixel, and frames keep coming after the attack's next IDR.
 */
#include "hub-test-support.h"

#include <gst/app/app.h>
#include <gst/video/video.h>

#include "hub-annexb.h"
#include "hub-device-cert.h"
#include "hub-frame-identity-meta.h"
#include "hub-frame-tag.h"
#include "hub-signer.h"
#include "hub-verify-gate.h"

/* The camera and session a clip is verified against. */
typedef struct
{
  char *device_id;
  char *public_hex;
  char *nonce_hex;
} Session;

static void
session_clear (Session *s)
{
  g_free (s->device_id);
  g_free (s->public_hex);
  g_free (s->nonce_hex);
}

/* The session of tests/data's signed clips (streams.json). */
static void
session_of_clips (Session *s)
{
  g_autoptr (JsonNode) root = hub_test_load_json ("streams.json");
  JsonObject *o = json_node_get_object (root);

  s->device_id = g_strdup (json_object_get_string_member (o, "device_id"));
  s->public_hex = g_strdup (json_object_get_string_member (o, "public_hex"));
  s->nonce_hex = g_strdup (json_object_get_string_member (o, "nonce_hex"));
}

/* ---- decoding a stream into frames ---- */

typedef struct
{
  GHashTable *frames; /* counter (guint64 *) → SHA-256 of the visible pixels (char *) */
  guint n_frames;
  guint n_duplicate_counters;
  gboolean eos;
} Decoded;

static void
decoded_free (Decoded *d)
{
  g_hash_table_unref (d->frames);
  g_free (d);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Decoded, decoded_free)

/* SHA-256 over the visible pixels, plane by plane, row by row: padding and
 * strides do not count. */
static char *
frame_digest (GstSample *sample)
{
  GstVideoInfo info;
  GstVideoFrame frame;
  GChecksum *sum = g_checksum_new (G_CHECKSUM_SHA256);
  char *hex;

  g_assert_true (gst_video_info_from_caps (&info, gst_sample_get_caps (sample)));
  g_assert_true (gst_video_frame_map (&frame, &info, gst_sample_get_buffer (sample), GST_MAP_READ));
  g_checksum_update (sum, (const guchar *) gst_video_format_to_string (info.finfo->format), -1);
  for (guint c = 0; c < GST_VIDEO_FRAME_N_COMPONENTS (&frame); c++)
    {
      const guint8 *data = GST_VIDEO_FRAME_COMP_DATA (&frame, c);
      gint stride = GST_VIDEO_FRAME_COMP_STRIDE (&frame, c);
      gsize row = (gsize) GST_VIDEO_FRAME_COMP_WIDTH (&frame, c)
                  * GST_VIDEO_FRAME_COMP_PSTRIDE (&frame, c);

      for (gint y = 0; y < GST_VIDEO_FRAME_COMP_HEIGHT (&frame, c); y++)
        g_checksum_update (sum, data + (gsize) y * stride, row);
    }
  gst_video_frame_unmap (&frame);
  hex = g_strdup (g_checksum_get_string (sum));
  g_checksum_free (sum);
  return hex;
}

/* Annex-B stream @stream cut into buffers at each AUD (as a camera's
 * access units arrive), decoded through the gate configured for @session. */
static Decoded *
decode (GBytes *stream, const Session *session)
{
  g_autofree char *launch = g_strdup_printf (
      "appsrc name=src format=time caps=\"video/x-h264, stream-format=byte-stream\" ! "
      "h264parse ! video/x-h264, stream-format=byte-stream, alignment=au ! "
      "hubverifygate device-id=%s public-key=%s nonce=%s ! avdec_h264 ! "
      "appsink name=sink sync=false",
      session->device_id, session->public_hex, session->nonce_hex);
  g_autoptr (GError) error = NULL;
  g_autoptr (GstElement) pipeline = gst_parse_launch (launch, &error);
  g_autoptr (GstElement) src = NULL;
  g_autoptr (GstElement) sink = NULL;
  g_autoptr (GstBus) bus = NULL;
  g_autoptr (GstMessage) err = NULL;
  Decoded *d = g_new0 (Decoded, 1);
  gsize len, offset = 0, start = 0;
  const guint8 *data = g_bytes_get_data (stream, &len);
  guint n_bufs = 0;
  GstSample *sample;
  HubNal nal;

  g_assert_no_error (error);
  d->frames = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  src = gst_bin_get_by_name (GST_BIN (pipeline), "src");
  sink = gst_bin_get_by_name (GST_BIN (pipeline), "sink");

  /* one buffer per access unit of the camera (from one AUD to the next) */
  while (hub_annexb_next_nal (data, len, &offset, &nal))
    {
      gsize nal_start = nal.data - data;

      while (nal_start > start && data[nal_start - 1] == 0)
        nal_start--;
      if (hub_nal_type (nal.data, nal.size) == HUB_NAL_AUD && nal_start > start)
        {
          GstBuffer *b = gst_buffer_new_memdup (data + start, nal_start - start);

          GST_BUFFER_PTS (b) = n_bufs++ * GST_SECOND / 15;
          g_assert_cmpint (gst_app_src_push_buffer (GST_APP_SRC (src), b), ==, GST_FLOW_OK);
          start = nal_start;
        }
    }
  if (len > start)
    {
      GstBuffer *b = gst_buffer_new_memdup (data + start, len - start);

      GST_BUFFER_PTS (b) = n_bufs++ * GST_SECOND / 15;
      g_assert_cmpint (gst_app_src_push_buffer (GST_APP_SRC (src), b), ==, GST_FLOW_OK);
    }
  gst_app_src_end_of_stream (GST_APP_SRC (src));

  g_assert_cmpint (gst_element_set_state (pipeline, GST_STATE_PLAYING), !=,
                   GST_STATE_CHANGE_FAILURE);
  while ((sample = gst_app_sink_try_pull_sample (GST_APP_SINK (sink), 20 * GST_SECOND)) != NULL)
    {
      HubFrameIdentity id;
      guint64 *key;

      g_assert_true (hub_buffer_get_frame_identity (gst_sample_get_buffer (sample), &id));
      key = g_memdup2 (&id.counter, sizeof id.counter);
      if (g_hash_table_contains (d->frames, key))
        d->n_duplicate_counters++;
      g_hash_table_insert (d->frames, key, frame_digest (sample));
      d->n_frames++;
      gst_sample_unref (sample);
    }
  d->eos = gst_app_sink_is_eos (GST_APP_SINK (sink));
  bus = gst_element_get_bus (pipeline);
  err = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR);
  if (err != NULL)
    {
      g_autoptr (GError) e = NULL;

      gst_message_parse_error (err, &e, NULL);
      g_test_message ("pipeline error: %s", e->message);
    }
  gst_element_set_state (pipeline, GST_STATE_NULL);
  return d;
}

/* Every frame of @got is its counter's frame in @ref; every counter of
 * @ref from @resume_from on came out. */
static void
assert_pictures (const char *what, Decoded *ref, Decoded *got, guint64 resume_from)
{
  GHashTableIter iter;
  gpointer key, value;
  guint n_checked = 0, n_after = 0;

  g_test_message ("%s: %u frames decoded (reference %u), eos %d", what, got->n_frames,
                  ref->n_frames, got->eos);
  g_assert_true (got->eos);
  g_assert_cmpuint (got->n_duplicate_counters, ==, 0);
  g_hash_table_iter_init (&iter, got->frames);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const char *want = g_hash_table_lookup (ref->frames, key);

      if (want == NULL || g_strcmp0 (want, value) != 0)
        g_error ("%s: frame of counter %" G_GUINT64_FORMAT " differs from the camera's", what,
                 *(guint64 *) key);
      n_checked++;
    }
  g_hash_table_iter_init (&iter, ref->frames);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      if (*(guint64 *) key < resume_from)
        continue;
      if (!g_hash_table_contains (got->frames, key))
        g_error ("%s: no frame of counter %" G_GUINT64_FORMAT " after the attack's next IDR",
                 what, *(guint64 *) key);
      n_after++;
    }
  g_assert_cmpuint (n_checked, >, 0);
  g_assert_cmpuint (n_after, >, 0);
}

/* ---- the clip as NAL units, and variants of it ---- */

typedef struct
{
  GPtrArray *nals;  /* GBytes, one NAL unit each (no start code) */
  GArray *is_tag;   /* gboolean: a tag SEI */
  GArray *tag_idr;  /* gboolean: a tag SEI with the IDR flag */
  GArray *counter;  /* guint64: the tag's counter (tag SEIs only) */
} Clip;

static void
clip_free (Clip *c)
{
  g_ptr_array_unref (c->nals);
  g_array_unref (c->is_tag);
  g_array_unref (c->tag_idr);
  g_array_unref (c->counter);
  g_free (c);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Clip, clip_free)

static Clip *
clip_parse (GBytes *bytes)
{
  Clip *c = g_new0 (Clip, 1);
  gsize len, offset = 0;
  const guint8 *data = g_bytes_get_data (bytes, &len);
  HubNal nal;

  c->nals = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  c->is_tag = g_array_new (FALSE, TRUE, sizeof (gboolean));
  c->tag_idr = g_array_new (FALSE, TRUE, sizeof (gboolean));
  c->counter = g_array_new (FALSE, TRUE, sizeof (guint64));
  while (hub_annexb_next_nal (data, len, &offset, &nal))
    {
      guint8 tag_bytes[HUB_TAG_MAX_SIZE];
      gsize tag_len = 0;
      HubFrameTag tag = { 0 };
      gboolean is_tag = hub_nal_type (nal.data, nal.size) == HUB_NAL_SEI
                        && hub_sei_find_tag (nal.data, nal.size, tag_bytes, sizeof tag_bytes,
                                             &tag_len) == HUB_SEI_TAG
                        && hub_frame_tag_decode (tag_bytes, tag_len, &tag);
      gboolean idr = is_tag && (tag.flags & HUB_TAG_FLAG_IDR);
      guint64 counter = tag.counter;

      g_ptr_array_add (c->nals, g_bytes_new (nal.data, nal.size));
      g_array_append_val (c->is_tag, is_tag);
      g_array_append_val (c->tag_idr, idr);
      g_array_append_val (c->counter, counter);
    }
  return c;
}

static gboolean
clip_is_tag (Clip *c, guint i, gboolean *idr, guint64 *counter)
{
  if (idr != NULL)
    *idr = g_array_index (c->tag_idr, gboolean, i);
  if (counter != NULL)
    *counter = g_array_index (c->counter, guint64, i);
  return g_array_index (c->is_tag, gboolean, i);
}

static int
clip_type (Clip *c, guint i)
{
  GBytes *b = g_ptr_array_index (c->nals, i);

  return hub_nal_type (g_bytes_get_data (b, NULL), g_bytes_get_size (b));
}

static void
append_nal (GByteArray *out, const guint8 *nal, gsize len)
{
  g_byte_array_append (out, (const guint8 *) "\0\0\0\1", 4);
  g_byte_array_append (out, nal, len);
}

static void
append_nal_bytes (GByteArray *out, GBytes *nal)
{
  append_nal (out, g_bytes_get_data (nal, NULL), g_bytes_get_size (nal));
}

/* What an attack does to the stream: called for every NAL unit of the
 * clip, it appends that NAL unit (or something else) to @out. @sps, @pps:
 * the most recent parameter sets before it. */
typedef void (*AttackFunc) (Clip *c, guint i, GBytes *sps, GBytes *pps, GByteArray *out);

static GBytes *
clip_variant (Clip *c, AttackFunc attack)
{
  GByteArray *out = g_byte_array_new ();
  GBytes *sps = NULL, *pps = NULL;

  for (guint i = 0; i < c->nals->len; i++)
    {
      if (clip_type (c, i) == HUB_NAL_SPS)
        sps = g_ptr_array_index (c->nals, i);
      else if (clip_type (c, i) == HUB_NAL_PPS)
        pps = g_ptr_array_index (c->nals, i);
      attack (c, i, sps, pps, out);
    }
  return g_byte_array_free_to_bytes (out);
}

/* whether NAL unit @i is the tag SEI of a P unit */
static gboolean
is_p_tag (Clip *c, guint i)
{
  gboolean idr = FALSE;

  return clip_is_tag (c, i, &idr, NULL) && !idr;
}

/* One mastering display colour volume message as it stands in an SEI's
 * RBSP: payloadType 137, payloadSize 24, display primaries, white point,
 * maximum and minimum luminance. */
static const guint8 mastering_display_message[] = {
  137, 24,
  0x33, 0xc2, 0x86, 0xc4, 0x1d, 0x4c, 0x0b, 0xb8, 0x84, 0xd0, 0x3e, 0x80,
  0x3d, 0x13, 0x40, 0x42, 0x00, 0x98, 0x96, 0x80, 0x00, 0x00, 0x00, 0x32,
};

/* An SEI NAL unit of that one message (emulation prevention applied). */
static GBytes *
mastering_display_sei (void)
{
  guint8 rbsp[sizeof mastering_display_message + 1];
  guint8 nal[2 * sizeof rbsp + 1];

  memcpy (rbsp, mastering_display_message, sizeof mastering_display_message);
  rbsp[sizeof mastering_display_message] = 0x80;
  nal[0] = HUB_NAL_SEI;
  return g_bytes_new (nal, 1 + hub_nal_escape (rbsp, sizeof rbsp, nal + 1));
}

/* (a) an SEI and byte copies of the current SPS and PPS in front of every
 * signed P unit */
static void
attack_sei_and_params (Clip *c, guint i, GBytes *sps, GBytes *pps, GByteArray *out)
{
  if (is_p_tag (c, i))
    {
      g_autoptr (GBytes) sei = mastering_display_sei ();

      append_nal_bytes (out, sei);
      append_nal_bytes (out, sps);
      append_nal_bytes (out, pps);
    }
  append_nal_bytes (out, g_ptr_array_index (c->nals, i));
}

/* (b) the tag SEI of every P unit with a second message merged into it */
static void
attack_merged_sei (Clip *c, guint i, GBytes *sps, GBytes *pps, GByteArray *out)
{
  GBytes *nal = g_ptr_array_index (c->nals, i);
  gsize len = g_bytes_get_size (nal), n;
  g_autofree guint8 *rbsp = NULL, *merged = NULL;

  if (!is_p_tag (c, i))
    {
      append_nal_bytes (out, nal);
      return;
    }
  rbsp = g_malloc (len + 64);
  n = hub_nal_unescape ((const guint8 *) g_bytes_get_data (nal, NULL) + 1, len - 1, rbsp);
  g_assert_cmpuint (rbsp[n - 1], ==, 0x80);
  n--; /* the trailing bits go after the merged message */
  memcpy (rbsp + n, mastering_display_message, sizeof mastering_display_message);
  n += sizeof mastering_display_message;
  rbsp[n++] = 0x80;
  merged = g_malloc (1 + hub_nal_escaped_size (rbsp, n));
  merged[0] = HUB_NAL_SEI;
  append_nal (out, merged, 1 + hub_nal_escape (rbsp, n, merged + 1));
}

/* (c) end of sequence in front of every P unit, end of stream in front of
 * every third */
static void
attack_end_of_sequence (Clip *c, guint i, GBytes *sps, GBytes *pps, GByteArray *out)
{
  static const guint8 end_of_seq[] = { 0x0a }, end_of_stream[] = { 0x0b };
  guint64 counter = 0;

  if (is_p_tag (c, i) && clip_is_tag (c, i, NULL, &counter))
    {
      append_nal (out, end_of_seq, sizeof end_of_seq);
      if (counter % 3 == 0)
        append_nal (out, end_of_stream, sizeof end_of_stream);
    }
  append_nal_bytes (out, g_ptr_array_index (c->nals, i));
}

/* (d) reserved NAL unit types 17, 22 and 23, an SPS extension, a subset SPS
 * (the SPS's bytes under type 15) and a prefix NAL unit in front of every
 * P unit */
static void
attack_reserved_types (Clip *c, guint i, GBytes *sps, GBytes *pps, GByteArray *out)
{
  if (is_p_tag (c, i))
    {
      static const guint8 reserved[][4] = {
        { 0x71, 0x42, 0x17, 0x80 }, { 0x76, 0x42, 0x16, 0x80 }, { 0x77, 0x42, 0x23, 0x80 },
      };
      static const guint8 sps_ext[] = { 0x6d, 0xc8, 0x80 };    /* id 0, aux_format_idc 3 … */
      static const guint8 prefix[] = { 0x6e, 0x80, 0x00, 0x40, 0x80 };
      g_autofree guint8 *subset = g_memdup2 (g_bytes_get_data (sps, NULL),
                                             g_bytes_get_size (sps));

      for (guint k = 0; k < G_N_ELEMENTS (reserved); k++)
        append_nal (out, reserved[k], sizeof reserved[k]);
      append_nal (out, sps_ext, sizeof sps_ext);
      subset[0] = (subset[0] & 0xe0) | 15;
      append_nal (out, subset, g_bytes_get_size (sps));
      append_nal (out, prefix, sizeof prefix);
    }
  append_nal_bytes (out, g_ptr_array_index (c->nals, i));
}

static void
attack_none (Clip *c, guint i, GBytes *sps, GBytes *pps, GByteArray *out)
{
  append_nal_bytes (out, g_ptr_array_index (c->nals, i));
}

typedef struct
{
  const char *name;
  AttackFunc attack;
} Variant;

static const Variant clip_variants[] = {
  { "sei-and-param-copies", attack_sei_and_params },
  { "merged-sei", attack_merged_sei },
  { "end-of-sequence", attack_end_of_sequence },
  { "reserved-types", attack_reserved_types },
};

static Decoded *valid_reference;

static Decoded *
reference_of_valid (void)
{
  if (valid_reference == NULL)
    {
      g_autoptr (GBytes) clip = hub_test_load_data ("valid.h264");
      Session session;

      session_of_clips (&session);
      valid_reference = decode (clip, &session);
      session_clear (&session);
      /* valid.h264: 60 access units, all signed, each one frame */
      g_assert_cmpuint (valid_reference->n_frames, ==, 60);
      g_assert_cmpuint (g_hash_table_size (valid_reference->frames), ==, 60);
    }
  return valid_reference;
}

static void
test_clip_variant (gconstpointer data)
{
  const Variant *v = data;
  g_autoptr (GBytes) bytes = hub_test_load_data ("valid.h264");
  g_autoptr (Clip) clip = clip_parse (bytes);
  g_autoptr (GBytes) same = clip_variant (clip, attack_none);
  g_autoptr (GBytes) hostile = clip_variant (clip, v->attack);
  g_autoptr (Decoded) got = NULL;
  Decoded *ref = reference_of_valid ();
  guint64 resume_from = 0;
  Session session;

  /* the clip rebuilt from its NAL units is the clip (4-byte start codes) */
  g_assert_cmpuint (g_bytes_get_size (same), ==, g_bytes_get_size (bytes));
  g_assert_cmpuint (g_bytes_get_size (hostile), >, g_bytes_get_size (bytes));

  /* Every P unit is attacked from the first on. Whatever the attack made of
   * upstream's caps (h264parse announces an SEI's mastering display, for
   * one: a discontinuity), frames come back at the first IDR after it. */
  for (guint i = 0; i < clip->nals->len; i++)
    {
      gboolean idr = FALSE;
      guint64 counter = 0;

      if (clip_is_tag (clip, i, &idr, &counter) && idr && counter > 0)
        {
          resume_from = counter;
          break;
        }
    }
  g_assert_cmpuint (resume_from, >, 0);

  session_of_clips (&session);
  got = decode (hostile, &session);
  session_clear (&session);
  assert_pictures (v->name, ref, got, resume_from);
}

/* ---- (e) parameter sets swallowed by a dropped unit ---- */

#define PPS_DEVICE "cam-pictures"

/* Access units of an x264 encoding (byte-stream, AU-aligned, SPS and PPS in
 * front of every IDR). */
static void
encode (const char *x264_props, guint n_frames, GPtrArray *aus)
{
  g_autofree char *launch = g_strdup_printf (
      "videotestsrc num-buffers=%u pattern=ball ! "
      "video/x-raw, format=I420, width=160, height=120, framerate=15/1 ! "
      "x264enc key-int-max=10 bframes=0 tune=zerolatency %s ! h264parse config-interval=-1 ! "
      "video/x-h264, stream-format=byte-stream, alignment=au ! appsink name=sink sync=false",
      n_frames, x264_props);
  g_autoptr (GError) error = NULL;
  g_autoptr (GstElement) pipeline = gst_parse_launch (launch, &error);
  g_autoptr (GstElement) sink = NULL;
  GstSample *sample;
  guint n = 0;

  g_assert_no_error (error);
  sink = gst_bin_get_by_name (GST_BIN (pipeline), "sink");
  g_assert_cmpint (gst_element_set_state (pipeline, GST_STATE_PLAYING), !=,
                   GST_STATE_CHANGE_FAILURE);
  while ((sample = gst_app_sink_try_pull_sample (GST_APP_SINK (sink), 20 * GST_SECOND)) != NULL)
    {
      GstMapInfo map;
      GstBuffer *buf = gst_sample_get_buffer (sample);

      g_assert_true (gst_buffer_map (buf, &map, GST_MAP_READ));
      g_ptr_array_add (aus, g_bytes_new (map.data, map.size));
      gst_buffer_unmap (buf, &map);
      gst_sample_unref (sample);
      n++;
    }
  gst_element_set_state (pipeline, GST_STATE_NULL);
  g_assert_cmpuint (n, ==, n_frames);
}

/* The PPS of an access unit (NULL when it has none). */
static GBytes *
au_pps (GBytes *au)
{
  gsize len, offset = 0;
  const guint8 *data = g_bytes_get_data (au, &len);
  HubNal nal;

  while (hub_annexb_next_nal (data, len, &offset, &nal))
    if (hub_nal_type (nal.data, nal.size) == HUB_NAL_PPS)
      return g_bytes_new (nal.data, nal.size);
  return NULL;
}

/* A camera whose PPS changes mid-session (CABAC, then CAVLC: the same
 * slices mean something else under each), signed; in the hostile copy a
 * relay puts an unsigned slice right after the new PPS at every IDR of the
 * second part, so that the unit the PPS arrived in is dropped as no-tag. */
static void
test_pps_switch_in_dropped_unit (void)
{
  g_autoptr (GPtrArray) aus = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autoptr (GByteArray) clean = g_byte_array_new ();
  g_autoptr (GByteArray) hostile = g_byte_array_new ();
  g_autoptr (GBytes) clean_bytes = NULL, hostile_bytes = NULL;
  g_autoptr (GBytes) pps1 = NULL, pps2 = NULL;
  g_autoptr (Decoded) ref = NULL, got = NULL;
  g_autoptr (GBytes) foreign_slice = NULL;
  guint8 seed[32], pk[32], sk[64], nonce[16];
  char pk_hex[65], nonce_hex[33];
  Session session = { (char *) PPS_DEVICE, pk_hex, nonce_hex };
  HubSigner *signer;
  const guint n_first = 20, n_second = 30;
  guint64 first_switched_idr = 0;
  gboolean in_second = FALSE;

  encode ("speed-preset=superfast cabac=true", n_first, aus);
  encode ("speed-preset=superfast cabac=false", n_second, aus);
  pps1 = au_pps (g_ptr_array_index (aus, 0));
  pps2 = au_pps (g_ptr_array_index (aus, n_first));
  g_assert_nonnull (pps1);
  g_assert_nonnull (pps2);
  g_assert_false (g_bytes_equal (pps1, pps2));

  crypto_hash_sha256 (seed, (const guint8 *) "test-pictures camera", 20);
  crypto_sign_seed_keypair (pk, sk, seed);
  randombytes_buf (nonce, sizeof nonce);
  sodium_bin2hex (pk_hex, sizeof pk_hex, pk, sizeof pk);
  sodium_bin2hex (nonce_hex, sizeof nonce_hex, nonce, sizeof nonce);
  signer = hub_signer_new (seed, PPS_DEVICE, nonce);

  for (guint i = 0; i < aus->len; i++)
    {
      gsize au_len, signed_len = 0, offset = 0;
      const guint8 *au = g_bytes_get_data (g_ptr_array_index (aus, i), &au_len);
      guint64 counter = hub_signer_get_counter (signer);
      g_autofree guint8 *signed_au = hub_signer_sign_au (signer, au, au_len,
                                                         1700000000000000 + i, &signed_len);
      gboolean has_pps = FALSE;
      HubNal nal;

      g_assert_nonnull (signed_au);
      g_byte_array_append (clean, signed_au, signed_len);
      in_second = i >= n_first;
      while (hub_annexb_next_nal (signed_au, signed_len, &offset, &nal))
        {
          int type = hub_nal_type (nal.data, nal.size);

          append_nal (hostile, nal.data, nal.size);
          if (type == HUB_NAL_PPS)
            has_pps = TRUE;
          /* a P slice of the first part, unsigned, after the new PPS */
          if (type == HUB_NAL_PPS && in_second)
            {
              append_nal_bytes (hostile, foreign_slice);
              if (first_switched_idr == 0)
                first_switched_idr = counter;
            }
          if (type == HUB_NAL_SLICE && foreign_slice == NULL)
            foreign_slice = g_bytes_new (nal.data, nal.size);
        }
      g_assert_true (!in_second || i % 10 != 0 || has_pps);
    }
  hub_signer_free (signer);
  g_assert_cmpuint (first_switched_idr, ==, n_first);

  clean_bytes = g_byte_array_free_to_bytes (g_steal_pointer (&clean));
  hostile_bytes = g_byte_array_free_to_bytes (g_steal_pointer (&hostile));
  ref = decode (clean_bytes, &session);
  g_assert_cmpuint (ref->n_frames, ==, n_first + n_second);
  got = decode (hostile_bytes, &session);
  /* the IDR after each injected slice opens the gate again at once */
  assert_pictures ("pps-switch-in-dropped-unit", ref, got, first_switched_idr);
  g_assert_cmpuint (got->n_frames, ==, n_first + n_second);
}

int
main (int argc, char *argv[])
{
  int ret;

  gst_init (&argc, &argv);
  g_test_init (&argc, &argv, NULL);
  g_assert_cmpint (sodium_init (), >=, 0);
  GST_ELEMENT_REGISTER (hubverifygate, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (clip_variants); i++)
    {
      g_autofree char *path = g_strdup_printf ("/hub/pictures/%s", clip_variants[i].name);

      g_test_add_data_func (path, &clip_variants[i], test_clip_variant);
    }
  g_test_add_func ("/hub/pictures/pps-switch-in-dropped-unit", test_pps_switch_in_dropped_unit);
  ret = g_test_run ();
  g_clear_pointer (&valid_reference, decoded_free);
  return ret;
}
