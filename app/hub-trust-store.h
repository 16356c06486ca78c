/* hub-trust-store.h — the trusted roots, and the certificate check every
 * camera record must pass before it can be played */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define HUB_TYPE_TRUST_STORE (hub_trust_store_get_type ())
G_DECLARE_FINAL_TYPE (HubTrustStore, hub_trust_store, HUB, TRUST_STORE, GObject)

/* The system trust directory of signed-frames.md §4. */
#define HUB_TRUST_ROOTS_DIR "/etc/hubview/trust-roots.d"

HubTrustStore *hub_trust_store_new (void);
/* Adds every *.pub of @dir; FALSE with @error when the directory cannot be
 * read. Files that do not parse are logged (which file) and skipped. */
gboolean hub_trust_store_load_dir (HubTrustStore *self, const char *dir, GError **error);
/* The simulator's demo root (its private key is public): demo mode only. */
void hub_trust_store_add_demo_root (HubTrustStore *self);
/* One root public key (32 bytes, Ed25519), e.g. a test root. */
void hub_trust_store_add_root (HubTrustStore *self, const guint8 *public_key);
guint hub_trust_store_get_n_roots (HubTrustStore *self);
/* Removes one root (32 bytes); emits "changed" when it was there. */
void hub_trust_store_remove_root (HubTrustStore *self, const guint8 *public_key);
/* Watches @dir (the one load_dir read): whenever a file in it comes, goes or
 * changes, the roots are read again (the demo root kept when it was added)
 * and "changed" is emitted, so that a root removed from the directory stops
 * being trusted at once (signed-frames §6.5).
 *
 * Signal "changed" (no arguments): the set of roots may differ; whoever
 * verified a certificate with this store verifies it again. */
void hub_trust_store_watch_dir (HubTrustStore *self, const char *dir);

/* Verifies a record's base64 certificate against the roots, at the current
 * time, for @device_id. On success stores the device public key (32 bytes)
 * and returns TRUE; otherwise returns FALSE with a reason a person can read
 * in @reason ("certificate expired", "issued by an untrusted root", …). */
gboolean hub_trust_store_verify (HubTrustStore *self, const char *certificate_b64,
                                 const char *device_id, guint8 *public_key, char **reason);
/* The same at @now (seconds since the epoch), for tests. */
gboolean hub_trust_store_verify_at (HubTrustStore *self, const char *certificate_b64,
                                    const char *device_id, gint64 now, guint8 *public_key,
                                    char **reason);

G_END_DECLS
