/* hub-camera.c — one camera record of the cloud's list, checked field by field
 *
 * Copyright 2026 hubview developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#define G_LOG_DOMAIN "hub-camera"

#include "hub-camera.h"

#include <string.h>

#include "hub-json.h"
#include "hub-cloud-text.h"
#include "hub-cloud-error.h"
#include "hub-device-cert.h"

/* A base64 certificate is at most 4/3 of HUB_CERT_MAX_SIZE; leave room for whitespace. */
#define CERTIFICATE_B64_MAX 1024
#define LIST_MAX 16
#define LIST_ITEM_MAX 32
#define RESOLUTION_MAX 16384

struct _HubCamera
{
  GObject parent_instance;

  char *id;
  char *name;
  char *room;
  gboolean online;
  gboolean trusted;
  char *untrusted_reason;
  guint8 public_key[HUB_PUBLIC_KEY_SIZE];
  guint max_width;
  guint max_height;
  gboolean supports_rtsp;
  char *certificate;     /* base64, as listed: checked again when the roots change */
  HubTrustStore *trust;  /* the roots it was checked with */
  guint64 not_after; /* of the verified certificate (seconds since the epoch), 0 when none */
  guint expiry_id;   /* fires when the certificate expires */
};

G_DEFINE_FINAL_TYPE (HubCamera, hub_camera, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_ROOM,
  PROP_ONLINE,
  PROP_TRUSTED,
  PROP_UNTRUSTED_REASON,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
hub_camera_dispose (GObject *object)
{
  HubCamera *self = HUB_CAMERA (object);

  if (self->trust != NULL)
    g_signal_handlers_disconnect_by_data (self->trust, self);
  g_clear_object (&self->trust);
  G_OBJECT_CLASS (hub_camera_parent_class)->dispose (object);
}

static void
hub_camera_finalize (GObject *object)
{
  HubCamera *self = HUB_CAMERA (object);

  g_clear_handle_id (&self->expiry_id, g_source_remove);
  g_free (self->certificate);
  g_free (self->id);
  g_free (self->name);
  g_free (self->room);
  g_free (self->untrusted_reason);

  G_OBJECT_CLASS (hub_camera_parent_class)->finalize (object);
}

static void
hub_camera_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  HubCamera *self = HUB_CAMERA (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_ROOM:
      g_value_set_string (value, self->room);
      break;
    case PROP_ONLINE:
      g_value_set_boolean (value, self->online);
      break;
    case PROP_TRUSTED:
      g_value_set_boolean (value, self->trusted);
      break;
    case PROP_UNTRUSTED_REASON:
      g_value_set_string (value, self->untrusted_reason);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hub_camera_class_init (HubCameraClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = hub_camera_dispose;
  object_class->finalize = hub_camera_finalize;
  object_class->get_property = hub_camera_get_property;

  properties[PROP_ID] = g_param_spec_string ("id", NULL, "The device ID", NULL, ro);
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, "Display name", NULL, ro);
  properties[PROP_ROOM] = g_param_spec_string ("room", NULL, "Room name", NULL, ro);
  properties[PROP_ONLINE]
      = g_param_spec_boolean ("online", NULL, "Whether the camera is reachable", FALSE, ro);
  properties[PROP_TRUSTED]
      = g_param_spec_boolean ("trusted", NULL, "Whether its certificate verified", FALSE, ro);
  properties[PROP_UNTRUSTED_REASON] = g_param_spec_string (
      "untrusted-reason", NULL, "Why the camera is locked, NULL when trusted", NULL, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
hub_camera_init (HubCamera *self)
{
  self->supports_rtsp = TRUE;
}

/* A display string: 0..@max_chars characters, none of them a control character. */
static gboolean
check_display_text (const char *name, const char *value, gsize max_chars, GError **error)
{
  if (g_utf8_strlen (value, -1) > (glong)max_chars)
    {
      g_set_error (error, HUB_CLOUD_ERROR, HUB_CLOUD_ERROR_MALFORMED,
                   "“%s” is longer than %" G_GSIZE_FORMAT " characters", name, max_chars);
      return FALSE;
    }
  for (const char *p = value; *p != '\0'; p = g_utf8_next_char (p))
    {
      if (g_unichar_iscntrl (g_utf8_get_char (p)))
        {
          g_set_error (error, HUB_CLOUD_ERROR, HUB_CLOUD_ERROR_MALFORMED,
                       "“%s” contains a control character", name);
          return FALSE;
        }
    }
  return TRUE;
}

/* An array of at most LIST_MAX short strings; sets *@has_rtsp when one is "RTSP". */
static gboolean
check_string_list (JsonObject *record, const char *name, gboolean *has_rtsp, GError **error)
{
  JsonArray *array = NULL;
  guint n;

  if (!hub_json_get_array (record, name, HUB_JSON_OPTIONAL, &array, error))
    return FALSE;
  if (array == NULL)
    return TRUE;
  n = json_array_get_length (array);
  if (n > LIST_MAX)
    {
      g_set_error (error, HUB_CLOUD_ERROR, HUB_CLOUD_ERROR_MALFORMED,
                   "“%s” has %u entries, expected at most %d", name, n, LIST_MAX);
      return FALSE;
    }
  if (has_rtsp != NULL)
    *has_rtsp = FALSE;
  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      const char *value;

      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
        {
          g_set_error (error, HUB_CLOUD_ERROR, HUB_CLOUD_ERROR_MALFORMED,
                       "“%s” entry %u is %s, expected a string", name, i,
                       hub_json_node_describe (node));
          return FALSE;
        }
      value = json_node_get_string (node);
      if (*value == '\0' || strlen (value) > LIST_ITEM_MAX)
        {
          g_set_error (error, HUB_CLOUD_ERROR, HUB_CLOUD_ERROR_MALFORMED,
                       "“%s” entry %u is empty or longer than %d bytes", name, i, LIST_ITEM_MAX);
          return FALSE;
        }
      if (has_rtsp != NULL && g_str_equal (value, "RTSP"))
        *has_rtsp = TRUE;
    }
  return TRUE;
}

static gboolean
parse_resolution (HubCamera *self, JsonObject *record, GError **error)
{
  JsonObject *resolution = NULL;
  gint64 width = 0, height = 0;

  if (!hub_json_get_object (record, "maxVideoResolution", HUB_JSON_OPTIONAL, &resolution, error))
    return FALSE;
  if (resolution == NULL)
    return TRUE;
  if (!hub_json_get_int (resolution, "width", HUB_JSON_REQUIRED, 1, RESOLUTION_MAX, &width, error)
      || !hub_json_get_int (resolution, "height", HUB_JSON_REQUIRED, 1, RESOLUTION_MAX, &height,
                            error))
    {
      g_prefix_error (error, "maxVideoResolution: ");
      return FALSE;
    }
  self->max_width = (guint)width;
  self->max_height = (guint)height;
  return TRUE;
}

/* The certificate's end, read again from the one that just verified. */
static guint64
certificate_not_after (const char *certificate_b64)
{
  HubDeviceCert cert;

  memset (&cert, 0, sizeof cert);
  return hub_device_cert_decode_base64 (certificate_b64, &cert) ? cert.not_after : 0;
}

static void arm_expiry (HubCamera *self);
static void update_string (HubCamera *self, char **field, const char *value, guint prop);

static void
expire (HubCamera *self)
{
  g_autoptr (GDateTime) date
      = g_date_time_new_from_unix_utc ((gint64) MIN (self->not_after, (guint64) 253402300799));
  g_autofree char *day = date ? g_date_time_format (date, "%Y-%m-%d") : g_strdup ("?");

  g_object_freeze_notify (G_OBJECT (self));
  self->trusted = FALSE;
  memset (self->public_key, 0, sizeof self->public_key);
  g_free (self->untrusted_reason);
  self->untrusted_reason = g_strdup_printf ("Its certificate expired on %s", day);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TRUSTED]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UNTRUSTED_REASON]);
  g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_MESSAGE, "CAMERA", self->id, "MESSAGE",
                    "camera untrusted camera=%s reason=certificate-expired", self->id);
  g_object_thaw_notify (G_OBJECT (self));
}

static gboolean
on_expiry (gpointer user_data)
{
  HubCamera *self = user_data;

  self->expiry_id = 0;
  arm_expiry (self); /* expires now, or waits on (long waits are cut in steps) */
  return G_SOURCE_REMOVE;
}

/* A trusted camera stops being trusted the second its certificate expires
 * (signed-frames §6.5), not at the next refresh of the list. */
static void
arm_expiry (HubCamera *self)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  guint64 left;

  g_clear_handle_id (&self->expiry_id, g_source_remove);
  if (!self->trusted || self->not_after == 0)
    return;
  if (now < 0 || self->not_after <= (guint64) now)
    {
      expire (self);
      return;
    }
  left = self->not_after - (guint64) now;
  self->expiry_id = g_timeout_add_seconds ((guint) MIN (left, (guint64) 86400), on_expiry, self);
}

void
hub_camera_check_expiry (HubCamera *self)
{
  g_return_if_fail (HUB_IS_CAMERA (self));
  arm_expiry (self);
}

/* The roots changed (one removed, the directory read again): the
 * certificate is checked again now, and a camera whose trust or key differs
 * tells its watchers at once (signed-frames §6.5). */
static void
on_roots_changed (HubTrustStore *trust, gpointer user_data)
{
  HubCamera *self = user_data;
  guint8 key[HUB_PUBLIC_KEY_SIZE];
  g_autofree char *reason = NULL;
  gboolean trusted;

  trusted = hub_trust_store_verify (trust, self->certificate, self->id, key, &reason);
  if (trusted == self->trusted
      && (!trusted || memcmp (key, self->public_key, sizeof key) == 0))
    return;
  g_object_freeze_notify (G_OBJECT (self));
  self->trusted = trusted;
  if (trusted)
    {
      memcpy (self->public_key, key, sizeof key);
      self->not_after = certificate_not_after (self->certificate);
    }
  else
    {
      memset (self->public_key, 0, sizeof self->public_key);
      g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_MESSAGE, "CAMERA", self->id, "MESSAGE",
                        "camera untrusted camera=%s reason=roots-changed: %s", self->id, reason);
    }
  update_string (self, &self->untrusted_reason, trusted ? NULL : reason, PROP_UNTRUSTED_REASON);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TRUSTED]);
  arm_expiry (self);
  g_object_thaw_notify (G_OBJECT (self));
}

HubCamera *
hub_camera_new_from_json (JsonObject *record, HubTrustStore *trust, GError **error)
{
  g_autoptr (HubCamera) self = NULL;
  const char *id = NULL;
  const char *name = NULL;
  const char *room = "";
  const char *certificate = NULL;
  gboolean online = FALSE;
  g_autofree char *reason = NULL;

  g_return_val_if_fail (record != NULL, NULL);
  g_return_val_if_fail (HUB_IS_TRUST_STORE (trust), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!hub_json_get_string (record, "id", HUB_JSON_REQUIRED, 1, HUB_DEVICE_ID_MAX, &id, error))
    return NULL;
  if (!hub_device_id_is_valid (id, strlen (id)))
    {
      g_autofree char *shown = hub_text_for_log (id, 64);

      g_set_error (error, HUB_CLOUD_ERROR, HUB_CLOUD_ERROR_MALFORMED,
                   "“id” (“%s”) is not a device ID: 1 to 64 of A-Z a-z 0-9 . _ : -", shown);
      return NULL;
    }

  self = g_object_new (HUB_TYPE_CAMERA, NULL);
  self->id = g_strdup (id);
  if (!hub_json_get_string (record, "name", HUB_JSON_REQUIRED, 1, HUB_CAMERA_NAME_MAX * 4, &name,
                            error)
      || !check_display_text ("name", name, HUB_CAMERA_NAME_MAX, error)
      || !hub_json_get_string (record, "room", HUB_JSON_OPTIONAL, 0, HUB_CAMERA_ROOM_MAX * 4, &room,
                               error)
      || !check_display_text ("room", room, HUB_CAMERA_ROOM_MAX, error)
      || !hub_json_get_bool (record, "online", HUB_JSON_REQUIRED, &online, error)
      || !check_string_list (record, "protocols", &self->supports_rtsp, error)
      || !check_string_list (record, "videoCodecs", NULL, error)
      || !parse_resolution (self, record, error)
      || !hub_json_get_string (record, "deviceCertificate", HUB_JSON_REQUIRED, 1,
                               CERTIFICATE_B64_MAX, &certificate, error))
    return NULL;

  self->name = g_strdup (name);
  self->room = g_strdup (room);
  self->online = online;
  self->certificate = g_strdup (certificate);
  self->trust = g_object_ref (trust);
  g_signal_connect (trust, "changed", G_CALLBACK (on_roots_changed), self);
  self->trusted = hub_trust_store_verify (trust, certificate, id, self->public_key, &reason);
  if (!self->trusted)
    {
      memset (self->public_key, 0, sizeof self->public_key);
      self->untrusted_reason = g_steal_pointer (&reason);
      g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_INFO, "CAMERA", self->id, "MESSAGE",
                        "camera untrusted camera=%s reason=%s", self->id, self->untrusted_reason);
    }
  else
    {
      self->not_after = certificate_not_after (certificate);
      arm_expiry (self);
    }
  return g_steal_pointer (&self);
}

const char *
hub_camera_get_id (HubCamera *self)
{
  g_return_val_if_fail (HUB_IS_CAMERA (self), NULL);

  return self->id;
}

const char *
hub_camera_get_name (HubCamera *self)
{
  g_return_val_if_fail (HUB_IS_CAMERA (self), NULL);

  return self->name;
}

const char *
hub_camera_get_room (HubCamera *self)
{
  g_return_val_if_fail (HUB_IS_CAMERA (self), NULL);

  return self->room;
}

gboolean
hub_camera_get_online (HubCamera *self)
{
  g_return_val_if_fail (HUB_IS_CAMERA (self), FALSE);

  return self->online;
}

gboolean
hub_camera_get_trusted (HubCamera *self)
{
  g_return_val_if_fail (HUB_IS_CAMERA (self), FALSE);

  return self->trusted;
}

const char *
hub_camera_get_untrusted_reason (HubCamera *self)
{
  g_return_val_if_fail (HUB_IS_CAMERA (self), NULL);

  return self->untrusted_reason;
}

const guint8 *
hub_camera_get_public_key (HubCamera *self)
{
  g_return_val_if_fail (HUB_IS_CAMERA (self), NULL);

  return self->trusted ? self->public_key : NULL;
}

void
hub_camera_get_max_resolution (HubCamera *self, guint *width, guint *height)
{
  g_return_if_fail (HUB_IS_CAMERA (self));

  if (width != NULL)
    *width = self->max_width;
  if (height != NULL)
    *height = self->max_height;
}

gboolean
hub_camera_get_supports_rtsp (HubCamera *self)
{
  g_return_val_if_fail (HUB_IS_CAMERA (self), FALSE);

  return self->supports_rtsp;
}

static void
update_string (HubCamera *self, char **field, const char *value, guint prop)
{
  if (g_strcmp0 (*field, value) == 0)
    return;
  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

void
hub_camera_update_from (HubCamera *self, HubCamera *other)
{
  gboolean key_changed;

  g_return_if_fail (HUB_IS_CAMERA (self));
  g_return_if_fail (HUB_IS_CAMERA (other));
  g_return_if_fail (g_str_equal (self->id, other->id));

  if (self == other)
    return;
  g_object_freeze_notify (G_OBJECT (self));
  update_string (self, &self->name, other->name, PROP_NAME);
  update_string (self, &self->room, other->room, PROP_ROOM);
  if (self->online != other->online)
    {
      self->online = other->online;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ONLINE]);
    }
  key_changed = memcmp (self->public_key, other->public_key, sizeof self->public_key) != 0;
  memcpy (self->public_key, other->public_key, sizeof self->public_key);
  self->max_width = other->max_width;
  self->max_height = other->max_height;
  self->supports_rtsp = other->supports_rtsp;
  /* A new key is a new trust decision: whoever checks frames looks again. */
  if (self->trusted != other->trusted || (self->trusted && key_changed))
    {
      self->trusted = other->trusted;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TRUSTED]);
    }
  update_string (self, &self->untrusted_reason, other->untrusted_reason, PROP_UNTRUSTED_REASON);
  g_free (self->certificate);
  self->certificate = g_strdup (other->certificate);
  self->not_after = other->not_after;
  arm_expiry (self);
  g_object_thaw_notify (G_OBJECT (self));
}
