/* hub-token-store.h — the account's tokens, in one file of the user's state
 * directory readable by the kiosk user alone (0600). Never logged. */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define HUB_TYPE_TOKEN_STORE (hub_token_store_get_type ())
G_DECLARE_FINAL_TYPE (HubTokenStore, hub_token_store, HUB, TOKEN_STORE, GObject)

/* @path: the file (NULL: $XDG_STATE_HOME/hubview/tokens.json).
 * Signal "changed" (): the tokens were loaded, saved or cleared. */
HubTokenStore *hub_token_store_new (const char *path);
/* Reads the file; FALSE (no error) when there is none; an unreadable or
 * malformed file is an error (G_IO_ERROR_INVALID_DATA or a GFileError) and
 * leaves the store empty (the file itself is left alone). A file that
 * others could read is set back to 0600. */
gboolean hub_token_store_load (HubTokenStore *self, GError **error);
/* The same from the file's contents (@len bytes, need not be
 * NUL-terminated): the tokens, or an error naming the store's path. */
gboolean hub_token_store_load_from_data (HubTokenStore *self, const char *data, gsize len,
                                         GError **error);
/* Writes atomically (a temporary file created 0600 in the same directory,
 * synced, renamed over the old one; the directory is created 0700). The
 * tokens are kept in memory even when the write fails — the cloud may
 * already have retired the old ones — and the old file is left as it was.
 * @refresh_token may be NULL (none). */
gboolean hub_token_store_save (HubTokenStore *self, const char *access_token,
                               const char *refresh_token, gint64 expires_at_us, GError **error);
/* Forgets the tokens and deletes the file. */
gboolean hub_token_store_clear (HubTokenStore *self, GError **error);

const char *hub_token_store_get_access_token (HubTokenStore *self);
const char *hub_token_store_get_refresh_token (HubTokenStore *self);
/* real time (µs) the access token expires */
gint64 hub_token_store_get_expires_at (HubTokenStore *self);
gboolean hub_token_store_has_tokens (HubTokenStore *self);
const char *hub_token_store_get_path (HubTokenStore *self);

G_END_DECLS
