/* hub-event-log.h — JSON lines of what the hub did, for tests and support:
 * state changes, view changes, frames painted. Never a secret. */
#pragma once

#include <glib-object.h>

#include "hub-frame-identity-meta.h"

G_BEGIN_DECLS

#define HUB_TYPE_EVENT_LOG (hub_event_log_get_type ())
G_DECLARE_FINAL_TYPE (HubEventLog, hub_event_log, HUB, EVENT_LOG, GObject)

/* NULL @path: a log that writes nothing. */
HubEventLog *hub_event_log_new (const char *path, GError **error);

/* {"t_ms": …, "event": "state", "camera": ID, "state": …[, "reason": …]} */
void hub_event_log_state (HubEventLog *self, const char *camera, const char *state,
                          const char *reason);
/* {"t_ms": …, "event": "view", "view": …, "camera": ID or null} */
void hub_event_log_view (HubEventLog *self, const char *view, const char *camera);
/* What the view verified of a frame it painted, from the frame's own tag:
 * {"t_ms": …, "event": "frame-painted", "view": …, "camera": device_id,
 *  "nonce": hex, "counter": N, "capture_time_us": T} */
void hub_event_log_frame_painted (HubEventLog *self, const char *view,
                                  const HubFrameIdentity *identity);
/* A frame the view would not paint, and which check refused it:
 * {"t_ms": …, "event": "frame-refused", "view": …, "camera": the camera shown,
 *  "refused": "wrong-device"|"wrong-session"|"bad-signature"|"no-key"|…,
 *  "tag_device": device_id of the frame's tag or null, "counter": N} */
void hub_event_log_frame_refused (HubEventLog *self, const char *view, const char *camera,
                                  const char *refused, const char *tag_device, guint64 counter);
/* any other event: {"t_ms": …, "event": @event, "message": …} */
void hub_event_log_note (HubEventLog *self, const char *event, const char *message);

G_END_DECLS
