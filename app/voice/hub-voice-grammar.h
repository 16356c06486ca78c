/* hub-voice-grammar.h — the spoken commands as a pocketsphinx finite-state
 * grammar and pronouncing dictionary, made from the camera names
 *
 * Copyright 2026 hubview developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The pronouncing dictionary of pocketsphinx-en-us. */
#define HUB_VOICE_CMUDICT "/usr/share/pocketsphinx/model/en-us/cmudict-en-us.dict"
/* The wake phrase used unless the settings name another. */
#define HUB_VOICE_DEFAULT_WAKE_PHRASE "okay hub view"

typedef struct _HubVoiceGrammar HubVoiceGrammar;

typedef enum
{
  HUB_VOICE_PARSE_NOTHING,  /* speech outside the grammar, no wake phrase */
  HUB_VOICE_PARSE_REJECTED, /* the wake phrase, then something not a command */
  HUB_VOICE_PARSE_COMMAND,  /* a command (see *woke for the wake phrase) */
} HubVoiceParse;

/* Builds the grammar of every command for the cameras @ids / @names (NULL
 * terminated, same length; names as shown on screen) with @wake_phrase (NULL
 * or "" for none) in front. Pronunciations come from @dict_path (a CMU
 * dictionary; NULL for HUB_VOICE_CMUDICT), read for just the words needed.
 *
 * A camera whose name has a word outside the dictionary, no speakable word,
 * or that sounds the same as a command or an earlier camera is left out of
 * the grammar, with a message saying why (hub_voice_grammar_get_problem);
 * it stays selectable by touch. Fails (G_IO_ERROR) when the dictionary
 * cannot be read or a word of the wake phrase is not in it. */
HubVoiceGrammar *hub_voice_grammar_new (const char *dict_path,
                                        const char *wake_phrase,
                                        const char *const *ids,
                                        const char *const *names,
                                        GError **error);
void hub_voice_grammar_free (HubVoiceGrammar *self);

/* The wake phrase as spoken words ("hub view"), NULL when there is none. */
const char *hub_voice_grammar_get_wake_phrase (HubVoiceGrammar *self);
/* The FSG text and the dictionary text for pocketsphinx's fsg / dict. */
const char *hub_voice_grammar_get_fsg (HubVoiceGrammar *self);
const char *hub_voice_grammar_get_dict (HubVoiceGrammar *self);
/* Why camera @id cannot be chosen by voice, NULL when it can (or is unknown). */
const char *hub_voice_grammar_get_problem (HubVoiceGrammar *self, const char *id);
/* camera id → message, for every camera that cannot be chosen by voice */
GHashTable *hub_voice_grammar_get_problems (HubVoiceGrammar *self);
/* The words a camera is called by ("front door"), NULL when left out. */
const char *hub_voice_grammar_get_spoken_name (HubVoiceGrammar *self, const char *id);
/* Every command sentence the grammar accepts after the wake phrase, sorted
 * (for tests and diagnostics). */
GPtrArray *hub_voice_grammar_list_sentences (HubVoiceGrammar *self);

/* Turns a recogniser hypothesis into a command. @action and @camera_id
 * (NULL unless show-camera) point into @self; @woke says whether the wake
 * phrase was said. */
HubVoiceParse hub_voice_grammar_parse (HubVoiceGrammar *self,
                                       const char *hypothesis,
                                       gboolean *woke,
                                       const char **action,
                                       const char **camera_id);

/* Splits a camera name into the lower-case words it is spoken as: letters,
 * digits and apostrophes; numbers up to 99 become words, longer ones digit
 * by digit; a leading "the" and a trailing "camera" are dropped (the
 * grammar has them optional). */
GStrv hub_voice_grammar_split_name (const char *name);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HubVoiceGrammar, hub_voice_grammar_free)

G_END_DECLS
