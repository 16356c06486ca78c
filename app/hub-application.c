/* hub-application.c — the hub as a GtkApplication: options, start-up, shutdown, properties
 *
 * Copyright 2026 hubview developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#define G_LOG_DOMAIN "hub-application"

#include "hub-application-private.h"

#include <glib-unix.h>
#include <stdlib.h>
#include <gst/gst.h>

#include "hub-camera-pipeline.h"
#include "hub-demo.h"
#include "hub-elements.h"
#include "hub-paintable-sink.h"
#include "hub-token-store.h"
#include "hub-backlight.h"
#include "hub-trust-store.h"

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

static void
on_demo_ready (HubDemo *sim, const char *cloud_url, gpointer user_data)
{
  HubApplication *self = HUB_APPLICATION (user_data);
  g_autofree char *client_id
      = hub_application_setting (self, NULL, self->config->client_id, "client-id");

  hub_application_start_cloud (self, cloud_url, client_id);
}

static void
on_demo_failed (HubDemo *sim, const char *message, gpointer user_data)
{
  HubApplication *self = user_data;

  hub_application_set_message (self, HUB_VIEW_CLOUD_DOWN, message);
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
      g_autoptr (GSettingsSchemaSource) build
          = g_settings_schema_source_new_from_directory (HUB_SCHEMA_BUILD_DIR, source, FALSE, NULL);

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
      g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_WARNING, "MESSAGE", "configuration ignored: %s",
                        error->message);
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
      g_autofree char *client_id
          = hub_application_setting (self, NULL, self->config->client_id, "client-id");

      hub_application_start_cloud (self, url, client_id);
    }
}

/* HUBVIEW_DEBUG: debug switches, comma-separated (the tests set "leaks"). */
static gboolean
debug_enabled (const char *name)
{
  const char *env = g_getenv ("HUBVIEW_DEBUG");
  g_auto (GStrv) names = env != NULL ? g_strsplit (env, ",", -1) : NULL;

  return names != NULL && g_strv_contains ((const char *const *) names, name);
}

/* The windows hold the sinks, and through them the streams, of what they
 * showed last. */
static void
destroy_windows (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  while (g_list_model_get_n_items (toplevels) > 0)
    {
      g_autoptr (GtkWindow) window = g_list_model_get_item (toplevels, 0);

      gtk_window_destroy (window);
    }
}

/* HUBVIEW_DEBUG=leaks: every camera pipeline must be gone once the streams
 * are stopped and the windows destroyed. One still alive holds a reference
 * nothing will drop (a bus watch, a pending message, a cycle), which on a
 * wall that runs for years is a leak per camera switch: the process exits
 * with status 3. */
static void
check_pipelines_released (void)
{
  /* a camera that does not answer the TEARDOWN is waited for up to 11 s */
  gint64 deadline = g_get_monotonic_time () + 15 * G_USEC_PER_SEC;
  guint alive;

  /* what the streaming threads hand back to the main loop as they stop */
  while ((alive = hub_camera_pipeline_count_alive ()) > 0 && g_get_monotonic_time () < deadline)
    {
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (10000);
    }
  if (alive == 0)
    return;
  g_printerr ("hubview: %u camera pipeline object(s) still alive at quit: leaked\n", alive);
  exit (3);
}

static void
hub_application_shutdown (GApplication *app)
{
  HubApplication *self = HUB_APPLICATION (app);
  g_autoptr (GPtrArray) none = g_ptr_array_new ();

  g_cancellable_cancel (self->cancellable);
  if (self->feeds != NULL)
    hub_application_update_feeds (self, none);
  g_clear_handle_id (&self->refresh_id, g_source_remove);
  g_clear_handle_id (&self->retry_id, g_source_remove);
  g_clear_handle_id (&self->idle_id, g_source_remove);
  hub_application_stop_voice (self);
  if (self->sim != NULL)
    hub_demo_stop (self->sim);
  destroy_windows ();
  if (debug_enabled ("leaks"))
    check_pipelines_released ();
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

  g_clear_pointer (&self->feeds, g_hash_table_unref);
  g_clear_pointer (&self->listed, g_ptr_array_unref);
  g_clear_pointer (&self->withdrawn, g_hash_table_unref);
  g_clear_object (&self->sim);
  g_clear_object (&self->client);
  g_clear_object (&self->voice_signals);
  g_clear_object (&self->voice_camera_signals);
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

  properties[PROP_VIEW]
      = g_param_spec_enum ("view", NULL, NULL, HUB_TYPE_VIEW, HUB_VIEW_STARTING,
                           G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_CAMERA_ID]
      = g_param_spec_string ("camera-id", NULL, NULL, NULL,
                             G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_MESSAGE]
      = g_param_spec_string ("message", NULL, NULL, NULL,
                             G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  /* "listening for …", or "off: " and why */
  properties[PROP_VOICE_STATUS] = g_param_spec_string ("voice-status", NULL, NULL, NULL,
                                                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* relayed from the cloud client, which exists only once the cloud is known */
  signals[SIGNAL_SIGN_IN_CODE] = g_signal_new (
      "sign-in-code", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
      G_TYPE_NONE, 4, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_UINT);
  signals[SIGNAL_SIGN_IN_FAILED]
      = g_signal_new ("sign-in-failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                      NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  /* a short text for the screen: the command heard, or "Didn’t catch that" */
  signals[SIGNAL_VOICE_FEEDBACK]
      = g_signal_new ("voice-feedback", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                      NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
hub_application_init (HubApplication *self)
{
  static const GOptionEntry entries[]
      = { { "version", 'V', G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, NULL,
            "Print the version and exit", NULL },
          { "demo", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, NULL,
            "Run against the bundled simulator (trusts its demo root)", NULL },
          { "cloud", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING, NULL,
            "Camera cloud base URL (overrides the setting)", "URL" },
          { "trust-roots", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_FILENAME, NULL,
            "Directory of trusted camera roots (*.pub)", "DIR" },
          { "camera", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING, NULL, "Start on this camera",
            "ID" },
          { "windowed", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, NULL,
            "A normal window instead of the full-screen kiosk", NULL },
          { "event-log", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_FILENAME, NULL,
            "Write state, view and painted-frame events as JSON lines", "FILE" },
          { "voice-input", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_FILENAME, NULL,
            "Recognise spoken commands in this audio file instead of the microphone", "FILE" },
          { NULL } };

  self->feeds = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->withdrawn = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->cameras = hub_camera_list_new ();
  self->cancellable = g_cancellable_new ();
  hub_application_init_voice (self);
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

HubCameraFeed *
hub_application_get_feed (HubApplication *self, const char *camera_id)
{
  g_return_val_if_fail (HUB_IS_APPLICATION (self), NULL);
  return camera_id ? g_hash_table_lookup (self->feeds, camera_id) : NULL;
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
