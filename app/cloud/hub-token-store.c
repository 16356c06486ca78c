/* hub-token-store.c — the account's tokens in a 0600 file of the user's state directory
 *
 * Copyright 2026 hubview developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * {"version": 1, "access_token": …, "refresh_token": …, "expires_at_us": …}
 * Nothing here ever logs a token: only the path and what happened.
 */
#define G_LOG_DOMAIN "hub-token-store"

#include "hub-token-store.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <sodium.h>
#include <string.h>
#include <sys/stat.h>

#include "hub-json.h"
#include "hub-cloud-text.h"

#define FILE_VERSION 1
#define FILE_MAX (64 * 1024)

struct _HubTokenStore
{
  GObject parent_instance;

  char *path;
  char *access_token;
  char *refresh_token;
  gint64 expires_at_us;
};

G_DEFINE_FINAL_TYPE (HubTokenStore, hub_token_store, G_TYPE_OBJECT)

enum
{
  SIGNAL_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
forget (HubTokenStore *self)
{
  g_clear_pointer (&self->access_token, hub_secret_free);
  g_clear_pointer (&self->refresh_token, hub_secret_free);
  self->expires_at_us = 0;
}

static void
hub_token_store_finalize (GObject *object)
{
  HubTokenStore *self = HUB_TOKEN_STORE (object);

  forget (self);
  g_free (self->path);

  G_OBJECT_CLASS (hub_token_store_parent_class)->finalize (object);
}

static void
hub_token_store_class_init (HubTokenStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = hub_token_store_finalize;

  signals[SIGNAL_CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
hub_token_store_init (HubTokenStore *self)
{
}

HubTokenStore *
hub_token_store_new (const char *path)
{
  HubTokenStore *self = g_object_new (HUB_TYPE_TOKEN_STORE, NULL);

  self->path = path != NULL
                   ? g_strdup (path)
                   : g_build_filename (g_get_user_state_dir (), "hubview", "tokens.json", NULL);
  return self;
}

static gboolean
invalid_file (HubTokenStore *self, GError **error, const char *why)
{
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
               "The token file %s is damaged (%s); sign in again", self->path, why);
  return FALSE;
}

/* A file that others may read is set back to 0600. */
static void
check_mode (HubTokenStore *self)
{
  GStatBuf st;

  if (g_stat (self->path, &st) != 0 || (st.st_mode & 0077) == 0)
    return;
  g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_WARNING, "FILE", self->path, "MESSAGE",
                    "token file was readable by others file=%s mode=%03o: set to 600", self->path,
                    (guint)(st.st_mode & 0777));
  if (g_chmod (self->path, 0600) != 0)
    g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_WARNING, "FILE", self->path, "MESSAGE",
                      "token file mode not fixed file=%s: %s", self->path, g_strerror (errno));
}

static gboolean
parse (HubTokenStore *self, const char *data, gsize len, GError **error)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) local_error = NULL;
  JsonNode *root;
  JsonObject *object;
  const char *access_token = NULL;
  const char *refresh_token = NULL;
  gint64 version = 0;
  gint64 expires_at = 0;

  if (!hub_json_is_single_value (data, len)
      || !json_parser_load_from_data (parser, data, (gssize)len, NULL))
    return invalid_file (self, error, "not JSON");
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return invalid_file (self, error, "not a JSON object");
  object = json_node_get_object (root);
  if (!hub_json_get_int (object, "version", HUB_JSON_REQUIRED, FILE_VERSION, FILE_VERSION, &version,
                         &local_error)
      || !hub_json_get_string (object, "access_token", HUB_JSON_REQUIRED, 1, HUB_TOKEN_MAX,
                               &access_token, &local_error)
      || !hub_json_get_string (object, "refresh_token", HUB_JSON_OPTIONAL, 1, HUB_TOKEN_MAX,
                               &refresh_token, &local_error)
      || !hub_json_get_int (object, "expires_at_us", HUB_JSON_REQUIRED, 0, G_MAXINT64, &expires_at,
                            &local_error))
    return invalid_file (self, error, local_error->message);
  if (!hub_token_is_valid (access_token)
      || (refresh_token != NULL && !hub_token_is_valid (refresh_token)))
    return invalid_file (self, error, "a token holds characters a token cannot have");

  self->access_token = g_strdup (access_token);
  self->refresh_token = g_strdup (refresh_token);
  self->expires_at_us = expires_at;
  return TRUE;
}

gboolean
hub_token_store_load_from_data (HubTokenStore *self, const char *data, gsize len, GError **error)
{
  gboolean ok;

  g_return_val_if_fail (HUB_IS_TOKEN_STORE (self), FALSE);
  g_return_val_if_fail (data != NULL || len == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  forget (self);
  if (len > FILE_MAX)
    ok = invalid_file (self, error, "too large");
  else
    ok = parse (self, data != NULL ? data : "", len, error);
  if (!ok)
    {
      forget (self);
      g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_WARNING, "FILE", self->path, "MESSAGE",
                        "token file not used file=%s: %s", self->path,
                        error != NULL && *error != NULL ? (*error)->message : "damaged");
    }
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
  return ok;
}

gboolean
hub_token_store_load (HubTokenStore *self, GError **error)
{
  g_autoptr (GError) local_error = NULL;
  char *data = NULL;
  gsize len = 0;
  gboolean ok;

  g_return_val_if_fail (HUB_IS_TOKEN_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  forget (self);
  if (!g_file_get_contents (self->path, &data, &len, &local_error))
    {
      g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return FALSE;
      g_propagate_prefixed_error (error, g_steal_pointer (&local_error),
                                  "Cannot read the token file: ");
      return FALSE;
    }
  check_mode (self);
  ok = hub_token_store_load_from_data (self, data, len, error);
  sodium_memzero (data, len);
  g_free (data);
  return ok;
}

static char *
serialize (HubTokenStore *self, gsize *len)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonGenerator) generator = json_generator_new ();
  g_autoptr (JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, FILE_VERSION);
  json_builder_set_member_name (builder, "access_token");
  json_builder_add_string_value (builder, self->access_token);
  if (self->refresh_token != NULL)
    {
      json_builder_set_member_name (builder, "refresh_token");
      json_builder_add_string_value (builder, self->refresh_token);
    }
  json_builder_set_member_name (builder, "expires_at_us");
  json_builder_add_int_value (builder, self->expires_at_us);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, len);
}

gboolean
hub_token_store_save (HubTokenStore *self, const char *access_token, const char *refresh_token,
                      gint64 expires_at_us, GError **error)
{
  g_autofree char *dir = NULL;
  char *data;
  gsize len = 0;
  gboolean ok;

  g_return_val_if_fail (HUB_IS_TOKEN_STORE (self), FALSE);
  g_return_val_if_fail (hub_token_is_valid (access_token), FALSE);
  g_return_val_if_fail (refresh_token == NULL || hub_token_is_valid (refresh_token), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* The new tokens first: the cloud may already have retired the old ones. */
  if (self->access_token != access_token)
    {
      char *copy = g_strdup (access_token);

      g_clear_pointer (&self->access_token, hub_secret_free);
      self->access_token = copy;
    }
  if (self->refresh_token != refresh_token)
    {
      char *copy = g_strdup (refresh_token);

      g_clear_pointer (&self->refresh_token, hub_secret_free);
      self->refresh_token = copy;
    }
  self->expires_at_us = expires_at_us;
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);

  dir = g_path_get_dirname (self->path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   "Cannot create the directory %s for the token file: %s", dir,
                   g_strerror (saved_errno));
      ok = FALSE;
    }
  else
    {
      data = serialize (self, &len);
      ok = g_file_set_contents_full (self->path, data, (gssize)len,
                                     G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                     0600, error);
      sodium_memzero (data, len);
      g_free (data);
      if (!ok)
        g_prefix_error (error, "Cannot save the tokens: ");
    }
  if (!ok)
    g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_WARNING, "FILE", self->path, "MESSAGE",
                      "tokens kept in memory only file=%s: %s", self->path,
                      error != NULL && *error != NULL ? (*error)->message : "write failed");
  return ok;
}

gboolean
hub_token_store_clear (HubTokenStore *self, GError **error)
{
  g_return_val_if_fail (HUB_IS_TOKEN_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  forget (self);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
  if (g_unlink (self->path) != 0 && errno != ENOENT)
    {
      int saved_errno = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   "Cannot delete the token file %s: %s", self->path, g_strerror (saved_errno));
      return FALSE;
    }
  return TRUE;
}

const char *
hub_token_store_get_access_token (HubTokenStore *self)
{
  g_return_val_if_fail (HUB_IS_TOKEN_STORE (self), NULL);

  return self->access_token;
}

const char *
hub_token_store_get_refresh_token (HubTokenStore *self)
{
  g_return_val_if_fail (HUB_IS_TOKEN_STORE (self), NULL);

  return self->refresh_token;
}

gint64
hub_token_store_get_expires_at (HubTokenStore *self)
{
  g_return_val_if_fail (HUB_IS_TOKEN_STORE (self), 0);

  return self->expires_at_us;
}

gboolean
hub_token_store_has_tokens (HubTokenStore *self)
{
  g_return_val_if_fail (HUB_IS_TOKEN_STORE (self), FALSE);

  return self->access_token != NULL;
}

const char *
hub_token_store_get_path (HubTokenStore *self)
{
  g_return_val_if_fail (HUB_IS_TOKEN_STORE (self), NULL);

  return self->path;
}
