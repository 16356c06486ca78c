/* hub-event-log.c — JSON lines of what the hub did
 *
 * Copyright 2026 hubview developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#define G_LOG_DOMAIN "hub-event-log"

#include "hub-event-log.h"

#include <json-glib/json-glib.h>
#include <errno.h>
#include <stdio.h>

struct _HubEventLog
{
  GObject parent_instance;

  FILE *file;
  gint64 start_us;
};

G_DEFINE_FINAL_TYPE (HubEventLog, hub_event_log, G_TYPE_OBJECT)

static JsonBuilder *
begin (HubEventLog *self, const char *event)
{
  JsonBuilder *b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "t_ms");
  json_builder_add_int_value (b, (g_get_monotonic_time () - self->start_us) / 1000);
  json_builder_set_member_name (b, "event");
  json_builder_add_string_value (b, event);
  return b;
}

static void
add_string_or_null (JsonBuilder *b, const char *name, const char *value)
{
  json_builder_set_member_name (b, name);
  if (value != NULL)
    json_builder_add_string_value (b, value);
  else
    json_builder_add_null_value (b);
}

static void
finish (HubEventLog *self, JsonBuilder *b)
{
  g_autoptr (JsonNode) root = NULL;
  g_autofree char *line = NULL;

  json_builder_end_object (b);
  root = json_builder_get_root (b);
  line = json_to_string (root, FALSE);
  fputs (line, self->file);
  fputc ('\n', self->file);
  fflush (self->file);
  g_object_unref (b);
}

HubEventLog *
hub_event_log_new (const char *path, GError **error)
{
  HubEventLog *self = g_object_new (HUB_TYPE_EVENT_LOG, NULL);

  if (path != NULL)
    {
      self->file = fopen (path, "we");
      if (self->file == NULL)
        {
          int saved = errno;

          g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                       "cannot write the event log %s: %s", path, g_strerror (saved));
          g_object_unref (self);
          return NULL;
        }
    }
  return self;
}

void
hub_event_log_state (HubEventLog *self, const char *camera, const char *state, const char *reason)
{
  JsonBuilder *b;

  g_return_if_fail (HUB_IS_EVENT_LOG (self));
  if (self->file == NULL)
    return;
  b = begin (self, "state");
  add_string_or_null (b, "camera", camera);
  add_string_or_null (b, "state", state);
  if (reason != NULL)
    add_string_or_null (b, "reason", reason);
  finish (self, b);
}

void
hub_event_log_view (HubEventLog *self, const char *view, const char *camera)
{
  JsonBuilder *b;

  g_return_if_fail (HUB_IS_EVENT_LOG (self));
  if (self->file == NULL)
    return;
  b = begin (self, "view");
  add_string_or_null (b, "view", view);
  add_string_or_null (b, "camera", camera);
  finish (self, b);
}

void
hub_event_log_frame_painted (HubEventLog *self, const char *view,
                             const HubFrameIdentity *identity)
{
  g_autofree char *nonce = NULL;
  JsonBuilder *b;

  g_return_if_fail (HUB_IS_EVENT_LOG (self));
  g_return_if_fail (identity != NULL);
  if (self->file == NULL)
    return;
  nonce = g_malloc (HUB_NONCE_SIZE * 2 + 1);
  for (guint i = 0; i < HUB_NONCE_SIZE; i++)
    g_snprintf (nonce + 2 * i, 3, "%02x", identity->nonce[i]);
  b = begin (self, "frame-painted");
  add_string_or_null (b, "view", view);
  add_string_or_null (b, "camera", identity->device_id);
  add_string_or_null (b, "nonce", nonce);
  json_builder_set_member_name (b, "counter");
  json_builder_add_int_value (b, (gint64) MIN (identity->counter, (guint64) G_MAXINT64));
  json_builder_set_member_name (b, "capture_time_us");
  json_builder_add_int_value (b, (gint64) MIN (identity->capture_time_us, (guint64) G_MAXINT64));
  finish (self, b);
}

void
hub_event_log_frame_refused (HubEventLog *self, const char *view, const char *camera,
                             const char *refused, const char *tag_device, guint64 counter)
{
  JsonBuilder *b;

  g_return_if_fail (HUB_IS_EVENT_LOG (self));
  if (self->file == NULL)
    return;
  b = begin (self, "frame-refused");
  add_string_or_null (b, "view", view);
  add_string_or_null (b, "camera", camera);
  add_string_or_null (b, "refused", refused);
  add_string_or_null (b, "tag_device", tag_device);
  json_builder_set_member_name (b, "counter");
  json_builder_add_int_value (b, (gint64) MIN (counter, (guint64) G_MAXINT64));
  finish (self, b);
}

void
hub_event_log_note (HubEventLog *self, const char *event, const char *message)
{
  JsonBuilder *b;

  g_return_if_fail (HUB_IS_EVENT_LOG (self));
  if (self->file == NULL)
    return;
  b = begin (self, event);
  add_string_or_null (b, "message", message);
  finish (self, b);
}

static void
hub_event_log_finalize (GObject *object)
{
  HubEventLog *self = HUB_EVENT_LOG (object);

  if (self->file != NULL)
    fclose (self->file);
  G_OBJECT_CLASS (hub_event_log_parent_class)->finalize (object);
}

static void
hub_event_log_class_init (HubEventLogClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = hub_event_log_finalize;
}

static void
hub_event_log_init (HubEventLog *self)
{
  self->start_us = g_get_monotonic_time ();
}
