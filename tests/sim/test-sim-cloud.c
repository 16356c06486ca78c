/* test-sim-cloud.c — hubview-sim's cloud API, spoken to over HTTP as the hub would
 *
 * Copyright 2026 hubview developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Runs the real sim/hubview-sim on loopback ports of its own choosing, reads
 * its ready line, and checks cloud-api.md: sign-in (RFC 8628), the camera
 * list with its certificates, stream leases, errors and every cloud fault.
 */
#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <signal.h>
#include <sodium.h>
#include <sys/prctl.h>
#include <string.h>

#include "hub-device-cert.h"
#include "hub-test-support.h"

#define DEVICE_GRANT "urn:ietf:params:oauth:grant-type:device_code"
#define CLIENT_ID "io.hubview.test"
#define VIDEO_ARGS "--width", "160", "--height", "120", "--fps", "5"

typedef struct
{
  GSubprocess *process;
  char *tmpdir;
  char *stderr_path;
  char *cloud;
  guint rtsp_port;
  JsonNode *ready;
  SoupSession *session;
  GPtrArray *secrets; /* tokens seen: none may reach the log */
  char *access_token;
  char *refresh_token;
} Sim;

typedef struct
{
  guint status;
  char *body;
  JsonNode *json; /* NULL when the body is not JSON */
  SoupMessageHeaders *headers;
  gint64 elapsed_us;
} Reply;

static void
reply_free (Reply *reply)
{
  g_free (reply->body);
  g_clear_pointer (&reply->json, json_node_unref);
  g_clear_pointer (&reply->headers, soup_message_headers_unref);
  g_free (reply);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Reply, reply_free)

/* ---- the simulator process ---------------------------------------------- */

/* A simulator does not outlive a test that aborted. */
static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

/* Starts hubview-sim with loopback ports 0 and @args (NULL-terminated). */
static Sim *
sim_start_argv (const char *const *args)
{
  g_autoptr (GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr (GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GDataInputStream) out = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *line = NULL;
  JsonObject *ready;
  Sim *sim = g_new0 (Sim, 1);

  sim->tmpdir = g_dir_make_tmp ("test-sim-cloud-XXXXXX", &error);
  g_assert_no_error (error);
  sim->stderr_path = g_build_filename (sim->tmpdir, "stderr.log", NULL);
  g_subprocess_launcher_set_stderr_file_path (launcher, sim->stderr_path);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);

  g_ptr_array_add (argv, hub_test_build_path ("sim/hubview-sim"));
  g_ptr_array_add (argv, g_strdup ("--listen"));
  g_ptr_array_add (argv, g_strdup ("127.0.0.1:0"));
  g_ptr_array_add (argv, g_strdup ("--rtsp-port"));
  g_ptr_array_add (argv, g_strdup ("0"));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, g_strdup (args[i]));
  g_ptr_array_add (argv, NULL);

  sim->process = g_subprocess_launcher_spawnv (launcher, (const char *const *) argv->pdata, &error);
  g_assert_no_error (error);

  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (sim->process));
  line = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  sim->ready = json_from_string (line, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (sim->ready));
  ready = json_node_get_object (sim->ready);
  g_assert_true (json_object_get_boolean_member (ready, "ready"));
  sim->cloud = g_strdup (json_object_get_string_member (ready, "cloud"));
  sim->rtsp_port = (guint) json_object_get_int_member (ready, "rtsp_port");

  sim->session = soup_session_new_with_options ("timeout", 15, NULL);
  sim->secrets = g_ptr_array_new_with_free_func (g_free);
  return sim;
}

#define sim_start(...) sim_start_argv ((const char *const[]){ __VA_ARGS__, NULL })

/* SIGTERM: the simulator must exit 0 promptly, and its log must hold none
 * of the tokens it handed out. */
static void
sim_stop (Sim *sim)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *log = NULL;
  gint64 start = g_get_monotonic_time ();

  g_subprocess_send_signal (sim->process, SIGTERM);
  g_subprocess_wait (sim->process, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 10 * G_USEC_PER_SEC);
  g_assert_true (g_subprocess_get_if_exited (sim->process));
  g_assert_cmpint (g_subprocess_get_exit_status (sim->process), ==, 0);

  g_file_get_contents (sim->stderr_path, &log, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < sim->secrets->len; i++)
    g_assert_null (strstr (log, g_ptr_array_index (sim->secrets, i)));

  g_unlink (sim->stderr_path);
  g_rmdir (sim->tmpdir);
  g_clear_object (&sim->process);
  g_clear_object (&sim->session);
  g_clear_pointer (&sim->ready, json_node_unref);
  g_clear_pointer (&sim->secrets, g_ptr_array_unref);
  g_free (sim->access_token);
  g_free (sim->refresh_token);
  g_free (sim->cloud);
  g_free (sim->stderr_path);
  g_free (sim->tmpdir);
  g_free (sim);
}

static char *
sim_read_log (Sim *sim)
{
  g_autoptr (GError) error = NULL;
  char *log = NULL;

  g_file_get_contents (sim->stderr_path, &log, NULL, &error);
  g_assert_no_error (error);
  return log;
}

/* ---- HTTP --------------------------------------------------------------- */

static Reply *
request (Sim *sim, const char *method, const char *path, const char *bearer,
         const char *content_type, const char *body)
{
  g_autofree char *url = g_strconcat (sim->cloud, path, NULL);
  g_autoptr (SoupMessage) msg = soup_message_new (method, url);
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) bytes = NULL;
  Reply *reply = g_new0 (Reply, 1);
  gint64 start;

  g_assert_nonnull (msg);
  if (bearer != NULL)
    {
      g_autofree char *value = g_strconcat ("Bearer ", bearer, NULL);

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization",
                                    value);
    }
  if (body != NULL)
    {
      g_autoptr (GBytes) request_body = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (msg, content_type, request_body);
    }

  start = g_get_monotonic_time ();
  bytes = soup_session_send_and_read (sim->session, msg, NULL, &error);
  reply->elapsed_us = g_get_monotonic_time () - start;
  g_assert_no_error (error);

  reply->status = soup_message_get_status (msg);
  reply->body = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  reply->json = json_from_string (reply->body, NULL);
  reply->headers = soup_message_headers_ref (soup_message_get_response_headers (msg));
  return reply;
}

static Reply *
post_form (Sim *sim, const char *path, const char *form)
{
  return request (sim, "POST", path, NULL, "application/x-www-form-urlencoded", form);
}

static Reply *
post_json (Sim *sim, const char *path, const char *bearer, const char *json)
{
  return request (sim, "POST", path, bearer, "application/json", json);
}

static JsonObject *
reply_object (Reply *reply)
{
  if (reply->json == NULL || !JSON_NODE_HOLDS_OBJECT (reply->json))
    g_error ("expected a JSON object, got (HTTP %u) %s", reply->status, reply->body);
  return json_node_get_object (reply->json);
}

static const char *
member_string (JsonObject *object, const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_STRING)
    g_error ("expected a string member “%s”", name);
  return json_node_get_string (node);
}

static void
assert_oauth_error (Reply *reply, const char *error)
{
  g_assert_cmpuint (reply->status, ==, 400);
  g_assert_cmpstr (member_string (reply_object (reply), "error"), ==, error);
}

/* {"error": {"code", "status", "message"}} */
static void
assert_api_error (Reply *reply, guint code, const char *status)
{
  JsonObject *error;

  g_assert_cmpuint (reply->status, ==, code);
  g_assert_true (json_object_has_member (reply_object (reply), "error"));
  error = json_object_get_object_member (reply_object (reply), "error");
  g_assert_nonnull (error);
  g_assert_cmpint (json_object_get_int_member (error, "code"), ==, code);
  g_assert_cmpstr (member_string (error, "status"), ==, status);
  g_assert_cmpuint (strlen (member_string (error, "message")), >, 0);
}

static void
keep_secret (Sim *sim, const char *token)
{
  g_ptr_array_add (sim->secrets, g_strdup (token));
}

static JsonObject *
device_authorization (Sim *sim, Reply **reply_out)
{
  g_autofree char *form = soup_form_encode ("client_id", CLIENT_ID, "scope", "cameras.view", NULL);
  Reply *reply = post_form (sim, "/oauth/device_authorization", form);
  JsonObject *object;

  g_assert_cmpuint (reply->status, ==, 200);
  object = reply_object (reply);
  keep_secret (sim, member_string (object, "device_code"));
  *reply_out = reply;
  return object;
}

static Reply *
poll_token (Sim *sim, const char *device_code)
{
  g_autofree char *form = soup_form_encode ("grant_type", DEVICE_GRANT, "device_code", device_code,
                                            "client_id", CLIENT_ID, NULL);

  return post_form (sim, "/oauth/token", form);
}

static Reply *
refresh (Sim *sim, const char *refresh_token)
{
  g_autofree char *form = soup_form_encode ("grant_type", "refresh_token", "refresh_token",
                                            refresh_token, "client_id", CLIENT_ID, NULL);

  return post_form (sim, "/oauth/token", form);
}

/* Checks a 200 of /oauth/token and keeps its tokens. */
static void
take_tokens (Sim *sim, Reply *reply, guint expires_in)
{
  JsonObject *object = reply_object (reply);

  g_assert_cmpuint (reply->status, ==, 200);
  g_assert_cmpstr (member_string (object, "token_type"), ==, "Bearer");
  g_assert_cmpint (json_object_get_int_member (object, "expires_in"), ==, expires_in);
  g_free (sim->access_token);
  g_free (sim->refresh_token);
  sim->access_token = g_strdup (member_string (object, "access_token"));
  sim->refresh_token = g_strdup (member_string (object, "refresh_token"));
  keep_secret (sim, sim->access_token);
  keep_secret (sim, sim->refresh_token);
}

/* Sign-in on a simulator that approves at once (--approve-after 0). */
static void
sign_in_now (Sim *sim, guint expires_in)
{
  g_autoptr (Reply) code_reply = NULL;
  JsonObject *code = device_authorization (sim, &code_reply);
  g_autoptr (Reply) reply = poll_token (sim, member_string (code, "device_code"));

  take_tokens (sim, reply, expires_in);
}

/* Polls at the interval (1 s) until the code is approved, takes the tokens;
 * returns how many times the reply was authorization_pending. */
static guint
poll_until_approved (Sim *sim, const char *device_code)
{
  gint64 start = g_get_monotonic_time ();
  guint pending = 0;

  for (;;)
    {
      g_autoptr (Reply) reply = poll_token (sim, device_code);

      if (reply->status == 200)
        {
          take_tokens (sim, reply, 3600);
          return pending;
        }
      assert_oauth_error (reply, "authorization_pending");
      pending++;
      g_assert_cmpint (g_get_monotonic_time () - start, <, 10 * G_USEC_PER_SEC);
      g_usleep (1100 * G_TIME_SPAN_MILLISECOND);
    }
}

/* Tests that need a token sign in when no earlier test did. */
static void
ensure_signed_in (Sim *sim)
{
  g_autoptr (Reply) code_reply = NULL;
  JsonObject *code;

  if (sim->access_token != NULL)
    return;
  code = device_authorization (sim, &code_reply);
  poll_until_approved (sim, member_string (code, "device_code"));
}

static char *
nonce_b64 (void)
{
  guint8 nonce[16];

  for (guint i = 0; i < sizeof nonce; i++)
    nonce[i] = (guint8) g_random_int_range (0, 256);
  return g_base64_encode (nonce, sizeof nonce);
}

static Reply *
stream_call (Sim *sim, const char *camera, const char *verb, const char *body)
{
  g_autofree char *path = g_strdup_printf ("/v1/cameras/%s:%s", camera, verb);

  return post_json (sim, path, sim->access_token, body);
}

static Reply *
open_stream (Sim *sim, const char *camera)
{
  g_autofree char *nonce = nonce_b64 ();
  g_autofree char *body = g_strdup_printf ("{\"protocol\": \"RTSP\", \"nonce\": \"%s\"}", nonce);

  return stream_call (sim, camera, "openStream", body);
}

static Reply *
token_call (Sim *sim, const char *camera, const char *verb, const char *extension_token)
{
  g_autofree char *body = g_strdup_printf ("{\"extensionToken\": \"%s\"}", extension_token);

  return stream_call (sim, camera, verb, body);
}

/* RFC 3339 UTC; returns the Unix time. */
static gint64
parse_expires_at (const char *text)
{
  g_autoptr (GDateTime) time = NULL;

  g_assert_true (g_regex_match_simple ("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z$",
                                       text, 0, 0));
  time = g_date_time_new_from_iso8601 (text, NULL);
  g_assert_nonnull (time);
  return g_date_time_to_unix (time);
}

/* Checks the shape of an openStream or extendStream 200 and keeps its tokens. */
static JsonObject *
assert_lease (Sim *sim, Reply *reply, guint lease_seconds)
{
  JsonObject *object = reply_object (reply);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gint64 expires_at;

  g_assert_cmpuint (reply->status, ==, 200);
  keep_secret (sim, member_string (object, "streamToken"));
  keep_secret (sim, member_string (object, "extensionToken"));
  g_assert_cmpstr (member_string (object, "streamToken"), !=,
                   member_string (object, "extensionToken"));
  expires_at = parse_expires_at (member_string (object, "expiresAt"));
  g_assert_cmpint (expires_at, >=, now + lease_seconds - 1);
  g_assert_cmpint (expires_at, <=, now + lease_seconds + 2);
  return object;
}

/* ---- sim A: the demo cameras, a keyfile, no faults ----------------------- */

#define A_LEASE 3

static Sim *demo;

static void
test_ready_line (void)
{
  JsonObject *ready = json_node_get_object (demo->ready);
  JsonArray *cameras = json_object_get_array_member (ready, "cameras");
  static const char *const ids[] = { "cam-frontdoor", "cam-garage", "cam-backyard",
                                     "cam-nursery" };
  static const char *const names[] = { "Front door", "Garage", "Backyard", "Nursery" };

  g_assert_true (g_str_has_prefix (demo->cloud, "http://127.0.0.1:"));
  g_assert_cmpuint (demo->rtsp_port, >, 0);
  g_assert_cmpuint (json_array_get_length (cameras), ==, 4);
  for (guint i = 0; i < 4; i++)
    {
      JsonObject *camera = json_array_get_object_element (cameras, i);

      g_assert_cmpstr (member_string (camera, "id"), ==, ids[i]);
      g_assert_cmpstr (member_string (camera, "name"), ==, names[i]);
      g_assert_cmpint (json_object_get_int_member (camera, "index"), ==, i);
    }
}

static void
test_device_flow (void)
{
  g_autoptr (Reply) first = NULL;
  g_autoptr (Reply) second = NULL;
  g_autoptr (Reply) reply = NULL;
  g_autoptr (Reply) again = NULL;
  g_autofree char *verification_uri = g_strconcat (demo->cloud, "/device", NULL);
  JsonObject *code;
  const char *device_code;
  gint64 start;

  /* A code polled twice at once: authorization_pending, then slow_down. */
  code = device_authorization (demo, &first);
  reply = poll_token (demo, member_string (code, "device_code"));
  assert_oauth_error (reply, "authorization_pending");
  g_clear_pointer (&reply, reply_free);
  reply = poll_token (demo, member_string (code, "device_code"));
  assert_oauth_error (reply, "slow_down");
  g_clear_pointer (&reply, reply_free);

  /* A code polled at its interval: pending until approved (after 2 s), then tokens. */
  start = g_get_monotonic_time ();
  code = device_authorization (demo, &second);
  device_code = member_string (code, "device_code");
  g_assert_cmpuint (strlen (member_string (code, "user_code")), >=, 8);
  g_assert_cmpstr (member_string (code, "verification_uri"), ==, verification_uri);
  g_assert_true (g_str_has_prefix (member_string (code, "verification_uri_complete"),
                                   verification_uri));
  g_assert_nonnull (strstr (member_string (code, "verification_uri_complete"),
                            member_string (code, "user_code")));
  g_assert_cmpint (json_object_get_int_member (code, "expires_in"), ==, 600);
  g_assert_cmpint (json_object_get_int_member (code, "interval"), ==, 1);
  g_assert_cmpuint (poll_until_approved (demo, device_code), >=, 1);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 2 * G_USEC_PER_SEC - 100000);

  /* A device code works once. */
  again = poll_token (demo, device_code);
  assert_oauth_error (again, "invalid_grant");
}

static void
test_sign_in_errors (void)
{
  g_autofree char *wrong_client = soup_form_encode ("client_id", "io.example.other", NULL);
  g_autofree char *no_client = soup_form_encode ("scope", "cameras.view", NULL);
  g_autofree char *bad_grant = soup_form_encode ("grant_type", "password", "client_id", CLIENT_ID,
                                                 NULL);
  g_autofree char *wrong_client_token = soup_form_encode (
      "grant_type", DEVICE_GRANT, "device_code", "x", "client_id", "io.example.other", NULL);
  g_autoptr (Reply) reply = NULL;

  reply = post_form (demo, "/oauth/device_authorization", wrong_client);
  assert_oauth_error (reply, "invalid_client");
  g_clear_pointer (&reply, reply_free);
  reply = post_form (demo, "/oauth/device_authorization", no_client);
  assert_oauth_error (reply, "invalid_request");
  g_clear_pointer (&reply, reply_free);
  reply = post_form (demo, "/oauth/token", bad_grant);
  assert_oauth_error (reply, "unsupported_grant_type");
  g_clear_pointer (&reply, reply_free);
  reply = post_form (demo, "/oauth/token", wrong_client_token);
  assert_oauth_error (reply, "invalid_client");
  g_clear_pointer (&reply, reply_free);
  reply = poll_token (demo, "no-such-device-code");
  assert_oauth_error (reply, "invalid_grant");
  g_clear_pointer (&reply, reply_free);
  reply = refresh (demo, "no-such-refresh-token");
  assert_oauth_error (reply, "invalid_grant");
}

static void
test_refresh (void)
{
  g_autofree char *old_refresh = g_strdup (demo->refresh_token);
  g_autofree char *old_access = g_strdup (demo->access_token);
  g_autoptr (Reply) reply = NULL;

  g_assert_nonnull (old_refresh);
  reply = refresh (demo, old_refresh);
  take_tokens (demo, reply, 3600);
  g_assert_cmpstr (demo->access_token, !=, old_access);
  g_assert_cmpstr (demo->refresh_token, !=, old_refresh);
  g_clear_pointer (&reply, reply_free);

  /* Refresh tokens rotate. */
  reply = refresh (demo, old_refresh);
  assert_oauth_error (reply, "invalid_grant");
  g_clear_pointer (&reply, reply_free);

  reply = request (demo, "GET", "/v1/cameras", demo->access_token, NULL, NULL);
  g_assert_cmpuint (reply->status, ==, 200);
}

static void
test_bearer (void)
{
  g_autoptr (Reply) reply = NULL;

  reply = request (demo, "GET", "/v1/cameras", NULL, NULL, NULL);
  assert_api_error (reply, 401, "UNAUTHENTICATED");
  g_assert_nonnull (soup_message_headers_get_one (reply->headers, "WWW-Authenticate"));
  g_clear_pointer (&reply, reply_free);

  reply = request (demo, "GET", "/v1/cameras", "not-a-token", NULL, NULL);
  assert_api_error (reply, 401, "UNAUTHENTICATED");
  g_clear_pointer (&reply, reply_free);

  reply = post_json (demo, "/v1/cameras/cam-garage:openStream", NULL,
                     "{\"protocol\": \"RTSP\", \"nonce\": \"AAAAAAAAAAAAAAAAAAAAAA==\"}");
  assert_api_error (reply, 401, "UNAUTHENTICATED");
}

/* The exact record of cloud-api.md. */
static void
assert_record (JsonObject *record)
{
  static const char *const members[] = { "id", "name", "room", "online", "protocols",
                                         "videoCodecs", "maxVideoResolution",
                                         "deviceCertificate" };
  JsonObject *resolution = json_object_get_object_member (record, "maxVideoResolution");
  JsonArray *protocols = json_object_get_array_member (record, "protocols");
  JsonArray *codecs = json_object_get_array_member (record, "videoCodecs");

  g_assert_cmpuint (json_object_get_size (record), ==, G_N_ELEMENTS (members));
  for (guint i = 0; i < G_N_ELEMENTS (members); i++)
    g_assert_true (json_object_has_member (record, members[i]));
  member_string (record, "name");
  member_string (record, "room");
  g_assert_true (json_object_get_boolean_member (record, "online"));
  g_assert_cmpuint (json_array_get_length (protocols), ==, 1);
  g_assert_cmpstr (json_array_get_string_element (protocols, 0), ==, "RTSP");
  g_assert_cmpuint (json_array_get_length (codecs), ==, 1);
  g_assert_cmpstr (json_array_get_string_element (codecs, 0), ==, "H264");
  g_assert_cmpint (json_object_get_int_member (resolution, "width"), ==, 160);
  g_assert_cmpint (json_object_get_int_member (resolution, "height"), ==, 120);
}

/* Every page of /v1/cameras, the records in order. */
static GPtrArray *
list_all (Sim *sim, guint page_size, guint *n_pages)
{
  GPtrArray *records = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autofree char *page_token = NULL;

  *n_pages = 0;
  do
    {
      g_autofree char *path = NULL;
      g_autoptr (Reply) reply = NULL;
      JsonArray *cameras;
      JsonObject *page;

      if (page_token != NULL)
        {
          g_autofree char *escaped = g_uri_escape_string (page_token, NULL, FALSE);

          path = g_strconcat ("/v1/cameras?pageToken=", escaped, NULL);
        }
      else
        path = g_strdup ("/v1/cameras");
      reply = request (sim, "GET", path, sim->access_token, NULL, NULL);
      g_assert_cmpuint (reply->status, ==, 200);
      page = reply_object (reply);
      cameras = json_object_get_array_member (page, "cameras");
      g_assert_nonnull (cameras);
      g_assert_cmpuint (json_array_get_length (cameras), <=, page_size);
      for (guint i = 0; i < json_array_get_length (cameras); i++)
        g_ptr_array_add (records, json_object_ref (json_array_get_object_element (cameras, i)));
      g_clear_pointer (&page_token, g_free);
      if (json_object_has_member (page, "nextPageToken"))
        {
          page_token = g_strdup (member_string (page, "nextPageToken"));
          g_assert_cmpuint (json_array_get_length (cameras), ==, page_size);
        }
      (*n_pages)++;
      g_assert_cmpuint (*n_pages, <, 100);
    }
  while (page_token != NULL);
  return records;
}

static void
test_paging (void)
{
  static const char *const ids[] = { "cam-frontdoor", "cam-garage", "cam-backyard",
                                     "cam-nursery" };
  g_autoptr (GPtrArray) records = NULL;
  g_autoptr (Reply) reply = NULL;
  guint n_pages = 0;

  records = list_all (demo, 2, &n_pages);
  g_assert_cmpuint (n_pages, ==, 2);
  g_assert_cmpuint (records->len, ==, 4);
  for (guint i = 0; i < records->len; i++)
    {
      JsonObject *record = g_ptr_array_index (records, i);

      assert_record (record);
      g_assert_cmpstr (member_string (record, "id"), ==, ids[i]);
    }

  reply = request (demo, "GET", "/v1/cameras?pageToken=bogus", demo->access_token, NULL, NULL);
  assert_api_error (reply, 400, "INVALID_ARGUMENT");
}

static void
test_certificates (void)
{
  g_autoptr (JsonNode) keys = hub_test_load_json ("keys.json");
  JsonObject *devices = json_object_get_object_member (json_node_get_object (keys), "devices");
  JsonObject *root = json_object_get_object_member (json_node_get_object (keys), "root");
  g_autoptr (GPtrArray) records = NULL;
  HubTrustRoots roots;
  guint n_pages = 0;

  hub_trust_roots_init (&roots);
  g_assert_true (hub_trust_roots_add_base64 (&roots, member_string (root, "public_b64")));

  records = list_all (demo, 2, &n_pages);
  g_assert_cmpuint (records->len, ==, 4);
  for (guint i = 0; i < records->len; i++)
    {
      JsonObject *record = g_ptr_array_index (records, i);
      const char *id = member_string (record, "id");
      const char *b64 = member_string (record, "deviceCertificate");
      JsonObject *expected = json_object_get_object_member (devices, id);
      HubDeviceCert cert;

      g_assert_nonnull (expected);
      /* Byte for byte the certificate of keys.json. */
      g_assert_cmpstr (b64, ==, member_string (expected, "certificate_b64"));
      g_assert_true (hub_device_cert_decode_base64 (b64, &cert));
      g_assert_cmpint (hub_device_cert_verify (&cert, &roots, g_get_real_time () / G_USEC_PER_SEC,
                                               id),
                       ==, HUB_CERT_OK);
      g_assert_cmpstr (cert.model, ==, "Demo Cam 1080p");
    }
  hub_trust_roots_clear (&roots);
}

static void
test_open_extend_close (void)
{
  g_autofree char *url_prefix = g_strdup_printf ("rtsp://127.0.0.1:%u/cameras/cam-frontdoor?auth=",
                                                 demo->rtsp_port);
  g_autofree char *first_extension = NULL;
  g_autofree char *first_stream = NULL;
  g_autofree char *second_extension = NULL;
  g_autoptr (Reply) opened = NULL;
  g_autoptr (Reply) extended = NULL;
  g_autoptr (Reply) reply = NULL;
  JsonObject *lease;

  opened = open_stream (demo, "cam-frontdoor");
  lease = assert_lease (demo, opened, A_LEASE);
  g_assert_cmpuint (json_object_get_size (lease), ==, 4);
  g_assert_true (g_str_has_prefix (member_string (lease, "rtspUrl"), url_prefix));
  g_assert_cmpstr (member_string (lease, "rtspUrl") + strlen (url_prefix), ==,
                   member_string (lease, "streamToken"));
  first_extension = g_strdup (member_string (lease, "extensionToken"));
  first_stream = g_strdup (member_string (lease, "streamToken"));

  extended = token_call (demo, "cam-frontdoor", "extendStream", first_extension);
  lease = assert_lease (demo, extended, A_LEASE);
  g_assert_cmpuint (json_object_get_size (lease), ==, 3);
  g_assert_false (json_object_has_member (lease, "rtspUrl"));
  g_assert_cmpstr (member_string (lease, "streamToken"), !=, first_stream);
  g_assert_cmpstr (member_string (lease, "extensionToken"), !=, first_extension);
  second_extension = g_strdup (member_string (lease, "extensionToken"));

  /* The old extension token is spent. */
  reply = token_call (demo, "cam-frontdoor", "extendStream", first_extension);
  assert_api_error (reply, 400, "FAILED_PRECONDITION");
  g_clear_pointer (&reply, reply_free);

  /* An extension token belongs to its camera. */
  reply = token_call (demo, "cam-garage", "closeStream", second_extension);
  assert_api_error (reply, 400, "FAILED_PRECONDITION");
  g_clear_pointer (&reply, reply_free);

  reply = token_call (demo, "cam-frontdoor", "closeStream", second_extension);
  g_assert_cmpuint (reply->status, ==, 200);
  g_assert_cmpuint (json_object_get_size (reply_object (reply)), ==, 0);
  g_clear_pointer (&reply, reply_free);

  reply = token_call (demo, "cam-frontdoor", "extendStream", second_extension);
  assert_api_error (reply, 400, "FAILED_PRECONDITION");
}

static void
test_lease_expiry (void)
{
  g_autoptr (Reply) opened = open_stream (demo, "cam-nursery");
  g_autoptr (Reply) reply = NULL;
  JsonObject *lease = assert_lease (demo, opened, A_LEASE);
  gint64 expires_at = parse_expires_at (member_string (lease, "expiresAt"));
  gint64 wait_us = expires_at * G_USEC_PER_SEC - g_get_real_time () + 300 * G_TIME_SPAN_MILLISECOND;

  g_usleep (MAX (wait_us, 0));
  reply = token_call (demo, "cam-nursery", "extendStream",
                      member_string (lease, "extensionToken"));
  assert_api_error (reply, 400, "FAILED_PRECONDITION");
}

static void
test_bad_requests (void)
{
  static const char *const bad_bodies[] = {
    "{\"protocol\": \"RTSP\", \"nonce\": \"not base64!\"}",
    "{\"protocol\": \"RTSP\", \"nonce\": \"AAAAAAAAAAAAAAAAAAAA\"}",         /* 15 bytes */
    "{\"protocol\": \"RTSP\", \"nonce\": \"AAAAAAAAAAAAAAAAAAAAAAA=\"}",     /* 17 bytes */
    "{\"protocol\": \"RTSP\", \"nonce\": \"AAAAAAAAAAAAAAAAAAAAAA==\", \"x\": 1, \"nonce\": 7}",
    "{\"protocol\": \"RTSP\"}",
    "{\"protocol\": \"HLS\", \"nonce\": \"AAAAAAAAAAAAAAAAAAAAAA==\"}",
    "{\"nonce\": \"AAAAAAAAAAAAAAAAAAAAAA==\"}",
    "[\"RTSP\"]",
    "not json",
    "",
  };
  g_autofree char *nonce = nonce_b64 ();
  g_autofree char *body = g_strdup_printf ("{\"protocol\": \"RTSP\", \"nonce\": \"%s\"}", nonce);
  g_autoptr (Reply) reply = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (bad_bodies); i++)
    {
      reply = stream_call (demo, "cam-garage", "openStream", bad_bodies[i]);
      assert_api_error (reply, 400, "INVALID_ARGUMENT");
      g_clear_pointer (&reply, reply_free);
    }

  /* A nonce opens one stream. */
  reply = stream_call (demo, "cam-garage", "openStream", body);
  assert_lease (demo, reply, A_LEASE);
  g_clear_pointer (&reply, reply_free);
  reply = stream_call (demo, "cam-garage", "openStream", body);
  assert_api_error (reply, 400, "INVALID_ARGUMENT");
  g_assert_nonnull (strstr (reply->body, "used before"));
  g_clear_pointer (&reply, reply_free);
  /* … however it is spelt (base64 without padding). */
  g_assert_true (g_str_has_suffix (nonce, "=="));
  nonce[strlen (nonce) - 2] = '\0';
  g_free (body);
  body = g_strdup_printf ("{\"protocol\": \"RTSP\", \"nonce\": \"%s\"}", nonce);
  reply = stream_call (demo, "cam-garage", "openStream", body);
  assert_api_error (reply, 400, "INVALID_ARGUMENT");
  g_assert_nonnull (strstr (reply->body, "used before"));
  g_clear_pointer (&reply, reply_free);

  reply = token_call (demo, "cam-garage", "extendStream", "");
  assert_api_error (reply, 400, "INVALID_ARGUMENT");
  g_clear_pointer (&reply, reply_free);

  reply = open_stream (demo, "cam-nowhere");
  assert_api_error (reply, 404, "NOT_FOUND");
  g_clear_pointer (&reply, reply_free);
  reply = request (demo, "GET", "/v1/cameras/cam-garage:openStream", demo->access_token, NULL,
                   NULL);
  assert_api_error (reply, 404, "NOT_FOUND");
  g_clear_pointer (&reply, reply_free);
  reply = request (demo, "GET", "/v2/nothing", NULL, NULL, NULL);
  assert_api_error (reply, 404, "NOT_FOUND");
}

/* ---- sim B: one camera per fault ------------------------------------------ */

static Sim *faulty;

static void
test_faults_list (void)
{
  g_autoptr (GPtrArray) records = NULL;
  g_autofree char *log = NULL;
  guint n_pages = 0;

  records = list_all (faulty, 100, &n_pages);
  g_assert_cmpuint (n_pages, ==, 1);
  g_assert_cmpuint (records->len, ==, 9);
  for (guint i = 0; i < records->len; i++)
    {
      JsonObject *record = g_ptr_array_index (records, i);
      const char *id = member_string (record, "id");

      /* cloud-404: the camera was removed. */
      g_assert_cmpstr (id, !=, "cam-backyard");
      g_assert_cmpint (json_object_get_boolean_member (record, "online"), ==,
                       !g_str_equal (id, "cam-nursery"));
    }

  log = sim_read_log (faulty);
  g_assert_nonnull (strstr (log, "camera=cam-backyard fault=cloud-404"));
}

/* key-rotate=3: from 3 s after the camera started, the camera list carries
 * a new certificate for cam-frontdoor: signed by the demo root like the
 * first, for the new key (SHA-256 of "hubview-sim rotated key" and the
 * camera's seed, as hubview-sim.1 says), not the old one. */
static void
test_fault_key_rotate (void)
{
  g_autoptr (JsonNode) keys = hub_test_load_json ("keys.json");
  JsonObject *root_keys = json_object_get_object_member (json_node_get_object (keys), "root");
  JsonObject *device = json_object_get_object_member (
      json_object_get_object_member (json_node_get_object (keys), "devices"), "cam-frontdoor");
  static const char label[] = "hubview-sim rotated key";
  crypto_hash_sha256_state state;
  guint8 seed[32], new_seed[32], new_pk[32], new_sk[64];
  const char *old_b64 = member_string (device, "certificate_b64");
  g_autofree char *new_b64 = NULL;
  HubTrustRoots roots;
  HubDeviceCert cert;
  gint64 started = g_get_monotonic_time ();
  gint64 changed_after = 0;
  Sim *sim;

  sim = sim_start ("--cameras", "1", "--approve-after", "0", "--client-id", CLIENT_ID, "--fault",
                   "cam-frontdoor:key-rotate=3", VIDEO_ARGS);
  sign_in_now (sim, 3600);

  while (new_b64 == NULL && g_get_monotonic_time () - started < 15 * G_USEC_PER_SEC)
    {
      g_autoptr (GPtrArray) records = NULL;
      g_autoptr (GMainLoop) loop = g_main_loop_new (NULL, FALSE);
      guint n_pages = 0;
      const char *b64;

      records = list_all (sim, 100, &n_pages);
      g_assert_cmpuint (records->len, ==, 1);
      b64 = member_string (g_ptr_array_index (records, 0), "deviceCertificate");
      if (!g_str_equal (b64, old_b64))
        {
          new_b64 = g_strdup (b64);
          changed_after = g_get_monotonic_time () - started;
          break;
        }
      /* the next look in 200 ms */
      g_timeout_add_once (200, (GSourceOnceFunc) g_main_loop_quit, loop);
      g_main_loop_run (loop);
    }
  g_assert_nonnull (new_b64);
  g_test_message ("key-rotate: new certificate listed %" G_GINT64_FORMAT " ms after the start",
                  changed_after / 1000);
  g_assert_cmpint (changed_after, >=, 3 * G_USEC_PER_SEC);

  {
    gsize seed_len = 0;
    g_autofree guint8 *raw = hub_test_hex (member_string (device, "seed"), &seed_len);

    g_assert_cmpuint (seed_len, ==, sizeof seed);
    memcpy (seed, raw, sizeof seed);
  }
  crypto_hash_sha256_init (&state);
  crypto_hash_sha256_update (&state, (const guint8 *) label, sizeof label - 1);
  crypto_hash_sha256_update (&state, seed, sizeof seed);
  crypto_hash_sha256_final (&state, new_seed);
  crypto_sign_seed_keypair (new_pk, new_sk, new_seed);
  sodium_memzero (new_sk, sizeof new_sk);

  hub_trust_roots_init (&roots);
  g_assert_true (hub_trust_roots_add_base64 (&roots, member_string (root_keys, "public_b64")));
  g_assert_true (hub_device_cert_decode_base64 (new_b64, &cert));
  g_assert_cmpint (hub_device_cert_verify (&cert, &roots, g_get_real_time () / G_USEC_PER_SEC,
                                           "cam-frontdoor"),
                   ==, HUB_CERT_OK);
  g_assert_cmpmem (cert.public_key, sizeof cert.public_key, new_pk, sizeof new_pk);
  hub_trust_roots_clear (&roots);
  sim_stop (sim);
}

static void
test_fault_401 (void)
{
  g_autoptr (Reply) reply = NULL;

  /* The token is good for the list, yet the camera's next request gets a 401, once. */
  reply = request (faulty, "GET", "/v1/cameras", faulty->access_token, NULL, NULL);
  g_assert_cmpuint (reply->status, ==, 200);
  g_clear_pointer (&reply, reply_free);
  reply = open_stream (faulty, "cam-frontdoor");
  assert_api_error (reply, 401, "UNAUTHENTICATED");
  g_clear_pointer (&reply, reply_free);
  reply = open_stream (faulty, "cam-frontdoor");
  assert_lease (faulty, reply, 300);
}

static void
test_fault_codes (void)
{
  static const struct
  {
    const char *camera;
    guint code;
    const char *status;
    const char *retry_after;
  } cases[] = {
    { "cam-garage", 403, "PERMISSION_DENIED", NULL },
    { "cam-backyard", 404, "NOT_FOUND", NULL },
    { "cam-nursery", 503, "UNAVAILABLE", NULL }, /* offline */
    { "cam-4", 429, "RESOURCE_EXHAUSTED", "7" },
    { "cam-5", 500, "INTERNAL", NULL },
    { "cam-6", 503, "UNAVAILABLE", "4" },
  };
  g_autofree char *log = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (Reply) reply = open_stream (faulty, cases[i].camera);
      g_autofree char *logged = g_strdup_printf ("camera=%s fault=", cases[i].camera);

      assert_api_error (reply, cases[i].code, cases[i].status);
      g_assert_cmpstr (soup_message_headers_get_one (reply->headers, "Retry-After"), ==,
                       cases[i].retry_after);
      g_clear_pointer (&reply, reply_free);

      /* Every endpoint of that camera. */
      reply = token_call (faulty, cases[i].camera, "closeStream", "x");
      if (g_str_equal (cases[i].camera, "cam-nursery"))
        assert_api_error (reply, 400, "FAILED_PRECONDITION");
      else
        assert_api_error (reply, cases[i].code, cases[i].status);

      log = sim_read_log (faulty);
      g_assert_nonnull (strstr (log, logged));
      g_clear_pointer (&log, g_free);
    }
}

static void
test_fault_malformed (void)
{
  g_autoptr (Reply) truncated = open_stream (faulty, "cam-7");
  g_autoptr (Reply) wrong_shape = open_stream (faulty, "cam-7");
  g_autoptr (Reply) good = open_stream (faulty, "cam-7");

  g_assert_cmpuint (truncated->status, ==, 200);
  g_assert_null (truncated->json);
  g_assert_cmpuint (strlen (truncated->body), >, 0);

  g_assert_cmpuint (wrong_shape->status, ==, 200);
  g_assert_nonnull (wrong_shape->json);
  g_assert_false (JSON_NODE_HOLDS_OBJECT (wrong_shape->json));

  /* The fault struck twice (cloud-malformed=2), then the camera is fine. */
  assert_lease (faulty, good, 300);
}

static void
test_fault_slow (void)
{
  g_autoptr (Reply) slow = open_stream (faulty, "cam-8");
  g_autoptr (Reply) fast = open_stream (faulty, "cam-frontdoor");

  assert_lease (faulty, slow, 300);
  g_assert_cmpint (slow->elapsed_us, >=, 1500 * G_TIME_SPAN_MILLISECOND);
  assert_lease (faulty, fast, 300);
  g_assert_cmpint (fast->elapsed_us, <, 1000 * G_TIME_SPAN_MILLISECOND);
}

static void
test_fault_extend_fail (void)
{
  g_autoptr (Reply) opened = open_stream (faulty, "cam-9");
  g_autoptr (Reply) extended = NULL;
  g_autoptr (Reply) closed = NULL;
  JsonObject *lease = assert_lease (faulty, opened, 300);
  const char *extension_token = member_string (lease, "extensionToken");

  extended = token_call (faulty, "cam-9", "extendStream", extension_token);
  assert_api_error (extended, 400, "FAILED_PRECONDITION");
  closed = token_call (faulty, "cam-9", "closeStream", extension_token);
  g_assert_cmpuint (closed->status, ==, 200);
}

/* ---- sim C: faults of the whole cloud, short lifetimes -------------------- */

static void
test_cloud_wide_faults (void)
{
  Sim *sim = sim_start ("--cameras", "1", "--approve-after", "0", "--token-lifetime", "2",
                        "--code-lifetime", "2", "--client-id", CLIENT_ID, "--fault",
                        "cloud:cloud-429=1:1", "--fault", "cloud:cloud-malformed=1", VIDEO_ARGS);
  g_autofree char *form = soup_form_encode ("client_id", CLIENT_ID, NULL);
  g_autoptr (Reply) reply = NULL;
  g_autoptr (Reply) code_reply = NULL;
  JsonObject *code;

  /* The first request of all: 429, then a malformed 200, then service. */
  reply = post_form (sim, "/oauth/device_authorization", form);
  assert_api_error (reply, 429, "RESOURCE_EXHAUSTED");
  g_assert_cmpstr (soup_message_headers_get_one (reply->headers, "Retry-After"), ==, "1");
  g_clear_pointer (&reply, reply_free);
  reply = post_form (sim, "/oauth/device_authorization", form);
  g_assert_cmpuint (reply->status, ==, 200);
  g_assert_null (reply->json);
  g_clear_pointer (&reply, reply_free);

  /* A device code expires (code-lifetime 2). */
  code = device_authorization (sim, &code_reply);
  g_usleep (2200 * G_TIME_SPAN_MILLISECOND);
  reply = poll_token (sim, member_string (code, "device_code"));
  assert_oauth_error (reply, "expired_token");
  g_clear_pointer (&reply, reply_free);

  /* An access token expires (token-lifetime 2); a refresh brings a new one. */
  sign_in_now (sim, 2);
  reply = request (sim, "GET", "/v1/cameras", sim->access_token, NULL, NULL);
  g_assert_cmpuint (reply->status, ==, 200);
  g_clear_pointer (&reply, reply_free);
  g_usleep (2200 * G_TIME_SPAN_MILLISECOND);
  reply = request (sim, "GET", "/v1/cameras", sim->access_token, NULL, NULL);
  assert_api_error (reply, 401, "UNAUTHENTICATED");
  g_clear_pointer (&reply, reply_free);
  reply = refresh (sim, sim->refresh_token);
  take_tokens (sim, reply, 2);
  g_clear_pointer (&reply, reply_free);
  reply = request (sim, "GET", "/v1/cameras", sim->access_token, NULL, NULL);
  g_assert_cmpuint (reply->status, ==, 200);

  sim_stop (sim);
}

static void
test_cloud_slow (void)
{
  Sim *sim = sim_start ("--cameras", "1", "--fault", "cloud:cloud-slow=1200", VIDEO_ARGS);
  g_autofree char *form = soup_form_encode ("client_id", CLIENT_ID, NULL);
  g_autoptr (Reply) reply = post_form (sim, "/oauth/device_authorization", form);

  g_assert_cmpuint (reply->status, ==, 200);
  g_assert_cmpint (reply->elapsed_us, >=, 1200 * G_TIME_SPAN_MILLISECOND);
  sim_stop (sim);
}

/* A request held back by cloud-slow does not hold up the shutdown. */
static void
test_sigterm_while_slow (void)
{
  Sim *sim = sim_start ("--cameras", "1", "--fault", "cloud:cloud-slow=60000", VIDEO_ARGS);
  g_autoptr (GSocketClient) client = g_socket_client_new ();
  g_autoptr (GSocketConnection) connection = NULL;
  g_autoptr (GError) error = NULL;
  static const char http[] = "POST /oauth/device_authorization HTTP/1.1\r\n"
                             "Host: 127.0.0.1\r\nContent-Length: 0\r\n\r\n";

  /* Send, and do not wait for the reply. */
  connection = g_socket_client_connect_to_uri (client, sim->cloud, 0, NULL, &error);
  g_assert_no_error (error);
  g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (connection)), http,
                             strlen (http), NULL, NULL, &error);
  g_assert_no_error (error);
  g_usleep (300 * G_TIME_SPAN_MILLISECOND);
  sim_stop (sim);
}

/* ---- the command line ------------------------------------------------------ */

static void
assert_refused (const char *const *args, const char *message)
{
  g_autofree char *path = hub_test_build_path ("sim/hubview-sim");
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *err = NULL;
  g_autoptr (GError) error = NULL;
  int status = 0;

  g_ptr_array_add (argv, path);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL,
                &err, &status, &error);
  g_assert_no_error (error);
  g_assert_false (g_spawn_check_wait_status (status, NULL));
  if (strstr (err, message) == NULL)
    g_error ("expected “%s” in: %s", message, err);
}

#define assert_refused_args(message, ...) \
  assert_refused ((const char *const[]){ __VA_ARGS__, NULL }, message)

static void
test_cli_errors (void)
{
  assert_refused_args ("unknown kind “bogus”", "--fault", "cam-garage:bogus");
  assert_refused_args ("not configured", "--rtsp-port", "0", "--fault", "cam-nowhere:drop");
  assert_refused_args ("rate “2”", "--fault", "cam-garage:drop=2");
  assert_refused_args ("expected CAMERA:KIND", "--fault", "drop");
  assert_refused_args ("loopback", "--listen", "0.0.0.0:0", "--rtsp-port", "0");
  assert_refused_args ("--cameras 0", "--cameras", "0");
  assert_refused_args ("--page-size 0", "--page-size", "0");
  assert_refused_args ("does-not-exist.ini", "--config", "/nonexistent/does-not-exist.ini");
}

static void
test_cli_bad_keyfile (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("test-sim-cloud-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "bad.ini", NULL);

  g_assert_no_error (error);
  g_file_set_contents (path, "[cloud]\npage-sise=3\n", -1, &error);
  g_assert_no_error (error);
  assert_refused_args ("unknown key “page-sise”", "--config", path);
  g_file_set_contents (path, "[camera cam-x]\nseed=12\n", -1, &error);
  g_assert_no_error (error);
  assert_refused_args ("[camera cam-x] seed", "--config", path);
  g_unlink (path);
  g_rmdir (dir);
}

/* Runs a test of sim A with a token, signing in first if no earlier test did. */
static void
run_signed_in (gconstpointer data)
{
  GTestFunc func = (GTestFunc) data;

  ensure_signed_in (demo);
  func ();
}

#define add_signed_in_test(path, func) \
  g_test_add_data_func (path, (gconstpointer) func, run_signed_in)

int
main (int argc, char *argv[])
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *config = NULL;
  int result;

  g_test_init (&argc, &argv, NULL);

  /* A: the demo four, settings from a keyfile. */
  dir = g_dir_make_tmp ("test-sim-cloud-XXXXXX", &error);
  g_assert_no_error (error);
  config = g_build_filename (dir, "sim.ini", NULL);
  g_file_set_contents (config,
                       "[cloud]\n"
                       "client-id=" CLIENT_ID "\n"
                       "approve-after=2\n"
                       "interval=1\n"
                       "lease-seconds=3\n"
                       "page-size=2\n"
                       "[video]\n"
                       "width=160\n"
                       "height=120\n"
                       "fps=5\n",
                       -1, &error);
  g_assert_no_error (error);
  demo = sim_start ("--config", config);

  /* B: one camera per fault; signed in at once. */
  faulty = sim_start ("--cameras", "10", "--approve-after", "0", "--page-size", "100",
                      "--client-id", CLIENT_ID,
                      "--fault", "cam-frontdoor:cloud-401=1",
                      "--fault", "cam-garage:cloud-403",
                      "--fault", "cam-backyard:cloud-404",
                      "--fault", "cam-nursery:offline",
                      "--fault", "cam-4:cloud-429=7",
                      "--fault", "cam-5:cloud-500",
                      "--fault", "cam-6:cloud-503=4",
                      "--fault", "cam-7:cloud-malformed=2",
                      "--fault", "cam-8:cloud-slow=1500",
                      "--fault", "cam-9:extend-fail",
                      VIDEO_ARGS);
  sign_in_now (faulty, 3600);

  g_test_add_func ("/hub/sim/ready-line", test_ready_line);
  g_test_add_func ("/hub/sim/sign-in/device-flow", test_device_flow);
  g_test_add_func ("/hub/sim/sign-in/errors", test_sign_in_errors);
  add_signed_in_test ("/hub/sim/sign-in/refresh", test_refresh);
  add_signed_in_test ("/hub/sim/auth/bearer", test_bearer);
  add_signed_in_test ("/hub/sim/cameras/paging", test_paging);
  add_signed_in_test ("/hub/sim/cameras/certificates", test_certificates);
  add_signed_in_test ("/hub/sim/streams/open-extend-close", test_open_extend_close);
  add_signed_in_test ("/hub/sim/streams/bad-requests", test_bad_requests);
  add_signed_in_test ("/hub/sim/streams/lease-expiry", test_lease_expiry);
  g_test_add_func ("/hub/sim/faults/list", test_faults_list);
  g_test_add_func ("/hub/sim/faults/cloud-401", test_fault_401);
  g_test_add_func ("/hub/sim/faults/codes", test_fault_codes);
  g_test_add_func ("/hub/sim/faults/cloud-malformed", test_fault_malformed);
  g_test_add_func ("/hub/sim/faults/cloud-slow", test_fault_slow);
  g_test_add_func ("/hub/sim/faults/extend-fail", test_fault_extend_fail);
  g_test_add_func ("/hub/sim/faults/cloud-wide", test_cloud_wide_faults);
  g_test_add_func ("/hub/sim/faults/key-rotate", test_fault_key_rotate);
  g_test_add_func ("/hub/sim/faults/cloud-slow-sign-in", test_cloud_slow);
  g_test_add_func ("/hub/sim/sigterm-while-slow", test_sigterm_while_slow);
  g_test_add_func ("/hub/sim/cli/errors", test_cli_errors);
  g_test_add_func ("/hub/sim/cli/bad-keyfile", test_cli_bad_keyfile);

  result = g_test_run ();

  sim_stop (faulty);
  sim_stop (demo);
  g_unlink (config);
  g_rmdir (dir);
  return result;
}
