/* hub-stream-info.h — a stream lease as the cloud gave it (openStream, extendStream)
 *
 * Copyright 2026 hubview developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Its URL and tokens are secrets: wiped when freed, never logged.
 */
#pragma once

#include <glib-object.h>

#include "hub-frame-tag.h"

G_BEGIN_DECLS

typedef struct
{
  char *camera_id;
  char *rtsp_url;
  char *stream_token;
  char *extension_token;
  gint64 expires_at_us; /* real time */
  guint8 nonce[HUB_NONCE_SIZE];
} HubStreamInfo;

#define HUB_TYPE_STREAM_INFO (hub_stream_info_get_type ())
GType hub_stream_info_get_type (void) G_GNUC_CONST;
HubStreamInfo *hub_stream_info_copy (const HubStreamInfo *info);
void hub_stream_info_free (HubStreamInfo *info);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HubStreamInfo, hub_stream_info_free)

G_END_DECLS
