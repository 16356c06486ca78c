/* hub-application-actions.c — the actions every input becomes
 *
 * Copyright 2026 hubview developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#define G_LOG_DOMAIN "hub-application"

#include "hub-application-private.h"
#include "hub-backlight.h"

/* ---- idle blank ---- */

gboolean
hub_application_idle_check (gpointer user_data)
{
  HubApplication *self = user_data;
  guint minutes = g_settings_get_uint (self->settings, "idle-blank-minutes");

  if (minutes > 0 && self->view != HUB_VIEW_BLANK && self->view != HUB_VIEW_SIGN_IN
      && g_get_monotonic_time () - self->last_activity_us
             >= (gint64) minutes * 60 * G_USEC_PER_SEC)
    g_action_group_activate_action (G_ACTION_GROUP (self), "blank", NULL);
  return G_SOURCE_CONTINUE;
}

void
hub_application_note_activity (HubApplication *self)
{
  g_return_if_fail (HUB_IS_APPLICATION (self));

  self->last_activity_us = g_get_monotonic_time ();
  if (self->view == HUB_VIEW_BLANK)
    g_action_group_activate_action (G_ACTION_GROUP (self), "wake", NULL);
}

static int
current_index (HubApplication *self)
{
  return self->camera_id ? hub_camera_list_index_of (self->cameras, self->camera_id) : -1;
}

static void
show_camera_at (HubApplication *self, int index)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->cameras));
  g_autoptr (HubCamera) camera = NULL;

  if (n == 0)
    return;
  index = ((index % (int) n) + (int) n) % (int) n;
  camera = g_list_model_get_item (G_LIST_MODEL (self->cameras), index);
  hub_application_set_view (self, HUB_VIEW_CAMERA, hub_camera_get_id (camera));
}

/* The grid, a camera or the diagnostics are showing: the camera actions
 * apply (on a sign-in or message view there is no camera to go to). */
static gboolean
cameras_reachable (HubApplication *self)
{
  return self->view == HUB_VIEW_GRID || self->view == HUB_VIEW_CAMERA
         || self->view == HUB_VIEW_DIAGNOSTICS;
}

static void
action_show_camera (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  HubApplication *self = user_data;
  const char *id = g_variant_get_string (param, NULL);

  if (!cameras_reachable (self))
    return;
  if (hub_camera_list_lookup (self->cameras, id) == NULL)
    {
      g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_MESSAGE, "CAMERA", id, "MESSAGE",
                        "camera=%s show-camera: no such camera", id);
      return;
    }
  hub_application_set_view (self, HUB_VIEW_CAMERA, id);
}

static void
action_show_grid (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  HubApplication *self = user_data;

  if (cameras_reachable (self))
    hub_application_set_view (self, HUB_VIEW_GRID, NULL);
}

static void
action_next_camera (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  HubApplication *self = user_data;

  if (cameras_reachable (self))
    show_camera_at (self, current_index (self) + 1);
}

static void
action_previous_camera (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  HubApplication *self = user_data;
  int i = current_index (self);

  if (cameras_reachable (self))
    show_camera_at (self, i < 0 ? -1 : i - 1);
}

static void
action_back (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  HubApplication *self = user_data;

  if (self->view == HUB_VIEW_CAMERA || self->view == HUB_VIEW_DIAGNOSTICS)
    hub_application_set_view (self, HUB_VIEW_GRID, NULL);
}

static void
action_blank (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  HubApplication *self = user_data;

  if (self->view == HUB_VIEW_BLANK)
    return;
  self->view_before_blank = cameras_reachable (self) ? HUB_VIEW_GRID : self->view;
  hub_application_set_view (self, HUB_VIEW_BLANK, NULL); /* stops every stream */
  /* black is not dark on an LCD: the backlight goes off too (kiosk only) */
  if (!self->windowed)
    hub_backlight_set_power (FALSE);
}

static void
action_wake (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  HubApplication *self = user_data;

  self->last_activity_us = g_get_monotonic_time ();
  if (self->view != HUB_VIEW_BLANK)
    return;
  if (!self->windowed)
    hub_backlight_set_power (TRUE);
  if (self->view_before_blank == HUB_VIEW_GRID)
    hub_application_show_home (self);
  else
    hub_application_set_view (self, self->view_before_blank, NULL);
}

static void
action_show_diagnostics (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  HubApplication *self = user_data;

  hub_application_set_view (self, HUB_VIEW_DIAGNOSTICS, NULL);
}

static void
action_sign_out (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  HubApplication *self = user_data;

  if (self->client == NULL)
    return;
  self->signing_out = TRUE;
  hub_cloud_client_sign_out (self->client);
  self->signing_out = FALSE;
}

static void
action_retry (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  HubApplication *self = user_data;

  if (self->client == NULL)
    return;
  g_clear_handle_id (&self->retry_id, g_source_remove);
  if (hub_cloud_client_is_signed_in (self->client))
    hub_application_refresh_cameras (self);
  else
    hub_cloud_client_start_sign_in (self->client);
}

/* the camera list again now (its certificates may have changed) */
static void
action_refresh_cameras (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  hub_application_refresh_cameras (user_data);
}

static void
action_listen (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  hub_application_listen_once (user_data);
}

static const GActionEntry app_actions[] = {
  { "show-camera", action_show_camera, "s", NULL, NULL, { 0 } },
  { "show-cameras", action_show_grid, NULL, NULL, NULL, { 0 } },
  { "show-grid", action_show_grid, NULL, NULL, NULL, { 0 } },
  { "next-camera", action_next_camera, NULL, NULL, NULL, { 0 } },
  { "previous-camera", action_previous_camera, NULL, NULL, NULL, { 0 } },
  { "back", action_back, NULL, NULL, NULL, { 0 } },
  { "blank", action_blank, NULL, NULL, NULL, { 0 } },
  { "wake", action_wake, NULL, NULL, NULL, { 0 } },
  { "show-diagnostics", action_show_diagnostics, NULL, NULL, NULL, { 0 } },
  { "sign-out", action_sign_out, NULL, NULL, NULL, { 0 } },
  { "retry", action_retry, NULL, NULL, NULL, { 0 } },
  { "refresh-cameras", action_refresh_cameras, NULL, NULL, NULL, { 0 } },
  { "listen", action_listen, NULL, NULL, NULL, { 0 } },
};

void
hub_application_add_actions (HubApplication *self)
{
  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions, G_N_ELEMENTS (app_actions),
                                   self);
}
