/* hub-diagnostics-view.c — what the hub knows about each camera
 *
 * Copyright 2026 hubview developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#define G_LOG_DOMAIN "hub-diagnostics-view"

#include "hub-diagnostics-view.h"

struct _HubDiagnosticsView
{
  GtkWidget parent_instance;

  /* Template Widgets */
  GtkWidget *box;
  GtkWidget *label;

  /* Borrowed References */
  HubApplication *app; /* weak: the app outlives its windows */
  guint tick_id;
};

G_DEFINE_FINAL_TYPE (HubDiagnosticsView, hub_diagnostics_view, GTK_TYPE_WIDGET)

static void
describe_camera (HubDiagnosticsView *self, HubCamera *camera, GString *out)
{
  HubCameraFeed *feed = hub_application_get_feed (self->app, hub_camera_get_id (camera));
  HubCameraPipeline *pipeline = feed ? hub_camera_feed_get_pipeline (feed) : NULL;

  g_string_append_printf (out, "%s  (%s)\n", hub_camera_get_name (camera),
                          hub_camera_get_id (camera));
  if (!hub_camera_get_trusted (camera))
    {
      g_string_append_printf (out, "   untrusted: %s\n\n",
                              hub_camera_get_untrusted_reason (camera));
      return;
    }
  if (feed == NULL)
    {
      g_string_append (out, "   not streaming (off screen)\n\n");
      return;
    }
  g_string_append_printf (
      out, "   state: %s%s%s\n", hub_camera_state_to_string (hub_camera_feed_get_state (feed)),
      hub_camera_feed_get_reason (feed) ? " — " : "", hub_camera_feed_get_reason (feed) ?: "");
  if (pipeline != NULL)
    {
      const guint64 *counts = hub_camera_pipeline_get_counts (pipeline);
      gint64 first = hub_camera_pipeline_get_first_frame_ms (pipeline);
      gboolean any_drop = FALSE;

      g_string_append_printf (out, "   verified frames: %" G_GUINT64_FORMAT "   fps: %.1f\n",
                              counts[HUB_VERDICT_PASS], hub_camera_pipeline_get_fps (pipeline));
      g_string_append (out, "   dropped:");
      for (int v = HUB_VERDICT_PASS + 1; v < HUB_N_VERDICTS; v++)
        if (counts[v] > 0)
          {
            g_string_append_printf (out, " %s %" G_GUINT64_FORMAT, hub_verdict_to_string (v),
                                    counts[v]);
            any_drop = TRUE;
          }
      g_string_append (out, any_drop ? "\n" : " none\n");
      if (first >= 0)
        g_string_append_printf (out, "   first verified frame: %" G_GINT64_FORMAT " ms\n", first);
      g_string_append_printf (out, "   decoder: %s   reconnections: %u\n",
                              hub_camera_pipeline_get_decoder (pipeline) ?: "none",
                              hub_camera_pipeline_get_reconnects (pipeline));
      if (!hub_camera_pipeline_get_keyframe_requests_work (pipeline))
        g_string_append (out, "   this camera cannot be asked for a key frame (no RTCP "
                              "feedback): first pictures wait for its next key frame\n");
    }
  g_string_append_c (out, '\n');
}

/* Voice: on or off and why, and the cameras that cannot be named. */
static void
describe_voice (HubDiagnosticsView *self, GListModel *cameras, GString *out)
{
  HubVoice *voice = hub_application_get_voice (self->app);
  const char *status = hub_application_get_voice_status (self->app);

  g_string_append_printf (out, "Voice: %s\n", status ? status : "starting");
  for (guint i = 0; voice != NULL && i < g_list_model_get_n_items (cameras); i++)
    {
      g_autoptr (HubCamera) camera = g_list_model_get_item (cameras, i);
      const char *problem = hub_voice_get_camera_problem (voice, hub_camera_get_id (camera));

      if (problem != NULL)
        g_string_append_printf (out, "   %s cannot be chosen by voice (touch works): %s\n",
                                hub_camera_get_name (camera), problem);
    }
}

char *
hub_diagnostics_view_get_text (HubDiagnosticsView *self)
{
  GString *out = g_string_new ("Diagnostics\n\n");
  GListModel *cameras;

  if (self->app == NULL)
    return g_string_free (out, FALSE);
  cameras = G_LIST_MODEL (hub_application_get_cameras (self->app));
  for (guint i = 0; i < g_list_model_get_n_items (cameras); i++)
    {
      g_autoptr (HubCamera) camera = g_list_model_get_item (cameras, i);
      describe_camera (self, camera, out);
    }
  if (g_list_model_get_n_items (cameras) == 0)
    g_string_append (out, "No cameras.\n");
  describe_voice (self, cameras, out);
  return g_string_free (out, FALSE);
}

static gboolean
on_tick (gpointer user_data)
{
  HubDiagnosticsView *self = user_data;
  g_autofree char *text = NULL;

  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    return G_SOURCE_CONTINUE;
  text = hub_diagnostics_view_get_text (self);
  gtk_label_set_text (GTK_LABEL (self->label), text);
  return G_SOURCE_CONTINUE;
}

static void
hub_diagnostics_view_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (hub_diagnostics_view_parent_class)->map (widget);
  on_tick (widget);
}

static void
hub_diagnostics_view_dispose (GObject *object)
{
  HubDiagnosticsView *self = HUB_DIAGNOSTICS_VIEW (object);

  g_clear_handle_id (&self->tick_id, g_source_remove);
  g_clear_weak_pointer (&self->app);
  gtk_widget_dispose_template (GTK_WIDGET (self), HUB_TYPE_DIAGNOSTICS_VIEW);
  G_OBJECT_CLASS (hub_diagnostics_view_parent_class)->dispose (object);
}

static void
hub_diagnostics_view_class_init (HubDiagnosticsViewClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = hub_diagnostics_view_dispose;
  widget_class->map = hub_diagnostics_view_map;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/hubview/Hubview/ui/hub-diagnostics-view.ui");
  gtk_widget_class_bind_template_child (widget_class, HubDiagnosticsView, box);
  gtk_widget_class_bind_template_child (widget_class, HubDiagnosticsView, label);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "hub-diagnostics-view");
}

static void
hub_diagnostics_view_init (HubDiagnosticsView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->tick_id = g_timeout_add_seconds (1, on_tick, self);
}

void
hub_diagnostics_view_set_application (HubDiagnosticsView *self, HubApplication *app)
{
  g_return_if_fail (HUB_IS_DIAGNOSTICS_VIEW (self));
  g_return_if_fail (app == NULL || HUB_IS_APPLICATION (app));

  g_set_weak_pointer (&self->app, app);
}

GtkWidget *
hub_diagnostics_view_new (HubApplication *app)
{
  GtkWidget *self = g_object_new (HUB_TYPE_DIAGNOSTICS_VIEW, NULL);

  hub_diagnostics_view_set_application (HUB_DIAGNOSTICS_VIEW (self), app);
  return self;
}
