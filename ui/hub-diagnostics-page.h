/* hub-diagnostics-page.h — per camera: verified and dropped frames by
 * reason, fps, first-frame time, decoder, reconnections */
#pragma once

#include <gtk/gtk.h>

#include "hub-application.h"

G_BEGIN_DECLS

#define HUB_TYPE_DIAGNOSTICS_PAGE (hub_diagnostics_page_get_type ())
G_DECLARE_FINAL_TYPE (HubDiagnosticsPage, hub_diagnostics_page, HUB, DIAGNOSTICS_PAGE, GtkWidget)

GtkWidget *hub_diagnostics_page_new (HubApplication *app);
/* the application described (a page from a template has none until told) */
void hub_diagnostics_page_set_application (HubDiagnosticsPage *self, HubApplication *app);
/* the text shown, for tests */
char *hub_diagnostics_page_get_text (HubDiagnosticsPage *self);

G_END_DECLS
