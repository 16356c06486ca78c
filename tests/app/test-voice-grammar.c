/* test-voice-grammar.c — the voice grammar and dictionary made from camera
 * names, without audio
 *
 * Copyright 2026 hubview developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>

#include "hub-voice-grammar.h"
#include "hub-voice.h"

static HubVoiceGrammar *
grammar_for (const char *wake, const char *const *ids, const char *const *names)
{
  g_autoptr (GError) error = NULL;
  HubVoiceGrammar *grammar = hub_voice_grammar_new (NULL, wake, ids, names, &error);

  g_assert_no_error (error);
  g_assert_nonnull (grammar);
  return grammar;
}

static void
assert_command (HubVoiceGrammar *grammar, const char *hypothesis, gboolean want_woke,
                const char *want_action, const char *want_camera)
{
  gboolean woke;
  const char *action, *camera;

  g_assert_cmpint (hub_voice_grammar_parse (grammar, hypothesis, &woke, &action, &camera), ==,
                   HUB_VOICE_PARSE_COMMAND);
  g_assert_cmpint (woke, ==, want_woke);
  g_assert_cmpstr (action, ==, want_action);
  g_assert_cmpstr (camera, ==, want_camera);
}

static HubVoiceParse
parse (HubVoiceGrammar *grammar, const char *hypothesis)
{
  gboolean woke;
  const char *action, *camera;

  return hub_voice_grammar_parse (grammar, hypothesis, &woke, &action, &camera);
}

static void
assert_split (const char *name, const char *want)
{
  g_auto (GStrv) words = hub_voice_grammar_split_name (name);
  g_autofree char *joined = g_strjoinv (" ", words);

  g_assert_cmpstr (joined, ==, want);
}

static void
test_split_names (void)
{
  assert_split ("Front door", "front door");
  assert_split ("The Garage", "garage");
  assert_split ("Garage camera", "garage");
  assert_split ("Camera", "camera");
  assert_split ("Mum's room", "mum's room");
  assert_split ("  Back-yard (east) ", "back yard east");
  assert_split ("Cam2", "cam two");
  assert_split ("Room 42", "room forty two");
  assert_split ("Gate 7", "gate seven");
  assert_split ("Unit 2024", "unit two zero two four");
  assert_split ("Café", "cafe");
  assert_split ("!!!", "");
}

static void
test_commands (void)
{
  const char *ids[] = { "cam-1", "cam-2", "cam-3", NULL };
  const char *names[] = { "Front door", "Garage", "Kid's room 2", NULL };
  g_autoptr (HubVoiceGrammar) grammar = grammar_for ("okay hub view", ids, names);

  g_assert_cmpstr (hub_voice_grammar_get_wake_phrase (grammar), ==, "okay hub view");
  assert_command (grammar, "okay hub view show the front door", TRUE, "show-camera", "cam-1");
  assert_command (grammar, "okay hub view show front door camera", TRUE, "show-camera", "cam-1");
  assert_command (grammar, "okay hub view show the garage camera", TRUE, "show-camera", "cam-2");
  assert_command (grammar, "okay hub view show kid's room two", TRUE, "show-camera", "cam-3");
  assert_command (grammar, "okay hub view show all cameras", TRUE, "show-grid", NULL);
  assert_command (grammar, "okay hub view show the grid", TRUE, "show-grid", NULL);
  assert_command (grammar, "okay hub view next camera", TRUE, "next-camera", NULL);
  assert_command (grammar, "okay hub view previous camera", TRUE, "previous-camera", NULL);
  assert_command (grammar, "okay hub view go back", TRUE, "back", NULL);
  assert_command (grammar, "okay hub view stop", TRUE, "blank", NULL);
  assert_command (grammar, "okay hub view hide cameras", TRUE, "blank", NULL);
  assert_command (grammar, "okay hub view wake up", TRUE, "wake", NULL);
  /* fillers are not words */
  assert_command (grammar, "<sil> okay hub view [NOISE] go back <sil>", TRUE, "back", NULL);
  /* without the wake phrase it is still a command; HubVoice decides */
  assert_command (grammar, "show the garage", FALSE, "show-camera", "cam-2");

  g_assert_cmpint (parse (grammar, "okay hub view gb_w gb_ah gb_t"), ==, HUB_VOICE_PARSE_REJECTED);
  g_assert_cmpint (parse (grammar, "okay hub view show the kitchen"), ==,
                   HUB_VOICE_PARSE_REJECTED);
  g_assert_cmpint (parse (grammar, "gb_s gb_ow gb_m"), ==, HUB_VOICE_PARSE_NOTHING);
  g_assert_cmpint (parse (grammar, ""), ==, HUB_VOICE_PARSE_NOTHING);
  g_assert_cmpint (parse (grammar, "okay hub"), ==, HUB_VOICE_PARSE_NOTHING);
  g_assert_cmpint (parse (grammar, "show me the money"), ==, HUB_VOICE_PARSE_NOTHING);
}

static void
test_unknown_words (void)
{
  const char *ids[] = { "a", "b", "c", "d", "e", NULL };
  const char *names[] = { "Zxqwv shed", "Garage", "???", "Grid", "The garage", NULL };
  g_autoptr (HubVoiceGrammar) grammar = grammar_for (NULL, ids, names);
  g_autoptr (GPtrArray) sentences = hub_voice_grammar_list_sentences (grammar);
  const char *problem;

  problem = hub_voice_grammar_get_problem (grammar, "a");
  g_assert_nonnull (problem);
  g_assert_nonnull (strstr (problem, "“zxqwv”"));
  g_assert_null (strstr (problem, "“shed”")); /* only the unknown word is named */
  g_assert_null (hub_voice_grammar_get_spoken_name (grammar, "a"));

  g_assert_null (hub_voice_grammar_get_problem (grammar, "b"));
  g_assert_cmpstr (hub_voice_grammar_get_spoken_name (grammar, "b"), ==, "garage");
  g_assert_nonnull (strstr (hub_voice_grammar_get_problem (grammar, "c"), "no word"));
  /* "show grid" is a command already */
  g_assert_nonnull (strstr (hub_voice_grammar_get_problem (grammar, "d"), "show grid"));
  /* "The garage" is said like "Garage": the first one keeps it */
  g_assert_nonnull (strstr (hub_voice_grammar_get_problem (grammar, "e"), "“Garage”"));
  g_assert_cmpuint (g_hash_table_size (hub_voice_grammar_get_problems (grammar)), ==, 4);

  /* left out of the grammar: nothing says "zxqwv" */
  g_assert_null (strstr (hub_voice_grammar_get_fsg (grammar), "zxqwv"));
  g_assert_null (strstr (hub_voice_grammar_get_dict (grammar), "zxqwv"));
  for (guint i = 0; i < sentences->len; i++)
    g_assert_null (strstr (g_ptr_array_index (sentences, i), "shed"));
  g_assert_cmpint (parse (grammar, "show the garage"), ==, HUB_VOICE_PARSE_COMMAND);
}

static void
test_wake_phrase_unknown (void)
{
  g_autoptr (GError) error = NULL;
  const char *none[] = { NULL };
  HubVoiceGrammar *grammar = hub_voice_grammar_new (NULL, "hey qqqzz", none, none, &error);

  g_assert_null (grammar);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "“qqqzz”"));
}

static void
test_dictionary_unreadable (void)
{
  g_autoptr (GError) error = NULL;
  const char *none[] = { NULL };
  HubVoiceGrammar *grammar = hub_voice_grammar_new ("/nonexistent/cmudict", NULL, none, none,
                                                    &error);

  g_assert_null (grammar);
  g_assert_nonnull (error);
}

/* Every TRANSITION names existing states, every word has a pronunciation,
 * and the dictionary holds nothing else but the garbage phones. */
static void
test_fsg_text (void)
{
  const char *ids[] = { "x", "y", NULL };
  const char *names[] = { "Front door", "Back yard", NULL };
  g_autoptr (HubVoiceGrammar) grammar = grammar_for ("okay hub view", ids, names);
  g_auto (GStrv) lines = g_strsplit (hub_voice_grammar_get_fsg (grammar), "\n", -1);
  g_auto (GStrv) dict_lines = g_strsplit (hub_voice_grammar_get_dict (grammar), "\n", -1);
  g_autoptr (GHashTable) dict_words = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (GHashTable) fsg_words = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint n_states = 0, n_transitions = 0, n_garbage = 0;
  gboolean ended = FALSE;

  g_assert_cmpstr (lines[0], ==, "FSG_BEGIN hubview");
  g_assert_true (sscanf (lines[1], "NUM_STATES %u", &n_states) == 1);
  g_assert_cmpstr (lines[2], ==, "START_STATE 0");
  g_assert_cmpstr (lines[3], ==, "FINAL_STATE 1");
  for (guint i = 0; dict_lines[i] != NULL; i++)
    if (dict_lines[i][0] != '\0')
      {
        gsize head = strcspn (dict_lines[i], " (");

        g_hash_table_add (dict_words, g_strndup (dict_lines[i], head));
      }
  for (guint i = 4; lines[i] != NULL; i++)
    {
      g_auto (GStrv) f = NULL;

      if (g_str_equal (lines[i], "FSG_END"))
        {
          ended = TRUE;
          continue;
        }
      if (lines[i][0] == '\0')
        continue;
      f = g_strsplit (lines[i], " ", -1);
      g_assert_cmpstr (f[0], ==, "TRANSITION");
      g_assert_cmpuint (g_strv_length (f), >=, 4);
      g_assert_cmpuint (g_ascii_strtoull (f[1], NULL, 10), <, n_states);
      g_assert_cmpuint (g_ascii_strtoull (f[2], NULL, 10), <, n_states);
      g_assert_cmpfloat (g_ascii_strtod (f[3], NULL), >, 0.0);
      g_assert_cmpfloat (g_ascii_strtod (f[3], NULL), <=, 1.0);
      if (f[4] != NULL)
        {
          g_assert_true (g_hash_table_contains (dict_words, f[4]));
          g_hash_table_add (fsg_words, g_strdup (f[4]));
          if (g_str_has_prefix (f[4], "gb_"))
            n_garbage++;
        }
      n_transitions++;
    }
  g_assert_true (ended);
  g_assert_cmpuint (n_transitions, >, 30);
  g_assert_cmpuint (n_garbage, ==, 39); /* one loop of every phone */
  g_assert_cmpuint (g_hash_table_size (dict_words), ==, g_hash_table_size (fsg_words));
  /* alternative pronunciations are kept */
  g_assert_nonnull (strstr (hub_voice_grammar_get_dict (grammar), "the(2) DH IY\n"));
  g_assert_nonnull (strstr (hub_voice_grammar_get_dict (grammar), "door D AO R\n"));
}

/* HubVoice rebuilds the grammar on renames and says which cameras cannot
 * be chosen by voice, through its "problems" property. */
static void
on_notify (GObject *object, GParamSpec *pspec, gpointer user_data)
{
  (*(guint *) user_data)++;
}

static void
test_voice_renames (void)
{
  g_autoptr (HubVoice) voice = hub_voice_new ();
  g_autoptr (GVariant) problems = NULL;
  g_autoptr (GError) error = NULL;
  const char *ids[] = { "c1", "c2", NULL };
  const char *names[] = { "Garage", "Shed", NULL };
  const char *renamed[] = { "Garage", "Zzyzxq", NULL };
  const char *ids3[] = { "c1", "c2", "c3", NULL };
  const char *added[] = { "Garage", "Shed", "Porch", NULL };
  const char *fsg;
  guint notified = 0;

  g_signal_connect (voice, "notify::problems", G_CALLBACK (on_notify), &notified);
  g_assert_cmpstr (hub_voice_get_wake_phrase (voice), ==, HUB_VOICE_DEFAULT_WAKE_PHRASE);
  hub_voice_set_cameras (voice, ids, names);
  g_assert_cmpuint (notified, ==, 1);
  fsg = hub_voice_get_fsg (voice);
  g_assert_nonnull (strstr (fsg, " shed\n"));
  g_assert_null (hub_voice_get_camera_problem (voice, "c2"));

  hub_voice_set_cameras (voice, ids, renamed);
  g_assert_cmpuint (notified, ==, 2);
  g_assert_null (strstr (hub_voice_get_fsg (voice), " shed\n"));
  g_assert_nonnull (strstr (hub_voice_get_camera_problem (voice, "c2"), "“zzyzxq”"));
  g_object_get (voice, "problems", &problems, NULL);
  g_assert_cmpuint (g_variant_n_children (problems), ==, 1);

  hub_voice_set_cameras (voice, ids3, added);
  g_assert_nonnull (strstr (hub_voice_get_fsg (voice), " porch\n"));
  g_assert_nonnull (strstr (hub_voice_get_fsg (voice), " shed\n"));
  g_assert_null (hub_voice_get_camera_problem (voice, "c2"));

  g_assert_false (hub_voice_set_wake_phrase (voice, "hey qqqzz", &error));
  g_assert_nonnull (error);
  g_assert_cmpstr (hub_voice_get_wake_phrase (voice), ==, HUB_VOICE_DEFAULT_WAKE_PHRASE);
  g_assert_true (hub_voice_set_wake_phrase (voice, "Hey hub", NULL));
  g_assert_cmpstr (hub_voice_get_wake_phrase (voice), ==, "hey hub");
  g_assert_nonnull (strstr (hub_voice_get_fsg (voice), " hey\n"));
  g_assert_true (hub_voice_set_wake_phrase (voice, "", NULL));
  g_assert_null (hub_voice_get_wake_phrase (voice));
}

/* hubview-listen --json: any camera name, non-ASCII and quotes included,
 * gives a line that a JSON parser reads back as the same name. */
static void
test_command_json (void)
{
  const char *names[] = { "Café", "Garten – Süd", "Bob's \"garage\"\\", "日本", NULL };

  for (gsize i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *line = hub_voice_command_to_json (1234, "show-camera", names[i]);
      g_autoptr (JsonParser) parser = json_parser_new ();
      g_autoptr (GError) error = NULL;
      JsonObject *o;

      g_assert_null (strchr (line, '\n'));
      g_assert_true (json_parser_load_from_data (parser, line, -1, &error));
      g_assert_no_error (error);
      o = json_node_get_object (json_parser_get_root (parser));
      g_assert_cmpint (json_object_get_int_member (o, "t_ms"), ==, 1234);
      g_assert_cmpstr (json_object_get_string_member (o, "action"), ==, "show-camera");
      if (names[i] != NULL)
        g_assert_cmpstr (json_object_get_string_member (o, "camera"), ==, names[i]);
      else
        g_assert_false (json_object_has_member (o, "camera"));
    }
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/voice/grammar/split-names", test_split_names);
  g_test_add_func ("/voice/grammar/commands", test_commands);
  g_test_add_func ("/voice/grammar/unknown-words", test_unknown_words);
  g_test_add_func ("/voice/grammar/wake-phrase-unknown", test_wake_phrase_unknown);
  g_test_add_func ("/voice/grammar/dictionary-unreadable", test_dictionary_unreadable);
  g_test_add_func ("/voice/grammar/fsg-text", test_fsg_text);
  g_test_add_func ("/voice/object/renames", test_voice_renames);
  g_test_add_func ("/voice/listen/json", test_command_json);
  return g_test_run ();
}
