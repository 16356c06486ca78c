/* hub-demo.h — `hubview --demo`: the bundled simulator as a child process on
 * free loopback ports, stopped when the hub quits */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define HUB_TYPE_DEMO (hub_demo_get_type ())
G_DECLARE_FINAL_TYPE (HubDemo, hub_demo, HUB, DEMO, GObject)

/* Signals: "ready" (const char *cloud_url), "failed" (const char *message) */
HubDemo *hub_demo_new (void);
void hub_demo_start (HubDemo *self);
void hub_demo_stop (HubDemo *self);

G_END_DECLS
