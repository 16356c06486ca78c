/* hub-cloud-streams.c — openStream, extendStream, closeStream (cloud-api.md §Streams)
 *
 * Copyright 2026 hubview developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Every attempt of openStream carries a fresh 16-byte nonce from
 * randombytes_buf (a retried request never reuses one: the first may have
 * reached the camera). Stream and extension tokens are secrets: never
 * logged.
 */
#define G_LOG_DOMAIN "hub-cloud"

#include "hub-cloud-streams-private.h"

#include <sodium.h>
#include <string.h>

#include "hub-json.h"
#include "hub-cloud-text.h"
#include "hub-device-cert.h"

#define URL_MAX 2048
#define EXPIRES_AT_MAX 64

/* ---- HubStreamInfo -------------------------------------------------------- */

HubStreamInfo *
hub_stream_info_copy (const HubStreamInfo *info)
{
  HubStreamInfo *copy;

  g_return_val_if_fail (info != NULL, NULL);

  copy = g_new0 (HubStreamInfo, 1);
  copy->camera_id = g_strdup (info->camera_id);
  copy->rtsp_url = g_strdup (info->rtsp_url);
  copy->stream_token = g_strdup (info->stream_token);
  copy->extension_token = g_strdup (info->extension_token);
  copy->expires_at_us = info->expires_at_us;
  memcpy (copy->nonce, info->nonce, sizeof copy->nonce);
  return copy;
}

void
hub_stream_info_free (HubStreamInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->camera_id);
  hub_secret_free (info->rtsp_url);
  hub_secret_free (info->stream_token);
  hub_secret_free (info->extension_token);
  sodium_memzero (info->nonce, sizeof info->nonce);
  g_free (info);
}

G_DEFINE_BOXED_TYPE (HubStreamInfo, hub_stream_info, hub_stream_info_copy, hub_stream_info_free)

char *
hub_stream_url_with_token (const char *url, const char *token)
{
  g_autoptr (GUri) uri = g_uri_parse (url, G_URI_FLAGS_ENCODED, NULL);
  g_autoptr (GString) query = g_string_new (NULL);
  g_autofree char *escaped = g_uri_escape_string (token, NULL, FALSE);
  g_auto (GStrv) params = NULL;
  gboolean replaced = FALSE;

  if (uri == NULL)
    return NULL;
  params = g_strsplit (g_uri_get_query (uri) ? g_uri_get_query (uri) : "", "&", -1);
  for (guint i = 0; params[i] != NULL; i++)
    {
      if (params[i][0] == '\0')
        continue;
      if (query->len > 0)
        g_string_append_c (query, '&');
      if (g_str_has_prefix (params[i], "auth="))
        {
          g_string_append_printf (query, "auth=%s", escaped);
          replaced = TRUE;
        }
      else
        g_string_append (query, params[i]);
    }
  if (!replaced)
    g_string_append_printf (query, "%sauth=%s", query->len > 0 ? "&" : "", escaped);
  return g_uri_join (G_URI_FLAGS_ENCODED, g_uri_get_scheme (uri), g_uri_get_userinfo (uri),
                     g_uri_get_host (uri), g_uri_get_port (uri), g_uri_get_path (uri), query->str,
                     g_uri_get_fragment (uri));
}

HubStreamInfo *
hub_stream_info_parse (JsonObject *reply, const char *camera_id, gboolean url_required,
                       GError **error)
{
  g_autoptr (HubStreamInfo) info = g_new0 (HubStreamInfo, 1);
  g_autoptr (GDateTime) expires = NULL;
  const char *url = NULL;
  const char *stream_token = NULL;
  const char *extension_token = NULL;
  const char *expires_at = NULL;

  if (!hub_json_get_string (reply, "rtspUrl", url_required ? HUB_JSON_REQUIRED : HUB_JSON_OPTIONAL,
                            1, URL_MAX, &url, error)
      || !hub_json_get_string (reply, "streamToken", HUB_JSON_REQUIRED, 1, HUB_TOKEN_MAX,
                               &stream_token, error)
      || !hub_json_get_string (reply, "extensionToken", HUB_JSON_REQUIRED, 1, HUB_TOKEN_MAX,
                               &extension_token, error)
      || !hub_json_get_string (reply, "expiresAt", HUB_JSON_REQUIRED, 1, EXPIRES_AT_MAX,
                               &expires_at, error))
    return NULL;
  if (!hub_token_is_valid (stream_token) || !hub_token_is_valid (extension_token))
    {
      g_set_error_literal (error, HUB_CLOUD_ERROR, HUB_CLOUD_ERROR_MALFORMED,
                           "a token holds characters a token cannot have");
      return NULL;
    }
  if (url_required)
    {
      g_autoptr (GUri) uri = g_uri_parse (url, G_URI_FLAGS_ENCODED, NULL);

      if (uri == NULL
          || (g_ascii_strcasecmp (g_uri_get_scheme (uri), "rtsp") != 0
              && g_ascii_strcasecmp (g_uri_get_scheme (uri), "rtsps") != 0)
          || g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
        {
          g_set_error_literal (error, HUB_CLOUD_ERROR, HUB_CLOUD_ERROR_MALFORMED,
                               "“rtspUrl” is not an rtsp:// or rtsps:// URL");
          return NULL;
        }
    }
  expires = g_date_time_new_from_iso8601 (expires_at, NULL);
  if (expires == NULL)
    {
      g_set_error_literal (error, HUB_CLOUD_ERROR, HUB_CLOUD_ERROR_MALFORMED,
                           "“expiresAt” is not an RFC 3339 time with a time zone");
      return NULL;
    }

  info->camera_id = g_strdup (camera_id);
  info->rtsp_url = g_strdup (url);
  info->stream_token = g_strdup (stream_token);
  info->extension_token = g_strdup (extension_token);
  info->expires_at_us
      = g_date_time_to_unix (expires) * G_USEC_PER_SEC + g_date_time_get_microsecond (expires);
  return g_steal_pointer (&info);
}

/* ---- the calls ------------------------------------------------------------ */

typedef struct
{
  char *camera_id;
  guint8 nonce[HUB_NONCE_SIZE];
  HubStreamInfo *previous; /* extendStream: the stream extended */
} StreamCall;

static void
stream_call_free (StreamCall *call)
{
  g_free (call->camera_id);
  sodium_memzero (call->nonce, sizeof call->nonce);
  g_clear_pointer (&call->previous, hub_stream_info_free);
  g_free (call);
}

/* "v1/cameras/ID:verb"; a device ID's characters need no escaping in a path. */
static char *
stream_path (const char *camera_id, const char *verb)
{
  return g_strconcat ("v1/cameras/", camera_id, ":", verb, NULL);
}

/* A fresh nonce for every attempt of openStream. */
static void
prepare_open (HubCloudRequest *request, guint attempt, gpointer user_data)
{
  StreamCall *call = user_data;
  g_autoptr (JsonObject) body = json_object_new ();
  char b64[sodium_base64_ENCODED_LEN (HUB_NONCE_SIZE, sodium_base64_VARIANT_ORIGINAL)];

  randombytes_buf (call->nonce, sizeof call->nonce);
  sodium_bin2base64 (b64, sizeof b64, call->nonce, sizeof call->nonce,
                     sodium_base64_VARIANT_ORIGINAL);
  json_object_set_string_member (body, "protocol", "RTSP");
  json_object_set_string_member (body, "nonce", b64);
  hub_cloud_request_set_json_body (request, body);
}

static gboolean
check_camera_id (GTask *task, const char *camera_id)
{
  if (camera_id != NULL && hub_device_id_is_valid (camera_id, strlen (camera_id)))
    return TRUE;
  g_task_return_new_error (task, HUB_CLOUD_ERROR, HUB_CLOUD_ERROR_INVALID_ARGUMENT,
                           "Not a camera ID");
  g_object_unref (task);
  return FALSE;
}

/* The common start of every stream call: FALSE, with @task failed and
 * dropped, when @auth is unusable or the camera ID is not one. */
static gboolean
stream_task_check (HubCloudAuth *auth, const char *camera_id, GTask *task)
{
  GError *error = NULL;

  if (!hub_cloud_auth_check_usable (auth, &error))
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return FALSE;
    }
  return check_camera_id (task, camera_id);
}

static void
on_stream_reply (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GTask *task = user_data;
  StreamCall *call = g_task_get_task_data (task);
  GError *error = NULL;
  g_autoptr (JsonObject) reply
      = hub_cloud_auth_call_finish (HUB_CLOUD_AUTH (source), result, &error);
  HubStreamInfo *info;
  const char *action = call->previous != NULL ? "Extending the stream" : "Opening the stream";

  if (reply == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  info = hub_stream_info_parse (reply, call->camera_id, call->previous == NULL, &error);
  if (info == NULL)
    {
      g_prefix_error (&error, "%s of %s failed: the cloud's reply is malformed: ", action,
                      call->camera_id);
      g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_WARNING, "CAMERA", call->camera_id, "MESSAGE",
                        "%s", error->message);
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  if (call->previous != NULL)
    {
      char *url = hub_stream_url_with_token (call->previous->rtsp_url, info->stream_token);

      if (url == NULL)
        url = g_strdup (call->previous->rtsp_url);
      g_free (info->rtsp_url);
      info->rtsp_url = url;
      memcpy (info->nonce, call->previous->nonce, sizeof info->nonce);
    }
  else
    memcpy (info->nonce, call->nonce, sizeof info->nonce);
  g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_INFO, "CAMERA", call->camera_id, "MESSAGE",
                    "stream %s camera=%s expires_in_s=%" G_GINT64_FORMAT,
                    call->previous != NULL ? "extended" : "opened", call->camera_id,
                    (info->expires_at_us - g_get_real_time ()) / G_USEC_PER_SEC);
  g_task_return_pointer (task, info, (GDestroyNotify)hub_stream_info_free);
  g_object_unref (task);
}

void
hub_cloud_streams_open (HubCloudAuth *auth, const char *camera_id, GTask *task)
{
  g_autoptr (HubCloudRequest) request = NULL;
  g_autofree char *path = NULL;
  g_autofree char *action = NULL;
  StreamCall *call;

  g_return_if_fail (HUB_IS_CLOUD_AUTH (auth));
  g_return_if_fail (G_IS_TASK (task));

  if (!stream_task_check (auth, camera_id, task))
    return;

  call = g_new0 (StreamCall, 1);
  call->camera_id = g_strdup (camera_id);
  g_task_set_task_data (task, call, (GDestroyNotify)stream_call_free);

  path = stream_path (camera_id, "openStream");
  action = g_strdup_printf ("Opening the stream of %s", camera_id);
  request = hub_cloud_auth_new_request (auth, "POST", path, action, HUB_CLOUD_REQUEST_RETRY);
  hub_cloud_request_set_camera (request, camera_id);
  hub_cloud_request_set_prepare (request, prepare_open, call);
  hub_cloud_auth_call_async (auth, request, g_task_get_cancellable (task), on_stream_reply, task);
}

static HubCloudRequest *
token_request (HubCloudAuth *auth, const HubStreamInfo *stream, const char *verb, const char *action,
               HubCloudRequestFlags flags)
{
  g_autofree char *path = stream_path (stream->camera_id, verb);
  g_autoptr (JsonObject) body = json_object_new ();
  HubCloudRequest *request = hub_cloud_auth_new_request (auth, "POST", path, action, flags);

  json_object_set_string_member (body, "extensionToken", stream->extension_token);
  hub_cloud_request_set_json_body (request, body);
  hub_cloud_request_set_camera (request, stream->camera_id);
  return request;
}

void
hub_cloud_streams_extend (HubCloudAuth *auth, const HubStreamInfo *stream, GTask *task)
{
  g_autoptr (HubCloudRequest) request = NULL;
  g_autofree char *action = NULL;
  StreamCall *call;

  g_return_if_fail (HUB_IS_CLOUD_AUTH (auth));
  g_return_if_fail (stream != NULL);
  g_return_if_fail (G_IS_TASK (task));

  if (!stream_task_check (auth, stream->camera_id, task))
    return;

  call = g_new0 (StreamCall, 1);
  call->camera_id = g_strdup (stream->camera_id);
  call->previous = hub_stream_info_copy (stream);
  g_task_set_task_data (task, call, (GDestroyNotify)stream_call_free);

  action = g_strdup_printf ("Extending the stream of %s", stream->camera_id);
  request = token_request (auth, stream, "extendStream", action, HUB_CLOUD_REQUEST_RETRY);
  hub_cloud_auth_call_async (auth, request, g_task_get_cancellable (task), on_stream_reply, task);
}

static void
on_closed (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GTask *task = user_data;
  const char *camera_id = g_task_get_task_data (task);
  GError *error = NULL;
  g_autoptr (JsonObject) reply
      = hub_cloud_auth_call_finish (HUB_CLOUD_AUTH (source), result, &error);
  if (reply == NULL)
    {
      g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_MESSAGE, "CAMERA", camera_id, "MESSAGE",
                        "closing the stream failed camera=%s (left to expire): %s", camera_id,
                        error->message);
      g_task_return_error (task, error);
    }
  else
    {
      g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_INFO, "CAMERA", camera_id, "MESSAGE",
                        "stream closed camera=%s", camera_id);
      g_task_return_boolean (task, TRUE);
    }
  g_object_unref (task);
}

void
hub_cloud_streams_close (HubCloudAuth *auth, const HubStreamInfo *stream, GTask *task)
{
  g_autoptr (HubCloudRequest) request = NULL;
  g_autofree char *action = NULL;

  g_return_if_fail (HUB_IS_CLOUD_AUTH (auth));
  g_return_if_fail (stream != NULL);
  g_return_if_fail (G_IS_TASK (task));

  if (!stream_task_check (auth, stream->camera_id, task))
    return;
  g_task_set_task_data (task, g_strdup (stream->camera_id), g_free);

  /* Best effort: one try; an unclosed stream expires by itself. */
  action = g_strdup_printf ("Closing the stream of %s", stream->camera_id);
  request = token_request (auth, stream, "closeStream", action, HUB_CLOUD_REQUEST_DEFAULT);
  hub_cloud_auth_call_async (auth, request, g_task_get_cancellable (task), on_closed, task);
}
