/* hub-config.c — /etc/hubview/hubview.conf
 *
 * Copyright 2026 hubview developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * A GKeyFile with one group, [hubview], and three optional keys. The file
 * is a conffile of the Debian package: it ships with every key commented
 * out, so that an untouched file changes nothing and GSettings decides.
 */
#define G_LOG_DOMAIN "hub-config"

#include "hub-config.h"


#ifndef HUB_SYSCONFDIR
#define HUB_SYSCONFDIR "/etc"
#endif

/* clang-format off: it reads the domain name as a subtraction and spaces it */
G_DEFINE_QUARK (hub-config-error-quark, hub_config_error)
/* clang-format on */

static const char *const known_keys[] = { "cloud-url", "client-id", "trust-roots-dir" };

char *
hub_config_default_path (void)
{
  const char *env = g_getenv (HUB_CONFIG_ENV);

  if (env != NULL && *env != '\0')
    return g_strdup (env);
  return g_build_filename (HUB_SYSCONFDIR, "hubview", "hubview.conf", NULL);
}

void
hub_config_free (HubConfig *config)
{
  if (config == NULL)
    return;
  g_free (config->path);
  g_free (config->cloud_url);
  g_free (config->client_id);
  g_free (config->trust_roots_dir);
  g_free (config);
}

/* The value of @key, NULL when absent; FALSE with @error when present but
 * empty or not a string. */
static gboolean
get_value (GKeyFile *file, const char *path, const char *key, char **value, GError **error)
{
  g_autoptr (GError) local_error = NULL;
  g_autofree char *string = NULL;

  *value = NULL;
  if (!g_key_file_has_key (file, HUB_CONFIG_GROUP, key, NULL))
    return TRUE;
  string = g_key_file_get_string (file, HUB_CONFIG_GROUP, key, &local_error);
  if (string == NULL)
    {
      g_set_error (error, HUB_CONFIG_ERROR, HUB_CONFIG_ERROR_INVALID, "%s: [%s] %s: %s", path,
                   HUB_CONFIG_GROUP, key, local_error->message);
      return FALSE;
    }
  g_strstrip (string);
  if (*string == '\0')
    {
      g_set_error (error, HUB_CONFIG_ERROR, HUB_CONFIG_ERROR_INVALID,
                   "%s: [%s] %s is empty (comment the line out to use the default)", path,
                   HUB_CONFIG_GROUP, key);
      return FALSE;
    }
  *value = g_steal_pointer (&string);
  return TRUE;
}

static gboolean
check_url (const char *path, const char *url, GError **error)
{
  g_autoptr (GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  const char *scheme = uri ? g_uri_get_scheme (uri) : NULL;

  if (uri == NULL || g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0'
      || (g_strcmp0 (scheme, "https") != 0 && g_strcmp0 (scheme, "http") != 0))
    {
      g_set_error (error, HUB_CONFIG_ERROR, HUB_CONFIG_ERROR_INVALID,
                   "%s: [%s] cloud-url “%s” is not an http or https URL", path,
                   HUB_CONFIG_GROUP, url);
      return FALSE;
    }
  return TRUE;
}

static void
log_unknown (GKeyFile *file, const char *path)
{
  g_auto (GStrv) groups = g_key_file_get_groups (file, NULL);

  for (guint i = 0; groups[i] != NULL; i++)
    {
      g_auto (GStrv) keys = NULL;

      if (!g_str_equal (groups[i], HUB_CONFIG_GROUP))
        {
          g_message ("%s: ignoring unknown group [%s]", path, groups[i]);
          continue;
        }
      keys = g_key_file_get_keys (file, groups[i], NULL, NULL);
      for (guint k = 0; keys != NULL && keys[k] != NULL; k++)
        if (!g_strv_contains (known_keys, keys[k]))
          g_message ("%s: ignoring unknown key %s in [%s]", path, keys[k], HUB_CONFIG_GROUP);
    }
}

gboolean
hub_config_load (const char *path, HubConfig **out, GError **error)
{
  g_autoptr (HubConfig) config = g_new0 (HubConfig, 1);
  g_autoptr (GKeyFile) file = g_key_file_new ();
  g_autoptr (GError) local_error = NULL;

  g_return_val_if_fail (out != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  *out = NULL;
  config->path = path ? g_strdup (path) : hub_config_default_path ();

  if (!g_key_file_load_from_file (file, config->path, G_KEY_FILE_NONE, &local_error))
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        {
          g_debug ("%s: not present, nothing configured there", config->path);
          *out = g_steal_pointer (&config);
          return TRUE;
        }
      g_set_error (error, local_error->domain, local_error->code, "%s: %s", config->path,
                   local_error->message);
      return FALSE;
    }

  log_unknown (file, config->path);
  if (!get_value (file, config->path, "cloud-url", &config->cloud_url, error)
      || !get_value (file, config->path, "client-id", &config->client_id, error)
      || !get_value (file, config->path, "trust-roots-dir", &config->trust_roots_dir, error))
    return FALSE;
  if (config->cloud_url != NULL && !check_url (config->path, config->cloud_url, error))
    return FALSE;
  if (config->trust_roots_dir != NULL && !g_path_is_absolute (config->trust_roots_dir))
    {
      g_set_error (error, HUB_CONFIG_ERROR, HUB_CONFIG_ERROR_INVALID,
                   "%s: [%s] trust-roots-dir “%s” is not an absolute path", config->path,
                   HUB_CONFIG_GROUP, config->trust_roots_dir);
      return FALSE;
    }

  *out = g_steal_pointer (&config);
  return TRUE;
}
