/* test-app-cli.c — the hubview binary answers --version and --help */
#include "hub-test-support.h"

static void
run_hubview (const char *arg, char **out, int *status)
{
  g_autofree char *path = hub_test_build_path ("ui/hubview");
  const char *argv[] = { path, arg, NULL };
  g_autoptr (GError) error = NULL;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, out, NULL, status,
                &error);
  g_assert_no_error (error);
}

static void
test_version (void)
{
  g_autofree char *out = NULL;
  int status = -1;

  run_hubview ("--version", &out, &status);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_cmpstr (out, ==, "hubview " HUB_VERSION "\n");
}

static void
test_help (void)
{
  g_autofree char *out = NULL;
  int status = -1;

  run_hubview ("--help", &out, &status);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_nonnull (strstr (out, "--version"));
  g_assert_nonnull (strstr (out, "Usage:"));
}

static void
test_unknown_option (void)
{
  g_autofree char *out = NULL;
  int status = -1;

  run_hubview ("--no-such-option", &out, &status);
  g_assert_false (g_spawn_check_wait_status (status, NULL));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/hub/app/version", test_version);
  g_test_add_func ("/hub/app/help", test_help);
  g_test_add_func ("/hub/app/unknown-option", test_unknown_option);
  return g_test_run ();
}
