/* hub-trust-store.c — trusted roots and the check of a camera's certificate
 *
 * Copyright 2026 hubview developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * A thin GObject over the provenance core's HubTrustRoots and
 * hub_device_cert_verify (signed-frames.md §4), with reasons a person can
 * read for the locked tile of an untrusted camera.
 */
#define G_LOG_DOMAIN "hub-trust-store"

#include "hub-trust-store.h"

#include <string.h>

#include "hub-device-cert.h"

/* tests/data/keys.json root.public_b64: the demo root of hubview-sim. Its
 * private key is public, so it is trusted in demo mode only. */
#define HUB_DEMO_ROOT_B64 "ZA6Wmy9+N2EcOKI7Q6DX1l19+vIx8sEbvHQazauim58="

struct _HubTrustStore
{
  GObject parent_instance;

  HubTrustRoots roots;
  gboolean demo;         /* the demo root was added: kept across reloads */
  char *watched_dir;     /* reloaded when it changes */
  GFileMonitor *monitor;
};

enum
{
  SIGNAL_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (HubTrustStore, hub_trust_store, G_TYPE_OBJECT)

static void
hub_trust_store_dispose (GObject *object)
{
  HubTrustStore *self = HUB_TRUST_STORE (object);

  if (self->monitor != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->monitor, self);
      g_file_monitor_cancel (self->monitor);
    }
  g_clear_object (&self->monitor);
  G_OBJECT_CLASS (hub_trust_store_parent_class)->dispose (object);
}

static void
hub_trust_store_finalize (GObject *object)
{
  HubTrustStore *self = HUB_TRUST_STORE (object);

  hub_trust_roots_clear (&self->roots);
  g_free (self->watched_dir);

  G_OBJECT_CLASS (hub_trust_store_parent_class)->finalize (object);
}

static void
hub_trust_store_class_init (HubTrustStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = hub_trust_store_dispose;
  G_OBJECT_CLASS (klass)->finalize = hub_trust_store_finalize;

  signals[SIGNAL_CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
hub_trust_store_init (HubTrustStore *self)
{
  hub_trust_roots_init (&self->roots);
}

HubTrustStore *
hub_trust_store_new (void)
{
  return g_object_new (HUB_TYPE_TRUST_STORE, NULL);
}

static int
compare_names (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *)a, *(const char *const *)b);
}

gboolean
hub_trust_store_load_dir (HubTrustStore *self, const char *dir, GError **error)
{
  g_autoptr (GDir) d = NULL;
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;
  guint added = 0;

  g_return_val_if_fail (HUB_IS_TRUST_STORE (self), FALSE);
  g_return_val_if_fail (dir != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  d = g_dir_open (dir, 0, error);
  if (d == NULL)
    {
      g_prefix_error (error, "Cannot read the trust roots: ");
      return FALSE;
    }
  while ((name = g_dir_read_name (d)) != NULL)
    {
      if (name[0] != '.' && g_str_has_suffix (name, ".pub") && strlen (name) > 4)
        g_ptr_array_add (names, g_strdup (name));
    }
  g_ptr_array_sort (names, compare_names);

  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_build_filename (dir, g_ptr_array_index (names, i), NULL);
      char err[512];

      if (hub_trust_roots_add_file (&self->roots, path, err, sizeof err))
        {
          added++;
          continue;
        }
      g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_WARNING, "FILE", path, "MESSAGE",
                        "trust root skipped file=%s: %s", path, err);
    }
  g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_INFO, "MESSAGE",
                    "trust roots loaded dir=%s added=%u skipped=%u", dir, added,
                    names->len - added);
  return TRUE;
}

void
hub_trust_store_add_demo_root (HubTrustStore *self)
{
  g_return_if_fail (HUB_IS_TRUST_STORE (self));

  if (!hub_trust_roots_add_base64 (&self->roots, HUB_DEMO_ROOT_B64))
    g_assert_not_reached ();
  self->demo = TRUE;
  g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_MESSAGE, "MESSAGE",
                    "demo mode: trusting the public demo root of hubview-sim");
}

void
hub_trust_store_add_root (HubTrustStore *self, const guint8 *public_key)
{
  g_return_if_fail (HUB_IS_TRUST_STORE (self));
  g_return_if_fail (public_key != NULL);

  hub_trust_roots_add (&self->roots, public_key);
}

void
hub_trust_store_remove_root (HubTrustStore *self, const guint8 *public_key)
{
  gsize kept = 0;

  g_return_if_fail (HUB_IS_TRUST_STORE (self));
  g_return_if_fail (public_key != NULL);

  for (gsize i = 0; i < self->roots.n_roots; i++)
    if (memcmp (self->roots.roots[i], public_key, HUB_PUBLIC_KEY_SIZE) != 0)
      memmove (self->roots.roots[kept++], self->roots.roots[i], HUB_PUBLIC_KEY_SIZE);
  if (kept == self->roots.n_roots)
    return;
  self->roots.n_roots = kept;
  g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_MESSAGE, "MESSAGE",
                    "trust root removed: %" G_GSIZE_FORMAT " left", kept);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

static void
reload (HubTrustStore *self)
{
  g_autoptr (GError) error = NULL;

  hub_trust_roots_clear (&self->roots);
  hub_trust_roots_init (&self->roots);
  if (self->demo && !hub_trust_roots_add_base64 (&self->roots, HUB_DEMO_ROOT_B64))
    g_assert_not_reached ();
  if (!hub_trust_store_load_dir (self, self->watched_dir, &error))
    g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_WARNING, "MESSAGE", "trust roots reloaded: %s",
                      error->message);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

static void
on_dir_changed (GFileMonitor *monitor, GFile *file, GFile *other, GFileMonitorEvent event,
                gpointer user_data)
{
  switch (event)
    {
    case G_FILE_MONITOR_EVENT_CHANGES_DONE_HINT:
    case G_FILE_MONITOR_EVENT_DELETED:
    case G_FILE_MONITOR_EVENT_CREATED:
    case G_FILE_MONITOR_EVENT_MOVED_IN:
    case G_FILE_MONITOR_EVENT_MOVED_OUT:
    case G_FILE_MONITOR_EVENT_RENAMED:
      reload (HUB_TRUST_STORE (user_data));
      break;
    default:
      break;
    }
}

void
hub_trust_store_watch_dir (HubTrustStore *self, const char *dir)
{
  g_autoptr (GFile) file = NULL;
  g_autoptr (GError) error = NULL;

  g_return_if_fail (HUB_IS_TRUST_STORE (self));
  g_return_if_fail (dir != NULL);

  g_free (self->watched_dir);
  self->watched_dir = g_strdup (dir);
  if (self->monitor != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->monitor, self);
      g_file_monitor_cancel (self->monitor);
      g_clear_object (&self->monitor);
    }
  file = g_file_new_for_path (dir);
  self->monitor = g_file_monitor_directory (file, G_FILE_MONITOR_WATCH_MOVES, NULL, &error);
  if (self->monitor == NULL)
    {
      g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_WARNING, "MESSAGE",
                        "trust roots not watched dir=%s: %s", dir, error->message);
      return;
    }
  g_signal_connect (self->monitor, "changed", G_CALLBACK (on_dir_changed), self);
}

guint
hub_trust_store_get_n_roots (HubTrustStore *self)
{
  g_return_val_if_fail (HUB_IS_TRUST_STORE (self), 0);

  return (guint)self->roots.n_roots;
}

static char *
format_date (guint64 seconds)
{
  g_autoptr (GDateTime) date
      = g_date_time_new_from_unix_utc ((gint64)MIN (seconds, (guint64)253402300799));

  return date != NULL ? g_date_time_format (date, "%Y-%m-%d") : g_strdup ("?");
}

static char *
describe_failure (HubTrustStore *self, HubCertResult result, const HubDeviceCert *cert)
{
  switch (result)
    {
    case HUB_CERT_MALFORMED:
      return g_strdup ("Its certificate is damaged or is not a device certificate");
    case HUB_CERT_UNKNOWN_ISSUER:
      if (self->roots.n_roots == 0)
        return g_strdup ("This hub trusts no certificate roots, so no camera can be verified");
      return g_strdup ("Its certificate was issued by a root this hub does not trust");
    case HUB_CERT_BAD_SIGNATURE:
      return g_strdup ("Its certificate carries a signature that does not verify");
    case HUB_CERT_NOT_YET_VALID:
      {
        g_autofree char *date = format_date (cert->not_before);

        return g_strdup_printf ("Its certificate is not valid before %s", date);
      }
    case HUB_CERT_EXPIRED:
      {
        g_autofree char *date = format_date (cert->not_after);

        return g_strdup_printf ("Its certificate expired on %s", date);
      }
    case HUB_CERT_WRONG_DEVICE:
      {
        g_autofree char *other = g_strescape (cert->device_id, NULL);

        return g_strdup_printf ("Its certificate belongs to another camera (“%s”)", other);
      }
    case HUB_CERT_OK:
    default:
      return g_strdup (hub_cert_result_to_string (result));
    }
}

gboolean
hub_trust_store_verify_at (HubTrustStore *self, const char *certificate_b64, const char *device_id,
                           gint64 now, guint8 *public_key, char **reason)
{
  HubDeviceCert cert;
  HubCertResult result;

  g_return_val_if_fail (HUB_IS_TRUST_STORE (self), FALSE);
  g_return_val_if_fail (certificate_b64 != NULL, FALSE);
  g_return_val_if_fail (device_id != NULL, FALSE);
  g_return_val_if_fail (reason == NULL || *reason == NULL, FALSE);

  memset (&cert, 0, sizeof cert);
  if (!hub_device_cert_decode_base64 (certificate_b64, &cert))
    result = HUB_CERT_MALFORMED;
  else
    result = hub_device_cert_verify (&cert, &self->roots, (uint64_t)MAX (now, 0), device_id);

  if (result != HUB_CERT_OK)
    {
      if (reason != NULL)
        *reason = describe_failure (self, result, &cert);
      return FALSE;
    }
  if (public_key != NULL)
    memcpy (public_key, cert.public_key, HUB_PUBLIC_KEY_SIZE);
  return TRUE;
}

gboolean
hub_trust_store_verify (HubTrustStore *self, const char *certificate_b64, const char *device_id,
                        guint8 *public_key, char **reason)
{
  return hub_trust_store_verify_at (self, certificate_b64, device_id,
                                    g_get_real_time () / G_USEC_PER_SEC, public_key, reason);
}
