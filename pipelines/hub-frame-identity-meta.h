/* hub-frame-identity-meta.h — what a frame's own tag says, travelling with the frame
 *
 * Attached by hubverifygate to every access unit that passed, filled from
 * the unit's tag (never from the gate's configuration, signed-frames §6.4);
 * carried by the decoder to the raw frame; read by the paintable sink, and
 * checked again by the view — signature, device and nonce — before it paints.
 */
#pragma once

#include <gst/gst.h>

#include "hub-frame-tag.h"

G_BEGIN_DECLS

#define HUB_FRAME_IDENTITY_META_API_TYPE (hub_frame_identity_meta_api_get_type ())
#define HUB_FRAME_IDENTITY_META_INFO (hub_frame_identity_meta_get_info ())

/* The fields of a frame's tag, and the tag's encoded bytes (signature
 * included) so that a later check can verify them under a key of its own. */
typedef struct
{
  char device_id[HUB_DEVICE_ID_MAX + 1];
  guint8 nonce[HUB_NONCE_SIZE];
  guint64 counter;
  guint64 capture_time_us;
  guint8 tag[HUB_TAG_MAX_SIZE];
  gsize tag_len;
} HubFrameIdentity;

typedef struct
{
  GstMeta meta;
  HubFrameIdentity identity;
} HubFrameIdentityMeta;

GType hub_frame_identity_meta_api_get_type (void);
const GstMetaInfo *hub_frame_identity_meta_get_info (void);

/* Fills @identity from the encoded tag @tag (@len bytes): FALSE when the tag
 * does not decode (§2). The signature is not checked here. */
gboolean hub_frame_identity_init_from_tag (HubFrameIdentity *identity, const guint8 *tag,
                                           gsize len);

HubFrameIdentityMeta *hub_buffer_add_frame_identity_meta (GstBuffer *buffer,
                                                          const HubFrameIdentity *identity);

#define hub_buffer_get_frame_identity_meta(b) \
  ((HubFrameIdentityMeta *) gst_buffer_get_meta ((b), HUB_FRAME_IDENTITY_META_API_TYPE))

/* TRUE when @buffer carries an identity, copied into @identity. */
gboolean hub_buffer_get_frame_identity (GstBuffer *buffer, HubFrameIdentity *identity);

/* TRUE when @identity names @device_id and the session @nonce. */
gboolean hub_frame_identity_matches (const HubFrameIdentity *identity, const char *device_id,
                                     const guint8 *nonce);

G_END_DECLS
