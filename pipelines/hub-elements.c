/* hub-elements.c — static registration of hubview's in-tree GStreamer elements */
#define G_LOG_DOMAIN "hub-elements"

#include "hub-elements.h"

#include <gst/gst.h>

#include "hub-sign-frames.h"
#include "hub-verify-gate.h"

void
hub_elements_register (void)
{
  static gsize registered = 0;

  if (g_once_init_enter (&registered))
    {
      /* A NULL plugin registers the element statically. */
      GST_ELEMENT_REGISTER (hubsignframes, NULL);
      GST_ELEMENT_REGISTER (hubverifygate, NULL);
      g_once_init_leave (&registered, 1);
    }
}
