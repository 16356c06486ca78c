/* hub-window.c — the kiosk window
 *
 * Copyright 2026 hubview developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Full screen (unless --windowed), no decorations, dark, the pointer hidden
 * on touch screens. Every view shown reflects HubApplication's view; every input
 * goes back to the application as an action.
 */
#define G_LOG_DOMAIN "hub-window"

#include "hub-window.h"

#include "hub-camera-tile.h"
#include "hub-diagnostics-view.h"
#include "hub-message-view.h"
#include "hub-sign-in-view.h"

struct _HubWindow
{
  GtkApplicationWindow parent_instance;

  /* Template Widgets */
  GtkWidget *stack;
  GtkWidget *sign_in;
  GtkWidget *grid;
  GtkWidget *camera_view;
  GtkWidget *diagnostics;
  GtkWidget *message;
  GtkWidget *mic;   /* one command without the wake phrase */
  GtkWidget *toast; /* GtkRevealer: what voice heard */
  GtkWidget *toast_label;

  /* Borrowed References */
  HubApplication *app;

  /* Owned References */
  GSignalGroup *app_signals;
  GSignalGroup *cameras_signals;
  GSignalGroup *voice_signals; /* the app makes its voice after the window */
  GPtrArray *tiles;
  guint toast_id;
};

/* how long a voice toast stays */
#define TOAST_MS 2500

G_DEFINE_FINAL_TYPE (HubWindow, hub_window, GTK_TYPE_APPLICATION_WINDOW)

void
hub_window_load_style (void)
{
  static gboolean loaded;
  GtkCssProvider *css;
  GtkSettings *settings = gtk_settings_get_default ();

  if (loaded || gdk_display_get_default () == NULL)
    return;
  loaded = TRUE;
  if (settings != NULL)
    g_object_set (settings, "gtk-application-prefer-dark-theme", TRUE, NULL);
  css = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (css, "/io/hubview/Hubview/ui/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  g_object_unref (css);
  css = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (css, "/io/hubview/Hubview/ui/hub-views.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  g_object_unref (css);
}

static void
rebuild_grid (HubWindow *self)
{
  GListModel *cameras = G_LIST_MODEL (hub_application_get_cameras (self->app));
  guint size = hub_application_get_grid_size (self->app);
  guint n = MIN (g_list_model_get_n_items (cameras), size * size);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (self->grid)) != NULL)
    gtk_grid_remove (GTK_GRID (self->grid), child);
  g_ptr_array_set_size (self->tiles, 0);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr (HubCamera) camera = g_list_model_get_item (cameras, i);
      GtkWidget *tile = hub_camera_tile_new (camera);

      hub_camera_tile_set_feed (HUB_CAMERA_TILE (tile),
                                hub_application_get_feed (self->app, hub_camera_get_id (camera)),
                                hub_application_get_event_log (self->app));
      gtk_grid_attach (GTK_GRID (self->grid), tile, i % size, i / size, 1, 1);
      g_ptr_array_add (self->tiles, tile);
    }
}

static void
update_message_view (HubWindow *self, HubView view)
{
  HubMessageView *message_view = HUB_MESSAGE_VIEW (self->message);
  const char *body = hub_application_get_message (self->app);

  switch (view)
    {
    case HUB_VIEW_NO_NETWORK:
      hub_message_view_set (message_view, "network-offline-symbolic", "No network",
                            body ? body : "The hub cannot reach the camera cloud.");
      break;
    case HUB_VIEW_CLOUD_DOWN:
      hub_message_view_set (message_view, "dialog-warning-symbolic", "Camera cloud unavailable",
                            body ? body : "The camera cloud does not answer.");
      break;
    case HUB_VIEW_NO_CAMERAS:
      hub_message_view_set (message_view, "camera-web-symbolic", "No cameras yet", body);
      break;
    case HUB_VIEW_SIGNED_OUT:
      hub_message_view_set (message_view, "system-log-out-symbolic", "Signed out",
                            body ? body : "Sign in again to see your cameras.");
      break;
    case HUB_VIEW_STARTING:
    case HUB_VIEW_SIGN_IN:
    case HUB_VIEW_GRID:
    case HUB_VIEW_CAMERA:
    case HUB_VIEW_DIAGNOSTICS:
    case HUB_VIEW_BLANK:
    default:
      return;
    }
  hub_message_view_set_retry_in (message_view, hub_application_get_retry_in (self->app));
  hub_message_view_set_action (message_view, view == HUB_VIEW_NO_CAMERAS   ? "Check again"
                                             : view == HUB_VIEW_SIGNED_OUT ? "Sign in"
                                                                           : "Try now");
}

/* The microphone button: where cameras are shown, while voice works. */
static void
update_mic (HubWindow *self)
{
  HubVoice *voice = hub_application_get_voice (self->app);
  HubView view = hub_application_get_view (self->app);

  g_assert (HUB_IS_WINDOW (self));

  g_signal_group_set_target (self->voice_signals, voice);

  gtk_widget_set_visible (self->mic, voice != NULL && hub_voice_get_running (voice)
                                         && (view == HUB_VIEW_GRID || view == HUB_VIEW_CAMERA));
  if (voice != NULL && hub_voice_get_listening (voice))
    gtk_widget_add_css_class (self->mic, "listening");
  else
    gtk_widget_remove_css_class (self->mic, "listening");
}

static void
on_voice_changed (HubWindow *self, GParamSpec *pspec, GObject *object)
{
  update_mic (self);
}

static void
on_voice_listening (HubWindow *self, gboolean listening, HubVoice *voice)
{
  update_mic (self);
}

static gboolean
hide_toast (gpointer user_data)
{
  HubWindow *self = user_data;

  self->toast_id = 0;
  gtk_revealer_set_reveal_child (GTK_REVEALER (self->toast), FALSE);
  return G_SOURCE_REMOVE;
}

static void
on_voice_feedback (HubWindow *self, const char *text, HubApplication *app)
{

  gtk_label_set_text (GTK_LABEL (self->toast_label), text);
  gtk_revealer_set_reveal_child (GTK_REVEALER (self->toast), TRUE);
  g_clear_handle_id (&self->toast_id, g_source_remove);
  self->toast_id = g_timeout_add (TOAST_MS, hide_toast, self);
}

static void
on_view (HubWindow *self, GParamSpec *pspec, HubApplication *app)
{
  HubView view = hub_application_get_view (app);
  const char *stack_child = hub_view_to_string (view);
  const char *camera_id = hub_application_get_camera_id (app);

  /* the camera view is cleared first: no picture outlives its session */
  hub_camera_view_set_feed (HUB_CAMERA_VIEW (self->camera_view),
                            view == HUB_VIEW_CAMERA ? hub_application_get_feed (app, camera_id)
                                                    : NULL,
                            hub_application_get_event_log (app));
  if (view != HUB_VIEW_GRID)
    {
      GtkWidget *child;

      while ((child = gtk_widget_get_first_child (self->grid)) != NULL)
        gtk_grid_remove (GTK_GRID (self->grid), child);
      g_ptr_array_set_size (self->tiles, 0);
    }

  /* the stack's children are named after the views they show; the
   * message views share one */
  switch (view)
    {
    case HUB_VIEW_GRID:
      rebuild_grid (self);
      break;
    case HUB_VIEW_NO_NETWORK:
    case HUB_VIEW_CLOUD_DOWN:
    case HUB_VIEW_NO_CAMERAS:
    case HUB_VIEW_SIGNED_OUT:
      update_message_view (self, view);
      stack_child = "message";
      break;
    default:
      break;
    }
  gtk_stack_set_visible_child_name (GTK_STACK (self->stack), stack_child);
  update_mic (self);
}

static void
on_items_changed (HubWindow *self, guint position, guint removed, guint added, GListModel *model)
{

  if (hub_application_get_view (self->app) == HUB_VIEW_GRID)
    rebuild_grid (self);
}

static void
on_sign_in_code (HubWindow *self, const char *code, const char *uri, const char *complete,
                 guint expires_in, HubApplication *app)
{

  hub_sign_in_view_set_code (HUB_SIGN_IN_VIEW (self->sign_in), code, uri, complete, expires_in);
}

static void
on_sign_in_failed (HubWindow *self, const char *message, HubApplication *app)
{

  hub_sign_in_view_set_error (HUB_SIGN_IN_VIEW (self->sign_in), message);
}

static void
on_retry (HubWindow *self, GtkWidget *view_widget)
{

  if (view_widget == self->sign_in)
    hub_sign_in_view_set_waiting (HUB_SIGN_IN_VIEW (self->sign_in), "Contacting the camera cloud…");
  g_action_group_activate_action (G_ACTION_GROUP (self->app), "retry", NULL);
}

/* Any input counts as activity (idle blank), and wakes a blank screen. */
static void
on_pressed (HubWindow *self, int n_press, double x, double y, GtkGestureClick *gesture)
{
  hub_application_note_activity (self->app);
}

static void
on_motion (HubWindow *self, double x, double y, GtkEventControllerMotion *controller)
{
  hub_application_note_activity (self->app);
}

/* Runs first: a key is activity, whether it means something or not. */
static gboolean
on_key_activity (HubWindow *self, guint keyval, guint keycode, GdkModifierType state,
                 GtkEventControllerKey *controller)
{
  hub_application_note_activity (self->app);
  return GDK_EVENT_PROPAGATE;
}

/* Runs after the template's shortcuts: whatever key they did not take is
 * swallowed, a kiosk offers no way out by keyboard. */
static gboolean
on_key_swallow (HubWindow *self, guint keyval, guint keycode, GdkModifierType state,
                GtkEventControllerKey *controller)
{
  return GDK_EVENT_STOP;
}

/* A kiosk window is not closed by a window manager's shortcut or button:
 * the hub quits on SIGTERM (systemd) only. */
static gboolean
on_close_request (GtkWindow *window, gpointer user_data)
{
  g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_MESSAGE, "MESSAGE",
                    "close request refused: the kiosk stays on screen");
  return TRUE;
}

static void
hub_window_dispose (GObject *object)
{
  HubWindow *self = HUB_WINDOW (object);

  g_signal_group_set_target (self->app_signals, NULL);
  g_signal_group_set_target (self->cameras_signals, NULL);
  g_signal_group_set_target (self->voice_signals, NULL);
  g_clear_handle_id (&self->toast_id, g_source_remove);
  g_clear_pointer (&self->tiles, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), HUB_TYPE_WINDOW);
  G_OBJECT_CLASS (hub_window_parent_class)->dispose (object);
}

static void
hub_window_finalize (GObject *object)
{
  HubWindow *self = HUB_WINDOW (object);

  g_clear_object (&self->app_signals);
  g_clear_object (&self->cameras_signals);
  g_clear_object (&self->voice_signals);
  G_OBJECT_CLASS (hub_window_parent_class)->finalize (object);
}

static void
hub_window_class_init (HubWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hub_window_dispose;
  object_class->finalize = hub_window_finalize;

  g_type_ensure (HUB_TYPE_SIGN_IN_VIEW);
  g_type_ensure (HUB_TYPE_CAMERA_VIEW);
  g_type_ensure (HUB_TYPE_MESSAGE_VIEW);
  g_type_ensure (HUB_TYPE_DIAGNOSTICS_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/hubview/Hubview/ui/hub-window.ui");
  gtk_widget_class_bind_template_child (widget_class, HubWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, HubWindow, sign_in);
  gtk_widget_class_bind_template_child (widget_class, HubWindow, grid);
  gtk_widget_class_bind_template_child (widget_class, HubWindow, camera_view);
  gtk_widget_class_bind_template_child (widget_class, HubWindow, diagnostics);
  gtk_widget_class_bind_template_child (widget_class, HubWindow, message);
  gtk_widget_class_bind_template_child (widget_class, HubWindow, mic);
  gtk_widget_class_bind_template_child (widget_class, HubWindow, toast);
  gtk_widget_class_bind_template_child (widget_class, HubWindow, toast_label);
  gtk_widget_class_bind_template_callback (widget_class, on_retry);
  gtk_widget_class_bind_template_callback (widget_class, on_pressed);
  gtk_widget_class_bind_template_callback (widget_class, on_motion);
  gtk_widget_class_bind_template_callback (widget_class, on_key_activity);
  gtk_widget_class_bind_template_callback (widget_class, on_key_swallow);
}

static void
hub_window_init (HubWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->tiles = g_ptr_array_new ();

  self->app_signals = g_signal_group_new (HUB_TYPE_APPLICATION);
  g_signal_group_connect_object (self->app_signals, "notify::view", G_CALLBACK (on_view), self,
                                 G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->app_signals, "notify::camera-id", G_CALLBACK (on_view), self,
                                 G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->app_signals, "notify::message", G_CALLBACK (on_view), self,
                                 G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->app_signals, "sign-in-code", G_CALLBACK (on_sign_in_code),
                                 self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->app_signals, "sign-in-failed",
                                 G_CALLBACK (on_sign_in_failed), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->app_signals, "voice-feedback",
                                 G_CALLBACK (on_voice_feedback), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->app_signals, "notify::voice-status",
                                 G_CALLBACK (on_voice_changed), self, G_CONNECT_SWAPPED);

  self->cameras_signals = g_signal_group_new (G_TYPE_LIST_MODEL);
  g_signal_group_connect_object (self->cameras_signals, "items-changed",
                                 G_CALLBACK (on_items_changed), self, G_CONNECT_SWAPPED);

  self->voice_signals = g_signal_group_new (HUB_TYPE_VOICE);
  g_signal_group_connect_object (self->voice_signals, "notify::running",
                                 G_CALLBACK (on_voice_changed), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->voice_signals, "listening", G_CALLBACK (on_voice_listening),
                                 self, G_CONNECT_SWAPPED);
}

GtkWidget *
hub_window_new (HubApplication *app)
{
  HubWindow *self;

  hub_window_load_style ();
  self = g_object_new (HUB_TYPE_WINDOW, "application", app, NULL);
  self->app = app;
  hub_diagnostics_view_set_application (HUB_DIAGNOSTICS_VIEW (self->diagnostics), app);
  g_signal_group_set_target (self->app_signals, app);
  g_signal_group_set_target (self->cameras_signals, hub_application_get_cameras (app));

  if (!hub_application_get_windowed (app))
    {
      gtk_window_set_decorated (GTK_WINDOW (self), FALSE);
      gtk_window_set_deletable (GTK_WINDOW (self), FALSE);
      g_signal_connect (self, "close-request", G_CALLBACK (on_close_request), NULL);
      gtk_window_fullscreen (GTK_WINDOW (self));
      if (g_settings_get_boolean (hub_application_get_settings (app), "cursor-hidden"))
        gtk_widget_set_cursor_from_name (GTK_WIDGET (self), "none");
    }
  else
    gtk_window_set_default_size (GTK_WINDOW (self), 1280, 800);

  on_view (self, NULL, app);
  return GTK_WIDGET (self);
}

const char *
hub_window_get_visible_view (HubWindow *self)
{
  g_return_val_if_fail (HUB_IS_WINDOW (self), NULL);
  return gtk_stack_get_visible_child_name (GTK_STACK (self->stack));
}

HubCameraView *
hub_window_get_camera_view (HubWindow *self)
{
  g_return_val_if_fail (HUB_IS_WINDOW (self), NULL);
  return HUB_CAMERA_VIEW (self->camera_view);
}

GPtrArray *
hub_window_get_tiles (HubWindow *self)
{
  g_return_val_if_fail (HUB_IS_WINDOW (self), NULL);
  return self->tiles;
}
