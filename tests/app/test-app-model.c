/* test-app-model.c — the app's model without a network: camera records, trust, the camera
 * list's updates, the token file, and the cloud client's rules (backoff, Retry-After, errors,
 * parsers)
 *
 * Copyright 2026 hubview developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <errno.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <sodium.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include "hub-json.h"
#include "hub-camera-list.h"
#include "hub-camera.h"
#include "hub-cloud-auth-private.h"
#include "hub-cloud-cameras-private.h"
#include "hub-cloud-client.h"
#include "hub-cloud-request-private.h"
#include "hub-cloud-sign-in-private.h"
#include "hub-cloud-streams-private.h"
#include "hub-config.h"
#include "hub-device-cert.h"
#include "hub-test-log.h"
#include "hub-test-support.h"
#include "hub-token-store.h"
#include "hub-trust-store.h"

#define DEMO_ROOT_B64 "ZA6Wmy9+N2EcOKI7Q6DX1l19+vIx8sEbvHQazauim58="

/* The example of cloud-api.md: the demo camera's real certificate. */
static const char *valid_record
    = "{\"id\": \"cam-frontdoor\", \"name\": \"Front door\", \"room\": \"Entrance\","
      " \"online\": true, \"protocols\": [\"RTSP\"], \"videoCodecs\": [\"H264\"],"
      " \"maxVideoResolution\": {\"width\": 1920, \"height\": 1080},"
      " \"deviceCertificate\": \"AanYUsSB43iicoApLAeHezy8G9a5mk/XdyiSJr0l6RujgAgLG1ef4SMAAAAAZVPxAA"
      "AAAAB3NZQADWNhbS1mcm9udGRvb3IORGVtbyBDYW0gMTA4MHBZ1EjiWuSjf2FcURynOE9By2ygJm1H/"
      "x6qH39TQPAv5hG"
      "Vdhrgv9HE5WBg9ZBoB40El5qYe7u5ZoAmcNZUNAsF\"}";

static guint8 test_root_pk[32], test_root_sk[64];
static char *tmpdir;

static JsonObject *
parse_object (const char *json)
{
  g_autoptr (JsonNode) node = NULL;
  g_autoptr (GError) error = NULL;

  node = json_from_string (json, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  return json_object_ref (json_node_get_object (node));
}

static HubTrustStore *
demo_trust (void)
{
  HubTrustStore *trust = hub_trust_store_new ();

  hub_trust_store_add_demo_root (trust);
  return trust;
}

/* A certificate for @id signed by the test root, base64. */
static char *
test_certificate (const char *id, guint64 not_before, guint64 not_after, gboolean corrupt)
{
  HubDeviceCert cert;
  guint8 seed[32] = { 3 }, sk[64], buf[HUB_CERT_MAX_SIZE];
  gsize n;

  memset (&cert, 0, sizeof cert);
  cert.version = 1;
  crypto_sign_seed_keypair (cert.public_key, sk, seed);
  cert.not_before = not_before;
  cert.not_after = not_after;
  cert.device_id_len = (guint8)strlen (id);
  strcpy (cert.device_id, id);
  cert.model_len = 4;
  strcpy (cert.model, "Test");
  g_assert_true (hub_device_cert_sign (&cert, test_root_sk));
  if (corrupt)
    cert.signature[10] ^= 0x40;
  n = hub_device_cert_encode (&cert, buf);
  g_assert_cmpuint (n, >, 0);
  return g_base64_encode (buf, n);
}

static void
count_notify (GObject *object, GParamSpec *pspec, guint *count)
{
  (*count)++;
}

static void
count_changed (gpointer instance, guint *count)
{
  (*count)++;
}

/* ---- HubCamera ------------------------------------------------------------- */

static void
test_camera_valid (void)
{
  g_autoptr (HubTrustStore) trust = demo_trust ();
  g_autoptr (JsonObject) record = parse_object (valid_record);
  g_autoptr (GError) error = NULL;
  g_autoptr (HubCamera) camera = hub_camera_new_from_json (record, trust, &error);
  g_autoptr (JsonNode) keys = hub_test_load_json ("keys.json");
  JsonObject *device = json_object_get_object_member (
      json_object_get_object_member (json_node_get_object (keys), "devices"), "cam-frontdoor");
  gsize key_len = 0;
  g_autofree guint8 *key
      = hub_test_hex (json_object_get_string_member (device, "public"), &key_len);
  guint width = 0, height = 0;

  g_assert_no_error (error);
  g_assert_nonnull (camera);
  g_assert_cmpstr (hub_camera_get_id (camera), ==, "cam-frontdoor");
  g_assert_cmpstr (hub_camera_get_name (camera), ==, "Front door");
  g_assert_cmpstr (hub_camera_get_room (camera), ==, "Entrance");
  g_assert_true (hub_camera_get_online (camera));
  g_assert_true (hub_camera_get_trusted (camera));
  g_assert_null (hub_camera_get_untrusted_reason (camera));
  g_assert_true (hub_camera_get_supports_rtsp (camera));
  hub_camera_get_max_resolution (camera, &width, &height);
  g_assert_cmpuint (width, ==, 1920);
  g_assert_cmpuint (height, ==, 1080);
  g_assert_cmpmem (hub_camera_get_public_key (camera), 32, key, key_len);
}

typedef struct
{
  const char *name;
  const char *member;  /* set (or removed, when json is NULL) */
  const char *json;    /* the member's new value; "@huge" for a 1 MiB string */
  const char *mention; /* the error message must say this */
} Mutation;

static const Mutation mutations[] = {
  { "id missing", "id", NULL, "“id” is missing" },
  { "id a number", "id", "42", "“id” is a whole number" },
  { "id null", "id", "null", "“id” is null" },
  { "id empty", "id", "\"\"", "“id” is empty" },
  { "id with a slash", "id", "\"cam/../etc\"", "not a device ID" },
  { "id with a space", "id", "\"cam front\"", "not a device ID" },
  { "id with a newline", "id", "\"cam\\nfront\"", "not a device ID" },
  { "id of 65 bytes", "id", "\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"",
    "“id”" },
  { "id huge", "id", "@huge", "“id” is 1048576 bytes long" },
  { "name missing", "name", NULL, "“name” is missing" },
  { "name a number", "name", "3", "“name” is a whole number, expected a string" },
  { "name an object", "name", "{}", "“name” is an object" },
  { "name empty", "name", "\"\"", "“name” is empty" },
  { "name of 201 characters", "name", "@201", "longer than 200 characters" },
  { "name huge", "name", "@huge", "“name” is 1048576 bytes long" },
  { "name with a control character", "name", "\"Front\\u0007door\"", "control character" },
  { "room a boolean", "room", "false", "“room” is a boolean" },
  { "room huge", "room", "@huge", "“room”" },
  { "online a string", "online", "\"yes\"", "“online” is a string, expected true or false" },
  { "online a number", "online", "1", "“online” is a whole number" },
  { "online missing", "online", NULL, "“online” is missing" },
  { "protocols a string", "protocols", "\"RTSP\"", "“protocols” is a string, expected an array" },
  { "protocols of numbers", "protocols", "[1]", "“protocols” entry 0 is a whole number" },
  { "protocols too many", "protocols",
    "[\"a\",\"a\",\"a\",\"a\",\"a\",\"a\",\"a\",\"a\",\"a\",\"a\",\"a\",\"a\",\"a\",\"a\",\"a\","
    "\"a\",\"a\"]",
    "17 entries" },
  { "videoCodecs an object", "videoCodecs", "{}", "“videoCodecs” is an object" },
  { "resolution an array", "maxVideoResolution", "[1920, 1080]",
    "“maxVideoResolution” is an array" },
  { "resolution width a string", "maxVideoResolution", "{\"width\": \"1920\", \"height\": 1080}",
    "maxVideoResolution: “width” is a string" },
  { "resolution width 0", "maxVideoResolution", "{\"width\": 0, \"height\": 1080}",
    "“width” is 0" },
  { "resolution height fractional", "maxVideoResolution", "{\"width\": 10, \"height\": 1.5}",
    "“height” is a fractional number" },
  { "resolution huge", "maxVideoResolution", "{\"width\": 10, \"height\": 99999999}",
    "“height” is 99999999" },
  { "deviceCertificate missing", "deviceCertificate", NULL, "“deviceCertificate” is missing" },
  { "deviceCertificate a number", "deviceCertificate", "123",
    "“deviceCertificate” is a whole number" },
  { "deviceCertificate an array", "deviceCertificate", "[\"AQ==\"]",
    "“deviceCertificate” is an array" },
  { "deviceCertificate huge", "deviceCertificate", "@huge",
    "“deviceCertificate” is 1048576 bytes" },
};

static void
test_camera_wrong_types (void)
{
  g_autoptr (HubTrustStore) trust = demo_trust ();

  for (guint i = 0; i < G_N_ELEMENTS (mutations); i++)
    {
      const Mutation *m = &mutations[i];
      g_autoptr (JsonObject) record = parse_object (valid_record);
      g_autoptr (GError) error = NULL;
      g_autoptr (HubCamera) camera = NULL;

      if (m->json == NULL)
        json_object_remove_member (record, m->member);
      else if (g_str_equal (m->json, "@huge") || g_str_equal (m->json, "@201"))
        {
          gsize len = g_str_equal (m->json, "@huge") ? 1024 * 1024 : 201;
          g_autofree char *huge = g_malloc (len + 1);

          memset (huge, 'a', len);
          huge[len] = '\0';
          json_object_set_string_member (record, m->member, huge);
        }
      else
        {
          g_autoptr (JsonNode) value = json_from_string (m->json, NULL);

          g_assert_nonnull (value);
          json_object_set_member (record, m->member, g_steal_pointer (&value));
        }

      camera = hub_camera_new_from_json (record, trust, &error);
      g_test_message ("%s: %s", m->name, error ? error->message : "(no error)");
      g_assert_null (camera);
      g_assert_error (error, HUB_CLOUD_ERROR, HUB_CLOUD_ERROR_MALFORMED);
      g_assert_nonnull (strstr (error->message, m->mention));
      /* the message never carries a huge value */
      g_assert_cmpuint (strlen (error->message), <, 400);
    }
}

static void
test_camera_optional_fields (void)
{
  g_autoptr (HubTrustStore) trust = demo_trust ();
  g_autoptr (JsonObject) record = parse_object (valid_record);
  g_autoptr (GError) error = NULL;
  g_autoptr (HubCamera) camera = NULL;
  guint width = 1, height = 1;

  json_object_remove_member (record, "room");
  json_object_remove_member (record, "maxVideoResolution");
  json_object_remove_member (record, "videoCodecs");
  json_object_set_member (record, "protocols", json_from_string ("[\"WEB_RTC\"]", NULL));
  json_object_set_member (record, "extra", json_from_string ("{\"future\": [1, 2]}", NULL));
  camera = hub_camera_new_from_json (record, trust, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (hub_camera_get_room (camera), ==, "");
  g_assert_false (hub_camera_get_supports_rtsp (camera));
  hub_camera_get_max_resolution (camera, &width, &height);
  g_assert_cmpuint (width, ==, 0);
  g_assert_cmpuint (height, ==, 0);
  g_assert_true (hub_camera_get_trusted (camera));
}

/* A record whose certificate is @certificate, checked with @trust. */
static HubCamera *
camera_with_certificate (HubTrustStore *trust, const char *id, const char *certificate)
{
  g_autoptr (JsonObject) record = parse_object (valid_record);
  g_autoptr (GError) error = NULL;
  HubCamera *camera;

  json_object_set_string_member (record, "id", id);
  json_object_set_string_member (record, "deviceCertificate", certificate);
  camera = hub_camera_new_from_json (record, trust, &error);
  g_assert_no_error (error);
  g_assert_nonnull (camera);
  return camera;
}

static void
assert_untrusted (HubCamera *camera, const char *reason_part)
{
  g_test_message ("%s: %s", hub_camera_get_id (camera), hub_camera_get_untrusted_reason (camera));
  g_assert_false (hub_camera_get_trusted (camera));
  g_assert_null (hub_camera_get_public_key (camera));
  g_assert_nonnull (hub_camera_get_untrusted_reason (camera));
  g_assert_nonnull (strstr (hub_camera_get_untrusted_reason (camera), reason_part));
}

static void
test_camera_trust_failures (void)
{
  g_autoptr (HubTrustStore) none = hub_trust_store_new ();
  g_autoptr (HubTrustStore) test_root = hub_trust_store_new ();
  g_autoptr (HubTrustStore) demo = demo_trust ();
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  g_autofree char *good = test_certificate ("cam-test", now - 60, now + 3600, FALSE);
  g_autofree char *expired = test_certificate ("cam-test", now - 7200, now - 3600, FALSE);
  g_autofree char *early = test_certificate ("cam-test", now + 3600, now + 7200, FALSE);
  g_autofree char *other_id = test_certificate ("cam-other", now - 60, now + 3600, FALSE);
  g_autofree char *forged = test_certificate ("cam-test", now - 60, now + 3600, TRUE);
  g_autoptr (HubCamera) camera = NULL;

  hub_trust_store_add_root (test_root, test_root_pk);
  g_assert_cmpuint (hub_trust_store_get_n_roots (test_root), ==, 1);

  hub_test_log_reset ();
  camera = camera_with_certificate (test_root, "cam-test", good);
  g_assert_true (hub_camera_get_trusted (camera));
  g_clear_object (&camera);

  camera = camera_with_certificate (none, "cam-test", good);
  assert_untrusted (camera, "trusts no certificate roots");
  g_clear_object (&camera);
  camera = camera_with_certificate (demo, "cam-test", good);
  assert_untrusted (camera, "issued by a root this hub does not trust");
  g_clear_object (&camera);
  camera = camera_with_certificate (test_root, "cam-test", expired);
  assert_untrusted (camera, "expired on");
  g_clear_object (&camera);
  camera = camera_with_certificate (test_root, "cam-test", early);
  assert_untrusted (camera, "not valid before");
  g_clear_object (&camera);
  camera = camera_with_certificate (test_root, "cam-test", other_id);
  assert_untrusted (camera, "belongs to another camera (“cam-other”)");
  g_clear_object (&camera);
  camera = camera_with_certificate (test_root, "cam-test", forged);
  assert_untrusted (camera, "signature that does not verify");
  g_clear_object (&camera);
  camera = camera_with_certificate (test_root, "cam-test", "AQID");
  assert_untrusted (camera, "damaged");
  g_clear_object (&camera);
  camera = camera_with_certificate (test_root, "cam-test", "not base64 at all!");
  assert_untrusted (camera, "damaged");
  g_clear_object (&camera);

  /* the log names the camera in a field */
  g_assert_true (hub_test_log_contains ("CAMERA=cam-test"));
}

static void
test_camera_update_from (void)
{
  g_autoptr (HubTrustStore) trust = demo_trust ();
  g_autoptr (JsonObject) record = parse_object (valid_record);
  g_autoptr (HubCamera) a = hub_camera_new_from_json (record, trust, NULL);
  g_autoptr (HubCamera) b = NULL;
  guint notified = 0;

  json_object_set_string_member (record, "name", "Porch");
  json_object_set_boolean_member (record, "online", FALSE);
  b = hub_camera_new_from_json (record, trust, NULL);
  g_signal_connect (a, "notify", G_CALLBACK (count_notify), &notified);
  hub_camera_update_from (a, b);
  g_assert_cmpuint (notified, ==, 2); /* name, online */
  g_assert_cmpstr (hub_camera_get_name (a), ==, "Porch");
  g_assert_false (hub_camera_get_online (a));
  g_assert_true (hub_camera_get_trusted (a));
}

/* ---- HubTrustStore --------------------------------------------------------- */

static void
test_trust_load_dir (void)
{
  g_autofree char *dir = g_build_filename (tmpdir, "roots", NULL);
  g_autofree char *good = g_build_filename (dir, "demo.pub", NULL);
  g_autofree char *bad = g_build_filename (dir, "broken.pub", NULL);
  g_autofree char *other = g_build_filename (dir, "readme.txt", NULL);
  g_autofree char *missing = g_build_filename (tmpdir, "no-such-dir", NULL);
  g_autoptr (HubTrustStore) trust = hub_trust_store_new ();
  g_autoptr (HubTrustStore) empty = hub_trust_store_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonObject) record = parse_object (valid_record);
  g_autoptr (HubCamera) camera = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (good, DEMO_ROOT_B64 "\n", -1, NULL));
  g_assert_true (g_file_set_contents (bad, "not a key\n", -1, NULL));
  g_assert_true (g_file_set_contents (other, "ignored", -1, NULL));

  hub_test_log_reset ();
  g_assert_true (hub_trust_store_load_dir (trust, dir, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (hub_trust_store_get_n_roots (trust), ==, 1);
  g_assert_true (hub_test_log_contains ("broken.pub"));
  g_assert_false (hub_test_log_contains ("readme.txt:"));
  camera = hub_camera_new_from_json (record, trust, NULL);
  g_assert_true (hub_camera_get_trusted (camera));

  g_assert_false (hub_trust_store_load_dir (empty, missing, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  g_assert_cmpuint (hub_trust_store_get_n_roots (empty), ==, 0);

  g_unlink (good);
  g_unlink (bad);
  g_unlink (other);
  g_rmdir (dir);
}

static gboolean
on_deadline (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Trust is live (signed-frames §6.5): the root of a camera's certificate
 * removed — by the API, or as a file from the watched directory — makes the
 * camera untrusted at once, "trusted" notified, its key gone; a root put back
 * makes it trusted again. */
static void
test_trust_root_removed (void)
{
  g_autofree char *dir = g_build_filename (tmpdir, "watched-roots", NULL);
  g_autofree char *root_file = g_build_filename (dir, "demo.pub", NULL);
  g_autoptr (HubTrustStore) trust = hub_trust_store_new ();
  g_autoptr (JsonObject) record = parse_object (valid_record);
  g_autoptr (HubCamera) camera = NULL;
  g_autoptr (GError) error = NULL;
  guint8 demo_pk[32];
  gsize len = 0;
  g_autofree guint8 *decoded = g_base64_decode (DEMO_ROOT_B64, &len);
  guint notified = 0;
  gboolean timed_out = FALSE;
  guint timeout;

  g_assert_cmpuint (len, ==, 32);
  memcpy (demo_pk, decoded, 32);
  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (root_file, DEMO_ROOT_B64 "\n", -1, NULL));
  g_assert_true (hub_trust_store_load_dir (trust, dir, &error));
  g_assert_no_error (error);
  hub_trust_store_add_root (trust, test_root_pk);
  hub_trust_store_watch_dir (trust, dir);

  camera = hub_camera_new_from_json (record, trust, &error);
  g_assert_no_error (error);
  g_assert_true (hub_camera_get_trusted (camera));
  g_assert_nonnull (hub_camera_get_public_key (camera));
  g_signal_connect (camera, "notify::trusted", G_CALLBACK (count_notify), &notified);

  /* another root goes: nothing changes for this camera */
  hub_trust_store_remove_root (trust, test_root_pk);
  g_assert_cmpuint (notified, ==, 0);
  g_assert_true (hub_camera_get_trusted (camera));

  /* its own root goes: untrusted before the call returns */
  hub_trust_store_remove_root (trust, demo_pk);
  g_assert_cmpuint (notified, ==, 1);
  g_assert_false (hub_camera_get_trusted (camera));
  g_assert_null (hub_camera_get_public_key (camera));
  g_assert_nonnull (strstr (hub_camera_get_untrusted_reason (camera), "no certificate roots"));

  /* the directory is read again when it changes: the root is still in it */
  g_assert_true (g_file_set_contents (root_file, DEMO_ROOT_B64 "\n", -1, NULL));
  timeout = g_timeout_add_seconds (10, on_deadline, &timed_out);
  while (!hub_camera_get_trusted (camera) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (hub_camera_get_trusted (camera));
  g_assert_cmpuint (notified, ==, 2);

  /* and the file removed: untrusted as soon as the hub hears of it */
  g_unlink (root_file);
  while (hub_camera_get_trusted (camera) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (timeout);
  g_assert_false (hub_camera_get_trusted (camera));
  g_assert_null (hub_camera_get_public_key (camera));
  g_assert_cmpuint (hub_trust_store_get_n_roots (trust), ==, 0);
  g_signal_handlers_disconnect_by_data (camera, &notified);
  g_rmdir (dir);
}

/* ---- HubCameraList --------------------------------------------------------- */

typedef struct
{
  GString *changes;  /* "(pos,removed,added)" each */
  GPtrArray *shadow; /* the list as the signals describe it */
} ListWatch;

static void
on_items_changed (GListModel *model, guint position, guint removed, guint added, ListWatch *watch)
{
  g_string_append_printf (watch->changes, "(%u,%u,%u)", position, removed, added);
  g_assert_cmpuint (position + removed, <=, watch->shadow->len);
  g_ptr_array_remove_range (watch->shadow, position, removed);
  for (guint i = 0; i < added; i++)
    g_ptr_array_insert (watch->shadow, (int)(position + i),
                        g_list_model_get_item (model, position + i));
}

/* Cameras named by @ids ("a b c"); "b=Name" renames. */
static GPtrArray *
cameras (HubTrustStore *trust, const char *ids)
{
  g_auto (GStrv) names = g_strsplit (ids, " ", -1);
  GPtrArray *out = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autoptr (JsonObject) record = parse_object (valid_record);
      g_auto (GStrv) parts = g_strsplit (names[i], "=", 2);
      g_autoptr (GError) error = NULL;
      HubCamera *camera;

      if (*names[i] == '\0')
        continue;
      json_object_set_string_member (record, "id", parts[0]);
      json_object_set_string_member (record, "name", parts[1] ? parts[1] : parts[0]);
      camera = hub_camera_new_from_json (record, trust, &error);
      g_assert_no_error (error);
      g_ptr_array_add (out, camera);
    }
  return out;
}

static char *
list_ids (GListModel *model)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr (HubCamera) camera = g_list_model_get_item (model, i);

      g_string_append_printf (out, "%s%s", i ? " " : "", hub_camera_get_id (camera));
    }
  return g_string_free (out, FALSE);
}

static void
check_update (HubCameraList *list, ListWatch *watch, HubTrustStore *trust, const char *ids,
              const char *const *order, const char *expected_ids, const char *expected_changes)
{
  g_autoptr (GPtrArray) new_cameras = cameras (trust, ids);
  g_autofree char *result = NULL;

  g_string_truncate (watch->changes, 0);
  hub_camera_list_update (list, new_cameras, order);
  result = list_ids (G_LIST_MODEL (list));
  g_test_message ("update to [%s]: [%s] %s", ids, result, watch->changes->str);
  g_assert_cmpstr (result, ==, expected_ids);
  g_assert_cmpstr (watch->changes->str, ==, expected_changes);
  /* the signals alone rebuild the list exactly, object for object */
  g_assert_cmpuint (watch->shadow->len, ==, g_list_model_get_n_items (G_LIST_MODEL (list)));
  for (guint i = 0; i < watch->shadow->len; i++)
    {
      g_autoptr (HubCamera) camera = g_list_model_get_item (G_LIST_MODEL (list), i);

      g_assert_true (camera == g_ptr_array_index (watch->shadow, i));
    }
}

static void
test_camera_list_updates (void)
{
  g_autoptr (HubTrustStore) trust = demo_trust ();
  g_autoptr (HubCameraList) list = hub_camera_list_new ();
  ListWatch watch = { g_string_new (NULL), g_ptr_array_new_with_free_func (g_object_unref) };
  const char *const order_c[] = { "c", NULL };
  const char *const order_eb[] = { "e", "missing", "b", NULL };
  HubCamera *b;
  guint renames = 0;

  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (list)) == HUB_TYPE_CAMERA);
  g_signal_connect (list, "items-changed", G_CALLBACK (on_items_changed), &watch);

  check_update (list, &watch, trust, "a b c", NULL, "a b c", "(0,0,3)");
  check_update (list, &watch, trust, "a b c", NULL, "a b c", "");

  /* a rename: the same object, notified, no row change */
  b = hub_camera_list_lookup (list, "b");
  g_assert_nonnull (b);
  g_signal_connect (b, "notify::name", G_CALLBACK (count_notify), &renames);
  check_update (list, &watch, trust, "a b=Bee c", NULL, "a b c", "");
  g_assert_cmpuint (renames, ==, 1);
  g_assert_true (hub_camera_list_lookup (list, "b") == b);
  g_assert_cmpstr (hub_camera_get_name (b), ==, "Bee");
  g_assert_cmpint (hub_camera_list_index_of (list, "b"), ==, 1);
  g_assert_cmpint (hub_camera_list_index_of (list, "zzz"), ==, -1);
  g_assert_null (hub_camera_list_lookup (list, "zzz"));

  check_update (list, &watch, trust, "a c", NULL, "a c", "(1,1,0)");
  check_update (list, &watch, trust, "a c d", NULL, "a c d", "(2,0,1)");
  check_update (list, &watch, trust, "x a c d", NULL, "x a c d", "(0,0,1)");
  check_update (list, &watch, trust, "a b c d e", NULL, "a b c d e", "(0,1,0)(1,0,1)(4,0,1)");
  /* one signal per contiguous run */
  check_update (list, &watch, trust, "a e", NULL, "a e", "(1,3,0)");
  check_update (list, &watch, trust, "a b c d e", NULL, "a b c d e", "(1,0,3)");
  /* runs apart: removals from the end, so positions hold when applied in turn */
  check_update (list, &watch, trust, "a c e", NULL, "a c e", "(3,1,0)(1,1,0)");
  check_update (list, &watch, trust, "a b c d e f", NULL, "a b c d e f", "(1,0,1)(3,0,1)(5,0,1)");
  check_update (list, &watch, trust, "b c d", NULL, "b c d", "(4,2,0)(0,1,0)");

  /* order: named cameras first; a move is a removal and an insertion */
  check_update (list, &watch, trust, "b c d", order_c, "c b d", "(1,1,0)(0,0,1)");
  check_update (list, &watch, trust, "b c d", NULL, "b c d", "(1,1,0)(0,0,1)");
  check_update (list, &watch, trust, "a b c d e", order_eb, "e b a c d", "(0,0,1)(2,0,1)");
  /* a camera listed twice is kept once */
  check_update (list, &watch, trust, "e b a c d d", order_eb, "e b a c d", "");
  check_update (list, &watch, trust, "", NULL, "", "(0,5,0)");

  g_string_free (watch.changes, TRUE);
  g_ptr_array_unref (watch.shadow);
}

/* ---- HubTokenStore --------------------------------------------------------- */

static guint
file_mode (const char *path)
{
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  return st.st_mode & 0777;
}

static guint64
file_inode (const char *path)
{
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  return st.st_ino;
}

static guint
count_files (const char *dir)
{
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  guint n = 0;

  while (d != NULL && g_dir_read_name (d) != NULL)
    n++;
  return n;
}

static void
test_token_store_default_path (void)
{
  g_autoptr (HubTokenStore) store = hub_token_store_new (NULL);
  g_autofree char *expected = g_build_filename (tmpdir, "state", "hubview", "tokens.json", NULL);

  /* main() pointed XDG_STATE_HOME into the test's directory */
  g_assert_cmpstr (hub_token_store_get_path (store), ==, expected);
}

static void
test_token_store_roundtrip (void)
{
  g_autofree char *dir = g_build_filename (tmpdir, "tokens-a", "nested", NULL);
  g_autofree char *path = g_build_filename (dir, "tokens.json", NULL);
  g_autoptr (HubTokenStore) store = hub_token_store_new (path);
  g_autoptr (HubTokenStore) again = hub_token_store_new (path);
  g_autoptr (GError) error = NULL;
  g_autofree char *content = NULL;
  guint changed = 0;
  guint64 inode;

  g_signal_connect (store, "changed", G_CALLBACK (count_changed), &changed);
  /* no file yet: FALSE, no error, empty */
  g_assert_false (hub_token_store_load (store, &error));
  g_assert_no_error (error);
  g_assert_false (hub_token_store_has_tokens (store));

  hub_test_log_reset ();
  g_assert_true (hub_token_store_save (store, "access-secret-1", "refresh-secret-1",
                                       1234567890123456, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (changed, >=, 2);
  g_assert_cmpuint (file_mode (path), ==, 0600);
  g_assert_cmpuint (file_mode (dir), ==, 0700);
  g_assert_true (g_file_get_contents (path, &content, NULL, NULL));
  g_assert_nonnull (strstr (content, "access-secret-1"));
  g_assert_nonnull (strstr (content, "refresh-secret-1"));

  g_assert_true (hub_token_store_load (again, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (hub_token_store_get_access_token (again), ==, "access-secret-1");
  g_assert_cmpstr (hub_token_store_get_refresh_token (again), ==, "refresh-secret-1");
  g_assert_cmpint (hub_token_store_get_expires_at (again), ==, 1234567890123456);

  /* atomic replacement: a new file renamed over the old one, nothing left behind */
  inode = file_inode (path);
  g_assert_true (hub_token_store_save (store, "access-secret-2", NULL, 42, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (file_inode (path), !=, inode);
  g_assert_cmpuint (file_mode (path), ==, 0600);
  g_assert_cmpuint (count_files (dir), ==, 1);
  g_assert_true (hub_token_store_load (again, &error));
  g_assert_null (hub_token_store_get_refresh_token (again));

  /* the log has the path, never a token */
  g_assert_false (hub_test_log_contains ("secret"));

  g_assert_true (hub_token_store_clear (store, &error));
  g_assert_no_error (error);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_false (hub_token_store_has_tokens (store));
  g_assert_true (hub_token_store_clear (store, &error)); /* twice is fine */
}

static void
test_token_store_loose_mode (void)
{
  g_autofree char *path = g_build_filename (tmpdir, "loose.json", NULL);
  g_autoptr (HubTokenStore) store = hub_token_store_new (path);
  g_autoptr (GError) error = NULL;

  g_assert_true (g_file_set_contents (path,
                                      "{\"version\": 1, \"access_token\": \"abcdefgh\", "
                                      "\"expires_at_us\": 5}",
                                      -1, NULL));
  g_assert_cmpint (g_chmod (path, 0644), ==, 0);
  hub_test_log_reset ();
  g_assert_true (hub_token_store_load (store, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (file_mode (path), ==, 0600);
  g_assert_true (hub_test_log_contains ("readable by others"));
  g_unlink (path);
}

static void
test_token_store_malformed (void)
{
  static const char *const bad[] = {
    "",
    "not json",
    "{\"version\": 1, \"access_token\": \"abcdefgh\"",
    "[]",
    "{\"version\": 2, \"access_token\": \"abcdefgh\", \"expires_at_us\": 5}",
    "{\"version\": 1, \"access_token\": 12345678, \"expires_at_us\": 5}",
    "{\"version\": 1, \"access_token\": \"abcdefgh\", \"expires_at_us\": \"5\"}",
    "{\"version\": 1, \"access_token\": \"abcdefgh\"}",
    "{\"version\": 1, \"access_token\": \"abc\\r\\nX-Evil: 1\", \"expires_at_us\": 5}",
    "{\"version\": 1, \"access_token\": \"abcdefgh\", \"refresh_token\": [], \"expires_at_us\": 5}",
    "{\"version\": 1, \"access_token\": \"abcdefgh\", \"expires_at_us\": 5}{}",
  };
  g_autofree char *path = g_build_filename (tmpdir, "malformed.json", NULL);
  g_autoptr (HubTokenStore) store = hub_token_store_new (path);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autofree char *after = NULL;

      /* a store that held tokens ends up empty */
      g_assert_true (hub_token_store_save (store, "access-before", "refresh-before", 1, NULL));
      g_assert_true (g_file_set_contents (path, bad[i], -1, NULL));
      g_assert_false (hub_token_store_load (store, &error));
      g_test_message ("%s → %s", bad[i], error ? error->message : "(none)");
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
      g_assert_nonnull (strstr (error->message, path));
      g_assert_false (hub_token_store_has_tokens (store));
      g_assert_null (hub_token_store_get_access_token (store));
      /* the file is left for a person to look at */
      g_assert_true (g_file_get_contents (path, &after, NULL, NULL));
      g_assert_cmpstr (after, ==, bad[i]);
    }
  g_unlink (path);
}

/* Pages of the camera list as hub_cloud_client_list_cameras_async() takes
 * them: bad records and repeated IDs skipped, a repeated page token refused. */
static void
test_camera_pages (void)
{
  g_autoptr (HubTrustStore) trust = demo_trust ();
  g_autofree char *first_json
      = g_strdup_printf ("{\"cameras\": [%s, 7, {\"id\": \"bad id\"}], \"nextPageToken\": \"p2\"}",
                         valid_record);
  g_autofree char *second_json = g_strdup_printf (
      "{\"cameras\": [%s, {\"id\": \"cam-2\", \"name\": \"Two\", \"online\": false,"
      " \"deviceCertificate\": \"AAAA\"}], \"nextPageToken\": \"p2\"}",
      valid_record);
  g_autoptr (JsonObject) first = parse_object (first_json);
  g_autoptr (JsonObject) second = parse_object (second_json);
  g_autoptr (JsonObject) last = parse_object ("{\"cameras\": null, \"nextPageToken\": \"\"}");
  g_autoptr (JsonObject) wrong = parse_object ("{\"cameras\": {}}");
  HubCameraPages *pages = hub_camera_pages_new ();
  g_autoptr (GError) error = NULL;
  const char *next = NULL;

  g_assert_true (hub_camera_pages_take (pages, trust, first, &next, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (next, ==, "p2");
  g_assert_cmpuint (pages->pages, ==, 1);
  g_assert_cmpuint (pages->cameras->len, ==, 1);
  g_assert_true (hub_camera_get_trusted (g_ptr_array_index (pages->cameras, 0)));

  /* cam-frontdoor again is skipped, cam-2 (untrusted) kept; p2 again is refused */
  g_assert_false (hub_camera_pages_take (pages, trust, second, &next, &error));
  g_assert_error (error, HUB_CLOUD_ERROR, HUB_CLOUD_ERROR_MALFORMED);
  g_clear_error (&error);
  g_assert_cmpuint (pages->cameras->len, ==, 2);
  g_assert_cmpstr (hub_camera_get_id (g_ptr_array_index (pages->cameras, 1)), ==, "cam-2");
  g_assert_false (hub_camera_get_trusted (g_ptr_array_index (pages->cameras, 1)));

  g_assert_true (hub_camera_pages_take (pages, trust, last, &next, &error));
  g_assert_no_error (error);
  g_assert_null (next);
  g_assert_cmpuint (pages->pages, ==, 3);

  g_assert_false (hub_camera_pages_take (pages, trust, wrong, &next, &error));
  g_assert_error (error, HUB_CLOUD_ERROR, HUB_CLOUD_ERROR_MALFORMED);
  hub_camera_pages_free (pages);
}

/* json-glib 1.6 takes `{…}{…}` for its first value and leaks the rest: found
 * by fuzz-stream-lease (LeakSanitizer, `1{"T":"20"}`). */
static void
test_json_single_value (void)
{
  static const char *const single[] = {
    "", " ", "{}", " {\"a\": [1, {\"b\": \"}]{\"}]} \r\n", "[]", "\"x\\\"}\"", "-1.5e+3",
    "true", "null", "{\"a\": \"\\\\\"}\t", "{", "{\"a\": \"", "{\"a\\",
  };
  static const char *const several[] = {
    "{}{}", "{} {}", "1{\"T\":\"20\"}", "[1][2]", "\"a\"\"b\"", "1 2", "{\"a\": \"}\"}]",
    "true false", "{} //", "{}x", "x y z",
  };

  for (guint i = 0; i < G_N_ELEMENTS (single); i++)
    g_assert_true (hub_json_is_single_value (single[i], strlen (single[i])));
  for (guint i = 0; i < G_N_ELEMENTS (several); i++)
    g_assert_false (hub_json_is_single_value (several[i], strlen (several[i])));
  /* a NUL byte after the value is not a blank; the length is what counts */
  g_assert_false (hub_json_is_single_value ("{}\0{}", 4));
  g_assert_true (hub_json_is_single_value ("{}\0{}", 2));
  g_assert_true (hub_json_is_single_value (NULL, 0));
}

/* The loader's own entry point, on bytes that are not NUL-terminated. */
static void
test_token_store_from_data (void)
{
  static const char good[] = "{\"version\": 1, \"access_token\": \"abcdefgh\", "
                             "\"refresh_token\": \"r-1\", \"expires_at_us\": 5}";
  static const char bad[] = "{\"version\": 1, \"access_token\": \"abc def\", \"expires_at_us\": 5}";
  g_autoptr (HubTokenStore) store = hub_token_store_new ("/nonexistent/tokens.json");
  g_autoptr (GError) error = NULL;
  g_autofree char *exact = g_memdup2 (good, strlen (good));
  g_autofree char *cut = g_memdup2 (bad, strlen (bad));

  g_assert_true (hub_token_store_load_from_data (store, exact, strlen (good), &error));
  g_assert_no_error (error);
  g_assert_cmpstr (hub_token_store_get_access_token (store), ==, "abcdefgh");
  g_assert_cmpstr (hub_token_store_get_refresh_token (store), ==, "r-1");
  g_assert_cmpint (hub_token_store_get_expires_at (store), ==, 5);

  /* the first byte too few: not JSON, and the old tokens are gone */
  g_assert_false (hub_token_store_load_from_data (store, exact, strlen (good) - 1, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_nonnull (strstr (error->message, "/nonexistent/tokens.json"));
  g_assert_false (hub_token_store_has_tokens (store));
  g_clear_error (&error);

  g_assert_false (hub_token_store_load_from_data (store, cut, strlen (bad), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_false (hub_token_store_has_tokens (store));
  g_clear_error (&error);

  g_assert_false (hub_token_store_load_from_data (store, NULL, 0, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
}

/* A write that fails half-way (the file size limit, which holds for root
 * too) leaves the old file as it was and no temporary file behind. */
static void
test_token_store_failed_save (void)
{
  g_autofree char *dir = g_build_filename (tmpdir, "tokens-b", NULL);
  g_autofree char *path = g_build_filename (dir, "tokens.json", NULL);
  g_autofree char *blocker = g_build_filename (tmpdir, "a-file", NULL);
  g_autofree char *impossible = g_build_filename (blocker, "tokens.json", NULL);
  g_autoptr (HubTokenStore) store = hub_token_store_new (path);
  g_autoptr (HubTokenStore) nowhere = hub_token_store_new (impossible);
  g_autoptr (GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *long_token = NULL;
  struct rlimit old_limit, limit;
  void (*old_handler) (int);
  gboolean ok;

  g_assert_true (hub_token_store_save (store, "access-old", "refresh-old", 7, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &before, NULL, NULL));

  long_token = g_strnfill (3000, 'n');
  old_handler = signal (SIGXFSZ, SIG_IGN);
  g_assert_cmpint (getrlimit (RLIMIT_FSIZE, &old_limit), ==, 0);
  limit = old_limit;
  limit.rlim_cur = 64;
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &limit), ==, 0);
  ok = hub_token_store_save (store, long_token, "refresh-new", 8, &error);
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &old_limit), ==, 0);
  signal (SIGXFSZ, old_handler);

  g_assert_false (ok);
  g_assert_nonnull (error);
  g_test_message ("failed save: %s", error->message);
  g_assert_true (g_file_get_contents (path, &after, NULL, NULL));
  g_assert_cmpstr (after, ==, before);
  g_assert_cmpuint (count_files (dir), ==, 1);
  g_assert_cmpuint (file_mode (path), ==, 0600);
  /* the new tokens are kept in memory: the cloud may have retired the old ones */
  g_assert_cmpstr (hub_token_store_get_access_token (store), ==, long_token);
  g_clear_error (&error);

  /* a directory that cannot be made */
  g_assert_true (g_file_set_contents (blocker, "x", -1, NULL));
  g_assert_false (hub_token_store_save (nowhere, "access-x", NULL, 1, &error));
  g_assert_nonnull (error);
  g_unlink (blocker);
  hub_token_store_clear (store, NULL);
  g_rmdir (dir);
}

/* ---- the cloud client's rules ------------------------------------------------ */

static void
test_backoff (void)
{
  for (guint retry = 0; retry < 12; retry++)
    {
      gint64 ceiling = MIN ((gint64)500 << retry, 30000);

      g_assert_cmpint (hub_cloud_backoff_delay_ms (retry, 0.0), ==, 0);
      g_assert_cmpint (hub_cloud_backoff_delay_ms (retry, 0.5), ==, ceiling / 2);
      g_assert_cmpint (hub_cloud_backoff_delay_ms (retry, 0.9999), <=, ceiling);
      g_assert_cmpint (hub_cloud_backoff_delay_ms (retry, 0.9999), >=, ceiling * 99 / 100);
    }
  g_assert_cmpint (hub_cloud_backoff_delay_ms (1000, 0.9999), <=, 30000);
}

static void
test_retry_after (void)
{
  g_autoptr (GDateTime) now = g_date_time_new_utc (2026, 1, 1, 12, 0, 0);
  gint64 delay = -1;

  g_assert_true (hub_cloud_parse_retry_after ("3", now, &delay));
  g_assert_cmpint (delay, ==, 3000);
  g_assert_true (hub_cloud_parse_retry_after (" 120 ", now, &delay));
  g_assert_cmpint (delay, ==, 120000);
  g_assert_true (hub_cloud_parse_retry_after ("0", now, &delay));
  g_assert_cmpint (delay, ==, 0);
  g_assert_true (hub_cloud_parse_retry_after ("Thu, 01 Jan 2026 12:00:07 GMT", now, &delay));
  g_assert_cmpint (delay, ==, 7000);
  g_assert_true (hub_cloud_parse_retry_after ("Thu, 01 Jan 2026 11:00:00 GMT", now, &delay));
  g_assert_cmpint (delay, ==, 0);
  g_assert_false (hub_cloud_parse_retry_after ("soon", now, &delay));
  g_assert_false (hub_cloud_parse_retry_after ("-5", now, &delay));
  g_assert_false (hub_cloud_parse_retry_after ("", now, &delay));
  g_assert_false (hub_cloud_parse_retry_after (NULL, now, &delay));
}

static void
check_reply_error (guint status, const char *body, gboolean oauth, GQuark domain, int code,
                   const char *mention)
{
  g_autoptr (JsonNode) node = body ? json_from_string (body, NULL) : NULL;
  g_autoptr (GError) error = NULL;

  hub_cloud_error_from_reply (status, node, oauth, "Doing it", &error);
  g_test_message ("%u %s → %s", status, body ? body : "", error->message);
  g_assert_error (error, domain, code);
  g_assert_true (g_str_has_prefix (error->message, "Doing it failed"));
  if (mention != NULL)
    g_assert_nonnull (strstr (error->message, mention));
}

static void
test_error_mapping (void)
{
#define BODY(code, status, message)                                                                \
  "{\"error\": {\"code\": " #code ", \"status\": \"" status "\", \"message\": \"" message "\"}}"
  check_reply_error (400, BODY (400, "INVALID_ARGUMENT", "bad nonce"), FALSE, HUB_CLOUD_ERROR,
                     HUB_CLOUD_ERROR_INVALID_ARGUMENT, "400 INVALID_ARGUMENT (bad nonce)");
  check_reply_error (400, BODY (400, "FAILED_PRECONDITION", "open a new stream"), FALSE,
                     HUB_CLOUD_ERROR, HUB_CLOUD_ERROR_FAILED_PRECONDITION, "FAILED_PRECONDITION");
  check_reply_error (401, BODY (401, "UNAUTHENTICATED", "expired"), FALSE, HUB_CLOUD_ERROR,
                     HUB_CLOUD_ERROR_UNAUTHENTICATED, NULL);
  check_reply_error (403, BODY (403, "PERMISSION_DENIED", "not shared"), FALSE, HUB_CLOUD_ERROR,
                     HUB_CLOUD_ERROR_PERMISSION_DENIED, "not shared");
  check_reply_error (404, BODY (404, "NOT_FOUND", "gone"), FALSE, HUB_CLOUD_ERROR,
                     HUB_CLOUD_ERROR_NOT_FOUND, NULL);
  check_reply_error (429, BODY (429, "RESOURCE_EXHAUSTED", "slow"), FALSE, HUB_CLOUD_ERROR,
                     HUB_CLOUD_ERROR_RESOURCE_EXHAUSTED, NULL);
  check_reply_error (500, BODY (500, "INTERNAL", "oops"), FALSE, HUB_CLOUD_ERROR,
                     HUB_CLOUD_ERROR_UNAVAILABLE, NULL);
  check_reply_error (502, NULL, FALSE, HUB_CLOUD_ERROR, HUB_CLOUD_ERROR_UNAVAILABLE, "502");
  check_reply_error (503, "<html>busy</html>", FALSE, HUB_CLOUD_ERROR, HUB_CLOUD_ERROR_UNAVAILABLE,
                     "503");
  check_reply_error (504, "[1]", FALSE, HUB_CLOUD_ERROR, HUB_CLOUD_ERROR_UNAVAILABLE, NULL);
  /* a body of the wrong shape: the status alone decides */
  check_reply_error (400, "{\"error\": {\"status\": 7}}", FALSE, HUB_CLOUD_ERROR,
                     HUB_CLOUD_ERROR_INVALID_ARGUMENT, NULL);
  check_reply_error (409, NULL, FALSE, HUB_CLOUD_ERROR, HUB_CLOUD_ERROR_INVALID_ARGUMENT, NULL);
  check_reply_error (302, NULL, FALSE, HUB_CLOUD_ERROR, HUB_CLOUD_ERROR_MALFORMED, NULL);
  /* a message with control characters is shown escaped */
  check_reply_error (404, BODY (404, "NOT_FOUND", "a\\u001b[31mb"), FALSE, HUB_CLOUD_ERROR,
                     HUB_CLOUD_ERROR_NOT_FOUND, "a\\u001b[31mb");
  /* OAuth */
  check_reply_error (400, "{\"error\": \"authorization_pending\"}", TRUE, HUB_OAUTH_ERROR,
                     HUB_OAUTH_ERROR_AUTHORIZATION_PENDING, NULL);
  check_reply_error (400, "{\"error\": \"slow_down\"}", TRUE, HUB_OAUTH_ERROR,
                     HUB_OAUTH_ERROR_SLOW_DOWN, NULL);
  check_reply_error (400, "{\"error\": \"access_denied\"}", TRUE, HUB_OAUTH_ERROR,
                     HUB_OAUTH_ERROR_ACCESS_DENIED, NULL);
  check_reply_error (400, "{\"error\": \"expired_token\"}", TRUE, HUB_OAUTH_ERROR,
                     HUB_OAUTH_ERROR_EXPIRED_TOKEN, NULL);
  check_reply_error (400, "{\"error\": \"invalid_grant\"}", TRUE, HUB_OAUTH_ERROR,
                     HUB_OAUTH_ERROR_INVALID_GRANT, NULL);
  check_reply_error (401, "{\"error\": \"invalid_client\"}", TRUE, HUB_OAUTH_ERROR,
                     HUB_OAUTH_ERROR_INVALID_CLIENT, NULL);
  check_reply_error (400, "{\"error\": \"unsupported_grant_type\"}", TRUE, HUB_OAUTH_ERROR,
                     HUB_OAUTH_ERROR_UNSUPPORTED_GRANT_TYPE, NULL);
  check_reply_error (400, "{\"error\": \"something_new\"}", TRUE, HUB_OAUTH_ERROR,
                     HUB_OAUTH_ERROR_OTHER, NULL);
  check_reply_error (400, "{\"error\": 5}", TRUE, HUB_CLOUD_ERROR, HUB_CLOUD_ERROR_INVALID_ARGUMENT,
                     NULL);
  check_reply_error (503, "{\"error\": \"temporarily_unavailable\"}", TRUE, HUB_CLOUD_ERROR,
                     HUB_CLOUD_ERROR_UNAVAILABLE, NULL);
#undef BODY
}

static void
test_parse_device_authorization (void)
{
  HubDeviceAuthorization auth;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonObject) full = parse_object (
      "{\"device_code\": \"dc-123\", \"user_code\": \"BCDF-GHJK\", \"verification_uri\": "
      "\"https://cloud.example/device\", \"verification_uri_complete\": "
      "\"https://cloud.example/device?user_code=BCDF-GHJK\", \"expires_in\": 600, \"interval\": "
      "7}");
  g_autoptr (JsonObject) google = parse_object (
      "{\"device_code\": \"dc-123\", \"user_code\": \"BCDF-GHJK\", \"verification_url\": "
      "\"https://www.example.com/device\", \"expires_in\": 1800}");
  static const char *const bad[] = {
    "{\"user_code\": \"A\", \"verification_uri\": \"https://x/\", \"expires_in\": 5}",
    "{\"device_code\": \"d\", \"verification_uri\": \"https://x/\", \"expires_in\": 5}",
    "{\"device_code\": \"d\", \"user_code\": \"A\", \"expires_in\": 5}",
    "{\"device_code\": \"d\", \"user_code\": \"A\", \"verification_uri\": 5, \"expires_in\": 5}",
    "{\"device_code\": \"d\", \"user_code\": \"A\", \"verification_uri\": \"javascript:x\", "
    "\"expires_in\": 5}",
    "{\"device_code\": \"d\", \"user_code\": \"A\", \"verification_uri\": \"https://x/\"}",
    "{\"device_code\": \"d\", \"user_code\": \"A\", \"verification_uri\": \"https://x/\", "
    "\"expires_in\": \"600\"}",
    "{\"device_code\": \"d\", \"user_code\": \"A\", \"verification_uri\": \"https://x/\", "
    "\"expires_in\": 600, \"interval\": \"5\"}",
    "{\"device_code\": \"d\", \"user_code\": \"A\", \"verification_uri\": \"https://x/\", "
    "\"expires_in\": 600, \"interval\": 0}",
    "{\"device_code\": \"d e\", \"user_code\": \"A\", \"verification_uri\": \"https://x/\", "
    "\"expires_in\": 600}",
  };

  g_assert_true (hub_device_authorization_parse (full, &auth, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (auth.user_code, ==, "BCDF-GHJK");
  g_assert_cmpstr (auth.verification_uri, ==, "https://cloud.example/device");
  g_assert_cmpstr (auth.verification_uri_complete, ==,
                   "https://cloud.example/device?user_code=BCDF-GHJK");
  g_assert_cmpint (auth.interval, ==, 7);
  g_assert_cmpint (auth.expires_in, ==, 600);
  hub_device_authorization_clear (&auth);

  /* verification_url, no interval: 5 s, no complete URI */
  g_assert_true (hub_device_authorization_parse (google, &auth, &error));
  g_assert_cmpstr (auth.verification_uri, ==, "https://www.example.com/device");
  g_assert_null (auth.verification_uri_complete);
  g_assert_cmpint (auth.interval, ==, 5);
  hub_device_authorization_clear (&auth);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr (JsonObject) object = parse_object (bad[i]);
      g_autoptr (GError) bad_error = NULL;

      g_assert_false (hub_device_authorization_parse (object, &auth, &bad_error));
      g_test_message ("%s → %s", bad[i], bad_error->message);
      g_assert_error (bad_error, HUB_CLOUD_ERROR, HUB_CLOUD_ERROR_MALFORMED);
    }
}

static void
test_parse_token_reply (void)
{
  HubTokenReply reply;
  g_autoptr (JsonObject) good = parse_object (
      "{\"access_token\": \"at-1\", \"token_type\": \"bearer\", \"expires_in\": 3600, "
      "\"refresh_token\": \"rt-1\", \"scope\": \"cameras.view\"}");
  static const char *const bad[] = {
    "{\"token_type\": \"Bearer\", \"expires_in\": 3600}",
    "{\"access_token\": \"at\", \"token_type\": \"mac\", \"expires_in\": 3600}",
    "{\"access_token\": \"at\", \"expires_in\": 3600}",
    "{\"access_token\": \"at\", \"token_type\": \"Bearer\", \"expires_in\": \"3600\"}",
    "{\"access_token\": \"at\", \"token_type\": \"Bearer\", \"expires_in\": -1}",
    "{\"access_token\": \"a\\nt\", \"token_type\": \"Bearer\", \"expires_in\": 1}",
    "{\"access_token\": \"at\", \"token_type\": \"Bearer\", \"refresh_token\": 7}",
  };

  g_assert_true (hub_token_reply_parse (good, &reply, NULL));
  g_assert_cmpstr (reply.access_token, ==, "at-1");
  g_assert_cmpstr (reply.refresh_token, ==, "rt-1");
  g_assert_cmpint (reply.expires_in, ==, 3600);
  hub_token_reply_clear (&reply);
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr (JsonObject) object = parse_object (bad[i]);
      g_autoptr (GError) error = NULL;

      g_assert_false (hub_token_reply_parse (object, &reply, &error));
      g_assert_error (error, HUB_CLOUD_ERROR, HUB_CLOUD_ERROR_MALFORMED);
    }
}

static void
test_parse_stream_info (void)
{
  g_autoptr (JsonObject) good = parse_object (
      "{\"rtspUrl\": \"rtsp://127.0.0.1:8554/cameras/cam-x?auth=st-1\", \"streamToken\": "
      "\"st-1\", \"extensionToken\": \"et-1\", \"expiresAt\": \"2026-01-01T12:05:00Z\"}");
  g_autoptr (JsonObject) extension
      = parse_object ("{\"streamToken\": \"st-2\", \"extensionToken\": \"et-2\", "
                      "\"expiresAt\": \"2026-01-01T13:05:00.5+01:00\"}");
  static const char *const bad[] = {
    "{\"rtspUrl\": \"http://x/\", \"streamToken\": \"s\", \"extensionToken\": \"e\", "
    "\"expiresAt\": \"2026-01-01T12:05:00Z\"}",
    "{\"streamToken\": \"s\", \"extensionToken\": \"e\", \"expiresAt\": \"2026-01-01T12:05:00Z\"}",
    "{\"rtspUrl\": \"rtsp://x/\", \"streamToken\": 5, \"extensionToken\": \"e\", "
    "\"expiresAt\": \"2026-01-01T12:05:00Z\"}",
    "{\"rtspUrl\": \"rtsp://x/\", \"streamToken\": \"s\", \"expiresAt\": \"2026-01-01T12:05:00Z\"}",
    "{\"rtspUrl\": \"rtsp://x/\", \"streamToken\": \"s\", \"extensionToken\": \"e\", "
    "\"expiresAt\": \"2026-01-01T12:05:00\"}",
    "{\"rtspUrl\": \"rtsp://x/\", \"streamToken\": \"s\", \"extensionToken\": \"e\", "
    "\"expiresAt\": 1767269100}",
    "{\"rtspUrl\": \"rtsp://x/\", \"streamToken\": \"s\", \"extensionToken\": \"e\", "
    "\"expiresAt\": \"tomorrow\"}",
  };
  g_autoptr (HubStreamInfo) info = hub_stream_info_parse (good, "cam-x", TRUE, NULL);
  g_autoptr (HubStreamInfo) extended = hub_stream_info_parse (extension, "cam-x", FALSE, NULL);
  g_autoptr (HubStreamInfo) copy = NULL;

  g_assert_nonnull (info);
  g_assert_cmpstr (info->camera_id, ==, "cam-x");
  g_assert_cmpstr (info->stream_token, ==, "st-1");
  g_assert_cmpint (info->expires_at_us, ==, G_GINT64_CONSTANT (1767269100) * G_USEC_PER_SEC);
  g_assert_nonnull (extended);
  g_assert_cmpint (extended->expires_at_us, ==,
                   G_GINT64_CONSTANT (1767269100) * G_USEC_PER_SEC + 500000);
  copy = hub_stream_info_copy (info);
  g_assert_cmpstr (copy->rtsp_url, ==, info->rtsp_url);
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr (JsonObject) object = parse_object (bad[i]);
      g_autoptr (GError) error = NULL;
      g_autoptr (HubStreamInfo) none = hub_stream_info_parse (object, "cam-x", TRUE, &error);

      g_assert_null (none);
      g_assert_error (error, HUB_CLOUD_ERROR, HUB_CLOUD_ERROR_MALFORMED);
    }
}

static void
test_url_with_token (void)
{
  static const struct
  {
    const char *url, *token, *expected;
  } cases[] = {
    { "rtsp://127.0.0.1:8554/cameras/cam-x?auth=OLD", "NEW",
      "rtsp://127.0.0.1:8554/cameras/cam-x?auth=NEW" },
    { "rtsp://h/c?a=1&auth=OLD&b=2", "NEW", "rtsp://h/c?a=1&auth=NEW&b=2" },
    { "rtsps://h:322/c", "NEW", "rtsps://h:322/c?auth=NEW" },
    { "rtsp://h/c?x=1", "a+b/c=", "rtsp://h/c?x=1&auth=a%2Bb%2Fc%3D" },
    { "rtsp://h/c?authority=keep&auth=OLD", "N", "rtsp://h/c?authority=keep&auth=N" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *url = hub_stream_url_with_token (cases[i].url, cases[i].token);

      g_assert_cmpstr (url, ==, cases[i].expected);
    }
}

static void
test_base_url (void)
{
  static const struct
  {
    const char *url, *normalized, *mention;
  } cases[] = {
    { "https://cloud.example", "https://cloud.example/", NULL },
    { "https://cloud.example/api/v1", "https://cloud.example/api/v1/", NULL },
    { "http://127.0.0.1:8480", "http://127.0.0.1:8480/", NULL },
    { "http://localhost:1/", "http://localhost:1/", NULL },
    { "http://[::1]:8480/", "http://[::1]:8480/", NULL },
    { "http://cloud.example/", NULL, "only for a loopback address" },
    { "http://127.0.0.2/", NULL, "only for a loopback address" },
    { "http://192.168.1.5:8480/", NULL, "only for a loopback address" },
    { "ftp://cloud.example/", NULL, "must start with https://" },
    { "not a url", NULL, "not a valid URL" },
    { "https://user:pw@cloud.example/", NULL, "user name or password" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autofree char *normalized = hub_cloud_normalize_base_url (cases[i].url, &error);

      g_test_message ("%s → %s", cases[i].url, normalized ? normalized : error->message);
      g_assert_cmpstr (normalized, ==, cases[i].normalized);
      g_assert_true (hub_cloud_client_validate_base_url (cases[i].url, NULL)
                     == (cases[i].normalized != NULL));
      if (cases[i].mention != NULL)
        {
          g_assert_error (error, HUB_CLOUD_ERROR, HUB_CLOUD_ERROR_TRANSPORT);
          g_assert_nonnull (strstr (error->message, cases[i].mention));
        }
    }
}

/* The error domains are the names docs/cloud-api.md gives: a formatter once
 * spaced them into "hub - cloud - error - quark". */
static void
test_error_domains (void)
{
  g_autofree char *doc_path = g_test_build_filename (G_TEST_DIST, "..", "docs", "cloud-api.md",
                                                     NULL);
  g_autofree char *doc = NULL;
  struct
  {
    GQuark domain;
    const char *name;
  } domains[] = {
    { HUB_CLOUD_ERROR, "hub-cloud-error-quark" },
    { HUB_OAUTH_ERROR, "hub-oauth-error-quark" },
    { HUB_CONFIG_ERROR, "hub-config-error-quark" },
  };

  g_assert_true (g_file_get_contents (doc_path, &doc, NULL, NULL));
  for (gsize i = 0; i < G_N_ELEMENTS (domains); i++)
    {
      g_autofree char *quoted = g_strdup_printf ("`%s`", domains[i].name);

      g_assert_cmpstr (g_quark_to_string (domains[i].domain), ==, domains[i].name);
      g_assert_nonnull (strstr (doc, quoted));
    }
}

int
main (int argc, char *argv[])
{
  guint8 seed[32] = { 11 };
  g_autofree char *state = NULL;
  int result;

  hub_test_log_capture ();
  tmpdir = g_dir_make_tmp ("test-app-model-XXXXXX", NULL);
  g_assert_nonnull (tmpdir);
  state = g_build_filename (tmpdir, "state", NULL);
  g_setenv ("XDG_STATE_HOME", state, TRUE);
  g_test_init (&argc, &argv, NULL);
  g_assert_cmpint (sodium_init (), >=, 0);
  crypto_sign_seed_keypair (test_root_pk, test_root_sk, seed);

  g_test_add_func ("/hub/errors/domains", test_error_domains);
  g_test_add_func ("/hub/camera/valid", test_camera_valid);
  g_test_add_func ("/hub/camera/wrong-types-and-bounds", test_camera_wrong_types);
  g_test_add_func ("/hub/camera/optional-fields", test_camera_optional_fields);
  g_test_add_func ("/hub/camera/untrusted", test_camera_trust_failures);
  g_test_add_func ("/hub/camera/update-from", test_camera_update_from);
  g_test_add_func ("/hub/camera/pages", test_camera_pages);
  g_test_add_func ("/hub/trust-store/load-dir", test_trust_load_dir);
  g_test_add_func ("/hub/trust-store/root-removed", test_trust_root_removed);
  g_test_add_func ("/hub/camera-list/items-changed", test_camera_list_updates);
  g_test_add_func ("/hub/token-store/default-path", test_token_store_default_path);
  g_test_add_func ("/hub/token-store/roundtrip-0600-atomic", test_token_store_roundtrip);
  g_test_add_func ("/hub/token-store/loose-mode", test_token_store_loose_mode);
  g_test_add_func ("/hub/token-store/malformed", test_token_store_malformed);
  g_test_add_func ("/hub/token-store/from-data", test_token_store_from_data);
  g_test_add_func ("/hub/json/single-value", test_json_single_value);
  g_test_add_func ("/hub/token-store/failed-save-keeps-old-file", test_token_store_failed_save);
  g_test_add_func ("/hub/cloud/backoff", test_backoff);
  g_test_add_func ("/hub/cloud/retry-after", test_retry_after);
  g_test_add_func ("/hub/cloud/error-mapping", test_error_mapping);
  g_test_add_func ("/hub/cloud/parse/device-authorization", test_parse_device_authorization);
  g_test_add_func ("/hub/cloud/parse/token-reply", test_parse_token_reply);
  g_test_add_func ("/hub/cloud/parse/stream-info", test_parse_stream_info);
  g_test_add_func ("/hub/cloud/stream-url-with-token", test_url_with_token);
  g_test_add_func ("/hub/cloud/base-url", test_base_url);

  result = g_test_run ();
  g_rmdir (state);
  g_rmdir (tmpdir);
  g_free (tmpdir);
  return result;
}
