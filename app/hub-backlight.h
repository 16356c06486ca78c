/* hub-backlight.h — the display's backlight, for the idle blank: cage does
 * not blank the output, so the app shows black and switches the backlight
 * off where the kernel offers one (/sys/class/backlight/…/bl_power) */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The sysfs class directory; HUBVIEW_BACKLIGHT_DIR overrides it (tests). */
#define HUB_BACKLIGHT_DIR "/sys/class/backlight"
#define HUB_BACKLIGHT_ENV "HUBVIEW_BACKLIGHT_DIR"

/* The values of bl_power (FB_BLANK_UNBLANK, FB_BLANK_POWERDOWN). */
#define HUB_BACKLIGHT_POWER_ON 0
#define HUB_BACKLIGHT_POWER_OFF 4

/* Writes bl_power of every device under the backlight directory: 0 for
 * @on, 4 for off. Logs (g_message) each device it set, and (g_warning) each
 * one it could not, with the reason; a machine without the directory or
 * without devices is logged once (g_message) and is not an error. Returns
 * nothing: a hub without a backlight still blanks by painting black. */
void hub_backlight_set_power (gboolean on);

/* The same, and the number of devices it set, for tests and diagnostics. */
guint hub_backlight_set_power_counted (gboolean on);

G_END_DECLS
