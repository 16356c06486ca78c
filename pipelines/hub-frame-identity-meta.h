/* hub-frame-identity-meta.h — the verified identity that travels with a frame
 *
 * Attached by hubverifygate to every access unit that passed; carried by the
 * decoder to the raw frame; read by the paintable sink and checked again by
 * the view before it paints.
 */
#pragma once

#include <gst/gst.h>

G_BEGIN_DECLS

#define HUB_FRAME_IDENTITY_META_API_TYPE (hub_frame_identity_meta_api_get_type ())
#define HUB_FRAME_IDENTITY_META_INFO (hub_frame_identity_meta_get_info ())

typedef struct
{
  GstMeta meta;
  char device_id[65];
  guint8 nonce[16];
  guint64 counter;
  guint64 capture_time_us;
} HubFrameIdentityMeta;

/* A plain copy of the verified identity, for use outside buffers. */
typedef struct
{
  char device_id[65];
  guint8 nonce[16];
  guint64 counter;
  guint64 capture_time_us;
} HubFrameIdentity;

GType hub_frame_identity_meta_api_get_type (void);
const GstMetaInfo *hub_frame_identity_meta_get_info (void);

HubFrameIdentityMeta *hub_buffer_add_frame_identity_meta (GstBuffer *buffer,
                                                          const char *device_id,
                                                          const guint8 *nonce,
                                                          guint64 counter,
                                                          guint64 capture_time_us);

#define hub_buffer_get_frame_identity_meta(b) \
  ((HubFrameIdentityMeta *) gst_buffer_get_meta ((b), HUB_FRAME_IDENTITY_META_API_TYPE))

/* TRUE when @buffer carries an identity, copied into @identity. */
gboolean hub_buffer_get_frame_identity (GstBuffer *buffer, HubFrameIdentity *identity);

/* TRUE when @identity names @device_id and the session @nonce. */
gboolean hub_frame_identity_matches (const HubFrameIdentity *identity, const char *device_id,
                                     const guint8 *nonce);

G_END_DECLS
