/* hub-application-voice.c — spoken commands become the application's actions
 *
 * Copyright 2026 hubview developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * One HubVoice for the life of the application: the microphone (or, with
 * --voice-input, an audio file through the same recogniser), a grammar kept
 * in step with the camera list, and what is heard turned into the same
 * GActions touch uses. Feedback for the screen goes out as the application's
 * "voice-feedback" signal; a missing or failing microphone turns voice off
 * with a reason (diagnostics, journal, event log) and nothing else changes.
 */
#define G_LOG_DOMAIN "hub-application"

#include "hub-application-private.h"
#include "hub-voice.h"

static void
set_status (HubApplication *self, const char *status)
{
  g_free (self->voice_status);
  self->voice_status = g_strdup (status);
}

static void on_unavailable (HubVoice *voice, const char *reason, gpointer user_data);

static void
on_cameras_changed (GListModel *model, guint position, guint removed, guint added,
                    gpointer user_data)
{
  HubApplication *self = user_data;
  guint n = g_list_model_get_n_items (model);
  g_autoptr (GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr (HubCamera) camera = g_list_model_get_item (model, i);

      g_ptr_array_add (ids, g_strdup (hub_camera_get_id (camera)));
      g_ptr_array_add (names, g_strdup (hub_camera_get_name (camera)));
    }
  g_ptr_array_add (ids, NULL);
  g_ptr_array_add (names, NULL);
  hub_voice_set_cameras (self->voice, (const char *const *) ids->pdata,
                         (const char *const *) names->pdata);
  /* an audio file is heard once there are cameras to name, like a person
   * who speaks to the screen once it shows them */
  if (n > 0 && self->voice_input != NULL && !self->voice_input_started)
    {
      g_autoptr (GError) error = NULL;

      self->voice_input_started = TRUE;
      if (!hub_voice_start_file (self->voice, self->voice_input, &error))
        on_unavailable (self->voice, error->message, self);
    }
}

/* What the toast says: the command in words. */
static char *
describe (HubApplication *self, const char *action, const char *camera_id)
{
  HubCamera *camera = camera_id ? hub_camera_list_lookup (self->cameras, camera_id) : NULL;

  if (g_strcmp0 (action, "show-camera") == 0)
    return g_strdup_printf ("Showing %s", camera ? hub_camera_get_name (camera) : camera_id);
  if (g_strcmp0 (action, "show-grid") == 0)
    return g_strdup ("Showing all cameras");
  if (g_strcmp0 (action, "next-camera") == 0)
    return g_strdup ("Next camera");
  if (g_strcmp0 (action, "previous-camera") == 0)
    return g_strdup ("Previous camera");
  if (g_strcmp0 (action, "back") == 0)
    return g_strdup ("Back");
  if (g_strcmp0 (action, "blank") == 0)
    return g_strdup ("Cameras hidden");
  if (g_strcmp0 (action, "wake") == 0)
    return g_strdup ("Awake");
  return g_strdup (action);
}

static void
on_command (HubVoice *voice, const char *action, const char *camera_id, gpointer user_data)
{
  HubApplication *self = user_data;
  g_autofree char *words = describe (self, action, camera_id);
  g_autofree char *note = g_strdup_printf ("%s%s%s", action, camera_id ? " " : "",
                                           camera_id ? camera_id : "");

  g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_MESSAGE, "MESSAGE", "voice: %s", note);
  hub_event_log_note (self->log, "voice-command", note);
  /* a spoken command is activity, like a touch (but "stop" still blanks) */
  self->last_activity_us = g_get_monotonic_time ();
  if (!g_action_group_has_action (G_ACTION_GROUP (self), action))
    return;
  g_action_group_activate_action (G_ACTION_GROUP (self), action,
                                  camera_id ? g_variant_new_string (camera_id) : NULL);
  g_signal_emit_by_name (self, "voice-feedback", words);
}

static void
on_rejected (HubVoice *voice, gpointer user_data)
{
  HubApplication *self = user_data;

  hub_event_log_note (self->log, "voice-rejected", NULL);
  g_signal_emit_by_name (self, "voice-feedback", "Didn’t catch that");
}

static void
on_unavailable (HubVoice *voice, const char *reason, gpointer user_data)
{
  HubApplication *self = user_data;
  g_autofree char *status = g_strdup_printf ("off: %s", reason);

  g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_WARNING, "MESSAGE",
                    "voice commands are off: %s", reason);
  hub_event_log_note (self->log, "voice-unavailable", reason);
  set_status (self, status);
  g_object_notify (G_OBJECT (self), "voice-status");
}

static void
on_running (HubVoice *voice, GParamSpec *pspec, gpointer user_data)
{
  HubApplication *self = user_data;
  const char *wake = hub_voice_get_wake_phrase (voice);
  g_autofree char *status = NULL;

  if (!hub_voice_get_running (voice))
    return; /* "unavailable" says why, or the application is stopping */
  status = wake ? g_strdup_printf ("listening for “%s …”", wake)
                : g_strdup ("listening (no wake phrase)");
  set_status (self, status);
  g_object_notify (G_OBJECT (self), "voice-status");
}

void
hub_application_init_voice (HubApplication *self)
{
  /* the recogniser while voice runs, and the camera list whose names it hears */
  self->voice_signals = g_signal_group_new (HUB_TYPE_VOICE);
  g_signal_group_connect (self->voice_signals, "command", G_CALLBACK (on_command), self);
  g_signal_group_connect (self->voice_signals, "rejected", G_CALLBACK (on_rejected), self);
  g_signal_group_connect (self->voice_signals, "unavailable", G_CALLBACK (on_unavailable), self);
  g_signal_group_connect (self->voice_signals, "notify::running", G_CALLBACK (on_running), self);
  self->voice_camera_signals = g_signal_group_new (G_TYPE_LIST_MODEL);
  g_signal_group_connect (self->voice_camera_signals, "items-changed",
                          G_CALLBACK (on_cameras_changed), self);
}

void
hub_application_start_voice (HubApplication *self)
{
  g_autofree char *wake = NULL;
  g_autoptr (GError) error = NULL;

  if (!g_settings_get_boolean (self->settings, "voice-enabled") && self->voice_input == NULL)
    {
      set_status (self, "off (voice-enabled is false)");
      return;
    }
  self->voice = hub_voice_new ();
  g_signal_group_set_target (self->voice_signals, self->voice);
  g_signal_group_set_target (self->voice_camera_signals, self->cameras);
  on_cameras_changed (G_LIST_MODEL (self->cameras), 0, 0, 0, self);

  wake = g_settings_get_string (self->settings, "voice-wake-phrase");
  if (!hub_voice_set_wake_phrase (self->voice, wake, &error))
    {
      g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_WARNING, "MESSAGE",
                        "voice-wake-phrase “%s” not used: %s", wake, error->message);
      g_clear_error (&error);
    }

  if (self->voice_input != NULL)
    set_status (self, "waiting for the cameras before hearing the audio file");
  else if (!hub_voice_start_microphone (self->voice, &error))
    {
      /* "unavailable" was emitted and said why */
    }
}

void
hub_application_stop_voice (HubApplication *self)
{
  if (self->voice == NULL)
    return;
  g_signal_group_set_target (self->voice_signals, NULL);
  g_signal_group_set_target (self->voice_camera_signals, NULL);
  hub_voice_stop (self->voice);
  g_clear_object (&self->voice);
}

void
hub_application_listen_once (HubApplication *self)
{
  if (self->voice == NULL || !hub_voice_get_running (self->voice))
    {
      g_autofree char *words = g_strdup_printf ("Voice is %s", self->voice_status
                                                                   ? self->voice_status
                                                                   : "off");

      g_signal_emit_by_name (self, "voice-feedback", words);
      return;
    }
  hub_voice_listen_once (self->voice);
}

HubVoice *
hub_application_get_voice (HubApplication *self)
{
  g_return_val_if_fail (HUB_IS_APPLICATION (self), NULL);
  return self->voice;
}

const char *
hub_application_get_voice_status (HubApplication *self)
{
  g_return_val_if_fail (HUB_IS_APPLICATION (self), NULL);
  return self->voice_status;
}
