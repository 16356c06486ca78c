/* hub-verify-gate.c — hubverifygate: the provenance gate as a GStreamer element
 *
 * Copyright 2026 hubview developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * H.264 byte-stream in (NAL- or AU-aligned), AU-aligned out. Every NAL unit
 * goes through the provenance core's gate, which re-cuts the stream into
 * the units of spec §5 and decides each one the moment its last slice
 * arrives; a unit that passes leaves as one access unit with a
 * HubFrameIdentityMeta, anything else is dropped. While the gate is closed
 * the element asks upstream for a key frame, at most once per
 * keyframe-interval.
 *
 * What the decoder sees is derived from verified data only (signed-frames
 * §6.1, §6.2): the access units the gate rebuilt from verified bytes, and
 * caps the element sets itself — video/x-h264, byte-stream, au, plus width,
 * height, profile and level read from the verified SPS with GStreamer's
 * H.264 parser. Caps from upstream are never forwarded: a change of them is
 * a discontinuity (the gate closes until the next valid IDR).
 */
#define G_LOG_DOMAIN "hub-verify-gate"

#include "hub-verify-gate.h"

#define GST_USE_UNSTABLE_API /* the H.264 codec parser */
#include <gst/codecparsers/gsth264parser.h>
#include <gst/pbutils/codec-utils.h>
#include <gst/video/video.h>
#include <string.h>

#include "hub-annexb.h"
#include "hub-device-cert.h"
#include "hub-frame-identity-meta.h"
#include "hub-gate.h"

GST_DEBUG_CATEGORY_STATIC (hub_verify_gate_debug);
#define GST_CAT_DEFAULT hub_verify_gate_debug

#define DEFAULT_KEYFRAME_INTERVAL (500 * GST_MSECOND)
#define BASE_CAPS "video/x-h264, stream-format=(string)byte-stream, alignment=(string)au"
#define STATS_INTERVAL GST_SECOND

struct _HubVerifyGate
{
  GstElement parent_instance;

  GstPad *sinkpad;
  GstPad *srcpad;

  /* configuration (object lock) */
  char *device_id;
  guint8 public_key[HUB_PUBLIC_KEY_SIZE];
  gboolean have_public_key;
  guint8 nonce[HUB_NONCE_SIZE];
  gboolean have_nonce;
  GstClockTime keyframe_interval;

  /* streaming state (stream lock) */
  HubGate *gate;
  GstBuffer *current_in;  /* the input buffer being pushed through the gate */
  GstBufferList *out;     /* units that passed while pushing it */
  GstFlowReturn out_ret;  /* of lists pushed early (before a caps change) */
  GstCaps *upstream_caps; /* the last caps upstream announced: only compared */
  GstH264NalParser *parser;
  GstClockTime last_keyframe_request;
  GstClockTime last_stats;
  guint keyframe_requests;
  guint keyframe_requests_failed;
  gboolean last_open;
  HubVerdict last_drop;
  GstClockTime last_drop_posted;
};

enum
{
  PROP_0,
  PROP_DEVICE_ID,
  PROP_PUBLIC_KEY,
  PROP_NONCE,
  PROP_KEYFRAME_INTERVAL,
  PROP_GATE_OPEN,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GstStaticPadTemplate sink_template = GST_STATIC_PAD_TEMPLATE (
    "sink", GST_PAD_SINK, GST_PAD_ALWAYS,
    GST_STATIC_CAPS ("video/x-h264, stream-format=(string)byte-stream, "
                     "alignment=(string){ nal, au }"));

static GstStaticPadTemplate src_template = GST_STATIC_PAD_TEMPLATE (
    "src", GST_PAD_SRC, GST_PAD_ALWAYS,
    GST_STATIC_CAPS ("video/x-h264, stream-format=(string)byte-stream, alignment=(string)au"));

G_DEFINE_FINAL_TYPE (HubVerifyGate, hub_verify_gate, GST_TYPE_ELEMENT)

GST_ELEMENT_REGISTER_DEFINE_WITH_CODE (hubverifygate, "hubverifygate", GST_RANK_NONE,
                                       HUB_TYPE_VERIFY_GATE,
                                       GST_DEBUG_CATEGORY_INIT (hub_verify_gate_debug,
                                                                "hubverifygate", 0,
                                                                "hubview verify gate"));

static GstClockTime
now (HubVerifyGate *self)
{
  GstClock *clock = gst_element_get_clock (GST_ELEMENT (self));
  GstClockTime t;

  if (clock == NULL)
    return g_get_monotonic_time () * GST_USECOND;
  t = gst_clock_get_time (clock);
  gst_object_unref (clock);
  return t;
}

static void
post_state (HubVerifyGate *self, gboolean open, HubVerdict reason)
{
  GstStructure *s = gst_structure_new ("hub-gate-state", "open", G_TYPE_BOOLEAN, open, "reason",
                                       G_TYPE_STRING, hub_verdict_to_string (reason), NULL);

  gst_element_post_message (GST_ELEMENT (self), gst_message_new_element (GST_OBJECT (self), s));
}

static void
post_stats (HubVerifyGate *self)
{
  const guint64 *counts = hub_gate_get_counts (self->gate);
  GstStructure *s = gst_structure_new_empty ("hub-gate-stats");

  for (int v = 0; v < HUB_N_VERDICTS; v++)
    gst_structure_set (s, hub_verdict_to_string (v), G_TYPE_UINT64, counts[v], NULL);
  gst_structure_set (s, "keyframe-requests", G_TYPE_UINT, self->keyframe_requests,
                     "keyframe-requests-failed", G_TYPE_UINT, self->keyframe_requests_failed,
                     "open", G_TYPE_BOOLEAN, hub_gate_is_open (self->gate), NULL);
  gst_element_post_message (GST_ELEMENT (self), gst_message_new_element (GST_OBJECT (self), s));
}

static void
request_keyframe (HubVerifyGate *self)
{
  GstClockTime t = now (self);
  GstClockTime interval;
  gboolean accepted;
  GstStructure *s;

  GST_OBJECT_LOCK (self);
  interval = self->keyframe_interval;
  GST_OBJECT_UNLOCK (self);

  /* GST_CLOCK_TIME_NONE: never ask */
  if (!GST_CLOCK_TIME_IS_VALID (interval))
    return;
  if (GST_CLOCK_TIME_IS_VALID (self->last_keyframe_request) && t >= self->last_keyframe_request
      && t - self->last_keyframe_request < interval)
    return;
  self->last_keyframe_request = t;
  self->keyframe_requests++;
  accepted = gst_pad_push_event (self->sinkpad, gst_video_event_new_upstream_force_key_unit (
                                                    GST_CLOCK_TIME_NONE, TRUE, 0));
  if (!accepted)
    self->keyframe_requests_failed++;
  GST_DEBUG_OBJECT (self, "asked upstream for a key frame: %s",
                    accepted ? "accepted" : "nobody upstream can produce one");
  s = gst_structure_new ("hub-gate-keyframe-request", "accepted", G_TYPE_BOOLEAN, accepted, NULL);
  gst_element_post_message (GST_ELEMENT (self), gst_message_new_element (GST_OBJECT (self), s));
}

/* Caps for a verified SPS NAL unit (header byte onward): the fixed part,
 * plus what GStreamer's parser reads from it. */
static GstCaps *
caps_for_sps (HubVerifyGate *self, const guint8 *nal, gsize size)
{
  GstCaps *caps = gst_caps_from_string (BASE_CAPS);
  g_autofree guint8 *with_sc = g_malloc (size + 3);
  GstH264NalUnit nalu;
  GstH264SPS sps;

  memcpy (with_sc, "\0\0\1", 3);
  memcpy (with_sc + 3, nal, size);
  if (gst_h264_parser_identify_nalu_unchecked (self->parser, with_sc, 0, size + 3, &nalu)
          != GST_H264_PARSER_OK
      || gst_h264_parser_parse_sps (self->parser, &nalu, &sps) != GST_H264_PARSER_OK)
    {
      GST_WARNING_OBJECT (self, "a verified SPS that GStreamer cannot parse");
      return caps;
    }
  gst_caps_set_simple (caps, "width", G_TYPE_INT,
                       sps.frame_cropping_flag ? sps.crop_rect_width : sps.width, "height",
                       G_TYPE_INT, sps.frame_cropping_flag ? sps.crop_rect_height : sps.height,
                       NULL);
  gst_h264_sps_clear (&sps);
  /* profile and level: bytes 1..3 of the SPS (never escaped: profile_idc > 0) */
  if (size >= 4)
    gst_codec_utils_h264_caps_set_level_and_profile (caps, nal + 1, size - 1);
  return caps;
}

/* Pushes the units that passed so far (before a caps change). */
static void
flush_out (HubVerifyGate *self)
{
  GstBufferList *list = self->out;
  GstFlowReturn ret;

  if (list == NULL || gst_buffer_list_length (list) == 0)
    return;
  self->out = gst_buffer_list_new ();
  ret = gst_pad_push_list (self->srcpad, list);
  if (self->out_ret == GST_FLOW_OK)
    self->out_ret = ret;
}

static void
set_src_caps (HubVerifyGate *self, GstCaps *caps)
{
  GstCaps *current = gst_pad_get_current_caps (self->srcpad);

  if (current == NULL || !gst_caps_is_equal (current, caps))
    {
      GST_INFO_OBJECT (self, "caps from the verified stream: %" GST_PTR_FORMAT, caps);
      flush_out (self);
      gst_pad_push_event (self->srcpad, gst_event_new_caps (caps));
    }
  g_clear_pointer (&current, gst_caps_unref);
}

/* A passed unit that brings an SPS: caps say what it says. */
static void
update_src_caps (HubVerifyGate *self, const guint8 *au, gsize len)
{
  gsize offset = 0;
  HubNal nal;

  while (hub_annexb_next_nal (au, len, &offset, &nal))
    {
      int type = hub_nal_type (nal.data, nal.size);

      if (type == HUB_NAL_SPS)
        {
          g_autoptr (GstCaps) caps = caps_for_sps (self, nal.data, nal.size);

          set_src_caps (self, caps);
          return;
        }
      if (hub_nal_type_is_vcl (type))
        return;
    }
}

/* Called by the gate, from inside hub_gate_push_*, for every unit. */
static void
on_unit (const HubGateUnit *unit, void *user_data)
{
  HubVerifyGate *self = user_data;

  if (unit->verdict == HUB_VERDICT_PASS)
    {
      GstBuffer *buf;
      HubFrameIdentity identity;

      update_src_caps (self, unit->au, unit->au_len);
      buf = gst_buffer_new_memdup (unit->au, unit->au_len);

      if (self->current_in != NULL)
        gst_buffer_copy_into (buf, self->current_in, GST_BUFFER_COPY_TIMESTAMPS, 0, -1);
      if (!unit->idr)
        GST_BUFFER_FLAG_SET (buf, GST_BUFFER_FLAG_DELTA_UNIT);
      /* the frame carries what its own tag says (§6.4); a passed unit's tag decoded */
      if (!hub_frame_identity_init_from_tag (&identity, unit->tag, unit->tag_len))
        {
          g_warn_if_reached ();
          gst_buffer_unref (buf);
          return;
        }
      hub_buffer_add_frame_identity_meta (buf, &identity);
      gst_buffer_list_add (self->out, buf);
    }
  else
    {
      GstClockTime t = now (self);

      GST_LOG_OBJECT (self, "dropped unit counter=%" G_GUINT64_FORMAT " reason=%s",
                      unit->counter, hub_verdict_to_string (unit->verdict));
      /* Tell the application about drops as they happen (a new reason at
       * once, the same one at most every 250 ms), not only when the gate
       * changes: a stream that never opens must read as blocked. */
      if (!unit->gate_changed
          && (unit->verdict != self->last_drop
              || !GST_CLOCK_TIME_IS_VALID (self->last_drop_posted)
              || t >= self->last_drop_posted + 250 * GST_MSECOND))
        {
          self->last_drop_posted = t;
          post_state (self, FALSE, unit->verdict);
        }
      self->last_drop = unit->verdict;
    }

  if (unit->gate_changed)
    {
      GST_INFO_OBJECT (self, "gate %s (%s)", unit->gate_open ? "opened" : "closed",
                       hub_verdict_to_string (unit->verdict));
      post_state (self, unit->gate_open, unit->verdict);
    }
  self->last_open = unit->gate_open;
}

static gboolean
ensure_gate (HubVerifyGate *self)
{
  if (self->gate != NULL)
    return TRUE;

  GST_OBJECT_LOCK (self);
  if (self->device_id != NULL && self->have_public_key && self->have_nonce)
    self->gate = hub_gate_new (self->device_id, self->public_key, self->nonce, on_unit, self);
  GST_OBJECT_UNLOCK (self);
  return self->gate != NULL;
}

static GstFlowReturn
hub_verify_gate_chain (GstPad *pad, GstObject *parent, GstBuffer *buffer)
{
  HubVerifyGate *self = HUB_VERIFY_GATE (parent);
  GstBufferList *out;
  GstMapInfo map;
  GstClockTime t;
  GstFlowReturn ret = GST_FLOW_OK;

  if (!ensure_gate (self))
    {
      gst_buffer_unref (buffer);
      GST_ELEMENT_ERROR (self, CORE, NEGOTIATION,
                         ("No camera to verify against"),
                         ("device-id, public-key and nonce must all be set"));
      return GST_FLOW_NOT_NEGOTIATED;
    }

  if (!gst_buffer_map (buffer, &map, GST_MAP_READ))
    {
      gst_buffer_unref (buffer);
      return GST_FLOW_ERROR;
    }
  self->current_in = buffer;
  self->out = gst_buffer_list_new ();
  self->out_ret = GST_FLOW_OK;
  hub_gate_push_annexb (self->gate, map.data, map.size);
  gst_buffer_unmap (buffer, &map);
  self->current_in = NULL;
  out = self->out;
  self->out = NULL;
  gst_buffer_unref (buffer);

  if (!self->last_open)
    request_keyframe (self);

  t = now (self);
  if (!GST_CLOCK_TIME_IS_VALID (self->last_stats) || t >= self->last_stats + STATS_INTERVAL)
    {
      self->last_stats = t;
      post_stats (self);
    }

  if (gst_buffer_list_length (out) > 0)
    ret = gst_pad_push_list (self->srcpad, out);
  else
    gst_buffer_list_unref (out);
  if (self->out_ret != GST_FLOW_OK)
    ret = self->out_ret;
  return ret;
}

static void
reset_stream (HubVerifyGate *self)
{
  if (self->gate != NULL)
    hub_gate_discontinuity (self->gate);
  self->last_open = FALSE;
}

static gboolean
hub_verify_gate_sink_event (GstPad *pad, GstObject *parent, GstEvent *event)
{
  HubVerifyGate *self = HUB_VERIFY_GATE (parent);

  switch (GST_EVENT_TYPE (event))
    {
    case GST_EVENT_CAPS:
      {
        GstCaps *caps;

        /* never forwarded: what upstream says is not verified (§6.2) */
        gst_event_parse_caps (event, &caps);
        if (self->upstream_caps != NULL && !gst_caps_is_equal (self->upstream_caps, caps))
          {
            GST_INFO_OBJECT (self, "upstream caps changed: a discontinuity, the gate closes");
            reset_stream (self);
          }
        gst_caps_replace (&self->upstream_caps, caps);
        gst_event_unref (event);
        /* the fixed part at once, so that the segment that follows keeps
         * the order of sticky events; the rest comes with a verified SPS */
        if (!gst_pad_has_current_caps (self->srcpad))
          {
            g_autoptr (GstCaps) base = gst_caps_from_string (BASE_CAPS);

            return gst_pad_push_event (self->srcpad, gst_event_new_caps (base));
          }
        return TRUE;
      }
    case GST_EVENT_FLUSH_STOP:
      /* a seek or a flush: nothing in flight belongs to a unit */
      reset_stream (self);
      break;
    case GST_EVENT_STREAM_START:
      /* A new connection: nothing in flight belongs to a unit, and the
       * camera is asked for a key frame at once rather than after its
       * first units arrive (a parser upstream holds everything back until
       * the parameter sets of the next key frame anyway). */
      reset_stream (self);
      if (ensure_gate (self))
        {
          gboolean ret = gst_pad_event_default (pad, parent, event);

          request_keyframe (self);
          return ret;
        }
      break;
    case GST_EVENT_EOS:
      if (self->gate != NULL)
        {
          self->out = gst_buffer_list_new ();
          self->out_ret = GST_FLOW_OK;
          hub_gate_finish (self->gate);
          if (gst_buffer_list_length (self->out) > 0)
            gst_pad_push_list (self->srcpad, self->out);
          else
            gst_buffer_list_unref (self->out);
          self->out = NULL;
          post_stats (self);
        }
      break;
    default:
      break;
    }
  return gst_pad_event_default (pad, parent, event);
}

static gboolean
hub_verify_gate_sink_query (GstPad *pad, GstObject *parent, GstQuery *query)
{
  switch (GST_QUERY_TYPE (query))
    {
    case GST_QUERY_ALLOCATION:
      /* Encoded data is copied into buffers of the gate's own: nothing that
       * the decoder proposes (pools, metas) is for upstream to use, and the
       * decoder learns nothing about the stream from upstream this way. */
      return FALSE;
    default:
      return gst_pad_query_default (pad, parent, query);
    }
}

static GstStateChangeReturn
hub_verify_gate_change_state (GstElement *element, GstStateChange transition)
{
  HubVerifyGate *self = HUB_VERIFY_GATE (element);
  GstStateChangeReturn ret;

  switch (transition)
    {
    case GST_STATE_CHANGE_READY_TO_PAUSED:
      self->last_keyframe_request = GST_CLOCK_TIME_NONE;
      self->last_stats = GST_CLOCK_TIME_NONE;
      self->last_drop_posted = GST_CLOCK_TIME_NONE;
      self->last_drop = HUB_VERDICT_PASS;
      self->keyframe_requests = 0;
      self->keyframe_requests_failed = 0;
      self->last_open = FALSE;
      break;
    default:
      break;
    }

  ret = GST_ELEMENT_CLASS (hub_verify_gate_parent_class)->change_state (element, transition);

  switch (transition)
    {
    case GST_STATE_CHANGE_PAUSED_TO_READY:
      /* the session's last counter survives only inside this element's
       * lifetime; a reconnection keeps the element */
      reset_stream (self);
      g_clear_pointer (&self->upstream_caps, gst_caps_unref);
      break;
    default:
      break;
    }
  return ret;
}

static void
set_hex (HubVerifyGate *self, const GValue *value, guint8 *out, gsize len, gboolean *have,
         const char *property)
{
  const char *hex = g_value_get_string (value);
  guint8 buf[MAX (HUB_PUBLIC_KEY_SIZE, HUB_NONCE_SIZE) * 2]; /* base64 may decode longer */
  gsize n = 0;

  g_assert (len <= sizeof buf);
  *have = FALSE;
  if (hex == NULL)
    return;
  if (hub_hex_decode (hex, buf, len)
      || (hub_base64_decode (hex, buf, sizeof buf, &n) && n == len))
    {
      memcpy (out, buf, len);
      *have = TRUE;
    }
  else
    g_warning ("hubverifygate: %s is not %" G_GSIZE_FORMAT " bytes of hex or base64", property,
               len);
}

static void
hub_verify_gate_set_property (GObject *object, guint prop_id, const GValue *value,
                              GParamSpec *pspec)
{
  HubVerifyGate *self = HUB_VERIFY_GATE (object);

  GST_OBJECT_LOCK (self);
  if (self->gate != NULL && prop_id != PROP_KEYFRAME_INTERVAL)
    {
      GST_OBJECT_UNLOCK (self);
      g_warning ("hubverifygate: %s cannot change while streaming", pspec->name);
      return;
    }
  switch (prop_id)
    {
    case PROP_DEVICE_ID:
      g_free (self->device_id);
      self->device_id = g_value_dup_string (value);
      break;
    case PROP_PUBLIC_KEY:
      set_hex (self, value, self->public_key, HUB_PUBLIC_KEY_SIZE, &self->have_public_key, "public-key");
      break;
    case PROP_NONCE:
      set_hex (self, value, self->nonce, HUB_NONCE_SIZE, &self->have_nonce, "nonce");
      break;
    case PROP_KEYFRAME_INTERVAL:
      self->keyframe_interval = g_value_get_uint64 (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
    }
  GST_OBJECT_UNLOCK (self);
}

static void
hub_verify_gate_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  HubVerifyGate *self = HUB_VERIFY_GATE (object);

  GST_OBJECT_LOCK (self);
  switch (prop_id)
    {
    case PROP_DEVICE_ID:
      g_value_set_string (value, self->device_id);
      break;
    case PROP_PUBLIC_KEY:
      if (self->have_public_key)
        {
          char hex[2 * HUB_PUBLIC_KEY_SIZE + 1];

          sodium_bin2hex (hex, sizeof hex, self->public_key, HUB_PUBLIC_KEY_SIZE);
          g_value_set_string (value, hex);
        }
      else
        g_value_set_string (value, NULL);
      break;
    case PROP_NONCE:
      if (self->have_nonce)
        {
          char hex[2 * HUB_NONCE_SIZE + 1];

          sodium_bin2hex (hex, sizeof hex, self->nonce, HUB_NONCE_SIZE);
          g_value_set_string (value, hex);
        }
      else
        g_value_set_string (value, NULL);
      break;
    case PROP_KEYFRAME_INTERVAL:
      g_value_set_uint64 (value, self->keyframe_interval);
      break;
    case PROP_GATE_OPEN:
      g_value_set_boolean (value, self->last_open);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
    }
  GST_OBJECT_UNLOCK (self);
}

static void
hub_verify_gate_finalize (GObject *object)
{
  HubVerifyGate *self = HUB_VERIFY_GATE (object);

  hub_gate_free (self->gate);
  g_free (self->device_id);
  g_clear_pointer (&self->upstream_caps, gst_caps_unref);
  g_clear_pointer (&self->parser, gst_h264_nal_parser_free);
  G_OBJECT_CLASS (hub_verify_gate_parent_class)->finalize (object);
}

static void
hub_verify_gate_class_init (HubVerifyGateClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GstElementClass *element_class = GST_ELEMENT_CLASS (klass);

  object_class->set_property = hub_verify_gate_set_property;
  object_class->get_property = hub_verify_gate_get_property;
  object_class->finalize = hub_verify_gate_finalize;
  element_class->change_state = GST_DEBUG_FUNCPTR (hub_verify_gate_change_state);

  properties[PROP_DEVICE_ID] = g_param_spec_string (
      "device-id", "Device ID", "The device ID every frame must name", NULL,
      G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | GST_PARAM_MUTABLE_READY);
  properties[PROP_PUBLIC_KEY] = g_param_spec_string (
      "public-key", "Public key",
      "The camera's Ed25519 public key from its verified certificate (hex or base64)", NULL,
      G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | GST_PARAM_MUTABLE_READY);
  properties[PROP_NONCE] = g_param_spec_string (
      "nonce", "Nonce", "The 16-byte session nonce the hub sent in openStream (hex or base64)",
      NULL, G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | GST_PARAM_MUTABLE_READY);
  properties[PROP_KEYFRAME_INTERVAL] = g_param_spec_uint64 (
      "keyframe-interval", "Key-frame request interval",
      "Least time between two key-frame requests upstream (ns); GST_CLOCK_TIME_NONE: never ask",
      0, G_MAXUINT64,
      DEFAULT_KEYFRAME_INTERVAL, G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  properties[PROP_GATE_OPEN] = g_param_spec_boolean (
      "gate-open", "Gate open", "Whether verified frames are flowing", FALSE,
      G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gst_element_class_add_static_pad_template (element_class, &sink_template);
  gst_element_class_add_static_pad_template (element_class, &src_template);
  gst_element_class_set_static_metadata (
      element_class, "hubview verify gate", "Filter/Video",
      "Passes only H.264 access units whose signed tag proves the expected camera and session",
      "hubview developers <dev@hubview.io>");
}

static void
hub_verify_gate_init (HubVerifyGate *self)
{
  self->sinkpad = gst_pad_new_from_static_template (&sink_template, "sink");
  gst_pad_set_chain_function (self->sinkpad, GST_DEBUG_FUNCPTR (hub_verify_gate_chain));
  gst_pad_set_event_function (self->sinkpad, GST_DEBUG_FUNCPTR (hub_verify_gate_sink_event));
  gst_pad_set_query_function (self->sinkpad, GST_DEBUG_FUNCPTR (hub_verify_gate_sink_query));
  gst_element_add_pad (GST_ELEMENT (self), self->sinkpad);

  self->srcpad = gst_pad_new_from_static_template (&src_template, "src");
  gst_pad_use_fixed_caps (self->srcpad);
  gst_element_add_pad (GST_ELEMENT (self), self->srcpad);

  self->parser = gst_h264_nal_parser_new ();
  self->keyframe_interval = DEFAULT_KEYFRAME_INTERVAL;
  self->last_keyframe_request = GST_CLOCK_TIME_NONE;
  self->last_stats = GST_CLOCK_TIME_NONE;
}
