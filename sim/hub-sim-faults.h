/* hub-sim-faults.h — the faults hubview-sim can inject, per camera
 *
 * Parsed from `--fault CAMERA:KIND[=ARGS]` and from the [fault …] groups of
 * the keyfile. ARGS is KIND-specific, e.g. "cross-feed=0.2" (rate),
 * "drop=0.05", "delay=200:300" (ms base : ms jitter), "cloud-429=3"
 * (Retry-After seconds), "cloud-slow=2000" (ms), "kill=5:3" (after 5 s, down 3 s).
 * CAMERA may be "*" (every camera) or "cloud" for faults of the whole cloud.
 *
 * ARGS by kind, with the defaults when left out:
 *   rate kinds (cross-feed … truncate, sei-inject, slice-inject,
 *     nal-flood, drop, duplicate, reorder)                       RATE, 0..1   0.1
 *   hold-back        SECONDS                                      5
 *   key-rotate       SECONDS                                      5
 *   delay            BASE_MS[:JITTER_MS]                          200:0
 *   kill             AFTER_S[:DOWN_S]                             5:0
 *   cloud-401        COUNT                                        0 (all)
 *   cloud-429        RETRY_AFTER_S[:COUNT]                        1:0
 *   cloud-503        RETRY_AFTER_S[:COUNT]                        0:0
 *   cloud-500, cloud-malformed   COUNT (in b)                     0 (all)
 *   cloud-slow       DELAY_MS                                     2000
 *   offline, param-change, cloud-403, cloud-404, extend-fail      none
 * Stream, network and availability faults take a camera or "*", not "cloud".
 * Parse errors are G_OPTION_ERROR_BAD_VALUE with a message that names the spec.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  /* stream faults: change what the camera signs or sends */
  HUB_SIM_FAULT_CROSS_FEED,    /* rate: share of AUs replaced by another camera's session */
  HUB_SIM_FAULT_REPLAY,        /* rate: AUs re-sent with an old counter */
  HUB_SIM_FAULT_WRONG_SESSION, /* rate: AUs signed with another nonce */
  HUB_SIM_FAULT_STRIP,         /* rate: tag SEI removed */
  HUB_SIM_FAULT_ROGUE_KEY,     /* rate: signed by another key claiming the same device ID */
  HUB_SIM_FAULT_TAMPER,        /* rate: a slice byte flipped after signing */
  HUB_SIM_FAULT_TRUNCATE,      /* rate: tag SEI cut short */
  /* relay faults: a hostile relay between camera and hub edits the signed stream */
  HUB_SIM_FAULT_SEI_INJECT,    /* rate: an SEI (payload 137) and copies of SPS/PPS before P units */
  HUB_SIM_FAULT_SLICE_INJECT,  /* rate: an unsigned slice after new parameter sets */
  HUB_SIM_FAULT_NAL_FLOOD,     /* rate: non-VCL units (filler, SEI, reserved) pushed in */
  HUB_SIM_FAULT_HOLD_BACK,     /* a = seconds the whole session is held back from its start */
  /* network faults (netsim, per viewer) */
  HUB_SIM_FAULT_DROP,          /* rate: RTP packet loss probability */
  HUB_SIM_FAULT_DELAY,         /* a = base delay ms, b = jitter ms */
  HUB_SIM_FAULT_DUPLICATE,     /* rate */
  HUB_SIM_FAULT_REORDER,       /* rate */
  /* camera availability */
  HUB_SIM_FAULT_OFFLINE,       /* listed as offline, refuses streams */
  HUB_SIM_FAULT_KILL,          /* a = seconds after start, b = seconds down (0: forever) */
  /* the camera itself changes mid-session (and signs the change) */
  HUB_SIM_FAULT_PARAM_CHANGE,  /* a second PPS, later a second SPS of the same size */
  HUB_SIM_FAULT_KEY_ROTATE,    /* a = seconds after start: new certificate and key */
  /* cloud faults (camera-scoped ones affect that camera's endpoints) */
  HUB_SIM_FAULT_CLOUD_401,       /* a = count of requests answered 401 before expiry (0: all) */
  HUB_SIM_FAULT_CLOUD_403,
  HUB_SIM_FAULT_CLOUD_404,       /* camera removed */
  HUB_SIM_FAULT_CLOUD_429,       /* a = Retry-After seconds, b = count (0: all) */
  HUB_SIM_FAULT_CLOUD_500,       /* b = count (0: all) */
  HUB_SIM_FAULT_CLOUD_503,       /* a = Retry-After seconds (0: none), b = count (0: all) */
  HUB_SIM_FAULT_CLOUD_MALFORMED, /* b = count (0: all) */
  HUB_SIM_FAULT_CLOUD_SLOW,      /* a = delay ms */
  HUB_SIM_FAULT_EXTEND_FAIL,     /* every :extendStream fails (FAILED_PRECONDITION) */
  HUB_SIM_N_FAULT_KINDS
} HubSimFaultKind;

typedef struct
{
  char *camera;   /* device ID, "*" or "cloud" */
  HubSimFaultKind kind;
  double rate;    /* 0..1 where the kind takes a rate (default 0.1) */
  gint64 a;
  gint64 b;
} HubSimFault;

/* "cross-feed", "drop", "cloud-429", … */
const char *hub_sim_fault_kind_to_string (HubSimFaultKind kind);

/* Parses "CAMERA:KIND[=ARGS]". */
HubSimFault *hub_sim_fault_parse (const char *spec, GError **error);
HubSimFault *hub_sim_fault_copy (const HubSimFault *fault);
void hub_sim_fault_free (HubSimFault *fault);

/* The first fault of @kind in @faults (GPtrArray of HubSimFault) that
 * applies to @camera ("*" matches every camera, but not "cloud"), or NULL. */
const HubSimFault *hub_sim_faults_find (GPtrArray *faults, const char *camera,
                                        HubSimFaultKind kind);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HubSimFault, hub_sim_fault_free)

G_END_DECLS
