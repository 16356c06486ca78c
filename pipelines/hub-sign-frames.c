/* hub-sign-frames.c — hubsignframes: signs every H.264 access unit (signed-frames v1) */
#define G_LOG_DOMAIN "hub-sign-frames"

#include "hub-sign-frames.h"

#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "hub-device-cert.h"
#include "hub-frame-tag.h"
#include "hub-signer.h"

GST_DEBUG_CATEGORY_STATIC (hub_sign_frames_debug);
#define GST_CAT_DEFAULT hub_sign_frames_debug

#define HUB_SEED_SIZE 32
#define H264_AU_CAPS "video/x-h264, stream-format = (string) byte-stream, alignment = (string) au"

struct _HubSignFrames
{
  GstBaseTransform parent_instance;

  /* Settings, under the object lock; applied at start. */
  char *device_id;
  char *key_file;
  char *seed_hex; /* secret: wiped on replace and finalize */
  char *nonce_hex;
  guint64 initial_counter;

  /* Counter of the next access unit to sign, under the object lock. */
  guint64 next_counter;

  /* Streaming state, only touched by start/stop and the streaming thread. */
  HubSigner *signer;
  gboolean have_wall_base;
  gint64 wall_base_us; /* wall-clock time of running time 0 */
};

enum
{
  PROP_0,
  PROP_DEVICE_ID,
  PROP_KEY_FILE,
  PROP_SEED,
  PROP_NONCE,
  PROP_COUNTER,
  PROP_INITIAL_COUNTER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GstStaticPadTemplate sink_template = GST_STATIC_PAD_TEMPLATE (
    "sink", GST_PAD_SINK, GST_PAD_ALWAYS, GST_STATIC_CAPS (H264_AU_CAPS));

static GstStaticPadTemplate src_template
    = GST_STATIC_PAD_TEMPLATE ("src", GST_PAD_SRC, GST_PAD_ALWAYS, GST_STATIC_CAPS (H264_AU_CAPS));

static GstCaps *unix_timestamp_caps;

G_DEFINE_TYPE (HubSignFrames, hub_sign_frames, GST_TYPE_BASE_TRANSFORM)

GST_ELEMENT_REGISTER_DEFINE (hubsignframes, "hubsignframes", GST_RANK_NONE, HUB_TYPE_SIGN_FRAMES);

static void
wipe_string (char **str)
{
  if (*str != NULL)
    {
      sodium_memzero (*str, strlen (*str));
      g_clear_pointer (str, g_free);
    }
}

/* Parses exactly @len bytes of hex (surrounding whitespace allowed). */
static gboolean
parse_hex (const char *hex, guint8 *out, gsize len)
{
  g_autofree char *copy = NULL;
  gboolean ok;

  if (hex == NULL)
    return FALSE;
  copy = g_strstrip (g_strdup (hex));
  ok = strlen (copy) == len * 2 && hub_hex_decode (copy, out, len);
  sodium_memzero (copy, strlen (copy));
  return ok;
}

/* Resolves the seed from the seed property or the key file. */
static gboolean
load_seed (HubSignFrames *self, const char *seed_hex, const char *key_file,
           guint8 seed[HUB_SEED_SIZE])
{
  g_autoptr (GError) error = NULL;
  char *contents = NULL;
  gsize len = 0;
  gboolean ok;

  g_assert (HUB_IS_SIGN_FRAMES (self));

  if (seed_hex != NULL)
    {
      if (parse_hex (seed_hex, seed, HUB_SEED_SIZE))
        return TRUE;
      GST_ELEMENT_ERROR (self, RESOURCE, SETTINGS, ("The seed is not 64 hex digits."), (NULL));
      return FALSE;
    }

  if (key_file == NULL)
    {
      GST_ELEMENT_ERROR (self, RESOURCE, SETTINGS, ("No signing key: set key-file or seed."),
                         (NULL));
      return FALSE;
    }

  if (!g_file_get_contents (key_file, &contents, &len, &error))
    {
      GST_ELEMENT_ERROR (self, RESOURCE, OPEN_READ, ("Cannot read the key file."),
                         ("%s", error->message));
      return FALSE;
    }

  ok = parse_hex (contents, seed, HUB_SEED_SIZE);
  sodium_memzero (contents, len);
  g_free (contents);
  if (!ok)
    GST_ELEMENT_ERROR (self, RESOURCE, SETTINGS,
                       ("The key file does not hold a seed of 64 hex digits."),
                       ("file %s", key_file));
  return ok;
}

static gboolean
hub_sign_frames_start (GstBaseTransform *trans)
{
  HubSignFrames *self = HUB_SIGN_FRAMES (trans);
  g_autofree char *device_id = NULL;
  g_autofree char *key_file = NULL;
  g_autofree char *nonce_hex = NULL;
  char *seed_hex = NULL;
  guint8 seed[HUB_SEED_SIZE];
  guint8 nonce[HUB_NONCE_SIZE];
  guint64 counter;
  gboolean have_seed;

  GST_OBJECT_LOCK (self);
  device_id = g_strdup (self->device_id);
  key_file = g_strdup (self->key_file);
  seed_hex = g_strdup (self->seed_hex);
  nonce_hex = g_strdup (self->nonce_hex);
  counter = self->initial_counter;
  GST_OBJECT_UNLOCK (self);

  have_seed = load_seed (self, seed_hex, key_file, seed);
  wipe_string (&seed_hex);
  if (!have_seed)
    return FALSE;

  if (device_id == NULL || !hub_device_id_is_valid (device_id, strlen (device_id)))
    {
      sodium_memzero (seed, sizeof seed);
      GST_ELEMENT_ERROR (self, RESOURCE, SETTINGS,
                         ("The device ID must be 1 to 64 characters of [A-Za-z0-9._:-]."),
                         ("device-id %s", device_id ? device_id : "(none)"));
      return FALSE;
    }

  if (!parse_hex (nonce_hex, nonce, sizeof nonce))
    {
      sodium_memzero (seed, sizeof seed);
      GST_ELEMENT_ERROR (self, RESOURCE, SETTINGS, ("The nonce must be 32 hex digits."),
                         ("nonce %s", nonce_hex ? nonce_hex : "(none)"));
      return FALSE;
    }

  g_clear_pointer (&self->signer, hub_signer_free);
  self->signer = hub_signer_new (seed, device_id, nonce);
  sodium_memzero (seed, sizeof seed);
  if (self->signer == NULL)
    {
      GST_ELEMENT_ERROR (self, LIBRARY, INIT, ("Cannot create the signer."), (NULL));
      return FALSE;
    }
  hub_signer_set_counter (self->signer, counter);

  GST_OBJECT_LOCK (self);
  self->next_counter = counter;
  GST_OBJECT_UNLOCK (self);
  self->have_wall_base = FALSE;

  GST_INFO_OBJECT (self, "signing as device=%s from counter %" G_GUINT64_FORMAT, device_id,
                   counter);

  if (GST_BASE_TRANSFORM_CLASS (hub_sign_frames_parent_class)->start)
    return GST_BASE_TRANSFORM_CLASS (hub_sign_frames_parent_class)->start (trans);
  return TRUE;
}

static gboolean
hub_sign_frames_stop (GstBaseTransform *trans)
{
  HubSignFrames *self = HUB_SIGN_FRAMES (trans);

  g_clear_pointer (&self->signer, hub_signer_free);
  self->have_wall_base = FALSE;

  if (GST_BASE_TRANSFORM_CLASS (hub_sign_frames_parent_class)->stop)
    return GST_BASE_TRANSFORM_CLASS (hub_sign_frames_parent_class)->stop (trans);
  return TRUE;
}

/* Capture time of @buf in microseconds since the Unix epoch. */
static guint64
capture_time_us (HubSignFrames *self, GstBuffer *buf)
{
  GstBaseTransform *trans = GST_BASE_TRANSFORM (self);
  GstReferenceTimestampMeta *meta;
  GstClockTime ts, running_time;
  g_autoptr (GstClock) clock = NULL;

  g_assert (HUB_IS_SIGN_FRAMES (self));

  meta = gst_buffer_get_reference_timestamp_meta (buf, unix_timestamp_caps);
  if (meta != NULL && GST_CLOCK_TIME_IS_VALID (meta->timestamp))
    return meta->timestamp / GST_USECOND;

  ts = GST_BUFFER_PTS_IS_VALID (buf) ? GST_BUFFER_PTS (buf) : GST_BUFFER_DTS (buf);
  running_time = trans->segment.format == GST_FORMAT_TIME
                     ? gst_segment_to_running_time (&trans->segment, GST_FORMAT_TIME, ts)
                     : GST_CLOCK_TIME_NONE;
  if (!GST_CLOCK_TIME_IS_VALID (running_time))
    return g_get_real_time ();

  clock = gst_element_get_clock (GST_ELEMENT (self));
  if (clock != NULL && GST_IS_SYSTEM_CLOCK (clock))
    {
      GstClockType type = GST_CLOCK_TYPE_MONOTONIC;

      g_object_get (clock, "clock-type", &type, NULL);
      if (type == GST_CLOCK_TYPE_REALTIME)
        return (running_time + gst_element_get_base_time (GST_ELEMENT (self))) / GST_USECOND;
    }

  if (!self->have_wall_base)
    {
      /* Wall-clock time of running time 0: now, less the running time that has
       * passed. Without a clock, the buffer is taken as captured now. */
      gint64 now_running_us = running_time / GST_USECOND;

      if (clock != NULL)
        {
          GstClockTime now = gst_clock_get_time (clock);
          GstClockTime base = gst_element_get_base_time (GST_ELEMENT (self));

          if (now >= base)
            now_running_us = (now - base) / GST_USECOND;
        }
      self->wall_base_us = g_get_real_time () - now_running_us;
      self->have_wall_base = TRUE;
    }

  return self->wall_base_us + running_time / GST_USECOND;
}

static GstFlowReturn
hub_sign_frames_transform_ip (GstBaseTransform *trans, GstBuffer *buf)
{
  HubSignFrames *self = HUB_SIGN_FRAMES (trans);
  GstMapInfo map;
  guint64 capture_us;
  guint8 *signed_au;
  size_t signed_len = 0;

  if (self->signer == NULL)
    {
      GST_ELEMENT_ERROR (self, CORE, NEGOTIATION, ("Not started."), (NULL));
      return GST_FLOW_ERROR;
    }

  capture_us = capture_time_us (self, buf);

  if (!gst_buffer_map (buf, &map, GST_MAP_READ))
    {
      GST_ELEMENT_ERROR (self, RESOURCE, READ, ("Cannot map the access unit."), (NULL));
      return GST_FLOW_ERROR;
    }
  signed_au = hub_signer_sign_au (self->signer, map.data, map.size, capture_us, &signed_len);
  gst_buffer_unmap (buf, &map);

  if (signed_au == NULL)
    {
      /* No slice in this unit: nothing to sign, passed on as it is. */
      GST_LOG_OBJECT (self, "access unit of %" G_GSIZE_FORMAT " bytes without a slice",
                      gst_buffer_get_size (buf));
      return GST_FLOW_OK;
    }

  gst_buffer_replace_all_memory (
      buf, gst_memory_new_wrapped (0, signed_au, signed_len, 0, signed_len, signed_au, free));

  GST_OBJECT_LOCK (self);
  self->next_counter = hub_signer_get_counter (self->signer);
  GST_OBJECT_UNLOCK (self);

  GST_LOG_OBJECT (self, "signed access unit, next counter %" G_GUINT64_FORMAT,
                  hub_signer_get_counter (self->signer));
  return GST_FLOW_OK;
}

static void
hub_sign_frames_set_property (GObject *object, guint prop_id, const GValue *value,
                              GParamSpec *pspec)
{
  HubSignFrames *self = HUB_SIGN_FRAMES (object);

  GST_OBJECT_LOCK (self);
  switch (prop_id)
    {
    case PROP_DEVICE_ID:
      g_free (self->device_id);
      self->device_id = g_value_dup_string (value);
      break;
    case PROP_KEY_FILE:
      g_free (self->key_file);
      self->key_file = g_value_dup_string (value);
      break;
    case PROP_SEED:
      wipe_string (&self->seed_hex);
      self->seed_hex = g_value_dup_string (value);
      break;
    case PROP_NONCE:
      g_free (self->nonce_hex);
      self->nonce_hex = g_value_dup_string (value);
      break;
    case PROP_INITIAL_COUNTER:
      self->initial_counter = g_value_get_uint64 (value);
      break;
    case PROP_COUNTER:
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
    }
  GST_OBJECT_UNLOCK (self);
}

static void
hub_sign_frames_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  HubSignFrames *self = HUB_SIGN_FRAMES (object);

  GST_OBJECT_LOCK (self);
  switch (prop_id)
    {
    case PROP_DEVICE_ID:
      g_value_set_string (value, self->device_id);
      break;
    case PROP_KEY_FILE:
      g_value_set_string (value, self->key_file);
      break;
    case PROP_NONCE:
      g_value_set_string (value, self->nonce_hex);
      break;
    case PROP_COUNTER:
      g_value_set_uint64 (value, self->next_counter);
      break;
    case PROP_INITIAL_COUNTER:
      g_value_set_uint64 (value, self->initial_counter);
      break;
    case PROP_SEED:
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
    }
  GST_OBJECT_UNLOCK (self);
}

static void
hub_sign_frames_finalize (GObject *object)
{
  HubSignFrames *self = HUB_SIGN_FRAMES (object);

  g_clear_pointer (&self->signer, hub_signer_free);
  wipe_string (&self->seed_hex);
  g_clear_pointer (&self->device_id, g_free);
  g_clear_pointer (&self->key_file, g_free);
  g_clear_pointer (&self->nonce_hex, g_free);

  G_OBJECT_CLASS (hub_sign_frames_parent_class)->finalize (object);
}

static void
hub_sign_frames_class_init (HubSignFramesClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GstElementClass *element_class = GST_ELEMENT_CLASS (klass);
  GstBaseTransformClass *trans_class = GST_BASE_TRANSFORM_CLASS (klass);
  const GParamFlags ready_flags
      = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | GST_PARAM_MUTABLE_READY;

  GST_DEBUG_CATEGORY_INIT (hub_sign_frames_debug, "hubsignframes", 0, "hubview access unit signer");

  unix_timestamp_caps = gst_caps_new_empty_simple ("timestamp/x-unix");
  GST_MINI_OBJECT_FLAG_SET (unix_timestamp_caps, GST_MINI_OBJECT_FLAG_MAY_BE_LEAKED);

  object_class->set_property = hub_sign_frames_set_property;
  object_class->get_property = hub_sign_frames_get_property;
  object_class->finalize = hub_sign_frames_finalize;

  properties[PROP_DEVICE_ID] = g_param_spec_string (
      "device-id", "Device ID", "Device ID signed into every tag", NULL, ready_flags);
  properties[PROP_KEY_FILE] = g_param_spec_string (
      "key-file", "Key file", "File holding the device's Ed25519 seed as 64 hex digits", NULL,
      ready_flags);
  properties[PROP_SEED] = g_param_spec_string (
      "seed", "Seed", "The device's Ed25519 seed as 64 hex digits (instead of key-file)", NULL,
      G_PARAM_WRITABLE | G_PARAM_STATIC_STRINGS | GST_PARAM_MUTABLE_READY);
  properties[PROP_NONCE] = g_param_spec_string (
      "nonce", "Nonce", "Session nonce from openStream, 32 hex digits", NULL, ready_flags);
  properties[PROP_COUNTER]
      = g_param_spec_uint64 ("counter", "Counter", "Frame counter of the next signed access unit",
                             0, G_MAXUINT64, 0, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_INITIAL_COUNTER] = g_param_spec_uint64 (
      "initial-counter", "Initial counter",
      "Frame counter of the first access unit signed after start (continues a session)", 0,
      G_MAXUINT64, 0, ready_flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gst_element_class_add_static_pad_template (element_class, &sink_template);
  gst_element_class_add_static_pad_template (element_class, &src_template);
  gst_element_class_set_static_metadata (
      element_class, "hubview frame signer", "Filter/Video",
      "Signs every H.264 access unit with a per-frame tag (hubview signed frames v1)",
      "hubview developers <dev@hubview.io>");

  trans_class->start = GST_DEBUG_FUNCPTR (hub_sign_frames_start);
  trans_class->stop = GST_DEBUG_FUNCPTR (hub_sign_frames_stop);
  trans_class->transform_ip = GST_DEBUG_FUNCPTR (hub_sign_frames_transform_ip);
  trans_class->passthrough_on_same_caps = FALSE;
}

static void
hub_sign_frames_init (HubSignFrames *self)
{
  gst_base_transform_set_in_place (GST_BASE_TRANSFORM (self), TRUE);
  gst_base_transform_set_passthrough (GST_BASE_TRANSFORM (self), FALSE);
}
