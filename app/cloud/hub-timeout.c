/* hub-timeout.c — timeouts on a given main context
 *
 * Copyright 2026 hubview developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "hub-timeout.h"

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
