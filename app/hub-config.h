/* hub-config.h — /etc/hubview/hubview.conf, the settings a person edits on
 * the device: cloud-url, client-id and trust-roots-dir of group [hubview]
 *
 * Precedence: a command-line option, then this file, then GSettings.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The group of the keyfile. */
#define HUB_CONFIG_GROUP "hubview"
/* Overrides the path of the file (tests, a second hub on one machine). */
#define HUB_CONFIG_ENV "HUBVIEW_CONFIG"

#define HUB_CONFIG_ERROR (hub_config_error_quark ())

typedef enum
{
  HUB_CONFIG_ERROR_INVALID, /* a key holds a value that is not allowed */
} HubConfigError;

GQuark hub_config_error_quark (void);

/* What the file sets. A member is NULL when the file does not set it (the
 * key is absent or commented out); then GSettings decides. */
typedef struct
{
  char *path;            /* the file that was read (or would have been) */
  char *cloud_url;       /* cloud-url */
  char *client_id;       /* client-id */
  char *trust_roots_dir; /* trust-roots-dir */
} HubConfig;

/* The file to read: $HUBVIEW_CONFIG when set and not empty, else
 * SYSCONFDIR "/hubview/hubview.conf". */
char *hub_config_default_path (void);

/* Reads @path (NULL: hub_config_default_path ()). A missing file is not an
 * error: TRUE and a HubConfig whose values are all NULL. A file that cannot
 * be read or parsed, or that holds an empty value or a cloud-url that is not
 * an http(s) URL, returns FALSE with @error naming the file (and the key)
 * and leaves *@out NULL. Unknown keys and groups are ignored (logged). */
gboolean hub_config_load (const char *path, HubConfig **out, GError **error);

void hub_config_free (HubConfig *config);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HubConfig, hub_config_free)

G_END_DECLS
