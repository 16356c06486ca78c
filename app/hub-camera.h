/* hub-camera.h — one camera record of the cloud's list */
#pragma once

#include <json-glib/json-glib.h>

#include "hub-trust-store.h"

G_BEGIN_DECLS

#define HUB_TYPE_CAMERA (hub_camera_get_type ())
G_DECLARE_FINAL_TYPE (HubCamera, hub_camera, HUB, CAMERA, GObject)

/* Bounds of a record's strings (UTF-8 characters for name and room). */
#define HUB_CAMERA_NAME_MAX 200
#define HUB_CAMERA_ROOM_MAX 200

/* Parses one record of GET /v1/cameras, checking every field's type and
 * bounds (id: a device ID; name: 1..200 UTF-8 chars; room 0..200; online:
 * a boolean; deviceCertificate: a string; protocols, videoCodecs,
 * maxVideoResolution when present) and verifying its certificate with
 * @trust. A record that does not parse is an error (NULL,
 * HUB_CLOUD_ERROR_MALFORMED); one whose certificate fails is a camera that
 * is not trusted (locked, with the reason) and can never be played. */
HubCamera *hub_camera_new_from_json (JsonObject *record, HubTrustStore *trust, GError **error);

const char *hub_camera_get_id (HubCamera *self);
const char *hub_camera_get_name (HubCamera *self);
const char *hub_camera_get_room (HubCamera *self);
gboolean hub_camera_get_online (HubCamera *self);
gboolean hub_camera_get_trusted (HubCamera *self);
/* why the camera is locked, NULL when trusted */
const char *hub_camera_get_untrusted_reason (HubCamera *self);
/* the verified device key (32 bytes), NULL when not trusted */
const guint8 *hub_camera_get_public_key (HubCamera *self);
/* maxVideoResolution, 0×0 when the record has none */
void hub_camera_get_max_resolution (HubCamera *self, guint *width, guint *height);
/* whether protocols lists "RTSP" (TRUE when the record has no protocols) */
gboolean hub_camera_get_supports_rtsp (HubCamera *self);

/* A trusted camera becomes untrusted ("trusted" notified) when its
 * certificate expires, checked by a timer; this checks now (after a jump of
 * the wall clock, and for tests). */
void hub_camera_check_expiry (HubCamera *self);

/* Copies name/room/online/trust from @other (same id); notifies what changed:
 * a new key notifies "trusted" even when the camera stays trusted. */
void hub_camera_update_from (HubCamera *self, HubCamera *other);

G_END_DECLS
