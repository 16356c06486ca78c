/* hub-application-private.h — HubApplication's state, shared by its files */
#pragma once

#include "hub-application.h"
#include "hub-config.h"
#include "hub-demo.h"
#include "hub-token-store.h"
#include "hub-trust-store.h"
#include "hub-voice.h"

G_BEGIN_DECLS

struct _HubApplication
{
  GtkApplication parent_instance;

  /* options */
  gboolean demo;
  char *cloud_url;
  char *trust_roots_dir;
  char *start_camera;
  gboolean windowed;
  char *event_log_path;
  char *voice_input; /* --voice-input: an audio file instead of the microphone */
  gboolean voice_input_started;

  GSettings *settings;
  HubConfig *config; /* /etc/hubview/hubview.conf: between the options and GSettings */
  HubTrustStore *trust;
  HubTokenStore *tokens;
  HubCloudClient *client;
  HubCameraList *cameras;
  HubEventLog *log;
  HubDemo *sim;
  HubVoice *voice;                    /* NULL when voice is off */
  GSignalGroup *voice_signals;        /* of voice */
  GSignalGroup *voice_camera_signals; /* of cameras, while voice runs */
  char *voice_status;                 /* for diagnostics */
  GHashTable *feeds;                  /* camera id → HubCameraFeed, the cameras on screen */
  GPtrArray *listed;                  /* HubCamera: the cloud's last list, as it came */
  GHashTable *withdrawn;              /* camera ids the cloud refused with 403/404: out of view */
  GCancellable *cancellable;

  HubView view;
  HubView view_before_blank;
  char *camera_id;
  char *message;
  gboolean started;
  gboolean listing;
  gboolean signing_out; /* the person asked to sign out (not the cloud) */
  guint refresh_id;
  guint retry_id;
  gint64 retry_at_us;
  guint retry_attempt;
  guint idle_id;
  gint64 last_activity_us;
  gint64 key_check_us; /* when a video signed by an unknown key last asked for the list */
};

/* The parts of the application, each calling only the parts listed before
 * it (news comes back up by signals and property notifications):
 * hub-application-view.c, then -cloud.c and -voice.c, then -actions.c, and
 * hub-application.c, the GtkApplication itself, on top. */

/* hub-application-view.c: what is on screen */
void hub_application_set_view (HubApplication *self, HubView view, const char *camera_id);
/* a message page (@view) with @message */
void hub_application_set_message (HubApplication *self, HubView view, const char *message);
/* grid, the start camera, or the no-cameras screen */
void hub_application_show_home (HubApplication *self);
/* starts the streams of @wanted (camera IDs) and stops every other */
void hub_application_update_feeds (HubApplication *self, GPtrArray *wanted);
/* the cloud's last list, less the withdrawn cameras, into the camera list */
void hub_application_apply_camera_list (HubApplication *self);

/* hub-application-cloud.c: sign-in, the camera list, retries */
void hub_application_start_cloud (HubApplication *self, const char *url, const char *client_id);
void hub_application_refresh_cameras (HubApplication *self);

/* hub-application-voice.c */
void hub_application_init_voice (HubApplication *self);
void hub_application_start_voice (HubApplication *self);
void hub_application_stop_voice (HubApplication *self);
/* the microphone button: one command without the wake phrase */
void hub_application_listen_once (HubApplication *self);

/* hub-application-actions.c */
void hub_application_add_actions (HubApplication *self);
/* every 10 s: blank the screen after the configured idle time */
gboolean hub_application_idle_check (gpointer user_data);

/* hub-application.c: a setting a person may give three ways: the
 * command-line @option if set, else the configuration file's @configured if
 * set, else GSettings' @key. */
char *hub_application_setting (HubApplication *self, const char *option, const char *configured,
                               const char *key);

G_END_DECLS
