/* test-sim-config.c — hubview-sim's fault parser, keyfile and demo keys
 *
 * Copyright 2026 hubview developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <glib/gstdio.h>
#include <string.h>

#include "hub-sim-config.h"
#include "hub-sim-faults.h"
#include "hub-test-support.h"

static void
test_fault_kinds_round_trip (void)
{
  for (guint i = 0; i < HUB_SIM_N_FAULT_KINDS; i++)
    {
      const char *name = hub_sim_fault_kind_to_string (i);
      g_autofree char *spec = g_strdup_printf ("cam-frontdoor:%s", name);
      g_autoptr (GError) error = NULL;
      g_autoptr (HubSimFault) fault = hub_sim_fault_parse (spec, &error);
      g_autoptr (HubSimFault) copy = NULL;

      g_assert_no_error (error);
      g_assert_cmpint (fault->kind, ==, i);
      g_assert_cmpstr (fault->camera, ==, "cam-frontdoor");
      copy = hub_sim_fault_copy (fault);
      g_assert_cmpstr (copy->camera, ==, fault->camera);
      g_assert_true (copy->camera != fault->camera);
    }
}

static void
test_fault_args (void)
{
  static const struct
  {
    const char *spec;
    const char *camera;
    HubSimFaultKind kind;
    double rate;
    gint64 a;
    gint64 b;
  } cases[] = {
    { "cam-garage:drop", "cam-garage", HUB_SIM_FAULT_DROP, 0.1, 0, 0 },
    { "cam-garage:drop=0.05", "cam-garage", HUB_SIM_FAULT_DROP, 0.05, 0, 0 },
    { "*:cross-feed=0.2", "*", HUB_SIM_FAULT_CROSS_FEED, 0.2, 0, 0 },
    { "cam-garage:delay=200:300", "cam-garage", HUB_SIM_FAULT_DELAY, 0.1, 200, 300 },
    { "cam-garage:delay=50", "cam-garage", HUB_SIM_FAULT_DELAY, 0.1, 50, 0 },
    { "cam-garage:kill=5:3", "cam-garage", HUB_SIM_FAULT_KILL, 0.1, 5, 3 },
    { "cam-garage:kill", "cam-garage", HUB_SIM_FAULT_KILL, 0.1, 5, 0 },
    { "cam-garage:sei-inject=0.3", "cam-garage", HUB_SIM_FAULT_SEI_INJECT, 0.3, 0, 0 },
    { "cam-garage:slice-inject", "cam-garage", HUB_SIM_FAULT_SLICE_INJECT, 0.1, 0, 0 },
    { "*:nal-flood=1", "*", HUB_SIM_FAULT_NAL_FLOOD, 1.0, 0, 0 },
    { "cam-garage:hold-back=8", "cam-garage", HUB_SIM_FAULT_HOLD_BACK, 0.1, 8, 0 },
    { "cam-garage:hold-back", "cam-garage", HUB_SIM_FAULT_HOLD_BACK, 0.1, 5, 0 },
    { "cam-garage:param-change", "cam-garage", HUB_SIM_FAULT_PARAM_CHANGE, 0.1, 0, 0 },
    { "cam-garage:key-rotate=10", "cam-garage", HUB_SIM_FAULT_KEY_ROTATE, 0.1, 10, 0 },
    { "cloud:cloud-429=3", "cloud", HUB_SIM_FAULT_CLOUD_429, 0.1, 3, 0 },
    { "cloud:cloud-429=3:2", "cloud", HUB_SIM_FAULT_CLOUD_429, 0.1, 3, 2 },
    { "cloud:cloud-429", "cloud", HUB_SIM_FAULT_CLOUD_429, 0.1, 1, 0 },
    { "cam-garage:cloud-503=4:1", "cam-garage", HUB_SIM_FAULT_CLOUD_503, 0.1, 4, 1 },
    { "cam-garage:cloud-500=2", "cam-garage", HUB_SIM_FAULT_CLOUD_500, 0.1, 0, 2 },
    { "cam-garage:cloud-malformed=1", "cam-garage", HUB_SIM_FAULT_CLOUD_MALFORMED, 0.1, 0, 1 },
    { "cam-garage:cloud-401=1", "cam-garage", HUB_SIM_FAULT_CLOUD_401, 0.1, 1, 0 },
    { "cloud:cloud-slow=2000", "cloud", HUB_SIM_FAULT_CLOUD_SLOW, 0.1, 2000, 0 },
    { "cloud:cloud-slow", "cloud", HUB_SIM_FAULT_CLOUD_SLOW, 0.1, 2000, 0 },
    /* A device ID may hold ':'. */
    { "cam:lab:1:strip=1", "cam:lab:1", HUB_SIM_FAULT_STRIP, 1.0, 0, 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (HubSimFault) fault = hub_sim_fault_parse (cases[i].spec, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (fault->camera, ==, cases[i].camera);
      g_assert_cmpint (fault->kind, ==, cases[i].kind);
      g_assert_cmpfloat_with_epsilon (fault->rate, cases[i].rate, 1e-9);
      g_assert_cmpint (fault->a, ==, cases[i].a);
      g_assert_cmpint (fault->b, ==, cases[i].b);
    }
}

static void
test_fault_errors (void)
{
  static const struct
  {
    const char *spec;
    const char *message;
  } cases[] = {
    { "", "expected CAMERA:KIND" },
    { "drop", "expected CAMERA:KIND" },
    { ":drop", "expected CAMERA:KIND" },
    { "cam-garage:", "expected CAMERA:KIND" },
    { "cam-garage:bogus", "unknown kind “bogus”" },
    { "cam-garage:drop=", "empty arguments" },
    { "cam-garage:drop=1.5", "rate “1.5” is not a number from 0 to 1" },
    { "cam-garage:drop=lots", "rate “lots”" },
    { "cam-garage:offline=1", "offline takes no arguments" },
    { "cam-garage:param-change=1", "param-change takes no arguments" },
    { "cam-garage:hold-back=3:1", "hold-back expects SECONDS" },
    { "cloud:hold-back=3", "hold-back applies to cameras" },
    { "cam-garage:delay=1:2:3", "delay expects BASE_MS[:JITTER_MS]" },
    { "cam-garage:cloud-slow=1:2", "cloud-slow expects DELAY_MS" },
    { "cam-garage:cloud-429=-1", "“-1” is not a whole number" },
    { "cloud:drop", "drop applies to cameras" },
    { "cam garage:drop", "is not a device ID" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (HubSimFault) fault = hub_sim_fault_parse (cases[i].spec, &error);

      g_assert_null (fault);
      g_assert_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE);
      if (strstr (error->message, cases[i].message) == NULL)
        g_error ("“%s”: expected “%s” in “%s”", cases[i].spec, cases[i].message, error->message);
    }
}

static void
test_faults_find (void)
{
  g_autoptr (GPtrArray) faults = g_ptr_array_new_with_free_func ((GDestroyNotify) hub_sim_fault_free);
  const char *specs[] = { "cam-garage:drop=0.5", "*:drop=0.1", "cloud:cloud-500", "*:cloud-404" };

  for (guint i = 0; i < G_N_ELEMENTS (specs); i++)
    g_ptr_array_add (faults, hub_sim_fault_parse (specs[i], NULL));

  g_assert_true (hub_sim_faults_find (faults, "cam-garage", HUB_SIM_FAULT_DROP) == faults->pdata[0]);
  g_assert_true (hub_sim_faults_find (faults, "cam-nursery", HUB_SIM_FAULT_DROP) == faults->pdata[1]);
  g_assert_null (hub_sim_faults_find (faults, "cam-nursery", HUB_SIM_FAULT_TAMPER));
  g_assert_true (hub_sim_faults_find (faults, "cloud", HUB_SIM_FAULT_CLOUD_500) == faults->pdata[2]);
  g_assert_null (hub_sim_faults_find (faults, "cam-garage", HUB_SIM_FAULT_CLOUD_500));
  /* "*" is every camera, not the cloud as a whole. */
  g_assert_nonnull (hub_sim_faults_find (faults, "cam-garage", HUB_SIM_FAULT_CLOUD_404));
  g_assert_null (hub_sim_faults_find (faults, "cloud", HUB_SIM_FAULT_CLOUD_404));
  g_assert_null (hub_sim_faults_find (NULL, "cam-garage", HUB_SIM_FAULT_DROP));
}

/* The demo keys: seeds from labels, certificates byte for byte those of keys.json. */
static void
test_demo_keys (void)
{
  g_autoptr (JsonNode) keys = hub_test_load_json ("keys.json");
  JsonObject *root = json_object_get_object_member (json_node_get_object (keys), "root");
  JsonObject *devices = json_object_get_object_member (json_node_get_object (keys), "devices");
  g_autoptr (HubSimConfig) config = hub_sim_config_new ();
  g_autoptr (GError) error = NULL;
  guint8 seed[HUB_SIM_SEED_SIZE];
  g_autofree guint8 *expected = NULL;
  gsize len = 0;

  hub_sim_demo_seed ("hubview demo root", seed);
  expected = hub_test_hex (json_object_get_string_member (root, "seed"), &len);
  g_assert_cmpmem (seed, sizeof seed, expected, len);

  g_assert_true (hub_sim_config_validate (config, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (config->cameras->len, ==, 4);
  for (guint i = 0; i < config->cameras->len; i++)
    {
      const HubSimCameraConfig *camera = g_ptr_array_index (config->cameras, i);
      JsonObject *device = json_object_get_object_member (devices, camera->id);
      g_autofree guint8 *device_seed = NULL;
      g_autofree char *certificate = NULL;

      g_assert_nonnull (device);
      g_assert_cmpuint (camera->index, ==, i);
      g_assert_cmpstr (camera->name, ==, json_object_get_string_member (device, "name"));
      device_seed = hub_test_hex (json_object_get_string_member (device, "seed"), &len);
      g_assert_cmpmem (camera->seed, sizeof camera->seed, device_seed, len);
      certificate = hub_sim_camera_config_make_certificate (camera, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (certificate, ==, json_object_get_string_member (device, "certificate_b64"));
    }
}

static void
test_n_cameras (void)
{
  g_autoptr (HubSimConfig) config = hub_sim_config_new ();
  g_autoptr (GError) error = NULL;
  const HubSimCameraConfig *camera;
  guint8 seed[HUB_SIM_SEED_SIZE];

  g_assert_true (hub_sim_config_set_n_cameras (config, 6, &error));
  hub_sim_config_set_video (config, 320, 0, 10);
  g_assert_true (hub_sim_config_validate (config, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (config->cameras->len, ==, 6);
  camera = g_ptr_array_index (config->cameras, 3);
  g_assert_cmpstr (camera->id, ==, "cam-nursery");
  camera = g_ptr_array_index (config->cameras, 5);
  g_assert_cmpstr (camera->id, ==, "cam-5");
  g_assert_cmpstr (camera->name, ==, "Camera 5");
  g_assert_cmpuint (camera->index, ==, 5);
  g_assert_cmpuint (camera->width, ==, 320);
  g_assert_cmpuint (camera->height, ==, 360);
  g_assert_cmpuint (camera->fps, ==, 10);
  hub_sim_demo_camera_seed ("cam-5", seed);
  g_assert_cmpmem (camera->seed, sizeof camera->seed, seed, sizeof seed);

  g_assert_true (hub_sim_config_set_n_cameras (config, 1, &error));
  g_assert_cmpuint (config->cameras->len, ==, 1);
  g_assert_false (hub_sim_config_set_n_cameras (config, 0, &error));
  g_assert_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE);
}

static char *
write_keyfile (const char *dir, const char *text)
{
  g_autoptr (GError) error = NULL;
  char *path = g_build_filename (dir, "sim.ini", NULL);

  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
  return path;
}

static void
test_keyfile (void)
{
  g_autofree char *dir = g_dir_make_tmp ("test-sim-config-XXXXXX", NULL);
  g_autofree char *path = write_keyfile (
      dir, "[cloud]\n"
           "listen=127.0.0.1:0\n"
           "client-id=io.hubview.test\n"
           "approve-after=0\n"
           "interval=2\n"
           "code-lifetime=60\n"
           "token-lifetime=120\n"
           "lease-seconds=30\n"
           "page-size=5\n"
           "[video]\n"
           "rtsp-port=0\n"
           "width=320\n"
           "height=180\n"
           "fps=10\n"
           "[camera cam-porch]\n"
           "name=Porch\n"
           "room=Entrance\n"
           "pattern=ball\n"
           "[camera cam-garage]\n"
           "name=Garage\n"
           "seed=57208c1599ccc465e1256ad8d4b0483ccc82a4430f5d9d427f275c308cffc9e8\n"
           "width=640\n"
           "[fault one]\n"
           "camera=cam-porch\n"
           "kind=drop\n"
           "args=0.25\n"
           "[fault two]\n"
           "camera=cloud\n"
           "kind=cloud-503\n");
  g_autoptr (HubSimConfig) config = hub_sim_config_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) keys = hub_test_load_json ("keys.json");
  JsonObject *devices = json_object_get_object_member (json_node_get_object (keys), "devices");
  g_autofree char *certificate = NULL;
  const HubSimCameraConfig *porch;
  const HubSimCameraConfig *garage;
  const HubSimFault *fault;

  g_assert_true (hub_sim_config_load_file (config, path, &error));
  g_assert_no_error (error);
  g_assert_true (hub_sim_config_validate (config, &error));
  g_assert_no_error (error);

  g_assert_cmpstr (config->listen, ==, "127.0.0.1:0");
  g_assert_cmpstr (config->client_id, ==, "io.hubview.test");
  g_assert_cmpuint (config->approve_after, ==, 0);
  g_assert_cmpuint (config->interval, ==, 2);
  g_assert_cmpuint (config->code_lifetime, ==, 60);
  g_assert_cmpuint (config->token_lifetime, ==, 120);
  g_assert_cmpuint (config->lease_seconds, ==, 30);
  g_assert_cmpuint (config->page_size, ==, 5);
  g_assert_cmpuint (config->rtsp_port, ==, 0);

  /* The file's cameras replace the demo four, in the file's order. */
  g_assert_cmpuint (config->cameras->len, ==, 2);
  porch = hub_sim_config_find_camera (config, "cam-porch");
  garage = hub_sim_config_find_camera (config, "cam-garage");
  g_assert_cmpuint (porch->index, ==, 0);
  g_assert_cmpstr (porch->name, ==, "Porch");
  g_assert_cmpstr (porch->room, ==, "Entrance");
  g_assert_cmpstr (porch->pattern, ==, "ball");
  g_assert_cmpuint (porch->width, ==, 320);
  g_assert_cmpuint (porch->height, ==, 180);
  g_assert_cmpuint (porch->fps, ==, 10);
  g_assert_cmpuint (garage->index, ==, 1);
  g_assert_cmpuint (garage->width, ==, 640);
  g_assert_cmpuint (garage->height, ==, 180);
  certificate = hub_sim_camera_config_make_certificate (garage, &error);
  g_assert_cmpstr (certificate, ==,
                   json_object_get_string_member (json_object_get_object_member (devices,
                                                                                 "cam-garage"),
                                                  "certificate_b64"));

  g_assert_cmpuint (config->faults->len, ==, 2);
  fault = hub_sim_faults_find (config->faults, "cam-porch", HUB_SIM_FAULT_DROP);
  g_assert_nonnull (fault);
  g_assert_cmpfloat_with_epsilon (fault->rate, 0.25, 1e-9);
  g_assert_nonnull (hub_sim_faults_find (config->faults, "cloud", HUB_SIM_FAULT_CLOUD_503));

  g_unlink (path);
  g_rmdir (dir);
}

static void
test_keyfile_errors (void)
{
  static const struct
  {
    const char *text;
    const char *message;
  } cases[] = {
    { "[clowd]\n", "unknown group [clowd]" },
    { "[cloud]\npage-sise=3\n", "unknown key “page-sise”" },
    { "[cloud]\npage-size=0\n", "page-size=0: expected a whole number from 1" },
    { "[cloud]\ninterval=soon\n", "interval=soon" },
    { "[video]\nfps=1000\n", "fps=1000" },
    { "[camera cam-x]\nseed=12\n", "[camera cam-x] seed" },
    { "[camera cam-x]\ncolour=red\n", "unknown key “colour”" },
    { "[fault 1]\ncamera=cam-x\n", "needs camera= and kind=" },
    { "[fault 1]\ncamera=cam-x\nkind=bogus\n", "[fault 1]: Fault “cam-x:bogus”: unknown kind" },
    { "not a keyfile", "sim.ini" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *dir = g_dir_make_tmp ("test-sim-config-XXXXXX", NULL);
      g_autofree char *path = write_keyfile (dir, cases[i].text);
      g_autoptr (HubSimConfig) config = hub_sim_config_new ();
      g_autoptr (GError) error = NULL;

      g_assert_false (hub_sim_config_load_file (config, path, &error));
      g_assert_nonnull (error);
      if (strstr (error->message, cases[i].message) == NULL)
        g_error ("expected “%s” in “%s”", cases[i].message, error->message);
      g_unlink (path);
      g_rmdir (dir);
    }
}

static void
test_validate_errors (void)
{
  static const struct
  {
    const char *text;
    const char *message;
  } cases[] = {
    { "[fault 1]\ncamera=cam-nowhere\nkind=drop\n", "names camera “cam-nowhere”, which is not configured" },
    { "[camera cloud]\n", "Camera “cloud”" },
    { "[camera cam-a]\nmodel=" "0123456789012345678901234567890123456789012345678901234567890123456789\n",
      "the model must be UTF-8 of at most 64 bytes" },
    { "[camera cam-a]\nname=\n", "the name must be non-empty" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *dir = g_dir_make_tmp ("test-sim-config-XXXXXX", NULL);
      g_autofree char *path = write_keyfile (dir, cases[i].text);
      g_autoptr (HubSimConfig) config = hub_sim_config_new ();
      g_autoptr (GError) error = NULL;

      g_assert_true (hub_sim_config_load_file (config, path, &error));
      g_assert_no_error (error);
      g_assert_false (hub_sim_config_validate (config, &error));
      g_assert_nonnull (error);
      if (strstr (error->message, cases[i].message) == NULL)
        g_error ("expected “%s” in “%s”", cases[i].message, error->message);
      g_unlink (path);
      g_rmdir (dir);
    }
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/hub/sim/faults/kinds", test_fault_kinds_round_trip);
  g_test_add_func ("/hub/sim/faults/args", test_fault_args);
  g_test_add_func ("/hub/sim/faults/errors", test_fault_errors);
  g_test_add_func ("/hub/sim/faults/find", test_faults_find);
  g_test_add_func ("/hub/sim/config/demo-keys", test_demo_keys);
  g_test_add_func ("/hub/sim/config/n-cameras", test_n_cameras);
  g_test_add_func ("/hub/sim/config/keyfile", test_keyfile);
  g_test_add_func ("/hub/sim/config/keyfile-errors", test_keyfile_errors);
  g_test_add_func ("/hub/sim/config/validate-errors", test_validate_errors);
  return g_test_run ();
}
