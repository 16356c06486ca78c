/* fuzz-glib.h — helpers of the libFuzzer targets of the cloud client (hubapp)
 *
 * The input is a reply body (or the token file) read as the client reads it
 * (hub-cloud-request.c): refused when more than one JSON value
 * (hub_json_is_single_value), json_parser_load_from_data() on the bytes, an
 * object at the root. The log writer keeps the app's own warnings quiet
 * — a bad record is logged and skipped, that is the expected path — and
 * turns every other warning and every critical (a failed g_return_if_fail,
 * a json-glib type mismatch, an invalid GObject cast) into a crash so that
 * libFuzzer keeps the input.
 *
 * Copyright 2026 hubview developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>
#include <stdbool.h>
#include <string.h>

#include "fuzz-common.h"
#include "hub-json.h"
#include "hub-cloud-text.h"

static GLogWriterOutput
fuzz_log_writer (GLogLevelFlags level, const GLogField *fields, gsize n_fields, gpointer user_data)
{
  const char *domain = NULL;
  const char *message = NULL;

  for (gsize i = 0; i < n_fields; i++)
    {
      if (g_str_equal (fields[i].key, "GLIB_DOMAIN"))
        domain = fields[i].value;
      else if (g_str_equal (fields[i].key, "MESSAGE"))
        message = fields[i].value;
    }
  if ((level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL)) != 0
      || ((level & G_LOG_LEVEL_WARNING) != 0
          && (domain == NULL || !g_str_has_prefix (domain, "hub-"))))
    {
      fprintf (stderr, "fuzz: unexpected log message (domain %s, level %d): %s\n",
               domain ? domain : "(none)", (int)level, message ? message : "(none)");
      abort ();
    }
  return G_LOG_WRITER_HANDLED;
}

static inline void
fuzz_glib_init (void)
{
  static bool done = false;

  if (done)
    return;
  done = true;
  g_log_set_writer_func (fuzz_log_writer, NULL, NULL);
}

/* The object at the root of @data as the cloud client reads a reply, or
 * NULL (and *@parser_out NULL) when it is not JSON or not an object. The
 * object belongs to *@parser_out. */
static inline JsonObject *
fuzz_parse_object (const uint8_t *data, size_t size, JsonParser **parser_out)
{
  JsonParser *parser = json_parser_new ();
  JsonNode *root;

  *parser_out = NULL;
  if (!hub_json_is_single_value ((const char *)data, size)
      || !json_parser_load_from_data (parser, (const char *)data, (gssize)size, NULL)
      || (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_object_unref (parser);
      return NULL;
    }
  *parser_out = parser;
  return json_node_get_object (root);
}

/* A successful parse returns its result and no error; a failed one no
 * result and an error with a message. */
#define FUZZ_CHECK_OUTCOME(ok, error)                                                              \
  do                                                                                               \
    {                                                                                              \
      if (ok)                                                                                      \
        FUZZ_CHECK ((error) == NULL);                                                              \
      else                                                                                         \
        FUZZ_CHECK ((error) != NULL && (error)->message != NULL && (error)->message[0] != '\0');   \
    }                                                                                              \
  while (0)

/* A token of the cloud: 1..4096 bytes of visible ASCII (hub_token_is_valid). */
static inline bool
fuzz_token_ok (const char *token)
{
  size_t len;

  if (token == NULL)
    return false;
  len = strlen (token);
  if (len < 1 || len > 4096)
    return false;
  for (size_t i = 0; i < len; i++)
    {
      if (token[i] < 0x21 || token[i] > 0x7e)
        return false;
    }
  return true;
}

/* Valid UTF-8 of at most @max_chars characters, none a control character. */
static inline bool
fuzz_display_text_ok (const char *text, glong max_chars)
{
  if (text == NULL || !g_utf8_validate (text, -1, NULL) || g_utf8_strlen (text, -1) > max_chars)
    return false;
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      if (g_unichar_iscntrl (g_utf8_get_char (p)))
        return false;
    }
  return true;
}
