/* main.c — hubview-sim: the reference camera cloud and its signing RTSP cameras
 *
 * Copyright 2026 hubview developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Prints one JSON line on stdout once everything serves:
 *   {"ready": true, "cloud": "http://127.0.0.1:PORT", "rtsp_port": PORT,
 *    "cameras": [{"id": …, "name": …, "index": …}, …]}
 * and runs until SIGINT or SIGTERM, then exits 0.
 */
#define G_LOG_DOMAIN "hubview-sim"

#include <glib-unix.h>
#include <gst/gst.h>
#include <gst/rtsp-server/rtsp-server.h>
#include <json-glib/json-glib.h>
#include <locale.h>
#include <signal.h>
#include <sodium.h>
#include <stdio.h>

#include "hub-sim-camera.h"
#include "hub-sim-cloud.h"
#include "hub-sim-config.h"

typedef struct
{
  char *config_file;
  char *listen;
  char *client_id;
  char **faults;
  int cameras;
  int rtsp_port;
  int approve_after;
  int interval;
  int code_lifetime;
  int token_lifetime;
  int lease_seconds;
  int page_size;
  int width;
  int height;
  int fps;
  gboolean version;
} Options;

static void
options_clear (Options *options)
{
  g_free (options->config_file);
  g_free (options->listen);
  g_free (options->client_id);
  g_strfreev (options->faults);
}

typedef struct
{
  HubSimConfig *config;
  GstRTSPServer *rtsp;
  guint rtsp_source;
  GPtrArray *cameras; /* of HubSimCamera */
  HubSimCloud *cloud;
  GMainLoop *loop;
} Sim;

/* A number option given on the command line (-1: not given) overrides @field. */
static gboolean
apply_uint (const char *name, int value, guint min, guint max, guint *field, GError **error)
{
  if (value == -1)
    return TRUE;
  if (value < 0 || (guint) value < min || (guint) value > max)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "--%s %d: expected a whole number from %u to %u", name, value, min, max);
      return FALSE;
    }
  *field = (guint) value;
  return TRUE;
}

/* Defaults, then --config, then the other options. */
static HubSimConfig *
build_config (Options *options, GError **error)
{
  g_autoptr (HubSimConfig) config = hub_sim_config_new ();
  guint width = 0;
  guint height = 0;
  guint fps = 0;

  if (options->config_file != NULL &&
      !hub_sim_config_load_file (config, options->config_file, error))
    return NULL;
  if (options->listen != NULL)
    {
      g_free (config->listen);
      config->listen = g_strdup (options->listen);
    }
  if (options->client_id != NULL)
    {
      g_free (config->client_id);
      config->client_id = g_strdup (options->client_id);
    }
  if (!apply_uint ("rtsp-port", options->rtsp_port, 0, 65535, &config->rtsp_port, error) ||
      !apply_uint ("approve-after", options->approve_after, 0, 86400, &config->approve_after,
                   error) ||
      !apply_uint ("interval", options->interval, 1, 3600, &config->interval, error) ||
      !apply_uint ("code-lifetime", options->code_lifetime, 1, 86400, &config->code_lifetime,
                   error) ||
      !apply_uint ("token-lifetime", options->token_lifetime, 1, 7 * 86400,
                   &config->token_lifetime, error) ||
      !apply_uint ("lease-seconds", options->lease_seconds, 1, 86400, &config->lease_seconds,
                   error) ||
      !apply_uint ("page-size", options->page_size, 1, 1000, &config->page_size, error) ||
      !apply_uint ("width", options->width, 16, 3840, &width, error) ||
      !apply_uint ("height", options->height, 16, 2160, &height, error) ||
      !apply_uint ("fps", options->fps, 1, 60, &fps, error))
    return NULL;
  if (options->cameras != -1 &&
      !hub_sim_config_set_n_cameras (config, (guint) MAX (options->cameras, 0), error))
    return NULL;
  hub_sim_config_set_video (config, width, height, fps);
  for (guint i = 0; options->faults != NULL && options->faults[i] != NULL; i++)
    {
      if (!hub_sim_config_add_fault (config, options->faults[i], error))
        return NULL;
    }
  if (!hub_sim_config_validate (config, error))
    return NULL;
  return g_steal_pointer (&config);
}

/* pattern= of the keyfile, for a camera that has a "pattern" property. */
static void
apply_pattern (HubSimCamera *camera, const HubSimCameraConfig *camera_config)
{
  if (camera_config->pattern == NULL)
    return;
  if (g_object_class_find_property (G_OBJECT_GET_CLASS (camera), "pattern") == NULL)
    {
      g_warning ("camera=%s: pattern=%s is ignored, the camera has no pattern setting",
                 camera_config->id, camera_config->pattern);
      return;
    }
  gst_util_set_object_arg (G_OBJECT (camera), "pattern", camera_config->pattern);
}

static gboolean
start (Sim *sim, GError **error)
{
  HubSimConfig *config = sim->config;
  g_autofree char *service = g_strdup_printf ("%u", config->rtsp_port);

  sim->rtsp = gst_rtsp_server_new ();
  gst_rtsp_server_set_address (sim->rtsp, "127.0.0.1");
  gst_rtsp_server_set_service (sim->rtsp, service);

  /* The cloud binds first, so that a bad address fails before any camera
   * starts; it answers nothing before the main loop runs. */
  sim->cloud = hub_sim_cloud_new (config);
  if (!hub_sim_cloud_listen (sim->cloud, config->listen, error))
    return FALSE;
  for (guint i = 0; i < config->cameras->len; i++)
    {
      const HubSimCameraConfig *cc = g_ptr_array_index (config->cameras, i);
      g_autoptr (HubSimCamera) camera =
          hub_sim_camera_new (cc->index, cc->id, cc->name, cc->seed, config->faults, cc->width,
                              cc->height, cc->fps);

      apply_pattern (camera, cc);
      if (!hub_sim_camera_start (camera, sim->rtsp, error) ||
          !hub_sim_cloud_add_camera (sim->cloud, cc, camera, error))
        return FALSE;
      g_ptr_array_add (sim->cameras, g_steal_pointer (&camera));
    }

  sim->rtsp_source = gst_rtsp_server_attach (sim->rtsp, NULL);
  if (sim->rtsp_source == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   "Cannot serve RTSP on 127.0.0.1:%s (port in use?)", service);
      return FALSE;
    }
  g_object_set (sim->cloud, "rtsp-port", (guint) gst_rtsp_server_get_bound_port (sim->rtsp),
                NULL);
  return TRUE;
}

static void
print_ready (Sim *sim)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode) root = NULL;
  g_autofree char *line = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "ready");
  json_builder_add_boolean_value (builder, TRUE);
  json_builder_set_member_name (builder, "cloud");
  json_builder_add_string_value (builder, hub_sim_cloud_get_uri (sim->cloud));
  json_builder_set_member_name (builder, "rtsp_port");
  json_builder_add_int_value (builder, gst_rtsp_server_get_bound_port (sim->rtsp));
  json_builder_set_member_name (builder, "cameras");
  json_builder_begin_array (builder);
  for (guint i = 0; i < sim->config->cameras->len; i++)
    {
      const HubSimCameraConfig *cc = g_ptr_array_index (sim->config->cameras, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, cc->id);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, cc->name);
      json_builder_set_member_name (builder, "index");
      json_builder_add_int_value (builder, cc->index);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  line = json_to_string (root, FALSE);
  g_print ("%s\n", line);
  fflush (stdout);
}

static void
stop (Sim *sim)
{
  for (guint i = 0; sim->cameras != NULL && i < sim->cameras->len; i++)
    hub_sim_camera_stop (g_ptr_array_index (sim->cameras, i));
  g_clear_handle_id (&sim->rtsp_source, g_source_remove);
  g_clear_object (&sim->cloud);
  g_clear_pointer (&sim->cameras, g_ptr_array_unref);
  g_clear_object (&sim->rtsp);
  /* what the server and the cameras left to the main context as they closed
   * (a connection accepted but not yet set up, a client's last unref) */
  for (guint i = 0; i < 100 && g_main_context_iteration (NULL, FALSE); i++)
    ;
  g_clear_pointer (&sim->loop, g_main_loop_unref);
  g_clear_pointer (&sim->config, hub_sim_config_free);
}

static gboolean
on_quit_signal (gpointer user_data)
{
  Sim *sim = user_data;

  g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_MESSAGE, "MESSAGE", "stopping on a signal");
  g_main_loop_quit (sim->loop);
  return G_SOURCE_CONTINUE;
}

int
main (int argc, char *argv[])
{
  Options options = {
    .cameras = -1, .rtsp_port = -1, .approve_after = -1, .interval = -1, .code_lifetime = -1,
    .token_lifetime = -1, .lease_seconds = -1, .page_size = -1, .width = -1, .height = -1,
    .fps = -1,
  };
  const GOptionEntry entries[] = {
    { "config", 'c', 0, G_OPTION_ARG_FILENAME, &options.config_file,
      "Cameras, faults and settings from a keyfile", "FILE" },
    { "cameras", 'n', 0, G_OPTION_ARG_INT, &options.cameras,
      "Serve N cameras: the first N of the demo four, then cam-4, cam-5, …", "N" },
    { "listen", 'l', 0, G_OPTION_ARG_STRING, &options.listen,
      "Cloud address, loopback only; port 0 picks one (default 127.0.0.1:8480)", "HOST:PORT" },
    { "rtsp-port", 'r', 0, G_OPTION_ARG_INT, &options.rtsp_port,
      "RTSP port on 127.0.0.1; 0 picks one (default 8554)", "PORT" },
    { "fault", 'f', 0, G_OPTION_ARG_STRING_ARRAY, &options.faults,
      "Inject a fault, e.g. cam-garage:cloud-429=3 or cloud:cloud-slow=2000 (repeatable)",
      "CAMERA:KIND[=ARGS]" },
    { "approve-after", 0, 0, G_OPTION_ARG_INT, &options.approve_after,
      "Approve sign-in codes after S seconds (default 3)", "S" },
    { "interval", 0, 0, G_OPTION_ARG_INT, &options.interval,
      "Sign-in polling interval handed out (default 5)", "S" },
    { "code-lifetime", 0, 0, G_OPTION_ARG_INT, &options.code_lifetime,
      "Lifetime of a sign-in code (default 600)", "S" },
    { "client-id", 0, 0, G_OPTION_ARG_STRING, &options.client_id,
      "Accept only this client_id (default: any)", "ID" },
    { "token-lifetime", 0, 0, G_OPTION_ARG_INT, &options.token_lifetime,
      "Lifetime of an access token (default 3600)", "S" },
    { "lease-seconds", 0, 0, G_OPTION_ARG_INT, &options.lease_seconds,
      "Lifetime of a stream token (default 300)", "S" },
    { "page-size", 0, 0, G_OPTION_ARG_INT, &options.page_size,
      "Cameras per page of the list (default 2)", "N" },
    { "width", 0, 0, G_OPTION_ARG_INT, &options.width, "Capture width (default 640)", "W" },
    { "height", 0, 0, G_OPTION_ARG_INT, &options.height, "Capture height (default 360)", "H" },
    { "fps", 0, 0, G_OPTION_ARG_INT, &options.fps, "Frames per second (default 15)", "F" },
    { "version", 'V', 0, G_OPTION_ARG_NONE, &options.version, "Print the version and exit",
      NULL },
    { NULL }
  };
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (GError) error = NULL;
  Sim sim = { 0 };

  setlocale (LC_ALL, "");

  context = g_option_context_new (NULL);
  g_option_context_set_summary (context,
                                "The reference camera cloud (cloud-api.md) and signing RTSP "
                                "cameras for hubview, with fault injection. Listens on loopback "
                                "only.");
  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_add_group (context, gst_init_get_option_group ());
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("hubview-sim: %s\nTry “hubview-sim --help”.\n", error->message);
      options_clear (&options);
      return 1;
    }
  if (options.version)
    {
      g_print ("hubview-sim %s\n", HUB_VERSION);
      options_clear (&options);
      return 0;
    }
  if (sodium_init () < 0)
    {
      g_printerr ("hubview-sim: libsodium failed to initialise\n");
      options_clear (&options);
      return 1;
    }

  sim.config = build_config (&options, &error);
  options_clear (&options);
  sim.cameras = g_ptr_array_new_with_free_func (g_object_unref);
  sim.loop = g_main_loop_new (NULL, FALSE);
  if (sim.config == NULL || !start (&sim, &error))
    {
      g_printerr ("hubview-sim: %s\n", error->message);
      stop (&sim);
      return 1;
    }

  g_unix_signal_add (SIGINT, on_quit_signal, &sim);
  g_unix_signal_add (SIGTERM, on_quit_signal, &sim);
  print_ready (&sim);
  g_main_loop_run (sim.loop);

  stop (&sim);
  return 0;
}
