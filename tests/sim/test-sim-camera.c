/* test-sim-camera.c — the simulated camera over real RTSP, checked by the provenance gate
 *
 * Copyright 2026 hubview developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The cameras run in-process; the RTSP server runs in a thread of its own (so
 * that a client's TEARDOWN is answered while the test thread changes the
 * client's state). Each client is a real pipeline:
 *
 *   rtspsrc ! rtph264depay ! h264parse ! video/x-h264,…,alignment=nal ! appsink
 *
 * whose NAL units go through hub_gate, the hub's check (signed-frames §5).
 */
#include <string.h>

#include <gst/app/app.h>
#define GST_USE_UNSTABLE_API
#include <gst/codecparsers/gsth264parser.h>
#include <gst/gst.h>
#include <gst/rtsp-server/rtsp-server.h>
#include <gst/video/video.h>
#include <sodium.h>

#include "hub-annexb.h"
#include "hub-device-cert.h"
#include "hub-elements.h"
#include "hub-gate.h"
#include "hub-sim-camera.h"
#include "hub-sim-faults.h"
#include "hub-test-support.h"

#define WIDTH 320
#define HEIGHT 240
#define FPS 30

/* ------------------------------------------------------------------------ */
/* The server, in its own thread                                            */

static GstRTSPServer *server;
static guint server_port;
static GMainContext *server_context;
static GMainLoop *server_loop;
static GThread *server_thread;

static gpointer
server_thread_func (gpointer data)
{
  g_main_context_push_thread_default (server_context);
  g_main_loop_run (server_loop);
  g_main_context_pop_thread_default (server_context);
  return NULL;
}

static void
server_setup (void)
{
  server_context = g_main_context_new ();
  server_loop = g_main_loop_new (server_context, FALSE);
  server = gst_rtsp_server_new ();
  gst_rtsp_server_set_address (server, "127.0.0.1");
  gst_rtsp_server_set_service (server, "0");
  g_assert_cmpuint (gst_rtsp_server_attach (server, server_context), >, 0);
  server_port = (guint)gst_rtsp_server_get_bound_port (server);
  g_assert_cmpuint (server_port, >, 0);
  server_thread = g_thread_new ("rtsp-server", server_thread_func, NULL);
}

static gboolean
quit_loop (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

static void
server_teardown (void)
{
  g_main_context_invoke (server_context, quit_loop, server_loop);
  g_thread_join (server_thread);
  g_clear_object (&server);
  g_clear_pointer (&server_loop, g_main_loop_unref);
  g_clear_pointer (&server_context, g_main_context_unref);
}

/* ------------------------------------------------------------------------ */
/* Waiting: iterate the main context until a condition holds, or time out  */

typedef gboolean (*Condition) (gpointer data);

static gboolean
wake_up (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

static gboolean
wait_until (Condition done, gpointer data, guint timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64)timeout_ms * 1000;
  guint tick = g_timeout_add (10, wake_up, NULL);
  gboolean ok;

  while (!(ok = done (data)) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (tick);
  return ok;
}

/* ------------------------------------------------------------------------ */
/* Camera keys                                                              */

typedef struct
{
  char *device_id;
  char *name;
  guint8 seed[32];
  guint8 public_key[32];
} Keys;

static void
keys_clear (Keys *keys)
{
  g_clear_pointer (&keys->device_id, g_free);
  g_clear_pointer (&keys->name, g_free);
}

/* The demo devices of tests/data/keys.json, in file order. */
static GArray *
demo_keys (void)
{
  g_autoptr (JsonNode) root = hub_test_load_json ("keys.json");
  JsonObject *devices = json_object_get_object_member (json_node_get_object (root), "devices");
  g_autoptr (GList) ids = json_object_get_members (devices);
  GArray *out = g_array_new (FALSE, TRUE, sizeof (Keys));

  g_array_set_clear_func (out, (GDestroyNotify)keys_clear);
  for (GList *l = ids; l != NULL; l = l->next)
    {
      JsonObject *device = json_object_get_object_member (devices, l->data);
      Keys keys = { 0 };

      keys.device_id = g_strdup (l->data);
      keys.name = g_strdup (json_object_get_string_member (device, "name"));
      g_assert_true (
          hub_hex_decode (json_object_get_string_member (device, "seed"), keys.seed, 32));
      g_assert_true (
          hub_hex_decode (json_object_get_string_member (device, "public"), keys.public_key, 32));
      g_array_append_val (out, keys);
    }
  return out;
}

/* Keys of a test-only camera, derived from its device ID. */
static void
test_keys (Keys *keys, const char *device_id)
{
  g_autofree char *label = g_strconcat ("hubview test camera ", device_id, NULL);
  guint8 secret[crypto_sign_SECRETKEYBYTES];

  keys->device_id = g_strdup (device_id);
  keys->name = g_strdup (device_id);
  crypto_hash_sha256 (keys->seed, (const guint8 *)label, strlen (label));
  crypto_sign_seed_keypair (keys->public_key, secret, keys->seed);
}

static HubSimCamera *
camera_new_started (guint index, const Keys *keys, GPtrArray *faults)
{
  g_autoptr (GError) error = NULL;
  HubSimCamera *camera = hub_sim_camera_new (index, keys->device_id, keys->name, keys->seed, faults,
                                             WIDTH, HEIGHT, FPS);

  g_assert_nonnull (camera);
  g_assert_true (hub_sim_camera_start (camera, server, &error));
  g_assert_no_error (error);
  g_assert_true (hub_sim_camera_is_running (camera));
  return camera;
}

typedef struct
{
  char token[33];
  guint8 nonce[HUB_NONCE_SIZE];
} Stream;

/* Opens a stream as the cloud would: a fresh token for @nonce (random when
 * NULL), valid for @lifetime_s seconds. */
static void
stream_open (HubSimCamera *camera, Stream *stream, const guint8 *nonce, gint64 lifetime_s)
{
  guint8 raw[16];

  randombytes_buf (raw, sizeof raw);
  sodium_bin2hex (stream->token, sizeof stream->token, raw, sizeof raw);
  if (nonce != NULL)
    memcpy (stream->nonce, nonce, HUB_NONCE_SIZE);
  else
    randombytes_buf (stream->nonce, HUB_NONCE_SIZE);
  hub_sim_camera_allow_stream (camera, stream->token, stream->nonce,
                               g_get_real_time () + lifetime_s * G_USEC_PER_SEC);
}

/* ------------------------------------------------------------------------ */
/* A client: a real RTSP pipeline feeding the gate                           */

typedef struct
{
  int index;
  int counter;
  int session; /* the 14 session bits, -1: unreadable */
} Marker;

typedef struct
{
  GstElement *pipeline;
  GstElement *appsink;
  GMutex lock;
  HubGate *gate;
  gboolean decode;

  /* under lock */
  GArray *verdicts;      /* HubVerdict, in order */
  GArray *tag_counters;  /* counter of each decided unit with a tag */
  GHashTable *pictures;  /* capture time (µs) → hex digest of the slices, passed units */
  GArray *markers;       /* Marker, decoded clients */
  gboolean seen_idr;     /* a passing IDR arrived */
  gint64 t_first_rtp;    /* monotonic µs: the stream started */
  gint64 t_first_buffer; /* the first NAL unit left h264parse */
  gint64 t_request;      /* when the key-frame request was sent */
  gint64 t_first_idr;
  guint n_after_idr; /* units decided from the first passing IDR on */
  guint n_drop_after_idr;
  guint n_pass;
  guint max_slices;           /* most slices in one passed unit */
  gboolean request_key_frame; /* ask for one as soon as the stream starts */
  guint n_samples;

  /* main thread */
  gboolean error;
  GQuark error_domain;
  int error_code;
  char *error_message;
  gboolean eos;
} Client;

static char *
slices_digest (const guint8 *au, gsize len)
{
  crypto_hash_sha256_state state;
  guint8 digest[32];
  char hex[65];
  size_t offset = 0;
  HubNal nal;

  crypto_hash_sha256_init (&state);
  while (hub_annexb_next_nal (au, len, &offset, &nal))
    if (hub_nal_type_is_vcl (hub_nal_type (nal.data, nal.size)))
      crypto_hash_sha256_update (&state, nal.data, nal.size);
  crypto_hash_sha256_final (&state, digest);
  sodium_bin2hex (hex, sizeof hex, digest, sizeof digest);
  return g_strdup (hex);
}

/* hub_gate callback, called with client->lock held */
static void
on_unit (const HubGateUnit *unit, void *user_data)
{
  Client *client = user_data;

  g_array_append_val (client->verdicts, unit->verdict);
  if (unit->has_tag)
    g_array_append_val (client->tag_counters, unit->counter);
  if (unit->verdict == HUB_VERDICT_PASS)
    {
      client->n_pass++;
      client->max_slices = MAX (client->max_slices, unit->n_vcl);
      if (unit->idr && !client->seen_idr)
        {
          client->seen_idr = TRUE;
          client->t_first_idr = g_get_monotonic_time ();
        }
      g_hash_table_insert (client->pictures, g_memdup2 (&unit->capture_time_us, sizeof (gint64)),
                           slices_digest (unit->au, unit->au_len));
    }
  if (client->seen_idr)
    {
      client->n_after_idr++;
      if (unit->verdict != HUB_VERDICT_PASS)
        client->n_drop_after_idr++;
    }
}

static Marker read_marker (const GstVideoFrame *frame);

static GstFlowReturn
on_client_sample (GstAppSink *appsink, gpointer user_data)
{
  Client *client = user_data;
  g_autoptr (GstSample) sample = gst_app_sink_pull_sample (appsink);
  GstBuffer *buf;
  GstMapInfo map;

  if (sample == NULL)
    return GST_FLOW_FLUSHING;
  buf = gst_sample_get_buffer (sample);

  g_mutex_lock (&client->lock);
  client->n_samples++;
  if (client->t_first_buffer == 0)
    client->t_first_buffer = g_get_monotonic_time ();
  if (client->decode)
    {
      GstVideoInfo info;
      GstVideoFrame frame;

      if (gst_video_info_from_caps (&info, gst_sample_get_caps (sample))
          && gst_video_frame_map (&frame, &info, buf, GST_MAP_READ))
        {
          Marker marker = read_marker (&frame);

          g_array_append_val (client->markers, marker);
          gst_video_frame_unmap (&frame);
        }
    }
  else if (gst_buffer_map (buf, &map, GST_MAP_READ))
    {
      hub_gate_push_annexb (client->gate, map.data, map.size);
      gst_buffer_unmap (buf, &map);
    }
  g_mutex_unlock (&client->lock);
  return GST_FLOW_OK;
}

/* The first RTP packet reached the depayloader: the stream started. A
 * client that wants a key frame asks for one now, upstream from its sink,
 * as the hub's gate does (rtspsrc turns it into an RTCP PLI). */
static GstPadProbeReturn
on_first_rtp (GstPad *pad, GstPadProbeInfo *info, gpointer user_data)
{
  Client *client = user_data;
  gboolean send_request = FALSE;

  g_mutex_lock (&client->lock);
  client->t_first_rtp = g_get_monotonic_time ();
  if (client->request_key_frame)
    {
      client->t_request = client->t_first_rtp;
      send_request = TRUE;
    }
  g_mutex_unlock (&client->lock);

  if (send_request)
    {
      g_autoptr (GstPad) sink = gst_element_get_static_pad (client->appsink, "sink");

      gst_pad_push_event (
          sink, gst_video_event_new_upstream_force_key_unit (GST_CLOCK_TIME_NONE, TRUE, 0));
    }
  return GST_PAD_PROBE_REMOVE;
}

static Client *
client_new (const char *url, const Keys *keys, const guint8 *nonce, gboolean decode)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GstElement) src = NULL;
  g_autoptr (GstElement) depay = NULL;
  g_autoptr (GstPad) depay_sink = NULL;
  GstAppSinkCallbacks callbacks = { 0 };
  Client *client = g_new0 (Client, 1);
  /* teardown-timeout: the client is stopped only once its TEARDOWN has
   * ended, as the hub's pipeline does (pipelines/hub-rtsp-source.c says why) */
  const char *description
      = decode ? "rtspsrc name=src latency=100 teardown-timeout=10000000000 ! rtph264depay name=depay ! h264parse ! avdec_h264"
                 " ! videoconvert ! video/x-raw,format=I420 ! appsink name=sink sync=false"
               : "rtspsrc name=src latency=100 teardown-timeout=10000000000 ! rtph264depay "
                 "name=depay ! h264parse"
                 " ! video/x-h264,stream-format=byte-stream,alignment=nal"
                 " ! appsink name=sink sync=false";

  hub_test_tolerate_rtspsrc_teardown_critical ();
  g_mutex_init (&client->lock);
  client->decode = decode;
  client->verdicts = g_array_new (FALSE, FALSE, sizeof (HubVerdict));
  client->tag_counters = g_array_new (FALSE, FALSE, sizeof (guint64));
  client->markers = g_array_new (FALSE, FALSE, sizeof (Marker));
  client->pictures = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  if (!decode)
    {
      client->gate = hub_gate_new (keys->device_id, keys->public_key, nonce, on_unit, client);
      g_assert_nonnull (client->gate);
    }

  client->pipeline = gst_parse_launch (description, &error);
  g_assert_no_error (error);
  src = gst_bin_get_by_name (GST_BIN (client->pipeline), "src");
  g_object_set (src, "location", url, NULL);
  client->appsink = gst_bin_get_by_name (GST_BIN (client->pipeline), "sink");
  callbacks.new_sample = on_client_sample;
  gst_app_sink_set_callbacks (GST_APP_SINK (client->appsink), &callbacks, client, NULL);
  depay = gst_bin_get_by_name (GST_BIN (client->pipeline), "depay");
  depay_sink = gst_element_get_static_pad (depay, "sink");
  gst_pad_add_probe (depay_sink, GST_PAD_PROBE_TYPE_BUFFER | GST_PAD_PROBE_TYPE_BUFFER_LIST,
                     on_first_rtp, client, NULL);
  return client;
}

static void
client_play (Client *client)
{
  g_assert_cmpint (gst_element_set_state (client->pipeline, GST_STATE_PLAYING), !=,
                   GST_STATE_CHANGE_FAILURE);
}

static void
client_stop (Client *client)
{
  if (client->pipeline != NULL)
    gst_element_set_state (client->pipeline, GST_STATE_NULL);
}

static void
client_free (Client *client)
{
  client_stop (client);
  gst_clear_object (&client->appsink);
  gst_clear_object (&client->pipeline);
  g_clear_pointer (&client->gate, hub_gate_free);
  g_array_unref (client->verdicts);
  g_array_unref (client->tag_counters);
  g_array_unref (client->markers);
  g_hash_table_unref (client->pictures);
  g_free (client->error_message);
  g_mutex_clear (&client->lock);
  g_free (client);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Client, client_free)

/* Reads the client's bus: errors and end of stream. */
static void
client_poll (Client *client)
{
  g_autoptr (GstBus) bus = gst_element_get_bus (client->pipeline);
  GstMessage *message;

  while ((message = gst_bus_pop (bus)) != NULL)
    {
      if (GST_MESSAGE_TYPE (message) == GST_MESSAGE_ERROR && !client->error)
        {
          g_autoptr (GError) error = NULL;

          gst_message_parse_error (message, &error, NULL);
          client->error = TRUE;
          client->error_domain = error->domain;
          client->error_code = error->code;
          client->error_message = g_strdup (error->message);
        }
      else if (GST_MESSAGE_TYPE (message) == GST_MESSAGE_EOS)
        client->eos = TRUE;
      gst_message_unref (message);
    }
}

static guint
client_n_after_idr (Client *client)
{
  guint n;

  g_mutex_lock (&client->lock);
  n = client->n_after_idr;
  g_mutex_unlock (&client->lock);
  return n;
}

static guint64
client_count (Client *client, HubVerdict verdict)
{
  guint64 n = 0;

  g_mutex_lock (&client->lock);
  for (guint i = 0; i < client->verdicts->len; i++)
    n += g_array_index (client->verdicts, HubVerdict, i) == verdict;
  g_mutex_unlock (&client->lock);
  return n;
}

static char *
client_summary (Client *client)
{
  GString *s = g_string_new (NULL);

  g_mutex_lock (&client->lock);
  for (HubVerdict v = 0; v < HUB_N_VERDICTS; v++)
    {
      guint n = 0;

      for (guint i = 0; i < client->verdicts->len; i++)
        n += g_array_index (client->verdicts, HubVerdict, i) == v;
      if (n > 0)
        g_string_append_printf (s, "%s%s=%u", s->len ? " " : "", hub_verdict_to_string (v), n);
    }
  g_mutex_unlock (&client->lock);
  return g_string_free (s, FALSE);
}

typedef struct
{
  Client **clients;
  guint n;
  guint min_after_idr;
} AllAfterIdr;

/* Every client has decided @min_after_idr units since its first IDR (or failed). */
static gboolean
all_after_idr (gpointer data)
{
  AllAfterIdr *w = data;

  for (guint i = 0; i < w->n; i++)
    {
      client_poll (w->clients[i]);
      if (!w->clients[i]->error && client_n_after_idr (w->clients[i]) < w->min_after_idr)
        return FALSE;
    }
  return TRUE;
}

static gboolean
client_failed_or_ended (gpointer data)
{
  Client *client = data;

  client_poll (client);
  return client->error || client->eos;
}

static void
assert_clean_stream (Client *client, guint min_after_idr)
{
  g_autofree char *summary = client_summary (client);

  if (client->error)
    g_test_message ("client error: %s", client->error_message);
  g_assert_false (client->error);
  g_assert_cmpuint (client_n_after_idr (client), >=, min_after_idr);
  g_mutex_lock (&client->lock);
  if (client->n_drop_after_idr != 0)
    g_test_message ("verdicts: %s", summary);
  g_assert_cmpuint (client->n_drop_after_idr, ==, 0);
  /* Before the first IDR, a viewer that joined mid-GOP only waits. */
  for (guint i = 0; i < client->verdicts->len; i++)
    {
      HubVerdict v = g_array_index (client->verdicts, HubVerdict, i);

      if (v == HUB_VERDICT_PASS)
        break;
      g_assert_cmpstr (hub_verdict_to_string (v), ==, "wait-keyframe");
    }
  g_mutex_unlock (&client->lock);
}

/* ------------------------------------------------------------------------ */
/* Tests                                                                    */

/* Every demo camera: ~3 s of video verify after the first IDR, no drop. */
static void
test_demo_cameras (void)
{
  g_autoptr (GArray) keys = demo_keys ();
  g_autoptr (GPtrArray) faults = g_ptr_array_new ();
  g_autoptr (GPtrArray) cameras = g_ptr_array_new_with_free_func (g_object_unref);
  Client *clients[8];
  AllAfterIdr wait = { clients, keys->len, 3 * FPS };

  g_assert_cmpuint (keys->len, >=, 1);
  g_assert_cmpuint (keys->len, <=, G_N_ELEMENTS (clients));
  for (guint i = 0; i < keys->len; i++)
    {
      Keys *k = &g_array_index (keys, Keys, i);
      HubSimCamera *camera = camera_new_started (i, k, faults);
      g_autofree char *url = NULL;
      Stream stream;

      g_ptr_array_add (cameras, camera);
      stream_open (camera, &stream, NULL, 60);
      url = hub_sim_camera_build_url (camera, "127.0.0.1", server_port, stream.token);
      g_assert_true (g_str_has_prefix (url, "rtsp://127.0.0.1:"));
      g_assert_nonnull (strstr (url, "/cameras/"));
      clients[i] = client_new (url, k, stream.nonce, FALSE);
      client_play (clients[i]);
    }

  g_assert_true (wait_until (all_after_idr, &wait, 20000));
  for (guint i = 0; i < keys->len; i++)
    {
      g_autofree char *summary = client_summary (clients[i]);

      g_test_message ("%s: %s (up to %u slices a picture)", g_array_index (keys, Keys, i).device_id,
                      summary, clients[i]->max_slices);
      assert_clean_stream (clients[i], 3 * FPS);
      client_free (clients[i]);
    }
}

/* Two viewers of one session (two tokens for its nonce) see the same
 * pictures, the session's; both verify. (Viewers of two sessions see the
 * same capture with their own session in the strip: marker-strip.) */
static void
test_two_viewers (void)
{
  g_autoptr (GArray) keys = demo_keys ();
  g_autoptr (GPtrArray) faults = g_ptr_array_new ();
  Keys *k = &g_array_index (keys, Keys, 0);
  g_autoptr (HubSimCamera) camera = camera_new_started (0, k, faults);
  Client *clients[2];
  AllAfterIdr wait = { clients, 2, 2 * FPS };
  GHashTableIter iter;
  gpointer key, value;
  guint common = 0;
  guint8 nonce[HUB_NONCE_SIZE];

  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *url = NULL;
      Stream stream;

      stream_open (camera, &stream, i == 0 ? NULL : nonce, 60);
      memcpy (nonce, stream.nonce, sizeof nonce);
      url = hub_sim_camera_build_url (camera, "127.0.0.1", server_port, stream.token);
      clients[i] = client_new (url, k, stream.nonce, FALSE);
      client_play (clients[i]);
    }
  g_assert_true (wait_until (all_after_idr, &wait, 15000));
  client_stop (clients[0]);
  client_stop (clients[1]);

  for (guint i = 0; i < 2; i++)
    assert_clean_stream (clients[i], 2 * FPS);

  /* the same capture time carries the same slices in both streams */
  g_hash_table_iter_init (&iter, clients[0]->pictures);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const char *other = g_hash_table_lookup (clients[1]->pictures, key);

      if (other == NULL)
        continue;
      g_assert_cmpstr (value, ==, other);
      common++;
    }
  g_test_message ("pictures: %u and %u passed, %u in common",
                  g_hash_table_size (clients[0]->pictures),
                  g_hash_table_size (clients[1]->pictures), common);
  g_assert_cmpuint (common, >=, FPS);

  client_free (clients[0]);
  client_free (clients[1]);
}

/* A reconnection with an extended token of the same nonce continues the
 * session's counter: the hub, which keeps its last accepted counter, sees no
 * replay. */
static void
test_reconnect_continues_counter (void)
{
  g_autoptr (GArray) keys = demo_keys ();
  g_autoptr (GPtrArray) faults = g_ptr_array_new ();
  Keys *k = &g_array_index (keys, Keys, 1 % keys->len);
  g_autoptr (HubSimCamera) camera = camera_new_started (1, k, faults);
  g_autofree char *url1 = NULL;
  g_autofree char *url2 = NULL;
  Client *clients[1];
  AllAfterIdr wait = { clients, 1, FPS };
  guint64 last = 0, first_again;
  Stream first, extended;

  stream_open (camera, &first, NULL, 60);
  url1 = hub_sim_camera_build_url (camera, "127.0.0.1", server_port, first.token);
  clients[0] = client_new (url1, k, first.nonce, FALSE);
  client_play (clients[0]);
  g_assert_true (wait_until (all_after_idr, &wait, 10000));
  client_stop (clients[0]);
  assert_clean_stream (clients[0], FPS);
  g_assert_true (hub_gate_get_last_counter (clients[0]->gate, &last));
  client_free (clients[0]);

  /* :extendStream — a new token for the same session */
  stream_open (camera, &extended, first.nonce, 120);
  url2 = hub_sim_camera_build_url (camera, "127.0.0.1", server_port, extended.token);
  clients[0] = client_new (url2, k, first.nonce, FALSE);
  hub_gate_set_last_counter (clients[0]->gate, last);
  client_play (clients[0]);
  g_assert_true (wait_until (all_after_idr, &wait, 10000));
  client_stop (clients[0]);

  assert_clean_stream (clients[0], FPS);
  g_assert_cmpuint (client_count (clients[0], HUB_VERDICT_REPLAY), ==, 0);
  g_assert_cmpuint (clients[0]->tag_counters->len, >, 0);
  first_again = g_array_index (clients[0]->tag_counters, guint64, 0);
  g_test_message ("last counter %" G_GUINT64_FORMAT ", first after reconnecting %" G_GUINT64_FORMAT,
                  last, first_again);
  g_assert_cmpuint (first_again, >, last);
  client_free (clients[0]);
}

static void
assert_refused (const char *url, const Keys *k, const guint8 *nonce, int code)
{
  g_autoptr (Client) client = client_new (url, k, nonce, FALSE);

  client_play (client);
  g_assert_true (wait_until (client_failed_or_ended, client, 10000));
  g_assert_true (client->error);
  g_test_message ("refused: %s", client->error_message);
  g_assert_true (client->error_domain == GST_RESOURCE_ERROR);
  g_assert_cmpint (client->error_code, ==, code);
  g_assert_cmpuint (client->n_samples, ==, 0);
}

/* Unknown, expired and closed tokens are refused on DESCRIBE (401). */
static void
test_refused_tokens (void)
{
  g_autoptr (GArray) keys = demo_keys ();
  g_autoptr (GPtrArray) faults = g_ptr_array_new ();
  Keys *k = &g_array_index (keys, Keys, 0);
  g_autoptr (HubSimCamera) camera = camera_new_started (0, k, faults);
  g_autofree char *unknown = NULL;
  g_autofree char *expired_url = NULL;
  g_autofree char *closed_url = NULL;
  g_autofree char *no_token = NULL;
  Stream valid, expired, closed;

  stream_open (camera, &valid, NULL, 60);
  unknown = hub_sim_camera_build_url (camera, "127.0.0.1", server_port, "not-a-token");
  assert_refused (unknown, k, valid.nonce, GST_RESOURCE_ERROR_NOT_AUTHORIZED);

  no_token = g_strdup_printf ("rtsp://127.0.0.1:%u/cameras/%s", server_port, k->device_id);
  assert_refused (no_token, k, valid.nonce, GST_RESOURCE_ERROR_NOT_AUTHORIZED);

  stream_open (camera, &expired, NULL, -1);
  expired_url = hub_sim_camera_build_url (camera, "127.0.0.1", server_port, expired.token);
  assert_refused (expired_url, k, expired.nonce, GST_RESOURCE_ERROR_NOT_AUTHORIZED);

  stream_open (camera, &closed, NULL, 60);
  hub_sim_camera_close_session (camera, closed.nonce);
  closed_url = hub_sim_camera_build_url (camera, "127.0.0.1", server_port, closed.token);
  assert_refused (closed_url, k, closed.nonce, GST_RESOURCE_ERROR_NOT_AUTHORIZED);
}

/* A closed session, and one whose lease ran out, lose their live viewers. */
static void
test_session_end_disconnects (void)
{
  g_autoptr (GPtrArray) faults = g_ptr_array_new ();
  g_autoptr (HubSimCamera) camera = NULL;
  g_autoptr (Client) closed = NULL;
  g_autoptr (Client) expired = NULL;
  g_autofree char *closed_url = NULL;
  g_autofree char *expired_url = NULL;
  Client *clients[1];
  AllAfterIdr wait = { clients, 1, 5 };
  Keys k = { 0 };
  Stream closing, expiring;
  gint64 started;

  test_keys (&k, "cam-session-end");
  camera = camera_new_started (14, &k, faults);

  stream_open (camera, &closing, NULL, 60);
  closed_url = hub_sim_camera_build_url (camera, "127.0.0.1", server_port, closing.token);
  closed = client_new (closed_url, &k, closing.nonce, FALSE);
  clients[0] = closed;
  client_play (closed);
  g_assert_true (wait_until (all_after_idr, &wait, 5000));
  g_assert_false (closed->error);
  hub_sim_camera_close_session (camera, closing.nonce);
  g_assert_true (wait_until (client_failed_or_ended, closed, 5000));
  g_test_message ("closed session: %s", closed->eos ? "end of stream" : closed->error_message);

  started = g_get_monotonic_time ();
  stream_open (camera, &expiring, NULL, 2);
  expired_url = hub_sim_camera_build_url (camera, "127.0.0.1", server_port, expiring.token);
  expired = client_new (expired_url, &k, expiring.nonce, FALSE);
  clients[0] = expired;
  client_play (expired);
  g_assert_true (wait_until (all_after_idr, &wait, 5000));
  g_assert_false (expired->error);
  g_assert_true (wait_until (client_failed_or_ended, expired, 6000));
  g_test_message ("expired session ended after %" G_GINT64_FORMAT " ms: %s",
                  (g_get_monotonic_time () - started) / 1000,
                  expired->eos ? "end of stream" : expired->error_message);
  g_assert_cmpint (g_get_monotonic_time () - started, >=, G_USEC_PER_SEC);
  g_assert_true (hub_sim_camera_is_running (camera));
  keys_clear (&k);
}

typedef struct
{
  const char *fault;    /* KIND=RATE */
  const char *expected; /* reasons the spec predicts, '|'-separated */
} FaultCase;

static const FaultCase fault_cases[] = {
  { "cross-feed=0.1", "unknown-key|wrong-device" },
  { "replay=0.1", "replay" },
  { "wrong-session=0.1", "wrong-session" },
  { "strip=0.1", "no-tag" },
  { "rogue-key=0.1", "unknown-key" },
  { "tamper=0.1", "bad-digest" },
  { "truncate=0.1", "malformed" },
};

typedef struct
{
  Client **clients;
  guint n;
} FaultWait;

static guint
count_expected_and_later_passes (Client *client, const char *expected, guint *passes_after)
{
  g_auto (GStrv) reasons = g_strsplit (expected, "|", -1);
  guint n = 0;

  *passes_after = 0;
  g_mutex_lock (&client->lock);
  for (guint i = 0; i < client->verdicts->len; i++)
    {
      HubVerdict v = g_array_index (client->verdicts, HubVerdict, i);

      if (g_strv_contains ((const char *const *)reasons, hub_verdict_to_string (v)))
        n++;
      else if (v == HUB_VERDICT_PASS && n > 0)
        (*passes_after)++;
    }
  g_mutex_unlock (&client->lock);
  return n;
}

static gboolean
faults_seen (gpointer data)
{
  FaultWait *w = data;

  for (guint i = 0; i < w->n; i++)
    {
      guint passes_after = 0;

      client_poll (w->clients[i]);
      if (w->clients[i]->error)
        continue;
      if (i < G_N_ELEMENTS (fault_cases))
        {
          if (count_expected_and_later_passes (w->clients[i], fault_cases[i].expected,
                                               &passes_after)
                  < 3
              || passes_after < 15)
            return FALSE;
        }
      else if (client_count (w->clients[i], HUB_VERDICT_PASS) < 2 * FPS)
        return FALSE;
    }
  return TRUE;
}

/* Each stream fault ends in the reasons signed-frames §5 predicts; the
 * camera's own frames still pass between them. One more camera suffers
 * network faults (netsim) and still delivers verified frames. */
static void
test_stream_faults (void)
{
  g_autoptr (GPtrArray) faults
      = g_ptr_array_new_with_free_func ((GDestroyNotify)hub_sim_fault_free);
  g_autoptr (GPtrArray) cameras = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (GArray) keys = g_array_new (FALSE, TRUE, sizeof (Keys));
  const guint n_cameras = G_N_ELEMENTS (fault_cases) + 1;
  static const char *const network_faults[] = { "drop=0.01", "duplicate=0.02", "reorder=0.02" };
  Client *clients[G_N_ELEMENTS (fault_cases) + 1];
  FaultWait wait = { clients, n_cameras };

  g_array_set_clear_func (keys, (GDestroyNotify)keys_clear);
  g_array_set_size (keys, n_cameras);
  for (guint i = 0; i < n_cameras; i++)
    {
      g_autofree char *id = g_strdup_printf ("cam-fault-%u", i);
      Keys *k = &g_array_index (keys, Keys, i);

      test_keys (k, id);
      if (i < G_N_ELEMENTS (fault_cases))
        {
          g_autofree char *spec = g_strdup_printf ("%s:%s", id, fault_cases[i].fault);
          g_autoptr (GError) error = NULL;

          g_ptr_array_add (faults, hub_sim_fault_parse (spec, &error));
          g_assert_no_error (error);
        }
      else
        {
          for (guint f = 0; f < G_N_ELEMENTS (network_faults); f++)
            {
              g_autofree char *spec = g_strdup_printf ("%s:%s", id, network_faults[f]);
              g_autoptr (GError) error = NULL;

              g_ptr_array_add (faults, hub_sim_fault_parse (spec, &error));
              g_assert_no_error (error);
            }
        }
    }

  for (guint i = 0; i < n_cameras; i++)
    g_ptr_array_add (cameras, camera_new_started (i, &g_array_index (keys, Keys, i), faults));
  for (guint i = 0; i < n_cameras; i++)
    {
      Keys *k = &g_array_index (keys, Keys, i);
      g_autofree char *url = NULL;
      Stream stream;

      stream_open (g_ptr_array_index (cameras, i), &stream, NULL, 60);
      url = hub_sim_camera_build_url (g_ptr_array_index (cameras, i), "127.0.0.1", server_port,
                                      stream.token);
      clients[i] = client_new (url, k, stream.nonce, FALSE);
      client_play (clients[i]);
    }

  g_assert_true (wait_until (faults_seen, &wait, 20000));
  for (guint i = 0; i < n_cameras; i++)
    client_stop (clients[i]);

  for (guint i = 0; i < n_cameras; i++)
    {
      g_autofree char *summary = client_summary (clients[i]);
      const char *what = i < G_N_ELEMENTS (fault_cases) ? fault_cases[i].fault : "network";

      g_test_message ("%s: %s", what, summary);
      g_assert_false (clients[i]->error);
      if (i < G_N_ELEMENTS (fault_cases))
        {
          g_auto (GStrv) allowed = g_strsplit (fault_cases[i].expected, "|", -1);
          guint passes_after = 0;

          g_assert_cmpuint (
              count_expected_and_later_passes (clients[i], fault_cases[i].expected, &passes_after),
              >=, 3);
          g_assert_cmpuint (passes_after, >=, 15);
          /* nothing but the predicted reasons, and waiting for a key frame after them */
          for (guint j = 0; j < clients[i]->verdicts->len; j++)
            {
              const char *reason
                  = hub_verdict_to_string (g_array_index (clients[i]->verdicts, HubVerdict, j));

              if (!g_str_equal (reason, "pass") && !g_str_equal (reason, "wait-keyframe")
                  && !g_strv_contains ((const char *const *)allowed, reason))
                g_error ("fault %s: unexpected reason %s (%s)", what, reason, summary);
            }
        }
      else
        g_assert_cmpuint (client_count (clients[i], HUB_VERDICT_PASS), >=, 2 * FPS);
    }

  for (guint i = 0; i < n_cameras; i++)
    client_free (clients[i]);
}

static int
compare_gint64 (gconstpointer a, gconstpointer b)
{
  gint64 x = *(const gint64 *)a, y = *(const gint64 *)b;

  return x < y ? -1 : x > y;
}

static gint64
median (GArray *values)
{
  g_array_sort (values, compare_gint64);
  return g_array_index (values, gint64, values->len / 2);
}

static gboolean
client_has_idr (gpointer data)
{
  Client *client = data;
  gboolean seen;

  client_poll (client);
  g_mutex_lock (&client->lock);
  seen = client->seen_idr;
  g_mutex_unlock (&client->lock);
  return seen || client->error;
}

static gboolean
time_passed (gpointer data)
{
  return g_get_monotonic_time () >= *(gint64 *)data;
}

/* A key-frame request from the viewer (RTCP PLI) makes the shared encoder
 * send an IDR: the wait for the first IDR after joining shrinks. */
static void
test_key_frame_request (void)
{
  g_autoptr (GArray) keys = demo_keys ();
  g_autoptr (GPtrArray) faults = g_ptr_array_new ();
  Keys *k = &g_array_index (keys, Keys, 2 % keys->len);
  g_autoptr (HubSimCamera) camera = camera_new_started (2, k, faults);
  g_autoptr (GArray) with = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr (GArray) without = g_array_new (FALSE, FALSE, sizeof (gint64));
  gint64 worst_with = 0;

  for (guint join = 0; join < 20; join++)
    {
      gboolean request = join % 2 == 0;
      g_autofree char *url = NULL;
      g_autoptr (Client) client = NULL;
      gint64 wait_ms;
      Stream stream;

      /* Join at a random point of the GOP: the previous join may have
       * just forced a key frame. */
      if (!request)
        {
          gint64 until = g_get_monotonic_time () + g_random_int_range (0, 1000) * 1000;

          wait_until (time_passed, &until, 2000);
        }
      stream_open (camera, &stream, NULL, 60);
      url = hub_sim_camera_build_url (camera, "127.0.0.1", server_port, stream.token);
      client = client_new (url, k, stream.nonce, FALSE);
      client->request_key_frame = request;
      client_play (client);
      if (!wait_until (client_has_idr, client, 5000))
        {
          g_autofree char *summary = client_summary (client);

          g_error ("join %u: no IDR: %s, %u samples, rtp %s, error %s", join, summary,
                   client->n_samples, client->t_first_rtp ? "yes" : "no",
                   client->error ? client->error_message : "none");
        }
      client_stop (client);
      g_assert_false (client->error);

      wait_ms = (client->t_first_idr - client->t_first_rtp) / 1000;
      g_array_append_val (request ? with : without, wait_ms);
      if (request)
        {
          gint64 after_request_ms = (client->t_first_idr - client->t_request) / 1000;

          worst_with = MAX (worst_with, after_request_ms);
          g_test_message ("join %u: IDR %" G_GINT64_FORMAT " ms after the request", join,
                          after_request_ms);
          /* the request is honoured */
          g_assert_cmpint (after_request_ms, <=, 600);
        }
    }

  g_test_message (
      "time from the first RTP packet to the first IDR, median of %u joins: %" G_GINT64_FORMAT
      " ms without a key-frame request, %" G_GINT64_FORMAT " ms with one (worst %" G_GINT64_FORMAT
      " ms)",
      with->len, median (without), median (with), worst_with);
}

static gboolean
client_has_units (gpointer data)
{
  Client *client = data;

  client_poll (client);
  return client->error || client_n_after_idr (client) >= 5;
}

/* A viewer that leaves mid-stream does not hurt the camera, which then
 * serves 20 viewers at once. */
static void
test_disconnect_and_many_viewers (void)
{
  g_autoptr (GArray) keys = demo_keys ();
  g_autoptr (GPtrArray) faults = g_ptr_array_new ();
  Keys *k = &g_array_index (keys, Keys, 3 % keys->len);
  g_autoptr (HubSimCamera) camera = camera_new_started (3, k, faults);
  Client *clients[20];
  AllAfterIdr wait = { clients, G_N_ELEMENTS (clients), FPS / 2 };
  g_autofree char *url = NULL;
  g_autoptr (Client) leaver = NULL;
  Stream stream;

  stream_open (camera, &stream, NULL, 60);
  url = hub_sim_camera_build_url (camera, "127.0.0.1", server_port, stream.token);
  leaver = client_new (url, k, stream.nonce, FALSE);
  client_play (leaver);
  g_assert_true (wait_until (client_has_units, leaver, 10000));
  g_assert_false (leaver->error);
  /* gone mid-stream, mid-GOP */
  gst_element_set_state (leaver->pipeline, GST_STATE_NULL);
  g_assert_true (hub_sim_camera_is_running (camera));

  for (guint i = 0; i < G_N_ELEMENTS (clients); i++)
    {
      g_autofree char *viewer_url = NULL;

      stream_open (camera, &stream, NULL, 60);
      viewer_url = hub_sim_camera_build_url (camera, "127.0.0.1", server_port, stream.token);
      clients[i] = client_new (viewer_url, k, stream.nonce, FALSE);
      client_play (clients[i]);
    }
  g_assert_true (wait_until (all_after_idr, &wait, 30000));
  for (guint i = 0; i < G_N_ELEMENTS (clients); i++)
    client_stop (clients[i]);
  for (guint i = 0; i < G_N_ELEMENTS (clients); i++)
    {
      assert_clean_stream (clients[i], FPS / 2);
      client_free (clients[i]);
    }
  g_assert_true (hub_sim_camera_is_running (camera));
}

/* ---- marker strip (docs/marker-strip.md) ---- */

/* One row of the strip, lines @y0 .. @y0 + @lines: its bits, FALSE when its
 * start block or parity does not check out. */
static gboolean
read_marker_row (const GstVideoFrame *frame, guint y0, guint lines, int bits[16])
{
  const guint8 *y = GST_VIDEO_FRAME_COMP_DATA (frame, 0);
  gint stride = GST_VIDEO_FRAME_COMP_STRIDE (frame, 0);
  guint width = GST_VIDEO_FRAME_COMP_WIDTH (frame, 0);
  int ones = 0;

  for (guint b = 0; b < 16; b++)
    {
      guint x0 = b * width / 16, x1 = (b + 1) * width / 16;
      guint w = x1 - x0;
      guint64 sum = 0, n = 0;

      for (guint row = y0 + lines / 4; row < y0 + lines * 3 / 4; row++)
        for (guint x = x0 + w / 4; x < x1 - w / 4; x++)
          {
            sum += y[(gsize)row * stride + x];
            n++;
          }
      bits[b] = n > 0 && sum / n > 128;
    }
  for (guint b = 1; b < 16; b++)
    ones += bits[b];
  return bits[0] && ones % 2 == 0;
}

static Marker
read_marker (const GstVideoFrame *frame)
{
  guint strip = GST_VIDEO_FRAME_COMP_HEIGHT (frame, 0) / 12;
  Marker marker = { -1, -1, -1 };
  int bits[16];

  if (!read_marker_row (frame, 0, strip, bits))
    return marker;
  marker.index = 0;
  for (guint b = 1; b <= 4; b++)
    marker.index = marker.index << 1 | bits[b];
  marker.counter = 0;
  for (guint b = 5; b <= 14; b++)
    marker.counter = marker.counter << 1 | bits[b];
  if (read_marker_row (frame, strip, strip, bits))
    {
      marker.session = 0;
      for (guint b = 1; b <= 14; b++)
        marker.session = marker.session << 1 | bits[b];
    }
  return marker;
}

static gboolean
client_has_markers (gpointer data)
{
  Client *client = data;
  gboolean enough;

  client_poll (client);
  g_mutex_lock (&client->lock);
  enough = client->markers->len >= FPS;
  g_mutex_unlock (&client->lock);
  return enough || client->error;
}

/* The strip read from decoded frames names the camera, counts frames and
 * names the session: two sessions watching one camera at once each see
 * their own session's bits on the same pictures. */
static void
test_marker_strip (void)
{
  g_autoptr (GPtrArray) faults = g_ptr_array_new ();
  Keys k = { 0 };
  g_autoptr (HubSimCamera) camera = NULL;
  Client *clients[2];
  Stream streams[2];
  g_autoptr (GHashTable) counters = g_hash_table_new (NULL, NULL);
  guint common = 0;

  test_keys (&k, "cam-marker");
  camera = camera_new_started (11, &k, faults);
  for (guint c = 0; c < 2; c++)
    {
      g_autofree char *url = NULL;

      stream_open (camera, &streams[c], NULL, 60);
      url = hub_sim_camera_build_url (camera, "127.0.0.1", server_port, streams[c].token);
      clients[c] = client_new (url, &k, streams[c].nonce, TRUE);
      client_play (clients[c]);
    }
  for (guint c = 0; c < 2; c++)
    g_assert_true (wait_until (client_has_markers, clients[c], 10000));
  for (guint c = 0; c < 2; c++)
    {
      guint steps_of_one = 0;
      guint session = hub_test_marker_session_of_nonce (streams[c].nonce);
      Client *client = clients[c];

      client_stop (client);
      g_assert_false (client->error);
      for (guint i = 0; i < client->markers->len; i++)
        {
          Marker *m = &g_array_index (client->markers, Marker, i);

          g_assert_cmpint (m->index, ==, 11);
          g_assert_cmpint (m->session, ==, session);
          if (c == 0)
            g_hash_table_add (counters, GINT_TO_POINTER (m->counter + 1));
          else
            common += g_hash_table_contains (counters, GINT_TO_POINTER (m->counter + 1));
          if (i > 0)
            {
              int step = (m->counter - g_array_index (client->markers, Marker, i - 1).counter
                          + 1024)
                         % 1024;

              g_assert_cmpint (step, >=, 1);
              g_assert_cmpint (step, <=, 3);
              steps_of_one += step == 1;
            }
        }
      g_test_message ("markers: %u frames, camera 11, session %04x, counters %d to %d",
                      client->markers->len, session,
                      g_array_index (client->markers, Marker, 0).counter,
                      g_array_index (client->markers, Marker, client->markers->len - 1).counter);
      g_assert_cmpuint (steps_of_one, >=, client->markers->len * 9 / 10);
    }
  /* the same capture instants in both sessions */
  g_test_message ("markers: %u frame counters seen in both sessions", common);
  g_assert_cmpuint (common, >=, FPS / 2);
  for (guint c = 0; c < 2; c++)
    client_free (clients[c]);
  keys_clear (&k);
}

/* Readable frames of the client's own session and of others: at least 3 each. */
static gboolean
client_has_both_sessions (gpointer data)
{
  Client *client = data;
  int own_session = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (client->pipeline), "session"));
  guint own = 0, foreign = 0;

  client_poll (client);
  g_mutex_lock (&client->lock);
  for (guint i = 0; i < client->markers->len; i++)
    {
      Marker *m = &g_array_index (client->markers, Marker, i);

      if (m->index < 0 || m->session < 0)
        continue;
      own += m->session == own_session;
      foreign += m->session != own_session;
    }
  g_mutex_unlock (&client->lock);
  return (own >= 3 && foreign >= 3) || client->error;
}

/* wrong-session's units are pictures of another session of the same camera:
 * decoded, their strip shows this camera and other session bits. */
static void
test_marker_wrong_session (void)
{
  g_autoptr (GPtrArray) faults
      = g_ptr_array_new_with_free_func ((GDestroyNotify)hub_sim_fault_free);
  g_autoptr (HubSimCamera) camera = NULL;
  g_autoptr (Client) client = NULL;
  g_autofree char *url = NULL;
  g_autoptr (GError) error = NULL;
  guint own = 0, foreign = 0;
  int foreign_session = -1;
  guint session;
  Stream stream;
  Keys k = { 0 };

  test_keys (&k, "cam-decoy");
  g_ptr_array_add (faults, hub_sim_fault_parse ("cam-decoy:wrong-session=0.05", &error));
  g_assert_no_error (error);
  camera = camera_new_started (6, &k, faults);
  stream_open (camera, &stream, NULL, 60);
  session = hub_test_marker_session_of_nonce (stream.nonce);
  url = hub_sim_camera_build_url (camera, "127.0.0.1", server_port, stream.token);
  client = client_new (url, &k, stream.nonce, TRUE);
  g_object_set_data (G_OBJECT (client->pipeline), "session", GINT_TO_POINTER (session));
  client_play (client);
  g_assert_true (wait_until (client_has_both_sessions, client, 20000));
  client_stop (client);
  g_assert_false (client->error);

  for (guint i = 0; i < client->markers->len; i++)
    {
      Marker *m = &g_array_index (client->markers, Marker, i);

      if (m->index < 0 || m->session < 0)
        continue;
      g_assert_cmpint (m->index, ==, 6);
      /* (the session's own units decoded on top of another session's picture
       * show its strip too, until the next key frame) */
      if ((guint)m->session == session)
        own++;
      else
        {
          foreign_session = m->session;
          foreign++;
        }
    }
  g_test_message ("wrong-session: %u frames of the session, %u of others (e.g. %04x)", own,
                  foreign, foreign_session);
  g_assert_cmpuint (foreign, >=, 3);
  g_assert_cmpuint (own, >=, 3);
  keys_clear (&k);
}

static gboolean
camera_stopped (gpointer data)
{
  return !hub_sim_camera_is_running (data);
}

static gboolean
camera_running (gpointer data)
{
  return hub_sim_camera_is_running (data);
}

/* offline refuses every stream; kill stops the camera (viewers end, streams
 * are refused), restarts it, and the old session is gone. */
static void
test_offline_and_kill (void)
{
  g_autoptr (GPtrArray) faults
      = g_ptr_array_new_with_free_func ((GDestroyNotify)hub_sim_fault_free);
  g_autoptr (GError) error = NULL;
  g_autoptr (HubSimCamera) offline = NULL;
  g_autoptr (HubSimCamera) killed = NULL;
  g_autoptr (Client) viewer = NULL;
  g_autoptr (Client) again = NULL;
  g_autofree char *url = NULL;
  g_autofree char *down_url = NULL;
  g_autofree char *new_url = NULL;
  Client *clients[1];
  AllAfterIdr wait = { clients, 1, 5 };
  Keys ko = { 0 }, kk = { 0 };
  Stream stream, down, fresh;

  test_keys (&ko, "cam-offline");
  test_keys (&kk, "cam-killed");
  g_ptr_array_add (faults, hub_sim_fault_parse ("cam-offline:offline", &error));
  g_assert_no_error (error);
  g_ptr_array_add (faults, hub_sim_fault_parse ("cam-killed:kill=1:2", &error));
  g_assert_no_error (error);

  offline = hub_sim_camera_new (12, ko.device_id, ko.name, ko.seed, faults, WIDTH, HEIGHT, FPS);
  g_assert_true (hub_sim_camera_start (offline, server, &error));
  g_assert_no_error (error);
  stream_open (offline, &stream, NULL, 60);
  url = hub_sim_camera_build_url (offline, "127.0.0.1", server_port, stream.token);
  assert_refused (url, &ko, stream.nonce, GST_RESOURCE_ERROR_READ);

  killed = camera_new_started (13, &kk, faults);
  g_clear_pointer (&url, g_free);
  stream_open (killed, &stream, NULL, 60);
  url = hub_sim_camera_build_url (killed, "127.0.0.1", server_port, stream.token);
  viewer = client_new (url, &kk, stream.nonce, FALSE);
  clients[0] = viewer;
  client_play (viewer);
  g_assert_true (wait_until (all_after_idr, &wait, 5000));

  /* killed after 1 s: the viewer's stream ends */
  g_assert_true (wait_until (camera_stopped, killed, 3000));
  g_assert_true (wait_until (client_failed_or_ended, viewer, 5000));
  g_test_message ("viewer of the killed camera: %s",
                  viewer->eos ? "end of stream" : viewer->error_message);

  /* down: refused */
  stream_open (killed, &down, NULL, 60);
  down_url = hub_sim_camera_build_url (killed, "127.0.0.1", server_port, down.token);
  assert_refused (down_url, &kk, down.nonce, GST_RESOURCE_ERROR_READ);

  /* back after 2 s; the session from before the restart is refused */
  g_assert_true (wait_until (camera_running, killed, 5000));
  assert_refused (url, &kk, stream.nonce, GST_RESOURCE_ERROR_NOT_AUTHORIZED);

  stream_open (killed, &fresh, NULL, 60);
  new_url = hub_sim_camera_build_url (killed, "127.0.0.1", server_port, fresh.token);
  again = client_new (new_url, &kk, fresh.nonce, FALSE);
  clients[0] = again;
  client_play (again);
  g_assert_true (wait_until (all_after_idr, &wait, 5000));
  client_stop (again);
  assert_clean_stream (again, 5);

  keys_clear (&ko);
  keys_clear (&kk);
}

/* ---- rapid reopening (the hub switching cameras A→B→A) ---- */

typedef struct
{
  GMutex lock;
  HubSimCamera *camera; /* whose next media to close while being prepared */
  guint8 nonce[HUB_NONCE_SIZE];
  gboolean on_configure; /* when the factory configures it, else when it is constructed */
  guint n_closed_in_flight;
} InFlightClose;

static void
close_in_flight (GstRTSPMediaFactory *factory, InFlightClose *pending, gboolean on_configure)
{
  g_autoptr (HubSimCamera) camera = NULL;
  guint8 nonce[HUB_NONCE_SIZE];

  g_mutex_lock (&pending->lock);
  if (pending->camera != NULL && pending->on_configure == on_configure
      && g_object_get_data (G_OBJECT (factory), "hub-test-camera") == pending->camera)
    {
      camera = g_steal_pointer (&pending->camera);
      memcpy (nonce, pending->nonce, sizeof nonce);
      pending->n_closed_in_flight++;
    }
  g_mutex_unlock (&pending->lock);
  if (camera != NULL)
    hub_sim_camera_close_session (camera, nonce);
}

/* The factory made the media of a DESCRIBE (the viewer exists, the media is
 * not configured yet), or configures it (not prepared yet): the cloud closes
 * the session right then. */
static void
on_media_constructed (GstRTSPMediaFactory *factory, GstRTSPMedia *media, gpointer user_data)
{
  close_in_flight (factory, user_data, FALSE);
}

static void
on_media_configure (GstRTSPMediaFactory *factory, GstRTSPMedia *media, gpointer user_data)
{
  close_in_flight (factory, user_data, TRUE);
}

static GstRTSPMediaFactory *
camera_factory (HubSimCamera *camera)
{
  g_autoptr (GstRTSPMountPoints) mounts = gst_rtsp_server_get_mount_points (server);
  g_autofree char *path = g_strdup_printf ("/cameras/%s", hub_sim_camera_get_device_id (camera));
  GstRTSPMediaFactory *factory = gst_rtsp_mount_points_match (mounts, path, NULL);

  g_assert_nonnull (factory);
  g_object_set_data (G_OBJECT (factory), "hub-test-camera", camera);
  return factory;
}

/* The hub switching between two cameras every 0.1–0.4 s: each switch opens
 * a new session (new token, new nonce) and connects a real client to it,
 * then closes the session and tears the client down. Now and then the
 * session closes while the client's DESCRIBE is being answered (the media
 * being prepared). Every tenth client stays: it must see a verified IDR
 * within 2 s, whatever the clients before it did. */
static void
test_rapid_reopen (void)
{
  g_autoptr (GPtrArray) faults = g_ptr_array_new ();
  HubSimCamera *cameras[2];
  GstRTSPMediaFactory *factories[2];
  gulong constructed_ids[2], configure_ids[2];
  InFlightClose pending = { 0 };
  Keys keys[2] = { { 0 } };
  guint n_cycles = 60, n_kept = 0, n_short_with_rtp = 0;
  gint64 worst_idr_ms = 0, worst_refusal_ms = 0;

  g_mutex_init (&pending.lock);
  test_keys (&keys[0], "cam-rapid-a");
  test_keys (&keys[1], "cam-rapid-b");
  for (guint c = 0; c < 2; c++)
    {
      cameras[c] = camera_new_started (9 + c, &keys[c], faults);
      factories[c] = camera_factory (cameras[c]);
      constructed_ids[c] = g_signal_connect (factories[c], "media-constructed",
                                             G_CALLBACK (on_media_constructed), &pending);
      configure_ids[c] = g_signal_connect (factories[c], "media-configure",
                                           G_CALLBACK (on_media_configure), &pending);
    }

  for (guint cycle = 0; cycle < n_cycles; cycle++)
    {
      guint c = cycle % 2;
      gboolean keep = cycle % 10 == 9 || cycle == n_cycles - 1;
      gboolean in_flight = !keep && cycle % 3 == 1;
      g_autofree char *url = NULL;
      g_autoptr (Client) client = NULL;
      gint64 started;
      Stream stream;

      stream_open (cameras[c], &stream, NULL, 60);
      url = hub_sim_camera_build_url (cameras[c], "127.0.0.1", server_port, stream.token);
      client = client_new (url, &keys[c], stream.nonce, FALSE);
      if (in_flight)
        {
          g_mutex_lock (&pending.lock);
          pending.camera = g_object_ref (cameras[c]);
          memcpy (pending.nonce, stream.nonce, sizeof pending.nonce);
          pending.on_configure = cycle / 3 % 2 == 0;
          g_mutex_unlock (&pending.lock);
        }
      started = g_get_monotonic_time ();
      client_play (client);

      if (keep)
        {
          gint64 idr_ms;

          if (!wait_until (client_has_idr, client, 2000) || client->error)
            {
              g_autofree char *summary = client_summary (client);

              g_error ("cycle %u (%s): no verified IDR within 2 s: %s, %u samples, rtp %s, "
                       "error %s",
                       cycle, hub_sim_camera_get_device_id (cameras[c]), summary, client->n_samples,
                       client->t_first_rtp ? "yes" : "no",
                       client->error ? client->error_message : "none");
            }
          idr_ms = (client->t_first_idr - started) / 1000;
          worst_idr_ms = MAX (worst_idr_ms, idr_ms);
          n_kept++;
          /* stays connected ≥ 2 s, and verifies all along */
          {
            gint64 until = started + 2 * G_USEC_PER_SEC;

            wait_until (time_passed, &until, 3000);
          }
          client_stop (client);
          assert_clean_stream (client, 1);
        }
      else if (in_flight)
        {
          /* the DESCRIBE of a session closed meanwhile is refused at once */
          if (!wait_until (client_failed_or_ended, client, 2000) || !client->error)
            g_error ("cycle %u (%s): the DESCRIBE of a session closed while it was answered "
                     "was not refused within 2 s",
                     cycle, hub_sim_camera_get_device_id (cameras[c]));
          worst_refusal_ms = MAX (worst_refusal_ms, (g_get_monotonic_time () - started) / 1000);
          g_assert_cmpuint (client->n_samples, ==, 0);
        }
      else
        {
          gint64 until = started + g_random_int_range (100, 400) * G_TIME_SPAN_MILLISECOND;

          wait_until (time_passed, &until, 1000);
        }

      /* the switch: closeStream (again, for a session closed in flight:
       * harmless), then the hub drops its pipeline */
      hub_sim_camera_close_session (cameras[c], stream.nonce);
      g_mutex_lock (&client->lock);
      n_short_with_rtp += !keep && client->t_first_rtp != 0;
      g_mutex_unlock (&client->lock);
      client_stop (client);
      g_mutex_lock (&pending.lock);
      g_clear_object (&pending.camera); /* a DESCRIBE that never came */
      g_mutex_unlock (&pending.lock);
    }

  g_test_message ("%u cycles: %u sessions closed with their DESCRIBE in flight (refused within "
                  "%" G_GINT64_FORMAT
                  " ms), %u short-lived clients got RTP, %u kept clients saw an "
                  "IDR (worst %" G_GINT64_FORMAT " ms after connecting)",
                  n_cycles, pending.n_closed_in_flight, worst_refusal_ms, n_short_with_rtp, n_kept,
                  worst_idr_ms);
  g_assert_cmpuint (pending.n_closed_in_flight, >, 0);

  for (guint c = 0; c < 2; c++)
    {
      g_signal_handler_disconnect (factories[c], constructed_ids[c]);
      g_signal_handler_disconnect (factories[c], configure_ids[c]);
      g_object_set_data (G_OBJECT (factories[c]), "hub-test-camera", NULL);
      g_object_unref (factories[c]);
      g_assert_true (hub_sim_camera_is_running (cameras[c]));
      g_object_unref (cameras[c]);
      keys_clear (&keys[c]);
    }
  g_mutex_clear (&pending.lock);
}

/* ------------------------------------------------------------------------ */
/* Relay faults, read from the byte stream as it arrives                   */

/* A client that keeps every access unit as rtph264depay hands it on, before
 * any parser, and feeds the same bytes to a gate. */
typedef struct
{
  GstElement *pipeline;
  GMutex lock;
  HubGate *gate;
  gint64 t_play; /* monotonic µs */
  guint8 nonce[HUB_NONCE_SIZE];
  /* under lock */
  GPtrArray *aus;          /* GBytes, in order */
  GArray *verdicts;        /* HubVerdict of each unit the gate decided */
  GArray *verdict_au;      /* index in aus of the unit that completed each verdict */
  gint64 t_first_au;       /* monotonic µs */
  GArray *arrivals;        /* gint64, monotonic µs of each unit */
  gint64 min_later_pass_age_us; /* least age (arrival − capture time) of a passed unit,
                                 * the first one left out */
  gboolean passed_one;
} RawClient;

static void
on_raw_unit (const HubGateUnit *unit, void *user_data)
{
  RawClient *client = user_data;
  guint au_index = client->aus->len - 1;

  g_array_append_val (client->verdicts, unit->verdict);
  g_array_append_val (client->verdict_au, au_index);
  if (unit->verdict == HUB_VERDICT_PASS && unit->has_tag)
    {
      if (client->passed_one)
        client->min_later_pass_age_us = MIN (client->min_later_pass_age_us,
                                             g_get_real_time () - (gint64)unit->capture_time_us);
      client->passed_one = TRUE;
    }
}

static GstFlowReturn
on_raw_sample (GstAppSink *appsink, gpointer user_data)
{
  RawClient *client = user_data;
  g_autoptr (GstSample) sample = gst_app_sink_pull_sample (appsink);
  GstBuffer *buf;
  GstMapInfo map;

  if (sample == NULL)
    return GST_FLOW_FLUSHING;
  buf = gst_sample_get_buffer (sample);
  if (!gst_buffer_map (buf, &map, GST_MAP_READ))
    return GST_FLOW_OK;
  g_mutex_lock (&client->lock);
  {
    gint64 now = g_get_monotonic_time ();

    if (client->t_first_au == 0)
      client->t_first_au = now;
    g_array_append_val (client->arrivals, now);
  }
  g_ptr_array_add (client->aus, g_bytes_new (map.data, map.size));
  hub_gate_push_annexb (client->gate, map.data, map.size);
  g_mutex_unlock (&client->lock);
  gst_buffer_unmap (buf, &map);
  return GST_FLOW_OK;
}

static RawClient *
raw_client_new (const char *url, const Keys *keys, const guint8 *nonce)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GstElement) src = NULL;
  g_autoptr (GstElement) sink = NULL;
  GstAppSinkCallbacks callbacks = { 0 };
  RawClient *client = g_new0 (RawClient, 1);

  hub_test_tolerate_rtspsrc_teardown_critical ();
  g_mutex_init (&client->lock);
  client->aus = g_ptr_array_new_with_free_func ((GDestroyNotify)g_bytes_unref);
  client->verdicts = g_array_new (FALSE, FALSE, sizeof (HubVerdict));
  client->verdict_au = g_array_new (FALSE, FALSE, sizeof (guint));
  client->arrivals = g_array_new (FALSE, FALSE, sizeof (gint64));
  client->min_later_pass_age_us = G_MAXINT64;
  memcpy (client->nonce, nonce, HUB_NONCE_SIZE);
  client->gate = hub_gate_new (keys->device_id, keys->public_key, nonce, on_raw_unit, client);
  client->pipeline = gst_parse_launch (
      "rtspsrc name=src latency=100 teardown-timeout=10000000000 ! rtph264depay"
      " ! video/x-h264,stream-format=byte-stream,alignment=au ! appsink name=sink sync=false",
      &error);
  g_assert_no_error (error);
  src = gst_bin_get_by_name (GST_BIN (client->pipeline), "src");
  g_object_set (src, "location", url, NULL);
  sink = gst_bin_get_by_name (GST_BIN (client->pipeline), "sink");
  callbacks.new_sample = on_raw_sample;
  gst_app_sink_set_callbacks (GST_APP_SINK (sink), &callbacks, client, NULL);
  client->t_play = g_get_monotonic_time ();
  g_assert_cmpint (gst_element_set_state (client->pipeline, GST_STATE_PLAYING), !=,
                   GST_STATE_CHANGE_FAILURE);
  return client;
}

static void
raw_client_free (RawClient *client)
{
  gst_element_set_state (client->pipeline, GST_STATE_NULL);
  gst_clear_object (&client->pipeline);
  g_clear_pointer (&client->gate, hub_gate_free);
  g_ptr_array_unref (client->aus);
  g_array_unref (client->verdicts);
  g_array_unref (client->verdict_au);
  g_array_unref (client->arrivals);
  g_mutex_clear (&client->lock);
  g_free (client);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RawClient, raw_client_free)

/* The NAL units of an access unit, parsed with GStreamer's H.264 parser
 * (not the code that wrote them). */
typedef struct
{
  guint8 type;
  GBytes *bytes; /* header onward */
} Unit;

static void
unit_clear (Unit *unit)
{
  g_clear_pointer (&unit->bytes, g_bytes_unref);
}

static GArray *
au_units (GBytes *au)
{
  GstH264NalParser *parser = gst_h264_nal_parser_new ();
  GArray *units = g_array_new (FALSE, TRUE, sizeof (Unit));
  gsize len = 0;
  const guint8 *data = g_bytes_get_data (au, &len);
  GstH264NalUnit nalu;
  guint offset = 0;

  g_array_set_clear_func (units, (GDestroyNotify)unit_clear);
  while (offset < len)
    {
      GstH264ParserResult res = gst_h264_parser_identify_nalu (parser, data, offset, len, &nalu);
      Unit unit;

      if (res != GST_H264_PARSER_OK && res != GST_H264_PARSER_NO_NAL_END)
        break;
      unit.type = nalu.type;
      unit.bytes = g_bytes_new (nalu.data + nalu.offset, nalu.size);
      g_array_append_val (units, unit);
      offset = nalu.offset + nalu.size;
    }
  gst_h264_nal_parser_free (parser);
  return units;
}

static gboolean
units_have (GArray *units, guint type)
{
  for (guint i = 0; i < units->len; i++)
    if (g_array_index (units, Unit, i).type == type)
      return TRUE;
  return FALSE;
}

static GBytes *
units_find (GArray *units, guint type)
{
  for (guint i = 0; i < units->len; i++)
    if (g_array_index (units, Unit, i).type == type)
      return g_array_index (units, Unit, i).bytes;
  return NULL;
}

/* An SEI NAL unit holding a mastering display colour volume message
 * (payload type 137). */
static gboolean
sei_is_mastering_display (GBytes *sei)
{
  GstH264NalParser *parser = gst_h264_nal_parser_new ();
  g_autoptr (GArray) messages = NULL;
  GstH264NalUnit nalu;
  gsize len = 0;
  const guint8 *nal = g_bytes_get_data (sei, &len);
  g_autofree guint8 *annexb = g_malloc (len + 4);
  gboolean found = FALSE;

  memcpy (annexb, "\0\0\0\1", 4);
  memcpy (annexb + 4, nal, len);
  if (gst_h264_parser_identify_nalu_unchecked (parser, annexb, 0, len + 4, &nalu)
          == GST_H264_PARSER_OK
      && gst_h264_parser_parse_sei (parser, &nalu, &messages) == GST_H264_PARSER_OK)
    for (guint i = 0; i < messages->len; i++)
      found |= g_array_index (messages, GstH264SEIMessage, i).payloadType
               == GST_H264_SEI_MASTERING_DISPLAY_COLOUR_VOLUME;
  gst_h264_nal_parser_free (parser);
  return found;
}

typedef struct
{
  RawClient *client;
  guint min_aus;
} RawWait;

static gboolean
raw_has_aus (gpointer data)
{
  RawWait *w = data;
  gboolean done;

  g_mutex_lock (&w->client->lock);
  done = w->client->aus->len >= w->min_aus;
  g_mutex_unlock (&w->client->lock);
  return done;
}

/* One camera with @fault_specs (NULL-terminated KIND[=ARGS]); a raw client
 * watches it until @n_aus units arrived. */
static RawClient *
relay_fault_run (const char *device_id, const char *const *fault_specs, guint n_aus,
                 guint timeout_ms, GPtrArray *faults, HubSimCamera **camera, Keys *k)
{
  g_autofree char *url = NULL;
  RawClient *client;
  Stream stream;
  RawWait wait;

  test_keys (k, device_id);
  for (guint i = 0; fault_specs[i] != NULL; i++)
    {
      g_autofree char *spec = g_strdup_printf ("%s:%s", device_id, fault_specs[i]);
      g_autoptr (GError) error = NULL;

      g_ptr_array_add (faults, hub_sim_fault_parse (spec, &error));
      g_assert_no_error (error);
    }
  *camera = camera_new_started (12, k, faults);
  stream_open (*camera, &stream, NULL, 60);
  url = hub_sim_camera_build_url (*camera, "127.0.0.1", server_port, stream.token);
  client = raw_client_new (url, k, stream.nonce);
  wait.client = client;
  wait.min_aus = n_aus;
  g_assert_true (wait_until (raw_has_aus, &wait, timeout_ms));
  gst_element_set_state (client->pipeline, GST_STATE_NULL);
  return client;
}

/* sei-inject: P units arrive with an SEI of payload 137 and byte copies of
 * the SPS and PPS the camera sent last, in front of the camera's units. */
static void
test_relay_sei_inject (void)
{
  static const char *const specs[] = { "sei-inject=0.3", NULL };
  g_autoptr (GPtrArray) faults
      = g_ptr_array_new_with_free_func ((GDestroyNotify)hub_sim_fault_free);
  g_autoptr (HubSimCamera) camera = NULL;
  g_autoptr (RawClient) client = NULL;
  g_autoptr (GBytes) sps = NULL;
  g_autoptr (GBytes) pps = NULL;
  guint injected = 0, clean_p = 0;
  Keys k = { 0 };

  client = relay_fault_run ("cam-sei", specs, 3 * FPS, 15000, faults, &camera, &k);
  for (guint i = 0; i < client->aus->len; i++)
    {
      g_autoptr (GArray) units = au_units (g_ptr_array_index (client->aus, i));
      gboolean idr = units_have (units, GST_H264_NAL_SLICE_IDR);

      if (idr && units_have (units, GST_H264_NAL_SPS))
        {
          g_clear_pointer (&sps, g_bytes_unref);
          g_clear_pointer (&pps, g_bytes_unref);
          sps = g_bytes_ref (units_find (units, GST_H264_NAL_SPS));
          pps = g_bytes_ref (units_find (units, GST_H264_NAL_PPS));
          continue;
        }
      if (idr || !units_have (units, GST_H264_NAL_SLICE) || sps == NULL)
        continue;
      if (units->len >= 3 && g_array_index (units, Unit, 0).type == GST_H264_NAL_SEI
          && sei_is_mastering_display (g_array_index (units, Unit, 0).bytes))
        {
          g_assert_true (g_bytes_equal (g_array_index (units, Unit, 1).bytes, sps));
          g_assert_true (g_bytes_equal (g_array_index (units, Unit, 2).bytes, pps));
          injected++;
        }
      else
        {
          g_assert_false (units_have (units, GST_H264_NAL_SPS));
          clean_p++;
        }
    }
  g_test_message ("sei-inject: %u of %u P units carried the SEI and parameter sets", injected,
                  injected + clean_p);
  g_assert_cmpuint (injected, >=, 3);
  g_assert_cmpuint (clean_p, >=, injected);
  keys_clear (&k);
}

/* nal-flood: units arrive with dozens of filler, SEI and reserved NAL units. */
static void
test_relay_nal_flood (void)
{
  static const char *const specs[] = { "nal-flood=0.3", NULL };
  g_autoptr (GPtrArray) faults
      = g_ptr_array_new_with_free_func ((GDestroyNotify)hub_sim_fault_free);
  g_autoptr (HubSimCamera) camera = NULL;
  g_autoptr (RawClient) client = NULL;
  guint flooded = 0, n_filler = 0, n_reserved = 0, n_sei = 0;
  Keys k = { 0 };

  client = relay_fault_run ("cam-flood", specs, 3 * FPS, 15000, faults, &camera, &k);
  for (guint i = 0; i < client->aus->len; i++)
    {
      g_autoptr (GArray) units = au_units (g_ptr_array_index (client->aus, i));
      guint non_vcl = 0;

      for (guint u = 0; u < units->len; u++)
        {
          guint type = g_array_index (units, Unit, u).type;

          non_vcl += type == GST_H264_NAL_FILLER_DATA || type == GST_H264_NAL_SEI
                     || (type >= 16 && type <= 18) || type == 22 || type == 23;
          n_filler += type == GST_H264_NAL_FILLER_DATA;
          n_sei += type == GST_H264_NAL_SEI;
          n_reserved += (type >= 16 && type <= 18) || type == 22 || type == 23;
        }
      flooded += non_vcl >= 40;
    }
  g_test_message ("nal-flood: %u of %u units flooded (filler %u, SEI %u, reserved %u)", flooded,
                  client->aus->len, n_filler, n_sei, n_reserved);
  g_assert_cmpuint (flooded, >=, 3);
  g_assert_cmpuint (n_filler, >=, 3 * 10);
  g_assert_cmpuint (n_reserved, >=, 3 * 10);
  keys_clear (&k);
}

/* hold-back=3: after the unit that sets the stream up (the RTSP server
 * holds it until PLAY), nothing arrives for 3 s, and what arrives is 3 s
 * old. */
static void
test_relay_hold_back (void)
{
  static const char *const specs[] = { "hold-back=3", NULL };
  g_autoptr (GPtrArray) faults
      = g_ptr_array_new_with_free_func ((GDestroyNotify)hub_sim_fault_free);
  g_autoptr (HubSimCamera) camera = NULL;
  g_autoptr (RawClient) client = NULL;
  Keys k = { 0 };
  guint early = 0;

  client = relay_fault_run ("cam-hold", specs, 2 * FPS, 20000, faults, &camera, &k);
  for (guint i = 0; i < client->arrivals->len; i++)
    early += g_array_index (client->arrivals, gint64, i) - client->t_first_au
             < 2500 * G_TIME_SPAN_MILLISECOND;
  g_test_message ("hold-back: first unit %" G_GINT64_FORMAT " ms after PLAY, %u units within "
                  "2.5 s of it; passed units after the first at least %" G_GINT64_FORMAT
                  " ms old",
                  (client->t_first_au - client->t_play) / 1000, early,
                  client->min_later_pass_age_us / 1000);
  for (guint i = 0; i < early && i < client->aus->len; i++)
    {
      g_autoptr (GArray) units = au_units (g_ptr_array_index (client->aus, i));
      g_autoptr (GString) types = g_string_new (NULL);

      for (guint u = 0; u < units->len; u++)
        g_string_append_printf (types, " %u", g_array_index (units, Unit, u).type);
      g_test_message ("hold-back: early unit %u: NAL types%s", i, types->str);
    }
  /* only the unit that set the stream up (the depayloader hands it on in two) */
  g_assert_cmpuint (early, <=, 2);
  g_assert_cmpint (client->min_later_pass_age_us, >=, 2800 * G_TIME_SPAN_MILLISECOND);
  g_assert_cmpint (client->min_later_pass_age_us, <, G_MAXINT64);
  keys_clear (&k);
}

/* param-change: the camera switches to a second PPS, then to a second SPS
 * of the same size, and signs them (every unit after the first IDR passes);
 * with slice-inject, the unit carrying each change also holds an unsigned
 * slice right after the parameter sets, a slice of the unit before. */
static void
check_param_change (gboolean inject)
{
  static const char *const plain[] = { "param-change", NULL };
  static const char *const injected[] = { "param-change", "slice-inject=1", NULL };
  g_autoptr (GPtrArray) faults
      = g_ptr_array_new_with_free_func ((GDestroyNotify)hub_sim_fault_free);
  g_autoptr (HubSimCamera) camera = NULL;
  g_autoptr (RawClient) client = NULL;
  g_autoptr (GBytes) sps = NULL;
  g_autoptr (GBytes) pps = NULL;
  g_autoptr (GBytes) prev_slice = NULL;
  g_autoptr (GHashTable) changed_aus = g_hash_table_new (NULL, NULL);
  guint sps_changes = 0, pps_changes = 0, injections = 0, drops = 0, passes_after = 0;
  gboolean seen_pass = FALSE;
  Keys k = { 0 };

  client = relay_fault_run (inject ? "cam-params-inject" : "cam-params", inject ? injected : plain,
                            7 * FPS, 20000, faults, &camera, &k);
  for (guint i = 0; i < client->aus->len; i++)
    {
      g_autoptr (GArray) units = au_units (g_ptr_array_index (client->aus, i));
      GBytes *new_sps = units_find (units, GST_H264_NAL_SPS);
      GBytes *new_pps = units_find (units, GST_H264_NAL_PPS);
      gboolean changed = FALSE;

      if (new_sps != NULL && sps != NULL && !g_bytes_equal (new_sps, sps))
        {
          g_assert_cmpuint (g_bytes_get_size (new_sps), ==, g_bytes_get_size (sps));
          sps_changes++;
          changed = TRUE;
        }
      if (new_pps != NULL && pps != NULL && !g_bytes_equal (new_pps, pps))
        {
          pps_changes++;
          changed = TRUE;
        }
      if (new_sps != NULL)
        {
          g_clear_pointer (&sps, g_bytes_unref);
          sps = g_bytes_ref (new_sps);
        }
      if (new_pps != NULL)
        {
          g_clear_pointer (&pps, g_bytes_unref);
          pps = g_bytes_ref (new_pps);
        }
      if (changed)
        {
          g_hash_table_add (changed_aus, GUINT_TO_POINTER (i));
          /* the unit right after the PPS: the slice of the unit before? */
          for (guint u = 0; u + 1 < units->len; u++)
            if (g_array_index (units, Unit, u).type == GST_H264_NAL_PPS && prev_slice != NULL
                && g_bytes_equal (g_array_index (units, Unit, u + 1).bytes, prev_slice))
              injections++;
        }
      for (guint u = 0; u < units->len; u++)
        {
          guint type = g_array_index (units, Unit, u).type;

          if (type == GST_H264_NAL_SLICE || type == GST_H264_NAL_SLICE_IDR)
            {
              g_clear_pointer (&prev_slice, g_bytes_unref);
              prev_slice = g_bytes_ref (g_array_index (units, Unit, u).bytes);
              break;
            }
        }
    }

  for (guint v = 0; v < client->verdicts->len; v++)
    {
      HubVerdict verdict = g_array_index (client->verdicts, HubVerdict, v);
      guint au = g_array_index (client->verdict_au, guint, v);

      if (verdict == HUB_VERDICT_PASS)
        {
          seen_pass = TRUE;
          passes_after += drops > 0;
        }
      else if (seen_pass && verdict != HUB_VERDICT_WAIT_KEYFRAME)
        {
          /* only the units that carried the change */
          g_assert_true (inject);
          /* (the gate decides a unit when it completes, or when the next begins) */
          g_assert_true (g_hash_table_contains (changed_aus, GUINT_TO_POINTER (au))
                         || (au > 0 && g_hash_table_contains (changed_aus, GUINT_TO_POINTER (au - 1))));
          drops++;
        }
    }
  g_test_message ("param-change%s: %u units, PPS changed %u, SPS changed %u, slices injected %u, "
                  "units dropped by the gate %u, passed after %u",
                  inject ? " + slice-inject" : "", client->aus->len, pps_changes, sps_changes,
                  injections, drops, passes_after);
  g_assert_cmpuint (pps_changes, >=, 1);
  g_assert_cmpuint (sps_changes, >=, 1);
  g_assert_true (seen_pass);
  if (inject)
    {
      g_assert_cmpuint (injections, >=, 2);
      g_assert_cmpuint (drops, >=, 2);
      g_assert_cmpuint (passes_after, >=, FPS);
    }
  else
    g_assert_cmpuint (injections, ==, 0);
  keys_clear (&k);
}

static void
test_relay_param_change (void)
{
  check_param_change (FALSE);
}

static void
test_relay_slice_inject (void)
{
  check_param_change (TRUE);
}

typedef struct
{
  GArray *verdicts;
} Verdicts;

static void
on_offline_unit (const HubGateUnit *unit, void *user_data)
{
  Verdicts *v = user_data;

  g_array_append_val (v->verdicts, unit->verdict);
}

/* key-rotate=2: the camera signs with its new key (SHA-256 of the label and
 * its seed, as hubview-sim.1 says) from 2 s on, in the session it serves:
 * the same bytes verify under the old key, then under the new one, and the
 * tags' counters run on across the change. */
static void
test_relay_key_rotate (void)
{
  static const char *const specs[] = { "key-rotate=2", NULL };
  static const char label[] = "hubview-sim rotated key";
  g_autoptr (GPtrArray) faults
      = g_ptr_array_new_with_free_func ((GDestroyNotify)hub_sim_fault_free);
  g_autoptr (HubSimCamera) camera = NULL;
  g_autoptr (RawClient) client = NULL;
  crypto_hash_sha256_state state;
  guint8 new_seed[32], new_pk[32], new_sk[64], new_key_id[HUB_KEY_ID_SIZE],
      old_key_id[HUB_KEY_ID_SIZE];
  Verdicts new_verdicts = { g_array_new (FALSE, FALSE, sizeof (HubVerdict)) };
  HubGate *new_gate;
  guint old_tags = 0, new_tags = 0, old_after_new = 0, old_pass = 0, new_pass = 0;
  guint64 last_counter = 0;
  gboolean have_counter = FALSE;
  Keys k = { 0 };

  client = relay_fault_run ("cam-rotate", specs, 5 * FPS, 20000, faults, &camera, &k);

  crypto_hash_sha256_init (&state);
  crypto_hash_sha256_update (&state, (const guint8 *)label, sizeof label - 1);
  crypto_hash_sha256_update (&state, k.seed, sizeof k.seed);
  crypto_hash_sha256_final (&state, new_seed);
  crypto_sign_seed_keypair (new_pk, new_sk, new_seed);
  hub_key_id (new_pk, new_key_id);
  hub_key_id (k.public_key, old_key_id);

  /* The tags themselves: which key, and the counter. */
  for (guint i = 0; i < client->aus->len; i++)
    {
      g_autoptr (GArray) units = au_units (g_ptr_array_index (client->aus, i));

      for (guint u = 0; u < units->len; u++)
        {
          gsize len = 0;
          const guint8 *nal = g_bytes_get_data (g_array_index (units, Unit, u).bytes, &len);
          guint8 tag_bytes[HUB_TAG_MAX_SIZE];
          size_t tag_len = 0;
          HubFrameTag tag;

          if (g_array_index (units, Unit, u).type != GST_H264_NAL_SEI
              || hub_sei_find_tag (nal, len, tag_bytes, sizeof tag_bytes, &tag_len) != HUB_SEI_TAG
              || !hub_frame_tag_decode (tag_bytes, tag_len, &tag))
            continue;
          if (memcmp (tag.key_id, new_key_id, HUB_KEY_ID_SIZE) == 0)
            new_tags++;
          else
            {
              g_assert_cmpmem (tag.key_id, HUB_KEY_ID_SIZE, old_key_id, HUB_KEY_ID_SIZE);
              old_tags++;
              old_after_new += new_tags > 0;
            }
          if (have_counter)
            g_assert_cmpuint (tag.counter, ==, last_counter + 1);
          last_counter = tag.counter;
          have_counter = TRUE;
        }
    }

  /* The same bytes through a gate that trusts the new key. */
  new_gate = hub_gate_new (k.device_id, new_pk, client->nonce, on_offline_unit, &new_verdicts);
  g_assert_nonnull (new_gate);
  for (guint i = 0; i < client->aus->len; i++)
    {
      gsize len = 0;
      const guint8 *data = g_bytes_get_data (g_ptr_array_index (client->aus, i), &len);

      hub_gate_push_annexb (new_gate, data, len);
    }
  hub_gate_free (new_gate);
  for (guint i = 0; i < client->verdicts->len; i++)
    old_pass += g_array_index (client->verdicts, HubVerdict, i) == HUB_VERDICT_PASS;
  for (guint i = 0; i < new_verdicts.verdicts->len; i++)
    new_pass += g_array_index (new_verdicts.verdicts, HubVerdict, i) == HUB_VERDICT_PASS;

  g_test_message ("key-rotate: %u units signed by the old key, then %u by the new one; gate with "
                  "the old key passed %u, with the new key %u",
                  old_tags, new_tags, old_pass, new_pass);
  g_assert_cmpuint (old_tags, >=, FPS);
  g_assert_cmpuint (new_tags, >=, 2 * FPS);
  g_assert_cmpuint (old_after_new, ==, 0);
  g_assert_cmpuint (old_pass, >=, FPS / 2);
  g_assert_cmpuint (new_pass, >=, 2 * FPS);
  g_array_unref (new_verdicts.verdicts);
  sodium_memzero (new_sk, sizeof new_sk);
  keys_clear (&k);
}

int
main (int argc, char **argv)
{
  int ret;

  g_test_init (&argc, &argv, NULL);
  gst_init (&argc, &argv);
  g_assert_cmpint (sodium_init (), >=, 0);
  hub_elements_register ();
  server_setup ();

  g_test_add_func ("/hub/sim-camera/demo-cameras-verify", test_demo_cameras);
  g_test_add_func ("/hub/sim-camera/two-viewers-same-pictures", test_two_viewers);
  g_test_add_func ("/hub/sim-camera/reconnect-continues-counter", test_reconnect_continues_counter);
  g_test_add_func ("/hub/sim-camera/refused-tokens", test_refused_tokens);
  g_test_add_func ("/hub/sim-camera/session-end-disconnects", test_session_end_disconnects);
  g_test_add_func ("/hub/sim-camera/stream-faults", test_stream_faults);
  g_test_add_func ("/hub/sim-camera/key-frame-request", test_key_frame_request);
  g_test_add_func ("/hub/sim-camera/disconnect-and-20-viewers", test_disconnect_and_many_viewers);
  g_test_add_func ("/hub/sim-camera/marker-strip", test_marker_strip);
  g_test_add_func ("/hub/sim-camera/marker-wrong-session", test_marker_wrong_session);
  g_test_add_func ("/hub/sim-camera/offline-and-kill", test_offline_and_kill);
  g_test_add_func ("/hub/sim-camera/rapid-reopen", test_rapid_reopen);
  g_test_add_func ("/hub/sim-camera/relay/sei-inject", test_relay_sei_inject);
  g_test_add_func ("/hub/sim-camera/relay/nal-flood", test_relay_nal_flood);
  g_test_add_func ("/hub/sim-camera/relay/hold-back", test_relay_hold_back);
  g_test_add_func ("/hub/sim-camera/relay/param-change", test_relay_param_change);
  g_test_add_func ("/hub/sim-camera/relay/param-change-slice-inject", test_relay_slice_inject);
  g_test_add_func ("/hub/sim-camera/key-rotate", test_relay_key_rotate);

  ret = g_test_run ();
  server_teardown ();
  return ret;
}
