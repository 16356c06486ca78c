/* hub-cloud-cameras-private.h — GET /v1/cameras, an operation over HubCloudAuth
 *
 * Copyright 2026 hubview developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Calls only down (HubCloudAuth, HubCloudRequest). The page parser is
 * apart for the unit tests and the fuzz target.
 */
#pragma once

#include "hub-cloud-auth-private.h"
#include "hub-trust-store.h"

G_BEGIN_DECLS

#define HUB_CAMERAS_MAX 1000

/* Lists every page with authorised calls of @auth, each record checked
 * against @trust, and returns the list in @task (which it takes, and whose
 * task data it uses): a GPtrArray of HubCamera, or the error of the first
 * page that failed. */
void hub_cloud_cameras_list (HubCloudAuth *auth, HubTrustStore *trust, GTask *task);

/* The camera list as its pages come in. */
typedef struct
{
  GPtrArray *cameras;      /* of HubCamera, in the order listed */
  GHashTable *ids;         /* camera IDs seen */
  GHashTable *page_tokens; /* page tokens seen */
  guint pages;             /* pages taken */
} HubCameraPages;

HubCameraPages *hub_camera_pages_new (void);
void hub_camera_pages_free (HubCameraPages *pages);
/* Takes one page of GET /v1/cameras: each record through
 * hub_camera_new_from_json() with @trust; a record that does not parse, or
 * repeats an ID already listed, is logged and skipped. *@next: the page's
 * nextPageToken (pointing into @page), NULL on the last page. FALSE with
 * @error when the page has the wrong shape: cameras not an array, more than
 * HUB_CAMERAS_MAX cameras in all, a bad or repeated nextPageToken. */
gboolean hub_camera_pages_take (HubCameraPages *pages, HubTrustStore *trust, JsonObject *page,
                                const char **next, GError **error);

G_END_DECLS
