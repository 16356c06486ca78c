/* main.c — the hubview kiosk program
 *
 * Copyright 2026 hubview developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#define G_LOG_DOMAIN "hubview"

#include <locale.h>

#include "hub-application.h"
#include "hub-camera-pipeline.h"
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

/* Every camera pipeline must be gone once the application is: one still
 * alive holds a reference nothing will drop (a bus watch, a pending message,
 * a cycle), which on a wall that runs for years is a leak per camera switch. */
static int
check_pipelines_released (int status)
{
  /* a camera that does not answer the TEARDOWN is waited for up to 11 s */
  gint64 deadline = g_get_monotonic_time () + 15 * G_USEC_PER_SEC;
  guint alive;

  /* what the streaming threads hand back to the main loop as they stop */
  while ((alive = hub_camera_pipeline_count_alive ()) > 0 && g_get_monotonic_time () < deadline)
    {
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (10000);
    }
  if (alive == 0)
    return status;
  g_printerr ("hubview: %u camera pipeline object(s) still alive at quit: leaked\n", alive);
  return status != 0 ? status : 3;
}

int
main (int argc, char *argv[])
{
  HubApplication *app;
  int status;

  setlocale (LC_ALL, "");
  app = hub_application_new ();
  g_signal_connect (app, "activate", G_CALLBACK (on_activate), NULL);
  status = g_application_run (G_APPLICATION (app), argc, argv);
  /* the windows hold the sinks of what they showed last */
  {
    GListModel *toplevels = gtk_window_get_toplevels ();

    while (g_list_model_get_n_items (toplevels) > 0)
      {
        g_autoptr (GtkWindow) window = g_list_model_get_item (toplevels, 0);

        gtk_window_destroy (window);
      }
  }
  g_object_unref (app);
  return check_pipelines_released (status);
}
