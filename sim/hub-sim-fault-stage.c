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
/* SEI payload type of the mastering display colour volume (H.264 D.1.29) */
#define SEI_MASTERING_DISPLAY 137

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

static const guint8 start_code[4] = { 0, 0, 0, 1 };

typedef enum
{
  EDIT_STRIP_TAG,        /* drop the tag SEI */
  EDIT_STRIP_TAG_PARAMS, /* drop the tag SEI, SPS and PPS */
  EDIT_TRUNCATE_TAG,     /* cut the tag SEI short after its UUID */
  EDIT_TAMPER,           /* flip a bit in the middle of the first slice */
} AuEdit;

static gboolean
nal_is_tag_sei (const HubNal *nal)
{
  guint8 tag[HUB_TAG_MAX_SIZE];
  size_t tag_len = 0;

  return hub_nal_type (nal->data, nal->size) == HUB_NAL_SEI
         && hub_sei_find_tag (nal->data, nal->size, tag, sizeof tag, &tag_len) != HUB_SEI_NO_TAG;
}

static gboolean
au_has_nal (const guint8 *au, gsize len, int type)
{
  size_t offset = 0;
  HubNal nal;

  while (hub_annexb_next_nal (au, len, &offset, &nal))
    if (hub_nal_type (nal.data, nal.size) == type && (type != HUB_NAL_SEI || nal_is_tag_sei (&nal)))
      return TRUE;
  return FALSE;
}

/* Rewrites an Annex-B access unit NAL by NAL; NULL when the edit found
 * nothing to act on. */
static GByteArray *
au_edit (const guint8 *au, gsize len, AuEdit edit)
{
  g_autoptr (GByteArray) out = g_byte_array_sized_new (len + 16);
  gboolean acted = FALSE;
  size_t offset = 0;
  HubNal nal;

  while (hub_annexb_next_nal (au, len, &offset, &nal))
    {
      int type = hub_nal_type (nal.data, nal.size);
      gboolean is_tag = nal_is_tag_sei (&nal);

      if (is_tag && (edit == EDIT_STRIP_TAG || edit == EDIT_STRIP_TAG_PARAMS))
        {
          acted = TRUE;
          continue;
        }
      if (edit == EDIT_STRIP_TAG_PARAMS && (type == HUB_NAL_SPS || type == HUB_NAL_PPS))
        continue;

      g_byte_array_append (out, start_code, sizeof start_code);

      if (is_tag && edit == EDIT_TRUNCATE_TAG && !acted)
        {
          /* header, payloadType, payloadSize (1–2 bytes), UUID, a few tag
           * bytes: the message now runs past the end of the NAL unit. */
          gsize keep = MIN (nal.size, 1 + 1 + 2 + 16 + 24);

          g_byte_array_append (out, nal.data, keep);
          acted = TRUE;
          continue;
        }

      if (edit == EDIT_TAMPER && !acted && hub_nal_type_is_vcl (type) && nal.size > 16)
        {
          gsize start = out->len;

          g_byte_array_append (out, nal.data, nal.size);
          /* A byte >= 0x10 stays >= 0x08 with bit 3 flipped: no start code
           * or emulation prevention pattern can appear. */
          for (gsize i = nal.size / 2; i < nal.size; i++)
            {
              if (out->data[start + i] >= 0x10)
                {
                  out->data[start + i] ^= 0x08;
                  acted = TRUE;
                  break;
                }
            }
          continue;
        }

      g_byte_array_append (out, nal.data, nal.size);
    }

  if (!acted && edit != EDIT_STRIP_TAG_PARAMS)
    return NULL;
  return g_steal_pointer (&out);
}

/* The SPS and PPS units of @au, in Annex-B. */
static GByteArray *
au_params (const guint8 *au, gsize len)
{
  GByteArray *out = g_byte_array_new ();
  size_t offset = 0;
  HubNal nal;

  while (hub_annexb_next_nal (au, len, &offset, &nal))
    {
      int type = hub_nal_type (nal.data, nal.size);

      if (type == HUB_NAL_SPS || type == HUB_NAL_PPS)
        {
          g_byte_array_append (out, start_code, sizeof start_code);
          g_byte_array_append (out, nal.data, nal.size);
        }
    }
  return out;
}

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

static void
append_nal (GByteArray *out, const guint8 *nal, gsize len)
{
  g_byte_array_append (out, start_code, sizeof start_code);
  g_byte_array_append (out, nal, len);
}

/* Escapes the RBSP @rbsp and appends it as a NAL unit. */
static void
append_rbsp (GByteArray *out, const guint8 *rbsp, gsize len)
{
  gsize escaped_len = hub_nal_escaped_size (rbsp, len);
  g_autofree guint8 *escaped = g_malloc (escaped_len);

  hub_nal_escape (rbsp, len, escaped);
  append_nal (out, escaped, escaped_len);
}

/* An SEI NAL unit with one mastering display colour volume message (payload
 * 137, 24 bytes: BT.709 primaries and white point, 1000 and 0.005 cd/m²). */
static void
append_mastering_display_sei (GByteArray *out)
{
  static const guint16 primaries[8] = { 15000, 30000, 7500, 3000, 32000, 16500, 15635, 16450 };
  guint8 rbsp[3 + 24 + 1];
  gsize n = 0;

  rbsp[n++] = HUB_NAL_SEI;
  rbsp[n++] = SEI_MASTERING_DISPLAY;
  rbsp[n++] = 24;
  for (guint i = 0; i < G_N_ELEMENTS (primaries); i++)
    {
      rbsp[n++] = primaries[i] >> 8;
      rbsp[n++] = primaries[i] & 0xff;
    }
  for (int shift = 24; shift >= 0; shift -= 8)
    rbsp[n++] = (10000000u >> shift) & 0xff;
  for (int shift = 24; shift >= 0; shift -= 8)
    rbsp[n++] = (50u >> shift) & 0xff;
  rbsp[n++] = 0x80; /* rbsp_trailing_bits */
  append_rbsp (out, rbsp, n);
}

/* One of the non-VCL units nal-flood sends: filler data, an SEI with a
 * user_data_unregistered message, or a NAL unit type that H.264 reserves. */
static void
append_flood_unit (GByteArray *out, guint i, GRand *rand)
{
  static const guint8 reserved_types[] = { 16, 17, 18, 22, 23 };
  guint8 rbsp[64];
  gsize n = 0;

  switch (i % 3)
    {
    case 0:
      rbsp[n++] = 12; /* filler data */
      while (n < 33)
        rbsp[n++] = 0xff;
      break;
    case 1:
      rbsp[n++] = HUB_NAL_SEI;
      rbsp[n++] = 5; /* user_data_unregistered */
      rbsp[n++] = 20;
      for (guint k = 0; k < 20; k++)
        rbsp[n++] = g_rand_int_range (rand, 1, 256);
      break;
    default:
      rbsp[n++] = 0x60 | reserved_types[(i / 3) % G_N_ELEMENTS (reserved_types)];
      for (guint k = 0; k < 16; k++)
        rbsp[n++] = g_rand_int_range (rand, 1, 256);
      break;
    }
  rbsp[n++] = 0x80;
  append_rbsp (out, rbsp, n);
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

/* slice-inject: @au with the previous unit's first slice (signed for
 * another unit, so unsigned here) right after its parameter sets. */
static GByteArray *
stage_inject_slice (HubSimFaultStage *self, const guint8 *au, gsize len)
{
  g_autoptr (GByteArray) out = g_byte_array_sized_new (len + 4096);
  gboolean injected = FALSE;
  gboolean after_params = FALSE;
  size_t offset = 0;
  HubNal nal;

  g_assert (HUB_IS_SIM_FAULT_STAGE (self));

  if (self->last_slice == NULL)
    return NULL;
  while (hub_annexb_next_nal (au, len, &offset, &nal))
    {
      int type = hub_nal_type (nal.data, nal.size);

      if (after_params && !injected && type != HUB_NAL_SPS && type != HUB_NAL_PPS)
        {
          append_nal (out, g_bytes_get_data (self->last_slice, NULL),
                      g_bytes_get_size (self->last_slice));
          injected = TRUE;
        }
      after_params |= type == HUB_NAL_SPS || type == HUB_NAL_PPS;
      append_nal (out, nal.data, nal.size);
    }
  if (!injected)
    return NULL;
  return g_steal_pointer (&out);
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
  if (!found || (stripped = au_edit (au, len, EDIT_STRIP_TAG)) == NULL)
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

          append_nal (primer, g_bytes_get_data (self->sps, NULL), g_bytes_get_size (self->sps));
          append_nal (primer, g_bytes_get_data (self->pps, NULL), g_bytes_get_size (self->pps));
          append_nal (primer, g_bytes_get_data (self->last_slice, NULL),
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
  edited = au_edit (au, len, EDIT_STRIP_TAG);
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
        AuEdit edit = kind == HUB_SIM_FAULT_STRIP      ? EDIT_STRIP_TAG
                      : kind == HUB_SIM_FAULT_TRUNCATE ? EDIT_TRUNCATE_TAG
                                                       : EDIT_TAMPER;
        guint edited_len;

        edited = au_edit (au, len, edit);
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
        edited = au_params (au, len);
        {
          g_autoptr (GByteArray) picture = au_edit (map.data, map.size, EDIT_STRIP_TAG_PARAMS);

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
        edited = au_edit (map.data, map.size, EDIT_STRIP_TAG_PARAMS);
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
            append_mastering_display_sei (edited);
            append_nal (edited, g_bytes_get_data (self->sps, NULL), g_bytes_get_size (self->sps));
            append_nal (edited, g_bytes_get_data (self->pps, NULL), g_bytes_get_size (self->pps));
          }
        else
          for (guint i = 0; i < FLOOD_UNITS; i++)
            append_flood_unit (edited, i, self->rand);
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
  tagged = au_has_nal (map.data, map.size, HUB_NAL_SEI);
  /* Units signed before the stream's first parameter sets hashed none: a
   * viewer would find their digest stale, so they are not replayed. */
  self->seen_params |= tagged && au_has_nal (map.data, map.size, HUB_NAL_SPS);
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
      g_autoptr (GByteArray) injected = stage_inject_slice (self, map.data, map.size);

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
