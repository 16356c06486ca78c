/* hub-cloud-cameras.c — GET /v1/cameras, every page, every record checked
 *
 * Copyright 2026 hubview developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * A record that does not parse is logged (with CAMERA when its id can be
 * read) and skipped: it never becomes a camera. A page of the wrong shape
 * fails the whole list, so that a cut list never removes cameras from view.
 */
#define G_LOG_DOMAIN "hub-cloud"

#include "hub-cloud-cameras-private.h"

#include <string.h>

#include "hub-json.h"
#include "hub-cloud-text.h"
#include "hub-camera.h"
#include "hub-device-cert.h"

#define PAGES_MAX 100
#define PAGE_TOKEN_MAX 2048

HubCameraPages *
hub_camera_pages_new (void)
{
  HubCameraPages *pages = g_new0 (HubCameraPages, 1);

  pages->cameras = g_ptr_array_new_with_free_func (g_object_unref);
  pages->ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  pages->page_tokens = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  return pages;
}

void
hub_camera_pages_free (HubCameraPages *pages)
{
  if (pages == NULL)
    return;
  g_ptr_array_unref (pages->cameras);
  g_hash_table_unref (pages->ids);
  g_hash_table_unref (pages->page_tokens);
  g_free (pages);
}

/* The task data of a listing. */
typedef struct
{
  HubCloudAuth *auth;
  HubTrustStore *trust;
  HubCameraPages *pages;
} Listing;

static void
listing_free (Listing *listing)
{
  g_object_unref (listing->auth);
  g_object_unref (listing->trust);
  hub_camera_pages_free (listing->pages);
  g_free (listing);
}

static void request_page (GTask *task, const char *page_token);

static void
log_bad_record (JsonNode *node, guint page, guint index, const GError *error)
{
  const char *id = NULL;

  if (JSON_NODE_HOLDS_OBJECT (node)
      && hub_json_get_string (json_node_get_object (node), "id", HUB_JSON_REQUIRED, 1,
                              HUB_DEVICE_ID_MAX, &id, NULL)
      && hub_device_id_is_valid (id, strlen (id)))
    {
      g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_WARNING, "CAMERA", id, "MESSAGE",
                        "camera record skipped camera=%s page=%u index=%u: %s", id, page, index,
                        error->message);
      return;
    }
  g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_WARNING, "MESSAGE",
                    "camera record skipped page=%u index=%u: %s", page, index, error->message);
}

gboolean
hub_camera_pages_take (HubCameraPages *state, HubTrustStore *trust, JsonObject *page,
                       const char **next, GError **error)
{
  JsonArray *records = NULL;
  guint n;

  g_return_val_if_fail (state != NULL, FALSE);
  g_return_val_if_fail (HUB_IS_TRUST_STORE (trust), FALSE);
  g_return_val_if_fail (page != NULL, FALSE);
  g_return_val_if_fail (next != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  *next = NULL;
  state->pages++;
  if (!hub_json_get_array (page, "cameras", HUB_JSON_OPTIONAL, &records, error)
      || !hub_json_get_string (page, "nextPageToken", HUB_JSON_OPTIONAL, 0, PAGE_TOKEN_MAX, next,
                               error))
    return FALSE;
  n = records != NULL ? json_array_get_length (records) : 0;
  if (state->cameras->len + n > HUB_CAMERAS_MAX)
    {
      g_set_error (error, HUB_CLOUD_ERROR, HUB_CLOUD_ERROR_MALFORMED, "more than %d cameras",
                   HUB_CAMERAS_MAX);
      return FALSE;
    }
  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (records, i);
      g_autoptr (GError) record_error = NULL;
      g_autoptr (HubCamera) camera = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        g_set_error (&record_error, HUB_CLOUD_ERROR, HUB_CLOUD_ERROR_MALFORMED,
                     "the record is %s, expected an object", hub_json_node_describe (node));
      else
        camera = hub_camera_new_from_json (json_node_get_object (node), trust, &record_error);
      if (camera == NULL)
        {
          log_bad_record (node, state->pages, i, record_error);
          continue;
        }
      if (!g_hash_table_add (state->ids, g_strdup (hub_camera_get_id (camera))))
        {
          g_set_error_literal (&record_error, HUB_CLOUD_ERROR, HUB_CLOUD_ERROR_MALFORMED,
                               "the camera is listed twice; the first record is kept");
          log_bad_record (node, state->pages, i, record_error);
          continue;
        }
      g_ptr_array_add (state->cameras, g_steal_pointer (&camera));
    }
  if (*next != NULL && **next == '\0')
    *next = NULL;
  if (*next != NULL && !hub_token_is_valid (*next))
    {
      g_set_error_literal (error, HUB_CLOUD_ERROR, HUB_CLOUD_ERROR_MALFORMED,
                           "“nextPageToken” holds characters a page token cannot have");
      return FALSE;
    }
  if (*next != NULL && !g_hash_table_add (state->page_tokens, g_strdup (*next)))
    {
      g_set_error_literal (error, HUB_CLOUD_ERROR, HUB_CLOUD_ERROR_MALFORMED,
                           "“nextPageToken” names a page that was already listed");
      return FALSE;
    }
  return TRUE;
}

static void
on_page (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GTask *task = user_data;
  Listing *listing = g_task_get_task_data (task);
  HubCameraPages *state = listing->pages;
  GError *error = NULL;
  g_autoptr (JsonObject) page = hub_cloud_auth_call_finish (listing->auth, result, &error);
  const char *next = NULL;

  if (page == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  if (!hub_camera_pages_take (state, listing->trust, page, &next, &error))
    {
      g_prefix_error (&error,
                      "Listing the cameras failed: page %u of the cloud's reply is "
                      "malformed: ",
                      state->pages);
      g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_WARNING, "MESSAGE", "%s", error->message);
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  if (next == NULL)
    {
      g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_INFO, "MESSAGE",
                        "camera list received cameras=%u pages=%u", state->cameras->len,
                        state->pages);
      g_task_return_pointer (task, g_ptr_array_ref (state->cameras),
                             (GDestroyNotify)g_ptr_array_unref);
      g_object_unref (task);
      return;
    }
  if (state->pages >= PAGES_MAX)
    {
      g_task_return_new_error (task, HUB_CLOUD_ERROR, HUB_CLOUD_ERROR_MALFORMED,
                               "Listing the cameras failed: the cloud's list goes on for more "
                               "than %d pages",
                               PAGES_MAX);
      g_object_unref (task);
      return;
    }
  request_page (task, next);
}

static void
request_page (GTask *task, const char *page_token)
{
  Listing *listing = g_task_get_task_data (task);
  g_autoptr (HubCloudRequest) request = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *path = NULL;

  if (page_token != NULL)
    {
      escaped = g_uri_escape_string (page_token, NULL, FALSE);
      path = g_strconcat ("v1/cameras?pageToken=", escaped, NULL);
    }
  request = hub_cloud_auth_new_request (listing->auth, "GET", path ? path : "v1/cameras",
                                        "Listing the cameras", HUB_CLOUD_REQUEST_RETRY);
  hub_cloud_auth_call_async (listing->auth, request, g_task_get_cancellable (task), on_page, task);
}

void
hub_cloud_cameras_list (HubCloudAuth *auth, HubTrustStore *trust, GTask *task)
{
  g_autoptr (GError) error = NULL;
  Listing *listing;

  g_return_if_fail (HUB_IS_CLOUD_AUTH (auth));
  g_return_if_fail (HUB_IS_TRUST_STORE (trust));
  g_return_if_fail (G_IS_TASK (task));

  if (!hub_cloud_auth_check_usable (auth, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }
  listing = g_new0 (Listing, 1);
  listing->auth = g_object_ref (auth);
  listing->trust = g_object_ref (trust);
  listing->pages = hub_camera_pages_new ();
  g_task_set_task_data (task, listing, (GDestroyNotify)listing_free);
  request_page (task, NULL);
}
