/* hub-backlight.c — bl_power of every backlight device
 *
 * Copyright 2026 hubview developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The hub runs as the unprivileged user hubview; the package's udev rule
 * (data/70-hubview-backlight.rules) gives the group video write access to
 * bl_power and brightness, so no helper is needed.
 */
#define G_LOG_DOMAIN "hub-backlight"

#include "hub-backlight.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

static const char *
backlight_dir (void)
{
  const char *env = g_getenv (HUB_BACKLIGHT_ENV);

  return env != NULL && *env != '\0' ? env : HUB_BACKLIGHT_DIR;
}

/* Writes @value to @path, which must exist (sysfs attributes are never
 * created). FALSE with an errno-based reason. */
static gboolean
write_attribute (const char *path, const char *value, int *saved_errno)
{
  size_t len = strlen (value);
  ssize_t written;
  int fd;

  fd = g_open (path, O_WRONLY | O_CLOEXEC | O_NOFOLLOW, 0);
  if (fd < 0)
    {
      *saved_errno = errno;
      return FALSE;
    }
  do
    written = write (fd, value, len);
  while (written < 0 && errno == EINTR);
  *saved_errno = written < 0 ? errno : EIO;
  if (close (fd) < 0 && written >= 0)
    {
      *saved_errno = errno;
      return FALSE;
    }
  return written == (ssize_t) len;
}

static int
compare_names (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

guint
hub_backlight_set_power_counted (gboolean on)
{
  const char *root = backlight_dir ();
  const char *value = on ? "0\n" : "4\n";
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GError) error = NULL;
  g_autoptr (GDir) dir = NULL;
  const char *name;
  guint done = 0;

  dir = g_dir_open (root, 0, &error);
  if (dir == NULL)
    {
      if (g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        g_message ("backlight: no %s on this machine; blanking by painting black only", root);
      else
        g_warning ("backlight: cannot list %s: %s", root, error->message);
      return 0;
    }
  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  if (names->len == 0)
    {
      g_message ("backlight: no device in %s; blanking by painting black only", root);
      return 0;
    }
  /* the same order every time, for the log */
  g_ptr_array_sort (names, compare_names);

  for (guint i = 0; i < names->len; i++)
    {
      const char *device = g_ptr_array_index (names, i);
      g_autofree char *path = g_build_filename (root, device, "bl_power", NULL);
      int saved_errno = 0;

      if (write_attribute (path, value, &saved_errno))
        {
          g_message ("backlight: %s bl_power=%c (%s)", device, value[0], on ? "on" : "off");
          done++;
        }
      else if (saved_errno == EACCES || saved_errno == EPERM || saved_errno == EROFS)
        g_warning ("backlight: cannot write %s: %s (is the hub's user in group video, and "
                   "is the udev rule 70-hubview-backlight.rules installed?)",
                   path, g_strerror (saved_errno));
      else
        g_warning ("backlight: cannot write %s: %s", path, g_strerror (saved_errno));
    }
  return done;
}

void
hub_backlight_set_power (gboolean on)
{
  hub_backlight_set_power_counted (on);
}
