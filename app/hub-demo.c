/* hub-demo.c — the bundled simulator as a child process
 *
 * Copyright 2026 hubview developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#define G_LOG_DOMAIN "hub-demo"

#include "hub-demo.h"

#include <json-glib/json-glib.h>
#include <signal.h>
#include <sys/prctl.h>

struct _HubDemo
{
  GObject parent_instance;

  GSubprocess *process;
  GDataInputStream *out;
  GCancellable *cancellable;
  gboolean ready;
};

enum
{
  SIGNAL_READY,
  SIGNAL_FAILED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (HubDemo, hub_demo, G_TYPE_OBJECT)

/* Next to a build-tree hubview, the build tree's simulator; else the
 * installed one. HUBVIEW_SIM overrides both. */
static char *
find_simulator (void)
{
  const char *env = g_getenv ("HUBVIEW_SIM");

  if (env != NULL && *env != '\0')
    return g_strdup (env);
#ifdef HUB_SIM_BUILD_PATH
  if (g_file_test (HUB_SIM_BUILD_PATH, G_FILE_TEST_IS_EXECUTABLE))
    return g_strdup (HUB_SIM_BUILD_PATH);
#endif
  return g_find_program_in_path ("hubview-sim");
}

static void
fail (HubDemo *self, const char *message)
{
  g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_WARNING, "MESSAGE", "demo: %s", message);
  g_signal_emit (self, signals[SIGNAL_FAILED], 0, message);
}

/* The simulator never outlives the hub, even one that crashed. */
static void
die_with_parent (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

static void read_next_line (HubDemo *self);

static void
on_line (GObject *source, GAsyncResult *result, gpointer user_data)
{
  HubDemo *self = user_data;
  g_autoptr (GError) error = NULL;
  g_autofree char *line = NULL;
  g_autoptr (JsonParser) parser = json_parser_new ();
  JsonNode *root;
  JsonObject *o;

  line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (source), result, NULL,
                                                    &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (line == NULL)
    {
      if (!self->ready)
        fail (self, error ? error->message : "the simulator stopped before it was ready");
      return;
    }
  if (!self->ready && json_parser_load_from_data (parser, line, -1, NULL)
      && (root = json_parser_get_root (parser)) != NULL && JSON_NODE_HOLDS_OBJECT (root)
      && (o = json_node_get_object (root)) != NULL && json_object_has_member (o, "ready")
      && json_object_has_member (o, "cloud")
      && JSON_NODE_HOLDS_VALUE (json_object_get_member (o, "cloud")))
    {
      const char *url = json_object_get_string_member (o, "cloud");

      self->ready = TRUE;
      g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_MESSAGE, "MESSAGE",
                        "demo: simulator ready at %s", url);
      g_signal_emit (self, signals[SIGNAL_READY], 0, url);
    }
  read_next_line (self);
}

static void
read_next_line (HubDemo *self)
{
  g_data_input_stream_read_line_async (self->out, G_PRIORITY_DEFAULT, self->cancellable, on_line,
                                       self);
}

void
hub_demo_start (HubDemo *self)
{
  g_autofree char *sim = find_simulator ();
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) argv = NULL;
  g_autoptr (GSubprocessLauncher) launcher = NULL;
  const char *extra = g_getenv ("HUBVIEW_SIM_ARGS");

  g_return_if_fail (HUB_IS_DEMO (self));
  if (sim == NULL)
    {
      fail (self, "The demo needs hubview-sim, which is not installed.");
      return;
    }
  argv = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (argv, g_strdup (sim));
  g_ptr_array_add (argv, g_strdup ("--listen"));
  g_ptr_array_add (argv, g_strdup ("127.0.0.1:0"));
  g_ptr_array_add (argv, g_strdup ("--rtsp-port"));
  g_ptr_array_add (argv, g_strdup ("0"));
  g_ptr_array_add (argv, g_strdup ("--approve-after"));
  g_ptr_array_add (argv, g_strdup ("2"));
  /* faults and settings for the simulator (support and tests):
   * HUBVIEW_SIM_ARGS="--fault cam-garage:drop=0.05" */
  if (extra != NULL && *extra != '\0')
    {
      g_auto (GStrv) parsed = NULL;

      if (!g_shell_parse_argv (extra, NULL, &parsed, &error))
        {
          fail (self, "HUBVIEW_SIM_ARGS does not parse");
          return;
        }
      for (guint i = 0; parsed[i] != NULL; i++)
        g_ptr_array_add (argv, g_strdup (parsed[i]));
    }
  g_ptr_array_add (argv, NULL);
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  self->process = g_subprocess_launcher_spawnv (launcher, (const char *const *) argv->pdata,
                                                &error);
  if (self->process == NULL)
    {
      fail (self, error->message);
      return;
    }
  self->out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (self->process));
  read_next_line (self);
}

void
hub_demo_stop (HubDemo *self)
{
  g_return_if_fail (HUB_IS_DEMO (self));

  g_cancellable_cancel (self->cancellable);
  if (self->process != NULL)
    {
      g_subprocess_send_signal (self->process, SIGTERM);
      g_subprocess_wait (self->process, NULL, NULL);
      g_clear_object (&self->process);
    }
}

static void
hub_demo_dispose (GObject *object)
{
  HubDemo *self = HUB_DEMO (object);

  hub_demo_stop (self);
  g_clear_object (&self->out);
  g_clear_object (&self->cancellable);
  G_OBJECT_CLASS (hub_demo_parent_class)->dispose (object);
}

static void
hub_demo_class_init (HubDemoClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = hub_demo_dispose;

  signals[SIGNAL_READY] = g_signal_new ("ready", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                        NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[SIGNAL_FAILED] = g_signal_new ("failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                         0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
hub_demo_init (HubDemo *self)
{
  self->cancellable = g_cancellable_new ();
}

HubDemo *
hub_demo_new (void)
{
  return g_object_new (HUB_TYPE_DEMO, NULL);
}
