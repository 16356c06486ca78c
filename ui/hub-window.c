/* hub-window.c — the kiosk window
 *
 * Copyright 2026 hubview developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Full screen (unless --windowed), no decorations, dark, the pointer hidden
 * on touch screens. Every page reflects HubApplication's view; every input
 * goes back to the application as an action.
 */
#define G_LOG_DOMAIN "hub-window"

#include "hub-window.h"

#include "hub-camera-tile.h"
#include "hub-diagnostics-page.h"
#include "hub-message-page.h"
#include "hub-sign-in-page.h"

struct _HubWindow
{
  GtkApplicationWindow parent_instance;

  HubApplication *app;
  GtkWidget *stack;
  GtkWidget *sign_in;
  GtkWidget *grid;
  GtkWidget *camera_view;
  GtkWidget *diagnostics;
  GtkWidget *message;
  GtkWidget *mic;   /* one command without the wake phrase */
  GtkWidget *toast; /* GtkRevealer: what voice heard */
  GtkWidget *toast_label;
  guint toast_id;
  HubVoice *voice; /* whose signals are connected (the app makes it after the window) */
  GPtrArray *tiles;
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
  gtk_css_provider_load_from_resource (css, "/io/hubview/Hubview/ui/hub-pages.css");
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

      hub_camera_tile_set_session (
          HUB_CAMERA_TILE (tile),
          hub_application_get_session (self->app, hub_camera_get_id (camera)),
          hub_application_get_event_log (self->app));
      gtk_grid_attach (GTK_GRID (self->grid), tile, i % size, i / size, 1, 1);
      g_ptr_array_add (self->tiles, tile);
    }
}

static void
update_message_page (HubWindow *self, HubView view)
{
  HubMessagePage *page = HUB_MESSAGE_PAGE (self->message);
  const char *body = hub_application_get_message (self->app);

  switch (view)
    {
    case HUB_VIEW_NO_NETWORK:
      hub_message_page_set (page, "network-offline-symbolic", "No network",
                            body ? body : "The hub cannot reach the camera cloud.");
      break;
    case HUB_VIEW_CLOUD_DOWN:
      hub_message_page_set (page, "dialog-warning-symbolic", "Camera cloud unavailable",
                            body ? body : "The camera cloud does not answer.");
      break;
    case HUB_VIEW_NO_CAMERAS:
      hub_message_page_set (page, "camera-web-symbolic", "No cameras yet", body);
      break;
    case HUB_VIEW_SIGNED_OUT:
      hub_message_page_set (page, "system-log-out-symbolic", "Signed out",
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
  hub_message_page_set_retry_in (page, hub_application_get_retry_in (self->app));
  hub_message_page_set_action (page, view == HUB_VIEW_NO_CAMERAS  ? "Check again"
                                     : view == HUB_VIEW_SIGNED_OUT ? "Sign in"
                                                                   : "Try now");
}

static void on_voice_changed (GObject *object, GParamSpec *pspec, gpointer user_data);
static void on_voice_listening (HubVoice *voice, gboolean listening, gpointer user_data);

/* The microphone button: where cameras are shown, while voice works. */
static void
update_mic (HubWindow *self)
{
  HubVoice *voice = hub_application_get_voice (self->app);
  HubView view = hub_application_get_view (self->app);

  if (voice != NULL && self->voice != voice)
    {
      self->voice = voice;
      g_signal_connect_object (voice, "notify::running", G_CALLBACK (on_voice_changed), self, 0);
      g_signal_connect_object (voice, "listening", G_CALLBACK (on_voice_listening), self, 0);
    }

  gtk_widget_set_visible (self->mic, voice != NULL && hub_voice_get_running (voice)
                                         && (view == HUB_VIEW_GRID || view == HUB_VIEW_CAMERA));
  if (voice != NULL && hub_voice_get_listening (voice))
    gtk_widget_add_css_class (self->mic, "listening");
  else
    gtk_widget_remove_css_class (self->mic, "listening");
}

static void
on_voice_changed (GObject *object, GParamSpec *pspec, gpointer user_data)
{
  update_mic (user_data);
}

static void
on_voice_listening (HubVoice *voice, gboolean listening, gpointer user_data)
{
  update_mic (user_data);
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
on_voice_feedback (HubApplication *app, const char *text, gpointer user_data)
{
  HubWindow *self = user_data;

  gtk_label_set_text (GTK_LABEL (self->toast_label), text);
  gtk_revealer_set_reveal_child (GTK_REVEALER (self->toast), TRUE);
  g_clear_handle_id (&self->toast_id, g_source_remove);
  self->toast_id = g_timeout_add (TOAST_MS, hide_toast, self);
}

static void
on_view (HubApplication *app, GParamSpec *pspec, gpointer user_data)
{
  HubWindow *self = user_data;
  HubView view = hub_application_get_view (app);
  const char *page = "starting";
  const char *camera_id = hub_application_get_camera_id (app);

  /* the camera view is cleared first: no picture outlives its session */
  hub_camera_view_set_session (HUB_CAMERA_VIEW (self->camera_view),
                               view == HUB_VIEW_CAMERA
                                   ? hub_application_get_session (app, camera_id)
                                   : NULL,
                               hub_application_get_event_log (app));
  if (view != HUB_VIEW_GRID)
    {
      GtkWidget *child;

      while ((child = gtk_widget_get_first_child (self->grid)) != NULL)
        gtk_grid_remove (GTK_GRID (self->grid), child);
      g_ptr_array_set_size (self->tiles, 0);
    }

  switch (view)
    {
    case HUB_VIEW_STARTING:
      page = "starting";
      break;
    case HUB_VIEW_SIGN_IN:
      page = "sign-in";
      break;
    case HUB_VIEW_GRID:
      rebuild_grid (self);
      page = "grid";
      break;
    case HUB_VIEW_CAMERA:
      page = "camera";
      break;
    case HUB_VIEW_DIAGNOSTICS:
      page = "diagnostics";
      break;
    case HUB_VIEW_BLANK:
      page = "blank";
      break;
    case HUB_VIEW_NO_NETWORK:
    case HUB_VIEW_CLOUD_DOWN:
    case HUB_VIEW_NO_CAMERAS:
    case HUB_VIEW_SIGNED_OUT:
    default:
      update_message_page (self, view);
      page = "message";
      break;
    }
  gtk_stack_set_visible_child_name (GTK_STACK (self->stack), page);
  update_mic (self);
}

static void
on_items_changed (GListModel *model, guint position, guint removed, guint added,
                  gpointer user_data)
{
  HubWindow *self = user_data;

  if (hub_application_get_view (self->app) == HUB_VIEW_GRID)
    rebuild_grid (self);
}

static void
on_sign_in_code (HubApplication *app, const char *code, const char *uri, const char *complete,
                 guint expires_in, gpointer user_data)
{
  HubWindow *self = user_data;

  hub_sign_in_page_set_code (HUB_SIGN_IN_PAGE (self->sign_in), code, uri, complete, expires_in);
}

static void
on_sign_in_failed (HubApplication *app, const char *message, gpointer user_data)
{
  HubWindow *self = user_data;

  hub_sign_in_page_set_error (HUB_SIGN_IN_PAGE (self->sign_in), message);
}

static void
on_retry (GtkWidget *page, gpointer user_data)
{
  HubWindow *self = user_data;

  if (page == self->sign_in)
    hub_sign_in_page_set_waiting (HUB_SIGN_IN_PAGE (self->sign_in),
                                  "Contacting the camera cloud…");
  g_action_group_activate_action (G_ACTION_GROUP (self->app), "retry", NULL);
}

/* Any input counts as activity (idle blank), and wakes a blank screen. */
static void
on_pressed (GtkGestureClick *gesture, int n_press, double x, double y, gpointer user_data)
{
  HubWindow *self = user_data;

  hub_application_note_activity (self->app);
}

static void
on_motion (GtkEventControllerMotion *controller, double x, double y, gpointer user_data)
{
  HubWindow *self = user_data;

  hub_application_note_activity (self->app);
}

static gboolean
on_key (GtkEventControllerKey *controller, guint keyval, guint keycode, GdkModifierType state,
        gpointer user_data)
{
  HubWindow *self = user_data;

  hub_application_note_activity (self->app);
  switch (keyval)
    {
    case GDK_KEY_Escape:
    case GDK_KEY_BackSpace:
      g_action_group_activate_action (G_ACTION_GROUP (self->app), "back", NULL);
      return TRUE;
    case GDK_KEY_Right:
      g_action_group_activate_action (G_ACTION_GROUP (self->app), "next-camera", NULL);
      return TRUE;
    case GDK_KEY_Left:
      g_action_group_activate_action (G_ACTION_GROUP (self->app), "previous-camera", NULL);
      return TRUE;
    default:
      /* everything else is swallowed: a kiosk offers no way out by keyboard */
      return TRUE;
    }
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

  if (self->app != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->app, self);
      g_signal_handlers_disconnect_by_data (hub_application_get_cameras (self->app), self);
    }
  g_clear_handle_id (&self->toast_id, g_source_remove);
  g_clear_pointer (&self->tiles, g_ptr_array_unref);
  G_OBJECT_CLASS (hub_window_parent_class)->dispose (object);
}

static void
hub_window_class_init (HubWindowClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = hub_window_dispose;
}

static void
hub_window_init (HubWindow *self)
{
  GtkWidget *starting = gtk_spinner_new ();
  GtkWidget *blank = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

  self->tiles = g_ptr_array_new ();
  self->stack = gtk_stack_new ();
  gtk_stack_set_transition_type (GTK_STACK (self->stack), GTK_STACK_TRANSITION_TYPE_NONE);
  gtk_spinner_set_spinning (GTK_SPINNER (starting), TRUE);
  gtk_widget_set_size_request (starting, 64, 64);
  gtk_widget_set_halign (starting, GTK_ALIGN_CENTER);
  gtk_widget_set_valign (starting, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (blank, "blank");

  self->sign_in = hub_sign_in_page_new ();
  self->grid = gtk_grid_new ();
  gtk_grid_set_row_homogeneous (GTK_GRID (self->grid), TRUE);
  gtk_grid_set_column_homogeneous (GTK_GRID (self->grid), TRUE);
  gtk_grid_set_row_spacing (GTK_GRID (self->grid), 8);
  gtk_grid_set_column_spacing (GTK_GRID (self->grid), 8);
  gtk_widget_add_css_class (self->grid, "camera-grid");
  self->camera_view = hub_camera_view_new ();
  self->message = hub_message_page_new ();

  gtk_stack_add_named (GTK_STACK (self->stack), starting, "starting");
  gtk_stack_add_named (GTK_STACK (self->stack), self->sign_in, "sign-in");
  gtk_stack_add_named (GTK_STACK (self->stack), self->grid, "grid");
  gtk_stack_add_named (GTK_STACK (self->stack), self->camera_view, "camera");
  gtk_stack_add_named (GTK_STACK (self->stack), blank, "blank");
  gtk_stack_add_named (GTK_STACK (self->stack), self->message, "message");
  /* over every page: the microphone button (top right, out of the way of
   * the marker strip's left half and the bottom bar) and the voice toast */
  {
    GtkWidget *overlay = gtk_overlay_new ();

    self->mic = gtk_button_new_from_icon_name ("audio-input-microphone-symbolic");
    gtk_widget_add_css_class (self->mic, "mic-button");
    gtk_widget_add_css_class (self->mic, "circular");
    gtk_widget_set_tooltip_text (self->mic, "Say a command");
    gtk_widget_set_size_request (self->mic, 72, 72);
    gtk_widget_set_halign (self->mic, GTK_ALIGN_END);
    gtk_widget_set_valign (self->mic, GTK_ALIGN_START);
    gtk_widget_set_margin_top (self->mic, 48);
    gtk_widget_set_margin_end (self->mic, 24);
    gtk_actionable_set_action_name (GTK_ACTIONABLE (self->mic), "app.listen");
    gtk_widget_set_visible (self->mic, FALSE);

    self->toast_label = gtk_label_new (NULL);
    gtk_widget_add_css_class (self->toast_label, "voice-toast");
    self->toast = gtk_revealer_new ();
    gtk_revealer_set_transition_type (GTK_REVEALER (self->toast),
                                      GTK_REVEALER_TRANSITION_TYPE_CROSSFADE);
    gtk_revealer_set_child (GTK_REVEALER (self->toast), self->toast_label);
    gtk_widget_set_halign (self->toast, GTK_ALIGN_CENTER);
    gtk_widget_set_valign (self->toast, GTK_ALIGN_END);
    gtk_widget_set_margin_bottom (self->toast, 112);
    gtk_widget_set_can_target (self->toast, FALSE);

    gtk_overlay_set_child (GTK_OVERLAY (overlay), self->stack);
    gtk_overlay_add_overlay (GTK_OVERLAY (overlay), self->mic);
    gtk_overlay_add_overlay (GTK_OVERLAY (overlay), self->toast);
    gtk_window_set_child (GTK_WINDOW (self), overlay);
  }
  gtk_window_set_title (GTK_WINDOW (self), "hubview");
  gtk_widget_add_css_class (GTK_WIDGET (self), "hub-window");
}

GtkWidget *
hub_window_new (HubApplication *app)
{
  HubWindow *self;
  GtkEventController *key = gtk_event_controller_key_new ();
  GtkGesture *click = gtk_gesture_click_new ();
  GtkEventController *motion = gtk_event_controller_motion_new ();
  gboolean windowed = hub_application_get_windowed (app);

  hub_window_load_style ();
  self = g_object_new (HUB_TYPE_WINDOW, "application", app, NULL);
  self->app = app;
  self->diagnostics = hub_diagnostics_page_new (app);
  gtk_stack_add_named (GTK_STACK (self->stack), self->diagnostics, "diagnostics");

  g_signal_connect (app, "notify::view", G_CALLBACK (on_view), self);
  g_signal_connect (app, "notify::camera-id", G_CALLBACK (on_view), self);
  g_signal_connect (app, "notify::message", G_CALLBACK (on_view), self);
  g_signal_connect (app, "sign-in-code", G_CALLBACK (on_sign_in_code), self);
  g_signal_connect (app, "sign-in-failed", G_CALLBACK (on_sign_in_failed), self);
  g_signal_connect (app, "voice-feedback", G_CALLBACK (on_voice_feedback), self);
  g_signal_connect (app, "notify::voice-status", G_CALLBACK (on_voice_changed), self);
  g_signal_connect (hub_application_get_cameras (app), "items-changed",
                    G_CALLBACK (on_items_changed), self);
  g_signal_connect (self->sign_in, "retry", G_CALLBACK (on_retry), self);
  g_signal_connect (self->message, "action", G_CALLBACK (on_retry), self);

  gtk_event_controller_set_propagation_phase (key, GTK_PHASE_CAPTURE);
  g_signal_connect (key, "key-pressed", G_CALLBACK (on_key), self);
  gtk_widget_add_controller (GTK_WIDGET (self), key);
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (click), GTK_PHASE_CAPTURE);
  g_signal_connect (click, "pressed", G_CALLBACK (on_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
  g_signal_connect (motion, "motion", G_CALLBACK (on_motion), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);

  if (!windowed)
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

  on_view (app, NULL, self);
  return GTK_WIDGET (self);
}

const char *
hub_window_get_page (HubWindow *self)
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
