/* hub-application.c — the hub's state and actions
 *
 * Copyright 2026 hubview developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#define G_LOG_DOMAIN "hub-application"

#include "hub-application-private.h"

#include <glib-unix.h>
#include <gst/gst.h>

#include "hub-demo.h"
#include "hub-elements.h"
#include "hub-paintable-sink.h"
#include "hub-token-store.h"
#include "hub-backlight.h"
#include "hub-trust-store.h"

#define REFRESH_SECONDS 60
#define RETRY_BASE_S 2
#define RETRY_CAP_S 60


enum
{
  PROP_0,
  PROP_VIEW,
  PROP_CAMERA_ID,
  PROP_MESSAGE,
  PROP_VOICE_STATUS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum
{
  SIGNAL_SIGN_IN_CODE,
  SIGNAL_SIGN_IN_FAILED,
  SIGNAL_VOICE_FEEDBACK,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (HubApplication, hub_application, GTK_TYPE_APPLICATION)

G_DEFINE_ENUM_TYPE (HubView, hub_view,
                    G_DEFINE_ENUM_VALUE (HUB_VIEW_STARTING, "starting"),
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
  static const char *const names[] = { "starting", "sign-in", "grid", "camera", "diagnostics",
                                       "blank", "no-network", "cloud-down", "no-cameras",
                                       "signed-out" };

  return (guint) view < G_N_ELEMENTS (names) ? names[view] : "invalid";
}


/* ---- sessions: only the cameras on screen stream ---- */

static void apply_camera_list (HubApplication *self);

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
      apply_camera_list (self);
    }
  g_object_unref (self);
  g_free (w->camera_id);
  g_free (w);
  return G_SOURCE_REMOVE;
}

static void
on_session_state (HubCameraSession *session, GParamSpec *pspec, gpointer user_data)
{
  HubApplication *self = user_data;
  HubCamera *camera = hub_camera_session_get_camera (session);
  HubSessionState state = hub_camera_session_get_state (session);

  hub_event_log_state (self->log, hub_camera_get_id (camera), hub_session_state_to_string (state),
                       hub_camera_session_get_reason (session));
  if (state == HUB_SESSION_REMOVED)
    {
      Withdrawal *w = g_new0 (Withdrawal, 1);

      w->self = g_object_ref (self);
      w->camera_id = g_strdup (hub_camera_get_id (camera));
      /* default priority: idle priority starves while video is painted */
      g_idle_add_full (G_PRIORITY_DEFAULT, withdraw_camera, w, NULL);
    }
}

static void
stop_session (HubApplication *self, const char *id)
{
  HubCameraSession *session = g_hash_table_lookup (self->sessions, id);

  if (session == NULL)
    return;
  g_signal_handlers_disconnect_by_data (session, self);
  hub_camera_session_stop (session);
  hub_event_log_state (self->log, id, hub_session_state_to_string (HUB_SESSION_STOPPED), NULL);
  g_hash_table_remove (self->sessions, id);
}

/* Starts the sessions of @wanted (camera IDs) and stops every other. */
static void
update_sessions (HubApplication *self, GPtrArray *wanted)
{
  g_autoptr (GPtrArray) running = g_ptr_array_new_with_free_func (g_free);
  guint latency = g_settings_get_uint (self->settings, "jitter-latency-ms");
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, self->sessions);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (running, g_strdup (key));

  for (guint i = 0; i < running->len; i++)
    {
      const char *id = g_ptr_array_index (running, i);
      gboolean keep = FALSE;

      for (guint j = 0; j < wanted->len && !keep; j++)
        keep = g_str_equal (id, g_ptr_array_index (wanted, j));
      if (!keep)
        stop_session (self, id);
    }
  for (guint j = 0; j < wanted->len; j++)
    {
      const char *id = g_ptr_array_index (wanted, j);
      HubCamera *camera = hub_camera_list_lookup (self->cameras, id);
      HubCameraSession *session;

      if (camera == NULL || g_hash_table_contains (self->sessions, id))
        continue;
      session = hub_camera_session_new (self->client, camera, latency);
      g_hash_table_insert (self->sessions, g_strdup (id), session);
      g_signal_connect (session, "notify::state", G_CALLBACK (on_session_state), self);
      hub_camera_session_start (session);
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

/* ---- the view ---- */

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

  /* sessions first: the window, told below, finds them ready */
  if (view != HUB_VIEW_DIAGNOSTICS)
    {
      wanted = cameras_on_screen (self);
      update_sessions (self, wanted);
    }
  if (view_changed || camera_changed)
    {
      g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_INFO, "MESSAGE", "view=%s camera=%s",
                        hub_view_to_string (view), camera_id ? camera_id : "-");
      hub_event_log_view (self->log, hub_view_to_string (view), camera_id);
    }
  if (camera_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAMERA_ID]);
  if (view_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VIEW]);
}

static void
set_message (HubApplication *self, HubView view, const char *message)
{
  g_free (self->message);
  self->message = g_strdup (message);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MESSAGE]);
  hub_application_set_view (self, view, NULL);
}

/* The view to go to once the cameras are known. */
void
hub_application_show_home (HubApplication *self)
{
  if (g_list_model_get_n_items (G_LIST_MODEL (self->cameras)) == 0)
    set_message (self, HUB_VIEW_NO_CAMERAS,
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

char *
hub_application_setting (HubApplication *self, const char *option, const char *configured,
                         const char *key)
{
  if (option != NULL)
    return g_strdup (option);
  if (configured != NULL)
    return g_strdup (configured);
  return g_settings_get_string (self->settings, key);
}

/* ---- the cloud ---- */

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
      g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_WARNING, "MESSAGE",
                        "camera list failed: %s", error->message);
      hub_event_log_note (self->log, "cloud-error", error->message);
      if (g_error_matches (error, HUB_CLOUD_ERROR, HUB_CLOUD_ERROR_UNAUTHENTICATED)
          || g_error_matches (error, HUB_CLOUD_ERROR, HUB_CLOUD_ERROR_SIGNED_OUT))
        {
          /* the client signed out: its "signed-out" handler shows sign-in */
          return;
        }
      schedule_retry (self);
      if (g_error_matches (error, HUB_CLOUD_ERROR, HUB_CLOUD_ERROR_TRANSPORT))
        set_message (self, HUB_VIEW_NO_NETWORK, error->message);
      else
        set_message (self, HUB_VIEW_CLOUD_DOWN, error->message);
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
  apply_camera_list (self);
  if (self->refresh_id == 0)
    self->refresh_id = g_timeout_add_seconds (REFRESH_SECONDS, on_refresh, self);
}

/* The list on screen: the cloud's, less the withdrawn cameras. */
static void
apply_camera_list (HubApplication *self)
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
  update_sessions (self, none);
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
  set_message (self, HUB_VIEW_SIGNED_OUT,
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
  g_signal_emit (self, signals[SIGNAL_SIGN_IN_CODE], 0, user_code, uri, uri_complete, expires_in);
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
      g_signal_emit (self, signals[SIGNAL_SIGN_IN_FAILED], 0, error->message);
      return;
    }
  /* the cloud or the network failed: try again by itself, and say so (with
   * the countdown, so the retry is scheduled first) */
  schedule_retry (self);
  if (g_error_matches (error, HUB_CLOUD_ERROR, HUB_CLOUD_ERROR_TRANSPORT))
    set_message (self, HUB_VIEW_NO_NETWORK, error->message);
  else
    set_message (self, HUB_VIEW_CLOUD_DOWN, error->message);
}

static void
start_cloud (HubApplication *self, const char *url)
{
  g_autofree char *client_id
      = hub_application_setting (self, NULL, self->config->client_id, "client-id");

  self->client = hub_cloud_client_new (url, client_id, self->tokens, self->trust);
  if (self->client == NULL)
    {
      set_message (self, HUB_VIEW_CLOUD_DOWN, "The camera cloud address is not usable.");
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

static void
on_demo_ready (HubDemo *sim, const char *cloud_url, gpointer user_data)
{
  start_cloud (HUB_APPLICATION (user_data), cloud_url);
}

static void
on_demo_failed (HubDemo *sim, const char *message, gpointer user_data)
{
  HubApplication *self = user_data;

  set_message (self, HUB_VIEW_CLOUD_DOWN, message);
}

/* ---- GApplication ---- */

static GSettings *
load_settings (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr (GSettingsSchema) schema = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, HUB_APPLICATION_ID, TRUE);
#ifdef HUB_SCHEMA_BUILD_DIR
  if (schema == NULL)
    {
      /* running from the build tree */
      g_autoptr (GSettingsSchemaSource) build = g_settings_schema_source_new_from_directory (
          HUB_SCHEMA_BUILD_DIR, source, FALSE, NULL);

      if (build != NULL)
        schema = g_settings_schema_source_lookup (build, HUB_APPLICATION_ID, FALSE);
    }
#endif
  if (schema == NULL)
    {
      g_printerr ("hubview: the settings schema %s is not installed\n", HUB_APPLICATION_ID);
      return NULL;
    }
  return g_settings_new_full (schema, NULL, NULL);
}

/* SIGTERM (systemd, tests) and SIGINT quit cleanly: streams closed, the
 * demo's simulator stopped. */
static gboolean
on_quit_signal (gpointer user_data)
{
  g_application_quit (G_APPLICATION (user_data));
  return G_SOURCE_CONTINUE;
}

static void
hub_application_startup (GApplication *app)
{
  HubApplication *self = HUB_APPLICATION (app);
  g_autoptr (GError) error = NULL;
  g_autofree char *roots_dir = NULL;
  g_autofree char *token_path = NULL;

  G_APPLICATION_CLASS (hub_application_parent_class)->startup (app);

  gst_init (NULL, NULL);
  hub_elements_register ();
  GST_ELEMENT_REGISTER (hubpaintablesink, NULL);

  self->settings = load_settings ();
  if (self->settings == NULL)
    {
      g_application_quit (app);
      return;
    }
  self->log = hub_event_log_new (self->event_log_path, &error);
  if (self->log == NULL)
    {
      g_printerr ("hubview: %s\n", error->message);
      g_clear_error (&error);
      self->log = hub_event_log_new (NULL, NULL);
    }

  if (!hub_config_load (NULL, &self->config, &error))
    {
      /* the file's values are not used; GSettings' are, and the journal says why */
      g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_WARNING, "MESSAGE",
                        "configuration ignored: %s", error->message);
      g_clear_error (&error);
      self->config = g_new0 (HubConfig, 1);
    }
  /* cage does not blank: the hub does, and a restart after a quit while
   * blank must light the screen again */
  if (!self->windowed)
    hub_backlight_set_power (TRUE);

  self->trust = hub_trust_store_new ();
  roots_dir = hub_application_setting (self, self->trust_roots_dir, self->config->trust_roots_dir,
                                       "trust-roots-dir");
  if (!hub_trust_store_load_dir (self->trust, roots_dir, &error))
    {
      if (!self->demo)
        g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_WARNING, "MESSAGE",
                          "no trust roots from %s: %s", roots_dir, error->message);
      g_clear_error (&error);
    }
  if (self->demo)
    hub_trust_store_add_demo_root (self->trust);
  /* a root removed from the directory stops being trusted at once (§6.5) */
  hub_trust_store_watch_dir (self->trust, roots_dir);

  /* the demo's cloud is a throw-away: its tokens do not replace the real ones */
  if (self->demo)
    token_path = g_build_filename (g_get_user_runtime_dir (), "hubview-demo-tokens.json", NULL);
  self->tokens = hub_token_store_new (token_path);
  if (self->demo)
    hub_token_store_clear (self->tokens, NULL);
  else if (!hub_token_store_load (self->tokens, &error) && error != NULL)
    {
      g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_WARNING, "MESSAGE",
                        "stored sign-in unreadable, signing in again: %s", error->message);
      g_clear_error (&error);
    }

  hub_application_add_actions (self);
  self->last_activity_us = g_get_monotonic_time ();
  self->idle_id = g_timeout_add_seconds (10, hub_application_idle_check, self);
  g_unix_signal_add (SIGTERM, on_quit_signal, self);
  g_unix_signal_add (SIGINT, on_quit_signal, self);
}

static void
hub_application_activate (GApplication *app)
{
  HubApplication *self = HUB_APPLICATION (app);

  G_APPLICATION_CLASS (hub_application_parent_class)->activate (app);
  if (self->started || self->settings == NULL)
    return;
  self->started = TRUE;

  hub_application_start_voice (self);
  if (self->demo)
    {
      self->sim = hub_demo_new ();
      g_signal_connect (self->sim, "ready", G_CALLBACK (on_demo_ready), self);
      g_signal_connect (self->sim, "failed", G_CALLBACK (on_demo_failed), self);
      hub_demo_start (self->sim);
    }
  else
    {
      g_autofree char *url
          = hub_application_setting (self, self->cloud_url, self->config->cloud_url, "cloud-url");
      start_cloud (self, url);
    }
}

static void
hub_application_shutdown (GApplication *app)
{
  HubApplication *self = HUB_APPLICATION (app);
  g_autoptr (GPtrArray) none = g_ptr_array_new ();

  g_cancellable_cancel (self->cancellable);
  if (self->sessions != NULL)
    update_sessions (self, none);
  g_clear_handle_id (&self->refresh_id, g_source_remove);
  g_clear_handle_id (&self->retry_id, g_source_remove);
  g_clear_handle_id (&self->idle_id, g_source_remove);
  hub_application_stop_voice (self);
  if (self->sim != NULL)
    hub_demo_stop (self->sim);
  G_APPLICATION_CLASS (hub_application_parent_class)->shutdown (app);
}

static gint
hub_application_handle_local_options (GApplication *app, GVariantDict *options)
{
  HubApplication *self = HUB_APPLICATION (app);

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("hubview %s\n", HUB_VERSION);
      return 0;
    }
  g_variant_dict_lookup (options, "demo", "b", &self->demo);
  g_variant_dict_lookup (options, "cloud", "s", &self->cloud_url);
  g_variant_dict_lookup (options, "trust-roots", "^ay", &self->trust_roots_dir);
  g_variant_dict_lookup (options, "camera", "s", &self->start_camera);
  g_variant_dict_lookup (options, "windowed", "b", &self->windowed);
  g_variant_dict_lookup (options, "event-log", "^ay", &self->event_log_path);
  g_variant_dict_lookup (options, "voice-input", "^ay", &self->voice_input);
  if (self->cloud_url != NULL && self->demo)
    {
      g_printerr ("hubview: --demo runs its own cloud; drop --cloud\n");
      return 2;
    }
  return -1;
}

static void
hub_application_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  HubApplication *self = HUB_APPLICATION (object);

  switch (prop_id)
    {
    case PROP_VIEW:
      g_value_set_enum (value, self->view);
      break;
    case PROP_CAMERA_ID:
      g_value_set_string (value, self->camera_id);
      break;
    case PROP_MESSAGE:
      g_value_set_string (value, self->message);
      break;
    case PROP_VOICE_STATUS:
      g_value_set_string (value, self->voice_status);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
    }
}

static void
hub_application_dispose (GObject *object)
{
  HubApplication *self = HUB_APPLICATION (object);

  g_clear_pointer (&self->sessions, g_hash_table_unref);
  g_clear_pointer (&self->listed, g_ptr_array_unref);
  g_clear_pointer (&self->withdrawn, g_hash_table_unref);
  g_clear_object (&self->sim);
  g_clear_object (&self->client);
  g_clear_object (&self->cameras);
  g_clear_object (&self->tokens);
  g_clear_object (&self->trust);
  g_clear_object (&self->log);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->config, hub_config_free);
  g_clear_object (&self->cancellable);
  G_OBJECT_CLASS (hub_application_parent_class)->dispose (object);
}

static void
hub_application_finalize (GObject *object)
{
  HubApplication *self = HUB_APPLICATION (object);

  g_free (self->cloud_url);
  g_free (self->trust_roots_dir);
  g_free (self->start_camera);
  g_free (self->event_log_path);
  g_free (self->voice_input);
  g_free (self->voice_status);
  g_free (self->camera_id);
  g_free (self->message);
  G_OBJECT_CLASS (hub_application_parent_class)->finalize (object);
}

static void
hub_application_class_init (HubApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->get_property = hub_application_get_property;
  object_class->dispose = hub_application_dispose;
  object_class->finalize = hub_application_finalize;
  app_class->startup = hub_application_startup;
  app_class->activate = hub_application_activate;
  app_class->shutdown = hub_application_shutdown;
  app_class->handle_local_options = hub_application_handle_local_options;

  properties[PROP_VIEW] = g_param_spec_enum ("view", NULL, NULL, HUB_TYPE_VIEW, HUB_VIEW_STARTING,
                                             G_PARAM_READABLE | G_PARAM_STATIC_STRINGS
                                                 | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_CAMERA_ID] = g_param_spec_string ("camera-id", NULL, NULL, NULL,
                                                    G_PARAM_READABLE | G_PARAM_STATIC_STRINGS
                                                        | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_MESSAGE] = g_param_spec_string ("message", NULL, NULL, NULL,
                                                  G_PARAM_READABLE | G_PARAM_STATIC_STRINGS
                                                      | G_PARAM_EXPLICIT_NOTIFY);
  /* "listening for …", or "off: " and why */
  properties[PROP_VOICE_STATUS] = g_param_spec_string ("voice-status", NULL, NULL, NULL,
                                                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* relayed from the cloud client, which exists only once the cloud is known */
  signals[SIGNAL_SIGN_IN_CODE] = g_signal_new ("sign-in-code", G_TYPE_FROM_CLASS (klass),
                                               G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                               G_TYPE_NONE, 4, G_TYPE_STRING, G_TYPE_STRING,
                                               G_TYPE_STRING, G_TYPE_UINT);
  signals[SIGNAL_SIGN_IN_FAILED] = g_signal_new ("sign-in-failed", G_TYPE_FROM_CLASS (klass),
                                                 G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                                 G_TYPE_NONE, 1, G_TYPE_STRING);
  /* a short text for the screen: the command heard, or "Didn’t catch that" */
  signals[SIGNAL_VOICE_FEEDBACK] = g_signal_new ("voice-feedback", G_TYPE_FROM_CLASS (klass),
                                                 G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                                 G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
hub_application_init (HubApplication *self)
{
  static const GOptionEntry entries[] = {
    { "version", 'V', G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, NULL,
      "Print the version and exit", NULL },
    { "demo", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, NULL,
      "Run against the bundled simulator (trusts its demo root)", NULL },
    { "cloud", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING, NULL,
      "Camera cloud base URL (overrides the setting)", "URL" },
    { "trust-roots", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_FILENAME, NULL,
      "Directory of trusted camera roots (*.pub)", "DIR" },
    { "camera", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING, NULL,
      "Start on this camera", "ID" },
    { "windowed", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, NULL,
      "A normal window instead of the full-screen kiosk", NULL },
    { "event-log", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_FILENAME, NULL,
      "Write state, view and painted-frame events as JSON lines", "FILE" },
    { "voice-input", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_FILENAME, NULL,
      "Recognise spoken commands in this audio file instead of the microphone", "FILE" },
    { NULL }
  };

  self->sessions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->withdrawn = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->cameras = hub_camera_list_new ();
  self->cancellable = g_cancellable_new ();
  self->view = HUB_VIEW_STARTING;
  g_application_add_main_option_entries (G_APPLICATION (self), entries);
  g_application_set_option_context_summary (
      G_APPLICATION (self),
      "Smart display for household cameras: shows a frame only when its signed device ID "
      "proves it came from the chosen camera, in the session the hub opened.");
}

HubApplication *
hub_application_new (void)
{
  return g_object_new (HUB_TYPE_APPLICATION, "application-id", HUB_APPLICATION_ID, "flags",
                       G_APPLICATION_DEFAULT_FLAGS, NULL);
}

HubView
hub_application_get_view (HubApplication *self)
{
  g_return_val_if_fail (HUB_IS_APPLICATION (self), HUB_VIEW_STARTING);
  return self->view;
}

const char *
hub_application_get_camera_id (HubApplication *self)
{
  g_return_val_if_fail (HUB_IS_APPLICATION (self), NULL);
  return self->camera_id;
}

HubCameraList *
hub_application_get_cameras (HubApplication *self)
{
  g_return_val_if_fail (HUB_IS_APPLICATION (self), NULL);
  return self->cameras;
}

HubCameraSession *
hub_application_get_session (HubApplication *self, const char *camera_id)
{
  g_return_val_if_fail (HUB_IS_APPLICATION (self), NULL);
  return camera_id ? g_hash_table_lookup (self->sessions, camera_id) : NULL;
}

HubCloudClient *
hub_application_get_client (HubApplication *self)
{
  g_return_val_if_fail (HUB_IS_APPLICATION (self), NULL);
  return self->client;
}

HubEventLog *
hub_application_get_event_log (HubApplication *self)
{
  g_return_val_if_fail (HUB_IS_APPLICATION (self), NULL);
  return self->log;
}

GSettings *
hub_application_get_settings (HubApplication *self)
{
  g_return_val_if_fail (HUB_IS_APPLICATION (self), NULL);
  return self->settings;
}

guint
hub_application_get_grid_size (HubApplication *self)
{
  g_return_val_if_fail (HUB_IS_APPLICATION (self), 2);
  return self->settings ? CLAMP (g_settings_get_uint (self->settings, "grid-size"), 2, 3) : 2;
}

gboolean
hub_application_get_windowed (HubApplication *self)
{
  g_return_val_if_fail (HUB_IS_APPLICATION (self), FALSE);
  return self->windowed;
}

const char *
hub_application_get_message (HubApplication *self)
{
  g_return_val_if_fail (HUB_IS_APPLICATION (self), NULL);
  return self->message;
}

guint
hub_application_get_retry_in (HubApplication *self)
{
  gint64 left;

  g_return_val_if_fail (HUB_IS_APPLICATION (self), 0);
  if (self->retry_id == 0)
    return 0;
  left = self->retry_at_us - g_get_monotonic_time ();
  return left > 0 ? (guint) ((left + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC) : 0;
}
