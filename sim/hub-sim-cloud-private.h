/* hub-sim-cloud-private.h — what the parts of HubSimCloud share
 *
 * Copyright 2026 hubview developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * hub-sim-cloud.c          the object, listening, routing, cloud-slow
 * hub-sim-cloud-request.c  replies, error bodies, fault bookkeeping
 * hub-sim-cloud-auth.c     RFC 8628 sign-in, tokens, bearer checks
 * hub-sim-cloud-streams.c  the camera list and stream leases
 */
#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "hub-sim-cloud.h"

G_BEGIN_DECLS

struct _HubSimCloud
{
  GObject parent_instance;

  /* properties */
  GPtrArray *faults; /* of HubSimFault, shared */
  char *client_id;
  guint approve_after;
  guint interval;
  guint code_lifetime;
  guint token_lifetime;
  guint lease_seconds;
  guint page_size;
  char *rtsp_host;
  guint rtsp_port;

  SoupServer *server;
  char *uri;
  GList *paused;          /* of HubSimRequest held back by cloud-slow */
  GHashTable *fault_uses; /* const HubSimFault * → times it struck */

  /* hub-sim-cloud-auth.c */
  GHashTable *device_codes;   /* device_code → DeviceCode */
  GHashTable *access_tokens;  /* token → expiry (gint64 *, real time µs) */
  GHashTable *refresh_tokens; /* token → NULL */

  /* hub-sim-cloud-streams.c */
  GPtrArray *cameras; /* of HubSimCloudCamera */
  GHashTable *leases; /* extension token → Lease */
};

/* The camera API (bearer token required) comes last, from LIST_CAMERAS on. */
typedef enum
{
  HUB_SIM_ROUTE_NOT_FOUND,
  HUB_SIM_ROUTE_DEVICE_PAGE,
  HUB_SIM_ROUTE_DEVICE_AUTHORIZATION,
  HUB_SIM_ROUTE_TOKEN,
  HUB_SIM_ROUTE_LIST_CAMERAS,
  HUB_SIM_ROUTE_OPEN_STREAM,
  HUB_SIM_ROUTE_EXTEND_STREAM,
  HUB_SIM_ROUTE_CLOSE_STREAM,
} HubSimRoute;

/* One request, from arrival to reply. */
typedef struct
{
  HubSimCloud *cloud; /* unowned */
  SoupServerMessage *msg;
  char *path;
  GHashTable *query; /* may be NULL */
  HubSimRoute route;
  char *camera_id; /* the {id} of /v1/cameras/{id}:verb, else NULL */
  guint timeout_id;
  gulong disconnected_id;
} HubSimRequest;

typedef struct _HubSimCloudCamera HubSimCloudCamera;

/* hub-sim-cloud-request.c */
void hub_sim_request_free (HubSimRequest *req);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HubSimRequest, hub_sim_request_free)
char *hub_sim_request_get_body (HubSimRequest *req);
void hub_sim_request_set_header (HubSimRequest *req, const char *name, const char *value);
/* A 200 may be spoilt by cloud-malformed. */
void hub_sim_request_reply_json (HubSimRequest *req, guint status, JsonObject *object);
/* {"error": {"code", "status", "message"}}; @grpc_status NULL: the usual one for @status */
void hub_sim_request_reply_error (HubSimRequest *req, guint status, const char *grpc_status,
                                  const char *format, ...) G_GNUC_PRINTF (4, 5);
void hub_sim_request_reply_text (HubSimRequest *req, guint status, const char *content_type,
                                 const char *text);
/* The fault of @kind for camera @camera_id (NULL: none), else for the whole
 * cloud, that is not spent yet, or NULL. */
const HubSimFault *hub_sim_cloud_active_fault (HubSimCloud *self, const char *camera_id,
                                               HubSimFaultKind kind);
/* Counts and logs one strike of @fault (@effect: what it does, for the log); returns how many times it struck. */
guint hub_sim_request_inject_fault (HubSimRequest *req, const HubSimFault *fault,
                                    const char *effect);
/* Answers with the first of cloud-403, -429, -503, -500 that applies; TRUE if it did. */
gboolean hub_sim_request_reply_with_fault (HubSimRequest *req);
/* 24 random bytes, base64url */
char *hub_sim_random_token (void);

/* hub-sim-cloud-auth.c */
void hub_sim_cloud_auth_init (HubSimCloud *self);
void hub_sim_cloud_auth_clear (HubSimCloud *self);
void hub_sim_cloud_handle_device_authorization (HubSimRequest *req);
void hub_sim_cloud_handle_token (HubSimRequest *req);
/* TRUE when the request carries a valid access token; otherwise replies 401. */
gboolean hub_sim_cloud_check_bearer (HubSimRequest *req);

/* hub-sim-cloud-streams.c */
void hub_sim_cloud_streams_init (HubSimCloud *self);
void hub_sim_cloud_streams_clear (HubSimCloud *self);
gboolean hub_sim_cloud_streams_add_camera (HubSimCloud *self, const HubSimCameraConfig *config,
                                           HubSimCamera *camera, GError **error);
/* Replies 404 (and returns NULL) for an unknown or removed camera. */
HubSimCloudCamera *hub_sim_cloud_lookup_camera (HubSimRequest *req);
void hub_sim_cloud_handle_list_cameras (HubSimRequest *req);
void hub_sim_cloud_handle_open_stream (HubSimRequest *req, HubSimCloudCamera *camera);
void hub_sim_cloud_handle_extend_stream (HubSimRequest *req, HubSimCloudCamera *camera);
void hub_sim_cloud_handle_close_stream (HubSimRequest *req, HubSimCloudCamera *camera);

G_END_DECLS
