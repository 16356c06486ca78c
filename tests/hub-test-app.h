/* hub-test-app.c — runs the real hubview (and hubview-sim) for the tests:
 * its event log, its D-Bus actions, screenshots and the marker strip in
 * them, pointer and keyboard input through xdotool, a private Xvfb. */
#pragma once

#include "hub-test-support.h"

G_BEGIN_DECLS

#define HUB_TEST_APP_ID "io.hubview.Hubview"
#define HUB_TEST_APP_PATH "/io/hubview/Hubview"

typedef struct
{
  GSubprocess *process;
  char *dir;
  char *log_path;
  GDBusConnection *bus;
  gsize log_offset;  /* how far the event log was read */
  GPtrArray *events; /* JsonNode (objects), in order */
} Hub;

/* Reads the new lines of the event log into hub->events. */
void hub_read_events (Hub *hub);
/* A string member of an event, or NULL. */
const char *hub_ev_str (JsonNode *ev, const char *member);
/* Waits until an event matching (event, key=value) arrives at or after
 * @from; @index gets its position. */
gboolean hub_wait_event (Hub *hub, guint from, const char *event, const char *key,
                         const char *value, double seconds, guint *index);
/* child setup: the child dies with the test */
void hub_die_with_parent (gpointer data);

/* hubview --demo (the simulator with @extra_sim_faults as HUBVIEW_SIM_ARGS) */
Hub *hub_start (const char *const *extra_sim_faults);
/* @cloud: NULL for --demo, "" for neither (the configuration decides), else --cloud URL */
Hub *hub_start_with (const char *const *extra_sim_faults, const char *cloud);
/* @settings: NULL for the schema's defaults (the memory backend), else the
 * text of a GSettings keyfile ([io/hubview/Hubview] key=GVariant text) read
 * through the keyfile backend. @hub_args: more options for hubview;
 * "--windowed" is added unless they hold "--kiosk", and "--env=NAME=VALUE"
 * sets hubview's environment (both for this harness, not hubview). */
Hub *hub_start_full (const char *const *extra_sim_faults, const char *cloud, const char *settings,
                     const char *const *hub_args);
/* app.@action(@param) through org.freedesktop.Application */
void hub_action (Hub *hub, const char *action, GVariant *param);
/* SIGTERM; asserts a clean quit (status 0: streams closed, pipelines freed) */
void hub_stop (Hub *hub);
/* the same; @log_path (if not NULL) gets the path of hubview's output, kept */
void hub_stop_keep_dir (Hub *hub, char **log_path);

/* The whole screen, as build/tests/screenshots/@name.png (returned). */
char *hub_screenshot (const char *name);
/* The marker strip anywhere in the top half of a screenshot. */
gboolean hub_screenshot_marker (const char *path, guint *index, guint *counter);

typedef enum
{
  HUB_PICTURE_NONE,    /* the picture area is the view's black background */
  HUB_PICTURE_BARS,    /* videotestsrc's SMPTE bars, every bar its colour */
  HUB_PICTURE_OTHER,   /* something is painted, but not the bars */
} HubPictureKind;

/* What the camera view of a full-window screenshot shows of a camera whose
 * pattern is "smpte" (hubview-sim's camera index 0, cam-frontdoor): its
 * seven top bars sampled at 35 % of the picture's height, where no
 * overlay of the hub or the simulator lies. A missing-reference grey, a
 * picture decoded with the wrong parameter sets or another camera's pattern
 * reads as OTHER. The expected colours are videotestsrc's, not the hub's. */
HubPictureKind hub_screenshot_smpte_picture (const char *path);
/* The same, and the session row (*@session: its 14 bits, -1 if unreadable). */
gboolean hub_screenshot_marker_session (const char *path, guint *index, guint *counter,
                                        gint *session);
void hub_xdotool (const char *const *args);
char *hub_xdotool_output (const char *const *args);
/* Starts an Xvfb of the caller's own and points DISPLAY at it. */
GSubprocess *hub_own_display (void);
/* Starts hubview-sim alone (loopback, free ports, codes approved after 1 s,
 * then @args) and returns its cloud's URL; @log (if not NULL) gets its
 * stderr, one log line at a time. */
GSubprocess *hub_sim_start_alone (const char *const *args, char **cloud_url,
                                  GDataInputStream **log);
char *hub_file_text (const char *path);

G_END_DECLS
