/* hub-test-log.c — capture every log line of a test program
 *
 * Copyright 2026 hubview developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "hub-test-log.h"

#include <string.h>

static GMutex lock;
static GPtrArray *lines;

static const char *
level_name (GLogLevelFlags level)
{
  if (level & G_LOG_LEVEL_ERROR)
    return "ERROR";
  if (level & G_LOG_LEVEL_CRITICAL)
    return "CRITICAL";
  if (level & G_LOG_LEVEL_WARNING)
    return "WARNING";
  if (level & G_LOG_LEVEL_MESSAGE)
    return "MESSAGE";
  if (level & G_LOG_LEVEL_INFO)
    return "INFO";
  return "DEBUG";
}

static GLogWriterOutput
writer (GLogLevelFlags level, const GLogField *fields, gsize n_fields, gpointer user_data)
{
  GString *line = g_string_new (level_name (level));
  const char *message = NULL;
  gssize message_len = -1;

  for (gsize i = 0; i < n_fields; i++)
    {
      const char *key = fields[i].key;

      if (g_str_equal (key, "MESSAGE"))
        {
          message = fields[i].value;
          message_len = fields[i].length;
          continue;
        }
      if (!g_str_equal (key, "GLIB_DOMAIN") && !g_str_equal (key, "CAMERA")
          && !g_str_equal (key, "FILE"))
        continue;
      g_string_append_printf (line, " %s=", g_str_equal (key, "GLIB_DOMAIN") ? "DOMAIN" : key);
      if (fields[i].length < 0)
        g_string_append (line, fields[i].value);
      else
        g_string_append_len (line, fields[i].value, fields[i].length);
    }
  g_string_append_c (line, ' ');
  if (message != NULL && message_len < 0)
    g_string_append (line, message);
  else if (message != NULL)
    g_string_append_len (line, message, message_len);

  if (g_strcmp0 (g_getenv ("HUB_TEST_LOG"), "1") == 0)
    g_printerr ("# %s\n", line->str);
  g_mutex_lock (&lock);
  g_ptr_array_add (lines, g_string_free (line, FALSE));
  g_mutex_unlock (&lock);
  return G_LOG_WRITER_HANDLED;
}

void
hub_test_log_capture (void)
{
  lines = g_ptr_array_new_with_free_func (g_free);
  g_log_set_writer_func (writer, NULL, NULL);
}

void
hub_test_log_reset (void)
{
  g_mutex_lock (&lock);
  g_ptr_array_set_size (lines, 0);
  g_mutex_unlock (&lock);
}

char *
hub_test_log_dump (void)
{
  GString *out = g_string_new (NULL);

  g_mutex_lock (&lock);
  for (guint i = 0; i < lines->len; i++)
    g_string_append_printf (out, "%s\n", (const char *)g_ptr_array_index (lines, i));
  g_mutex_unlock (&lock);
  return g_string_free (out, FALSE);
}

guint
hub_test_log_count (const char *needle)
{
  guint n = 0;

  g_mutex_lock (&lock);
  for (guint i = 0; i < lines->len; i++)
    n += strstr (g_ptr_array_index (lines, i), needle) != NULL;
  g_mutex_unlock (&lock);
  return n;
}

gboolean
hub_test_log_contains (const char *needle)
{
  return hub_test_log_count (needle) > 0;
}

void
hub_test_log_assert_none_of (GPtrArray *secrets)
{
  for (guint i = 0; secrets != NULL && i < secrets->len; i++)
    {
      const char *secret = g_ptr_array_index (secrets, i);

      g_assert_cmpuint (strlen (secret), >=, 8);
      if (hub_test_log_contains (secret))
        {
          g_autofree char *dump = hub_test_log_dump ();

          g_printerr ("# a secret reached the log:\n%s", dump);
          g_assert_not_reached ();
        }
    }
}
