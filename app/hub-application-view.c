/* hub-application-view.c — what is on screen: the view, its message, and the cameras that stream
 * for it
 *
 * The bottom of the application: the cloud, voice and action parts call
 * down into it; it calls nothing of theirs.
 *
 * Copyright 2026 hubview developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#define G_LOG_DOMAIN "hub-application"

#include "hub-application-private.h"

#include "hub-event-log.h"

#define KEY_CHECK_S 10

G_DEFINE_ENUM_TYPE (HubView, hub_view, G_DEFINE_ENUM_VALUE (HUB_VIEW_STARTING, "starting"),
                    G_DEFINE_ENUM_VALUE (HUB_VIEW_SIGN_IN, "sign-in"),
                    G_DEFINE_ENUM_VALUE (HUB_VIEW_GRID, "grid"),
                    G_DEFINE_ENUM_VALUE (HUB_VIEW_CAMERA, "camera"),
                    G_DEFINE_ENUM_VALUE (HUB_VIEW_DIAGNOSTICS, "diagnostics"),
                    G_DEFINE_ENUM_VALUE (HUB_VIEW_BLANK, "blank"),
                    G_DEFINE_ENUM_VALUE (HUB_VIEW_NO_NETWORK, "no-network"),
                    G_DEFINE_ENUM_VALUE (HUB_VIEW_CLOUD_DOWN, "cloud-down"),
                    G_DEFINE_ENUM_VALUE (HUB_VIEW_NO_CAMERAS, "no-cameras"),
                    G_DEFINE_ENUM_VALUE (HUB_VIEW_SIGNED_OUT, "signed-out"))

const char *
hub_view_to_string (HubView view)
{
  /* a static type's class is never freed: one reference for good */
  static GEnumClass *klass;
  GEnumValue *value;

  if (g_once_init_enter (&klass))
    g_once_init_leave (&klass, (GEnumClass *) g_type_class_ref (HUB_TYPE_VIEW));
  value = g_enum_get_value (klass, view);
  return value != NULL ? value->value_nick : "invalid";
}

/* Only the cameras on screen stream. */

typedef struct
{
  HubApplication *self;
  char *camera_id;
} Withdrawal;

/* A camera the cloud no longer shares leaves the view; deferred so that its
 * session is not dropped inside its own notification. */
static gboolean
withdraw_camera (gpointer user_data)
{
  Withdrawal *w = user_data;
  HubApplication *self = w->self;

  if (self->listed != NULL && !g_hash_table_contains (self->withdrawn, w->camera_id))
    {
      g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_MESSAGE, "MESSAGE",
                        "camera %s is no longer shared with this account: out of view",
                        w->camera_id);
      hub_event_log_state (self->log, w->camera_id, "withdrawn", NULL);
      g_hash_table_add (self->withdrawn, g_strdup (w->camera_id));
      hub_application_apply_camera_list (self);
    }
  g_object_unref (self);
  g_free (w->camera_id);
  g_free (w);
  return G_SOURCE_REMOVE;
}

static void
on_feed_state (HubCameraFeed *feed, GParamSpec *pspec, gpointer user_data)
{
  HubApplication *self = user_data;
  HubCamera *camera = hub_camera_feed_get_camera (feed);
  HubCameraState state = hub_camera_feed_get_state (feed);

  hub_event_log_state (self->log, hub_camera_get_id (camera), hub_camera_state_to_string (state),
                       hub_camera_feed_get_reason (feed));
  /* Video signed by a key the hub does not hold: the camera's certificate
   * may have changed (a rotated key). The cloud's list says; until then the
   * video stays blocked (§6.5). At most every KEY_CHECK_S. */
  if (state == HUB_CAMERA_STATE_BLOCKED && hub_camera_feed_key_unknown (feed)
      && g_get_monotonic_time () - self->key_check_us >= KEY_CHECK_S * G_USEC_PER_SEC)
    {
      self->key_check_us = g_get_monotonic_time ();
      g_action_group_activate_action (G_ACTION_GROUP (self), "refresh-cameras", NULL);
    }
  if (state == HUB_CAMERA_STATE_REMOVED)
    {
      Withdrawal *w = g_new0 (Withdrawal, 1);

      w->self = g_object_ref (self);
      w->camera_id = g_strdup (hub_camera_get_id (camera));
      /* default priority: idle priority starves while video is painted */
      g_idle_add_full (G_PRIORITY_DEFAULT, withdraw_camera, w, NULL);
    }
}

static void
stop_feed (HubApplication *self, const char *id)
{
  HubCameraFeed *feed = g_hash_table_lookup (self->feeds, id);

  if (feed == NULL)
    return;
  g_signal_handlers_disconnect_by_data (feed, self);
  hub_camera_feed_stop (feed);
  hub_event_log_state (self->log, id, hub_camera_state_to_string (HUB_CAMERA_STATE_STOPPED), NULL);
  g_hash_table_remove (self->feeds, id);
}

/* Starts the feeds of @wanted (camera IDs) and stops every other. */
void
hub_application_update_feeds (HubApplication *self, GPtrArray *wanted)
{
  g_autoptr (GPtrArray) running = g_ptr_array_new_with_free_func (g_free);
  guint latency = g_settings_get_uint (self->settings, "jitter-latency-ms");
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, self->feeds);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (running, g_strdup (key));

  for (guint i = 0; i < running->len; i++)
    {
      const char *id = g_ptr_array_index (running, i);
      gboolean keep = FALSE;

      for (guint j = 0; j < wanted->len && !keep; j++)
        keep = g_str_equal (id, g_ptr_array_index (wanted, j));
      if (!keep)
        stop_feed (self, id);
    }
  for (guint j = 0; j < wanted->len; j++)
    {
      const char *id = g_ptr_array_index (wanted, j);
      HubCamera *camera = hub_camera_list_lookup (self->cameras, id);
      HubCameraFeed *feed;

      if (camera == NULL || g_hash_table_contains (self->feeds, id))
        continue;
      feed = hub_camera_feed_new (self->client, camera, latency);
      g_hash_table_insert (self->feeds, g_strdup (id), feed);
      g_signal_connect (feed, "notify::state", G_CALLBACK (on_feed_state), self);
      hub_camera_feed_start (feed);
    }
}

static GPtrArray *
cameras_on_screen (HubApplication *self)
{
  GPtrArray *ids = g_ptr_array_new ();
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->cameras));
  guint size = hub_application_get_grid_size (self);

  if (self->view == HUB_VIEW_CAMERA && self->camera_id != NULL)
    g_ptr_array_add (ids, self->camera_id);
  else if (self->view == HUB_VIEW_GRID)
    for (guint i = 0; i < MIN (n, size * size); i++)
      {
        g_autoptr (HubCamera) camera = g_list_model_get_item (G_LIST_MODEL (self->cameras), i);

        /* the list keeps the camera alive; the ID string with it */
        g_ptr_array_add (ids, (gpointer) hub_camera_get_id (camera));
      }
  return ids;
}

void
hub_application_set_view (HubApplication *self, HubView view, const char *camera_id)
{
  g_autoptr (GPtrArray) wanted = NULL;
  gboolean view_changed, camera_changed;

  if (view != HUB_VIEW_CAMERA)
    camera_id = NULL;
  view_changed = self->view != view;
  camera_changed = g_strcmp0 (self->camera_id, camera_id) != 0;
  if (camera_changed)
    {
      g_free (self->camera_id);
      self->camera_id = g_strdup (camera_id);
    }
  self->view = view;

  /* feeds first: the window, told below, finds them ready */
  if (view != HUB_VIEW_DIAGNOSTICS)
    {
      wanted = cameras_on_screen (self);
      hub_application_update_feeds (self, wanted);
    }
  if (view_changed || camera_changed)
    {
      g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_INFO, "MESSAGE", "view=%s camera=%s",
                        hub_view_to_string (view), camera_id ? camera_id : "-");
      hub_event_log_view (self->log, hub_view_to_string (view), camera_id);
    }
  if (camera_changed)
    g_object_notify (G_OBJECT (self), "camera-id");
  if (view_changed)
    g_object_notify (G_OBJECT (self), "view");
}

void
hub_application_set_message (HubApplication *self, HubView view, const char *message)
{
  g_free (self->message);
  self->message = g_strdup (message);
  g_object_notify (G_OBJECT (self), "message");
  hub_application_set_view (self, view, NULL);
}

/* The view to go to once the cameras are known. */
void
hub_application_show_home (HubApplication *self)
{
  if (g_list_model_get_n_items (G_LIST_MODEL (self->cameras)) == 0)
    hub_application_set_message (
        self, HUB_VIEW_NO_CAMERAS,
        "No cameras are shared with this account yet. Add one in the camera app; "
        "it will appear here.");
  else if (self->start_camera != NULL
           && hub_camera_list_lookup (self->cameras, self->start_camera) != NULL)
    {
      g_autofree char *id = g_steal_pointer (&self->start_camera);
      hub_application_set_view (self, HUB_VIEW_CAMERA, id);
    }
  else
    hub_application_set_view (self, HUB_VIEW_GRID, NULL);
}

/* The list on screen: the cloud's, less the withdrawn cameras. */
void
hub_application_apply_camera_list (HubApplication *self)
{
  g_autoptr (GPtrArray) shown = g_ptr_array_new ();
  g_auto (GStrv) order = g_settings_get_strv (self->settings, "camera-order");

  for (guint i = 0; self->listed != NULL && i < self->listed->len; i++)
    {
      HubCamera *camera = g_ptr_array_index (self->listed, i);

      if (!g_hash_table_contains (self->withdrawn, hub_camera_get_id (camera)))
        g_ptr_array_add (shown, camera);
    }
  hub_camera_list_update (self->cameras, shown, (const char *const *) order);
  hub_event_log_note (self->log, "cameras", NULL);

  switch (self->view)
    {
    case HUB_VIEW_CAMERA:
      /* the camera on screen was removed: back to the grid */
      if (hub_camera_list_lookup (self->cameras, self->camera_id) == NULL)
        hub_application_show_home (self);
      break;
    case HUB_VIEW_GRID:
      if (g_list_model_get_n_items (G_LIST_MODEL (self->cameras)) == 0)
        hub_application_show_home (self);
      else
        hub_application_set_view (self, HUB_VIEW_GRID, NULL); /* new cameras may enter the grid */
      break;
    case HUB_VIEW_BLANK:
    case HUB_VIEW_DIAGNOSTICS:
      break;
    case HUB_VIEW_STARTING:
    case HUB_VIEW_SIGN_IN:
    case HUB_VIEW_NO_NETWORK:
    case HUB_VIEW_CLOUD_DOWN:
    case HUB_VIEW_NO_CAMERAS:
    case HUB_VIEW_SIGNED_OUT:
    default:
      hub_application_show_home (self);
      break;
    }
}
