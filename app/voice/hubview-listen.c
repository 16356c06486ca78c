/* hubview-listen.c — runs hubview's voice recogniser on a sound file
 *
 * Copyright 2026 hubview developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * For tuning a microphone and for the tests: the same grammar and pipeline
 * as the kiosk, fed from a file or standard input instead of the
 * microphone, printing one line per command (nothing for rejected speech).
 *
 * Exit status: 0 the audio was read to its end; 2 bad usage, a file that
 * cannot be read or decoded, or a wake phrase outside the dictionary.
 */
#define G_LOG_DOMAIN "hubview-listen"

#include <locale.h>
#include <stdio.h>

#include <gst/gst.h>

#include "hub-voice-grammar.h"
#include "hub-voice.h"

typedef struct
{
  GMainLoop *loop;
  gboolean json;
  gboolean rejections;
  char *failure;
  GHashTable *names; /* id → name */
} Listen;

static void
on_command (HubVoice *voice, const char *action, const char *camera_id, gpointer user_data)
{
  Listen *listen = user_data;
  guint64 t_ms = hub_voice_get_utterance_time_ms (voice);
  const char *name = camera_id != NULL ? g_hash_table_lookup (listen->names, camera_id) : NULL;

  if (listen->json)
    {
      g_autofree char *line = hub_voice_command_to_json (t_ms, action, name);

      g_print ("%s\n", line);
    }
  else if (name != NULL)
    g_print ("%8.2f s  %s  %s\n", t_ms / 1000.0, action, name);
  else
    g_print ("%8.2f s  %s\n", t_ms / 1000.0, action);
}

static void
on_rejected (HubVoice *voice, gpointer user_data)
{
  Listen *listen = user_data;

  if (listen->rejections)
    g_printerr ("%8.2f s  (wake phrase heard, no command)\n",
                hub_voice_get_utterance_time_ms (voice) / 1000.0);
}

static void
on_unavailable (HubVoice *voice, const char *reason, gpointer user_data)
{
  Listen *listen = user_data;

  g_free (listen->failure);
  listen->failure = g_strdup (reason);
  g_main_loop_quit (listen->loop);
}

static void
on_finished (HubVoice *voice, gpointer user_data)
{
  Listen *listen = user_data;

  g_main_loop_quit (listen->loop);
}

int
main (int argc, char *argv[])
{
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (HubVoice) voice = NULL;
  g_autoptr (GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *cameras = NULL;
  g_autofree char *wake_phrase = NULL;
  gboolean json = FALSE, rejections = FALSE, show_grammar = FALSE;
  Listen listen = { 0 };
  GVariantIter iter;
  GVariant *problems;
  const char *id, *message;
  const GOptionEntry entries[] = {
    { "cameras", 'c', 0, G_OPTION_ARG_STRING, &cameras,
      "Camera names, comma-separated (as shown on screen)", "NAMES" },
    { "wake-phrase", 'w', 0, G_OPTION_ARG_STRING, &wake_phrase,
      "Words in front of every command (default “" HUB_VOICE_DEFAULT_WAKE_PHRASE "”; “none”)",
      "TEXT" },
    { "json", 'j', 0, G_OPTION_ARG_NONE, &json, "One JSON object per line", NULL },
    { "rejections", 'r', 0, G_OPTION_ARG_NONE, &rejections,
      "Say on standard error when the wake phrase was heard without a command", NULL },
    { "grammar", 'g', 0, G_OPTION_ARG_NONE, &show_grammar,
      "Print the grammar (FSG) to standard error", NULL },
    { NULL },
  };

  setlocale (LC_ALL, "");
  context = g_option_context_new ("FILE|- — print the voice commands spoken in a sound file");
  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_add_group (context, gst_init_get_option_group ());
  g_option_context_set_description (context,
                                    "Exit status: 0 the audio was read to its end, 2 bad usage "
                                    "or unreadable audio.");
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("hubview-listen: %s\n", error->message);
      return 2;
    }
  if (argc != 2)
    {
      g_printerr ("hubview-listen: one sound file (or - for standard input) is needed\n");
      return 2;
    }

  listen.names = g_hash_table_new (g_str_hash, g_str_equal);
  if (cameras != NULL)
    {
      g_auto (GStrv) list = g_strsplit (cameras, ",", -1);

      for (guint i = 0; list[i] != NULL; i++)
        {
          char *name = g_strstrip (list[i]);

          if (name[0] == '\0')
            continue;
          /* the name is its own id here */
          g_ptr_array_add (ids, g_strdup (name));
          g_ptr_array_add (names, g_strdup (name));
        }
    }
  g_ptr_array_add (ids, NULL);
  g_ptr_array_add (names, NULL);
  for (guint i = 0; i + 1 < ids->len; i++)
    g_hash_table_insert (listen.names, g_ptr_array_index (ids, i), g_ptr_array_index (names, i));

  voice = hub_voice_new ();
  if (wake_phrase != NULL &&
      !hub_voice_set_wake_phrase (voice, g_str_equal (wake_phrase, "none") ? NULL : wake_phrase,
                                  &error))
    {
      g_printerr ("hubview-listen: %s\n", error->message);
      return 2;
    }
  hub_voice_set_cameras (voice, (const char *const *) ids->pdata,
                         (const char *const *) names->pdata);
  problems = hub_voice_dup_problems (voice);
  g_variant_iter_init (&iter, problems);
  while (g_variant_iter_next (&iter, "{&s&s}", &id, &message))
    g_printerr ("hubview-listen: %s\n", message);
  g_variant_unref (problems);
  if (show_grammar && hub_voice_get_fsg (voice) != NULL)
    g_printerr ("%s", hub_voice_get_fsg (voice));

  listen.loop = g_main_loop_new (NULL, FALSE);
  listen.json = json;
  listen.rejections = rejections;
  g_signal_connect (voice, "command", G_CALLBACK (on_command), &listen);
  g_signal_connect (voice, "rejected", G_CALLBACK (on_rejected), &listen);
  g_signal_connect (voice, "unavailable", G_CALLBACK (on_unavailable), &listen);
  g_signal_connect (voice, "finished", G_CALLBACK (on_finished), &listen);
  if (!hub_voice_start_file (voice, argv[1], &error))
    {
      g_printerr ("hubview-listen: %s\n", error->message);
      return 2;
    }
  g_main_loop_run (listen.loop);
  g_main_loop_unref (listen.loop);
  g_hash_table_unref (listen.names);
  if (listen.failure != NULL)
    {
      g_printerr ("hubview-listen: %s\n", listen.failure);
      g_free (listen.failure);
      return 2;
    }
  return 0;
}
