/* test-cloud-client.c — HubCloudClient and HubStreamLease against the real hubview-sim
 *
 * Copyright 2026 hubview developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Each test starts sim/hubview-sim on loopback ports of its choosing, with
 * the faults it needs, and drives the client on the main loop as the app
 * would. What the simulator cannot be made to say (slow_down, a missing
 * interval, list pages of the wrong shape, a TLS server, an extension that
 * keeps failing with 503) comes from a small SoupServer inside the test.
 * Every log line of the test program is captured: no token may appear.
 */
#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>

#include "hub-camera.h"
#include "hub-cloud-client.h"
#include "hub-stream-lease.h"
#include "hub-test-log.h"
#include "hub-test-support.h"

#define CLIENT_ID "io.hubview.test"
#define VIDEO_ARGS "--width", "160", "--height", "120", "--fps", "5"
#define FAST_SIGN_IN "--approve-after", "0", "--interval", "1"

static GPtrArray *secrets; /* of char*: tokens seen in this test */

static void
add_secret (const char *secret)
{
  if (secret != NULL)
    g_ptr_array_add (secrets, g_strdup (secret));
}

static double
seconds_since (gint64 start)
{
  return (double)(g_get_monotonic_time () - start) / G_USEC_PER_SEC;
}

/* ---- the main loop ---------------------------------------------------------- */

static gboolean
on_wake (gpointer user_data)
{
  *(gboolean *)user_data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the default context until *@flag is TRUE; fails the test after @timeout_s. */
static void
run_until (const gboolean *flag, guint timeout_s, const char *what)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (timeout_s, on_wake, &timed_out);

  while (!*flag && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (id);
  if (!*flag)
    g_error ("timed out after %u s waiting for %s", timeout_s, what);
}

/* Runs the main loop for @ms, whatever happens. */
static void
run_for (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, on_wake, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

typedef struct
{
  GAsyncResult *result;
} Wait;

static void
on_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  ((Wait *)user_data)->result = g_object_ref (result);
}

static GAsyncResult *
wait_result (Wait *wait, guint timeout_s)
{
  gboolean done = FALSE;
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (timeout_s, on_wake, &timed_out);

  while (wait->result == NULL && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (id);
  done = wait->result != NULL;
  if (!done)
    g_error ("an async call did not finish within %u s", timeout_s);
  return wait->result;
}

/* ---- the simulator ---------------------------------------------------------- */

typedef struct
{
  GSubprocess *process;
  char *tmpdir;
  char *stderr_path;
  char *cloud;
  guint rtsp_port;
} Sim;

static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

static Sim *
sim_start_argv (const char *const *args)
{
  g_autoptr (GSubprocessLauncher) launcher
      = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr (GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GDataInputStream) out = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) ready = NULL;
  g_autofree char *line = NULL;
  Sim *sim = g_new0 (Sim, 1);

  sim->tmpdir = g_dir_make_tmp ("test-cloud-client-sim-XXXXXX", &error);
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

  sim->process = g_subprocess_launcher_spawnv (launcher, (const char *const *)argv->pdata, &error);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (sim->process));
  line = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  ready = json_from_string (line, &error);
  g_assert_no_error (error);
  sim->cloud = g_strconcat (json_object_get_string_member (json_node_get_object (ready), "cloud"),
                            "/", NULL);
  sim->rtsp_port = (guint)json_object_get_int_member (json_node_get_object (ready), "rtsp_port");
  return sim;
}

#define sim_start(...) sim_start_argv ((const char *const[]){ VIDEO_ARGS, __VA_ARGS__, NULL })

static char *
sim_log (Sim *sim)
{
  char *log = NULL;

  g_assert_true (g_file_get_contents (sim->stderr_path, &log, NULL, NULL));
  return log;
}

/* Lines of the simulator's log that contain every one of the NULL-terminated needles. */
static guint
sim_log_count (Sim *sim, ...)
{
  g_autofree char *log = sim_log (sim);
  g_auto (GStrv) lines = g_strsplit (log, "\n", -1);
  guint n = 0;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      gboolean all = TRUE;
      const char *needle;
      va_list args;

      va_start (args, sim);
      while ((needle = va_arg (args, const char *)) != NULL)
        all = all && strstr (lines[i], needle) != NULL;
      va_end (args);
      n += all;
    }
  return n;
}

static void
sim_stop (Sim *sim)
{
  g_autoptr (GError) error = NULL;

  g_subprocess_send_signal (sim->process, SIGTERM);
  g_subprocess_wait (sim->process, NULL, &error);
  g_assert_no_error (error);
  g_unlink (sim->stderr_path);
  g_rmdir (sim->tmpdir);
  g_clear_object (&sim->process);
  g_free (sim->stderr_path);
  g_free (sim->tmpdir);
  g_free (sim->cloud);
  g_free (sim);
}

/* ---- a hub: token store, trust store, client ---------------------------------------- */

typedef struct
{
  char *dir;
  char *tokens_path;
  HubTokenStore *tokens;
  HubTrustStore *trust;
  HubCloudClient *client;
  guint signed_in;
  guint signed_out;
  guint codes;
  guint failures;
  GError *failure;
  char *user_code;
  char *verification_uri;
  gint64 code_at;
} Hub;

static void
on_sign_in_code (HubCloudClient *client, const char *user_code, const char *uri,
                 const char *complete, int expires_in, Hub *hub)
{
  g_assert_nonnull (user_code);
  g_assert_nonnull (uri);
  g_assert_cmpint (expires_in, >, 0);
  hub->codes++;
  hub->code_at = g_get_monotonic_time ();
  g_free (hub->user_code);
  hub->user_code = g_strdup (user_code);
  g_free (hub->verification_uri);
  hub->verification_uri = g_strdup (uri);
}

static void
on_signed_in (HubCloudClient *client, Hub *hub)
{
  hub->signed_in++;
  add_secret (hub_token_store_get_access_token (hub->tokens));
  add_secret (hub_token_store_get_refresh_token (hub->tokens));
}

static void
on_sign_in_failed (HubCloudClient *client, const GError *error, Hub *hub)
{
  hub->failures++;
  g_clear_error (&hub->failure);
  hub->failure = g_error_copy (error);
}

static void
on_signed_out (HubCloudClient *client, Hub *hub)
{
  hub->signed_out++;
}

static void
on_tokens_changed (HubTokenStore *tokens, Hub *hub)
{
  add_secret (hub_token_store_get_access_token (tokens));
  add_secret (hub_token_store_get_refresh_token (tokens));
}

static Hub *
hub_new_full (const char *base_url, gboolean demo_root, GTlsDatabase *database, guint timeout)
{
  Hub *hub = g_new0 (Hub, 1);

  hub->dir = g_dir_make_tmp ("test-cloud-client-hub-XXXXXX", NULL);
  hub->tokens_path = g_build_filename (hub->dir, "state", "hubview", "tokens.json", NULL);
  hub->tokens = hub_token_store_new (hub->tokens_path);
  hub->trust = hub_trust_store_new ();
  if (demo_root)
    hub_trust_store_add_demo_root (hub->trust);
  hub->client = g_object_new (HUB_TYPE_CLOUD_CLIENT, "base-url", base_url, "client-id", CLIENT_ID,
                              "tokens", hub->tokens, "trust", hub->trust, "tls-database", database,
                              "timeout", timeout, NULL);
  g_signal_connect (hub->client, "sign-in-code", G_CALLBACK (on_sign_in_code), hub);
  g_signal_connect (hub->client, "signed-in", G_CALLBACK (on_signed_in), hub);
  g_signal_connect (hub->client, "sign-in-failed", G_CALLBACK (on_sign_in_failed), hub);
  g_signal_connect (hub->client, "signed-out", G_CALLBACK (on_signed_out), hub);
  g_signal_connect (hub->tokens, "changed", G_CALLBACK (on_tokens_changed), hub);
  return hub;
}

static Hub *
hub_new (const char *base_url, gboolean demo_root)
{
  return hub_new_full (base_url, demo_root, NULL, 30);
}

static void
remove_tree (const char *path)
{
  g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static void
hub_free (Hub *hub)
{
  /* completions still queued on the main loop hold the client */
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
  g_signal_handlers_disconnect_by_data (hub->tokens, hub);
  g_signal_handlers_disconnect_by_data (hub->client, hub);
  g_assert_finalize_object (hub->client);
  g_object_unref (hub->tokens);
  g_object_unref (hub->trust);
  remove_tree (hub->dir);
  g_clear_error (&hub->failure);
  g_free (hub->user_code);
  g_free (hub->verification_uri);
  g_free (hub->tokens_path);
  g_free (hub->dir);
  g_free (hub);
}

static void
hub_sign_in (Hub *hub)
{
  guint before = hub->signed_in;
  gboolean done = FALSE;
  gulong id = g_signal_connect_swapped (hub->client, "signed-in", G_CALLBACK (on_wake), &done);

  hub_cloud_client_start_sign_in (hub->client);
  run_until (&done, 30, "signed-in");
  g_signal_handler_disconnect (hub->client, id);
  g_assert_cmpuint (hub->signed_in, ==, before + 1);
  g_assert_true (hub_cloud_client_is_signed_in (hub->client));
}

static GPtrArray *
hub_list (Hub *hub, GError **error, double *elapsed)
{
  Wait wait = { NULL };
  gint64 start = g_get_monotonic_time ();
  GPtrArray *cameras;

  hub_cloud_client_list_cameras_async (hub->client, NULL, on_done, &wait);
  cameras = hub_cloud_client_list_cameras_finish (hub->client, wait_result (&wait, 60), error);
  if (elapsed != NULL)
    *elapsed = seconds_since (start);
  g_object_unref (wait.result);
  return cameras;
}

static HubStreamInfo *
hub_open (Hub *hub, const char *camera_id, GError **error, double *elapsed)
{
  Wait wait = { NULL };
  gint64 start = g_get_monotonic_time ();
  HubStreamInfo *info;

  hub_cloud_client_open_stream_async (hub->client, camera_id, NULL, on_done, &wait);
  info = hub_cloud_client_open_stream_finish (hub->client, wait_result (&wait, 60), error);
  if (elapsed != NULL)
    *elapsed = seconds_since (start);
  g_object_unref (wait.result);
  if (info != NULL)
    {
      add_secret (info->stream_token);
      add_secret (info->extension_token);
    }
  return info;
}

static HubStreamInfo *
hub_extend (Hub *hub, const HubStreamInfo *stream, GError **error)
{
  Wait wait = { NULL };
  HubStreamInfo *info;

  hub_cloud_client_extend_stream_async (hub->client, stream, NULL, on_done, &wait);
  info = hub_cloud_client_extend_stream_finish (hub->client, wait_result (&wait, 60), error);
  g_object_unref (wait.result);
  if (info != NULL)
    {
      add_secret (info->stream_token);
      add_secret (info->extension_token);
    }
  return info;
}

static gboolean
hub_close (Hub *hub, const HubStreamInfo *stream, GError **error)
{
  Wait wait = { NULL };
  gboolean ok;

  hub_cloud_client_close_stream_async (hub->client, stream, NULL, on_done, &wait);
  ok = hub_cloud_client_close_stream_finish (hub->client, wait_result (&wait, 30), error);
  g_object_unref (wait.result);
  return ok;
}

/* ---- a scripted cloud inside the test ------------------------------------------------ */

typedef struct _Fake Fake;
typedef void (*FakeHandler) (Fake *fake, SoupServerMessage *msg, const char *path, GHashTable *form,
                             JsonObject *body);

struct _Fake
{
  SoupServer *server;
  char *url;
  FakeHandler handler;
  GPtrArray *hits; /* "METHOD path" */
  GArray *times;   /* monotonic µs of each hit */
  guint step;      /* for the handlers */
};

static void
fake_reply (SoupServerMessage *msg, guint status, const char *json)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, json, strlen (json));
}

static void
on_fake_request (SoupServer *server, SoupServerMessage *msg, const char *path, GHashTable *query,
                 gpointer user_data)
{
  Fake *fake = user_data;
  SoupMessageBody *request_body = soup_server_message_get_request_body (msg);
  g_autoptr (GBytes) bytes = soup_message_body_flatten (request_body);
  g_autofree char *text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_autoptr (GHashTable) form = NULL;
  g_autoptr (JsonNode) json = NULL;
  gint64 now = g_get_monotonic_time ();
  const char *content_type
      = soup_message_headers_get_content_type (soup_server_message_get_request_headers (msg), NULL);

  if (g_strcmp0 (content_type, "application/x-www-form-urlencoded") == 0)
    form = soup_form_decode (text);
  else if (g_strcmp0 (content_type, "application/json") == 0)
    json = json_from_string (text, NULL);
  g_ptr_array_add (fake->hits,
                   g_strdup_printf ("%s %s", soup_server_message_get_method (msg), path));
  g_array_append_val (fake->times, now);
  fake->handler (fake, msg, path, form,
                 json != NULL && JSON_NODE_HOLDS_OBJECT (json) ? json_node_get_object (json)
                                                               : NULL);
}

static Fake *
fake_new (FakeHandler handler, GTlsCertificate *certificate)
{
  Fake *fake = g_new0 (Fake, 1);
  g_autoptr (GError) error = NULL;
  GSList *uris;

  fake->server = soup_server_new ("tls-certificate", certificate, NULL);
  fake->handler = handler;
  fake->hits = g_ptr_array_new_with_free_func (g_free);
  fake->times = g_array_new (FALSE, FALSE, sizeof (gint64));
  soup_server_add_handler (fake->server, NULL, on_fake_request, fake, NULL);
  soup_server_listen_local (
      fake->server, 0,
      (SoupServerListenOptions)(SOUP_SERVER_LISTEN_IPV4_ONLY
                                | (certificate != NULL ? SOUP_SERVER_LISTEN_HTTPS : 0)),
      &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (fake->server);
  fake->url = g_strdup_printf ("%s://127.0.0.1:%d/", certificate != NULL ? "https" : "http",
                               g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify)g_uri_unref);
  return fake;
}

static void
fake_free (Fake *fake)
{
  soup_server_disconnect (fake->server);
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
  g_object_unref (fake->server);
  g_ptr_array_unref (fake->hits);
  g_array_unref (fake->times);
  g_free (fake->url);
  g_free (fake);
}

static guint
fake_count (Fake *fake, const char *hit)
{
  guint n = 0;

  for (guint i = 0; i < fake->hits->len; i++)
    n += g_str_equal (g_ptr_array_index (fake->hits, i), hit);
  return n;
}

/* Seconds between hit @a and hit @b. */
static double
fake_gap (Fake *fake, guint a, guint b)
{
  g_assert_cmpuint (b, <, fake->times->len);
  return (double)(g_array_index (fake->times, gint64, b) - g_array_index (fake->times, gint64, a))
         / G_USEC_PER_SEC;
}

#define FAKE_TOKENS                                                                                \
  "{\"access_token\": \"fake-access-0001\", \"token_type\": \"Bearer\", \"expires_in\": 3600, "    \
  "\"refresh_token\": \"fake-refresh-0001\"}"

/* Tokens in the store as if signed in long ago (the fake does not check them). */
static void
hub_fake_tokens (Hub *hub)
{
  g_assert_true (
      hub_token_store_save (hub->tokens, "fake-access-0001", "fake-refresh-0001",
                            g_get_real_time () + G_GINT64_CONSTANT (3600) * G_USEC_PER_SEC, NULL));
}

/* ---- sign-in ------------------------------------------------------------------------- */

static void
test_sign_in (void)
{
  Sim *sim = sim_start ("--approve-after", "2", "--interval", "1");
  Hub *hub = hub_new (sim->cloud, TRUE);
  gint64 start = g_get_monotonic_time ();
  g_autofree char *content = NULL;
  g_autoptr (JsonNode) file = NULL;
  GStatBuf st;

  g_assert_false (hub_cloud_client_is_signed_in (hub->client));
  hub_test_log_reset ();
  hub_sign_in (hub);
  g_test_message ("signed in after %.2f s (approval after 2 s, interval 1 s)",
                  seconds_since (start));
  g_assert_cmpfloat (seconds_since (start), >=, 2.0);

  /* the code came first, with the simulator's page */
  g_assert_cmpuint (hub->codes, ==, 1);
  g_assert_cmpuint (hub->failures, ==, 0);
  g_assert_cmpuint (strlen (hub->user_code), ==, 9);
  g_assert_true (g_str_has_prefix (hub->verification_uri, sim->cloud));
  /* polled every second, never too fast for the cloud */
  g_assert_cmpuint (sim_log_count (sim, "path=/oauth/token", "status=400", NULL), >=, 1);
  g_assert_cmpuint (sim_log_count (sim, "path=/oauth/token", "status=200", NULL), ==, 1);

  /* the token file: 0600, in a 0700 directory, with the tokens */
  g_assert_cmpint (g_stat (hub->tokens_path, &st), ==, 0);
  g_assert_cmpuint (st.st_mode & 0777, ==, 0600);
  g_assert_true (g_file_get_contents (hub->tokens_path, &content, NULL, NULL));
  file = json_from_string (content, NULL);
  g_assert_nonnull (file);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (file), "access_token"), ==,
                   hub_token_store_get_access_token (hub->tokens));
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (file), "refresh_token"), ==,
                   hub_token_store_get_refresh_token (hub->tokens));
  g_assert_true (hub_test_log_contains ("signed in"));
  hub_test_log_assert_none_of (secrets);

  /* a second client of the same file is signed in already */
  {
    g_autoptr (HubTokenStore) again = hub_token_store_new (hub->tokens_path);
    g_autoptr (GError) error = NULL;

    g_assert_true (hub_token_store_load (again, &error));
    g_assert_cmpstr (hub_token_store_get_access_token (again), ==,
                     hub_token_store_get_access_token (hub->tokens));
  }

  /* signing out deletes the file */
  hub_cloud_client_sign_out (hub->client);
  g_assert_cmpuint (hub->signed_out, ==, 1);
  g_assert_false (hub_cloud_client_is_signed_in (hub->client));
  g_assert_false (g_file_test (hub->tokens_path, G_FILE_TEST_EXISTS));

  hub_free (hub);
  sim_stop (sim);
}

/* slow_down adds 5 s for good; the fake also answers with verification_url. */
static void
slow_down_handler (Fake *fake, SoupServerMessage *msg, const char *path, GHashTable *form,
                   JsonObject *body)
{
  if (g_str_equal (path, "/oauth/device_authorization"))
    {
      fake_reply (msg, 200,
                  "{\"device_code\": \"fake-device-code\", \"user_code\": \"WXYZ-BCDF\", "
                  "\"verification_url\": \"https://example.com/device\", \"expires_in\": 600, "
                  "\"interval\": 1}");
      return;
    }
  g_assert_cmpstr (g_hash_table_lookup (form, "grant_type"), ==,
                   "urn:ietf:params:oauth:grant-type:device_code");
  g_assert_cmpstr (g_hash_table_lookup (form, "device_code"), ==, "fake-device-code");
  g_assert_cmpstr (g_hash_table_lookup (form, "client_id"), ==, CLIENT_ID);
  switch (fake->step++)
    {
    case 0:
      fake_reply (msg, 400, "{\"error\": \"slow_down\"}");
      break;
    case 1:
      fake_reply (msg, 400, "{\"error\": \"authorization_pending\"}");
      break;
    default:
      fake_reply (msg, 200, FAKE_TOKENS);
    }
}

static void
test_sign_in_slow_down (void)
{
  Fake *fake = fake_new (slow_down_handler, NULL);
  Hub *hub = hub_new (fake->url, TRUE);

  hub_sign_in (hub);
  g_assert_cmpstr (hub->verification_uri, ==, "https://example.com/device");
  g_assert_cmpuint (fake->hits->len, ==, 4);
  g_test_message ("gaps: %.2f s, then %.2f s after slow_down, then %.2f s", fake_gap (fake, 0, 1),
                  fake_gap (fake, 1, 2), fake_gap (fake, 2, 3));
  g_assert_cmpfloat (fake_gap (fake, 0, 1), >=, 0.95);
  g_assert_cmpfloat (fake_gap (fake, 0, 1), <, 2.0 + HUB_TEST_SANITIZER_SLACK_S);
  g_assert_cmpfloat (fake_gap (fake, 1, 2), >=, 5.95);
  g_assert_cmpfloat (fake_gap (fake, 1, 2), <, 7.0 + HUB_TEST_SANITIZER_SLACK_S);
  /* for good: still 6 s after an authorization_pending */
  g_assert_cmpfloat (fake_gap (fake, 2, 3), >=, 5.95);
  g_assert_cmpfloat (fake_gap (fake, 2, 3), <, 7.0 + HUB_TEST_SANITIZER_SLACK_S);
  add_secret ("fake-device-code");
  hub_test_log_assert_none_of (secrets);
  hub_free (hub);
  fake_free (fake);
}

/* No interval in the reply: 5 s; then access_denied stops the polling. */
static void
denied_handler (Fake *fake, SoupServerMessage *msg, const char *path, GHashTable *form,
                JsonObject *body)
{
  if (g_str_equal (path, "/oauth/device_authorization"))
    fake_reply (msg, 200,
                "{\"device_code\": \"fake-device-code\", \"user_code\": \"WXYZ-BCDF\", "
                "\"verification_uri\": \"https://example.com/device\", \"expires_in\": 600}");
  else
    fake_reply (msg, 400, "{\"error\": \"access_denied\"}");
}

static void
test_sign_in_denied (void)
{
  Fake *fake = fake_new (denied_handler, NULL);
  Hub *hub = hub_new (fake->url, TRUE);
  gboolean failed = FALSE;

  g_signal_connect_swapped (hub->client, "sign-in-failed", G_CALLBACK (on_wake), &failed);
  hub_cloud_client_start_sign_in (hub->client);
  run_until (&failed, 20, "sign-in-failed");
  g_test_message ("first poll %.2f s after the code (default interval 5 s)", fake_gap (fake, 0, 1));
  g_assert_cmpfloat (fake_gap (fake, 0, 1), >=, 4.95);
  g_assert_cmpfloat (fake_gap (fake, 0, 1), <, 6.0 + HUB_TEST_SANITIZER_SLACK_S);
  g_assert_error (hub->failure, HUB_CLOUD_ERROR, HUB_CLOUD_ERROR_ACCESS_DENIED);
  /* stopped: no more polls */
  run_for (1500);
  g_assert_cmpuint (fake->hits->len, ==, 2);
  g_assert_false (hub_cloud_client_is_signed_in (hub->client));
  hub_free (hub);
  fake_free (fake);
}

/* expired_token: stop; a new code only when asked. */
static void
expired_handler (Fake *fake, SoupServerMessage *msg, const char *path, GHashTable *form,
                 JsonObject *body)
{
  if (g_str_equal (path, "/oauth/device_authorization"))
    fake_reply (msg, 200,
                "{\"device_code\": \"fake-device-code\", \"user_code\": \"WXYZ-BCDF\", "
                "\"verification_uri\": \"https://example.com/device\", \"expires_in\": 600, "
                "\"interval\": 1}");
  else
    fake_reply (msg, 400, "{\"error\": \"expired_token\"}");
}

static void
test_sign_in_expired (void)
{
  Fake *fake = fake_new (expired_handler, NULL);
  Hub *hub = hub_new (fake->url, TRUE);
  gboolean failed = FALSE;
  gboolean code = FALSE;

  g_signal_connect_swapped (hub->client, "sign-in-failed", G_CALLBACK (on_wake), &failed);
  hub_cloud_client_start_sign_in (hub->client);
  run_until (&failed, 20, "sign-in-failed");
  g_assert_error (hub->failure, HUB_CLOUD_ERROR, HUB_CLOUD_ERROR_EXPIRED_CODE);
  run_for (2000);
  g_assert_cmpuint (fake->hits->len, ==, 2);
  g_assert_cmpuint (hub->codes, ==, 1);

  /* asked again: a new code */
  g_signal_connect_swapped (hub->client, "sign-in-code", G_CALLBACK (on_wake), &code);
  hub_cloud_client_start_sign_in (hub->client);
  run_until (&code, 10, "a new sign-in code");
  g_assert_cmpuint (hub->codes, ==, 2);
  g_assert_cmpuint (fake_count (fake, "POST /oauth/device_authorization"), ==, 2);
  hub_cloud_client_cancel_sign_in (hub->client);
  run_for (1500);
  g_assert_cmpuint (fake->hits->len, ==, 3);
  hub_free (hub);
  fake_free (fake);
}

/* ---- tokens --------------------------------------------------------------------------- */

static void
on_changed_wake (HubTokenStore *tokens, gboolean *flag)
{
  *flag = TRUE;
}

static void
test_refresh_ahead (void)
{
  Sim *sim = sim_start (FAST_SIGN_IN, "--token-lifetime", "5");
  Hub *hub = hub_new (sim->cloud, TRUE);
  g_autofree char *first = NULL;
  g_autoptr (GPtrArray) cameras = NULL;
  g_autoptr (GError) error = NULL;
  gboolean refreshed = FALSE;
  gint64 signed_in_at;
  double refresh_after;

  hub_sign_in (hub);
  signed_in_at = g_get_monotonic_time ();
  first = g_strdup (hub_token_store_get_access_token (hub->tokens));
  g_signal_connect (hub->tokens, "changed", G_CALLBACK (on_changed_wake), &refreshed);
  run_until (&refreshed, 10, "a refresh ahead of expiry");
  refresh_after = seconds_since (signed_in_at);
  g_test_message ("lifetime 5 s: refreshed %.2f s after sign-in, %.2f s ahead of expiry",
                  refresh_after, 5.0 - refresh_after);
  g_assert_cmpfloat (refresh_after, >=, 3.5);
  g_assert_cmpfloat (refresh_after, <, 5.0);
  g_assert_cmpstr (hub_token_store_get_access_token (hub->tokens), !=, first);
  g_assert_cmpuint (sim_log_count (sim, "path=/oauth/token", "status=200", NULL), ==, 2);

  /* after the first token's end, calls go through without a single 401 */
  run_for (1500);
  cameras = hub_list (hub, &error, NULL);
  g_assert_no_error (error);
  g_assert_cmpuint (cameras->len, ==, 4);
  g_assert_cmpuint (sim_log_count (sim, "status=401", NULL), ==, 0);
  hub_test_log_assert_none_of (secrets);
  hub_free (hub);
  sim_stop (sim);
}

static void
test_refresh_on_401 (void)
{
  Sim *sim = sim_start (FAST_SIGN_IN, "--fault", "cloud:cloud-401=1");
  Hub *hub = hub_new (sim->cloud, TRUE);
  g_autofree char *first = NULL;
  g_autoptr (GPtrArray) cameras = NULL;
  g_autoptr (GError) error = NULL;

  hub_sign_in (hub);
  first = g_strdup (hub_token_store_get_access_token (hub->tokens));
  hub_test_log_reset ();
  cameras = hub_list (hub, &error, NULL);
  g_assert_no_error (error);
  g_assert_cmpuint (cameras->len, ==, 4);
  /* one 401, one refresh, one retry */
  g_assert_cmpuint (sim_log_count (sim, "path=/v1/cameras", "status=401", NULL), ==, 1);
  g_assert_cmpuint (sim_log_count (sim, "path=/oauth/token", "status=200", NULL), ==, 2);
  g_assert_cmpstr (hub_token_store_get_access_token (hub->tokens), !=, first);
  g_assert_true (hub_cloud_client_is_signed_in (hub->client));
  g_assert_cmpuint (hub->signed_out, ==, 0);
  g_assert_true (hub_test_log_contains ("401 from the cloud"));
  hub_test_log_assert_none_of (secrets);
  hub_free (hub);
  sim_stop (sim);
}

static void
test_second_401_signs_out (void)
{
  Sim *sim = sim_start (FAST_SIGN_IN, "--fault", "cloud:cloud-401");
  Hub *hub = hub_new (sim->cloud, TRUE);
  g_autoptr (GPtrArray) cameras = NULL;
  g_autoptr (GError) error = NULL;

  hub_sign_in (hub);
  cameras = hub_list (hub, &error, NULL);
  g_assert_null (cameras);
  g_assert_error (error, HUB_CLOUD_ERROR, HUB_CLOUD_ERROR_UNAUTHENTICATED);
  g_assert_cmpuint (sim_log_count (sim, "path=/v1/cameras", "status=401", NULL), ==, 2);
  g_assert_cmpuint (hub->signed_out, ==, 1);
  g_assert_false (hub_cloud_client_is_signed_in (hub->client));
  g_assert_false (g_file_test (hub->tokens_path, G_FILE_TEST_EXISTS));
  /* and then: signed out, without asking the cloud */
  g_clear_error (&error);
  cameras = hub_list (hub, &error, NULL);
  g_assert_error (error, HUB_CLOUD_ERROR, HUB_CLOUD_ERROR_SIGNED_OUT);
  g_assert_cmpuint (sim_log_count (sim, "method=GET path=/v1/cameras", NULL), ==, 2);
  hub_test_log_assert_none_of (secrets);
  hub_free (hub);
  sim_stop (sim);
}

static void
test_invalid_grant_signs_out (void)
{
  Sim *sim = sim_start (FAST_SIGN_IN);
  Hub *hub = hub_new (sim->cloud, TRUE);
  Hub *stale = hub_new (sim->cloud, TRUE);
  g_autoptr (GPtrArray) cameras = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *old_refresh = NULL;

  /* The hub's token is due: its next call refreshes first, and the cloud
   * retires the refresh token it used (refresh tokens rotate). */
  hub_sign_in (hub);
  old_refresh = g_strdup (hub_token_store_get_refresh_token (hub->tokens));
  g_assert_true (hub_token_store_save (hub->tokens, hub_token_store_get_access_token (hub->tokens),
                                       old_refresh, g_get_real_time () - G_USEC_PER_SEC, NULL));
  cameras = hub_list (hub, &error, NULL);
  g_assert_no_error (error);
  g_assert_cmpstr (hub_token_store_get_refresh_token (hub->tokens), !=, old_refresh);
  g_clear_pointer (&cameras, g_ptr_array_unref);

  /* another hub still holding the retired refresh token: invalid_grant */
  g_assert_true (hub_token_store_save (stale->tokens, "expired-access-token", old_refresh,
                                       g_get_real_time () - G_USEC_PER_SEC, NULL));
  cameras = hub_list (stale, &error, NULL);
  g_assert_null (cameras);
  g_test_message ("%s", error->message);
  g_assert_error (error, HUB_CLOUD_ERROR, HUB_CLOUD_ERROR_SIGNED_OUT);
  g_assert_cmpuint (stale->signed_out, ==, 1);
  g_assert_false (hub_cloud_client_is_signed_in (stale->client));
  g_assert_false (g_file_test (stale->tokens_path, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (sim_log_count (sim, "path=/oauth/token", "status=400", NULL), >=, 1);
  /* the sign-in of the first hub is untouched */
  g_assert_true (hub_cloud_client_is_signed_in (hub->client));
  g_assert_cmpuint (hub->signed_out, ==, 0);
  hub_test_log_assert_none_of (secrets);
  hub_free (stale);
  hub_free (hub);
  sim_stop (sim);
}

/* ---- cameras -------------------------------------------------------------------------- */

static const char *const demo_ids[]
    = { "cam-frontdoor", "cam-garage", "cam-backyard", "cam-nursery" };

static void
test_cameras_paged (void)
{
  Sim *sim = sim_start (FAST_SIGN_IN, "--page-size", "1");
  Hub *hub = hub_new (sim->cloud, TRUE);
  g_autoptr (GPtrArray) cameras = NULL;
  g_autoptr (GError) error = NULL;

  hub_sign_in (hub);
  cameras = hub_list (hub, &error, NULL);
  g_assert_no_error (error);
  g_assert_cmpuint (cameras->len, ==, 4);
  for (guint i = 0; i < 4; i++)
    {
      HubCamera *camera = g_ptr_array_index (cameras, i);

      g_assert_cmpstr (hub_camera_get_id (camera), ==, demo_ids[i]);
      g_assert_true (hub_camera_get_trusted (camera));
      g_assert_true (hub_camera_get_online (camera));
      g_assert_nonnull (hub_camera_get_public_key (camera));
    }
  g_assert_cmpstr (hub_camera_get_name (g_ptr_array_index (cameras, 0)), ==, "Front door");
  g_assert_cmpuint (sim_log_count (sim, "method=GET path=/v1/cameras status=200", NULL), ==, 4);
  hub_free (hub);
  sim_stop (sim);
}

static void
test_cameras_untrusted (void)
{
  Sim *sim = sim_start (FAST_SIGN_IN);
  Hub *none = hub_new (sim->cloud, FALSE);
  Hub *other = hub_new (sim->cloud, FALSE);
  g_autoptr (GPtrArray) cameras = NULL;
  g_autoptr (GError) error = NULL;
  guint8 key[32] = { 1, 2, 3 };

  hub_sign_in (none);
  cameras = hub_list (none, &error, NULL);
  g_assert_no_error (error);
  g_assert_cmpuint (cameras->len, ==, 4);
  for (guint i = 0; i < cameras->len; i++)
    {
      HubCamera *camera = g_ptr_array_index (cameras, i);

      g_assert_false (hub_camera_get_trusted (camera));
      g_assert_null (hub_camera_get_public_key (camera));
      g_assert_nonnull (strstr (hub_camera_get_untrusted_reason (camera), "trusts no certificate"));
    }
  g_clear_pointer (&cameras, g_ptr_array_unref);

  hub_trust_store_add_root (other->trust, key);
  hub_sign_in (other);
  cameras = hub_list (other, &error, NULL);
  g_assert_no_error (error);
  g_test_message ("%s", hub_camera_get_untrusted_reason (g_ptr_array_index (cameras, 0)));
  for (guint i = 0; i < cameras->len; i++)
    g_assert_cmpstr (hub_camera_get_untrusted_reason (g_ptr_array_index (cameras, i)), ==,
                     "Its certificate was issued by a root this hub does not trust");
  hub_free (none);
  hub_free (other);
  sim_stop (sim);
}

/* Pages of every wrong shape: a bad record is skipped and logged with its
 * camera; a bad page fails the whole list. */
static void
pages_handler (Fake *fake, SoupServerMessage *msg, const char *path, GHashTable *form,
               JsonObject *body)
{
  GUri *uri = soup_server_message_get_uri (msg);
  const char *query = g_uri_get_query (uri) ? g_uri_get_query (uri) : "";
  const char *cert = "AanYUsSB43iicoApLAeHezy8G9a5mk/XdyiSJr0l6RujgAgLG1ef4SMAAAAAZVPxAAAAAAB3NZQ"
                     "ADWNhbS1mcm9udGRvb3IORGVtbyBDYW0gMTA4MHBZ1EjiWuSjf2FcURynOE9By2ygJm1H/x6qH3"
                     "9TQPAv5hGVdhrgv9HE5WBg9ZBoB40El5qYe7u5ZoAmcNZUNAsF";
  g_autofree char *page = NULL;

  switch (fake->step)
    {
    case 0: /* good page 1, then page 2 with bad records */
      if (*query == '\0')
        page = g_strdup_printf ("{\"cameras\": [{\"id\": \"cam-frontdoor\", \"name\": \"Front "
                                "door\", \"online\": true, \"deviceCertificate\": \"%s\"}], "
                                "\"nextPageToken\": \"p/2+\"}",
                                cert);
      else
        {
          g_assert_cmpstr (query, ==, "pageToken=p%2F2%2B");
          page = g_strdup ("{\"cameras\": [7, {\"id\": \"cam-bad\", \"name\": 5, \"online\": "
                           "true, \"deviceCertificate\": \"AQ==\"}, {\"id\": \"x y\"}, "
                           "{\"id\": \"cam-frontdoor\", \"name\": \"Again\", \"online\": true, "
                           "\"deviceCertificate\": \"AQ==\"}]}");
        }
      break;
    case 1:
      page = g_strdup ("{\"cameras\": {\"id\": \"cam-frontdoor\"}}");
      break;
    case 2:
      page = g_strdup ("{\"cameras\": [], \"nextPageToken\": 2}");
      break;
    case 3:
      page = g_strdup ("{\"cameras\": [], \"nextPageToken\": \"same\"}");
      break;
    case 4:
      page = g_strdup ("\"cameras\"");
      break;
    case 5: /* two values: json-glib would take the first and leak the second */
      page = g_strdup ("{\"cameras\": []} {\"cameras\": [7]}");
      break;
    default:
      page = g_strdup ("{}");
    }
  fake_reply (msg, 200, page);
}

static void
test_cameras_malformed_pages (void)
{
  Fake *fake = fake_new (pages_handler, NULL);
  Hub *hub = hub_new (fake->url, TRUE);
  static const char *const mentions[] = {
    NULL,
    "“cameras” is an object, expected an array",
    "“nextPageToken” is a whole number",
    "already listed",
    "wrong shape (a string where an object",
    "not JSON (more than one JSON value)",
    NULL,
  };

  hub_fake_tokens (hub);
  for (guint step = 0; step < G_N_ELEMENTS (mentions); step++)
    {
      g_autoptr (GPtrArray) cameras = NULL;
      g_autoptr (GError) error = NULL;

      fake->step = step;
      hub_test_log_reset ();
      cameras = hub_list (hub, &error, NULL);
      if (step == 0)
        {
          g_autofree char *log = hub_test_log_dump ();

          /* only the good record is a camera; the others are in the log */
          g_assert_no_error (error);
          g_assert_cmpuint (cameras->len, ==, 1);
          g_assert_cmpstr (hub_camera_get_name (g_ptr_array_index (cameras, 0)), ==, "Front door");
          g_test_message ("%s", log);
          g_assert_true (hub_test_log_contains ("index=0: the record is a whole number"));
          g_assert_true (hub_test_log_contains ("CAMERA=cam-bad"));
          g_assert_true (hub_test_log_contains ("“name” is a whole number"));
          g_assert_true (hub_test_log_contains ("not a device ID"));
          g_assert_true (hub_test_log_contains ("listed twice"));
        }
      else if (step == G_N_ELEMENTS (mentions) - 1)
        {
          /* {}: an account without cameras */
          g_assert_no_error (error);
          g_assert_cmpuint (cameras->len, ==, 0);
        }
      else
        {
          g_test_message ("%s", error->message);
          g_assert_null (cameras);
          g_assert_error (error, HUB_CLOUD_ERROR, HUB_CLOUD_ERROR_MALFORMED);
          g_assert_nonnull (strstr (error->message, mentions[step]));
          g_assert_true (g_str_has_prefix (error->message, "Listing the cameras failed"));
        }
    }
  /* step 3 repeats its page token: the second request is the last */
  g_assert_cmpuint (fake->hits->len, ==, 2 + 1 + 1 + 2 + 1 + 1 + 1);
  hub_free (hub);
  fake_free (fake);
}

/* ---- errors ----------------------------------------------------------------------------- */

static void
test_error_403_404 (void)
{
  Sim *sim = sim_start (FAST_SIGN_IN, "--fault", "cam-garage:cloud-403", "--fault",
                        "cam-backyard:cloud-404");
  Hub *hub = hub_new (sim->cloud, TRUE);
  g_autoptr (GPtrArray) cameras = NULL;
  g_autoptr (HubStreamInfo) info = NULL;
  g_autoptr (GError) error = NULL;

  hub_sign_in (hub);
  cameras = hub_list (hub, &error, NULL);
  g_assert_no_error (error);
  g_assert_cmpuint (cameras->len, ==, 3); /* the removed camera is not listed */

  info = hub_open (hub, "cam-garage", &error, NULL);
  g_assert_null (info);
  g_test_message ("%s", error->message);
  g_assert_error (error, HUB_CLOUD_ERROR, HUB_CLOUD_ERROR_PERMISSION_DENIED);
  g_assert_nonnull (strstr (error->message, "cam-garage"));
  g_assert_cmpuint (sim_log_count (sim, "openStream", "status=403", NULL), ==, 1); /* no retry */
  g_clear_error (&error);

  info = hub_open (hub, "cam-backyard", &error, NULL);
  g_assert_null (info);
  g_test_message ("%s", error->message);
  g_assert_error (error, HUB_CLOUD_ERROR, HUB_CLOUD_ERROR_NOT_FOUND);
  g_assert_cmpuint (sim_log_count (sim, "openStream", "status=404", NULL), ==, 1);
  hub_free (hub);
  sim_stop (sim);
}

static void
test_error_429 (void)
{
  Sim *sim = sim_start (FAST_SIGN_IN, "--fault", "cam-frontdoor:cloud-429=2:1", "--fault",
                        "cam-garage:cloud-429=1", "--fault", "cam-backyard:cloud-429=120:1");
  Hub *hub = hub_new (sim->cloud, TRUE);
  g_autoptr (HubStreamInfo) info = NULL;
  g_autoptr (GError) error = NULL;
  double elapsed = 0;

  hub_sign_in (hub);
  hub_test_log_reset ();

  /* Retry-After: 2, once: waited, then served */
  info = hub_open (hub, "cam-frontdoor", &error, &elapsed);
  g_assert_no_error (error);
  g_assert_nonnull (info);
  g_test_message ("429 with Retry-After: 2 → served after %.3f s", elapsed);
  g_assert_cmpfloat (elapsed, >=, 2.0);
  g_assert_cmpfloat (elapsed, <, 2.5 + HUB_TEST_SANITIZER_SLACK_S);
  g_assert_cmpuint (sim_log_count (sim, "cam-frontdoor:openStream", "status=429", NULL), ==, 1);
  g_assert_true (hub_test_log_contains ("retry-after"));
  g_clear_pointer (&info, hub_stream_info_free);

  /* Retry-After: 1, every time: 4 tries, then RESOURCE_EXHAUSTED */
  info = hub_open (hub, "cam-garage", &error, &elapsed);
  g_assert_null (info);
  g_test_message ("429 always, Retry-After: 1 → gave up after %.3f s: %s", elapsed, error->message);
  g_assert_error (error, HUB_CLOUD_ERROR, HUB_CLOUD_ERROR_RESOURCE_EXHAUSTED);
  g_assert_cmpuint (sim_log_count (sim, "cam-garage:openStream", "status=429", NULL), ==, 4);
  g_assert_cmpfloat (elapsed, >=, 3.0);
  g_assert_cmpfloat (elapsed, <, 3.6 + HUB_TEST_SANITIZER_SLACK_S);
  g_clear_error (&error);

  /* Retry-After: 120 is more than the client waits: it fails at once, saying so */
  info = hub_open (hub, "cam-backyard", &error, &elapsed);
  g_assert_null (info);
  g_test_message ("429 with Retry-After: 120 → %.3f s: %s", elapsed, error->message);
  g_assert_error (error, HUB_CLOUD_ERROR, HUB_CLOUD_ERROR_RESOURCE_EXHAUSTED);
  g_assert_nonnull (strstr (error->message, "the cloud asks to wait 120 s"));
  g_assert_cmpfloat (elapsed, <, 1.0 + HUB_TEST_SANITIZER_SLACK_S);
  hub_free (hub);
  sim_stop (sim);
}

static void
test_error_5xx (void)
{
  Sim *sim = sim_start (FAST_SIGN_IN, "--fault", "cam-frontdoor:cloud-500=2", "--fault",
                        "cam-garage:cloud-503=1:2", "--fault", "cam-backyard:cloud-500");
  Hub *hub = hub_new (sim->cloud, TRUE);
  g_autoptr (HubStreamInfo) info = NULL;
  g_autoptr (GError) error = NULL;
  double elapsed = 0;

  hub_sign_in (hub);

  /* 500 twice: backoff with full jitter (≤ 0.5 s, then ≤ 1 s), then served */
  info = hub_open (hub, "cam-frontdoor", &error, &elapsed);
  g_assert_no_error (error);
  g_test_message ("500 twice → served after %.3f s", elapsed);
  g_assert_cmpfloat (elapsed, <, 1.5 + 0.5 + HUB_TEST_SANITIZER_SLACK_S);
  g_assert_cmpuint (sim_log_count (sim, "cam-frontdoor:openStream", "status=500", NULL), ==, 2);
  g_assert_cmpuint (sim_log_count (sim, "cam-frontdoor:openStream", "status=200", NULL), ==, 1);
  g_clear_pointer (&info, hub_stream_info_free);

  /* 503 with Retry-After: 1, twice */
  info = hub_open (hub, "cam-garage", &error, &elapsed);
  g_assert_no_error (error);
  g_test_message ("503 Retry-After: 1 twice → served after %.3f s", elapsed);
  g_assert_cmpfloat (elapsed, >=, 2.0);
  g_assert_cmpfloat (elapsed, <, 2.5 + HUB_TEST_SANITIZER_SLACK_S);
  g_clear_pointer (&info, hub_stream_info_free);

  /* 500 every time: UNAVAILABLE after 4 tries */
  info = hub_open (hub, "cam-backyard", &error, &elapsed);
  g_assert_null (info);
  g_test_message ("500 always → gave up after %.3f s: %s", elapsed, error->message);
  g_assert_error (error, HUB_CLOUD_ERROR, HUB_CLOUD_ERROR_UNAVAILABLE);
  g_assert_cmpuint (sim_log_count (sim, "cam-backyard:openStream", "status=500", NULL), ==, 4);
  g_assert_cmpfloat (elapsed, <, 0.5 + 1.0 + 2.0 + 0.5 + HUB_TEST_SANITIZER_SLACK_S);
  hub_free (hub);
  sim_stop (sim);
}

static void
test_malformed (void)
{
  Sim *sim = sim_start (FAST_SIGN_IN, "--fault", "cloud:cloud-malformed=2", "--fault",
                        "cam-frontdoor:cloud-malformed=2");
  Hub *hub = hub_new (sim->cloud, TRUE);
  g_autoptr (HubStreamInfo) info = NULL;
  g_autoptr (GError) error = NULL;
  gboolean failed = FALSE;

  /* sign-in: a cut reply, then JSON of the wrong shape, then it works */
  g_signal_connect_swapped (hub->client, "sign-in-failed", G_CALLBACK (on_wake), &failed);
  hub_cloud_client_start_sign_in (hub->client);
  run_until (&failed, 10, "sign-in-failed");
  g_test_message ("%s", hub->failure->message);
  g_assert_error (hub->failure, HUB_CLOUD_ERROR, HUB_CLOUD_ERROR_MALFORMED);
  g_assert_nonnull (strstr (hub->failure->message, "not JSON"));
  failed = FALSE;
  hub_cloud_client_start_sign_in (hub->client);
  run_until (&failed, 10, "sign-in-failed");
  g_test_message ("%s", hub->failure->message);
  g_assert_error (hub->failure, HUB_CLOUD_ERROR, HUB_CLOUD_ERROR_MALFORMED);
  g_assert_nonnull (strstr (hub->failure->message, "wrong shape"));
  g_assert_cmpuint (hub->codes, ==, 0);
  hub_sign_in (hub);

  /* a stream: never retried, never a stream */
  info = hub_open (hub, "cam-frontdoor", &error, NULL);
  g_assert_null (info);
  g_test_message ("%s", error->message);
  g_assert_error (error, HUB_CLOUD_ERROR, HUB_CLOUD_ERROR_MALFORMED);
  g_clear_error (&error);
  info = hub_open (hub, "cam-frontdoor", &error, NULL);
  g_assert_null (info);
  g_test_message ("%s", error->message);
  g_assert_error (error, HUB_CLOUD_ERROR, HUB_CLOUD_ERROR_MALFORMED);
  g_clear_error (&error);
  g_assert_cmpuint (
      sim_log_count (sim, "method=POST path=/v1/cameras/cam-frontdoor:openStream", NULL), ==, 2);
  info = hub_open (hub, "cam-frontdoor", &error, NULL);
  g_assert_no_error (error);
  g_assert_nonnull (info);
  hub_test_log_assert_none_of (secrets);
  hub_free (hub);
  sim_stop (sim);
}

static void
test_slow (void)
{
  Sim *sim = sim_start (FAST_SIGN_IN, "--fault", "cloud:cloud-slow=2500");
  Hub *hub = hub_new (sim->cloud, TRUE);
  Hub *impatient;
  g_autoptr (GPtrArray) cameras = NULL;
  g_autoptr (GError) error = NULL;
  double elapsed = 0;

  hub_sign_in (hub);
  cameras = hub_list (hub, &error, &elapsed);
  g_assert_no_error (error);
  g_test_message ("replies held back 2.5 s: list of 2 pages in %.3f s", elapsed);
  g_assert_cmpuint (cameras->len, ==, 4);
  g_assert_cmpfloat (elapsed, >=, 5.0);
  g_clear_pointer (&cameras, g_ptr_array_unref);

  /* with a 1 s timeout the same reply is a transport error, after 4 tries */
  impatient = hub_new_full (sim->cloud, TRUE, NULL, 1);
  g_assert_true (hub_token_store_save (impatient->tokens,
                                       hub_token_store_get_access_token (hub->tokens),
                                       hub_token_store_get_refresh_token (hub->tokens),
                                       hub_token_store_get_expires_at (hub->tokens), NULL));
  cameras = hub_list (impatient, &error, &elapsed);
  g_assert_null (cameras);
  g_test_message ("timeout 1 s: %.3f s: %s", elapsed, error->message);
  g_assert_error (error, HUB_CLOUD_ERROR, HUB_CLOUD_ERROR_TRANSPORT);
  g_assert_cmpfloat (elapsed, >=, 4.0);
  g_assert_true (g_str_has_prefix (error->message, "Listing the cameras failed: cannot reach"));
  hub_free (impatient);
  hub_free (hub);
  sim_stop (sim);
}

/* ---- streams -------------------------------------------------------------------------- */

static gboolean
nonce_is_zero (const guint8 *nonce)
{
  for (guint i = 0; i < 16; i++)
    if (nonce[i] != 0)
      return FALSE;
  return TRUE;
}

static void
test_streams (void)
{
  Sim *sim = sim_start (FAST_SIGN_IN);
  Hub *hub = hub_new (sim->cloud, TRUE);
  g_autoptr (HubStreamInfo) info = NULL;
  g_autoptr (HubStreamInfo) other = NULL;
  g_autoptr (HubStreamInfo) extended = NULL;
  g_autoptr (HubStreamInfo) after_close = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *prefix = NULL;
  g_autofree char *expected_url = NULL;
  gint64 now;

  hub_sign_in (hub);
  hub_test_log_reset ();
  now = g_get_real_time ();
  info = hub_open (hub, "cam-frontdoor", &error, NULL);
  g_assert_no_error (error);
  prefix = g_strdup_printf ("rtsp://127.0.0.1:%u/cameras/cam-frontdoor?auth=", sim->rtsp_port);
  g_assert_true (g_str_has_prefix (info->rtsp_url, prefix));
  g_assert_cmpstr (info->rtsp_url + strlen (prefix), ==, info->stream_token);
  g_assert_cmpstr (info->camera_id, ==, "cam-frontdoor");
  g_assert_false (nonce_is_zero (info->nonce));
  /* the simulator grants 5 minutes, to the whole second above */
  g_assert_cmpint (info->expires_at_us, >=, now + 300 * G_USEC_PER_SEC);
  g_assert_cmpint (info->expires_at_us, <=, now + 302 * G_USEC_PER_SEC);

  /* a second stream of the same camera: a fresh nonce */
  other = hub_open (hub, "cam-frontdoor", &error, NULL);
  g_assert_no_error (error);
  g_assert_true (memcmp (info->nonce, other->nonce, 16) != 0);

  /* extend: same nonce and URL, new tokens, auth= swapped */
  extended = hub_extend (hub, info, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (extended->nonce, 16, info->nonce, 16);
  g_assert_cmpstr (extended->stream_token, !=, info->stream_token);
  g_assert_cmpstr (extended->extension_token, !=, info->extension_token);
  expected_url = g_strconcat (prefix, extended->stream_token, NULL);
  g_assert_cmpstr (extended->rtsp_url, ==, expected_url);
  g_assert_cmpint (extended->expires_at_us, >=, info->expires_at_us);

  /* the old extension token was retired by the extension */
  after_close = hub_extend (hub, info, &error);
  g_assert_null (after_close);
  g_assert_error (error, HUB_CLOUD_ERROR, HUB_CLOUD_ERROR_FAILED_PRECONDITION);
  g_clear_error (&error);

  /* close, then the stream is gone */
  g_assert_true (hub_close (hub, extended, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (sim_log_count (sim, "closeStream", "status=200", NULL), ==, 1);
  after_close = hub_extend (hub, extended, &error);
  g_assert_null (after_close);
  g_assert_error (error, HUB_CLOUD_ERROR, HUB_CLOUD_ERROR_FAILED_PRECONDITION);
  g_clear_error (&error);
  /* closing twice: best effort, an error logged and returned, nothing else */
  g_assert_false (hub_close (hub, extended, &error));
  g_assert_error (error, HUB_CLOUD_ERROR, HUB_CLOUD_ERROR_FAILED_PRECONDITION);
  g_clear_error (&error);
  /* not a camera ID: refused before any request */
  g_assert_null (hub_open (hub, "../cameras", &error, NULL));
  g_assert_error (error, HUB_CLOUD_ERROR, HUB_CLOUD_ERROR_INVALID_ARGUMENT);

  g_assert_true (hub_test_log_contains ("CAMERA=cam-frontdoor"));
  hub_test_log_assert_none_of (secrets);
  hub_free (hub);
  sim_stop (sim);
}

typedef struct
{
  GPtrArray *opened;   /* of HubStreamInfo */
  GPtrArray *extended; /* of HubStreamInfo */
  GArray *opened_at;   /* monotonic µs */
  GArray *extended_at;
  guint failed;
} LeaseWatch;

static void
on_lease_opened (HubStreamLease *lease, const HubStreamInfo *info, LeaseWatch *watch)
{
  gint64 now = g_get_monotonic_time ();

  g_ptr_array_add (watch->opened, hub_stream_info_copy (info));
  g_array_append_val (watch->opened_at, now);
  add_secret (info->stream_token);
  add_secret (info->extension_token);
}

static void
on_lease_extended (HubStreamLease *lease, const HubStreamInfo *info, LeaseWatch *watch)
{
  gint64 now = g_get_monotonic_time ();

  g_ptr_array_add (watch->extended, hub_stream_info_copy (info));
  g_array_append_val (watch->extended_at, now);
  add_secret (info->stream_token);
  add_secret (info->extension_token);
}

static void
on_lease_failed (HubStreamLease *lease, const GError *error, LeaseWatch *watch)
{
  watch->failed++;
}

static LeaseWatch *
lease_watch (HubStreamLease *lease)
{
  LeaseWatch *watch = g_new0 (LeaseWatch, 1);

  watch->opened = g_ptr_array_new_with_free_func ((GDestroyNotify)hub_stream_info_free);
  watch->extended = g_ptr_array_new_with_free_func ((GDestroyNotify)hub_stream_info_free);
  watch->opened_at = g_array_new (FALSE, FALSE, sizeof (gint64));
  watch->extended_at = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_signal_connect (lease, "opened", G_CALLBACK (on_lease_opened), watch);
  g_signal_connect (lease, "extended", G_CALLBACK (on_lease_extended), watch);
  g_signal_connect (lease, "failed", G_CALLBACK (on_lease_failed), watch);
  return watch;
}

static void
lease_watch_free (LeaseWatch *watch)
{
  g_ptr_array_unref (watch->opened);
  g_ptr_array_unref (watch->extended);
  g_array_unref (watch->opened_at);
  g_array_unref (watch->extended_at);
  g_free (watch);
}

static gboolean
leases_done (LeaseWatch *good, LeaseWatch *failing)
{
  return good->extended->len >= 1 && failing->opened->len >= 2;
}

static gboolean
on_poll_leases (gpointer user_data)
{
  gpointer *data = user_data;

  if (leases_done (data[0], data[1]))
    *(gboolean *)data[2] = TRUE;
  return G_SOURCE_CONTINUE;
}

/* 40 s leases: the good one is extended 30 s before expiry; the one whose
 * extension the cloud refuses (FAILED_PRECONDITION) reopens, new nonce. */
static void
test_leases (void)
{
  Sim *sim = sim_start (FAST_SIGN_IN, "--lease-seconds", "40", "--fault", "cam-garage:extend-fail");
  Hub *hub = hub_new (sim->cloud, TRUE);
  HubStreamLease *good = NULL;
  HubStreamLease *failing = NULL;
  LeaseWatch *good_watch, *failing_watch;
  gboolean done = FALSE;
  gpointer data[3];
  guint poll;
  const HubStreamInfo *opened, *extended, *reopened;
  double lead;

  hub_sign_in (hub);
  good = hub_stream_lease_new (hub->client, "cam-frontdoor");
  failing = hub_stream_lease_new (hub->client, "cam-garage");
  good_watch = lease_watch (good);
  failing_watch = lease_watch (failing);
  hub_stream_lease_open (good);
  hub_stream_lease_open (failing);
  hub_stream_lease_open (good); /* already opening: nothing more */

  data[0] = good_watch;
  data[1] = failing_watch;
  data[2] = &done;
  poll = g_timeout_add (100, on_poll_leases, data);
  run_until (&done, 30, "an extension and a reopening");
  g_source_remove (poll);

  g_assert_cmpuint (good_watch->opened->len, ==, 1);
  g_assert_cmpuint (good_watch->failed, ==, 0);
  opened = g_ptr_array_index (good_watch->opened, 0);
  extended = g_ptr_array_index (good_watch->extended, 0);
  lead = (double)(opened->expires_at_us - g_get_real_time ()) / G_USEC_PER_SEC
         + seconds_since (g_array_index (good_watch->extended_at, gint64, 0));
  g_test_message ("extended %.2f s after opening, %.2f s before expiresAt",
                  (double)(g_array_index (good_watch->extended_at, gint64, 0)
                           - g_array_index (good_watch->opened_at, gint64, 0))
                      / G_USEC_PER_SEC,
                  lead);
  g_assert_cmpfloat (lead, >=, 29.0);
  g_assert_cmpfloat (lead, <=, 31.0);
  g_assert_cmpmem (extended->nonce, 16, opened->nonce, 16);
  g_assert_cmpstr (extended->stream_token, !=, opened->stream_token);
  g_assert_true (g_str_has_suffix (extended->rtsp_url, extended->stream_token));
  g_assert_cmpint (extended->expires_at_us, >, opened->expires_at_us);
  g_assert_true (hub_stream_lease_get_info (good) != NULL);
  g_assert_cmpstr (hub_stream_lease_get_info (good)->stream_token, ==, extended->stream_token);

  /* the refused extension: a new stream with a new nonce */
  g_assert_cmpuint (failing_watch->extended->len, ==, 0);
  reopened = g_ptr_array_index (failing_watch->opened, 1);
  g_assert_true (memcmp (reopened->nonce,
                         ((HubStreamInfo *)g_ptr_array_index (failing_watch->opened, 0))->nonce, 16)
                 != 0);
  g_assert_cmpstr (reopened->rtsp_url, !=,
                   ((HubStreamInfo *)g_ptr_array_index (failing_watch->opened, 0))->rtsp_url);
  g_assert_cmpuint (sim_log_count (sim, "cam-garage:extendStream", "status=400", NULL), ==, 1);

  /* close: closeStream for both, no timer left */
  hub_stream_lease_close (good);
  g_assert_null (hub_stream_lease_get_info (good));
  g_object_unref (good);
  g_object_unref (failing); /* disposing closes too */
  run_for (1000);
  g_assert_cmpuint (sim_log_count (sim, "closeStream", "status=200", NULL), ==, 3);
  hub_test_log_assert_none_of (secrets);
  lease_watch_free (good_watch);
  lease_watch_free (failing_watch);
  hub_free (hub);
  sim_stop (sim);
}

/* An extension that keeps failing with 503: 3 tries, 5 s apart, then a new stream. */
static void
extend_503_handler (Fake *fake, SoupServerMessage *msg, const char *path, GHashTable *form,
                    JsonObject *body)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr (GDateTime) expires = g_date_time_add_seconds (now, 32); /* extension in 2 s */
  g_autofree char *stamp = g_date_time_format_iso8601 (expires);
  g_autofree char *reply = NULL;

  if (g_str_has_suffix (path, ":openStream"))
    {
      g_assert_nonnull (body);
      g_assert_cmpstr (json_object_get_string_member (body, "protocol"), ==, "RTSP");
      g_assert_cmpuint (strlen (json_object_get_string_member (body, "nonce")), ==, 24);
      fake->step++;
      reply = g_strdup_printf ("{\"rtspUrl\": \"rtsp://127.0.0.1:1/cameras/cam-x?auth=st-%u\", "
                               "\"streamToken\": \"st-%u\", \"extensionToken\": \"et-%u\", "
                               "\"expiresAt\": \"%s\"}",
                               fake->step, fake->step, fake->step, stamp);
      fake_reply (msg, 200, reply);
      return;
    }
  if (g_str_has_suffix (path, ":closeStream"))
    {
      fake_reply (msg, 200, "{}");
      return;
    }
  fake_reply (msg, 503,
              "{\"error\": {\"code\": 503, \"status\": \"UNAVAILABLE\", "
              "\"message\": \"down\"}}");
}

static void
test_lease_three_failures (void)
{
  Fake *fake = fake_new (extend_503_handler, NULL);
  Hub *hub = hub_new (fake->url, TRUE);
  HubStreamLease *lease;
  LeaseWatch *watch;
  gint64 start = g_get_monotonic_time ();
  gboolean reopened = FALSE;
  gulong id;

  hub_fake_tokens (hub);
  lease = hub_stream_lease_new (hub->client, "cam-x");
  watch = lease_watch (lease);
  hub_stream_lease_open (lease);
  id = g_signal_connect_swapped (lease, "opened", G_CALLBACK (on_wake), &reopened);
  run_until (&reopened, 10, "the first stream");
  reopened = FALSE;
  run_until (&reopened, 40, "a new stream after 3 failed extensions");
  g_signal_handler_disconnect (lease, id);
  run_for (300);
  g_test_message ("reopened %.2f s after opening, after %u extendStream requests",
                  seconds_since (start), fake_count (fake, "POST /v1/cameras/cam-x:extendStream"));
  g_assert_cmpuint (watch->opened->len, ==, 2);
  /* 3 tries of up to 4 attempts each */
  g_assert_cmpuint (fake_count (fake, "POST /v1/cameras/cam-x:extendStream"), ==, 3 * 4);
  g_assert_true (memcmp (((HubStreamInfo *)g_ptr_array_index (watch->opened, 0))->nonce,
                         ((HubStreamInfo *)g_ptr_array_index (watch->opened, 1))->nonce, 16)
                 != 0);
  /* the old stream was given back */
  g_assert_cmpuint (fake_count (fake, "POST /v1/cameras/cam-x:closeStream"), ==, 1);
  hub_stream_lease_close (lease);
  run_for (300);
  g_assert_cmpuint (fake_count (fake, "POST /v1/cameras/cam-x:closeStream"), ==, 2);
  g_object_unref (lease);
  lease_watch_free (watch);
  hub_free (hub);
  fake_free (fake);
}

/* ---- transport ------------------------------------------------------------------------ */

static void
tls_handler (Fake *fake, SoupServerMessage *msg, const char *path, GHashTable *form,
             JsonObject *body)
{
  fake_reply (msg, 200,
              "{\"device_code\": \"fake-device-code\", \"user_code\": \"WXYZ-BCDF\", "
              "\"verification_uri\": \"https://example.com/device\", \"expires_in\": 600}");
}

static void
test_tls_self_signed (void)
{
  g_autofree char *dir = g_dir_make_tmp ("test-cloud-client-tls-XXXXXX", NULL);
  g_autofree char *cert_path = g_build_filename (dir, "cert.pem", NULL);
  g_autofree char *key_path = g_build_filename (dir, "key.pem", NULL);
  g_autoptr (GSubprocess) openssl = NULL;
  g_autoptr (GTlsCertificate) certificate = NULL;
  g_autoptr (GTlsDatabase) database = NULL;
  g_autoptr (GError) error = NULL;
  gboolean failed = FALSE;
  gboolean code = FALSE;
  Fake *fake;
  Hub *hub;
  Hub *trusting;

  /* glib-networking is a dependency of the package and of the build: without
   * it there would be no TLS at all, which must not pass as "refused" */
  g_assert_true (g_tls_backend_supports_tls (g_tls_backend_get_default ()));
  openssl = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                              &error, "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                              "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2", "-subj",
                              "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1", "-keyout",
                              key_path, "-out", cert_path, NULL);
  if (openssl == NULL)
    {
      g_test_skip ("openssl is not installed");
      return;
    }
  g_assert_true (g_subprocess_wait_check (openssl, NULL, &error));
  g_assert_no_error (error);
  certificate = g_tls_certificate_new_from_files (cert_path, key_path, &error);
  g_assert_no_error (error);

  fake = fake_new (tls_handler, certificate);
  g_assert_true (g_str_has_prefix (fake->url, "https://127.0.0.1:"));

  /* the system's CAs: refused, with a message about the certificate */
  hub = hub_new (fake->url, TRUE);
  g_signal_connect_swapped (hub->client, "sign-in-failed", G_CALLBACK (on_wake), &failed);
  hub_test_log_reset ();
  hub_cloud_client_start_sign_in (hub->client);
  run_until (&failed, 20, "sign-in-failed");
  g_test_message ("%s", hub->failure->message);
  g_assert_error (hub->failure, HUB_CLOUD_ERROR, HUB_CLOUD_ERROR_TRANSPORT);
  g_assert_nonnull (strstr (hub->failure->message, "TLS certificate"));
  g_assert_nonnull (strstr (hub->failure->message, "unknown authority"));
  g_assert_cmpuint (hub->codes, ==, 0);
  g_assert_cmpuint (fake->hits->len, ==, 0);
  g_assert_false (hub_test_log_contains ("cloud retry")); /* never retried */

  /* the same server with its certificate as the configured CA: accepted */
  database = g_tls_file_database_new (cert_path, &error);
  g_assert_no_error (error);
  trusting = hub_new_full (fake->url, TRUE, database, 30);
  g_signal_connect_swapped (trusting->client, "sign-in-code", G_CALLBACK (on_wake), &code);
  hub_cloud_client_start_sign_in (trusting->client);
  run_until (&code, 20, "sign-in-code over TLS");
  g_assert_cmpstr (trusting->user_code, ==, "WXYZ-BCDF");
  g_assert_cmpuint (fake->hits->len, ==, 1);

  hub_free (trusting);
  hub_free (hub);
  fake_free (fake);
  g_unlink (cert_path);
  g_unlink (key_path);
  g_rmdir (dir);
}

static void
test_http_not_loopback (void)
{
  Hub *hub = hub_new ("http://cloud.example.com/", TRUE);
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) cameras = NULL;
  g_autoptr (HubStreamInfo) info = NULL;
  gboolean failed = FALSE;

  g_assert_false (hub_cloud_client_validate_base_url ("http://cloud.example.com/", &error));
  g_test_message ("%s", error->message);
  g_assert_error (error, HUB_CLOUD_ERROR, HUB_CLOUD_ERROR_TRANSPORT);
  g_assert_nonnull (strstr (error->message, "only for a loopback address"));
  g_clear_error (&error);
  g_assert_null (hub_cloud_client_get_base_url (hub->client));

  g_signal_connect_swapped (hub->client, "sign-in-failed", G_CALLBACK (on_wake), &failed);
  hub_cloud_client_start_sign_in (hub->client);
  run_until (&failed, 5, "sign-in-failed");
  g_assert_error (hub->failure, HUB_CLOUD_ERROR, HUB_CLOUD_ERROR_TRANSPORT);
  g_assert_nonnull (strstr (hub->failure->message, "loopback"));

  hub_fake_tokens (hub);
  cameras = hub_list (hub, &error, NULL);
  g_assert_null (cameras);
  g_assert_error (error, HUB_CLOUD_ERROR, HUB_CLOUD_ERROR_TRANSPORT);
  g_clear_error (&error);
  info = hub_open (hub, "cam-frontdoor", &error, NULL);
  g_assert_null (info);
  g_assert_error (error, HUB_CLOUD_ERROR, HUB_CLOUD_ERROR_TRANSPORT);
  hub_free (hub);
}

static void
test_connection_refused (void)
{
  g_autoptr (GSocket) socket = NULL;
  g_autoptr (GSocketAddress) address = NULL;
  g_autoptr (GSocketAddress) bound = NULL;
  g_autoptr (GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) cameras = NULL;
  g_autofree char *url = NULL;
  double elapsed = 0;
  Hub *hub;

  /* a port that was free a moment ago and listens to nobody */
  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  address = g_inet_socket_address_new (loopback, 0);
  g_assert_true (g_socket_bind (socket, address, FALSE, NULL));
  bound = g_socket_get_local_address (socket, NULL);
  url = g_strdup_printf ("http://127.0.0.1:%u/",
                         g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  g_socket_close (socket, NULL);

  hub = hub_new (url, TRUE);
  hub_fake_tokens (hub);
  cameras = hub_list (hub, &error, &elapsed);
  g_assert_null (cameras);
  g_test_message ("%.3f s: %s", elapsed, error->message);
  g_assert_error (error, HUB_CLOUD_ERROR, HUB_CLOUD_ERROR_TRANSPORT);
  g_assert_nonnull (strstr (error->message, "cannot reach the cloud at 127.0.0.1"));
  g_assert_cmpuint (hub_test_log_count ("cloud retry"), >=, 3);
  hub_free (hub);
}

/* ---- main ------------------------------------------------------------------------------- */

static void
setup_secrets (void)
{
  g_clear_pointer (&secrets, g_ptr_array_unref);
  secrets = g_ptr_array_new_with_free_func (g_free);
  hub_test_log_reset ();
}

#define ADD(path, func)                                                                            \
  g_test_add_vtable (path, 0, NULL, (GTestFixtureFunc)setup_secrets, (GTestFixtureFunc)func, NULL)

int
main (int argc, char *argv[])
{
  hub_test_log_capture ();
  g_test_init (&argc, &argv, NULL);

  ADD ("/hub/cloud-client/sign-in/end-to-end", test_sign_in);
  ADD ("/hub/cloud-client/sign-in/slow-down", test_sign_in_slow_down);
  ADD ("/hub/cloud-client/sign-in/default-interval-access-denied", test_sign_in_denied);
  ADD ("/hub/cloud-client/sign-in/expired-code", test_sign_in_expired);
  ADD ("/hub/cloud-client/tokens/refresh-ahead", test_refresh_ahead);
  ADD ("/hub/cloud-client/tokens/refresh-once-on-401", test_refresh_on_401);
  ADD ("/hub/cloud-client/tokens/second-401-signs-out", test_second_401_signs_out);
  ADD ("/hub/cloud-client/tokens/invalid-grant-signs-out", test_invalid_grant_signs_out);
  ADD ("/hub/cloud-client/cameras/paged-trusted", test_cameras_paged);
  ADD ("/hub/cloud-client/cameras/untrusted", test_cameras_untrusted);
  ADD ("/hub/cloud-client/cameras/malformed-pages", test_cameras_malformed_pages);
  ADD ("/hub/cloud-client/errors/403-404", test_error_403_404);
  ADD ("/hub/cloud-client/errors/429-retry-after", test_error_429);
  ADD ("/hub/cloud-client/errors/5xx", test_error_5xx);
  ADD ("/hub/cloud-client/errors/malformed", test_malformed);
  ADD ("/hub/cloud-client/errors/slow", test_slow);
  ADD ("/hub/cloud-client/streams/open-extend-close", test_streams);
  ADD ("/hub/cloud-client/lease/extend-and-reopen", test_leases);
  ADD ("/hub/cloud-client/lease/three-failed-extensions", test_lease_three_failures);
  ADD ("/hub/cloud-client/transport/tls-self-signed", test_tls_self_signed);
  ADD ("/hub/cloud-client/transport/http-not-loopback", test_http_not_loopback);
  ADD ("/hub/cloud-client/transport/connection-refused", test_connection_refused);

  return g_test_run ();
}
