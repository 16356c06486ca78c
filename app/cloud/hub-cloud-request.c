/* hub-cloud-request.c — one call to the cloud: send, read, retry with backoff, map errors
 *
 * Copyright 2026 hubview developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Retries (for requests flagged RETRY) 429, 5xx and transport errors up to
 * HUB_CLOUD_MAX_ATTEMPTS times, waiting what Retry-After says or else a
 * capped exponential backoff with full jitter. TLS certificate errors are
 * never retried and never overridden: the SoupSession validates them and no
 * handler of "accept-certificate" exists. Logs say what happened to which
 * path and camera — never a header, a body or a query.
 */
#define G_LOG_DOMAIN "hub-cloud"

#include "hub-cloud-request-private.h"

#include <sodium.h>
#include <string.h>

#include "hub-json.h"
#include "hub-cloud-text.h"
#include "hub-timeout.h"

#define READ_CHUNK 65536
#define HTTP_TOO_MANY_REQUESTS 429

/* clang-format off: it reads the domain name as a subtraction and spaces it */
G_DEFINE_QUARK (hub-oauth-error-quark, hub_oauth_error)
/* clang-format on */

struct _HubCloudRequest
{
  char *method;
  char *url;
  char *path; /* for the log: no query */
  char *action;
  char *camera_id;
  HubCloudRequestFlags flags;
  char *content_type;
  GBytes *body;
  gboolean body_is_secret;
  char *bearer;
  HubCloudRequestPrepare prepare;
  gpointer prepare_data;
};

static void
bytes_wipe (GBytes *bytes, gboolean secret)
{
  if (bytes == NULL)
    return;
  if (secret && g_bytes_get_size (bytes) > 0)
    sodium_memzero ((gpointer)g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_bytes_unref (bytes);
}

static void
request_clear (HubCloudRequest *request)
{
  g_free (request->method);
  g_free (request->url);
  g_free (request->path);
  g_free (request->action);
  g_free (request->camera_id);
  g_free (request->content_type);
  bytes_wipe (request->body, request->body_is_secret);
  if (request->bearer != NULL)
    sodium_memzero (request->bearer, strlen (request->bearer));
  g_free (request->bearer);
}

HubCloudRequest *
hub_cloud_request_new (const char *method, const char *base_url, const char *path, const char *action,
                       HubCloudRequestFlags flags)
{
  HubCloudRequest *request = g_rc_box_new0 (HubCloudRequest);
  const char *query = strchr (path, '?');

  request->method = g_strdup (method);
  request->url = g_strconcat (base_url, path, NULL);
  request->path = query ? g_strndup (path, (gsize)(query - path)) : g_strdup (path);
  request->action = g_strdup (action);
  request->flags = flags;
  return request;
}

HubCloudRequest *
hub_cloud_request_ref (HubCloudRequest *request)
{
  return g_rc_box_acquire (request);
}

void
hub_cloud_request_unref (HubCloudRequest *request)
{
  g_rc_box_release_full (request, (GDestroyNotify)request_clear);
}

const char *
hub_cloud_request_get_what (HubCloudRequest *request)
{
  return request->action;
}

void
hub_cloud_request_set_camera (HubCloudRequest *request, const char *camera_id)
{
  g_free (request->camera_id);
  request->camera_id = g_strdup (camera_id);
}

void
hub_cloud_request_set_json_body (HubCloudRequest *request, JsonObject *body)
{
  g_autoptr (JsonNode) node = json_node_init_object (json_node_alloc (), body);
  gsize len = 0;
  char *data = json_to_string (node, FALSE);

  len = strlen (data);
  bytes_wipe (request->body, request->body_is_secret);
  request->body = g_bytes_new_take (data, len);
  request->body_is_secret = TRUE; /* extension tokens */
  g_free (request->content_type);
  request->content_type = g_strdup ("application/json");
}

void
hub_cloud_request_set_form_body (HubCloudRequest *request, char *encoded)
{
  bytes_wipe (request->body, request->body_is_secret);
  request->body = g_bytes_new_take (encoded, strlen (encoded));
  request->body_is_secret = TRUE;
  g_free (request->content_type);
  request->content_type = g_strdup ("application/x-www-form-urlencoded");
}

void
hub_cloud_request_set_bearer (HubCloudRequest *request, const char *access_token)
{
  if (request->bearer != NULL)
    sodium_memzero (request->bearer, strlen (request->bearer));
  g_free (request->bearer);
  request->bearer = g_strconcat ("Bearer ", access_token, NULL);
}

void
hub_cloud_request_set_prepare (HubCloudRequest *request, HubCloudRequestPrepare prepare,
                               gpointer user_data)
{
  request->prepare = prepare;
  request->prepare_data = user_data;
}

/* ---- the rules ------------------------------------------------------------ */

gint64
hub_cloud_backoff_delay_ms (guint retry, double random)
{
  gint64 ceiling = HUB_CLOUD_BACKOFF_BASE_MS;

  for (guint i = 0; i < retry && ceiling < HUB_CLOUD_BACKOFF_CAP_MS; i++)
    ceiling *= 2;
  ceiling = MIN (ceiling, HUB_CLOUD_BACKOFF_CAP_MS);
  return (gint64)(CLAMP (random, 0.0, 1.0) * (double)ceiling);
}

gboolean
hub_cloud_parse_retry_after (const char *value, GDateTime *now, gint64 *delay_ms)
{
  g_autoptr (GDateTime) date = NULL;
  guint64 seconds = 0;
  g_autofree char *trimmed = NULL;

  if (value == NULL)
    return FALSE;
  trimmed = g_strstrip (g_strdup (value));
  if (g_ascii_string_to_unsigned (trimmed, 10, 0, G_MAXINT32, &seconds, NULL))
    {
      *delay_ms = (gint64)seconds * 1000;
      return TRUE;
    }
  date = soup_date_time_new_from_http_string (trimmed);
  if (date == NULL)
    return FALSE;
  *delay_ms = MAX (g_date_time_difference (date, now) / 1000, 0);
  return TRUE;
}

static HubOAuthError
oauth_code (const char *name)
{
  static const struct
  {
    const char *name;
    HubOAuthError code;
  } codes[] = {
    { "authorization_pending", HUB_OAUTH_ERROR_AUTHORIZATION_PENDING },
    { "slow_down", HUB_OAUTH_ERROR_SLOW_DOWN },
    { "access_denied", HUB_OAUTH_ERROR_ACCESS_DENIED },
    { "expired_token", HUB_OAUTH_ERROR_EXPIRED_TOKEN },
    { "invalid_grant", HUB_OAUTH_ERROR_INVALID_GRANT },
    { "invalid_client", HUB_OAUTH_ERROR_INVALID_CLIENT },
    { "unsupported_grant_type", HUB_OAUTH_ERROR_UNSUPPORTED_GRANT_TYPE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (codes); i++)
    {
      if (g_str_equal (name, codes[i].name))
        return codes[i].code;
    }
  return HUB_OAUTH_ERROR_OTHER;
}

static HubCloudError
code_for_status (guint status, const char *grpc_status)
{
  if (status == SOUP_STATUS_BAD_REQUEST)
    return g_strcmp0 (grpc_status, "FAILED_PRECONDITION") == 0 ? HUB_CLOUD_ERROR_FAILED_PRECONDITION
                                                               : HUB_CLOUD_ERROR_INVALID_ARGUMENT;
  if (status == SOUP_STATUS_UNAUTHORIZED)
    return HUB_CLOUD_ERROR_UNAUTHENTICATED;
  if (status == SOUP_STATUS_FORBIDDEN)
    return HUB_CLOUD_ERROR_PERMISSION_DENIED;
  if (status == SOUP_STATUS_NOT_FOUND)
    return HUB_CLOUD_ERROR_NOT_FOUND;
  if (status == HTTP_TOO_MANY_REQUESTS)
    return HUB_CLOUD_ERROR_RESOURCE_EXHAUSTED;
  if (status >= 500 && status < 600)
    return HUB_CLOUD_ERROR_UNAVAILABLE;
  if (status >= 400 && status < 500)
    return HUB_CLOUD_ERROR_INVALID_ARGUMENT;
  return HUB_CLOUD_ERROR_MALFORMED; /* 1xx, 3xx: not what the API answers */
}

void
hub_cloud_error_from_reply (guint status, JsonNode *body, gboolean oauth, const char *action,
                            GError **error)
{
  JsonObject *object
      = body != NULL && JSON_NODE_HOLDS_OBJECT (body) ? json_node_get_object (body) : NULL;
  JsonObject *details = NULL;
  const char *grpc_status = NULL;
  const char *message = NULL;
  const char *oauth_name = NULL;
  g_autofree char *shown = NULL;

  /* A body of the wrong shape is ignored: the HTTP status still tells. */
  if (object != NULL && oauth
      && (status == SOUP_STATUS_BAD_REQUEST || status == SOUP_STATUS_UNAUTHORIZED)
      && hub_json_get_string (object, "error", HUB_JSON_REQUIRED, 1, 128, &oauth_name, NULL))
    {
      shown = hub_text_for_log (oauth_name, 64);
      g_set_error (error, HUB_OAUTH_ERROR, oauth_code (oauth_name), "%s failed: the cloud said %s",
                   action, shown);
      return;
    }
  if (object != NULL && hub_json_get_object (object, "error", HUB_JSON_REQUIRED, &details, NULL))
    {
      if (!hub_json_get_string (details, "status", HUB_JSON_REQUIRED, 1, 64, &grpc_status, NULL))
        grpc_status = NULL;
      if (!hub_json_get_string (details, "message", HUB_JSON_REQUIRED, 1, 4096, &message, NULL))
        message = NULL;
    }
  shown = message != NULL ? hub_text_for_log (message, 300) : NULL;
  if (grpc_status != NULL)
    {
      g_autofree char *status_shown = hub_text_for_log (grpc_status, 40);

      g_set_error (error, HUB_CLOUD_ERROR, code_for_status (status, grpc_status),
                   "%s failed: the cloud answered %u %s%s%s%s", action, status, status_shown,
                   shown ? " (" : "", shown ? shown : "", shown ? ")" : "");
    }
  else
    g_set_error (error, HUB_CLOUD_ERROR, code_for_status (status, NULL),
                 "%s failed: the cloud answered %u %s%s%s%s", action, status,
                 soup_status_get_phrase (status) ? soup_status_get_phrase (status) : "",
                 shown ? " (" : "", shown ? shown : "", shown ? ")" : "");
}

/* ---- one call ------------------------------------------------------------- */

typedef struct
{
  HubCloudRequest *request;
  SoupSession *soup;
  SoupMessage *msg;
  GInputStream *stream;
  GByteArray *reply;
  GSource *wait;
  GSource *cancel_wait;
  guint attempt;
  gint64 started;
} Call;

static void
call_free (Call *call)
{
  hub_source_clear (&call->wait);
  hub_source_clear (&call->cancel_wait);
  g_clear_object (&call->stream);
  g_clear_object (&call->msg);
  g_clear_object (&call->soup);
  if (call->reply != NULL)
    {
      sodium_memzero (call->reply->data, call->reply->len);
      g_byte_array_unref (call->reply);
    }
  hub_cloud_request_unref (call->request);
  g_free (call);
}

static void start_attempt (GTask *task);

static void log_event (Call *call, GLogLevelFlags level, const char *format, ...)
    G_GNUC_PRINTF (3, 4);

static void
log_event (Call *call, GLogLevelFlags level, const char *format, ...)
{
  g_autofree char *text = NULL;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  if (call->request->camera_id != NULL)
    g_log_structured (G_LOG_DOMAIN, level, "CAMERA", call->request->camera_id, "MESSAGE",
                      "%s camera=%s method=%s path=%s", text, call->request->camera_id,
                      call->request->method, call->request->path);
  else
    g_log_structured (G_LOG_DOMAIN, level, "MESSAGE", "%s method=%s path=%s", text,
                      call->request->method, call->request->path);
}

static void
fail (GTask *task, GError *error)
{
  Call *call = g_task_get_task_data (task);

  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
      && error->domain != HUB_OAUTH_ERROR)
    log_event (call, G_LOG_LEVEL_MESSAGE, "cloud request failed error=%s attempt=%u: %s",
               error->domain == HUB_CLOUD_ERROR ? hub_cloud_error_to_string (error->code) : "other",
               call->attempt + 1, error->message);
  g_task_return_error (task, error);
  g_object_unref (task);
}

static gboolean
on_wait_cancelled (GCancellable *cancellable, gpointer user_data)
{
  GTask *task = user_data;
  Call *call = g_task_get_task_data (task);

  hub_source_clear (&call->wait);
  hub_source_clear (&call->cancel_wait);
  fail (task, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "Cancelled"));
  return G_SOURCE_REMOVE;
}

static gboolean
on_wait_done (gpointer user_data)
{
  GTask *task = user_data;
  Call *call = g_task_get_task_data (task);

  hub_source_clear (&call->wait);
  hub_source_clear (&call->cancel_wait);
  call->attempt++;
  start_attempt (task);
  return G_SOURCE_REMOVE;
}

/* Tries again after @delay_ms when the request may be and attempts are
 * left; otherwise fails with @error. Takes @error. */
static void
retry_or_fail (GTask *task, GError *error, gint64 delay_ms, gboolean from_retry_after)
{
  Call *call = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);

  if (!(call->request->flags & HUB_CLOUD_REQUEST_RETRY)
      || call->attempt + 1 >= HUB_CLOUD_MAX_ATTEMPTS)
    {
      fail (task, error);
      return;
    }
  if (from_retry_after && delay_ms > HUB_CLOUD_RETRY_AFTER_MAX_S * 1000)
    {
      GError *longer = g_error_new (error->domain, error->code,
                                    "%s; the cloud asks to wait %" G_GINT64_FORMAT
                                    " s, longer than the hub waits (%d s)",
                                    error->message, delay_ms / 1000, HUB_CLOUD_RETRY_AFTER_MAX_S);

      g_error_free (error);
      fail (task, longer);
      return;
    }
  log_event (call, G_LOG_LEVEL_MESSAGE,
             "cloud retry in_ms=%" G_GINT64_FORMAT " attempt=%u/%d%s: %s", delay_ms,
             call->attempt + 2, HUB_CLOUD_MAX_ATTEMPTS, from_retry_after ? " retry-after" : "",
             error->message);
  g_error_free (error);

  call->wait = hub_timeout_source_attach (NULL, (guint)delay_ms, on_wait_done, task);
  if (cancellable != NULL)
    {
      call->cancel_wait = g_cancellable_source_new (cancellable);
      g_source_set_callback (call->cancel_wait, G_SOURCE_FUNC (on_wait_cancelled), task, NULL);
      g_source_attach (call->cancel_wait, g_main_context_get_thread_default ());
    }
}

static gint64
backoff (Call *call)
{
  return hub_cloud_backoff_delay_ms (call->attempt, g_random_double ());
}

static char *
describe_tls_flags (GTlsCertificateFlags flags)
{
  GString *out = g_string_new (NULL);

  if (flags & G_TLS_CERTIFICATE_UNKNOWN_CA)
    g_string_append (out, ", issued by an unknown authority (self-signed?)");
  if (flags & G_TLS_CERTIFICATE_BAD_IDENTITY)
    g_string_append (out, ", made out for another host");
  if (flags & G_TLS_CERTIFICATE_NOT_ACTIVATED)
    g_string_append (out, ", not valid yet");
  if (flags & G_TLS_CERTIFICATE_EXPIRED)
    g_string_append (out, ", expired");
  if (flags & G_TLS_CERTIFICATE_REVOKED)
    g_string_append (out, ", revoked");
  if (flags & G_TLS_CERTIFICATE_INSECURE)
    g_string_append (out, ", insecure");
  if (out->len == 0)
    g_string_append (out, ", not acceptable");
  g_string_erase (out, 0, 2);
  return g_string_free (out, FALSE);
}

/* A failure to send or to read: the network, TLS, a cut reply. */
static void
transport_failed (GTask *task, GError *cause)
{
  Call *call = g_task_get_task_data (task);
  g_autoptr (GUri) uri = g_uri_parse (call->request->url, G_URI_FLAGS_NONE, NULL);
  const char *host = uri != NULL && g_uri_get_host (uri) != NULL ? g_uri_get_host (uri) : "?";
  GTlsCertificateFlags tls_flags
      = call->msg ? soup_message_get_tls_peer_certificate_errors (call->msg) : 0;
  GError *error;

  if (g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      fail (task, g_error_copy (cause));
      return;
    }
  if (cause->domain == G_TLS_ERROR || tls_flags != 0)
    {
      g_autofree char *why = describe_tls_flags (tls_flags);

      /* Never retried: a certificate does not get better by asking again. */
      fail (task, g_error_new (HUB_CLOUD_ERROR, HUB_CLOUD_ERROR_TRANSPORT,
                               "%s failed: the TLS certificate of the cloud at %s is not "
                               "trusted (%s: %s) and was refused; certificates are always checked",
                               call->request->action, host, why, cause->message));
      return;
    }
  error = g_error_new (HUB_CLOUD_ERROR, HUB_CLOUD_ERROR_TRANSPORT,
                       "%s failed: cannot reach the cloud at %s (%s)", call->request->action, host,
                       cause->message);
  retry_or_fail (task, error, backoff (call), FALSE);
}

static void
reply_complete (GTask *task)
{
  Call *call = g_task_get_task_data (task);
  guint status = soup_message_get_status (call->msg);
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) parse_error = NULL;
  gboolean parsed;
  JsonNode *root = NULL;
  GError *error = NULL;

  log_event (call, G_LOG_LEVEL_DEBUG,
             "cloud reply status=%u bytes=%u ms=%" G_GINT64_FORMAT " attempt=%u", status,
             call->reply->len, (g_get_monotonic_time () - call->started) / 1000, call->attempt + 1);

  if (!hub_json_is_single_value ((const char *)call->reply->data, call->reply->len))
    {
      parsed = FALSE;
      g_set_error_literal (&parse_error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_PARSE,
                           "more than one JSON value");
    }
  else
    parsed = json_parser_load_from_data (parser, (const char *)call->reply->data,
                                         (gssize)call->reply->len, &parse_error);
  if (parsed)
    root = json_parser_get_root (parser);

  if (SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      if (!parsed || root == NULL)
        {
          fail (task,
                g_error_new (HUB_CLOUD_ERROR, HUB_CLOUD_ERROR_MALFORMED,
                             "%s failed: the cloud's reply is not JSON (%s)", call->request->action,
                             parse_error ? parse_error->message : "empty"));
          return;
        }
      if (!JSON_NODE_HOLDS_OBJECT (root))
        {
          fail (task, g_error_new (HUB_CLOUD_ERROR, HUB_CLOUD_ERROR_MALFORMED,
                                   "%s failed: the cloud's reply is JSON of the wrong shape (%s "
                                   "where an object was expected)",
                                   call->request->action, hub_json_node_describe (root)));
          return;
        }
      g_task_return_pointer (task, json_object_ref (json_node_get_object (root)),
                             (GDestroyNotify)json_object_unref);
      g_object_unref (task);
      return;
    }

  hub_cloud_error_from_reply (status, root, (call->request->flags & HUB_CLOUD_REQUEST_OAUTH) != 0,
                              call->request->action, &error);
  if (g_error_matches (error, HUB_CLOUD_ERROR, HUB_CLOUD_ERROR_RESOURCE_EXHAUSTED)
      || g_error_matches (error, HUB_CLOUD_ERROR, HUB_CLOUD_ERROR_UNAVAILABLE))
    {
      SoupMessageHeaders *headers = soup_message_get_response_headers (call->msg);
      const char *retry_after = soup_message_headers_get_one (headers, "Retry-After");
      g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
      gint64 delay = 0;

      if (hub_cloud_parse_retry_after (retry_after, now, &delay))
        retry_or_fail (task, error, delay, TRUE);
      else
        retry_or_fail (task, error, backoff (call), FALSE);
      return;
    }
  fail (task, error);
}

static void
on_read (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GTask *task = user_data;
  Call *call = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) chunk
      = g_input_stream_read_bytes_finish (G_INPUT_STREAM (source), result, &error);

  if (chunk == NULL)
    {
      transport_failed (task, error);
      return;
    }
  if (g_bytes_get_size (chunk) == 0)
    {
      g_clear_object (&call->stream);
      reply_complete (task);
      return;
    }
  if (call->reply->len + g_bytes_get_size (chunk) > HUB_CLOUD_REPLY_MAX)
    {
      fail (task, g_error_new (HUB_CLOUD_ERROR, HUB_CLOUD_ERROR_MALFORMED,
                               "%s failed: the cloud's reply is larger than %d bytes",
                               call->request->action, HUB_CLOUD_REPLY_MAX));
      return;
    }
  g_byte_array_append (call->reply, g_bytes_get_data (chunk, NULL),
                       (guint)g_bytes_get_size (chunk));
  g_input_stream_read_bytes_async (call->stream, READ_CHUNK, G_PRIORITY_DEFAULT,
                                   g_task_get_cancellable (task), on_read, task);
}

static void
on_sent (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GTask *task = user_data;
  Call *call = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;

  call->stream = soup_session_send_finish (SOUP_SESSION (source), result, &error);
  if (call->stream == NULL)
    {
      transport_failed (task, error);
      return;
    }
  g_input_stream_read_bytes_async (call->stream, READ_CHUNK, G_PRIORITY_DEFAULT,
                                   g_task_get_cancellable (task), on_read, task);
}

static void
start_attempt (GTask *task)
{
  Call *call = g_task_get_task_data (task);
  HubCloudRequest *request = call->request;
  SoupMessageHeaders *headers;

  if (g_task_return_error_if_cancelled (task))
    {
      g_object_unref (task);
      return;
    }
  if (request->prepare != NULL)
    request->prepare (request, call->attempt, request->prepare_data);

  g_clear_object (&call->msg);
  g_clear_object (&call->stream);
  if (call->reply != NULL)
    {
      sodium_memzero (call->reply->data, call->reply->len);
      g_byte_array_set_size (call->reply, 0);
    }
  else
    call->reply = g_byte_array_new ();

  call->msg = soup_message_new (request->method, request->url);
  if (call->msg == NULL)
    {
      fail (task, g_error_new (HUB_CLOUD_ERROR, HUB_CLOUD_ERROR_TRANSPORT,
                               "%s failed: the address of the cloud is not valid", request->action));
      return;
    }
  /* The API never redirects; following one could leave https. */
  soup_message_add_flags (call->msg, SOUP_MESSAGE_NO_REDIRECT);
  headers = soup_message_get_request_headers (call->msg);
  soup_message_headers_replace (headers, "Accept", "application/json");
  if (request->bearer != NULL)
    soup_message_headers_replace (headers, "Authorization", request->bearer);
  if (request->body != NULL)
    soup_message_set_request_body_from_bytes (call->msg, request->content_type, request->body);

  call->started = g_get_monotonic_time ();
  soup_session_send_async (call->soup, call->msg, G_PRIORITY_DEFAULT,
                           g_task_get_cancellable (task), on_sent, task);
}

void
hub_cloud_request_send_async (HubCloudRequest *request, SoupSession *soup,
                              GCancellable *cancellable, GAsyncReadyCallback callback,
                              gpointer user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  Call *call = g_new0 (Call, 1);

  g_task_set_source_tag (task, hub_cloud_request_send_async);
  call->request = hub_cloud_request_ref (request);
  call->soup = g_object_ref (soup);
  g_task_set_task_data (task, call, (GDestroyNotify)call_free);
  start_attempt (task);
}

JsonObject *
hub_cloud_request_send_finish (GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
