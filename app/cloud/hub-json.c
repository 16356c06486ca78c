/* hub-json.c — JSON members read with their type and bounds checked
 *
 * Copyright 2026 hubview developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "hub-json.h"

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
