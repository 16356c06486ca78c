/* hub-stream-lease.c — one camera's stream lease: open, extend ahead of expiry, reopen, close
 *
 * Copyright 2026 hubview developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#define G_LOG_DOMAIN "hub-stream-lease"

#include "hub-stream-lease.h"

#include "hub-timeout.h"
#include "hub-cloud-request-private.h"

struct _HubStreamLease
{
  GObject parent_instance;

  HubCloudClient *client;
  char *camera_id;
  GMainContext *context;

  gboolean active;     /* opened and not closed */
  HubStreamInfo *info; /* NULL while no stream is open */
  GCancellable *cancellable;
  GSource *timer; /* the next extension, or the next try to open */
  guint open_failures;
  guint extend_failures;
};

G_DEFINE_FINAL_TYPE (HubStreamLease, hub_stream_lease, G_TYPE_OBJECT)

enum
{
  SIGNAL_OPENED,
  SIGNAL_EXTENDED,
  SIGNAL_FAILED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void start_open (HubStreamLease *self);

static void log_lease (HubStreamLease *self, GLogLevelFlags level, const char *format, ...)
    G_GNUC_PRINTF (3, 4);

static void
log_lease (HubStreamLease *self, GLogLevelFlags level, const char *format, ...)
{
  g_autofree char *text = NULL;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  g_log_structured (G_LOG_DOMAIN, level, "CAMERA", self->camera_id, "MESSAGE", "%s camera=%s", text,
                    self->camera_id);
}

/* The callbacks hold the lease weakly: a lease dropped meanwhile is left alone. */
static GWeakRef *
weak_new (HubStreamLease *self)
{
  GWeakRef *weak = g_new0 (GWeakRef, 1);

  g_weak_ref_init (weak, self);
  return weak;
}

static HubStreamLease *
weak_take (GWeakRef *weak)
{
  HubStreamLease *self = g_weak_ref_get (weak);

  g_weak_ref_clear (weak);
  g_free (weak);
  return self;
}

static void
stop_pending (HubStreamLease *self)
{
  hub_source_clear (&self->timer);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
}

/* Stops trying: the error is one that waiting will not mend. */
static gboolean
is_final (const GError *error)
{
  return g_error_matches (error, HUB_CLOUD_ERROR, HUB_CLOUD_ERROR_NOT_FOUND)
         || g_error_matches (error, HUB_CLOUD_ERROR, HUB_CLOUD_ERROR_PERMISSION_DENIED)
         || g_error_matches (error, HUB_CLOUD_ERROR, HUB_CLOUD_ERROR_UNAUTHENTICATED)
         || g_error_matches (error, HUB_CLOUD_ERROR, HUB_CLOUD_ERROR_SIGNED_OUT)
         || g_error_matches (error, HUB_CLOUD_ERROR, HUB_CLOUD_ERROR_INVALID_ARGUMENT);
}

static void
close_current (HubStreamLease *self)
{
  if (self->info == NULL)
    return;
  hub_cloud_client_close_stream (self->client, self->info);
  g_clear_pointer (&self->info, hub_stream_info_free);
}

static gboolean
on_open_timer (gpointer user_data)
{
  HubStreamLease *self = HUB_STREAM_LEASE (user_data);

  hub_source_clear (&self->timer);
  start_open (self);
  return G_SOURCE_REMOVE;
}

static gboolean on_extend_timer (gpointer user_data);

static void
schedule (HubStreamLease *self, gint64 delay_ms, GSourceFunc func)
{
  hub_source_clear (&self->timer);
  self->timer = hub_timeout_source_attach (self->context, (guint)CLAMP (delay_ms, 0, G_MAXINT32),
                                           func, self);
}

/* At expiresAt − 30 s; halfway to expiresAt when less than 31 s are left. */
static void
schedule_extension (HubStreamLease *self)
{
  gint64 remaining_ms = (self->info->expires_at_us - g_get_real_time ()) / 1000;
  gint64 ahead_ms = (gint64)HUB_STREAM_LEASE_EXTEND_AHEAD_S * 1000;

  if (remaining_ms > ahead_ms + 1000)
    schedule (self, remaining_ms - ahead_ms, on_extend_timer);
  else
    schedule (self, MAX (remaining_ms / 2, 0), on_extend_timer);
}

static void
on_opened (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (HubStreamLease) self = weak_take (user_data);
  g_autoptr (GError) error = NULL;
  HubStreamInfo *info
      = hub_cloud_client_open_stream_finish (HUB_CLOUD_CLIENT (source), result, &error);

  if (info == NULL && (self == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)))
    return;
  if (self == NULL)
    {
      /* Dropped while opening: give the stream back at once. */
      hub_cloud_client_close_stream (HUB_CLOUD_CLIENT (source), info);
      hub_stream_info_free (info);
      return;
    }
  g_clear_object (&self->cancellable);
  if (info == NULL)
    {
      gboolean final = is_final (error);

      log_lease (self, G_LOG_LEVEL_MESSAGE, "opening the stream failed%s: %s",
                 final ? "" : ", will try again", error->message);
      if (final)
        self->active = FALSE;
      else
        schedule (
            self,
            MAX (hub_cloud_backoff_delay_ms (self->open_failures++ + 1, g_random_double ()), 1000),
            on_open_timer);
      g_signal_emit (self, signals[SIGNAL_FAILED], 0, error);
      return;
    }
  self->info = info;
  self->open_failures = 0;
  self->extend_failures = 0;
  schedule_extension (self);
  log_lease (self, G_LOG_LEVEL_INFO, "stream opened");
  g_signal_emit (self, signals[SIGNAL_OPENED], 0, self->info);
}

static void
start_open (HubStreamLease *self)
{
  stop_pending (self);
  close_current (self);
  self->cancellable = g_cancellable_new ();
  hub_cloud_client_open_stream_async (self->client, self->camera_id, self->cancellable, on_opened,
                                      weak_new (self));
}

static void
on_extended (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (HubStreamLease) self = weak_take (user_data);
  g_autoptr (GError) error = NULL;
  HubStreamInfo *info
      = hub_cloud_client_extend_stream_finish (HUB_CLOUD_CLIENT (source), result, &error);

  if (self == NULL || (info == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)))
    {
      g_clear_pointer (&info, hub_stream_info_free);
      return;
    }
  g_clear_object (&self->cancellable);
  if (info != NULL)
    {
      hub_stream_info_free (self->info);
      self->info = info;
      self->extend_failures = 0;
      schedule_extension (self);
      log_lease (self, G_LOG_LEVEL_INFO, "stream extended");
      g_signal_emit (self, signals[SIGNAL_EXTENDED], 0, self->info);
      return;
    }
  if (g_error_matches (error, HUB_CLOUD_ERROR, HUB_CLOUD_ERROR_FAILED_PRECONDITION))
    {
      log_lease (self, G_LOG_LEVEL_MESSAGE, "the stream cannot be extended, opening a new one: %s",
                 error->message);
      start_open (self);
      return;
    }
  if (is_final (error))
    {
      log_lease (self, G_LOG_LEVEL_MESSAGE, "extending the stream failed for good: %s",
                 error->message);
      self->active = FALSE;
      g_clear_pointer (&self->info, hub_stream_info_free);
      g_signal_emit (self, signals[SIGNAL_FAILED], 0, error);
      return;
    }
  self->extend_failures++;
  if (self->extend_failures >= HUB_STREAM_LEASE_EXTEND_TRIES)
    {
      log_lease (self, G_LOG_LEVEL_MESSAGE,
                 "extending the stream failed %u times, opening a new one: %s",
                 self->extend_failures, error->message);
      start_open (self);
      return;
    }
  log_lease (self, G_LOG_LEVEL_MESSAGE, "extending the stream failed (try %u of %d): %s",
             self->extend_failures, HUB_STREAM_LEASE_EXTEND_TRIES, error->message);
  schedule (self, HUB_STREAM_LEASE_EXTEND_RETRY_S * 1000, on_extend_timer);
}

static gboolean
on_extend_timer (gpointer user_data)
{
  HubStreamLease *self = HUB_STREAM_LEASE (user_data);

  hub_source_clear (&self->timer);
  if (self->info == NULL)
    return G_SOURCE_REMOVE;
  self->cancellable = g_cancellable_new ();
  hub_cloud_client_extend_stream_async (self->client, self->info, self->cancellable, on_extended,
                                        weak_new (self));
  return G_SOURCE_REMOVE;
}

HubStreamLease *
hub_stream_lease_new (HubCloudClient *client, const char *camera_id)
{
  HubStreamLease *self;

  g_return_val_if_fail (HUB_IS_CLOUD_CLIENT (client), NULL);
  g_return_val_if_fail (camera_id != NULL, NULL);

  self = g_object_new (HUB_TYPE_STREAM_LEASE, NULL);
  self->client = g_object_ref (client);
  self->camera_id = g_strdup (camera_id);
  self->context = g_main_context_ref_thread_default ();
  return self;
}

void
hub_stream_lease_open (HubStreamLease *self)
{
  g_return_if_fail (HUB_IS_STREAM_LEASE (self));

  if (self->active)
    return;
  self->active = TRUE;
  self->open_failures = 0;
  start_open (self);
}

void
hub_stream_lease_reopen (HubStreamLease *self)
{
  g_return_if_fail (HUB_IS_STREAM_LEASE (self));

  log_lease (self, G_LOG_LEVEL_MESSAGE, "opening a new stream on request");
  self->active = TRUE;
  self->open_failures = 0;
  start_open (self);
}

void
hub_stream_lease_close (HubStreamLease *self)
{
  g_return_if_fail (HUB_IS_STREAM_LEASE (self));

  self->active = FALSE;
  stop_pending (self);
  close_current (self);
}

const HubStreamInfo *
hub_stream_lease_get_info (HubStreamLease *self)
{
  g_return_val_if_fail (HUB_IS_STREAM_LEASE (self), NULL);

  return self->info;
}

const char *
hub_stream_lease_get_camera_id (HubStreamLease *self)
{
  g_return_val_if_fail (HUB_IS_STREAM_LEASE (self), NULL);

  return self->camera_id;
}

static void
hub_stream_lease_dispose (GObject *object)
{
  HubStreamLease *self = HUB_STREAM_LEASE (object);

  if (self->client != NULL)
    hub_stream_lease_close (self);
  g_clear_object (&self->client);

  G_OBJECT_CLASS (hub_stream_lease_parent_class)->dispose (object);
}

static void
hub_stream_lease_finalize (GObject *object)
{
  HubStreamLease *self = HUB_STREAM_LEASE (object);

  g_free (self->camera_id);
  g_clear_pointer (&self->context, g_main_context_unref);

  G_OBJECT_CLASS (hub_stream_lease_parent_class)->finalize (object);
}

static void
hub_stream_lease_class_init (HubStreamLeaseClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = hub_stream_lease_dispose;
  object_class->finalize = hub_stream_lease_finalize;

  /* (HubStreamInfo *): a new session — new nonce, new URL: build a new pipeline */
  signals[SIGNAL_OPENED]
      = g_signal_new ("opened", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                      G_TYPE_NONE, 1, HUB_TYPE_STREAM_INFO | G_SIGNAL_TYPE_STATIC_SCOPE);
  /* (HubStreamInfo *): the same session, a new URL for the next reconnection */
  signals[SIGNAL_EXTENDED]
      = g_signal_new ("extended", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                      G_TYPE_NONE, 1, HUB_TYPE_STREAM_INFO | G_SIGNAL_TYPE_STATIC_SCOPE);
  /* (GError *): opening failed after retries; the lease tries again on its
   * own with backoff unless the error is NOT_FOUND, PERMISSION_DENIED,
   * UNAUTHENTICATED, SIGNED_OUT or INVALID_ARGUMENT */
  signals[SIGNAL_FAILED] = g_signal_new ("failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                         NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
hub_stream_lease_init (HubStreamLease *self)
{
}
