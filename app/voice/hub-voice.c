/* hub-voice.c — spoken commands, offline, through GStreamer's pocketsphinx
 *
 * Copyright 2026 hubview developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Notes on the pocketsphinx element (gstreamer1.0-pocketsphinx 5prealpha):
 * - setting a property once the decoder exists re-initialises it from the
 *   element's own thread-less config, racing the streaming thread; a new
 *   grammar is therefore given to a fresh element, swapped in while the
 *   resampler's source pad is blocked between two buffers;
 * - setting "fsg" clears the language model, but "dict" must always be
 *   given, or the full CMU dictionary is loaded;
 * - results arrive as element messages named "pocketsphinx" (hypothesis,
 *   final, timestamp — the final one carries none, so the last partial's
 *   is used).
 */
#define G_LOG_DOMAIN "hub-voice"

#include "hub-voice.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <gst/gst.h>
#include <json-glib/json-glib.h>

#include "hub-voice-grammar.h"

struct _HubVoice
{
  GObject parent_instance;

  GStrv ids;
  GStrv names;
  char *wake_phrase;
  HubVoiceGrammar *grammar;
  char *grammar_error; /* why there is no grammar */
  char *tmp_dir;
  guint generation;
  char *fsg_path;
  char *dict_path;

  GstElement *pipeline;
  GstElement *resample;
  GstElement *recognizer;
  GstElement *sink;
  guint bus_watch;
  gboolean from_file;

  gboolean listening;
  guint listen_timeout;
  gboolean heard_speech; /* a partial result since listen-once began */
  guint64 last_partial_ns;
  guint64 utterance_ms;
};

G_DEFINE_FINAL_TYPE (HubVoice, hub_voice, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_RUNNING,
  PROP_WAKE_PHRASE,
  PROP_PROBLEMS,
  N_PROPS
};

enum
{
  SIGNAL_COMMAND,
  SIGNAL_REJECTED,
  SIGNAL_LISTENING,
  SIGNAL_UNAVAILABLE,
  SIGNAL_FINISHED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static gboolean teardown (HubVoice *self);

static void
hub_voice_finalize (GObject *object)
{
  HubVoice *self = HUB_VOICE (object);

  teardown (self);
  g_clear_handle_id (&self->listen_timeout, g_source_remove);
  if (self->fsg_path != NULL)
    g_unlink (self->fsg_path);
  if (self->dict_path != NULL)
    g_unlink (self->dict_path);
  if (self->tmp_dir != NULL)
    g_rmdir (self->tmp_dir);
  g_free (self->fsg_path);
  g_free (self->dict_path);
  g_free (self->tmp_dir);
  g_strfreev (self->ids);
  g_strfreev (self->names);
  g_free (self->wake_phrase);
  g_clear_pointer (&self->grammar, hub_voice_grammar_free);
  g_free (self->grammar_error);

  G_OBJECT_CLASS (hub_voice_parent_class)->finalize (object);
}

static void
hub_voice_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  HubVoice *self = HUB_VOICE (object);

  switch (prop_id)
    {
    case PROP_RUNNING:
      g_value_set_boolean (value, hub_voice_get_running (self));
      break;
    case PROP_WAKE_PHRASE:
      g_value_set_string (value, hub_voice_get_wake_phrase (self));
      break;
    case PROP_PROBLEMS:
      g_value_take_variant (value, hub_voice_dup_problems (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
    }
}

static void
hub_voice_class_init (HubVoiceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  if (!gst_is_initialized ())
    gst_init (NULL, NULL);
  object_class->finalize = hub_voice_finalize;
  object_class->get_property = hub_voice_get_property;

  /* Signals and notifications are emitted in the thread-default main
   * context of the call that started the pipeline. */

  /* audio is being recognised */
  properties[PROP_RUNNING] = g_param_spec_boolean ("running", NULL, NULL, FALSE,
                                                   G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY |
                                                       G_PARAM_STATIC_STRINGS);
  /* the words in front of every command; NULL for none */
  properties[PROP_WAKE_PHRASE] = g_param_spec_string ("wake-phrase", NULL, NULL, NULL,
                                                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY |
                                                          G_PARAM_STATIC_STRINGS);
  /* a{ss}: camera id → why it cannot be chosen by voice (e.g. a word
   * outside the pronouncing dictionary) */
  properties[PROP_PROBLEMS] = g_param_spec_variant ("problems", NULL, NULL,
                                                    G_VARIANT_TYPE ("a{ss}"), NULL,
                                                    G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY |
                                                        G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* (const char *action, const char *camera_id or NULL): a command heard */
  signals[SIGNAL_COMMAND] = g_signal_new ("command", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING,
                                          G_TYPE_STRING);
  /* the wake phrase (or, in listen-once, any speech) was heard, but no
   * command: "didn't catch that" */
  signals[SIGNAL_REJECTED] = g_signal_new ("rejected", G_TYPE_FROM_CLASS (klass),
                                           G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* (gboolean): listen-once began (TRUE) or ended (FALSE: after a command,
   * a rejection, or HUB_VOICE_LISTEN_ONCE_TIMEOUT_S of silence) */
  signals[SIGNAL_LISTENING] = g_signal_new ("listening", G_TYPE_FROM_CLASS (klass),
                                            G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE,
                                            1, G_TYPE_BOOLEAN);
  /* (const char *reason): no microphone, a failing one, the recogniser or
   * its model missing; the pipeline is stopped, everything else goes on */
  signals[SIGNAL_UNAVAILABLE] = g_signal_new ("unavailable", G_TYPE_FROM_CLASS (klass),
                                              G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                              G_TYPE_NONE, 1, G_TYPE_STRING);
  /* the end of a file (hub_voice_start_file) was reached */
  signals[SIGNAL_FINISHED] = g_signal_new ("finished", G_TYPE_FROM_CLASS (klass),
                                           G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

/* Writes the grammar's files under fresh names (an element reads them
 * when it starts; the previous ones may still be in use). */
static void
rebuild_grammar (HubVoice *self)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (HubVoiceGrammar) grammar = NULL;
  g_autofree char *fsg_path = NULL;
  g_autofree char *dict_path = NULL;

  g_clear_pointer (&self->grammar_error, g_free);
  grammar = hub_voice_grammar_new (g_getenv ("HUB_VOICE_DICT"), self->wake_phrase,
                                   (const char *const *) self->ids,
                                   (const char *const *) self->names, &error);
  if (grammar == NULL)
    {
      self->grammar_error = g_strdup (error->message);
      g_clear_pointer (&self->grammar, hub_voice_grammar_free);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROBLEMS]);
      return;
    }
  if (self->tmp_dir == NULL)
    self->tmp_dir = g_dir_make_tmp ("hubview-voice-XXXXXX", &error);
  if (self->tmp_dir == NULL)
    {
      self->grammar_error = g_strdup (error->message);
      return;
    }
  self->generation++;
  fsg_path = g_strdup_printf ("%s/grammar-%u.fsg", self->tmp_dir, self->generation);
  dict_path = g_strdup_printf ("%s/grammar-%u.dict", self->tmp_dir, self->generation);
  if (!g_file_set_contents (fsg_path, hub_voice_grammar_get_fsg (grammar), -1, &error) ||
      !g_file_set_contents (dict_path, hub_voice_grammar_get_dict (grammar), -1, &error))
    {
      self->grammar_error = g_strdup (error->message);
      return;
    }
  g_clear_pointer (&self->grammar, hub_voice_grammar_free);
  self->grammar = g_steal_pointer (&grammar);
  /* the element in use has read its files already */
  if (self->fsg_path != NULL)
    g_unlink (self->fsg_path);
  if (self->dict_path != NULL)
    g_unlink (self->dict_path);
  g_free (self->fsg_path);
  g_free (self->dict_path);
  self->fsg_path = g_steal_pointer (&fsg_path);
  self->dict_path = g_steal_pointer (&dict_path);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROBLEMS]);
}

static GstElement *
make_recognizer (HubVoice *self)
{
  GstElement *element = gst_element_factory_make ("pocketsphinx", NULL);

  if (element == NULL)
    return NULL;
  /* dict first: "fsg" then replaces the default language model */
  g_object_set (element, "dict", self->dict_path, "fsg", self->fsg_path, NULL);
  return element;
}

typedef struct
{
  GstElement *pipeline;
  GstElement *resample;
  GstElement *old;
  GstElement *fresh;
  GstElement *sink;
} Swap;

static void
swap_free (gpointer data)
{
  Swap *swap = data;

  gst_object_unref (swap->pipeline);
  gst_object_unref (swap->resample);
  gst_object_unref (swap->old);
  gst_object_unref (swap->fresh);
  gst_object_unref (swap->sink);
  g_free (swap);
}

/* In the streaming thread, between two buffers: the old recogniser out,
 * the new one in. */
static GstPadProbeReturn
swap_probe_cb (GstPad *pad, GstPadProbeInfo *info, gpointer user_data)
{
  Swap *swap = user_data;

  gst_element_unlink_many (swap->resample, swap->old, swap->sink, NULL);
  gst_element_set_state (swap->old, GST_STATE_NULL);
  gst_bin_remove (GST_BIN (swap->pipeline), swap->old);
  gst_bin_add (GST_BIN (swap->pipeline), gst_object_ref (swap->fresh));
  if (!gst_element_link_many (swap->resample, swap->fresh, swap->sink, NULL))
    g_warning ("Could not link the new recogniser");
  gst_element_sync_state_with_parent (swap->fresh);
  return GST_PAD_PROBE_REMOVE;
}

static void
swap_recognizer (HubVoice *self)
{
  GstElement *fresh = make_recognizer (self);
  g_autoptr (GstPad) pad = NULL;
  Swap *swap;

  if (fresh == NULL)
    return;
  gst_object_ref_sink (fresh);
  swap = g_new0 (Swap, 1);
  swap->pipeline = gst_object_ref (self->pipeline);
  swap->resample = gst_object_ref (self->resample);
  swap->old = gst_object_ref (self->recognizer);
  swap->fresh = gst_object_ref (fresh);
  swap->sink = gst_object_ref (self->sink);
  gst_object_unref (self->recognizer);
  self->recognizer = fresh;
  pad = gst_element_get_static_pad (self->resample, "src");
  gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BLOCK_DOWNSTREAM, swap_probe_cb, swap, swap_free);
}

void
hub_voice_set_cameras (HubVoice *self, const char *const *ids, const char *const *names)
{
  g_return_if_fail (HUB_IS_VOICE (self));
  g_return_if_fail (ids == NULL || names != NULL);

  g_strfreev (self->ids);
  g_strfreev (self->names);
  self->ids = g_strdupv ((GStrv) ids);
  self->names = g_strdupv ((GStrv) names);
  rebuild_grammar (self);
  if (self->pipeline != NULL && self->grammar != NULL)
    swap_recognizer (self);
}

gboolean
hub_voice_set_wake_phrase (HubVoice *self, const char *phrase, GError **error)
{
  g_autoptr (HubVoiceGrammar) check = NULL;
  const char *none[] = { NULL };

  g_return_val_if_fail (HUB_IS_VOICE (self), FALSE);

  if (phrase != NULL && phrase[0] == '\0')
    phrase = NULL;
  /* the words must be known before the phrase replaces the old one */
  check = hub_voice_grammar_new (g_getenv ("HUB_VOICE_DICT"), phrase, none, none, error);
  if (check == NULL)
    return FALSE;
  if (g_strcmp0 (hub_voice_grammar_get_wake_phrase (check), self->wake_phrase) == 0)
    return TRUE;
  g_free (self->wake_phrase);
  self->wake_phrase = g_strdup (hub_voice_grammar_get_wake_phrase (check));
  rebuild_grammar (self);
  if (self->pipeline != NULL && self->grammar != NULL)
    swap_recognizer (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WAKE_PHRASE]);
  return TRUE;
}

const char *
hub_voice_get_wake_phrase (HubVoice *self)
{
  g_return_val_if_fail (HUB_IS_VOICE (self), NULL);
  return self->wake_phrase;
}

static void
end_listening (HubVoice *self)
{
  g_clear_handle_id (&self->listen_timeout, g_source_remove);
  if (!self->listening)
    return;
  self->listening = FALSE;
  g_signal_emit (self, signals[SIGNAL_LISTENING], 0, FALSE);
}

/* Returns whether it was running; notifying is the caller's. */
static gboolean
teardown (HubVoice *self)
{
  gboolean was_running = self->pipeline != NULL;

  if (self->pipeline != NULL)
    gst_element_set_state (self->pipeline, GST_STATE_NULL);
  g_clear_handle_id (&self->bus_watch, g_source_remove);
  g_clear_object (&self->recognizer);
  g_clear_object (&self->resample);
  g_clear_object (&self->sink);
  g_clear_object (&self->pipeline);
  return was_running;
}

static void
fail (HubVoice *self, const char *reason)
{
  g_autoptr (HubVoice) hold = g_object_ref (self);

  g_debug ("Voice unavailable: %s", reason);
  if (teardown (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
  end_listening (self);
  g_signal_emit (self, signals[SIGNAL_UNAVAILABLE], 0, reason);
}

static void
handle_final (HubVoice *self, const char *hypothesis)
{
  gboolean woke;
  const char *action, *camera_id;
  HubVoiceParse parse;

  if (self->grammar == NULL)
    return;
  parse = hub_voice_grammar_parse (self->grammar, hypothesis, &woke, &action, &camera_id);
  g_debug ("Heard “%s” at %" G_GUINT64_FORMAT " ms", hypothesis, self->utterance_ms);
  if (self->listening)
    {
      /* listen-once: with or without the wake phrase */
      if (parse == HUB_VOICE_PARSE_COMMAND)
        g_signal_emit (self, signals[SIGNAL_COMMAND], 0, action, camera_id);
      else
        g_signal_emit (self, signals[SIGNAL_REJECTED], 0);
      end_listening (self);
      return;
    }
  if (parse == HUB_VOICE_PARSE_COMMAND && (woke || self->wake_phrase == NULL))
    g_signal_emit (self, signals[SIGNAL_COMMAND], 0, action, camera_id);
  else if (parse == HUB_VOICE_PARSE_REJECTED)
    g_signal_emit (self, signals[SIGNAL_REJECTED], 0);
}

static gboolean
bus_cb (GstBus *bus, GstMessage *message, gpointer user_data)
{
  g_autoptr (HubVoice) self = g_object_ref (HUB_VOICE (user_data)); /* handlers may drop theirs */

  switch (GST_MESSAGE_TYPE (message))
    {
    case GST_MESSAGE_ELEMENT:
      {
        const GstStructure *s = gst_message_get_structure (message);
        gboolean final = FALSE;
        guint64 timestamp = GST_CLOCK_TIME_NONE;
        const char *hypothesis;

        if (!gst_structure_has_name (s, "pocketsphinx"))
          break;
        gst_structure_get_boolean (s, "final", &final);
        gst_structure_get_uint64 (s, "timestamp", &timestamp);
        hypothesis = gst_structure_get_string (s, "hypothesis");
        if (!final)
          {
            if (GST_CLOCK_TIME_IS_VALID (timestamp))
              self->last_partial_ns = timestamp;
            self->heard_speech = TRUE;
            break;
          }
        self->utterance_ms = self->last_partial_ns / GST_MSECOND;
        if (hypothesis != NULL && hypothesis[0] != '\0')
          handle_final (self, hypothesis);
        break;
      }
    case GST_MESSAGE_ERROR:
      {
        g_autoptr (GError) error = NULL;
        g_autofree char *debug = NULL;
        g_autofree char *reason = NULL;

        gst_message_parse_error (message, &error, &debug);
        g_debug ("Voice pipeline error: %s (%s)", error->message, debug);
        if (self->from_file)
          reason = g_strdup_printf ("cannot read the audio: %s", error->message);
        else if (GST_MESSAGE_SRC (message) != NULL &&
                 g_str_has_prefix (GST_OBJECT_NAME (GST_MESSAGE_SRC (message)), "pocketsphinx"))
          reason = g_strdup_printf ("the speech recogniser failed: %s", error->message);
        else
          reason = g_strdup_printf ("the microphone failed: %s", error->message);
        self->bus_watch = 0;
        fail (self, reason);
        return G_SOURCE_REMOVE;
      }
    case GST_MESSAGE_EOS:
      {
        self->bus_watch = 0;
        if (teardown (self))
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
        end_listening (self);
        g_signal_emit (self, signals[SIGNAL_FINISHED], 0);
        return G_SOURCE_REMOVE;
      }
    default:
      break;
    }
  return G_SOURCE_CONTINUE;
}

static void
decodebin_pad_added_cb (GstElement *decodebin, GstPad *pad, gpointer user_data)
{
  GstElement *next = GST_ELEMENT (user_data);
  g_autoptr (GstPad) sink = gst_element_get_static_pad (next, "sink");
  g_autoptr (GstCaps) caps = gst_pad_get_current_caps (pad);

  if (gst_pad_is_linked (sink))
    return;
  if (caps != NULL && !g_str_has_prefix (gst_structure_get_name (gst_caps_get_structure (caps, 0)),
                                         "audio/"))
    return;
  gst_pad_link (pad, sink);
}

/* @first … @last: the source elements (@last may be decodebin, linked
 * when its audio pad appears). Takes the floating references. */
static gboolean
start_pipeline (HubVoice *self, GstElement *first, GstElement *last, GError **error)
{
  GstElement *queue, *convert;
  g_autoptr (GstBus) bus = NULL;
  gboolean dynamic = last != NULL;
  GstStateChangeReturn state_change;

  if (last == NULL)
    last = first;
  if (self->grammar == NULL)
    {
      gst_object_unref (gst_object_ref_sink (first));
      if (last != first)
        gst_object_unref (gst_object_ref_sink (last));
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "no grammar: %s",
                   self->grammar_error != NULL ? self->grammar_error : "unknown error");
      return FALSE;
    }
  self->recognizer = make_recognizer (self);
  if (self->recognizer == NULL)
    {
      gst_object_unref (gst_object_ref_sink (first));
      if (last != first)
        gst_object_unref (gst_object_ref_sink (last));
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                           "the speech recogniser is not installed (GStreamer's pocketsphinx "
                           "element)");
      return FALSE;
    }
  gst_object_ref_sink (self->recognizer);
  self->pipeline = gst_object_ref_sink (gst_pipeline_new ("hub-voice"));
  queue = gst_element_factory_make ("queue", NULL);
  convert = gst_element_factory_make ("audioconvert", NULL);
  self->resample = gst_object_ref (gst_element_factory_make ("audioresample", NULL));
  self->sink = gst_object_ref (gst_element_factory_make ("fakesink", NULL));
  g_object_set (queue, "max-size-time", 3 * GST_SECOND, "max-size-buffers", 0, "max-size-bytes", 0,
                NULL);
  g_object_set (self->sink, "sync", FALSE, "async", FALSE, NULL);
  gst_bin_add (GST_BIN (self->pipeline), first);
  if (last != first)
    gst_bin_add (GST_BIN (self->pipeline), last);
  gst_bin_add_many (GST_BIN (self->pipeline), queue, convert, self->resample, self->recognizer,
                    self->sink, NULL);
  if (dynamic)
    g_signal_connect_object (last, "pad-added", G_CALLBACK (decodebin_pad_added_cb), queue, 0);
  if ((last != first && !gst_element_link (first, last)) ||
      (!dynamic && !gst_element_link (last, queue)) ||
      !gst_element_link_many (queue, convert, self->resample, self->recognizer, self->sink, NULL))
    {
      teardown (self);
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                           "cannot link the audio pipeline");
      return FALSE;
    }

  self->last_partial_ns = 0;
  bus = gst_element_get_bus (self->pipeline);
  self->bus_watch = gst_bus_add_watch (bus, bus_cb, self);
  state_change = gst_element_set_state (self->pipeline, GST_STATE_PLAYING);
  if (state_change == GST_STATE_CHANGE_NO_PREROLL)
    /* a live source (a microphone): a recogniser too slow drops old audio
     * rather than falling behind; a file simply waits */
    g_object_set (queue, "leaky", 2, NULL);
  if (state_change == GST_STATE_CHANGE_FAILURE)
    {
      g_autoptr (GstMessage) message = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR);
      g_autoptr (GError) failure = NULL;
      const char *what = self->from_file ? "cannot read the audio" : "the microphone failed";

      if (message != NULL)
        gst_message_parse_error (message, &failure, NULL);
      teardown (self);
      if (failure != NULL)
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s: %s", what, failure->message);
      else
        g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, what);
      return FALSE;
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
  return TRUE;
}

/* Whether the system lists a microphone; TRUE when it cannot tell. */
static gboolean
have_microphone (void)
{
  g_autoptr (GstDeviceMonitor) monitor = gst_device_monitor_new ();
  GList *devices;
  gboolean found;

  gst_device_monitor_add_filter (monitor, "Audio/Source", NULL);
  if (!gst_device_monitor_start (monitor))
    return TRUE;
  devices = gst_device_monitor_get_devices (monitor);
  gst_device_monitor_stop (monitor);
  found = devices != NULL;
  g_list_free_full (devices, gst_object_unref);
  return found;
}

gboolean
hub_voice_start_microphone (HubVoice *self, GError **error)
{
  g_autoptr (GError) local_error = NULL;
  const char *description = g_getenv ("HUB_VOICE_MIC");
  GstElement *source;

  g_return_val_if_fail (HUB_IS_VOICE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->pipeline != NULL)
    return TRUE;
  self->from_file = FALSE;
  if (description != NULL && description[0] != '\0')
    {
      source = gst_parse_bin_from_description (description, TRUE, &local_error);
      if (source == NULL)
        goto failed;
    }
  else if (!have_microphone ())
    {
      g_set_error_literal (&local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "no microphone found");
      goto failed;
    }
  else
    {
      source = gst_element_factory_make ("autoaudiosrc", NULL);
      if (source == NULL)
        {
          g_set_error_literal (&local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                               "no audio source element (autoaudiosrc) is installed");
          goto failed;
        }
    }
  if (start_pipeline (self, source, NULL, &local_error))
    return TRUE;

failed:
  g_signal_emit (self, signals[SIGNAL_UNAVAILABLE], 0, local_error->message);
  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

gboolean
hub_voice_start_file (HubVoice *self, const char *path, GError **error)
{
  GstElement *src;

  g_return_val_if_fail (HUB_IS_VOICE (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (self->pipeline != NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_BUSY, "already running");
      return FALSE;
    }
  if (!g_str_equal (path, "-") && !g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "cannot read “%s”", path);
      return FALSE;
    }
  self->from_file = TRUE;
  if (g_str_equal (path, "-"))
    {
      src = gst_element_factory_make ("fdsrc", NULL);
      g_object_set (src, "fd", 0, NULL);
    }
  else
    {
      src = gst_element_factory_make ("filesrc", NULL);
      g_object_set (src, "location", path, NULL);
    }
  return start_pipeline (self, src, gst_element_factory_make ("decodebin", NULL), error);
}

void
hub_voice_stop (HubVoice *self)
{
  g_return_if_fail (HUB_IS_VOICE (self));

  if (teardown (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
  end_listening (self);
}

gboolean
hub_voice_get_running (HubVoice *self)
{
  g_return_val_if_fail (HUB_IS_VOICE (self), FALSE);
  return self->pipeline != NULL;
}

static gboolean
listen_timeout_cb (gpointer user_data)
{
  HubVoice *self = HUB_VOICE (user_data);

  if (self->heard_speech)
    return G_SOURCE_CONTINUE; /* the sentence is still going on */
  self->listen_timeout = 0;
  end_listening (self);
  return G_SOURCE_REMOVE;
}

void
hub_voice_listen_once (HubVoice *self)
{
  g_return_if_fail (HUB_IS_VOICE (self));

  g_clear_handle_id (&self->listen_timeout, g_source_remove);
  self->heard_speech = FALSE;
  self->listen_timeout = g_timeout_add_seconds (HUB_VOICE_LISTEN_ONCE_TIMEOUT_S,
                                                listen_timeout_cb, self);
  if (self->listening)
    return;
  self->listening = TRUE;
  g_signal_emit (self, signals[SIGNAL_LISTENING], 0, TRUE);
}

gboolean
hub_voice_get_listening (HubVoice *self)
{
  g_return_val_if_fail (HUB_IS_VOICE (self), FALSE);
  return self->listening;
}

guint64
hub_voice_get_utterance_time_ms (HubVoice *self)
{
  g_return_val_if_fail (HUB_IS_VOICE (self), 0);
  return self->utterance_ms;
}

const char *
hub_voice_get_camera_problem (HubVoice *self, const char *id)
{
  g_return_val_if_fail (HUB_IS_VOICE (self), NULL);
  return self->grammar != NULL ? hub_voice_grammar_get_problem (self->grammar, id) : NULL;
}

GVariant *
hub_voice_dup_problems (HubVoice *self)
{
  GVariantBuilder builder;

  g_return_val_if_fail (HUB_IS_VOICE (self), NULL);

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a{ss}"));
  if (self->grammar != NULL)
    {
      GHashTableIter iter;
      gpointer key, value;

      g_hash_table_iter_init (&iter, hub_voice_grammar_get_problems (self->grammar));
      while (g_hash_table_iter_next (&iter, &key, &value))
        g_variant_builder_add (&builder, "{ss}", key, value);
    }
  return g_variant_ref_sink (g_variant_builder_end (&builder));
}

const char *
hub_voice_get_fsg (HubVoice *self)
{
  g_return_val_if_fail (HUB_IS_VOICE (self), NULL);
  return self->grammar != NULL ? hub_voice_grammar_get_fsg (self->grammar) : NULL;
}

static void
hub_voice_init (HubVoice *self)
{
  self->wake_phrase = g_strdup (HUB_VOICE_DEFAULT_WAKE_PHRASE);
  rebuild_grammar (self);
}

HubVoice *
hub_voice_new (void)
{
  return g_object_new (HUB_TYPE_VOICE, NULL);
}

char *
hub_voice_command_to_json (guint64 t_ms, const char *action, const char *camera_name)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonGenerator) generator = json_generator_new ();
  g_autoptr (JsonNode) root = NULL;

  g_return_val_if_fail (action != NULL, NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "t_ms");
  json_builder_add_int_value (builder, (gint64) MIN (t_ms, (guint64) G_MAXINT64));
  json_builder_set_member_name (builder, "action");
  json_builder_add_string_value (builder, action);
  if (camera_name != NULL)
    {
      json_builder_set_member_name (builder, "camera");
      json_builder_add_string_value (builder, camera_name);
    }
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}
