/* fuzz-token.c — libFuzzer target: the token endpoint's reply and the token file
 *
 * The input is read two ways:
 *   1. as the body of a 200 from POST /oauth/token (cloud-api.md), through
 *      hub_token_reply_parse();
 *   2. as the token file on disk, through hub_token_store_load_from_data()
 *      — and, for one input in 64 (chosen by its hash), written to a
 *      file of a temporary directory and read by hub_token_store_load(),
 *      which must come to the same result.
 * Invariants: a parse that succeeds returns TRUE and no error, one that
 * fails FALSE and an error of the documented domain; tokens kept are tokens
 * (1..4096 bytes of visible ASCII), expires_in is within 1 s .. 365 days
 * (3600 when absent), expires_at_us is not negative; a failed load leaves
 * the store empty; every load emits "changed" once.
 *
 * Copyright 2026 hubview developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <glib/gstdio.h>
#include <string.h>

#include "fuzz-glib.h"
#include "hub-cloud-auth-private.h"
#include "hub-token-store.h"

static char *tmp_dir;
static char *tmp_path;
static HubTokenStore *from_data;
static HubTokenStore *from_file;
static guint n_changed;

static void
on_changed (HubTokenStore *store, gpointer user_data)
{
  n_changed++;
}

static void
remove_tmp (void)
{
  g_unlink (tmp_path);
  g_rmdir (tmp_dir);
}

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  fuzz_glib_init ();
  FUZZ_CHECK (sodium_init () >= 0);
  tmp_dir = g_dir_make_tmp ("fuzz-token-XXXXXX", NULL);
  FUZZ_CHECK (tmp_dir != NULL);
  tmp_path = g_build_filename (tmp_dir, "tokens.json", NULL);
  atexit (remove_tmp);
  from_data = hub_token_store_new (tmp_path);
  from_file = hub_token_store_new (tmp_path);
  g_signal_connect (from_data, "changed", G_CALLBACK (on_changed), NULL);
  g_signal_connect (from_file, "changed", G_CALLBACK (on_changed), NULL);
  return 0;
}

static void
check_reply (const uint8_t *data, size_t size)
{
  g_autoptr (JsonParser) parser = NULL;
  g_autoptr (GError) error = NULL;
  HubTokenReply reply;
  JsonObject *object = fuzz_parse_object (data, size, &parser);
  gboolean ok;

  if (object == NULL)
    return;
  memset (&reply, 0xa5, sizeof reply);
  ok = hub_token_reply_parse (object, &reply, &error);
  FUZZ_CHECK_OUTCOME (ok, error);
  if (ok)
    {
      FUZZ_CHECK (fuzz_token_ok (reply.access_token));
      FUZZ_CHECK (reply.refresh_token == NULL || fuzz_token_ok (reply.refresh_token));
      FUZZ_CHECK (reply.expires_in >= 1 && reply.expires_in <= 365 * 86400);
      if (!json_object_has_member (object, "expires_in")
          || JSON_NODE_HOLDS_NULL (json_object_get_member (object, "expires_in")))
        FUZZ_CHECK (reply.expires_in == 3600);
    }
  else
    {
      FUZZ_CHECK (error->domain == HUB_CLOUD_ERROR && error->code == HUB_CLOUD_ERROR_MALFORMED);
      FUZZ_CHECK (reply.access_token == NULL && reply.refresh_token == NULL);
    }
  hub_token_reply_clear (&reply);
  FUZZ_CHECK (reply.access_token == NULL && reply.refresh_token == NULL);
}

static void
check_store (HubTokenStore *store, gboolean ok, const GError *error)
{
  FUZZ_CHECK_OUTCOME (ok, error);
  FUZZ_CHECK (hub_token_store_has_tokens (store) == ok);
  if (ok)
    {
      const char *refresh = hub_token_store_get_refresh_token (store);

      FUZZ_CHECK (fuzz_token_ok (hub_token_store_get_access_token (store)));
      FUZZ_CHECK (refresh == NULL || fuzz_token_ok (refresh));
      FUZZ_CHECK (hub_token_store_get_expires_at (store) >= 0);
    }
  else
    {
      FUZZ_CHECK (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA));
      FUZZ_CHECK (hub_token_store_get_access_token (store) == NULL);
      FUZZ_CHECK (hub_token_store_get_refresh_token (store) == NULL);
      FUZZ_CHECK (hub_token_store_get_expires_at (store) == 0);
    }
}

static void
check_file (const uint8_t *data, size_t size)
{
  g_autoptr (GError) error = NULL;
  gboolean ok;

  n_changed = 0;
  ok = hub_token_store_load_from_data (from_data, (const char *)data, size, &error);
  FUZZ_CHECK (n_changed == 1);
  check_store (from_data, ok, error);

  /* the same bytes as a file on disk */
  if (fuzz_hash (data, size) % 64 == 0)
    {
      g_autoptr (GError) file_error = NULL;
      FILE *f = fopen (tmp_path, "wb");
      gboolean file_ok;

      FUZZ_CHECK (f != NULL);
      FUZZ_CHECK (fwrite (data, 1, size, f) == size);
      FUZZ_CHECK (fclose (f) == 0);
      n_changed = 0;
      file_ok = hub_token_store_load (from_file, &file_error);
      FUZZ_CHECK (n_changed == 1);
      check_store (from_file, file_ok, file_error);
      FUZZ_CHECK (file_ok == ok);
      FUZZ_CHECK (g_strcmp0 (hub_token_store_get_access_token (from_file),
                             hub_token_store_get_access_token (from_data))
                  == 0);
      FUZZ_CHECK (g_strcmp0 (hub_token_store_get_refresh_token (from_file),
                             hub_token_store_get_refresh_token (from_data))
                  == 0);
      FUZZ_CHECK (hub_token_store_get_expires_at (from_file)
                  == hub_token_store_get_expires_at (from_data));
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  check_reply (data, size);
  check_file (data, size);
  return 0;
}
