/* hub-application-cloud.c — the camera cloud as the application follows it: sign-in, the camera
 * list and its refresh, retries
 *
 * Copyright 2026 hubview developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#define G_LOG_DOMAIN "hub-application"

#include "hub-application-private.h"

#define REFRESH_SECONDS 60
#define RETRY_BASE_S 2
#define RETRY_CAP_S 60

static gboolean
on_retry (gpointer user_data)
{
  HubApplication *self = user_data;

  self->retry_id = 0;
  self->retry_at_us = 0;
  if (hub_cloud_client_is_signed_in (self->client))
    hub_application_refresh_cameras (self);
  else
    hub_cloud_client_start_sign_in (self->client);
  return G_SOURCE_REMOVE;
}

static void
schedule_retry (HubApplication *self)
{
  guint cap = MIN (RETRY_CAP_S, RETRY_BASE_S << MIN (self->retry_attempt, 6));
  guint delay = MAX (1, g_random_int_range (cap / 2, cap + 1));

  self->retry_attempt++;
  g_clear_handle_id (&self->retry_id, g_source_remove);
  self->retry_id = g_timeout_add_seconds (delay, on_retry, self);
  self->retry_at_us = g_get_monotonic_time () + (gint64) delay * G_USEC_PER_SEC;
}

static gboolean
on_refresh (gpointer user_data)
{
  hub_application_refresh_cameras (user_data);
  return G_SOURCE_CONTINUE;
}

static void
on_cameras_listed (GObject *source, GAsyncResult *result, gpointer user_data)
{
  HubApplication *self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) cameras = NULL;

  cameras = hub_cloud_client_list_cameras_finish (HUB_CLOUD_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->listing = FALSE;

  if (cameras == NULL)
    {
      g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_WARNING, "MESSAGE", "camera list failed: %s",
                        error->message);
      hub_event_log_note (self->log, "cloud-error", error->message);
      if (g_error_matches (error, HUB_CLOUD_ERROR, HUB_CLOUD_ERROR_UNAUTHENTICATED)
          || g_error_matches (error, HUB_CLOUD_ERROR, HUB_CLOUD_ERROR_SIGNED_OUT))
        {
          /* the client signed out: its "signed-out" handler shows sign-in */
          return;
        }
      schedule_retry (self);
      if (g_error_matches (error, HUB_CLOUD_ERROR, HUB_CLOUD_ERROR_TRANSPORT))
        hub_application_set_message (self, HUB_VIEW_NO_NETWORK, error->message);
      else
        hub_application_set_message (self, HUB_VIEW_CLOUD_DOWN, error->message);
      return;
    }

  self->retry_attempt = 0;
  g_clear_pointer (&self->listed, g_ptr_array_unref);
  self->listed = g_steal_pointer (&cameras);
  /* a withdrawn camera the cloud stopped listing may be shared again later */
  {
    GHashTableIter iter;
    const char *id;

    g_hash_table_iter_init (&iter, self->withdrawn);
    while (g_hash_table_iter_next (&iter, (gpointer *) &id, NULL))
      {
        gboolean still_listed = FALSE;

        for (guint i = 0; i < self->listed->len && !still_listed; i++)
          still_listed = g_str_equal (hub_camera_get_id (g_ptr_array_index (self->listed, i)), id);
        if (!still_listed)
          g_hash_table_iter_remove (&iter);
      }
  }
  hub_application_apply_camera_list (self);
  if (self->refresh_id == 0)
    self->refresh_id = g_timeout_add_seconds (REFRESH_SECONDS, on_refresh, self);
}

void
hub_application_refresh_cameras (HubApplication *self)
{
  if (self->listing || !hub_cloud_client_is_signed_in (self->client))
    return;
  self->listing = TRUE;
  hub_cloud_client_list_cameras_async (self->client, self->cancellable, on_cameras_listed, self);
}

static void
on_signed_in (HubCloudClient *client, gpointer user_data)
{
  HubApplication *self = user_data;

  hub_event_log_note (self->log, "signed-in", NULL);
  hub_application_refresh_cameras (self);
}

static void
on_signed_out (HubCloudClient *client, gpointer user_data)
{
  HubApplication *self = user_data;
  g_autoptr (GPtrArray) none = g_ptr_array_new ();

  hub_event_log_note (self->log, "signed-out", NULL);
  g_clear_handle_id (&self->refresh_id, g_source_remove);
  g_clear_handle_id (&self->retry_id, g_source_remove);
  hub_application_update_feeds (self, none);
  hub_camera_list_update (self->cameras, none, NULL);
  g_clear_pointer (&self->listed, g_ptr_array_unref);
  g_hash_table_remove_all (self->withdrawn);
  if (self->signing_out)
    {
      /* the person asked: a new code at once, for the next account */
      hub_application_set_view (self, HUB_VIEW_SIGN_IN, NULL);
      hub_cloud_client_start_sign_in (self->client);
      return;
    }
  /* The cloud ended the sign-in (revoked, or the display was removed from the
   * account): say so, and wait for a person to ask for a new code rather
   * than showing codes to an empty room until they run out. */
  g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_WARNING, "MESSAGE",
                    "the camera cloud ended this display's sign-in");
  hub_application_set_message (
      self, HUB_VIEW_SIGNED_OUT,
      "The camera cloud no longer accepts this display's sign-in. It may have been "
      "removed from the account. Sign in again to see your cameras.");
}

static void
on_sign_in_code (HubCloudClient *client, const char *user_code, const char *uri,
                 const char *uri_complete, guint expires_in, gpointer user_data)
{
  HubApplication *self = user_data;

  hub_event_log_note (self->log, "sign-in-code", NULL);
  hub_application_set_view (self, HUB_VIEW_SIGN_IN, NULL);
  g_signal_emit_by_name (self, "sign-in-code", user_code, uri, uri_complete, expires_in);
}

static void
on_sign_in_failed (HubCloudClient *client, const GError *error, gpointer user_data)
{
  HubApplication *self = user_data;

  hub_event_log_note (self->log, "sign-in-failed", error->message);
  /* the person refused, or the code ran out: a new code only when asked */
  if (g_error_matches (error, HUB_CLOUD_ERROR, HUB_CLOUD_ERROR_ACCESS_DENIED)
      || g_error_matches (error, HUB_CLOUD_ERROR, HUB_CLOUD_ERROR_EXPIRED_CODE))
    {
      hub_application_set_view (self, HUB_VIEW_SIGN_IN, NULL);
      g_signal_emit_by_name (self, "sign-in-failed", error->message);
      return;
    }
  /* the cloud or the network failed: try again by itself, and say so (with
   * the countdown, so the retry is scheduled first) */
  schedule_retry (self);
  if (g_error_matches (error, HUB_CLOUD_ERROR, HUB_CLOUD_ERROR_TRANSPORT))
    hub_application_set_message (self, HUB_VIEW_NO_NETWORK, error->message);
  else
    hub_application_set_message (self, HUB_VIEW_CLOUD_DOWN, error->message);
}

void
hub_application_start_cloud (HubApplication *self, const char *url, const char *client_id)
{
  self->client = hub_cloud_client_new (url, client_id, self->tokens, self->trust);
  if (self->client == NULL)
    {
      hub_application_set_message (self, HUB_VIEW_CLOUD_DOWN,
                                   "The camera cloud address is not usable.");
      return;
    }
  g_signal_connect (self->client, "signed-in", G_CALLBACK (on_signed_in), self);
  g_signal_connect (self->client, "signed-out", G_CALLBACK (on_signed_out), self);
  g_signal_connect (self->client, "sign-in-code", G_CALLBACK (on_sign_in_code), self);
  g_signal_connect (self->client, "sign-in-failed", G_CALLBACK (on_sign_in_failed), self);
  if (hub_cloud_client_is_signed_in (self->client))
    hub_application_refresh_cameras (self);
  else
    {
      hub_application_set_view (self, HUB_VIEW_SIGN_IN, NULL);
      hub_cloud_client_start_sign_in (self->client);
    }
}
