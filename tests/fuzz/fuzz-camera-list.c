/* fuzz-camera-list.c — libFuzzer target: pages of GET /v1/cameras (cloud-api.md)
 *
 * The input is one reply body (an object: one page) or an array of bodies
 * (the pages of one listing, in order, as the client would fetch them while
 * each has a nextPageToken). Every page goes through hub_camera_pages_take()
 * — the code of hub_cloud_client_list_cameras_async() — with a trust store
 * holding the demo root of tests/data/keys.json, so that records with the
 * demo certificates take the whole path, verification included. Every
 * record is also parsed on its own (hub_camera_new_from_json). Invariants:
 *   - a parse that succeeds gives a camera and no error, one that fails no
 *     camera and an error;
 *   - a camera's fields are within the documented bounds: id a device ID,
 *     name 1..200 and room 0..200 characters of UTF-8 without control
 *     characters, resolution 0×0 or both sides in 1..16384;
 *   - a camera is trusted exactly when it has a key and no reason; a
 *     trusted one's certificate verifies under the demo root for its id,
 *     with that very key;
 *   - the page keeps exactly the records that parse on their own, in order,
 *     first of each id; never more than HUB_CAMERAS_MAX; its next page token
 *     is a token, never one seen before;
 *   - updating the camera parsed alone from the page's one changes nothing.
 *
 * Copyright 2026 hubview developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <string.h>

#include "fuzz-glib.h"
#include "hub-json.h"
#include "hub-camera.h"
#include "hub-cloud-cameras-private.h"
#include "hub-device-cert.h"
#include "hub-trust-store.h"

#define PAGES_MAX 100
#define RESOLUTION_MAX 16384

static HubTrustStore *trust;
static HubTrustRoots roots;

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  fuzz_glib_init ();
  FUZZ_CHECK (sodium_init () >= 0);
  trust = hub_trust_store_new ();
  hub_trust_store_add_root (trust, fuzz_demo_root_public);
  FUZZ_CHECK (hub_trust_store_get_n_roots (trust) == 1);
  hub_trust_roots_init (&roots);
  FUZZ_CHECK (hub_trust_roots_add (&roots, fuzz_demo_root_public));
  return 0;
}

static void
check_camera (HubCamera *camera, JsonObject *record)
{
  const char *id = hub_camera_get_id (camera);
  const char *reason = hub_camera_get_untrusted_reason (camera);
  const guint8 *key = hub_camera_get_public_key (camera);
  guint width = 1, height = 1;

  FUZZ_CHECK (id != NULL && strlen (id) >= 1 && strlen (id) <= HUB_DEVICE_ID_MAX);
  FUZZ_CHECK (hub_device_id_is_valid (id, strlen (id)));
  FUZZ_CHECK (fuzz_display_text_ok (hub_camera_get_name (camera), HUB_CAMERA_NAME_MAX));
  FUZZ_CHECK (hub_camera_get_name (camera)[0] != '\0');
  FUZZ_CHECK (fuzz_display_text_ok (hub_camera_get_room (camera), HUB_CAMERA_ROOM_MAX));
  hub_camera_get_max_resolution (camera, &width, &height);
  FUZZ_CHECK (
      (width == 0 && height == 0)
      || (width >= 1 && width <= RESOLUTION_MAX && height >= 1 && height <= RESOLUTION_MAX));

  if (hub_camera_get_trusted (camera))
    {
      const char *b64 = NULL;
      HubDeviceCert cert;

      FUZZ_CHECK (reason == NULL);
      FUZZ_CHECK (key != NULL);
      FUZZ_CHECK (hub_json_get_string (record, "deviceCertificate", HUB_JSON_REQUIRED, 1, G_MAXSIZE,
                                       &b64, NULL));
      FUZZ_CHECK (hub_device_cert_decode_base64 (b64, &cert));
      FUZZ_CHECK (
          hub_device_cert_verify (&cert, &roots, (uint64_t)(g_get_real_time () / 1000000), id)
          == HUB_CERT_OK);
      FUZZ_CHECK (strcmp (cert.device_id, id) == 0);
      FUZZ_CHECK (memcmp (cert.public_key, key, HUB_PUBLIC_KEY_SIZE) == 0);
    }
  else
    {
      FUZZ_CHECK (reason != NULL && reason[0] != '\0');
      FUZZ_CHECK (key == NULL);
    }
}

static bool
cameras_equal (HubCamera *a, HubCamera *b)
{
  guint aw, ah, bw, bh;
  const guint8 *ak = hub_camera_get_public_key (a), *bk = hub_camera_get_public_key (b);

  hub_camera_get_max_resolution (a, &aw, &ah);
  hub_camera_get_max_resolution (b, &bw, &bh);
  return g_str_equal (hub_camera_get_id (a), hub_camera_get_id (b))
         && g_str_equal (hub_camera_get_name (a), hub_camera_get_name (b))
         && g_str_equal (hub_camera_get_room (a), hub_camera_get_room (b))
         && hub_camera_get_online (a) == hub_camera_get_online (b)
         && hub_camera_get_trusted (a) == hub_camera_get_trusted (b)
         && g_strcmp0 (hub_camera_get_untrusted_reason (a), hub_camera_get_untrusted_reason (b))
                == 0
         && (ak == NULL) == (bk == NULL)
         && (ak == NULL || memcmp (ak, bk, HUB_PUBLIC_KEY_SIZE) == 0) && aw == bw && ah == bh
         && hub_camera_get_supports_rtsp (a) == hub_camera_get_supports_rtsp (b);
}

/* The record on its own: the camera it gives (or NULL), invariants checked. */
static HubCamera *
parse_record (JsonNode *node)
{
  g_autoptr (GError) error = NULL;
  HubCamera *camera;
  JsonObject *record;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  record = json_node_get_object (node);
  camera = hub_camera_new_from_json (record, trust, &error);
  FUZZ_CHECK_OUTCOME (camera != NULL, error);
  if (camera == NULL)
    {
      FUZZ_CHECK (error->domain == HUB_CLOUD_ERROR);
      FUZZ_CHECK (error->code == HUB_CLOUD_ERROR_MALFORMED);
      return NULL;
    }
  check_camera (camera, record);
  return camera;
}

/* One page through hub_camera_pages_take(); FALSE when the listing stops. */
static bool
take_page (HubCameraPages *pages, GPtrArray *expected, GHashTable *expected_ids, JsonNode *node)
{
  g_autoptr (GError) error = NULL;
  JsonObject *page;
  JsonArray *records = NULL;
  const char *next = NULL;
  guint before = pages->cameras->len;
  guint pages_before = pages->pages;
  guint tokens_before = g_hash_table_size (pages->page_tokens);
  gboolean ok;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return false;
  page = json_node_get_object (node);

  ok = hub_camera_pages_take (pages, trust, page, &next, &error);
  FUZZ_CHECK_OUTCOME (ok, error);
  FUZZ_CHECK (pages->pages == pages_before + 1);
  FUZZ_CHECK (pages->cameras->len <= HUB_CAMERAS_MAX);
  FUZZ_CHECK (g_hash_table_size (pages->ids) == pages->cameras->len);
  if (!ok)
    {
      FUZZ_CHECK (error->domain == HUB_CLOUD_ERROR && error->code == HUB_CLOUD_ERROR_MALFORMED);
      return false;
    }

  /* next: a token seen for the first time, or none */
  if (next != NULL)
    {
      FUZZ_CHECK (fuzz_token_ok (next));
      FUZZ_CHECK (g_hash_table_size (pages->page_tokens) == tokens_before + 1);
      FUZZ_CHECK (g_hash_table_contains (pages->page_tokens, next));
    }
  else
    FUZZ_CHECK (g_hash_table_size (pages->page_tokens) == tokens_before);

  /* the page keeps the records that parse on their own, first of each id */
  if (JSON_NODE_HOLDS_OBJECT (node)
      && hub_json_get_array (page, "cameras", HUB_JSON_OPTIONAL, &records, NULL) && records != NULL)
    {
      for (guint i = 0; i < json_array_get_length (records); i++)
        {
          HubCamera *camera = parse_record (json_array_get_element (records, i));

          if (camera == NULL)
            continue;
          if (!g_hash_table_add (expected_ids, g_strdup (hub_camera_get_id (camera))))
            {
              g_object_unref (camera);
              continue;
            }
          g_ptr_array_add (expected, camera);
        }
    }
  FUZZ_CHECK (pages->cameras->len == expected->len);
  for (guint i = before; i < pages->cameras->len; i++)
    {
      HubCamera *camera = g_ptr_array_index (pages->cameras, i);

      HubCamera *alone = g_ptr_array_index (expected, i);

      FUZZ_CHECK (cameras_equal (camera, alone));
      FUZZ_CHECK (g_hash_table_contains (pages->ids, hub_camera_get_id (camera)));
      /* the list's update of a camera from the same record changes nothing */
      hub_camera_update_from (alone, camera);
      FUZZ_CHECK (cameras_equal (camera, alone));
    }
  return next != NULL;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GPtrArray) expected = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (GHashTable) expected_ids
      = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  HubCameraPages *pages;
  JsonNode *root;

  if (!hub_json_is_single_value ((const char *)data, size)
      || !json_parser_load_from_data (parser, (const char *)data, (gssize)size, NULL)
      || (root = json_parser_get_root (parser)) == NULL)
    return 0;

  pages = hub_camera_pages_new ();
  if (JSON_NODE_HOLDS_ARRAY (root))
    {
      JsonArray *bodies = json_node_get_array (root);
      guint n = MIN (json_array_get_length (bodies), PAGES_MAX);

      for (guint i = 0; i < n; i++)
        {
          if (!take_page (pages, expected, expected_ids, json_array_get_element (bodies, i)))
            break;
        }
    }
  else
    take_page (pages, expected, expected_ids, root);
  hub_camera_pages_free (pages);
  return 0;
}
