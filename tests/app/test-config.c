/* test-config.c — /etc/hubview/hubview.conf (hub-config) and the backlight
 * switch (hub-backlight), against files in a temporary directory
 *
 * Copyright 2026 hubview developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

#include "hub-backlight.h"
#include "hub-config.h"
#include "hub-test-log.h"

static char *tmpdir;

static char *
write_file (const char *name, const char *contents)
{
  char *path = g_build_filename (tmpdir, name, NULL);
  g_autoptr (GError) error = NULL;

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
  return path;
}

static void
remove_tree (const char *path)
{
  if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          remove_tree (child);
        }
      g_rmdir (path);
    }
  else
    g_unlink (path);
}

/* ---- hub-config ---- */

static void
test_config_missing (void)
{
  g_autofree char *path = g_build_filename (tmpdir, "no-such.conf", NULL);
  g_autoptr (HubConfig) config = NULL;
  g_autoptr (GError) error = NULL;

  g_assert_true (hub_config_load (path, &config, &error));
  g_assert_no_error (error);
  g_assert_nonnull (config);
  g_assert_cmpstr (config->path, ==, path);
  g_assert_null (config->cloud_url);
  g_assert_null (config->client_id);
  g_assert_null (config->trust_roots_dir);
}

/* The file as the package ships it: everything commented out, nothing set. */
static void
test_config_shipped (void)
{
  g_autofree char *shipped = g_test_build_filename (G_TEST_DIST, "..", "data",
                                                    "hubview.conf", NULL);
  g_autoptr (HubConfig) config = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL;

  g_assert_true (g_file_get_contents (shipped, &text, NULL, &error));
  g_assert_no_error (error);
  /* it documents all three keys … */
  g_assert_nonnull (strstr (text, "#cloud-url="));
  g_assert_nonnull (strstr (text, "#client-id="));
  g_assert_nonnull (strstr (text, "#trust-roots-dir="));
  /* … and sets none */
  g_assert_true (hub_config_load (shipped, &config, &error));
  g_assert_no_error (error);
  g_assert_null (config->cloud_url);
  g_assert_null (config->client_id);
  g_assert_null (config->trust_roots_dir);
}

static void
test_config_values (void)
{
  g_autofree char *path = write_file ("set.conf",
                                      "# a comment\n"
                                      "[hubview]\n"
                                      "cloud-url = https://cloud.example.org/api/\n"
                                      "client-id=hall-display\n"
                                      "trust-roots-dir=/srv/roots\n");
  g_autoptr (HubConfig) config = NULL;
  g_autoptr (GError) error = NULL;

  g_assert_true (hub_config_load (path, &config, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (config->cloud_url, ==, "https://cloud.example.org/api/");
  g_assert_cmpstr (config->client_id, ==, "hall-display");
  g_assert_cmpstr (config->trust_roots_dir, ==, "/srv/roots");
}

/* One key set, the other two left to GSettings. */
static void
test_config_partial (void)
{
  g_autofree char *path = write_file ("partial.conf",
                                      "[hubview]\n#cloud-url=https://x.example/\n"
                                      "client-id=kitchen\n");
  g_autoptr (HubConfig) config = NULL;
  g_autoptr (GError) error = NULL;

  g_assert_true (hub_config_load (path, &config, &error));
  g_assert_no_error (error);
  g_assert_null (config->cloud_url);
  g_assert_cmpstr (config->client_id, ==, "kitchen");
  g_assert_null (config->trust_roots_dir);
}

static void
test_config_env (void)
{
  g_autofree char *path = write_file ("env.conf", "[hubview]\nclient-id=from-env\n");
  g_autofree char *default_path = NULL;
  g_autoptr (HubConfig) config = NULL;
  g_autoptr (GError) error = NULL;

  g_unsetenv (HUB_CONFIG_ENV);
  default_path = hub_config_default_path ();
  g_assert_cmpstr (default_path, ==, HUB_TEST_SYSCONFDIR "/hubview/hubview.conf");

  g_setenv (HUB_CONFIG_ENV, path, TRUE);
  g_assert_true (hub_config_load (NULL, &config, &error));
  g_unsetenv (HUB_CONFIG_ENV);
  g_assert_no_error (error);
  g_assert_cmpstr (config->path, ==, path);
  g_assert_cmpstr (config->client_id, ==, "from-env");
}

/* Every malformed file: a clear error naming the file, no config. */
static void
test_config_malformed (void)
{
  static const struct
  {
    const char *contents;
    GQuark (*domain) (void);
    int code;
    const char *mentions;
  } cases[] = {
    { "cloud-url=https://a.example/\n", g_key_file_error_quark,
      G_KEY_FILE_ERROR_GROUP_NOT_FOUND, NULL },
    { "[hubview\ncloud-url=https://a.example/\n", g_key_file_error_quark,
      G_KEY_FILE_ERROR_PARSE, NULL },
    { "[hubview]\nthis line has no equals sign\n", g_key_file_error_quark,
      G_KEY_FILE_ERROR_PARSE, NULL },
    { "[hubview]\nclient-id=\n", hub_config_error_quark, HUB_CONFIG_ERROR_INVALID,
      "client-id is empty" },
    { "[hubview]\ncloud-url=ftp://a.example/\n", hub_config_error_quark,
      HUB_CONFIG_ERROR_INVALID, "cloud-url" },
    { "[hubview]\ncloud-url=not a url\n", hub_config_error_quark, HUB_CONFIG_ERROR_INVALID,
      "cloud-url" },
    { "[hubview]\ntrust-roots-dir=roots.d\n", hub_config_error_quark,
      HUB_CONFIG_ERROR_INVALID, "trust-roots-dir" },
    /* not UTF-8 */
    { "[hubview]\nclient-id=\xff\xfe\n", hub_config_error_quark, HUB_CONFIG_ERROR_INVALID,
      "not UTF-8" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *name = g_strdup_printf ("bad-%u.conf", i);
      g_autofree char *path = write_file (name, cases[i].contents);
      HubConfig *config = (HubConfig *) 0x1;
      g_autofree char *escaped = g_strescape (cases[i].contents, NULL);
      g_autoptr (GError) error = NULL;

      g_test_message ("case %u: %s", i, escaped);
      g_assert_false (hub_config_load (path, &config, &error));
      g_assert_null (config);
      g_assert_error (error, cases[i].domain (), cases[i].code);
      g_assert_nonnull (strstr (error->message, path));
      if (cases[i].mentions != NULL)
        g_assert_nonnull (strstr (error->message, cases[i].mentions));
    }
}

/* A file that exists but cannot be read is an error, not "missing". */
static void
test_config_unreadable (void)
{
  g_autofree char *path = g_build_filename (tmpdir, "a-directory.conf", NULL);
  g_autoptr (HubConfig) config = NULL;
  g_autoptr (GError) error = NULL;

  g_assert_cmpint (g_mkdir (path, 0700), ==, 0);
  g_assert_false (hub_config_load (path, &config, &error));
  g_assert_nonnull (error);
  g_assert_null (config);
  g_assert_nonnull (strstr (error->message, path));
}

static void
test_config_unknown_keys (void)
{
  g_autofree char *path = write_file ("unknown.conf",
                                      "[hubview]\nclient-id=x\ngrid-size=3\n[other]\na=b\n");
  g_autoptr (HubConfig) config = NULL;
  g_autoptr (GError) error = NULL;

  hub_test_log_reset ();
  g_assert_true (hub_config_load (path, &config, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (config->client_id, ==, "x");
  g_assert_true (hub_test_log_contains ("unknown key grid-size"));
  g_assert_true (hub_test_log_contains ("unknown group [other]"));
}

/* ---- hub-backlight ---- */

static char *
make_backlight_root (const char *name)
{
  char *root = g_build_filename (tmpdir, name, NULL);

  g_assert_cmpint (g_mkdir_with_parents (root, 0755), ==, 0);
  return root;
}

static void
add_device (const char *root, const char *device, const char *initial)
{
  g_autofree char *dir = g_build_filename (root, device, NULL);
  g_autofree char *bl_power = g_build_filename (dir, "bl_power", NULL);
  g_autoptr (GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  g_file_set_contents (bl_power, initial, -1, &error);
  g_assert_no_error (error);
}

static char *
read_power (const char *root, const char *device)
{
  g_autofree char *path = g_build_filename (root, device, "bl_power", NULL);
  g_autoptr (GError) error = NULL;
  char *text = NULL;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  return text;
}

static void
test_backlight_off_on (void)
{
  g_autofree char *root = make_backlight_root ("backlight");
  g_autofree char *a = NULL, *b = NULL;

  add_device (root, "rpi_backlight", "0\n");
  add_device (root, "intel_backlight", "0\n");
  g_setenv (HUB_BACKLIGHT_ENV, root, TRUE);

  hub_test_log_reset ();
  g_assert_cmpuint (hub_backlight_set_power_counted (FALSE), ==, 2);
  a = read_power (root, "rpi_backlight");
  b = read_power (root, "intel_backlight");
  g_assert_cmpstr (a, ==, "4\n");
  g_assert_cmpstr (b, ==, "4\n");
  g_assert_true (hub_test_log_contains ("rpi_backlight bl_power=4 (off)"));
  g_assert_true (hub_test_log_contains ("intel_backlight bl_power=4 (off)"));

  hub_test_log_reset ();
  hub_backlight_set_power (TRUE);
  g_free (a);
  g_free (b);
  a = read_power (root, "rpi_backlight");
  b = read_power (root, "intel_backlight");
  g_assert_cmpstr (a, ==, "0\n");
  g_assert_cmpstr (b, ==, "0\n");
  g_assert_true (hub_test_log_contains ("rpi_backlight bl_power=0 (on)"));
  g_unsetenv (HUB_BACKLIGHT_ENV);
}

/* No class directory (a desktop, a VM), or an empty one: a message, no
 * warning, nothing written. */
static void
test_backlight_absent (void)
{
  g_autofree char *missing = g_build_filename (tmpdir, "no-backlight", NULL);
  g_autofree char *empty = make_backlight_root ("empty-backlight");

  g_setenv (HUB_BACKLIGHT_ENV, missing, TRUE);
  hub_test_log_reset ();
  g_assert_cmpuint (hub_backlight_set_power_counted (FALSE), ==, 0);
  g_assert_true (hub_test_log_contains ("MESSAGE"));
  g_assert_true (hub_test_log_contains (missing));
  g_assert_false (hub_test_log_contains ("WARNING"));

  g_setenv (HUB_BACKLIGHT_ENV, empty, TRUE);
  hub_test_log_reset ();
  g_assert_cmpuint (hub_backlight_set_power_counted (TRUE), ==, 0);
  g_assert_true (hub_test_log_contains ("no device in"));
  g_assert_false (hub_test_log_contains ("WARNING"));
  g_unsetenv (HUB_BACKLIGHT_ENV);
}

/* A device whose bl_power cannot be written (here: one without the file,
 * one where it is a directory, which fails even for root) is a warning
 * naming the file; the other devices are still switched. */
static void
test_backlight_partial_failure (void)
{
  g_autofree char *root = make_backlight_root ("backlight-broken");
  g_autofree char *no_file = g_build_filename (root, "acpi_video0", NULL);
  g_autofree char *as_dir = g_build_filename (root, "weird", "bl_power", NULL);
  g_autofree char *good = NULL;

  add_device (root, "good", "0\n");
  g_assert_cmpint (g_mkdir_with_parents (no_file, 0755), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (as_dir, 0755), ==, 0);
  g_setenv (HUB_BACKLIGHT_ENV, root, TRUE);

  hub_test_log_reset ();
  g_assert_cmpuint (hub_backlight_set_power_counted (FALSE), ==, 1);
  good = read_power (root, "good");
  g_assert_cmpstr (good, ==, "4\n");
  g_assert_true (hub_test_log_contains ("acpi_video0/bl_power"));
  g_assert_true (hub_test_log_contains (g_strerror (ENOENT)));
  g_assert_true (hub_test_log_contains ("weird/bl_power"));
  g_assert_true (hub_test_log_contains (g_strerror (EISDIR)));
  g_assert_cmpuint (hub_test_log_count ("WARNING"), ==, 2);
  g_unsetenv (HUB_BACKLIGHT_ENV);
}

int
main (int argc, char *argv[])
{
  g_autoptr (GError) error = NULL;
  int status;

  hub_test_log_capture ();
  g_test_init (&argc, &argv, NULL);
  /* the warnings of hub-backlight are what some tests check */
  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);
  tmpdir = g_dir_make_tmp ("hub-test-config-XXXXXX", &error);
  g_assert_no_error (error);

  g_test_add_func ("/config/missing", test_config_missing);
  g_test_add_func ("/config/shipped", test_config_shipped);
  g_test_add_func ("/config/values", test_config_values);
  g_test_add_func ("/config/partial", test_config_partial);
  g_test_add_func ("/config/env", test_config_env);
  g_test_add_func ("/config/malformed", test_config_malformed);
  g_test_add_func ("/config/unreadable", test_config_unreadable);
  g_test_add_func ("/config/unknown-keys", test_config_unknown_keys);
  g_test_add_func ("/backlight/off-on", test_backlight_off_on);
  g_test_add_func ("/backlight/absent", test_backlight_absent);
  g_test_add_func ("/backlight/partial-failure", test_backlight_partial_failure);

  status = g_test_run ();
  remove_tree (tmpdir);
  g_free (tmpdir);
  return status;
}
