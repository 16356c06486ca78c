/* test-camera-feed.c — trust is live (signed-frames §6.5): a running
 * HubCameraFeed against the real hubview-sim, and a HubVideoArea on it,
 * when the camera's key changes, its certificate stops verifying, it
 * expires while the camera is shown, or its trust root is removed.
 *
 * Copyright 2026 hubview developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The camera records are changed the way a refresh of the list changes
 * them (hub_camera_update_from with a record parsed from JSON), with
 * certificates made here under the demo root (its seed is public, in
 * tests/data/keys.json). "At once" is checked synchronously: when the update
 * returns, the old pipeline is stopped (its sink receives nothing more) and
 * the view holds nothing it would paint.
 */
#include <glib/gstdio.h>
#include <gtk/gtk.h>
#include <signal.h>
#include <sodium.h>
#include <string.h>
#include <sys/prctl.h>

#include "hub-camera-feed.h"
#include "hub-device-cert.h"
#include "hub-elements.h"
#include "hub-paintable-sink.h"
#include "hub-test-log.h"
#include "hub-test-support.h"
#include "hub-token-store.h"
#include "hub-video-area.h"

#define CLIENT_ID "io.hubview.test"

/* ---- the main loop ---- */

static gboolean
on_wake (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
run_for (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, on_wake, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

/* Runs until the session is in @state; FALSE after @timeout_s. */
static gboolean
run_until_state (HubCameraFeed *session, HubCameraState state, guint timeout_s)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (timeout_s, on_wake, &timed_out);

  while (hub_camera_feed_get_state (session) != state && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (id);
  return hub_camera_feed_get_state (session) == state;
}

/* ---- the simulator and a signed-in client ---- */

typedef struct
{
  GSubprocess *process;
  char *tmpdir;
  char *cloud;
  char *stderr_path;
  char *hub_dir;
  HubTokenStore *tokens;
  HubTrustStore *trust;
  HubCloudClient *client;
} World;

static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

static void
on_signed_in (HubCloudClient *client, gboolean *done)
{
  *done = TRUE;
}

static World *
world_new (void)
{
  g_autoptr (GSubprocessLauncher) launcher
      = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr (GDataInputStream) out = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) ready = NULL;
  g_autofree char *line = NULL;
  g_autofree char *sim = hub_test_build_path ("sim/hubview-sim");
  g_autofree char *tokens_path = NULL;
  const char *argv[]
      = { sim,   "--listen", "127.0.0.1:0", "--rtsp-port",     "0", "--width",    "160", "--height",
          "120", "--fps",    "10",          "--approve-after", "0", "--interval", "1",   NULL };
  World *w = g_new0 (World, 1);
  gboolean signed_in = FALSE;

  w->tmpdir = g_dir_make_tmp ("test-camera-feed-XXXXXX", &error);
  g_assert_no_error (error);
  w->stderr_path = g_build_filename (w->tmpdir, "sim.log", NULL);
  g_subprocess_launcher_set_stderr_file_path (launcher, w->stderr_path);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  w->process = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (w->process));
  line = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  ready = json_from_string (line, &error);
  g_assert_no_error (error);
  w->cloud = g_strconcat (json_object_get_string_member (json_node_get_object (ready), "cloud"),
                          "/", NULL);

  w->hub_dir = g_build_filename (w->tmpdir, "hub", NULL);
  tokens_path = g_build_filename (w->hub_dir, "tokens.json", NULL);
  w->tokens = hub_token_store_new (tokens_path);
  w->trust = hub_trust_store_new ();
  hub_trust_store_add_demo_root (w->trust);
  w->client = g_object_new (HUB_TYPE_CLOUD_CLIENT, "base-url", w->cloud, "client-id", CLIENT_ID,
                            "tokens", w->tokens, "trust", w->trust, "timeout", 30, NULL);
  g_signal_connect (w->client, "signed-in", G_CALLBACK (on_signed_in), &signed_in);
  hub_cloud_client_start_sign_in (w->client);
  {
    gboolean timed_out = FALSE;
    guint id = g_timeout_add_seconds (30, on_wake, &timed_out);

    while (!signed_in && !timed_out)
      g_main_context_iteration (NULL, TRUE);
    if (!timed_out)
      g_source_remove (id);
  }
  g_signal_handlers_disconnect_by_data (w->client, &signed_in);
  g_assert_true (signed_in);
  return w;
}

static guint
sim_log_count (World *w, const char *a, const char *b)
{
  g_autofree char *log = NULL;
  g_auto (GStrv) lines = NULL;
  guint n = 0;

  g_assert_true (g_file_get_contents (w->stderr_path, &log, NULL, NULL));
  lines = g_strsplit (log, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    n += strstr (lines[i], a) != NULL && (b == NULL || strstr (lines[i], b) != NULL);
  return n;
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
world_free (World *w)
{
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
  g_object_unref (w->client);
  g_object_unref (w->tokens);
  g_object_unref (w->trust);
  g_subprocess_send_signal (w->process, SIGTERM);
  g_subprocess_wait (w->process, NULL, NULL);
  g_object_unref (w->process);
  remove_tree (w->tmpdir);
  g_free (w->tmpdir);
  g_free (w->hub_dir);
  g_free (w->stderr_path);
  g_free (w->cloud);
  g_free (w);
}

/* ---- camera records ---- */

/* A certificate for @id with @public_key, valid from an hour ago to
 * @not_after, signed by the demo root (whose seed is public). */
static char *
demo_certificate (const char *id, const guint8 *public_key, guint64 not_after)
{
  g_autoptr (JsonNode) keys = hub_test_load_json ("keys.json");
  JsonObject *root = json_object_get_object_member (json_node_get_object (keys), "root");
  guint8 seed[32], pk[32], sk[64], buf[HUB_CERT_MAX_SIZE];
  HubDeviceCert cert;
  gsize n;

  g_assert_true (hub_hex_decode (json_object_get_string_member (root, "seed"), seed, 32));
  g_assert_cmpint (crypto_sign_seed_keypair (pk, sk, seed), ==, 0);
  memset (&cert, 0, sizeof cert);
  cert.version = 1;
  memcpy (cert.public_key, public_key, 32);
  cert.not_before = (guint64) (g_get_real_time () / G_USEC_PER_SEC) - 3600;
  cert.not_after = not_after;
  cert.device_id_len = (guint8) strlen (id);
  strcpy (cert.device_id, id);
  cert.model_len = 4;
  strcpy (cert.model, "Test");
  g_assert_true (hub_device_cert_sign (&cert, sk));
  n = hub_device_cert_encode (&cert, buf);
  g_assert_cmpuint (n, >, 0);
  return g_base64_encode (buf, n);
}

static void
device_public_key (const char *id, guint8 *pk)
{
  g_autoptr (JsonNode) keys = hub_test_load_json ("keys.json");
  JsonObject *devices = json_object_get_object_member (json_node_get_object (keys), "devices");

  g_assert_true (hub_hex_decode (
      json_object_get_string_member (json_object_get_object_member (devices, id), "public"), pk,
      32));
}

/* The record of the list for cam-frontdoor with @certificate, parsed and
 * checked as the client does. */
static HubCamera *
frontdoor_record (World *w, const char *certificate)
{
  g_autoptr (JsonObject) record = json_object_new ();
  g_autoptr (GError) error = NULL;
  HubCamera *camera;

  json_object_set_string_member (record, "id", "cam-frontdoor");
  json_object_set_string_member (record, "name", "Front door");
  json_object_set_boolean_member (record, "online", TRUE);
  json_object_set_string_member (record, "deviceCertificate", certificate);
  camera = hub_camera_new_from_json (record, w->trust, &error);
  g_assert_no_error (error);
  return camera;
}

/* ---- frames at a sink ---- */

static GstPadProbeReturn
count_buffer (GstPad *pad, GstPadProbeInfo *info, gpointer user_data)
{
  g_atomic_int_inc ((gint *) user_data);
  return GST_PAD_PROBE_OK;
}

typedef struct
{
  World *w;
  HubCamera *camera;
  HubCameraFeed *session;
  HubVideoArea *area;
  GstElement *old_sink;
  gint old_frames; /* atomic: buffers reaching the first session's sink */
  guint8 old_nonce[16];
} Shown;

/* cam-frontdoor on screen, playing verified frames that the view accepts. */
static void
shown_start (Shown *s, HubCamera *camera)
{
  g_autoptr (GstPad) pad = NULL;

  s->w = world_new ();
  s->camera = camera ? camera : NULL;
  if (s->camera == NULL)
    {
      guint8 pk[32];
      g_autofree char *cert = NULL;

      device_public_key ("cam-frontdoor", pk);
      cert = demo_certificate ("cam-frontdoor", pk, 2000000000);
      s->camera = frontdoor_record (s->w, cert);
    }
  g_assert_true (hub_camera_get_trusted (s->camera));
  s->session = hub_camera_feed_new (s->w->client, s->camera, 200);
  s->area = g_object_ref_sink (HUB_VIDEO_AREA (hub_video_area_new ()));
  hub_video_area_set_feed (s->area, s->session, "camera", NULL);
  hub_camera_feed_start (s->session);
  g_assert_true (run_until_state (s->session, HUB_CAMERA_STATE_PLAYING, 30));
  /* the view judged a frame of this session and would paint it */
  while (!hub_video_area_get_verified (s->area))
    g_main_context_iteration (NULL, TRUE);
  s->old_sink = gst_object_ref (hub_camera_feed_get_sink (s->session));
  memcpy (s->old_nonce, hub_camera_feed_get_nonce (s->session), 16);
  pad = gst_element_get_static_pad (s->old_sink, "sink");
  gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER, count_buffer, &s->old_frames, NULL);
}

static void
shown_free (Shown *s)
{
  hub_video_area_set_feed (s->area, NULL, NULL, NULL);
  g_object_unref (s->area);
  hub_camera_feed_stop (s->session);
  g_object_unref (s->session);
  gst_object_unref (s->old_sink);
  g_object_unref (s->camera);
  world_free (s->w);
}

/* What must hold the moment the change returns: the old pipeline stopped,
 * nothing of the old session left to paint. */
static void
assert_stopped_at_once (Shown *s)
{
  gint frames = g_atomic_int_get (&s->old_frames);

  g_assert_false (hub_video_area_get_verified (s->area));
  g_assert_true (hub_camera_feed_get_sink (s->session) != s->old_sink);
  /* whatever runs now, the old session's sink receives nothing more */
  run_for (1500);
  g_assert_cmpint (g_atomic_int_get (&s->old_frames), ==, frames);
}

/* The key changes (a refreshed list with a new certificate): the session
 * under the old key stops at once, a new one opens under the new key — and
 * since the simulated camera still signs with its old key, nothing verifies
 * and nothing is painted. */
static void
test_key_changed (void)
{
  Shown s = { 0 };
  guint8 other[32];
  g_autofree char *cert = NULL;
  g_autoptr (HubCamera) update = NULL;
  guint opens;

  shown_start (&s, NULL);
  opens = sim_log_count (s.w, "openStream", "status=200");
  device_public_key ("cam-garage", other);
  cert = demo_certificate ("cam-frontdoor", other, 2000000000);
  update = frontdoor_record (s.w, cert);
  hub_camera_update_from (s.camera, update);
  g_assert_true (hub_camera_get_trusted (s.camera));
  g_assert_cmpmem (hub_camera_get_public_key (s.camera), 32, other, 32);
  assert_stopped_at_once (&s);

  /* a new session (new nonce) was opened, under the new key: the gate
   * refuses the camera's frames, the view paints none */
  g_assert_cmpuint (sim_log_count (s.w, "openStream", "status=200"), >, opens);
  g_assert_nonnull (hub_camera_feed_get_nonce (s.session));
  g_assert_true (memcmp (hub_camera_feed_get_nonce (s.session), s.old_nonce, 16) != 0);
  g_assert_true (run_until_state (s.session, HUB_CAMERA_STATE_BLOCKED, 20));
  g_assert_false (hub_video_area_get_verified (s.area));
  g_assert_null (hub_video_area_get_verdict (s.area));
  shown_free (&s);
}

/* The certificate stops verifying (here: the list now carries one that
 * expired): the session stops at once and the camera is locked — not
 * "Connecting…" for ever, and no stream is asked for under no key. */
static void
test_untrusted (void)
{
  Shown s = { 0 };
  guint8 pk[32];
  g_autofree char *cert = NULL;
  g_autoptr (HubCamera) update = NULL;
  guint opens;

  shown_start (&s, NULL);
  device_public_key ("cam-frontdoor", pk);
  cert = demo_certificate ("cam-frontdoor", pk,
                           (guint64) (g_get_real_time () / G_USEC_PER_SEC) - 60);
  update = frontdoor_record (s.w, cert);
  g_assert_false (hub_camera_get_trusted (update));
  opens = sim_log_count (s.w, "openStream", "status=200");
  hub_camera_update_from (s.camera, update);
  g_assert_cmpint (hub_camera_feed_get_state (s.session), ==, HUB_CAMERA_STATE_LOCKED);
  g_assert_null (hub_camera_feed_get_pipeline (s.session));
  g_assert_null (hub_camera_feed_get_sink (s.session));
  assert_stopped_at_once (&s);
  /* it stays locked; the stream was closed and no new one asked for */
  g_assert_cmpint (hub_camera_feed_get_state (s.session), ==, HUB_CAMERA_STATE_LOCKED);
  g_assert_cmpuint (sim_log_count (s.w, "openStream", "status=200"), ==, opens);
  g_assert_cmpuint (sim_log_count (s.w, "closeStream", "status=200"), >=, 1);
  shown_free (&s);
}

/* The certificate expires while the camera is shown: at that second, not
 * at the next refresh of the list. */
static void
test_expires_while_shown (void)
{
  Shown s = { 0 };
  guint8 pk[32];
  g_autofree char *cert = NULL;
  gint64 now_s = g_get_real_time () / G_USEC_PER_SEC;
  HubCamera *camera;
  World *w = world_new ();

  /* the record is parsed against a trust store like the one the session's
   * world will use (both have the demo root) */
  device_public_key ("cam-frontdoor", pk);
  cert = demo_certificate ("cam-frontdoor", pk, (guint64) now_s + 4);
  camera = frontdoor_record (w, cert);
  world_free (w);
  shown_start (&s, camera);
  g_assert_true (run_until_state (s.session, HUB_CAMERA_STATE_LOCKED, 10));
  g_assert_cmpint (g_get_real_time () / G_USEC_PER_SEC, >=, now_s + 4);
  g_assert_false (hub_camera_get_trusted (s.camera));
  g_assert_null (hub_camera_get_public_key (s.camera));
  g_assert_nonnull (strstr (hub_camera_get_untrusted_reason (s.camera), "expired"));
  assert_stopped_at_once (&s);
  shown_free (&s);
}

/* The trust root goes (removed from the hub's roots): every session under
 * a certificate it issued stops at once, the camera locked. */
static void
test_root_removed (void)
{
  Shown s = { 0 };
  g_autoptr (JsonNode) keys = hub_test_load_json ("keys.json");
  JsonObject *root = json_object_get_object_member (json_node_get_object (keys), "root");
  guint8 root_pk[32];

  g_assert_true (hub_hex_decode (json_object_get_string_member (root, "public"), root_pk, 32));
  shown_start (&s, NULL);
  hub_trust_store_remove_root (s.w->trust, root_pk);
  g_assert_false (hub_camera_get_trusted (s.camera));
  g_assert_cmpint (hub_camera_feed_get_state (s.session), ==, HUB_CAMERA_STATE_LOCKED);
  g_assert_null (hub_camera_feed_get_pipeline (s.session));
  assert_stopped_at_once (&s);
  g_assert_cmpint (hub_camera_feed_get_state (s.session), ==, HUB_CAMERA_STATE_LOCKED);
  shown_free (&s);
}

int
main (int argc, char *argv[])
{
  hub_test_log_capture ();
  gst_init (&argc, &argv);
  gtk_test_init (&argc, &argv, NULL);
  g_assert_cmpint (sodium_init (), >=, 0);
  hub_elements_register ();
  GST_ELEMENT_REGISTER (hubpaintablesink, NULL);

  g_test_add_func ("/hub/camera-feed/trust/key-changed", test_key_changed);
  g_test_add_func ("/hub/camera-feed/trust/untrusted", test_untrusted);
  g_test_add_func ("/hub/camera-feed/trust/expires-while-shown", test_expires_while_shown);
  g_test_add_func ("/hub/camera-feed/trust/root-removed", test_root_removed);
  return g_test_run ();
}
