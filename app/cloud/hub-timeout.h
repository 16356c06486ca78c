/* hub-timeout.h — timeouts on a given main context
 *
 * Copyright 2026 hubview developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * g_timeout_add always uses the global default context; the cloud client
 * and the stream lease run on the context they were created on.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A timeout of @ms on @context (NULL: the thread-default one); the caller
 * owns the returned source and drops it with hub_source_clear(). */
GSource *hub_timeout_source_attach (GMainContext *context, guint ms, GSourceFunc func,
                                    gpointer data);
void hub_source_clear (GSource **source);

G_END_DECLS
