/* main.c — the hubview kiosk program
 *
 * Copyright 2026 hubview developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#define G_LOG_DOMAIN "hubview"

#include <gio/gio.h>
#include <locale.h>

static gint
on_handle_local_options (GApplication *app,
                         GVariantDict *options,
                         gpointer      user_data)
{
  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("hubview %s\n", HUB_VERSION);
      return 0;
    }

  return -1;
}

static void
on_activate (GApplication *app,
             gpointer      user_data)
{
  /* The kiosk window arrives with the hub UI; until then say so and quit. */
  g_printerr ("hubview: the kiosk interface is not built yet; see --help\n");
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr (GApplication) app = NULL;
  static const GOptionEntry entries[] = {
    { "version", 'V', G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, NULL,
      "Print the version and exit", NULL },
    { NULL }
  };

  setlocale (LC_ALL, "");

  app = g_application_new ("io.hubview.Hubview", G_APPLICATION_DEFAULT_FLAGS);
  g_application_set_option_context_summary (app,
      "Smart display for household cameras: shows a frame only when its signed "
      "device ID proves it came from the chosen camera.");
  g_application_add_main_option_entries (app, entries);
  g_signal_connect (app, "handle-local-options", G_CALLBACK (on_handle_local_options), NULL);
  g_signal_connect (app, "activate", G_CALLBACK (on_activate), NULL);

  return g_application_run (app, argc, argv);
}
