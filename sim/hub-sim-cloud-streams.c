/* hub-sim-cloud-streams.c — the camera list and the stream leases of the simulated cloud
 *
 * Copyright 2026 hubview developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#define G_LOG_DOMAIN "hub-sim-cloud"

#include <sodium.h>
#include <string.h>

#include "hub-frame-tag.h"
#include "hub-sim-cloud-private.h"

struct _HubSimCloudCamera
{
  char *id;
  char *name;
  char *room;
  guint width;
  guint height;
  char *certificate; /* base64 */
  char *model;
  char *rotated_certificate; /* key-rotate: for the camera's new key, made when it comes */
  HubSimCamera *camera;
  GHashTable *used_nonces; /* GBytes → NULL: a nonce opens one stream, once */
};

/* One stream: a session nonce and its current extension token. */
typedef struct
{
  HubSimCloud *cloud; /* unowned */
  HubSimCloudCamera *camera;
  guint8 nonce[HUB_NONCE_SIZE];
  char *extension_token;
  guint timeout_id;
} Lease;

static void
cloud_camera_free (HubSimCloudCamera *camera)
{
  g_free (camera->id);
  g_free (camera->name);
  g_free (camera->room);
  g_free (camera->certificate);
  g_free (camera->model);
  g_free (camera->rotated_certificate);
  g_clear_object (&camera->camera);
  g_clear_pointer (&camera->used_nonces, g_hash_table_unref);
  g_free (camera);
}

static void
lease_free (Lease *lease)
{
  g_clear_handle_id (&lease->timeout_id, g_source_remove);
  g_free (lease->extension_token);
  sodium_memzero (lease->nonce, sizeof lease->nonce);
  g_free (lease);
}

void
hub_sim_cloud_streams_init (HubSimCloud *self)
{
  self->cameras = g_ptr_array_new_with_free_func ((GDestroyNotify) cloud_camera_free);
  self->leases = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) lease_free);
}

void
hub_sim_cloud_streams_clear (HubSimCloud *self)
{
  /* Leases first: they point at cameras. */
  g_clear_pointer (&self->leases, g_hash_table_unref);
  g_clear_pointer (&self->cameras, g_ptr_array_unref);
}

static HubSimCloudCamera *
find_camera (HubSimCloud *self, const char *id)
{
  for (guint i = 0; i < self->cameras->len; i++)
    {
      HubSimCloudCamera *camera = g_ptr_array_index (self->cameras, i);

      if (g_str_equal (camera->id, id))
        return camera;
    }
  return NULL;
}

gboolean
hub_sim_cloud_streams_add_camera (HubSimCloud *self, const HubSimCameraConfig *config,
                                  HubSimCamera *camera, GError **error)
{
  HubSimCloudCamera *entry;
  char *certificate;

  if (find_camera (self, config->id) != NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS, "Camera “%s” is listed twice",
                   config->id);
      return FALSE;
    }
  certificate = hub_sim_camera_config_make_certificate (config, error);
  if (certificate == NULL)
    return FALSE;

  entry = g_new0 (HubSimCloudCamera, 1);
  entry->id = g_strdup (config->id);
  entry->name = g_strdup (config->name);
  entry->room = g_strdup (config->room);
  entry->width = config->width;
  entry->height = config->height;
  entry->certificate = certificate;
  entry->model = g_strdup (config->model);
  entry->camera = g_object_ref (camera);
  entry->used_nonces = g_hash_table_new_full (g_bytes_hash, g_bytes_equal,
                                              (GDestroyNotify) g_bytes_unref, NULL);
  g_ptr_array_add (self->cameras, entry);
  return TRUE;
}

/* The certificate of the key the camera signs with now: after key-rotate,
 * one for its new key, signed by the demo root like the first. */
static const char *
camera_certificate (HubSimCloudCamera *camera)
{
  HubSimCameraConfig config = { 0 };
  g_autoptr (GError) error = NULL;

  if (camera->rotated_certificate != NULL)
    return camera->rotated_certificate;
  if (!hub_sim_camera_get_rotated_seed (camera->camera, config.seed))
    return camera->certificate;
  config.id = camera->id;
  config.model = camera->model;
  camera->rotated_certificate = hub_sim_camera_config_make_certificate (&config, &error);
  sodium_memzero (config.seed, sizeof config.seed);
  if (camera->rotated_certificate == NULL)
    {
      g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_WARNING, "CAMERA", camera->id, "MESSAGE",
                        "camera=%s fault=key-rotate no certificate: %s", camera->id,
                        error->message);
      return camera->certificate;
    }
  g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_MESSAGE, "CAMERA", camera->id, "MESSAGE",
                    "camera=%s fault=key-rotate listed with its new certificate", camera->id);
  return camera->rotated_certificate;
}

/* cloud-404: the camera was removed from the account. */
static const HubSimFault *
removal_fault (HubSimCloud *self, HubSimCloudCamera *camera)
{
  return hub_sim_cloud_active_fault (self, camera->id, HUB_SIM_FAULT_CLOUD_404);
}

static gboolean
camera_is_online (HubSimCloud *self, HubSimCloudCamera *camera)
{
  return hub_sim_faults_find (self->faults, camera->id, HUB_SIM_FAULT_OFFLINE) == NULL &&
         hub_sim_camera_is_running (camera->camera);
}

HubSimCloudCamera *
hub_sim_cloud_lookup_camera (HubSimRequest *req)
{
  HubSimCloudCamera *camera = find_camera (req->cloud, req->camera_id);
  const HubSimFault *removed;

  if (camera == NULL)
    {
      hub_sim_request_reply_error (req, SOUP_STATUS_NOT_FOUND, NULL, "No camera “%s”",
                                   req->camera_id);
      return NULL;
    }
  if ((removed = removal_fault (req->cloud, camera)) != NULL)
    {
      hub_sim_request_inject_fault (req, removed, "404, camera removed");
      hub_sim_request_reply_error (req, SOUP_STATUS_NOT_FOUND, NULL, "The camera “%s” was removed",
                                   camera->id);
      return NULL;
    }
  return camera;
}

/* ---- the list ----------------------------------------------------------- */

static JsonObject *
camera_record (HubSimCloud *self, HubSimCloudCamera *camera)
{
  JsonObject *record = json_object_new ();
  JsonObject *resolution = json_object_new ();
  JsonArray *protocols = json_array_new ();
  JsonArray *codecs = json_array_new ();

  json_array_add_string_element (protocols, "RTSP");
  json_array_add_string_element (codecs, "H264");
  json_object_set_int_member (resolution, "width", camera->width);
  json_object_set_int_member (resolution, "height", camera->height);

  json_object_set_string_member (record, "id", camera->id);
  json_object_set_string_member (record, "name", camera->name);
  json_object_set_string_member (record, "room", camera->room);
  json_object_set_boolean_member (record, "online", camera_is_online (self, camera));
  json_object_set_array_member (record, "protocols", protocols);
  json_object_set_array_member (record, "videoCodecs", codecs);
  json_object_set_object_member (record, "maxVideoResolution", resolution);
  json_object_set_string_member (record, "deviceCertificate", camera_certificate (camera));
  return record;
}

/* pageToken: base64 of "offset:N", opaque to clients. */
static char *
page_token_new (guint offset)
{
  g_autofree char *plain = g_strdup_printf ("offset:%u", offset);

  return g_base64_encode ((const guint8 *) plain, strlen (plain));
}

static gboolean
page_token_parse (const char *token, guint *offset)
{
  gsize len = 0;
  g_autofree guint8 *raw = g_base64_decode (token, &len);
  g_autofree char *plain = g_strndup ((const char *) raw, len);
  guint64 n = 0;

  if (!g_str_has_prefix (plain, "offset:") ||
      !g_ascii_string_to_unsigned (plain + strlen ("offset:"), 10, 1, G_MAXUINT, &n, NULL))
    return FALSE;
  *offset = (guint) n;
  return TRUE;
}

void
hub_sim_cloud_handle_list_cameras (HubSimRequest *req)
{
  HubSimCloud *self = req->cloud;
  const char *page_token = req->query ? g_hash_table_lookup (req->query, "pageToken") : NULL;
  g_autoptr (JsonObject) result = NULL;
  g_autoptr (GPtrArray) listed = g_ptr_array_new ();
  JsonArray *records;
  guint offset = 0;

  if (page_token != NULL && *page_token != '\0' && !page_token_parse (page_token, &offset))
    {
      hub_sim_request_reply_error (req, SOUP_STATUS_BAD_REQUEST, NULL, "Invalid pageToken");
      return;
    }

  for (guint i = 0; i < self->cameras->len; i++)
    {
      HubSimCloudCamera *camera = g_ptr_array_index (self->cameras, i);
      const HubSimFault *removed = removal_fault (self, camera);

      if (removed != NULL)
        {
          g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_MESSAGE, "CAMERA", camera->id, "FAULT",
                            "cloud-404", "MESSAGE",
                            "fault injected camera=%s fault=cloud-404: left out of the list",
                            camera->id);
          continue;
        }
      g_ptr_array_add (listed, camera);
    }

  result = json_object_new ();
  records = json_array_new ();
  for (guint i = offset; i < listed->len && i - offset < self->page_size; i++)
    json_array_add_object_element (records, camera_record (self, g_ptr_array_index (listed, i)));
  json_object_set_array_member (result, "cameras", records);
  if (offset + self->page_size < listed->len)
    {
      g_autofree char *next = page_token_new (offset + self->page_size);

      json_object_set_string_member (result, "nextPageToken", next);
    }
  hub_sim_request_reply_json (req, SOUP_STATUS_OK, result);
}

/* ---- leases ------------------------------------------------------------- */

static gboolean
on_lease_expired (gpointer user_data)
{
  Lease *lease = user_data;

  lease->timeout_id = 0;
  g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_MESSAGE, "CAMERA", lease->camera->id, "MESSAGE",
                    "stream expired camera=%s", lease->camera->id);
  hub_sim_camera_close_session (lease->camera->camera, lease->nonce);
  g_hash_table_remove (lease->cloud->leases, lease->extension_token);
  return G_SOURCE_REMOVE;
}

/* Gives @lease a new stream token and extension token, valid for
 * lease-seconds (in whole seconds, rounded up, so that expiresAt is never
 * before the end), and fills @object with streamToken, extensionToken and
 * expiresAt. Returns the stream token. */
static char *
lease_renew (Lease *lease, JsonObject *object)
{
  HubSimCloud *self = lease->cloud;
  char *stream_token = hub_sim_random_token ();
  gint64 now = g_get_real_time ();
  gint64 end_s = (now + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC + self->lease_seconds;
  g_autoptr (GDateTime) end = g_date_time_new_from_unix_utc (end_s);
  g_autofree char *expires_at = g_date_time_format (end, "%Y-%m-%dT%H:%M:%SZ");

  if (lease->extension_token != NULL)
    g_hash_table_steal (self->leases, lease->extension_token);
  g_free (lease->extension_token);
  lease->extension_token = hub_sim_random_token ();
  g_hash_table_insert (self->leases, lease->extension_token, lease);

  g_clear_handle_id (&lease->timeout_id, g_source_remove);
  lease->timeout_id = g_timeout_add ((guint) ((end_s * G_USEC_PER_SEC - now) / 1000),
                                     on_lease_expired, lease);

  hub_sim_camera_allow_stream (lease->camera->camera, stream_token, lease->nonce,
                               end_s * G_USEC_PER_SEC);

  json_object_set_string_member (object, "streamToken", stream_token);
  json_object_set_string_member (object, "extensionToken", lease->extension_token);
  json_object_set_string_member (object, "expiresAt", expires_at);
  return stream_token;
}

static const char *
get_string_member (JsonObject *object, const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

/* The request body as a JSON object, or NULL after a 400 reply. */
static JsonNode *
parse_json_body (HubSimRequest *req)
{
  g_autofree char *body = hub_sim_request_get_body (req);
  g_autoptr (JsonNode) node = json_from_string (body, NULL);

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      hub_sim_request_reply_error (req, SOUP_STATUS_BAD_REQUEST, NULL,
                                   "The request body must be a JSON object");
      return NULL;
    }
  return g_steal_pointer (&node);
}

/* Standard base64, with or without padding, of exactly 16 bytes. */
static gboolean
decode_nonce (const char *b64, guint8 nonce[HUB_NONCE_SIZE])
{
  static const int variants[] = { sodium_base64_VARIANT_ORIGINAL,
                                  sodium_base64_VARIANT_ORIGINAL_NO_PADDING };
  guint8 buf[HUB_NONCE_SIZE + 1];

  for (guint i = 0; i < G_N_ELEMENTS (variants); i++)
    {
      const char *end = NULL;
      size_t len = 0;

      if (sodium_base642bin (buf, sizeof buf, b64, strlen (b64), NULL, &len, &end, variants[i]) !=
          0)
        continue;
      if (*end == '\0' && len == HUB_NONCE_SIZE)
        {
          memcpy (nonce, buf, HUB_NONCE_SIZE);
          return TRUE;
        }
    }
  return FALSE;
}

void
hub_sim_cloud_handle_open_stream (HubSimRequest *req, HubSimCloudCamera *camera)
{
  HubSimCloud *self = req->cloud;
  g_autoptr (JsonNode) body = parse_json_body (req);
  g_autoptr (JsonObject) result = NULL;
  g_autofree char *stream_token = NULL;
  g_autofree char *url = NULL;
  g_autoptr (GBytes) nonce_bytes = NULL;
  guint8 nonce[HUB_NONCE_SIZE];
  const char *protocol;
  const char *nonce_b64;
  const HubSimFault *offline;
  Lease *lease;

  if (body == NULL)
    return;
  protocol = get_string_member (json_node_get_object (body), "protocol");
  nonce_b64 = get_string_member (json_node_get_object (body), "nonce");
  if (protocol == NULL || !g_str_equal (protocol, "RTSP"))
    {
      hub_sim_request_reply_error (req, SOUP_STATUS_BAD_REQUEST, NULL,
                                   "protocol must be \"RTSP\"");
      return;
    }
  if (nonce_b64 == NULL || !decode_nonce (nonce_b64, nonce))
    {
      hub_sim_request_reply_error (req, SOUP_STATUS_BAD_REQUEST, NULL,
                                   "nonce must be the base64 of %d random bytes", HUB_NONCE_SIZE);
      return;
    }
  nonce_bytes = g_bytes_new (nonce, sizeof nonce);
  if (g_hash_table_contains (camera->used_nonces, nonce_bytes))
    {
      hub_sim_request_reply_error (req, SOUP_STATUS_BAD_REQUEST, NULL,
                                   "This nonce was used before; every stream needs a fresh one");
      return;
    }
  if (!camera_is_online (self, camera))
    {
      offline = hub_sim_faults_find (self->faults, camera->id, HUB_SIM_FAULT_OFFLINE);
      if (offline != NULL)
        hub_sim_request_inject_fault (req, offline, "503, camera offline");
      hub_sim_request_reply_error (req, SOUP_STATUS_SERVICE_UNAVAILABLE, NULL,
                                   "The camera “%s” is offline", camera->id);
      return;
    }

  g_hash_table_add (camera->used_nonces, g_steal_pointer (&nonce_bytes));
  lease = g_new0 (Lease, 1);
  lease->cloud = self;
  lease->camera = camera;
  memcpy (lease->nonce, nonce, sizeof nonce);
  sodium_memzero (nonce, sizeof nonce);

  result = json_object_new ();
  stream_token = lease_renew (lease, result);
  url = hub_sim_camera_build_url (camera->camera, self->rtsp_host, self->rtsp_port, stream_token);
  json_object_set_string_member (result, "rtspUrl", url);
  hub_sim_request_reply_json (req, SOUP_STATUS_OK, result);
}

/* The lease named by the body's extensionToken, or NULL after a 400 reply. */
static Lease *
find_lease (HubSimRequest *req, HubSimCloudCamera *camera)
{
  g_autoptr (JsonNode) body = parse_json_body (req);
  const char *token;
  Lease *lease;

  if (body == NULL)
    return NULL;
  token = get_string_member (json_node_get_object (body), "extensionToken");
  if (token == NULL || *token == '\0')
    {
      hub_sim_request_reply_error (req, SOUP_STATUS_BAD_REQUEST, NULL,
                                   "extensionToken is required");
      return NULL;
    }
  lease = g_hash_table_lookup (req->cloud->leases, token);
  if (lease == NULL || lease->camera != camera)
    {
      hub_sim_request_reply_error (req, SOUP_STATUS_BAD_REQUEST, "FAILED_PRECONDITION",
                                   "The stream has expired or was closed; open a new stream");
      return NULL;
    }
  return lease;
}

void
hub_sim_cloud_handle_extend_stream (HubSimRequest *req, HubSimCloudCamera *camera)
{
  g_autoptr (JsonObject) result = NULL;
  g_autofree char *stream_token = NULL;
  const HubSimFault *fault;
  Lease *lease = find_lease (req, camera);

  if (lease == NULL)
    return;
  fault = hub_sim_cloud_active_fault (req->cloud, camera->id, HUB_SIM_FAULT_EXTEND_FAIL);
  if (fault != NULL)
    {
      hub_sim_request_inject_fault (req, fault, "400 FAILED_PRECONDITION");
      hub_sim_request_reply_error (req, SOUP_STATUS_BAD_REQUEST, "FAILED_PRECONDITION",
                                   "The stream cannot be extended; open a new stream");
      return;
    }
  result = json_object_new ();
  stream_token = lease_renew (lease, result);
  hub_sim_request_reply_json (req, SOUP_STATUS_OK, result);
}

void
hub_sim_cloud_handle_close_stream (HubSimRequest *req, HubSimCloudCamera *camera)
{
  g_autoptr (JsonObject) empty = NULL;
  Lease *lease = find_lease (req, camera);

  if (lease == NULL)
    return;
  hub_sim_camera_close_session (camera->camera, lease->nonce);
  g_hash_table_remove (req->cloud->leases, lease->extension_token);
  empty = json_object_new ();
  hub_sim_request_reply_json (req, SOUP_STATUS_OK, empty);
}
