/* hub-test-support.c — small helpers shared by the test programs */
#include "hub-test-support.h"

#include "hub-device-cert.h"

char *
hub_test_data_path (const char *name)
{
  const char *dir = g_getenv ("HUB_TEST_DATA");

  g_assert_nonnull (dir);
  return g_build_filename (dir, name, NULL);
}

GBytes *
hub_test_load_data (const char *name)
{
  g_autofree char *path = hub_test_data_path (name);
  g_autoptr (GError) error = NULL;
  char *contents = NULL;
  gsize len = 0;

  g_file_get_contents (path, &contents, &len, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (contents, len);
}

JsonNode *
hub_test_load_json (const char *name)
{
  g_autofree char *path = hub_test_data_path (name);
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

guint8 *
hub_test_hex (const char *hex, gsize *len)
{
  gsize n = strlen (hex);
  guint8 *out;

  g_assert_cmpuint (n % 2, ==, 0);
  out = g_malloc (n / 2 + 1);
  g_assert_true (hub_hex_decode (hex, out, n / 2));
  *len = n / 2;
  return out;
}

char *
hub_test_build_path (const char *relative)
{
  const char *root = g_getenv ("HUB_BUILD_ROOT");

  g_assert_nonnull (root);
  return g_build_filename (root, relative, NULL);
}
