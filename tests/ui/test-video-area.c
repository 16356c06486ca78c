/* test-video-area.c — the view's own check before it paints (signed-frames
 * §6.4, §6.7): frames with real signed tags (the demo keys of
 * tests/data/keys.json) are handed to a hubpaintablesink; HubVideoArea paints
 * only those whose tag names the camera and the session it was given and
 * verifies under its key. What is painted is read back as pixels from the
 * widget's render node; what is refused must leave the picture empty, say
 * why in the journal and in the event log, and the "verified" property
 * follows the frame held now. */
#include "hub-test-support.h"

#include <glib/gstdio.h>
#include <gst/check/gstharness.h>
#include <gtk/gtk.h>
#include <sodium.h>

#include "hub-device-cert.h"
#include "hub-elements.h"
#include "hub-event-log.h"
#include "hub-paintable-sink.h"
#include "hub-test-log.h"
#include "hub-video-area.h"
#include "hub-camera-tile.h"
#include "hub-camera-view.h"

#define W 64
#define H 36

typedef struct
{
  char *id;
  guint8 pk[HUB_PUBLIC_KEY_SIZE];
  guint8 sk[HUB_SECRET_KEY_SIZE];
} Key;

static Key front, garage;
static const guint8 session[16] = { 0xa0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15 };
static const guint8 other_session[16] = { 0xb0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15 };

static void
load_key (JsonObject *devices, const char *id, Key *k)
{
  JsonObject *d = json_object_get_object_member (devices, id);
  guint8 seed[32], pk[HUB_PUBLIC_KEY_SIZE];

  g_assert_true (hub_hex_decode (json_object_get_string_member (d, "seed"), seed, 32));
  g_assert_true (hub_hex_decode (json_object_get_string_member (d, "public"), pk, 32));
  g_assert_cmpint (crypto_sign_seed_keypair (k->pk, k->sk, seed), ==, 0);
  /* the keys of the file agree with the seeds (an independent check of the fixture) */
  g_assert_cmpmem (k->pk, 32, pk, 32);
  k->id = g_strdup (id);
}

/* An identity as the gate attaches it: a real tag of @device, @nonce,
 * @counter, signed with @signer's secret key. */
static HubFrameIdentity
make_identity (const char *device, const guint8 *nonce, guint64 counter, const Key *signer)
{
  HubFrameTag tag = { .version = 1,
                      .flags = HUB_TAG_FLAG_IDR,
                      .counter = counter,
                      .capture_time_us = (guint64) g_get_real_time (),
                      .vcl_count = 1 };
  HubFrameIdentity id;
  guint8 bytes[HUB_TAG_MAX_SIZE];
  gsize len;

  memcpy (tag.nonce, nonce, HUB_NONCE_SIZE);
  memset (tag.au_digest, 0x5a, sizeof tag.au_digest);
  tag.device_id_len = strlen (device);
  g_strlcpy (tag.device_id, device, sizeof tag.device_id);
  g_assert_true (hub_frame_tag_sign (&tag, signer->sk));
  len = hub_frame_tag_encode (&tag, bytes);
  g_assert_cmpuint (len, >, 0);
  g_assert_true (hub_frame_identity_init_from_tag (&id, bytes, len));
  return id;
}

static GstBuffer *
make_frame (guint8 value, const HubFrameIdentity *id)
{
  GstBuffer *b = gst_buffer_new_allocate (NULL, W * H * 4, NULL);

  gst_buffer_memset (b, 0, value, W * H * 4);
  hub_buffer_add_frame_identity_meta (b, id);
  return b;
}

static void
iterate (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

typedef struct
{
  GtkWidget *window;
  HubVideoArea *area;
  GstHarness *h;
  GstElement *sink;
  HubEventLog *log;
  char *log_path;
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autofree char *caps = g_strdup_printf ("video/x-raw, format=BGRx, width=%u, height=%u, "
                                           "framerate=30/1",
                                           W, H);
  g_autoptr (GError) error = NULL;
  int fd;

  fd = g_file_open_tmp ("test-video-area-XXXXXX.jsonl", &f->log_path, &error);
  g_assert_no_error (error);
  close (fd);
  f->log = hub_event_log_new (f->log_path, &error);
  g_assert_no_error (error);

  f->sink = gst_element_factory_make ("hubpaintablesink", NULL);
  g_object_set (f->sink, "sync", FALSE, NULL);
  f->h = gst_harness_new_with_element (f->sink, "sink", NULL);
  gst_harness_set_src_caps_str (f->h, caps);

  f->window = gtk_window_new ();
  f->area = g_object_ref_sink (HUB_VIDEO_AREA (hub_video_area_new ()));
  gtk_widget_set_size_request (GTK_WIDGET (f->area), W * 4, H * 4);
  gtk_window_set_child (GTK_WINDOW (f->window), GTK_WIDGET (f->area));
  gtk_window_present (GTK_WINDOW (f->window));
  while (gtk_widget_get_width (GTK_WIDGET (f->area)) == 0)
    g_main_context_iteration (NULL, TRUE);
  hub_test_log_reset ();
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  hub_video_area_set_source (f->area, NULL, NULL, NULL, NULL, NULL, NULL);
  gtk_window_destroy (GTK_WINDOW (f->window));
  g_object_unref (f->area);
  gst_harness_teardown (f->h);
  gst_object_unref (f->sink);
  iterate ();
  g_object_unref (f->log);
  g_unlink (f->log_path);
  g_free (f->log_path);
}

/* The widget's own snapshot rendered to pixels: TRUE and the centre pixel's
 * first byte (B of BGRx ~ the frame's fill value) when anything was painted. */
static gboolean
render_centre (Fixture *f, guint8 *value)
{
  GtkWidget *widget = GTK_WIDGET (f->area);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr (GskRenderNode) node = NULL;
  g_autoptr (GdkTexture) texture = NULL;
  int w = gtk_widget_get_width (widget), h = gtk_widget_get_height (widget);
  g_autofree guint8 *pixels = NULL;

  GTK_WIDGET_GET_CLASS (widget)->snapshot (widget, snapshot);
  node = gtk_snapshot_free_to_node (snapshot);
  if (node == NULL)
    return FALSE;
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (f->window)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, w, h));
  pixels = g_malloc ((gsize) w * h * 4);
  gdk_texture_download (texture, pixels, (gsize) w * 4);
  /* gdk_texture_download gives B8G8R8A8 premultiplied (native endian, little) */
  *value = pixels[((gsize) (h / 2) * w + w / 2) * 4];
  return TRUE;
}

/* the event log's lines of @event, parsed */
static GPtrArray *
events (Fixture *f, const char *event)
{
  g_autofree char *text = NULL;
  g_auto (GStrv) lines = NULL;
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);

  g_assert_true (g_file_get_contents (f->log_path, &text, NULL, NULL));
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      JsonNode *node;

      if (*lines[i] == '\0')
        continue;
      node = json_from_string (lines[i], NULL);
      g_assert_nonnull (node);
      if (g_strcmp0 (json_object_get_string_member (json_node_get_object (node), "event"), event)
          == 0)
        g_ptr_array_add (out, node);
      else
        json_node_unref (node);
    }
  return out;
}

static void
push (Fixture *f, guint8 value, const HubFrameIdentity *id)
{
  g_assert_cmpint (gst_harness_push (f->h, make_frame (value, id)), ==, GST_FLOW_OK);
  iterate ();
}

static void
test_own_frame_painted (Fixture *f, gconstpointer data)
{
  HubFrameIdentity id = make_identity (front.id, session, 41, &front);
  g_autoptr (GPtrArray) painted = NULL;
  JsonObject *o;
  guint8 value = 0;

  hub_video_area_set_source (f->area, front.id, front.pk, session, f->sink, "camera", f->log);
  g_assert_false (render_centre (f, &value)); /* nothing yet */
  g_assert_false (hub_video_area_get_verified (f->area));
  push (f, 0x80, &id);
  g_assert_true (hub_video_area_get_verified (f->area));
  g_assert_cmpstr (hub_video_area_get_verdict (f->area), ==, "ok");
  g_assert_true (render_centre (f, &value));
  g_assert_cmpuint (value, ==, 0x80);
  g_assert_cmpuint (hub_video_area_get_frames_painted (f->area), ==, 1);

  painted = events (f, "frame-painted");
  g_assert_cmpuint (painted->len, ==, 1);
  o = json_node_get_object (g_ptr_array_index (painted, 0));
  g_assert_cmpstr (json_object_get_string_member (o, "camera"), ==, "cam-frontdoor");
  g_assert_cmpstr (json_object_get_string_member (o, "nonce"), ==,
                   "a00102030405060708090a0b0c0d0e0f");
  g_assert_cmpint (json_object_get_int_member (o, "counter"), ==, 41);
  g_assert_cmpint (json_object_get_int_member (o, "capture_time_us"), ==,
                   (gint64) id.capture_time_us);
}

typedef struct
{
  const char *name;
  const char *verdict;
} Foreign;

/* A frame the gate of another camera or session would have passed (its tag
 * is genuine for that camera or session), or a forged one: after a frame of
 * ours was on screen, the foreign one replaces it in the sink, and the view
 * paints nothing at all, logs the reason, and stops saying verified. */
static void
test_foreign_frame_refused (Fixture *f, gconstpointer data)
{
  const Foreign *c = data;
  HubFrameIdentity ours = make_identity (front.id, session, 1, &front), theirs;
  g_autoptr (GPtrArray) refused = NULL;
  g_autofree char *line = NULL;
  JsonObject *o;
  guint8 value = 0;

  if (g_str_equal (c->name, "other-device"))
    theirs = make_identity (garage.id, session, 2, &garage);
  else if (g_str_equal (c->name, "other-session"))
    theirs = make_identity (front.id, other_session, 2, &front);
  else if (g_str_equal (c->name, "bad-signature"))
    {
      theirs = make_identity (front.id, session, 2, &front);
      theirs.tag[theirs.tag_len - 1] ^= 0x01;
    }
  else if (g_str_equal (c->name, "other-key"))
    /* device and session right, signed by another camera's key */
    theirs = make_identity (front.id, session, 2, &garage);
  else if (g_str_equal (c->name, "no-tag"))
    {
      theirs = make_identity (front.id, session, 2, &front);
      theirs.tag_len = 0;
    }
  else if (g_str_equal (c->name, "fields-disagree"))
    {
      /* the parsed fields say another counter than the signed bytes */
      theirs = make_identity (front.id, session, 2, &front);
      theirs.counter = 3;
    }
  else
    g_assert_not_reached ();

  hub_video_area_set_source (f->area, front.id, front.pk, session, f->sink, "grid", f->log);
  push (f, 0x40, &ours);
  g_assert_true (render_centre (f, &value));
  g_assert_cmpuint (value, ==, 0x40);
  g_assert_true (hub_video_area_get_verified (f->area));

  push (f, 0xc0, &theirs);
  g_assert_false (render_centre (f, &value));
  g_assert_false (hub_video_area_get_verified (f->area));
  g_assert_cmpstr (hub_video_area_get_verdict (f->area), ==, c->verdict);
  g_assert_cmpuint (hub_video_area_get_frames_painted (f->area), ==, 1);
  g_assert_cmpuint (hub_video_area_get_frames_refused (f->area), ==, 1);

  line = g_strdup_printf ("camera=cam-frontdoor reason=%s", c->verdict);
  g_assert_true (hub_test_log_contains (line));
  refused = events (f, "frame-refused");
  g_assert_cmpuint (refused->len, ==, 1);
  o = json_node_get_object (g_ptr_array_index (refused, 0));
  g_assert_cmpstr (json_object_get_string_member (o, "camera"), ==, "cam-frontdoor");
  g_assert_cmpstr (json_object_get_string_member (o, "refused"), ==, c->verdict);

  /* the next frame of ours is painted again */
  ours = make_identity (front.id, session, 3, &front);
  push (f, 0x60, &ours);
  g_assert_true (render_centre (f, &value));
  g_assert_cmpuint (value, ==, 0x60);
  g_assert_true (hub_video_area_get_verified (f->area));
}

/* The view holds no key (the camera is not trusted): even a genuine frame is
 * not painted. */
static void
test_no_key (Fixture *f, gconstpointer data)
{
  HubFrameIdentity id = make_identity (front.id, session, 1, &front);
  guint8 value;

  hub_video_area_set_source (f->area, front.id, NULL, session, f->sink, "grid", f->log);
  push (f, 0x80, &id);
  g_assert_false (render_centre (f, &value));
  g_assert_cmpstr (hub_video_area_get_verdict (f->area), ==, "no-key");
  g_assert_true (hub_test_log_contains ("camera=cam-frontdoor reason=no-key"));
}

/* The gate's device and session checks broken, without touching the gate:
 * a real hubverifygate configured for cam-frontdoor and the clip's session
 * passes cam-frontdoor's frames, exactly what a gate whose device check
 * (or session check) were skipped would pass to a view asked to show
 * another camera (or session). The view paints none of them; asked to show
 * the clip's camera and session, it paints them (the control). */
typedef struct
{
  const char *name;
  gboolean other_device;
  gboolean other_nonce;
  const char *verdict;
} GateCase;

static void
test_behind_gate (gconstpointer data)
{
  const GateCase *c = data;
  g_autoptr (JsonNode) root = hub_test_load_json ("streams.json");
  JsonObject *o = json_node_get_object (root);
  const char *device = json_object_get_string_member (o, "device_id");
  const char *nonce_hex = json_object_get_string_member (o, "nonce_hex");
  const char *public_hex = json_object_get_string_member (o, "public_hex");
  g_autofree char *clip = hub_test_data_path ("valid.h264");
  g_autofree char *desc = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GstElement) pipeline = NULL;
  g_autoptr (GstElement) sink = NULL;
  g_autoptr (GstBus) bus = NULL;
  g_autoptr (GstMessage) msg = NULL;
  GtkWidget *window = gtk_window_new ();
  HubVideoArea *area = HUB_VIDEO_AREA (hub_video_area_new ());
  guint8 nonce[16], key[32];
  const Key *shown = c->other_device ? &garage : &front;
  guint64 frames_seen = 0;

  g_assert_true (hub_hex_decode (nonce_hex, nonce, 16));
  g_assert_true (hub_hex_decode (public_hex, key, 32));
  g_assert_cmpstr (device, ==, front.id);
  g_assert_cmpmem (key, 32, front.pk, 32);
  if (c->other_nonce)
    nonce[0] ^= 0xff;

  desc = g_strdup_printf (
      "filesrc location=%s ! h264parse ! video/x-h264,stream-format=byte-stream,alignment=nal ! "
      "hubverifygate device-id=%s public-key=%s nonce=%s ! avdec_h264 ! videoconvert ! "
      "video/x-raw,format=BGRx ! hubpaintablesink name=sink sync=false",
      clip, device, public_hex, nonce_hex);
  pipeline = gst_parse_launch (desc, &error);
  g_assert_no_error (error);
  sink = gst_bin_get_by_name (GST_BIN (pipeline), "sink");

  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (area));
  gtk_window_present (GTK_WINDOW (window));
  hub_video_area_set_source (area, shown->id, shown->pk, nonce, sink, "camera", NULL);

  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  bus = gst_element_get_bus (pipeline);
  /* every frame handed over is judged as it arrives; wait for the end */
  for (;;)
    {
      msg = gst_bus_pop_filtered (bus, GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
      if (msg != NULL)
        break;
      g_main_context_iteration (NULL, TRUE);
    }
  g_assert_cmpint (GST_MESSAGE_TYPE (msg), ==, GST_MESSAGE_EOS);
  iterate ();
  frames_seen = hub_video_area_get_frames_refused (area);
  if (c->verdict == NULL)
    {
      g_assert_true (hub_video_area_get_verified (area));
      g_assert_cmpstr (hub_video_area_get_verdict (area), ==, "ok");
      g_assert_cmpuint (frames_seen, ==, 0);
    }
  else
    {
      g_assert_false (hub_video_area_get_verified (area));
      g_assert_cmpstr (hub_video_area_get_verdict (area), ==, c->verdict);
      /* frames did reach the sink (the gate passed them), none was painted */
      g_assert_cmpuint (frames_seen, >, 0);
      g_assert_cmpuint (hub_video_area_get_frames_painted (area), ==, 0);
    }
  g_test_message ("%s: %" G_GUINT64_FORMAT " frames refused", c->name, frames_seen);

  gst_element_set_state (pipeline, GST_STATE_NULL);
  hub_video_area_set_source (area, NULL, NULL, NULL, NULL, NULL, NULL);
  gtk_window_destroy (GTK_WINDOW (window));
  iterate ();
}

/* §6.7: the grid tile's badge and the camera view's say "Verified" while
 * the frame held now passed the view's check — whatever the session says
 * (here there is none at all: its state reads "stopped" throughout). */
static void
test_badge_follows_frame (Fixture *f, gconstpointer data)
{
  g_autoptr (JsonNode) keys = hub_test_load_json ("keys.json");
  JsonObject *devices = json_object_get_object_member (json_node_get_object (keys), "devices");
  JsonObject *record = json_object_new ();
  g_autoptr (HubTrustStore) trust = hub_trust_store_new ();
  g_autoptr (HubCamera) camera = NULL;
  g_autoptr (GError) error = NULL;
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  HubCameraTile *tile;
  HubCameraView *view;
  HubFrameIdentity ours = make_identity (front.id, session, 1, &front);
  HubFrameIdentity theirs = make_identity (garage.id, session, 2, &garage);
  GstElement *sink2 = gst_element_factory_make ("hubpaintablesink", NULL);
  GstHarness *h2;

  hub_trust_store_add_demo_root (trust);
  json_object_set_string_member (record, "id", "cam-frontdoor");
  json_object_set_string_member (record, "name", "Front door");
  json_object_set_boolean_member (record, "online", TRUE);
  json_object_set_string_member (
      record, "deviceCertificate",
      json_object_get_string_member (json_object_get_object_member (devices, "cam-frontdoor"),
                                     "certificate_b64"));
  camera = hub_camera_new_from_json (record, trust, &error);
  json_object_unref (record);
  g_assert_no_error (error);
  g_assert_true (hub_camera_get_trusted (camera));

  tile = HUB_CAMERA_TILE (hub_camera_tile_new (camera));
  view = HUB_CAMERA_VIEW (hub_camera_view_new ());
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (tile));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (view));
  gtk_window_set_child (GTK_WINDOW (f->window), box);
  hub_camera_tile_set_feed (tile, NULL, NULL);
  hub_camera_view_set_feed (view, NULL, NULL);
  g_object_set (sink2, "sync", FALSE, NULL);
  h2 = gst_harness_new_with_element (sink2, "sink", NULL);
  gst_harness_set_src_caps_str (h2, "video/x-raw, format=BGRx, width=64, height=36, "
                                    "framerate=30/1");
  hub_video_area_set_source (hub_camera_tile_get_video (tile), front.id, front.pk, session, f->sink,
                             "grid", NULL);
  hub_video_area_set_source (hub_camera_view_get_video (view), front.id, front.pk, session, sink2,
                             "camera", NULL);
  g_assert_cmpstr (hub_camera_tile_get_badge_text (tile), !=, "✔ Verified");
  g_assert_cmpstr (hub_camera_view_get_badge_text (view), ==, "");

  push (f, 0x80, &ours);
  gst_harness_push (h2, make_frame (0x80, &ours));
  iterate ();
  g_assert_cmpstr (hub_camera_tile_get_badge_text (tile), ==, "✔ Verified");
  g_assert_cmpstr (hub_camera_view_get_badge_text (view), ==, "✔ Verified");

  /* a frame the view refuses: the badge goes with it */
  push (f, 0x80, &theirs);
  gst_harness_push (h2, make_frame (0x80, &theirs));
  iterate ();
  g_assert_cmpstr (hub_camera_tile_get_badge_text (tile), !=, "✔ Verified");
  g_assert_cmpstr (hub_camera_view_get_badge_text (view), ==, "");

  hub_video_area_set_source (hub_camera_view_get_video (view), NULL, NULL, NULL, NULL, NULL, NULL);
  hub_video_area_set_source (hub_camera_tile_get_video (tile), NULL, NULL, NULL, NULL, NULL, NULL);
  gst_harness_teardown (h2);
  gst_object_unref (sink2);
}

int
main (int argc, char *argv[])
{
  static const Foreign foreign[] = {
    { "other-device", "wrong-device" },   { "other-session", "wrong-session" },
    { "bad-signature", "bad-signature" }, { "other-key", "bad-signature" },
    { "no-tag", "no-identity" },          { "fields-disagree", "malformed" },
  };
  static const GateCase gate_cases[] = {
    { "same-camera", FALSE, FALSE, NULL },
    { "other-camera", TRUE, FALSE, "wrong-device" },
    { "other-session", FALSE, TRUE, "wrong-session" },
  };
  g_autoptr (JsonNode) keys = NULL;
  JsonObject *devices;

  hub_test_log_capture ();
  gst_init (&argc, &argv);
  gtk_test_init (&argc, &argv, NULL);
  g_assert_cmpint (sodium_init (), >=, 0);
  hub_elements_register ();
  GST_ELEMENT_REGISTER (hubpaintablesink, NULL);

  keys = hub_test_load_json ("keys.json");
  devices = json_object_get_object_member (json_node_get_object (keys), "devices");
  load_key (devices, "cam-frontdoor", &front);
  load_key (devices, "cam-garage", &garage);

  g_test_add ("/hub/video-area/own-frame-painted", Fixture, NULL, fixture_set_up,
              test_own_frame_painted, fixture_tear_down);
  for (guint i = 0; i < G_N_ELEMENTS (foreign); i++)
    {
      g_autofree char *path = g_strdup_printf ("/hub/video-area/refused/%s", foreign[i].name);

      g_test_add (path, Fixture, &foreign[i], fixture_set_up, test_foreign_frame_refused,
                  fixture_tear_down);
    }
  for (guint i = 0; i < G_N_ELEMENTS (gate_cases); i++)
    {
      g_autofree char *path
          = g_strdup_printf ("/hub/video-area/behind-gate/%s", gate_cases[i].name);

      g_test_add_data_func (path, &gate_cases[i], test_behind_gate);
    }
  g_test_add ("/hub/video-area/badge-follows-frame", Fixture, NULL, fixture_set_up,
              test_badge_follows_frame, fixture_tear_down);
  g_test_add ("/hub/video-area/no-key", Fixture, NULL, fixture_set_up, test_no_key,
              fixture_tear_down);
  return g_test_run ();
}
