/* hub-elements.h — static registration of hubview's in-tree GStreamer elements */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Registers every in-tree element (hubsignframes, …) with the registry, as
 * if a plugin had been loaded. Call after gst_init(); safe to call again. */
void hub_elements_register (void);

G_END_DECLS
