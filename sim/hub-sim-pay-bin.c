/* hub-sim-pay-bin.c — pay0: the payloader of a simulated camera's viewer as
 * gst-rtsp-server sees it
 *
 * Copyright 2026 hubview developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * rtph264pay ! [netsim] ! capsfilter in a bin named pay0: the capsfilter
 * adds rtcp-fb-nack-pli to the RTP caps, so that the SDP announces
 * "a=rtcp-fb:96 nack pli" and viewers send PLI for key frames. The server
 * reads and sets the payloader's "pt" and "mtu" and reads "stats": the bin
 * forwards them to the real payloader.
 */
#define G_LOG_DOMAIN "hub-sim-camera"

#include "hub-sim-pay-bin.h"

struct _HubSimPayBin
{
  GstBin parent_instance;
  GstElement *pay; /* owned by the bin */
};

enum
{
  PAY_PROP_0,
  PAY_PROP_PT,
  PAY_PROP_MTU,
  PAY_PROP_STATS,
};

G_DEFINE_TYPE (HubSimPayBin, hub_sim_pay_bin, GST_TYPE_BIN)

static void
hub_sim_pay_bin_set_property (GObject *object, guint prop_id, const GValue *value,
                              GParamSpec *pspec)
{
  HubSimPayBin *self = HUB_SIM_PAY_BIN (object);

  switch (prop_id)
    {
    case PAY_PROP_PT:
    case PAY_PROP_MTU:
      if (self->pay != NULL)
        g_object_set_property (G_OBJECT (self->pay), pspec->name, value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
    }
}

static void
hub_sim_pay_bin_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  HubSimPayBin *self = HUB_SIM_PAY_BIN (object);

  switch (prop_id)
    {
    case PAY_PROP_PT:
    case PAY_PROP_MTU:
    case PAY_PROP_STATS:
      if (self->pay != NULL)
        g_object_get_property (G_OBJECT (self->pay), pspec->name, value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
    }
}

static void
hub_sim_pay_bin_class_init (HubSimPayBinClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->set_property = hub_sim_pay_bin_set_property;
  object_class->get_property = hub_sim_pay_bin_get_property;

  g_object_class_install_property (object_class, PAY_PROP_PT,
                                   g_param_spec_uint ("pt", "Payload type", "RTP payload type", 0,
                                                      0x7f, HUB_SIM_RTP_PAYLOAD_TYPE,
                                                      G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS));
  g_object_class_install_property (
      object_class, PAY_PROP_MTU,
      g_param_spec_uint ("mtu", "MTU", "Maximum size of one RTP packet", 28, G_MAXUINT, 1400,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS));
  g_object_class_install_property (
      object_class, PAY_PROP_STATS,
      g_param_spec_boxed ("stats", "Statistics", "The payloader's statistics", GST_TYPE_STRUCTURE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
}

static void
hub_sim_pay_bin_init (HubSimPayBin *self)
{
}

/* Takes @pay, @netsim (may be NULL) and @capsfilter; NULL if they do not link. */
GstElement *
hub_sim_pay_bin_new (GstElement *pay, GstElement *netsim, GstElement *capsfilter)
{
  HubSimPayBin *self = g_object_new (HUB_TYPE_SIM_PAY_BIN, "name", "pay0", NULL);
  g_autoptr (GstPad) sink = gst_element_get_static_pad (pay, "sink");
  g_autoptr (GstPad) src = gst_element_get_static_pad (capsfilter, "src");

  self->pay = pay;
  gst_bin_add_many (GST_BIN (self), pay, capsfilter, NULL);
  if (netsim != NULL)
    gst_bin_add (GST_BIN (self), netsim);
  if (!gst_element_link (pay, netsim ? netsim : capsfilter)
      || (netsim != NULL && !gst_element_link (netsim, capsfilter)))
    {
      gst_object_ref_sink (self);
      gst_object_unref (self);
      return NULL;
    }
  gst_element_add_pad (GST_ELEMENT (self), gst_ghost_pad_new ("sink", sink));
  gst_element_add_pad (GST_ELEMENT (self), gst_ghost_pad_new ("src", src));
  return GST_ELEMENT (self);
}

GstElement *
hub_sim_netsim_new (GPtrArray *faults, const char *device_id)
{
  const HubSimFault *drop = hub_sim_faults_find (faults, device_id, HUB_SIM_FAULT_DROP);
  const HubSimFault *delay = hub_sim_faults_find (faults, device_id, HUB_SIM_FAULT_DELAY);
  const HubSimFault *duplicate = hub_sim_faults_find (faults, device_id, HUB_SIM_FAULT_DUPLICATE);
  const HubSimFault *reorder = hub_sim_faults_find (faults, device_id, HUB_SIM_FAULT_REORDER);
  GstElement *netsim;

  if (drop == NULL && delay == NULL && duplicate == NULL && reorder == NULL)
    return NULL;
  netsim = gst_element_factory_make ("netsim", NULL);
  if (netsim == NULL)
    {
      g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_WARNING, "MESSAGE",
                        "GStreamer element netsim is missing");
      return NULL;
    }

  if (drop != NULL)
    g_object_set (netsim, "drop-probability", (gdouble)drop->rate, NULL);
  if (duplicate != NULL)
    g_object_set (netsim, "duplicate-probability", (gdouble)duplicate->rate, NULL);
  if (delay != NULL)
    {
      gint64 base = CLAMP (delay->a, 0, 60000);
      gint64 jitter = CLAMP (delay->b, 0, 60000);

      g_object_set (netsim, "min-delay", (gint)base, "max-delay", (gint)(base + jitter),
                    "delay-probability", (gdouble)1.0, "allow-reordering", jitter > 0, NULL);
      gst_util_set_object_arg (G_OBJECT (netsim), "delay-distribution", "uniform");
    }
  else if (reorder != NULL)
    {
      /* a share of packets held back 10–50 ms: later ones overtake them */
      g_object_set (netsim, "min-delay", 10, "max-delay", 50, "delay-probability",
                    (gdouble)reorder->rate, "allow-reordering", TRUE, NULL);
      gst_util_set_object_arg (G_OBJECT (netsim), "delay-distribution", "uniform");
    }
  return netsim;
}
