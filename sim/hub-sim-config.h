/* hub-sim-config.h — what hubview-sim serves: its cameras, faults and cloud settings
 *
 * Copyright 2026 hubview developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Built from the demo defaults, then a keyfile (--config), then the command
 * line. The keyfile:
 *
 *   [cloud]
 *   listen=127.0.0.1:8480      approve-after=3   token-lifetime=3600
 *   lease-seconds=300          page-size=2       client-id=io.hubview.Hubview
 *   interval=5                 code-lifetime=600
 *   [video]
 *   rtsp-port=8554  width=640  height=360  fps=15
 *   [camera cam-porch]         (one group per camera, in index order)
 *   name=Porch  room=Entrance  seed=derived|<64 hex>  pattern=ball
 *   model=Demo Cam 1080p  width=…  height=…  fps=…
 *   [fault 1]                  (any name after "fault ")
 *   camera=cam-porch  kind=drop  args=0.05
 */
#pragma once

#include <glib.h>

#include "hub-sim-faults.h"

G_BEGIN_DECLS

#define HUB_SIM_SEED_SIZE 32

typedef struct
{
  guint index;
  char *id;
  char *name;
  char *room;
  char *model;
  char *pattern; /* videotestsrc pattern nick, NULL: the camera's choice */
  guint8 seed[HUB_SIM_SEED_SIZE];
  guint width;
  guint height;
  guint fps;
} HubSimCameraConfig;

typedef struct
{
  /* cloud */
  char *listen;         /* "HOST:PORT", loopback only; port 0 picks one */
  char *client_id;      /* NULL: any client_id is accepted */
  guint approve_after;  /* s until a device code is approved */
  guint interval;       /* s, the polling interval handed out */
  guint code_lifetime;  /* s, expires_in of a device code */
  guint token_lifetime; /* s, expires_in of an access token */
  guint lease_seconds;  /* s, lifetime of a stream token */
  guint page_size;
  /* video */
  guint rtsp_port; /* 0 picks one */
  guint width;
  guint height;
  guint fps;
  GPtrArray *cameras; /* of HubSimCameraConfig */
  GPtrArray *faults;  /* of HubSimFault */
} HubSimConfig;

#define HUB_SIM_DEMO_MODEL "Demo Cam 1080p"
#define HUB_SIM_DEMO_NOT_BEFORE G_GUINT64_CONSTANT (1700000000)
#define HUB_SIM_DEMO_NOT_AFTER G_GUINT64_CONSTANT (2000000000)
#define HUB_SIM_MAX_CAMERAS 64

/* seed = SHA-256(@label) (keys.json "derivation") */
void hub_sim_demo_seed (const char *label, guint8 seed[HUB_SIM_SEED_SIZE]);
/* SHA-256("hubview demo camera " + @device_id) */
void hub_sim_demo_camera_seed (const char *device_id, guint8 seed[HUB_SIM_SEED_SIZE]);

/* The defaults: the four demo cameras, no faults. */
HubSimConfig *hub_sim_config_new (void);
void hub_sim_config_free (HubSimConfig *config);

/* Replaces settings, cameras and faults with those the keyfile names. */
gboolean hub_sim_config_load_file (HubSimConfig *config, const char *path, GError **error);
/* The first @n of the configured cameras, then generated ones (cam-4, cam-5, …). */
gboolean hub_sim_config_set_n_cameras (HubSimConfig *config, guint n, GError **error);
/* Applies the video format to every camera. */
void hub_sim_config_set_video (HubSimConfig *config, guint width, guint height, guint fps);
/* Parses and adds one "CAMERA:KIND[=ARGS]". */
gboolean hub_sim_config_add_fault (HubSimConfig *config, const char *spec, GError **error);
/* Checks that every fault names a configured camera, "*" or "cloud", that
 * device IDs are unique, and that the numbers are in range. */
gboolean hub_sim_config_validate (HubSimConfig *config, GError **error);

const HubSimCameraConfig *hub_sim_config_find_camera (HubSimConfig *config, const char *id);

/* The camera's device certificate (signed-frames §4), signed by the demo
 * root, as base64. */
char *hub_sim_camera_config_make_certificate (const HubSimCameraConfig *camera, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HubSimConfig, hub_sim_config_free)

G_END_DECLS
