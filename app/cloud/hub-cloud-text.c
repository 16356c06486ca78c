/* hub-cloud-text.c — text that came from the cloud: tokens checked, messages made safe to log
 *
 * Copyright 2026 hubview developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "hub-cloud-text.h"

#include <sodium.h>
#include <string.h>

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

void
hub_secret_free (char *secret)
{
  if (secret == NULL)
    return;
  sodium_memzero (secret, strlen (secret));
  g_free (secret);
}
