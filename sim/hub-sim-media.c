/* hub-sim-media.c — the media of a simulated camera's viewer: its SDP states
 * the bandwidth
 *
 * Copyright 2026 hubview developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * "b=AS" (the stream's bitrate) and generous "b=RR"/"b=RS" RTCP bandwidths
 * (RFC 3556): rtspsrc configures its RTP session from them, so that a
 * viewer's first RTCP packet, and with it a PLI asking for a key frame, goes
 * out within tens of milliseconds of joining instead of hundreds.
 */
#define G_LOG_DOMAIN "hub-sim-camera"

#include "hub-sim-media.h"

struct _HubSimMedia
{
  GstRTSPMedia parent_instance;
  guint bitrate_kbps; /* set by the factory's configure */
};

G_DEFINE_TYPE (HubSimMedia, hub_sim_media, GST_TYPE_RTSP_MEDIA)

static gboolean
hub_sim_media_setup_sdp (GstRTSPMedia *media, GstSDPMessage *sdp, GstSDPInfo *info)
{
  HubSimMedia *self = HUB_SIM_MEDIA (media);
  guint rs, rr;

  if (!GST_RTSP_MEDIA_CLASS (hub_sim_media_parent_class)->setup_sdp (media, sdp, info))
    return FALSE;
  if (self->bitrate_kbps == 0)
    return TRUE;

  /* bits per second; 1.25 % and 3.75 % of the stream as RFC 3550 suggests,
   * but never so little that RTCP waits */
  rs = MAX (self->bitrate_kbps * 1000 / 80, 16000);
  rr = MAX (self->bitrate_kbps * 1000 * 3 / 80, 32000);
  for (guint i = 0; i < gst_sdp_message_medias_len (sdp); i++)
    {
      GstSDPMedia *smedia = (GstSDPMedia *)gst_sdp_message_get_media (sdp, i);

      gst_sdp_media_add_bandwidth (smedia, GST_SDP_BWTYPE_AS, self->bitrate_kbps);
      gst_sdp_media_add_bandwidth (smedia, GST_SDP_BWTYPE_RS, rs);
      gst_sdp_media_add_bandwidth (smedia, GST_SDP_BWTYPE_RR, rr);
    }
  return TRUE;
}

static void
hub_sim_media_class_init (HubSimMediaClass *klass)
{
  GST_RTSP_MEDIA_CLASS (klass)->setup_sdp = hub_sim_media_setup_sdp;
}

static void
hub_sim_media_init (HubSimMedia *self)
{
}

void
hub_sim_media_set_bitrate_kbps (HubSimMedia *self, guint bitrate_kbps)
{
  g_return_if_fail (HUB_IS_SIM_MEDIA (self));

  self->bitrate_kbps = bitrate_kbps;
}
