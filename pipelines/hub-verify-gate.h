/* hub-verify-gate.h — hubverifygate: drops every access unit that does not
 * verify for the expected camera and session (signed-frames v1 §5), and
 * hands the decoder verified bytes only, under caps of its own made from
 * the verified SPS (§6.1–6.3) */
#pragma once

#include <gst/gst.h>

G_BEGIN_DECLS

#define HUB_TYPE_VERIFY_GATE (hub_verify_gate_get_type ())
G_DECLARE_FINAL_TYPE (HubVerifyGate, hub_verify_gate, HUB, VERIFY_GATE, GstElement)

GST_ELEMENT_REGISTER_DECLARE (hubverifygate);

/* Element messages posted on the bus (structure names):
 *   "hub-gate-state"  { open: boolean, reason: string ("pass" when it opened) },
 *                     also for drops while closed (a new reason at once, else ≤ 4/s)
 *   "hub-gate-stats"  { <verdict>: guint64 …, keyframe-requests: guint,
 *                       keyframe-requests-failed: guint }   once a second
 *   "hub-gate-keyframe-request" { accepted: boolean }  each request sent */

G_END_DECLS
