/* main.c — the hubview kiosk program: the application, and its window on activation
 *
 * Copyright 2026 hubview developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#define G_LOG_DOMAIN "hubview"

#include <locale.h>

#include "hub-application.h"
#include "hub-window.h"

static void
on_activate (GApplication *app, gpointer user_data)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (hub_application_get_settings (HUB_APPLICATION (app)) == NULL)
    return; /* startup failed and said why; the application quits */
  if (window == NULL)
    window = GTK_WINDOW (hub_window_new (HUB_APPLICATION (app)));
  gtk_window_present (window);
}

int
main (int argc, char *argv[])
{
  g_autoptr (HubApplication) app = NULL;

  setlocale (LC_ALL, "");
  app = hub_application_new ();
  g_signal_connect (app, "activate", G_CALLBACK (on_activate), NULL);
  return g_application_run (G_APPLICATION (app), argc, argv);
}
