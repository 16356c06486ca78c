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

  memset (m->device_id, 0, sizeof m->device_id);
  memset (m->nonce, 0, sizeof m->nonce);
  m->counter = 0;
  m->capture_time_us = 0;
  return TRUE;
}

static gboolean
identity_meta_transform (GstBuffer *dest, GstMeta *meta, GstBuffer *buffer, GQuark type,
                         gpointer data)
{
  HubFrameIdentityMeta *m = (HubFrameIdentityMeta *) meta;

  /* The identity describes the whole picture: it survives copies and
   * conversions (scaling, colour conversion) alike. */
  return hub_buffer_add_frame_identity_meta (dest, m->device_id, m->nonce, m->counter,
                                             m->capture_time_us)
         != NULL;
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

HubFrameIdentityMeta *
hub_buffer_add_frame_identity_meta (GstBuffer *buffer, const char *device_id,
                                    const guint8 *nonce, guint64 counter,
                                    guint64 capture_time_us)
{
  HubFrameIdentityMeta *m;

  g_return_val_if_fail (GST_IS_BUFFER (buffer), NULL);
  g_return_val_if_fail (device_id != NULL && strlen (device_id) < sizeof m->device_id, NULL);
  g_return_val_if_fail (nonce != NULL, NULL);

  m = (HubFrameIdentityMeta *) gst_buffer_add_meta (buffer, HUB_FRAME_IDENTITY_META_INFO, NULL);
  if (m == NULL)
    return NULL;
  g_strlcpy (m->device_id, device_id, sizeof m->device_id);
  memcpy (m->nonce, nonce, sizeof m->nonce);
  m->counter = counter;
  m->capture_time_us = capture_time_us;
  return m;
}

gboolean
hub_buffer_get_frame_identity (GstBuffer *buffer, HubFrameIdentity *identity)
{
  HubFrameIdentityMeta *m = hub_buffer_get_frame_identity_meta (buffer);

  if (m == NULL)
    return FALSE;
  memcpy (identity->device_id, m->device_id, sizeof identity->device_id);
  memcpy (identity->nonce, m->nonce, sizeof identity->nonce);
  identity->counter = m->counter;
  identity->capture_time_us = m->capture_time_us;
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
