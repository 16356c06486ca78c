/* hub-app-util.c — checked JSON members and timers on a given main context
 *
 * Copyright 2026 hubview developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "hub-app-private.h"

#include <string.h>

#include "hub-cloud-error.h"

const char *
hub_json_node_describe (JsonNode *node)
{
  if (node == NULL)
    return "missing";
  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      return "an object";
    case JSON_NODE_ARRAY:
      return "an array";
    case JSON_NODE_NULL:
      return "null";
    case JSON_NODE_VALUE:
      {
        GType type = json_node_get_value_type (node);

        if (type == G_TYPE_STRING)
          return "a string";
        if (type == G_TYPE_BOOLEAN)
          return "a boolean";
        if (type == G_TYPE_INT64)
          return "a whole number";
        if (type == G_TYPE_DOUBLE)
          return "a fractional number";
        return "a value";
      }
    default:
      return "something else";
    }
}

/* The member, NULL when absent or null (then an error if required). */
static JsonNode *
get_member (JsonObject *object, const char *name, HubJsonFlags flags, const char *expected,
            gboolean *ok, GError **error)
{
  JsonNode *node = json_object_get_member (object, name);

  *ok = TRUE;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (flags & HUB_JSON_REQUIRED)
        {
          g_set_error (error, HUB_CLOUD_ERROR, HUB_CLOUD_ERROR_MALFORMED, "“%s” is %s, expected %s",
                       name, node == NULL ? "missing" : "null", expected);
          *ok = FALSE;
        }
      return NULL;
    }
  return node;
}

static gboolean
wrong_type (JsonNode *node, const char *name, const char *expected, GError **error)
{
  g_set_error (error, HUB_CLOUD_ERROR, HUB_CLOUD_ERROR_MALFORMED, "“%s” is %s, expected %s", name,
               hub_json_node_describe (node), expected);
  return FALSE;
}

static gboolean
holds (JsonNode *node, GType type)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == type;
}

gboolean
hub_json_get_string (JsonObject *object, const char *name, HubJsonFlags flags, gsize min_len,
                     gsize max_len, const char **out, GError **error)
{
  gboolean ok;
  JsonNode *node = get_member (object, name, flags, "a string", &ok, error);
  const char *value;
  gsize len;

  if (node == NULL)
    return ok;
  if (!holds (node, G_TYPE_STRING))
    return wrong_type (node, name, "a string", error);
  value = json_node_get_string (node);
  len = strlen (value);
  if (len < min_len || len > max_len)
    {
      if (len == 0)
        g_set_error (error, HUB_CLOUD_ERROR, HUB_CLOUD_ERROR_MALFORMED, "“%s” is empty", name);
      else
        g_set_error (error, HUB_CLOUD_ERROR, HUB_CLOUD_ERROR_MALFORMED,
                     "“%s” is %" G_GSIZE_FORMAT " bytes long, expected %" G_GSIZE_FORMAT
                     " to %" G_GSIZE_FORMAT,
                     name, len, min_len, max_len);
      return FALSE;
    }
  if (!g_utf8_validate (value, -1, NULL))
    {
      g_set_error (error, HUB_CLOUD_ERROR, HUB_CLOUD_ERROR_MALFORMED, "“%s” is not valid UTF-8",
                   name);
      return FALSE;
    }
  *out = value;
  return TRUE;
}

gboolean
hub_json_get_int (JsonObject *object, const char *name, HubJsonFlags flags, gint64 min, gint64 max,
                  gint64 *out, GError **error)
{
  gboolean ok;
  JsonNode *node = get_member (object, name, flags, "a whole number", &ok, error);
  gint64 value;

  if (node == NULL)
    return ok;
  if (!holds (node, G_TYPE_INT64))
    return wrong_type (node, name, "a whole number", error);
  value = json_node_get_int (node);
  if (value < min || value > max)
    {
      g_set_error (error, HUB_CLOUD_ERROR, HUB_CLOUD_ERROR_MALFORMED,
                   "“%s” is %" G_GINT64_FORMAT ", expected %" G_GINT64_FORMAT
                   " to %" G_GINT64_FORMAT,
                   name, value, min, max);
      return FALSE;
    }
  *out = value;
  return TRUE;
}

gboolean
hub_json_get_bool (JsonObject *object, const char *name, HubJsonFlags flags, gboolean *out,
                   GError **error)
{
  gboolean ok;
  JsonNode *node = get_member (object, name, flags, "true or false", &ok, error);

  if (node == NULL)
    return ok;
  if (!holds (node, G_TYPE_BOOLEAN))
    return wrong_type (node, name, "true or false", error);
  *out = json_node_get_boolean (node);
  return TRUE;
}

gboolean
hub_json_get_object (JsonObject *object, const char *name, HubJsonFlags flags, JsonObject **out,
                     GError **error)
{
  gboolean ok;
  JsonNode *node = get_member (object, name, flags, "an object", &ok, error);

  if (node == NULL)
    return ok;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return wrong_type (node, name, "an object", error);
  *out = json_node_get_object (node);
  return TRUE;
}

gboolean
hub_json_get_array (JsonObject *object, const char *name, HubJsonFlags flags, JsonArray **out,
                    GError **error)
{
  gboolean ok;
  JsonNode *node = get_member (object, name, flags, "an array", &ok, error);

  if (node == NULL)
    return ok;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return wrong_type (node, name, "an array", error);
  *out = json_node_get_array (node);
  return TRUE;
}

static gsize
skip_json_blanks (const char *data, gsize len, gsize i)
{
  while (i < len && (data[i] == ' ' || data[i] == '\t' || data[i] == '\n' || data[i] == '\r'))
    i++;
  return MIN (i, len);
}

static gboolean
is_json_scalar_char (char c)
{
  return g_ascii_isalnum (c) || c == '+' || c == '-' || c == '.';
}

gboolean
hub_json_is_single_value (const char *data, gsize len)
{
  gsize i = skip_json_blanks (data, len, 0);
  guint depth = 0;

  if (i == len)
    return TRUE;
  if (data[i] != '{' && data[i] != '[' && data[i] != '"')
    {
      /* a number, true, false or null */
      while (i < len && is_json_scalar_char (data[i]))
        i++;
      return skip_json_blanks (data, len, i) == len;
    }
  /* an object, an array or a string: up to where it closes (strings and
   * their escapes skipped, so that brackets in them do not count) */
  do
    {
      if (data[i] == '"')
        {
          for (i++; i < len && data[i] != '"'; i++)
            {
              if (data[i] == '\\')
                i++;
            }
        }
      else if (data[i] == '{' || data[i] == '[')
        depth++;
      else if (data[i] == '}' || data[i] == ']')
        depth--;
      i++;
    }
  while (i < len && depth > 0);
  return skip_json_blanks (data, len, i) == len;
}

gboolean
hub_token_is_valid (const char *token)
{
  gsize len;

  if (token == NULL)
    return FALSE;
  len = strlen (token);
  if (len == 0 || len > HUB_TOKEN_MAX)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    {
      if (token[i] < 0x21 || token[i] > 0x7e)
        return FALSE;
    }
  return TRUE;
}

char *
hub_text_for_log (const char *text, gsize max_chars)
{
  GString *out = g_string_new (NULL);
  gsize n = 0;

  if (text == NULL)
    return g_string_free (out, FALSE);
  for (const char *p = text; *p != '\0'; n++)
    {
      gunichar c = g_utf8_get_char_validated (p, -1);

      if (n == max_chars)
        {
          g_string_append (out, "…");
          break;
        }
      if (c == (gunichar)-1 || c == (gunichar)-2)
        {
          g_string_append_printf (out, "\\x%02x", (guchar)*p);
          p++;
          continue;
        }
      if (g_unichar_iscntrl (c))
        g_string_append_printf (out, "\\u%04x", c);
      else
        g_string_append_unichar (out, c);
      p = g_utf8_next_char (p);
    }
  return g_string_free (out, FALSE);
}

GSource *
hub_timeout_source_attach (GMainContext *context, guint ms, GSourceFunc func, gpointer data)
{
  GSource *source = g_timeout_source_new (ms);

  g_source_set_callback (source, func, data, NULL);
  g_source_attach (source, context != NULL ? context : g_main_context_get_thread_default ());
  return source;
}

void
hub_source_clear (GSource **source)
{
  if (*source == NULL)
    return;
  g_source_destroy (*source);
  g_clear_pointer (source, g_source_unref);
}
