/* hub-sim-cloud.c — the simulated camera cloud (cloud-api.md) on a loopback port
 *
 * Copyright 2026 hubview developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#define G_LOG_DOMAIN "hub-sim-cloud"

#include "hub-sim-cloud.h"

#include <string.h>

#include "hub-frame-tag.h"
#include "hub-sim-cloud-private.h"

#define STREAM_PREFIX "/v1/cameras/"

G_DEFINE_FINAL_TYPE (HubSimCloud, hub_sim_cloud, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_FAULTS,
  PROP_CLIENT_ID,
  PROP_APPROVE_AFTER,
  PROP_INTERVAL,
  PROP_CODE_LIFETIME,
  PROP_TOKEN_LIFETIME,
  PROP_LEASE_SECONDS,
  PROP_PAGE_SIZE,
  PROP_RTSP_HOST,
  PROP_RTSP_PORT,
  PROP_URI,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* ---- routing ------------------------------------------------------------ */

static void
route (HubSimRequest *req)
{
  const char *method = soup_server_message_get_method (req->msg);
  gboolean post = g_str_equal (method, SOUP_METHOD_POST);
  HubSimCloudCamera *camera = NULL;

  if (req->route == HUB_SIM_ROUTE_NOT_FOUND)
    goto not_found;

  /* Faults of the whole cloud may strike sign-in too. */
  if (req->route == HUB_SIM_ROUTE_DEVICE_AUTHORIZATION || req->route == HUB_SIM_ROUTE_TOKEN)
    {
      if (!post)
        goto not_found;
      if (hub_sim_request_reply_with_fault (req))
        return;
      if (req->route == HUB_SIM_ROUTE_DEVICE_AUTHORIZATION)
        hub_sim_cloud_handle_device_authorization (req);
      else
        hub_sim_cloud_handle_token (req);
      return;
    }
  if (req->route == HUB_SIM_ROUTE_DEVICE_PAGE)
    {
      hub_sim_request_reply_text (req, SOUP_STATUS_OK, "text/plain; charset=utf-8",
                                  "hubview-sim approves every sign-in code by itself, a few "
                                  "seconds after it is shown.\n");
      return;
    }

  if (req->route == HUB_SIM_ROUTE_LIST_CAMERAS ? !g_str_equal (method, SOUP_METHOD_GET) : !post)
    goto not_found;
  if (!hub_sim_cloud_check_bearer (req))
    return;
  if (req->camera_id != NULL && (camera = hub_sim_cloud_lookup_camera (req)) == NULL)
    return;
  if (hub_sim_request_reply_with_fault (req))
    return;

  switch (req->route)
    {
    case HUB_SIM_ROUTE_LIST_CAMERAS:
      hub_sim_cloud_handle_list_cameras (req);
      return;
    case HUB_SIM_ROUTE_OPEN_STREAM:
      hub_sim_cloud_handle_open_stream (req, camera);
      return;
    case HUB_SIM_ROUTE_EXTEND_STREAM:
      hub_sim_cloud_handle_extend_stream (req, camera);
      return;
    case HUB_SIM_ROUTE_CLOSE_STREAM:
      hub_sim_cloud_handle_close_stream (req, camera);
      return;
    default:
      g_assert_not_reached ();
    }

not_found:
  hub_sim_request_reply_error (req, SOUP_STATUS_NOT_FOUND, NULL, "No such endpoint: %s %s",
                               method, req->path);
}

/* Sets req->route and req->camera_id from the path. */
static void
parse_route (HubSimRequest *req)
{
  const char *path = req->path;
  const char *tail;
  const char *colon;
  g_autofree char *id = NULL;

  req->route = HUB_SIM_ROUTE_NOT_FOUND;
  if (g_str_equal (path, "/oauth/device_authorization"))
    req->route = HUB_SIM_ROUTE_DEVICE_AUTHORIZATION;
  else if (g_str_equal (path, "/oauth/token"))
    req->route = HUB_SIM_ROUTE_TOKEN;
  else if (g_str_equal (path, "/device"))
    req->route = HUB_SIM_ROUTE_DEVICE_PAGE;
  else if (g_str_equal (path, "/v1/cameras"))
    req->route = HUB_SIM_ROUTE_LIST_CAMERAS;
  if (req->route != HUB_SIM_ROUTE_NOT_FOUND || !g_str_has_prefix (path, STREAM_PREFIX))
    return;

  /* /v1/cameras/{id}:verb — a device ID may hold ':', a verb never does. */
  tail = path + strlen (STREAM_PREFIX);
  colon = strrchr (tail, ':');
  if (colon == NULL || strchr (tail, '/') != NULL)
    return;
  id = g_uri_unescape_segment (tail, colon, NULL);
  if (id == NULL || !hub_device_id_is_valid (id, strlen (id)))
    return;
  if (g_str_equal (colon, ":openStream"))
    req->route = HUB_SIM_ROUTE_OPEN_STREAM;
  else if (g_str_equal (colon, ":extendStream"))
    req->route = HUB_SIM_ROUTE_EXTEND_STREAM;
  else if (g_str_equal (colon, ":closeStream"))
    req->route = HUB_SIM_ROUTE_CLOSE_STREAM;
  else
    return;
  req->camera_id = g_steal_pointer (&id);
}

static gboolean
on_slow_reply (gpointer user_data)
{
  HubSimRequest *req = user_data;
  HubSimCloud *self = req->cloud;

  req->timeout_id = 0;
  self->paused = g_list_remove (self->paused, req);
  route (req);
  soup_server_message_unpause (req->msg);
  hub_sim_request_free (req);
  return G_SOURCE_REMOVE;
}

static void
on_slow_disconnected (SoupServerMessage *msg, gpointer user_data)
{
  HubSimRequest *req = user_data;
  HubSimCloud *self = req->cloud;

  self->paused = g_list_remove (self->paused, req);
  hub_sim_request_free (req);
}

static void
on_request (SoupServer *server, SoupServerMessage *msg, const char *path, GHashTable *query,
            gpointer user_data)
{
  HubSimCloud *self = HUB_SIM_CLOUD (user_data);
  g_autoptr (HubSimRequest) req = g_new0 (HubSimRequest, 1);
  const HubSimFault *slow;

  req->cloud = self;
  req->msg = g_object_ref (msg);
  req->path = g_strdup (path);
  req->query = query ? g_hash_table_ref (query) : NULL;
  parse_route (req);

  slow = req->route == HUB_SIM_ROUTE_NOT_FOUND
             ? NULL
             : hub_sim_cloud_active_fault (self, req->camera_id, HUB_SIM_FAULT_CLOUD_SLOW);
  if (slow == NULL)
    {
      route (req);
      return;
    }

  hub_sim_request_inject_fault (req, slow, "reply delayed");
  soup_server_message_pause (msg);
  req->timeout_id = g_timeout_add ((guint) slow->a, on_slow_reply, req);
  req->disconnected_id = g_signal_connect (msg, "disconnected",
                                           G_CALLBACK (on_slow_disconnected), req);
  self->paused = g_list_prepend (self->paused, g_steal_pointer (&req));
}

/* ---- the object ----------------------------------------------------------- */

HubSimCloud *
hub_sim_cloud_new (const HubSimConfig *config)
{
  g_return_val_if_fail (config != NULL, NULL);

  return g_object_new (HUB_TYPE_SIM_CLOUD,
                       "faults", config->faults,
                       "client-id", config->client_id,
                       "approve-after", config->approve_after,
                       "interval", config->interval,
                       "code-lifetime", config->code_lifetime,
                       "token-lifetime", config->token_lifetime,
                       "lease-seconds", config->lease_seconds,
                       "page-size", config->page_size,
                       NULL);
}

gboolean
hub_sim_cloud_add_camera (HubSimCloud *self, const HubSimCameraConfig *camera_config,
                          HubSimCamera *camera, GError **error)
{
  g_return_val_if_fail (HUB_IS_SIM_CLOUD (self), FALSE);
  g_return_val_if_fail (camera_config != NULL, FALSE);
  g_return_val_if_fail (HUB_IS_SIM_CAMERA (camera), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return hub_sim_cloud_streams_add_camera (self, camera_config, camera, error);
}

static GInetAddress *
parse_loopback (const char *host, GError **error)
{
  g_autoptr (GInetAddress) address = NULL;

  if (g_str_equal (host, "localhost"))
    return g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  address = g_inet_address_new_from_string (host);
  if (address == NULL || !g_inet_address_get_is_loopback (address))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "Refusing to listen on “%s”: the simulator listens on loopback addresses only "
                   "(127.0.0.1, ::1, localhost)",
                   host);
      return NULL;
    }
  return g_steal_pointer (&address);
}

gboolean
hub_sim_cloud_listen (HubSimCloud *self, const char *address, GError **error)
{
  g_autoptr (GSocketConnectable) connectable = NULL;
  g_autoptr (GInetAddress) inet = NULL;
  g_autoptr (GSocketAddress) socket_address = NULL;
  g_autofree char *host = NULL;
  GSList *uris;
  guint16 port;

  g_return_val_if_fail (HUB_IS_SIM_CLOUD (self), FALSE);
  g_return_val_if_fail (address != NULL, FALSE);
  g_return_val_if_fail (self->uri == NULL, FALSE);

  connectable = g_network_address_parse (address, 0, error);
  if (connectable == NULL)
    return FALSE;
  inet = parse_loopback (g_network_address_get_hostname (G_NETWORK_ADDRESS (connectable)), error);
  if (inet == NULL)
    return FALSE;
  port = g_network_address_get_port (G_NETWORK_ADDRESS (connectable));
  socket_address = g_inet_socket_address_new (inet, port);
  if (!soup_server_listen (self->server, socket_address, 0, error))
    return FALSE;

  uris = soup_server_get_uris (self->server);
  g_assert (uris != NULL);
  port = (guint16) g_uri_get_port (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  host = g_inet_address_to_string (inet);
  self->uri = g_inet_address_get_family (inet) == G_SOCKET_FAMILY_IPV6
                  ? g_strdup_printf ("http://[%s]:%u", host, port)
                  : g_strdup_printf ("http://%s:%u", host, port);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_URI]);
  return TRUE;
}

const char *
hub_sim_cloud_get_uri (HubSimCloud *self)
{
  g_return_val_if_fail (HUB_IS_SIM_CLOUD (self), NULL);

  return self->uri;
}

static void
hub_sim_cloud_constructed (GObject *object)
{
  HubSimCloud *self = HUB_SIM_CLOUD (object);

  G_OBJECT_CLASS (hub_sim_cloud_parent_class)->constructed (object);

  if (self->faults == NULL)
    self->faults = g_ptr_array_new_with_free_func ((GDestroyNotify) hub_sim_fault_free);
}

static void
hub_sim_cloud_dispose (GObject *object)
{
  HubSimCloud *self = HUB_SIM_CLOUD (object);

  if (self->server != NULL)
    soup_server_disconnect (self->server);
  g_list_free_full (g_steal_pointer (&self->paused), (GDestroyNotify) hub_sim_request_free);
  g_clear_object (&self->server);
  hub_sim_cloud_streams_clear (self);

  G_OBJECT_CLASS (hub_sim_cloud_parent_class)->dispose (object);
}

static void
hub_sim_cloud_finalize (GObject *object)
{
  HubSimCloud *self = HUB_SIM_CLOUD (object);

  hub_sim_cloud_auth_clear (self);
  g_clear_pointer (&self->fault_uses, g_hash_table_unref);
  g_clear_pointer (&self->faults, g_ptr_array_unref);
  g_free (self->client_id);
  g_free (self->rtsp_host);
  g_free (self->uri);

  G_OBJECT_CLASS (hub_sim_cloud_parent_class)->finalize (object);
}

static guint *
uint_field (HubSimCloud *self, guint prop_id)
{
  switch (prop_id)
    {
    case PROP_APPROVE_AFTER:
      return &self->approve_after;
    case PROP_INTERVAL:
      return &self->interval;
    case PROP_CODE_LIFETIME:
      return &self->code_lifetime;
    case PROP_TOKEN_LIFETIME:
      return &self->token_lifetime;
    case PROP_LEASE_SECONDS:
      return &self->lease_seconds;
    case PROP_PAGE_SIZE:
      return &self->page_size;
    case PROP_RTSP_PORT:
      return &self->rtsp_port;
    default:
      return NULL;
    }
}

static void
hub_sim_cloud_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  HubSimCloud *self = HUB_SIM_CLOUD (object);
  guint *field = uint_field (self, prop_id);

  if (field != NULL)
    {
      g_value_set_uint (value, *field);
      return;
    }
  switch (prop_id)
    {
    case PROP_FAULTS:
      g_value_set_boxed (value, self->faults);
      break;
    case PROP_CLIENT_ID:
      g_value_set_string (value, self->client_id);
      break;
    case PROP_RTSP_HOST:
      g_value_set_string (value, self->rtsp_host);
      break;
    case PROP_URI:
      g_value_set_string (value, self->uri);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hub_sim_cloud_set_property (GObject *object, guint prop_id, const GValue *value,
                            GParamSpec *pspec)
{
  HubSimCloud *self = HUB_SIM_CLOUD (object);
  guint *field = uint_field (self, prop_id);

  if (field != NULL)
    {
      if (*field != g_value_get_uint (value))
        {
          *field = g_value_get_uint (value);
          g_object_notify_by_pspec (object, pspec);
        }
      return;
    }
  switch (prop_id)
    {
    case PROP_FAULTS:
      g_clear_pointer (&self->faults, g_ptr_array_unref);
      self->faults = g_value_dup_boxed (value);
      break;
    case PROP_CLIENT_ID:
      g_free (self->client_id);
      self->client_id = g_value_dup_string (value);
      g_object_notify_by_pspec (object, pspec);
      break;
    case PROP_RTSP_HOST:
      g_free (self->rtsp_host);
      self->rtsp_host = g_value_dup_string (value);
      g_object_notify_by_pspec (object, pspec);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hub_sim_cloud_class_init (HubSimCloudClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags rw = G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS;

  object_class->constructed = hub_sim_cloud_constructed;
  object_class->dispose = hub_sim_cloud_dispose;
  object_class->finalize = hub_sim_cloud_finalize;
  object_class->get_property = hub_sim_cloud_get_property;
  object_class->set_property = hub_sim_cloud_set_property;

  properties[PROP_FAULTS] =
      g_param_spec_boxed ("faults", NULL, "The faults to inject (GPtrArray of HubSimFault)",
                          G_TYPE_PTR_ARRAY,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CLIENT_ID] =
      g_param_spec_string ("client-id", NULL, "The only client_id accepted (NULL: any)", NULL, rw);
  properties[PROP_APPROVE_AFTER] =
      g_param_spec_uint ("approve-after", NULL, "Seconds until a sign-in code is approved", 0,
                         86400, 3, rw);
  properties[PROP_INTERVAL] = g_param_spec_uint ("interval", NULL, "Polling interval, s", 1, 3600,
                                                 5, rw);
  properties[PROP_CODE_LIFETIME] =
      g_param_spec_uint ("code-lifetime", NULL, "Lifetime of a device code, s", 1, 86400, 600, rw);
  properties[PROP_TOKEN_LIFETIME] =
      g_param_spec_uint ("token-lifetime", NULL, "Lifetime of an access token, s", 1, 7 * 86400,
                         3600, rw);
  properties[PROP_LEASE_SECONDS] =
      g_param_spec_uint ("lease-seconds", NULL, "Lifetime of a stream token, s", 1, 86400, 300,
                         rw);
  properties[PROP_PAGE_SIZE] =
      g_param_spec_uint ("page-size", NULL, "Cameras per page", 1, 1000, 2, rw);
  properties[PROP_RTSP_HOST] =
      g_param_spec_string ("rtsp-host", NULL, "Host of the RTSP URLs", "127.0.0.1", rw);
  properties[PROP_RTSP_PORT] =
      g_param_spec_uint ("rtsp-port", NULL, "Port of the RTSP URLs", 0, 65535, 8554, rw);
  properties[PROP_URI] = g_param_spec_string ("uri", NULL, "Base URL once listening", NULL,
                                              G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
hub_sim_cloud_init (HubSimCloud *self)
{
  self->server = soup_server_new ("server-header", "hubview-sim/" HUB_VERSION " ", NULL);
  soup_server_add_handler (self->server, NULL, on_request, self, NULL);
  self->fault_uses = g_hash_table_new (NULL, NULL);
  hub_sim_cloud_auth_init (self);
  hub_sim_cloud_streams_init (self);
}

