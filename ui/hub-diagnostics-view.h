/* hub-diagnostics-view.h — per camera: verified and dropped frames by
 * reason, fps, first-frame time, decoder, reconnections */
#pragma once

#include <gtk/gtk.h>

#include "hub-application.h"

G_BEGIN_DECLS

#define HUB_TYPE_DIAGNOSTICS_VIEW (hub_diagnostics_view_get_type ())
G_DECLARE_FINAL_TYPE (HubDiagnosticsView, hub_diagnostics_view, HUB, DIAGNOSTICS_VIEW, GtkWidget)

GtkWidget *hub_diagnostics_view_new (HubApplication *app);
/* the application described (a page from a template has none until told) */
void hub_diagnostics_view_set_application (HubDiagnosticsView *self, HubApplication *app);
/* the text shown, for tests */
char *hub_diagnostics_view_get_text (HubDiagnosticsView *self);

G_END_DECLS
