/* hub-cloud-text.h — text that came from the cloud: tokens checked, messages made safe to log
 *
 * Copyright 2026 hubview developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Bounds of a token of the cloud (access, refresh, stream, extension). */
#define HUB_TOKEN_MAX 4096
/* 1..HUB_TOKEN_MAX bytes of visible ASCII: safe in a header, a form, a URL query. */
gboolean hub_token_is_valid (const char *token);

/* A printable, bounded copy of text that came from outside, for logs and
 * messages: control characters escaped, cut at @max_chars with "…". */
char *hub_text_for_log (const char *text, gsize max_chars);

/* Frees a secret (a token, a code, a URL that carries one), wiping it first;
 * NULL is fine. */
void hub_secret_free (char *secret);

G_END_DECLS
