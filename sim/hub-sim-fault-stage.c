/* hub-sim-fault-stage.c — the fault stage: a small private element after the
 * signer of a simulated camera's viewer, applying the stream faults
 *
 * Copyright 2026 hubview developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#define G_LOG_DOMAIN "hub-sim-camera"

#include "hub-sim-fault-stage.h"

#include <string.h>

#include <sodium.h>

#include "hub-annexb.h"
#include "hub-sim-au-edit.h"
#include "hub-frame-tag.h"
#include "hub-signer.h"

GST_DEBUG_CATEGORY_STATIC (hub_sim_fault_stage_debug);
#define GST_CAT_DEFAULT hub_sim_fault_stage_debug

/* The camera's Ed25519 seed */
#define SEED_SIZE 32

#define REPLAY_HISTORY 16
#define REPLAY_MIN_AGE 4
/* Non-VCL units nal-flood pushes in front of a unit it picks */
#define FLOOD_UNITS 48

G_STATIC_ASSERT (HUB_SIM_FAULT_CROSS_FEED == 0);

struct _HubSimFaultStage
{
  GstElement parent_instance;

  GstPad *sinkpad;
  GstPad *srcpad;

  /* Set before the stage runs. */
  guint camera_index;
  char *device_id;
  guint8 seed[SEED_SIZE];
  guint8 nonce[HUB_NONCE_SIZE];
  double rates[HUB_SIM_N_STREAM_FAULTS];
  HubSimForeignAuFunc take_foreign_au; /* the camera registry, for cross-feed */
  HubSimDecoyAuFunc take_decoy_au;     /* and for wrong-session */
  guint8 decoy_nonce[HUB_NONCE_SIZE];  /* the session wrong_session signs for */

  /* Streaming thread only. */
  GRand *rand;
  gboolean seen_params;               /* an SPS went through */
  GstBuffer *history[REPLAY_HISTORY]; /* signed access units, oldest first once full */
  guint history_len;
  guint history_next;
  HubSigner *wrong_session;
  HubSigner *rogue;
  HubSigner *foreign;
  guint foreign_index; /* camera index the foreign signer signs for */
  GBytes *sps;         /* the latest SPS and PPS as sent, for sei-inject */
  GBytes *pps;
  GBytes *last_slice;  /* the first slice of the previous unit, for slice-inject */
  gint64 rotate_at_us; /* key-rotate: monotonic time of the new key, 0: none */
  guint8 rotated_seed[SEED_SIZE];
  HubSigner *rotated;
  guint64 n_applied[HUB_SIM_N_STREAM_FAULTS];
};

G_DEFINE_TYPE (HubSimFaultStage, hub_sim_fault_stage, GST_TYPE_ELEMENT)

static GstStaticPadTemplate stage_sink_template
    = GST_STATIC_PAD_TEMPLATE ("sink", GST_PAD_SINK, GST_PAD_ALWAYS, GST_STATIC_CAPS_ANY);
static GstStaticPadTemplate stage_src_template
    = GST_STATIC_PAD_TEMPLATE ("src", GST_PAD_SRC, GST_PAD_ALWAYS, GST_STATIC_CAPS_ANY);

/* A new buffer holding @data (taken) with the timestamps and flags of @like. */
static GstBuffer *
buffer_new_like (GstBuffer *like, guint8 *data, gsize len)
{
  GstBuffer *buf = gst_buffer_new_wrapped (data, len);

  gst_buffer_copy_into (buf, like, GST_BUFFER_COPY_FLAGS | GST_BUFFER_COPY_TIMESTAMPS, 0, -1);
  return buf;
}

/* Signs the unsigned access unit @au with @signer into a buffer like @like. */
static GstBuffer *
sign_like (HubSigner *signer, GstBuffer *like, const guint8 *au, gsize len)
{
  size_t out_len = 0;
  guint8 *signed_au = hub_signer_sign_au (signer, au, len, g_get_real_time (), &out_len);
  GstBuffer *buf;

  if (signed_au == NULL)
    return NULL;
  buf = buffer_new_like (like, g_memdup2 (signed_au, out_len), out_len);
  free (signed_au); /* malloc'd by the provenance core, which knows no GLib */
  return buf;
}

/* Keeps the latest SPS and PPS, as sent; *@slice: the unit's first slice. */
static void
stage_note_units (HubSimFaultStage *self, const guint8 *au, gsize len, gboolean *new_params,
                  GBytes **slice)
{
  size_t offset = 0;
  HubNal nal;

  g_assert (HUB_IS_SIM_FAULT_STAGE (self));

  *new_params = FALSE;
  while (hub_annexb_next_nal (au, len, &offset, &nal))
    {
      int type = hub_nal_type (nal.data, nal.size);
      GBytes **keep = type == HUB_NAL_SPS ? &self->sps : type == HUB_NAL_PPS ? &self->pps : NULL;

      if (keep != NULL)
        {
          g_autoptr (GBytes) bytes = g_bytes_new (nal.data, nal.size);

          /* other parameter sets than the ones before (the first ones are not new) */
          *new_params |= *keep != NULL && !g_bytes_equal (*keep, bytes);
          g_clear_pointer (keep, g_bytes_unref);
          *keep = g_steal_pointer (&bytes);
        }
      else if (hub_nal_type_is_vcl (type) && *slice == NULL)
        *slice = g_bytes_new (nal.data, nal.size);
    }
}

/* key-rotate: @buf's unit signed again with the new key, with the counter
 * and capture time of its tag; NULL when it has no tag to follow. */
static GstBuffer *
stage_sign_rotated (HubSimFaultStage *self, GstBuffer *buf, const guint8 *au, gsize len)
{
  g_autoptr (GByteArray) stripped = NULL;
  guint8 tag_bytes[HUB_TAG_MAX_SIZE];
  size_t tag_len = 0;
  HubFrameTag tag;
  gboolean found = FALSE;
  size_t offset = 0;
  size_t out_len = 0;
  guint8 *signed_au;
  GstBuffer *out;
  HubNal nal;

  g_assert (HUB_IS_SIM_FAULT_STAGE (self));

  while (!found && hub_annexb_next_nal (au, len, &offset, &nal))
    found = hub_nal_type (nal.data, nal.size) == HUB_NAL_SEI
            && hub_sei_find_tag (nal.data, nal.size, tag_bytes, sizeof tag_bytes, &tag_len)
                   == HUB_SEI_TAG
            && hub_frame_tag_decode (tag_bytes, tag_len, &tag);
  if (!found || (stripped = hub_sim_au_edit (au, len, HUB_SIM_AU_STRIP_TAG)) == NULL)
    return NULL;

  if (self->rotated == NULL)
    {
      self->rotated = hub_signer_new (self->rotated_seed, self->device_id, self->nonce);
      if (self->rotated == NULL)
        return NULL;
      /* The new signer learns the stream's parameter sets from a unit that
       * carries them, as the camera's signer did: later digests cover them. */
      if (self->sps != NULL && self->pps != NULL && self->last_slice != NULL)
        {
          g_autoptr (GByteArray) primer = g_byte_array_new ();

          hub_sim_au_append_nal (primer, g_bytes_get_data (self->sps, NULL),
                                 g_bytes_get_size (self->sps));
          hub_sim_au_append_nal (primer, g_bytes_get_data (self->pps, NULL),
                                 g_bytes_get_size (self->pps));
          hub_sim_au_append_nal (primer, g_bytes_get_data (self->last_slice, NULL),
                                 g_bytes_get_size (self->last_slice));
          free (hub_signer_sign_au (self->rotated, primer->data, primer->len, 0, &out_len));
        }
      GST_INFO_OBJECT (
          self,
          "camera=%s fault=key-rotate signing with the new key from counter %" G_GUINT64_FORMAT,
          self->device_id, (guint64)tag.counter);
    }
  hub_signer_set_counter (self->rotated, tag.counter);
  signed_au = hub_signer_sign_au (self->rotated, stripped->data, stripped->len, tag.capture_time_us,
                                  &out_len);
  if (signed_au == NULL)
    return NULL;
  out = buffer_new_like (buf, g_memdup2 (signed_au, out_len), out_len);
  gst_buffer_copy_into (out, buf, GST_BUFFER_COPY_META, 0, -1);
  free (signed_au);
  return out;
}

static void
stage_remember (HubSimFaultStage *self, GstBuffer *buf)
{
  g_assert (HUB_IS_SIM_FAULT_STAGE (self));

  gst_buffer_replace (&self->history[self->history_next], buf);
  self->history_next = (self->history_next + 1) % REPLAY_HISTORY;
  self->history_len = MIN (self->history_len + 1, REPLAY_HISTORY);
}

/* The oldest remembered access unit, or NULL when none is old enough. */
static GstBuffer *
stage_oldest (HubSimFaultStage *self)
{
  guint oldest;

  g_assert (HUB_IS_SIM_FAULT_STAGE (self));

  if (self->history_len < REPLAY_MIN_AGE)
    return NULL;
  oldest = self->history_len < REPLAY_HISTORY ? 0 : self->history_next;
  return self->history[oldest];
}

static int
stage_pick_fault (HubSimFaultStage *self)
{
  g_assert (HUB_IS_SIM_FAULT_STAGE (self));

  for (int kind = 0; kind < HUB_SIM_N_STREAM_FAULTS; kind++)
    if (kind != HUB_SIM_FAULT_SLICE_INJECT && self->rates[kind] > 0
        && g_rand_double (self->rand) < self->rates[kind])
      return kind;
  return -1;
}

/* rogue-key (another key, this session), and wrong-session without a decoy
 * picture (this key, a random session): the unit signed again. */
static GstBuffer *
stage_apply_other_signer (HubSimFaultStage *self, int kind, GstBuffer *buf, const guint8 *au,
                          gsize len)
{
  HubSigner **signer = kind == HUB_SIM_FAULT_WRONG_SESSION ? &self->wrong_session : &self->rogue;
  g_autoptr (GByteArray) edited = NULL;

  if (*signer == NULL)
    {
      guint8 seed[SEED_SIZE], nonce[HUB_NONCE_SIZE];

      if (kind == HUB_SIM_FAULT_WRONG_SESSION)
        {
          /* the camera's own key, another session */
          memcpy (seed, self->seed, sizeof seed);
          randombytes_buf (nonce, sizeof nonce);
        }
      else
        {
          /* another key, claiming this camera's device ID and session */
          randombytes_buf (seed, sizeof seed);
          memcpy (nonce, self->nonce, sizeof nonce);
        }
      *signer = hub_signer_new (seed, self->device_id, nonce);
      sodium_memzero (seed, sizeof seed);
      if (*signer == NULL)
        return NULL;
    }
  edited = hub_sim_au_edit (au, len, HUB_SIM_AU_STRIP_TAG);
  if (edited == NULL)
    return NULL;
  return sign_like (*signer, buf, edited->data, edited->len);
}

/* Applies fault @kind to the signed access unit @buf (borrowed). Returns the
 * buffer to send instead (NULL: send @buf unchanged); *@extra, when set, is
 * sent before it. */
static GstBuffer *
stage_apply (HubSimFaultStage *self, int kind, GstBuffer *buf, const guint8 *au, gsize len,
             GstBuffer **extra)
{
  g_autoptr (GByteArray) edited = NULL;

  g_assert (HUB_IS_SIM_FAULT_STAGE (self));

  switch ((HubSimFaultKind)kind)
    {
    case HUB_SIM_FAULT_STRIP:
    case HUB_SIM_FAULT_TRUNCATE:
    case HUB_SIM_FAULT_TAMPER:
      {
        HubSimAuEdit edit = kind == HUB_SIM_FAULT_STRIP      ? HUB_SIM_AU_STRIP_TAG
                            : kind == HUB_SIM_FAULT_TRUNCATE ? HUB_SIM_AU_TRUNCATE_TAG
                                                             : HUB_SIM_AU_TAMPER;
        guint edited_len;

        edited = hub_sim_au_edit (au, len, edit);
        if (edited == NULL)
          return NULL;
        edited_len = edited->len;
        return buffer_new_like (buf, g_byte_array_free (g_steal_pointer (&edited), FALSE),
                                edited_len);
      }

    case HUB_SIM_FAULT_REPLAY:
      {
        GstBuffer *old = stage_oldest (self);
        GstBuffer *copy;

        if (old == NULL)
          return NULL;
        copy = gst_buffer_new ();
        gst_buffer_copy_into (copy, old, GST_BUFFER_COPY_MEMORY, 0, -1);
        gst_buffer_copy_into (copy, buf, GST_BUFFER_COPY_FLAGS | GST_BUFFER_COPY_TIMESTAMPS, 0, -1);
        *extra = copy;
        return NULL;
      }

    case HUB_SIM_FAULT_WRONG_SESSION:
      {
        g_autoptr (GstBuffer) decoy = NULL;
        guint8 nonce[HUB_NONCE_SIZE];
        GstMapInfo map;

        if (self->take_decoy_au != NULL)
          decoy = self->take_decoy_au (self->camera_index, nonce);
        if (decoy == NULL)
          return stage_apply_other_signer (self, kind, buf, au, len);
        /* the camera's own key, its decoy session, a picture of that session */
        if (self->wrong_session == NULL || memcmp (self->decoy_nonce, nonce, sizeof nonce) != 0)
          {
            g_clear_pointer (&self->wrong_session, hub_signer_free);
            self->wrong_session = hub_signer_new (self->seed, self->device_id, nonce);
            memcpy (self->decoy_nonce, nonce, sizeof nonce);
            if (self->wrong_session == NULL)
              return NULL;
          }
        if (!gst_buffer_map (decoy, &map, GST_MAP_READ))
          return NULL;
        /* the unit's own parameter sets (the stream's, which a viewer may
         * still need), then the decoy picture without its own */
        edited = hub_sim_au_params (au, len);
        {
          g_autoptr (GByteArray) picture
              = hub_sim_au_edit (map.data, map.size, HUB_SIM_AU_STRIP_TAG_PARAMS);

          g_byte_array_append (edited, picture->data, picture->len);
        }
        gst_buffer_unmap (decoy, &map);
        return sign_like (self->wrong_session, buf, edited->data, edited->len);
      }

    case HUB_SIM_FAULT_ROGUE_KEY:
      return stage_apply_other_signer (self, kind, buf, au, len);

    case HUB_SIM_FAULT_CROSS_FEED:
      {
        g_autoptr (GstBuffer) foreign = NULL;
        g_autofree char *foreign_id = NULL;
        guint8 seed[SEED_SIZE];
        guint index = G_MAXUINT;
        GstMapInfo map;

        if (self->take_foreign_au != NULL)
          foreign = self->take_foreign_au (self->camera_index, &index, &foreign_id, seed);
        if (foreign == NULL)
          {
            /* No other camera in this process: an unknown one, with this
             * camera's picture. */
            static const char label[] = "hubview-sim foreign camera";

            crypto_hash_sha256 (seed, (const guint8 *)label, sizeof label - 1);
            foreign_id = g_strdup ("cam-foreign");
            foreign = gst_buffer_ref (buf);
            index = G_MAXUINT - 1;
          }
        if (self->foreign == NULL || self->foreign_index != index)
          {
            guint8 nonce[HUB_NONCE_SIZE];

            g_clear_pointer (&self->foreign, hub_signer_free);
            randombytes_buf (nonce, sizeof nonce);
            self->foreign = hub_signer_new (seed, foreign_id, nonce);
            self->foreign_index = index;
          }
        sodium_memzero (seed, sizeof seed);
        if (self->foreign == NULL || !gst_buffer_map (foreign, &map, GST_MAP_READ))
          return NULL;
        /* Without its parameter sets, the foreign picture leaves this
         * stream's SPS/PPS (and so its later digests) untouched. */
        edited = hub_sim_au_edit (map.data, map.size, HUB_SIM_AU_STRIP_TAG_PARAMS);
        gst_buffer_unmap (foreign, &map);
        return sign_like (self->foreign, buf, edited->data, edited->len);
      }

    case HUB_SIM_FAULT_SEI_INJECT:
    case HUB_SIM_FAULT_NAL_FLOOD:
      {
        guint edited_len;

        if (kind == HUB_SIM_FAULT_SEI_INJECT
            && (!GST_BUFFER_FLAG_IS_SET (buf, GST_BUFFER_FLAG_DELTA_UNIT) || self->sps == NULL
                || self->pps == NULL))
          return NULL;
        edited = g_byte_array_sized_new (len + 4096);
        if (kind == HUB_SIM_FAULT_SEI_INJECT)
          {
            hub_sim_au_append_mastering_display_sei (edited);
            hub_sim_au_append_nal (edited, g_bytes_get_data (self->sps, NULL),
                                   g_bytes_get_size (self->sps));
            hub_sim_au_append_nal (edited, g_bytes_get_data (self->pps, NULL),
                                   g_bytes_get_size (self->pps));
          }
        else
          for (guint i = 0; i < FLOOD_UNITS; i++)
            hub_sim_au_append_flood_unit (edited, i, self->rand);
        g_byte_array_append (edited, au, len);
        edited_len = edited->len;
        return buffer_new_like (buf, g_byte_array_free (g_steal_pointer (&edited), FALSE),
                                edited_len);
      }

    case HUB_SIM_FAULT_SLICE_INJECT: /* on new parameter sets only: see the chain function */
    case HUB_SIM_FAULT_HOLD_BACK:
    case HUB_SIM_FAULT_PARAM_CHANGE:
    case HUB_SIM_FAULT_KEY_ROTATE:
    case HUB_SIM_FAULT_DROP:
    case HUB_SIM_FAULT_DELAY:
    case HUB_SIM_FAULT_DUPLICATE:
    case HUB_SIM_FAULT_REORDER:
    case HUB_SIM_FAULT_OFFLINE:
    case HUB_SIM_FAULT_KILL:
    case HUB_SIM_FAULT_CLOUD_401:
    case HUB_SIM_FAULT_CLOUD_403:
    case HUB_SIM_FAULT_CLOUD_404:
    case HUB_SIM_FAULT_CLOUD_429:
    case HUB_SIM_FAULT_CLOUD_500:
    case HUB_SIM_FAULT_CLOUD_503:
    case HUB_SIM_FAULT_CLOUD_MALFORMED:
    case HUB_SIM_FAULT_CLOUD_SLOW:
    case HUB_SIM_FAULT_EXTEND_FAIL:
    case HUB_SIM_N_FAULT_KINDS:
    default:
      return NULL;
    }
}

static GstFlowReturn
hub_sim_fault_stage_chain (GstPad *pad, GstObject *parent, GstBuffer *buf)
{
  HubSimFaultStage *self = HUB_SIM_FAULT_STAGE (parent);
  GstBuffer *replacement = NULL;
  GstBuffer *extra = NULL;
  GstFlowReturn ret;
  GstMapInfo map;
  gboolean tagged;
  g_autoptr (GBytes) slice = NULL;
  gboolean new_params;
  int kind;

  if (!gst_buffer_map (buf, &map, GST_MAP_READ))
    return gst_pad_push (self->srcpad, buf);
  tagged = hub_sim_au_has_nal (map.data, map.size, HUB_NAL_SEI);
  /* Units signed before the stream's first parameter sets hashed none: a
   * viewer would find their digest stale, so they are not replayed. */
  self->seen_params |= tagged && hub_sim_au_has_nal (map.data, map.size, HUB_NAL_SPS);
  if (!tagged)
    {
      gst_buffer_unmap (buf, &map);
      return gst_pad_push (self->srcpad, buf);
    }

  stage_note_units (self, map.data, map.size, &new_params, &slice);
  if (self->rotate_at_us != 0 && g_get_monotonic_time () >= self->rotate_at_us)
    {
      GstBuffer *rotated = stage_sign_rotated (self, buf, map.data, map.size);

      if (rotated != NULL)
        {
          gst_buffer_unmap (buf, &map);
          gst_buffer_unref (buf);
          buf = rotated;
          if (!gst_buffer_map (buf, &map, GST_MAP_READ))
            return gst_pad_push (self->srcpad, buf);
        }
    }
  kind = stage_pick_fault (self);
  if (new_params && self->rates[HUB_SIM_FAULT_SLICE_INJECT] > 0
      && g_rand_double (self->rand) < self->rates[HUB_SIM_FAULT_SLICE_INJECT])
    {
      g_autoptr (GByteArray) injected
          = hub_sim_au_inject_slice (map.data, map.size, self->last_slice);

      kind = HUB_SIM_FAULT_SLICE_INJECT;
      if (injected != NULL)
        {
          guint injected_len = injected->len;

          replacement = buffer_new_like (
              buf, g_byte_array_free (g_steal_pointer (&injected), FALSE), injected_len);
          self->n_applied[kind]++;
          GST_INFO_OBJECT (self, "camera=%s fault=slice-inject after new parameter sets",
                           self->device_id);
        }
    }
  else if (kind >= 0)
    {
      replacement = stage_apply (self, kind, buf, map.data, map.size, &extra);
      if (replacement != NULL || extra != NULL)
        {
          self->n_applied[kind]++;
          GST_DEBUG_OBJECT (self, "camera=%s fault=%s (%" G_GUINT64_FORMAT " so far)",
                            self->device_id, hub_sim_fault_kind_to_string ((HubSimFaultKind)kind),
                            self->n_applied[kind]);
        }
    }
  gst_buffer_unmap (buf, &map);
  if (slice != NULL)
    {
      g_clear_pointer (&self->last_slice, g_bytes_unref);
      self->last_slice = g_steal_pointer (&slice);
    }
  if (self->seen_params)
    stage_remember (self, buf);

  if (extra != NULL)
    {
      ret = gst_pad_push (self->srcpad, extra);
      if (ret != GST_FLOW_OK)
        {
          gst_buffer_unref (buf);
          g_clear_pointer (&replacement, gst_buffer_unref);
          return ret;
        }
    }
  if (replacement != NULL)
    {
      gst_buffer_unref (buf);
      return gst_pad_push (self->srcpad, replacement);
    }
  return gst_pad_push (self->srcpad, buf);
}

static void
hub_sim_fault_stage_finalize (GObject *object)
{
  HubSimFaultStage *self = HUB_SIM_FAULT_STAGE (object);

  for (guint i = 0; i < REPLAY_HISTORY; i++)
    gst_clear_buffer (&self->history[i]);
  g_clear_pointer (&self->wrong_session, hub_signer_free);
  g_clear_pointer (&self->rogue, hub_signer_free);
  g_clear_pointer (&self->foreign, hub_signer_free);
  g_clear_pointer (&self->sps, g_bytes_unref);
  g_clear_pointer (&self->pps, g_bytes_unref);
  g_clear_pointer (&self->last_slice, g_bytes_unref);
  g_clear_pointer (&self->rotated, hub_signer_free);
  sodium_memzero (self->rotated_seed, sizeof self->rotated_seed);
  g_clear_pointer (&self->rand, g_rand_free);
  g_clear_pointer (&self->device_id, g_free);
  sodium_memzero (self->seed, sizeof self->seed);

  G_OBJECT_CLASS (hub_sim_fault_stage_parent_class)->finalize (object);
}

static void
hub_sim_fault_stage_class_init (HubSimFaultStageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GstElementClass *element_class = GST_ELEMENT_CLASS (klass);

  object_class->finalize = hub_sim_fault_stage_finalize;

  /* the camera's category, so that GST_DEBUG=hubsimcamera still shows the faults */
  GST_DEBUG_CATEGORY_INIT (hub_sim_fault_stage_debug, "hubsimcamera", 0, "hubview-sim camera");

  gst_element_class_add_static_pad_template (element_class, &stage_sink_template);
  gst_element_class_add_static_pad_template (element_class, &stage_src_template);
  gst_element_class_set_static_metadata (element_class, "hubview-sim stream faults", "Filter/Video",
                                         "Corrupts signed H.264 access units as configured",
                                         "hubview developers <dev@hubview.io>");
}

static void
hub_sim_fault_stage_init (HubSimFaultStage *self)
{
  self->sinkpad = gst_pad_new_from_static_template (&stage_sink_template, "sink");
  gst_pad_set_chain_function (self->sinkpad, GST_DEBUG_FUNCPTR (hub_sim_fault_stage_chain));
  GST_PAD_SET_PROXY_CAPS (self->sinkpad);
  GST_PAD_SET_PROXY_ALLOCATION (self->sinkpad);
  gst_element_add_pad (GST_ELEMENT (self), self->sinkpad);

  self->srcpad = gst_pad_new_from_static_template (&stage_src_template, "src");
  GST_PAD_SET_PROXY_CAPS (self->srcpad);
  gst_element_add_pad (GST_ELEMENT (self), self->srcpad);

  self->rand = g_rand_new ();
  self->foreign_index = G_MAXUINT;
}

GstElement *
hub_sim_fault_stage_new (guint camera_index, const char *device_id, const guint8 *seed,
                         const guint8 *nonce, const double rates[HUB_SIM_N_STREAM_FAULTS],
                         HubSimForeignAuFunc take_foreign_au, HubSimDecoyAuFunc take_decoy_au)
{
  HubSimFaultStage *self = g_object_new (HUB_TYPE_SIM_FAULT_STAGE, NULL);

  self->camera_index = camera_index;
  self->device_id = g_strdup (device_id);
  memcpy (self->seed, seed, SEED_SIZE);
  memcpy (self->nonce, nonce, HUB_NONCE_SIZE);
  memcpy (self->rates, rates, sizeof self->rates);
  self->take_foreign_au = take_foreign_au;
  self->take_decoy_au = take_decoy_au;
  return GST_ELEMENT (self);
}

void
hub_sim_fault_stage_set_rotation (HubSimFaultStage *self, gint64 rotate_at_us,
                                  const guint8 *rotated_seed)
{
  g_return_if_fail (HUB_IS_SIM_FAULT_STAGE (self));

  self->rotate_at_us = rotate_at_us;
  memcpy (self->rotated_seed, rotated_seed, SEED_SIZE);
}
