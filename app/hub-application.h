/* hub-application.h — the hub: settings, sign-in, the camera list, what is on
 * screen, and the actions every input becomes (touch, voice, command line,
 * D-Bus: `gapplication action io.hubview.Hubview show-grid`). No widgets:
 * the window observes this object. */
#pragma once

#include <gtk/gtk.h>

#include "hub-camera-list.h"
#include "hub-camera-feed.h"
#include "hub-cloud-client.h"
#include "hub-event-log.h"
#include "hub-voice.h"

G_BEGIN_DECLS

#define HUB_APPLICATION_ID "io.hubview.Hubview"

typedef enum
{
  HUB_VIEW_STARTING, /* before the first answer from the cloud */
  HUB_VIEW_SIGN_IN,
  HUB_VIEW_GRID,
  HUB_VIEW_CAMERA,
  HUB_VIEW_DIAGNOSTICS,
  HUB_VIEW_BLANK,
  HUB_VIEW_NO_NETWORK,
  HUB_VIEW_CLOUD_DOWN,
  HUB_VIEW_NO_CAMERAS,
  HUB_VIEW_SIGNED_OUT,
} HubView;

GType hub_view_get_type (void);
#define HUB_TYPE_VIEW (hub_view_get_type ())
const char *hub_view_to_string (HubView view);

#define HUB_TYPE_APPLICATION (hub_application_get_type ())
G_DECLARE_FINAL_TYPE (HubApplication, hub_application, HUB, APPLICATION, GtkApplication)

HubApplication *hub_application_new (void);

HubView hub_application_get_view (HubApplication *self);
/* the camera shown in the camera view, NULL otherwise */
const char *hub_application_get_camera_id (HubApplication *self);
HubCameraList *hub_application_get_cameras (HubApplication *self);
/* the session of a camera that is on screen now, or NULL */
HubCameraFeed *hub_application_get_feed (HubApplication *self, const char *camera_id);
HubCloudClient *hub_application_get_client (HubApplication *self);
HubEventLog *hub_application_get_event_log (HubApplication *self);
GSettings *hub_application_get_settings (HubApplication *self);
guint hub_application_get_grid_size (HubApplication *self);
gboolean hub_application_get_windowed (HubApplication *self);
/* a plain-words message for the message views (NO_NETWORK, CLOUD_DOWN, …) */
const char *hub_application_get_message (HubApplication *self);
/* seconds until the next automatic retry, 0 when none */
guint hub_application_get_retry_in (HubApplication *self);

/* Spoken commands: NULL when voice is off; a status line for diagnostics
 * ("listening for …", "off: no microphone found", …). */
HubVoice *hub_application_get_voice (HubApplication *self);
const char *hub_application_get_voice_status (HubApplication *self);

/* Any touch or key: resets the idle-blank timer, and wakes a blank screen. */
void hub_application_note_activity (HubApplication *self);

G_END_DECLS
