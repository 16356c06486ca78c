/* hub-sim-cloud-request.c — replies, error bodies and the bookkeeping of cloud faults
 *
 * Copyright 2026 hubview developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#define G_LOG_DOMAIN "hub-sim-cloud"

#include <sodium.h>
#include <string.h>

#include "hub-sim-cloud-private.h"

/* RFC 6585; libsoup 3.2 has no name for it */
#define HTTP_TOO_MANY_REQUESTS 429

void
hub_sim_request_free (HubSimRequest *req)
{
  if (req == NULL)
    return;

  g_clear_handle_id (&req->timeout_id, g_source_remove);
  g_clear_signal_handler (&req->disconnected_id, req->msg);
  g_clear_object (&req->msg);
  g_clear_pointer (&req->query, g_hash_table_unref);
  g_free (req->path);
  g_free (req->camera_id);
  g_free (req);
}

char *
hub_sim_request_get_body (HubSimRequest *req)
{
  SoupMessageBody *body = soup_server_message_get_request_body (req->msg);
  g_autoptr (GBytes) bytes = soup_message_body_flatten (body);
  gsize len = 0;
  const char *data = g_bytes_get_data (bytes, &len);

  return g_strndup (data ? data : "", len);
}

void
hub_sim_request_set_header (HubSimRequest *req, const char *name, const char *value)
{
  soup_message_headers_replace (soup_server_message_get_response_headers (req->msg), name, value);
}

/* Every reply ends here, and is logged (path and status: never a token). */
static void
reply (HubSimRequest *req, guint status, const char *content_type, char *body, gsize len)
{
  const char *method = soup_server_message_get_method (req->msg);

  soup_server_message_set_status (req->msg, status, NULL);
  soup_server_message_set_response (req->msg, content_type, SOUP_MEMORY_TAKE, body, len);

  if (req->camera_id != NULL)
    g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_MESSAGE, "CAMERA", req->camera_id, "MESSAGE",
                      "request camera=%s method=%s path=%s status=%u", req->camera_id, method,
                      req->path, status);
  else
    g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_MESSAGE, "MESSAGE",
                      "request method=%s path=%s status=%u", method, req->path, status);
}

void
hub_sim_request_reply_json (HubSimRequest *req, guint status, JsonObject *object)
{
  g_autoptr (JsonNode) node = json_node_init_object (json_node_alloc (), object);
  g_autoptr (JsonGenerator) generator = json_generator_new ();
  const HubSimFault *malformed = NULL;
  gsize len = 0;
  char *data;

  json_generator_set_root (generator, node);
  data = json_generator_to_data (generator, &len);

  if (status == SOUP_STATUS_OK)
    malformed = hub_sim_cloud_active_fault (req->cloud, req->camera_id,
                                            HUB_SIM_FAULT_CLOUD_MALFORMED);
  if (malformed != NULL &&
      hub_sim_request_inject_fault (req, malformed, "200 with a malformed body") % 2 == 1)
    {
      /* Odd strikes: cut short, not JSON at all. */
      len /= 2;
      data[len] = '\0';
    }
  else if (malformed != NULL)
    {
      /* Even strikes: valid JSON of the wrong shape, the object inside an array. */
      char *wrapped = g_strdup_printf ("[%s]", data);

      g_free (data);
      data = wrapped;
      len = strlen (data);
    }
  reply (req, status, "application/json", data, len);
}

static const char *
grpc_status_for (guint http_status)
{
  switch (http_status)
    {
    case SOUP_STATUS_UNAUTHORIZED:
      return "UNAUTHENTICATED";
    case SOUP_STATUS_FORBIDDEN:
      return "PERMISSION_DENIED";
    case SOUP_STATUS_NOT_FOUND:
      return "NOT_FOUND";
    case HTTP_TOO_MANY_REQUESTS:
      return "RESOURCE_EXHAUSTED";
    case SOUP_STATUS_INTERNAL_SERVER_ERROR:
      return "INTERNAL";
    case SOUP_STATUS_SERVICE_UNAVAILABLE:
      return "UNAVAILABLE";
    default:
      return "INVALID_ARGUMENT";
    }
}

void
hub_sim_request_reply_error (HubSimRequest *req, guint status, const char *grpc_status,
                             const char *format, ...)
{
  g_autoptr (JsonObject) error = json_object_new ();
  g_autoptr (JsonObject) body = json_object_new ();
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  json_object_set_int_member (error, "code", status);
  json_object_set_string_member (error, "status",
                                 grpc_status ? grpc_status : grpc_status_for (status));
  json_object_set_string_member (error, "message", message);
  json_object_set_object_member (body, "error", g_steal_pointer (&error));
  hub_sim_request_reply_json (req, status, body);
}

void
hub_sim_request_reply_text (HubSimRequest *req, guint status, const char *content_type,
                            const char *text)
{
  reply (req, status, content_type, g_strdup (text), strlen (text));
}

/* How many requests a fault strikes (0: all). */
static gint64
fault_limit (const HubSimFault *fault)
{
  switch (fault->kind)
    {
    case HUB_SIM_FAULT_CLOUD_401:
      return fault->a;
    case HUB_SIM_FAULT_CLOUD_429:
    case HUB_SIM_FAULT_CLOUD_500:
    case HUB_SIM_FAULT_CLOUD_503:
    case HUB_SIM_FAULT_CLOUD_MALFORMED:
      return fault->b;
    default:
      return 0; /* every time */
    }
}

static gboolean
fault_is_spent (HubSimCloud *self, const HubSimFault *fault)
{
  gint64 limit = fault_limit (fault);
  guint uses = GPOINTER_TO_UINT (g_hash_table_lookup (self->fault_uses, fault));

  return limit > 0 && uses >= limit;
}

const HubSimFault *
hub_sim_cloud_active_fault (HubSimCloud *self, const char *camera_id, HubSimFaultKind kind)
{
  const HubSimFault *fault = NULL;

  if (camera_id != NULL)
    fault = hub_sim_faults_find (self->faults, camera_id, kind);
  if (fault == NULL || fault_is_spent (self, fault))
    fault = hub_sim_faults_find (self->faults, "cloud", kind);
  if (fault == NULL || fault_is_spent (self, fault))
    return NULL;
  return fault;
}

guint
hub_sim_request_inject_fault (HubSimRequest *req, const HubSimFault *fault, const char *effect)
{
  HubSimCloud *self = req->cloud;
  guint uses = GPOINTER_TO_UINT (g_hash_table_lookup (self->fault_uses, fault)) + 1;
  const char *camera = req->camera_id ? req->camera_id : "cloud";
  const char *kind = hub_sim_fault_kind_to_string (fault->kind);

  g_hash_table_insert (self->fault_uses, (gpointer) fault, GUINT_TO_POINTER (uses));
  g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_MESSAGE, "CAMERA", camera, "FAULT", kind,
                    "MESSAGE", "fault injected camera=%s fault=%s path=%s: %s", camera, kind,
                    req->path, effect);
  return uses;
}

static void
set_retry_after (HubSimRequest *req, gint64 seconds)
{
  g_autofree char *value = g_strdup_printf ("%" G_GINT64_FORMAT, seconds);

  hub_sim_request_set_header (req, "Retry-After", value);
}

gboolean
hub_sim_request_reply_with_fault (HubSimRequest *req)
{
  HubSimCloud *self = req->cloud;
  const HubSimFault *fault;

  /* 403 is an answer of the camera API, not of sign-in. */
  if (req->route >= HUB_SIM_ROUTE_LIST_CAMERAS &&
      (fault = hub_sim_cloud_active_fault (self, req->camera_id, HUB_SIM_FAULT_CLOUD_403)))
    {
      hub_sim_request_inject_fault (req, fault, "403");
      hub_sim_request_reply_error (req, SOUP_STATUS_FORBIDDEN, NULL,
                                   "The camera is no longer shared with this account");
      return TRUE;
    }
  if ((fault = hub_sim_cloud_active_fault (self, req->camera_id, HUB_SIM_FAULT_CLOUD_429)))
    {
      hub_sim_request_inject_fault (req, fault, "429");
      set_retry_after (req, fault->a);
      hub_sim_request_reply_error (req, HTTP_TOO_MANY_REQUESTS, NULL,
                                   "Too many requests; retry after %" G_GINT64_FORMAT " s",
                                   fault->a);
      return TRUE;
    }
  if ((fault = hub_sim_cloud_active_fault (self, req->camera_id, HUB_SIM_FAULT_CLOUD_503)))
    {
      hub_sim_request_inject_fault (req, fault, "503");
      if (fault->a > 0)
        set_retry_after (req, fault->a);
      hub_sim_request_reply_error (req, SOUP_STATUS_SERVICE_UNAVAILABLE, NULL,
                                   "The service is unavailable; try again later");
      return TRUE;
    }
  if ((fault = hub_sim_cloud_active_fault (self, req->camera_id, HUB_SIM_FAULT_CLOUD_500)))
    {
      hub_sim_request_inject_fault (req, fault, "500");
      hub_sim_request_reply_error (req, SOUP_STATUS_INTERNAL_SERVER_ERROR, NULL,
                                   "Internal error");
      return TRUE;
    }
  return FALSE;
}

char *
hub_sim_random_token (void)
{
  guint8 raw[24];
  char b64[sodium_base64_ENCODED_LEN (sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];

  randombytes_buf (raw, sizeof raw);
  sodium_bin2base64 (b64, sizeof b64, raw, sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  return g_strdup (b64);
}
