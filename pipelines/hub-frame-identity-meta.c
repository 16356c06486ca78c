/* hub-frame-identity-meta.c — the verified identity that travels with a frame
 *
 * Copyright 2026 hubview developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "hub-frame-identity-meta.h"

#include <string.h>

/* No tags: decoders (GstVideoDecoder) and converters (GstBaseTransform)
 * copy a meta without tags from input to output frames. */
GType
hub_frame_identity_meta_api_get_type (void)
{
  static GType type;
  static const gchar *tags[] = { NULL };

  if (g_once_init_enter (&type))
    {
      GType t = gst_meta_api_type_register ("HubFrameIdentityMetaAPI", tags);
      g_once_init_leave (&type, t);
    }
  return type;
}

static gboolean
identity_meta_init (GstMeta *meta, gpointer params, GstBuffer *buffer)
{
  HubFrameIdentityMeta *m = (HubFrameIdentityMeta *) meta;

  memset (&m->identity, 0, sizeof m->identity);
  return TRUE;
}

static gboolean
identity_meta_transform (GstBuffer *dest, GstMeta *meta, GstBuffer *buffer, GQuark type,
                         gpointer data)
{
  HubFrameIdentityMeta *m = (HubFrameIdentityMeta *) meta;

  /* The identity describes the whole picture: it survives copies and
   * conversions (scaling, colour conversion) alike. */
  return hub_buffer_add_frame_identity_meta (dest, &m->identity) != NULL;
}

const GstMetaInfo *
hub_frame_identity_meta_get_info (void)
{
  static const GstMetaInfo *info;

  if (g_once_init_enter ((GstMetaInfo **) &info))
    {
      const GstMetaInfo *mi = gst_meta_register (HUB_FRAME_IDENTITY_META_API_TYPE,
                                                 "HubFrameIdentityMeta",
                                                 sizeof (HubFrameIdentityMeta),
                                                 identity_meta_init, NULL,
                                                 identity_meta_transform);
      g_once_init_leave ((GstMetaInfo **) &info, (GstMetaInfo *) mi);
    }
  return info;
}

gboolean
hub_frame_identity_init_from_tag (HubFrameIdentity *identity, const guint8 *tag, gsize len)
{
  HubFrameTag decoded;

  g_return_val_if_fail (identity != NULL, FALSE);

  memset (identity, 0, sizeof *identity);
  if (tag == NULL || len > sizeof identity->tag || !hub_frame_tag_decode (tag, len, &decoded))
    return FALSE;
  g_strlcpy (identity->device_id, decoded.device_id, sizeof identity->device_id);
  memcpy (identity->nonce, decoded.nonce, sizeof identity->nonce);
  identity->counter = decoded.counter;
  identity->capture_time_us = decoded.capture_time_us;
  memcpy (identity->tag, tag, len);
  identity->tag_len = len;
  return TRUE;
}

HubFrameIdentityMeta *
hub_buffer_add_frame_identity_meta (GstBuffer *buffer, const HubFrameIdentity *identity)
{
  HubFrameIdentityMeta *m;

  g_return_val_if_fail (GST_IS_BUFFER (buffer), NULL);
  g_return_val_if_fail (identity != NULL, NULL);

  m = (HubFrameIdentityMeta *) gst_buffer_add_meta (buffer, HUB_FRAME_IDENTITY_META_INFO, NULL);
  if (m == NULL)
    return NULL;
  m->identity = *identity;
  return m;
}

gboolean
hub_buffer_get_frame_identity (GstBuffer *buffer, HubFrameIdentity *identity)
{
  HubFrameIdentityMeta *m = hub_buffer_get_frame_identity_meta (buffer);

  if (m == NULL)
    return FALSE;
  *identity = m->identity;
  return TRUE;
}

gboolean
hub_frame_identity_matches (const HubFrameIdentity *identity, const char *device_id,
                            const guint8 *nonce)
{
  return identity != NULL && device_id != NULL && nonce != NULL
         && strcmp (identity->device_id, device_id) == 0
         && memcmp (identity->nonce, nonce, sizeof identity->nonce) == 0;
}
