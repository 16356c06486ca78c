/* hub-voice.h — spoken commands, offline, through GStreamer's pocketsphinx
 *
 * Copyright 2026 hubview developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * One long-lived audio pipeline (microphone, or a file for hubview-listen
 * and the tests) → audioconvert → audioresample → pocketsphinx, with a
 * grammar made from the camera names (the sentences: hub-voice-grammar.c).
 * What is heard becomes the application's action names. Signals and
 * properties are described where hub-voice.c creates them.
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define HUB_TYPE_VOICE (hub_voice_get_type ())
G_DECLARE_FINAL_TYPE (HubVoice, hub_voice, HUB, VOICE, GObject)

/* How long listen-once waits for speech to begin. */
#define HUB_VOICE_LISTEN_ONCE_TIMEOUT_S 8

HubVoice *hub_voice_new (void);

/* The cameras that can be named (NULL-terminated, same length; @names as
 * shown on screen). Renamed, added or removed cameras: call again; the
 * grammar is rebuilt and, while running, swapped in between two buffers. */
void hub_voice_set_cameras (HubVoice *self, const char *const *ids, const char *const *names);
/* The words in front of every command, NULL or "" for none. Fails when a
 * word is not in the pronouncing dictionary (the old phrase stays). */
gboolean hub_voice_set_wake_phrase (HubVoice *self, const char *phrase, GError **error);
const char *hub_voice_get_wake_phrase (HubVoice *self);

/* Starts recognising the microphone (the default audio source;
 * HUB_VOICE_MIC in the environment names a gst-launch description instead).
 * Without one, or when it fails, returns FALSE with the reason and also emits
 * "unavailable"; a microphone failing later emits "unavailable" then. */
gboolean hub_voice_start_microphone (HubVoice *self, GError **error);
/* Recognises a file (any format decodebin reads; "-" for standard input)
 * as fast as the CPU allows, then emits "finished". */
gboolean hub_voice_start_file (HubVoice *self, const char *path, GError **error);
/* Stops the pipeline (no signal but notify::running). */
void hub_voice_stop (HubVoice *self);
gboolean hub_voice_get_running (HubVoice *self);

/* Takes the next sentence as a command without the wake phrase (emits
 * "listening" TRUE now, FALSE when done). Does not start the microphone:
 * call hub_voice_start_microphone() first. */
void hub_voice_listen_once (HubVoice *self);
gboolean hub_voice_get_listening (HubVoice *self);

/* During "command" and "rejected": where in the audio the sentence ended
 * (stream time, milliseconds). */
guint64 hub_voice_get_utterance_time_ms (HubVoice *self);
/* Why camera @id cannot be chosen by voice, NULL when it can. */
const char *hub_voice_get_camera_problem (HubVoice *self, const char *id);
/* "a{ss}" camera id → message; also the "problems" property. */
GVariant *hub_voice_dup_problems (HubVoice *self);
/* The current grammar (FSG text), for diagnostics. */
const char *hub_voice_get_fsg (HubVoice *self);

/* A recognised command as one line of JSON (no newline), as hubview-listen
 * --json prints it: {"t_ms": …, "action": …, "camera": … (when not NULL)}. */
char *hub_voice_command_to_json (guint64 t_ms, const char *action, const char *camera_name);

G_END_DECLS
