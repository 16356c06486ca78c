/* hub-voice-grammar.c — the spoken commands as a pocketsphinx finite-state
 * grammar and pronouncing dictionary, made from the camera names
 *
 * Copyright 2026 hubview developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The sentences, and the action each becomes (with the camera's ID for
 * show-camera):
 *
 *   [wake phrase] show (the) <camera name> (camera)     show-camera
 *   [wake phrase] show all (the) cameras | show (the) grid   show-grid
 *   [wake phrase] next camera | previous camera   next-camera, previous-camera
 *   [wake phrase] go back                         back
 *   [wake phrase] stop | hide (the) cameras       blank
 *   [wake phrase] wake up                         wake
 *
 * With a wake phrase (the default, HUB_VOICE_DEFAULT_WAKE_PHRASE) only
 * sentences that begin with it are commands; listen-once takes the next
 * sentence without it (the on-screen microphone button).
 *
 * The grammar is a word graph (FSG file) from one start state to one final
 * state:
 *
 *   start ─ wake words ─┬─ command words ─ final
 *     │                 └─ garbage loop ── final   (the wake phrase, then
 *     │                                             not a command: rejected)
 *     ├─ command words ─ final                     (no wake phrase: used by
 *     │                                             the listen-once mode)
 *     └─ garbage loop ── final                     (anything else)
 *
 * The command words form a prefix tree of every sentence, so that each
 * hypothesis maps back to exactly one command. The garbage loop is one
 * "word" per phone of the acoustic model, each taken at a cost: speech that
 * fits no command is cheaper to explain as a run of phones than as the
 * nearest command, and the hypothesis then holds garbage words, which
 * parse as nothing. The two costs below are the trade-off between false
 * accepts and missed commands; they were set by measurement
 * (tests/app/voice/voice-session.py --report).
 */
#define G_LOG_DOMAIN "hub-voice"

#include "hub-voice-grammar.h"

#include <gio/gio.h>
#include <string.h>

/* Cost of entering the garbage loop, and of each phone in it. */
#define GARBAGE_ENTER_PROB 1e-3
#define GARBAGE_PHONE_PROB 0.05

#define GARBAGE_PREFIX "gb_"

/* The phones of the en-us acoustic model (its noise phones aside). */
static const char *const phones[] = {
  "AA", "AE", "AH", "AO", "AW", "AY", "B",  "CH", "D",  "DH", "EH", "ER", "EY",
  "F",  "G",  "HH", "IH", "IY", "JH", "K",  "L",  "M",  "N",  "NG", "OW", "OY",
  "P",  "R",  "S",  "SH", "T",  "TH", "UH", "UW", "V",  "W",  "Y",  "Z",  "ZH",
};

typedef struct
{
  const char *action;
  const char *sentence;
} FixedCommand;

/* The commands that do not name a camera, as the app's action names. */
static const FixedCommand fixed_commands[] = {
  { "show-grid", "show all cameras" },
  { "show-grid", "show all the cameras" },
  { "show-grid", "show the grid" },
  { "show-grid", "show grid" },
  { "next-camera", "next camera" },
  { "previous-camera", "previous camera" },
  { "back", "go back" },
  { "blank", "stop" },
  { "blank", "hide cameras" },
  { "blank", "hide the cameras" },
  { "wake", "wake up" },
};

static const char *const number_words[] = {
  "zero",    "one",     "two",       "three",    "four",    "five",    "six",
  "seven",   "eight",   "nine",      "ten",      "eleven",  "twelve",  "thirteen",
  "fourteen", "fifteen", "sixteen",  "seventeen", "eighteen", "nineteen",
};
static const char *const tens_words[] = {
  NULL, NULL, "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
};

typedef struct
{
  char *action;
  char *camera_id; /* NULL unless show-camera */
} Command;

struct _HubVoiceGrammar
{
  char *wake_phrase;
  char **wake_words;
  char *fsg;
  char *dict;
  GHashTable *sentences;    /* sentence → Command */
  GHashTable *problems;     /* camera id → message */
  GHashTable *spoken_names; /* camera id → words */
};

static void
command_free (gpointer data)
{
  Command *command = data;

  g_free (command->action);
  g_free (command->camera_id);
  g_free (command);
}

void
hub_voice_grammar_free (HubVoiceGrammar *self)
{
  if (self == NULL)
    return;
  g_free (self->wake_phrase);
  g_strfreev (self->wake_words);
  g_free (self->fsg);
  g_free (self->dict);
  g_hash_table_unref (self->sentences);
  g_hash_table_unref (self->problems);
  g_hash_table_unref (self->spoken_names);
  g_free (self);
}

static void
add_number (GPtrArray *words, const char *digits)
{
  gsize len = strlen (digits);
  guint value;

  while (len > 1 && digits[0] == '0')
    {
      g_ptr_array_add (words, g_strdup ("zero"));
      digits++;
      len--;
    }
  if (len > 2)
    {
      for (gsize i = 0; i < len; i++)
        g_ptr_array_add (words, g_strdup (number_words[digits[i] - '0']));
      return;
    }
  value = (guint) g_ascii_strtoull (digits, NULL, 10);
  if (value < 20)
    {
      g_ptr_array_add (words, g_strdup (number_words[value]));
      return;
    }
  g_ptr_array_add (words, g_strdup (tens_words[value / 10]));
  if (value % 10 != 0)
    g_ptr_array_add (words, g_strdup (number_words[value % 10]));
}

static void
flush_word (GPtrArray *words, GString *word, gboolean digits)
{
  /* apostrophes only inside a word ("mum's"), not around it */
  while (word->len > 0 && word->str[word->len - 1] == '\'')
    g_string_truncate (word, word->len - 1);
  while (word->len > 0 && word->str[0] == '\'')
    g_string_erase (word, 0, 1);
  if (word->len > 0)
    {
      if (digits)
        add_number (words, word->str);
      else
        g_ptr_array_add (words, g_strdup (word->str));
    }
  g_string_truncate (word, 0);
}

GStrv
hub_voice_grammar_split_name (const char *name)
{
  g_autofree char *ascii = NULL;
  g_autoptr (GPtrArray) words = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GString) word = g_string_new (NULL);
  gboolean digits = FALSE;

  g_return_val_if_fail (name != NULL, NULL);

  /* "Café" is said as "cafe": the dictionary is ASCII */
  ascii = g_str_to_ascii (name, "C");
  for (const char *p = ascii; *p != '\0'; p++)
    {
      char c = g_ascii_tolower (*p);
      gboolean is_digit = g_ascii_isdigit (c);

      if (!(g_ascii_isalpha (c) || is_digit || c == '\''))
        {
          flush_word (words, word, digits);
          continue;
        }
      if (word->len > 0 && is_digit != digits)
        flush_word (words, word, digits); /* "cam2" is "cam two" */
      digits = is_digit;
      g_string_append_c (word, c);
    }
  flush_word (words, word, digits);

  if (words->len > 1 && g_str_equal (g_ptr_array_index (words, 0), "the"))
    g_ptr_array_remove_index (words, 0);
  if (words->len > 1 && g_str_equal (g_ptr_array_index (words, words->len - 1), "camera"))
    g_ptr_array_remove_index (words, words->len - 1);

  g_ptr_array_add (words, NULL);
  return (GStrv) g_ptr_array_free (g_steal_pointer (&words), FALSE);
}

/* Reads the entries (alternative pronunciations included) of the words in
 * @needed from the dictionary at @path; @found gets the words present. */
static char *
read_dictionary (const char *path, GHashTable *needed, GHashTable *found, GError **error)
{
  g_autoptr (GMappedFile) file = NULL;
  g_autoptr (GString) out = g_string_new (NULL);
  const char *p, *end;

  file = g_mapped_file_new (path, FALSE, error);
  if (file == NULL)
    return NULL;
  p = g_mapped_file_get_contents (file);
  end = p + g_mapped_file_get_length (file);
  while (p < end)
    {
      const char *eol = memchr (p, '\n', end - p);
      const char *head_end = p;
      g_autofree char *head = NULL;

      if (eol == NULL)
        eol = end;
      while (head_end < eol && *head_end != ' ' && *head_end != '\t' && *head_end != '(')
        head_end++;
      if (head_end > p && head_end < eol)
        {
          head = g_strndup (p, head_end - p);
          if (g_hash_table_contains (needed, head))
            {
              g_string_append_len (out, p, eol - p);
              g_string_append_c (out, '\n');
              g_hash_table_add (found, g_steal_pointer (&head));
            }
        }
      p = eol + 1;
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* --- the prefix tree of sentences, written as FSG states --- */

typedef struct
{
  GHashTable *children; /* word → state number (GUINT_TO_POINTER) */
  GPtrArray *order;     /* words in insertion order, for a stable FSG */
  gboolean terminal;
} TrieNode;

static void
trie_node_free (gpointer data)
{
  TrieNode *node = data;

  g_hash_table_unref (node->children);
  g_ptr_array_unref (node->order);
  g_free (node);
}

typedef struct
{
  GPtrArray *nodes; /* TrieNode, index = offset from the first trie state */
  guint first_state;
} Trie;

static guint
trie_add_node (Trie *trie)
{
  TrieNode *node = g_new0 (TrieNode, 1);

  node->children = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  node->order = g_ptr_array_new ();
  g_ptr_array_add (trie->nodes, node);
  return trie->nodes->len - 1;
}

static void
trie_insert (Trie *trie, const char *sentence)
{
  g_auto (GStrv) words = g_strsplit (sentence, " ", -1);
  guint at = 0;

  for (guint i = 0; words[i] != NULL; i++)
    {
      TrieNode *node = g_ptr_array_index (trie->nodes, at);
      gpointer child;

      if (!g_hash_table_lookup_extended (node->children, words[i], NULL, &child))
        {
          guint fresh = trie_add_node (trie);
          char *key = g_strdup (words[i]);

          node = g_ptr_array_index (trie->nodes, at); /* the array may have moved */
          g_hash_table_insert (node->children, key, GUINT_TO_POINTER (fresh));
          g_ptr_array_add (node->order, key);
          child = GUINT_TO_POINTER (fresh);
        }
      at = GPOINTER_TO_UINT (child);
    }
  ((TrieNode *) g_ptr_array_index (trie->nodes, at))->terminal = TRUE;
}

static void
append_transition (GString *fsg, guint from, guint to, double prob, const char *word)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_string_append_printf (fsg, "TRANSITION %u %u %s%s%s\n", from, to,
                          g_ascii_formatd (buf, sizeof buf, "%g", prob),
                          word != NULL ? " " : "", word != NULL ? word : "");
}

enum
{
  STATE_START,
  STATE_FINAL,
  STATE_GARBAGE,
  STATE_FIXED_COUNT
};

static char *
build_fsg (HubVoiceGrammar *self, GPtrArray *sentences)
{
  g_autoptr (GString) body = g_string_new (NULL);
  g_autoptr (GString) fsg = g_string_new (NULL);
  Trie trie = { g_ptr_array_new_with_free_func (trie_node_free), 0 };
  guint n_wake = self->wake_words != NULL ? g_strv_length (self->wake_words) : 0;
  guint state;
  double enter_prob = GARBAGE_ENTER_PROB, phone_prob = GARBAGE_PHONE_PROB;
  const char *tune = g_getenv ("HUB_VOICE_GARBAGE");

  if (tune != NULL)
    {
      g_auto (GStrv) v = g_strsplit (tune, ",", 2);
      enter_prob = g_ascii_strtod (v[0], NULL);
      if (v[1] != NULL)
        phone_prob = g_ascii_strtod (v[1], NULL);
    }

  /* states: start, final, garbage, the wake words' ends, then the tree */
  trie.first_state = STATE_FIXED_COUNT + n_wake;
  trie_add_node (&trie);
  for (guint i = 0; i < sentences->len; i++)
    trie_insert (&trie, g_ptr_array_index (sentences, i));

  for (guint i = 0; i < G_N_ELEMENTS (phones); i++)
    {
      g_autofree char *phone = g_ascii_strdown (phones[i], -1);
      g_autofree char *word = g_strconcat (GARBAGE_PREFIX, phone, NULL);

      append_transition (body, STATE_GARBAGE, STATE_GARBAGE, phone_prob, word);
    }
  append_transition (body, STATE_GARBAGE, STATE_FINAL, 1.0, NULL);
  append_transition (body, STATE_START, STATE_GARBAGE, enter_prob, NULL);
  append_transition (body, STATE_START, trie.first_state, 1.0, NULL);

  state = STATE_START;
  for (guint i = 0; i < n_wake; i++)
    {
      append_transition (body, state, STATE_FIXED_COUNT + i, 1.0, self->wake_words[i]);
      state = STATE_FIXED_COUNT + i;
    }
  if (n_wake > 0)
    {
      append_transition (body, state, trie.first_state, 1.0, NULL);
      append_transition (body, state, STATE_GARBAGE, enter_prob, NULL);
    }

  for (guint i = 0; i < trie.nodes->len; i++)
    {
      TrieNode *node = g_ptr_array_index (trie.nodes, i);

      for (guint j = 0; j < node->order->len; j++)
        {
          const char *word = g_ptr_array_index (node->order, j);
          guint child = GPOINTER_TO_UINT (g_hash_table_lookup (node->children, word));

          append_transition (body, trie.first_state + i, trie.first_state + child, 1.0, word);
        }
      if (node->terminal)
        append_transition (body, trie.first_state + i, STATE_FINAL, 1.0, NULL);
    }

  g_string_append_printf (fsg,
                          "FSG_BEGIN hubview\n"
                          "NUM_STATES %u\n"
                          "START_STATE %u\n"
                          "FINAL_STATE %u\n",
                          trie.first_state + trie.nodes->len, STATE_START, STATE_FINAL);
  g_string_append (fsg, body->str);
  g_string_append (fsg, "FSG_END\n");
  g_ptr_array_unref (trie.nodes);
  return g_string_free (g_steal_pointer (&fsg), FALSE);
}

static void
add_needed_words (GHashTable *needed, const char *sentence)
{
  g_auto (GStrv) words = g_strsplit (sentence, " ", -1);

  for (guint i = 0; words[i] != NULL; i++)
    g_hash_table_add (needed, g_strdup (words[i]));
}

HubVoiceGrammar *
hub_voice_grammar_new (const char *dict_path,
                       const char *wake_phrase,
                       const char *const *ids,
                       const char *const *names,
                       GError **error)
{
  g_autoptr (HubVoiceGrammar) self = g_new0 (HubVoiceGrammar, 1);
  g_autoptr (GHashTable) needed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (GHashTable) found = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (GHashTable) owner = g_hash_table_new (g_str_hash, g_str_equal); /* sentence → name */
  g_autoptr (GPtrArray) sentences = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) spoken = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autoptr (GString) dict = NULL;
  g_autofree char *entries = NULL;
  guint n_cameras = ids != NULL ? g_strv_length ((GStrv) ids) : 0;

  g_return_val_if_fail (n_cameras == 0 || (names != NULL && g_strv_length ((GStrv) names) == n_cameras),
                        NULL);

  self->sentences = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, command_free);
  self->problems = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->spoken_names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  if (wake_phrase != NULL)
    {
      /* every word counts here, "the" included */
      g_autofree char *ascii = g_str_to_ascii (wake_phrase, "C");
      g_autofree char *lower = g_ascii_strdown (ascii, -1);
      g_auto (GStrv) words = g_strsplit_set (lower, " \t,.!?-", -1);
      g_autoptr (GPtrArray) kept = g_ptr_array_new_with_free_func (g_free);

      for (guint i = 0; words[i] != NULL; i++)
        if (words[i][0] != '\0')
          g_ptr_array_add (kept, g_strdup (words[i]));
      if (kept->len > 0)
        {
          g_ptr_array_add (kept, NULL);
          self->wake_words = (char **) g_ptr_array_free (g_steal_pointer (&kept), FALSE);
          self->wake_phrase = g_strjoinv (" ", self->wake_words);
          for (guint i = 0; self->wake_words[i] != NULL; i++)
            g_hash_table_add (needed, g_strdup (self->wake_words[i]));
        }
    }

  for (guint i = 0; i < G_N_ELEMENTS (fixed_commands); i++)
    add_needed_words (needed, fixed_commands[i].sentence);
  add_needed_words (needed, "show the camera");

  for (guint i = 0; i < n_cameras; i++)
    {
      g_auto (GStrv) words = hub_voice_grammar_split_name (names[i]);

      for (guint j = 0; words[j] != NULL; j++)
        g_hash_table_add (needed, g_strdup (words[j]));
      g_ptr_array_add (spoken, g_steal_pointer (&words));
    }

  entries = read_dictionary (dict_path != NULL ? dict_path : HUB_VOICE_CMUDICT, needed, found,
                             error);
  if (entries == NULL)
    return NULL;

  if (self->wake_words != NULL)
    for (guint i = 0; self->wake_words[i] != NULL; i++)
      if (!g_hash_table_contains (found, self->wake_words[i]))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       "The word “%s” of the wake phrase is not in the pronouncing dictionary",
                       self->wake_words[i]);
          return NULL;
        }

  for (guint i = 0; i < G_N_ELEMENTS (fixed_commands); i++)
    {
      Command *command = g_new0 (Command, 1);

      command->action = g_strdup (fixed_commands[i].action);
      g_hash_table_insert (self->sentences, g_strdup (fixed_commands[i].sentence), command);
      g_ptr_array_add (sentences, g_strdup (fixed_commands[i].sentence));
    }

  for (guint i = 0; i < n_cameras; i++)
    {
      GStrv words = g_ptr_array_index (spoken, i);
      g_autoptr (GPtrArray) unknown = g_ptr_array_new ();
      g_autofree char *name_words = NULL;
      char *variants[4];
      const char *clash = NULL;
      gboolean clash_is_camera = FALSE;

      if (g_hash_table_contains (self->problems, ids[i]) ||
          g_hash_table_contains (self->spoken_names, ids[i]))
        continue; /* the same id twice: the first one counts */
      if (words[0] == NULL)
        {
          g_hash_table_insert (self->problems, g_strdup (ids[i]),
                               g_strdup_printf ("“%s” has no word that can be spoken", names[i]));
          continue;
        }
      for (guint j = 0; words[j] != NULL; j++)
        if (!g_hash_table_contains (found, words[j]))
          g_ptr_array_add (unknown, words[j]);
      if (unknown->len > 0)
        {
          g_autoptr (GString) list = g_string_new (NULL);

          for (guint j = 0; j < unknown->len; j++)
            g_string_append_printf (list, "%s“%s”", j > 0 ? ", " : "",
                                    (char *) g_ptr_array_index (unknown, j));
          g_hash_table_insert (self->problems, g_strdup (ids[i]),
                               g_strdup_printf ("“%s” cannot be chosen by voice: %s %s not in "
                                                "the pronouncing dictionary",
                                                names[i], list->str,
                                                unknown->len > 1 ? "are" : "is"));
          continue;
        }

      name_words = g_strjoinv (" ", words);
      variants[0] = g_strdup_printf ("show %s", name_words);
      variants[1] = g_strdup_printf ("show the %s", name_words);
      variants[2] = g_strdup_printf ("show %s camera", name_words);
      variants[3] = g_strdup_printf ("show the %s camera", name_words);
      for (guint v = 0; v < G_N_ELEMENTS (variants) && clash == NULL; v++)
        {
          Command *other = g_hash_table_lookup (self->sentences, variants[v]);

          if (other != NULL)
            {
              clash_is_camera = other->camera_id != NULL;
              clash = clash_is_camera ? g_hash_table_lookup (owner, variants[v]) : variants[v];
            }
        }
      if (clash != NULL)
        {
          g_hash_table_insert (self->problems, g_strdup (ids[i]),
                               g_strdup_printf ("“%s” cannot be chosen by voice: it sounds "
                                                "the same as %s “%s”",
                                                names[i],
                                                clash_is_camera ? "the camera" : "the command",
                                                clash));
          for (guint v = 0; v < G_N_ELEMENTS (variants); v++)
            g_free (variants[v]);
          continue;
        }
      for (guint v = 0; v < G_N_ELEMENTS (variants); v++)
        {
          Command *command = g_new0 (Command, 1);

          command->action = g_strdup ("show-camera");
          command->camera_id = g_strdup (ids[i]);
          g_hash_table_insert (owner, variants[v], (gpointer) names[i]);
          g_hash_table_insert (self->sentences, variants[v], command);
          g_ptr_array_add (sentences, g_strdup (variants[v]));
        }
      g_hash_table_insert (self->spoken_names, g_strdup (ids[i]), g_steal_pointer (&name_words));
    }

  /* only the entries of words the grammar uses, and the garbage phones */
  dict = g_string_new (NULL);
  {
    g_auto (GStrv) lines = g_strsplit (entries, "\n", -1);
    g_autoptr (GHashTable) used = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

    for (guint i = 0; i < sentences->len; i++)
      add_needed_words (used, g_ptr_array_index (sentences, i));
    if (self->wake_words != NULL)
      for (guint i = 0; self->wake_words[i] != NULL; i++)
        g_hash_table_add (used, g_strdup (self->wake_words[i]));
    for (guint i = 0; lines[i] != NULL; i++)
      {
        gsize head = strcspn (lines[i], " \t(");
        g_autofree char *word = g_strndup (lines[i], head);

        if (g_hash_table_contains (used, word))
          g_string_append_printf (dict, "%s\n", lines[i]);
      }
  }
  for (guint i = 0; i < G_N_ELEMENTS (phones); i++)
    {
      g_autofree char *phone = g_ascii_strdown (phones[i], -1);

      g_string_append_printf (dict, GARBAGE_PREFIX "%s %s\n", phone, phones[i]);
    }
  self->dict = g_string_free (g_steal_pointer (&dict), FALSE);

  g_ptr_array_sort (sentences, (GCompareFunc) g_strcmp0);
  self->fsg = build_fsg (self, sentences);
  return g_steal_pointer (&self);
}

const char *
hub_voice_grammar_get_wake_phrase (HubVoiceGrammar *self)
{
  return self->wake_phrase;
}

const char *
hub_voice_grammar_get_fsg (HubVoiceGrammar *self)
{
  return self->fsg;
}

const char *
hub_voice_grammar_get_dict (HubVoiceGrammar *self)
{
  return self->dict;
}

const char *
hub_voice_grammar_get_problem (HubVoiceGrammar *self, const char *id)
{
  return g_hash_table_lookup (self->problems, id);
}

GHashTable *
hub_voice_grammar_get_problems (HubVoiceGrammar *self)
{
  return self->problems;
}

const char *
hub_voice_grammar_get_spoken_name (HubVoiceGrammar *self, const char *id)
{
  return g_hash_table_lookup (self->spoken_names, id);
}

static int
compare_strings (gconstpointer a, gconstpointer b)
{
  return g_strcmp0 (*(const char *const *) a, *(const char *const *) b);
}

GPtrArray *
hub_voice_grammar_list_sentences (HubVoiceGrammar *self)
{
  GPtrArray *list = g_ptr_array_new_with_free_func (g_free);
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, self->sentences);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (list, g_strdup (key));
  g_ptr_array_sort (list, compare_strings);
  return list;
}

HubVoiceParse
hub_voice_grammar_parse (HubVoiceGrammar *self,
                         const char *hypothesis,
                         gboolean *woke,
                         const char **action,
                         const char **camera_id)
{
  g_auto (GStrv) all = g_strsplit (hypothesis != NULL ? hypothesis : "", " ", -1);
  g_autoptr (GPtrArray) words = g_ptr_array_new ();
  g_autofree char *sentence = NULL;
  Command *command;
  guint start = 0;

  *woke = FALSE;
  *action = NULL;
  *camera_id = NULL;

  /* fillers (<sil>, [NOISE]) are not words */
  for (guint i = 0; all[i] != NULL; i++)
    if (all[i][0] != '\0' && all[i][0] != '<' && all[i][0] != '[' && all[i][0] != '+')
      g_ptr_array_add (words, all[i]);

  if (self->wake_words != NULL)
    {
      guint n = g_strv_length (self->wake_words);

      if (words->len >= n)
        {
          *woke = TRUE;
          for (guint i = 0; i < n && *woke; i++)
            *woke = g_str_equal (g_ptr_array_index (words, i), self->wake_words[i]);
        }
      if (*woke)
        start = n;
    }

  g_ptr_array_add (words, NULL);
  sentence = g_strjoinv (" ", (char **) words->pdata + start);
  command = g_hash_table_lookup (self->sentences, sentence);
  if (command == NULL)
    return *woke ? HUB_VOICE_PARSE_REJECTED : HUB_VOICE_PARSE_NOTHING;
  *action = command->action;
  *camera_id = command->camera_id;
  return HUB_VOICE_PARSE_COMMAND;
}
