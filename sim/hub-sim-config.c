/* hub-sim-config.c — demo cameras, the --config keyfile and the settings of hubview-sim
 *
 * Copyright 2026 hubview developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#define G_LOG_DOMAIN "hub-sim-config"

#include "hub-sim-config.h"

#include <sodium.h>
#include <string.h>

#include "hub-device-cert.h"

#define DEMO_ROOT_LABEL "hubview demo root"
#define DEMO_CAMERA_LABEL "hubview demo camera "

static const struct
{
  const char *id;
  const char *name;
  const char *room;
} demo_cameras[] = {
  { "cam-frontdoor", "Front door", "Entrance" },
  { "cam-garage", "Garage", "Garage" },
  { "cam-backyard", "Backyard", "Garden" },
  { "cam-nursery", "Nursery", "Nursery" },
};

void
hub_sim_demo_seed (const char *label, guint8 seed[HUB_SIM_SEED_SIZE])
{
  G_STATIC_ASSERT (HUB_SIM_SEED_SIZE == crypto_hash_sha256_BYTES);

  crypto_hash_sha256 (seed, (const guint8 *) label, strlen (label));
}

void
hub_sim_demo_camera_seed (const char *device_id, guint8 seed[HUB_SIM_SEED_SIZE])
{
  g_autofree char *label = g_strconcat (DEMO_CAMERA_LABEL, device_id, NULL);

  hub_sim_demo_seed (label, seed);
}

static void
camera_config_free (HubSimCameraConfig *camera)
{
  if (camera == NULL)
    return;

  g_free (camera->id);
  g_free (camera->name);
  g_free (camera->room);
  g_free (camera->model);
  g_free (camera->pattern);
  sodium_memzero (camera->seed, sizeof camera->seed);
  g_free (camera);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HubSimCameraConfig, camera_config_free)

/* A camera with a derived seed and the video format left to the config's (0). */
static HubSimCameraConfig *
camera_config_new (const char *id, const char *name, const char *room)
{
  HubSimCameraConfig *camera = g_new0 (HubSimCameraConfig, 1);

  camera->id = g_strdup (id);
  camera->name = g_strdup (name);
  camera->room = g_strdup (room);
  camera->model = g_strdup (HUB_SIM_DEMO_MODEL);
  hub_sim_demo_camera_seed (id, camera->seed);
  return camera;
}

static void
add_demo_camera (GPtrArray *cameras, guint index)
{
  HubSimCameraConfig *camera;

  if (index < G_N_ELEMENTS (demo_cameras))
    camera = camera_config_new (demo_cameras[index].id, demo_cameras[index].name,
                                demo_cameras[index].room);
  else
    {
      g_autofree char *id = g_strdup_printf ("cam-%u", index);
      g_autofree char *name = g_strdup_printf ("Camera %u", index);

      camera = camera_config_new (id, name, "Test room");
    }
  g_ptr_array_add (cameras, camera);
}

HubSimConfig *
hub_sim_config_new (void)
{
  HubSimConfig *config = g_new0 (HubSimConfig, 1);

  config->listen = g_strdup ("127.0.0.1:8480");
  config->client_id = NULL;
  config->approve_after = 3;
  config->interval = 5;
  config->code_lifetime = 600;
  config->token_lifetime = 3600;
  config->lease_seconds = 300;
  config->page_size = 2;
  config->rtsp_port = 8554;
  config->width = 640;
  config->height = 360;
  config->fps = 15;
  config->cameras = g_ptr_array_new_with_free_func ((GDestroyNotify) camera_config_free);
  config->faults = g_ptr_array_new_with_free_func ((GDestroyNotify) hub_sim_fault_free);
  for (guint i = 0; i < G_N_ELEMENTS (demo_cameras); i++)
    add_demo_camera (config->cameras, i);
  return config;
}

void
hub_sim_config_free (HubSimConfig *config)
{
  if (config == NULL)
    return;

  g_free (config->listen);
  g_free (config->client_id);
  g_clear_pointer (&config->cameras, g_ptr_array_unref);
  g_clear_pointer (&config->faults, g_ptr_array_unref);
  g_free (config);
}

/* Keyfile helpers: every key is checked, so that a typo is an error, not a
 * silently ignored line. */

static gboolean
get_uint (GKeyFile *keyfile, const char *group, const char *key, guint min, guint max,
          guint *out, GError **error)
{
  g_autofree char *value = g_key_file_get_value (keyfile, group, key, NULL);
  guint64 n = 0;

  g_assert (value != NULL);
  g_strstrip (value);
  if (!g_ascii_string_to_unsigned (value, 10, min, max, &n, NULL))
    {
      g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                   "[%s] %s=%s: expected a whole number from %u to %u", group, key, value, min,
                   max);
      return FALSE;
    }
  *out = (guint) n;
  return TRUE;
}

static char *
get_string (GKeyFile *keyfile, const char *group, const char *key, GError **error)
{
  g_autofree char *value = g_key_file_get_string (keyfile, group, key, error);

  if (value == NULL)
    return NULL;
  g_strstrip (value);
  return g_steal_pointer (&value);
}

static gboolean
unknown_key (const char *group, const char *key, const char *known, GError **error)
{
  g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_KEY_NOT_FOUND,
               "[%s]: unknown key “%s” (known: %s)", group, key, known);
  return FALSE;
}

static gboolean
load_cloud_group (HubSimConfig *config, GKeyFile *keyfile, const char *group, GError **error)
{
  g_auto (GStrv) keys = g_key_file_get_keys (keyfile, group, NULL, NULL);

  for (guint i = 0; keys[i] != NULL; i++)
    {
      const char *key = keys[i];
      gboolean ok;

      if (g_str_equal (key, "listen"))
        {
          g_free (config->listen);
          config->listen = get_string (keyfile, group, key, error);
          ok = config->listen != NULL;
        }
      else if (g_str_equal (key, "client-id"))
        {
          g_free (config->client_id);
          config->client_id = get_string (keyfile, group, key, error);
          ok = config->client_id != NULL;
        }
      else if (g_str_equal (key, "approve-after"))
        ok = get_uint (keyfile, group, key, 0, 86400, &config->approve_after, error);
      else if (g_str_equal (key, "interval"))
        ok = get_uint (keyfile, group, key, 1, 3600, &config->interval, error);
      else if (g_str_equal (key, "code-lifetime"))
        ok = get_uint (keyfile, group, key, 1, 86400, &config->code_lifetime, error);
      else if (g_str_equal (key, "token-lifetime"))
        ok = get_uint (keyfile, group, key, 1, 7 * 86400, &config->token_lifetime, error);
      else if (g_str_equal (key, "lease-seconds"))
        ok = get_uint (keyfile, group, key, 1, 86400, &config->lease_seconds, error);
      else if (g_str_equal (key, "page-size"))
        ok = get_uint (keyfile, group, key, 1, 1000, &config->page_size, error);
      else
        ok = unknown_key (group, key,
                          "listen, client-id, approve-after, interval, code-lifetime, "
                          "token-lifetime, lease-seconds, page-size",
                          error);
      if (!ok)
        return FALSE;
    }
  return TRUE;
}

static gboolean
get_video (GKeyFile *keyfile, const char *group, const char *key, guint *width, guint *height,
           guint *fps, gboolean *handled, GError **error)
{
  *handled = TRUE;
  if (g_str_equal (key, "width"))
    return get_uint (keyfile, group, key, 16, 3840, width, error);
  if (g_str_equal (key, "height"))
    return get_uint (keyfile, group, key, 16, 2160, height, error);
  if (g_str_equal (key, "fps"))
    return get_uint (keyfile, group, key, 1, 60, fps, error);
  *handled = FALSE;
  return TRUE;
}

static gboolean
load_video_group (HubSimConfig *config, GKeyFile *keyfile, const char *group, GError **error)
{
  g_auto (GStrv) keys = g_key_file_get_keys (keyfile, group, NULL, NULL);

  for (guint i = 0; keys[i] != NULL; i++)
    {
      gboolean handled;

      if (g_str_equal (keys[i], "rtsp-port"))
        {
          if (!get_uint (keyfile, group, keys[i], 0, 65535, &config->rtsp_port, error))
            return FALSE;
          continue;
        }
      if (!get_video (keyfile, group, keys[i], &config->width, &config->height, &config->fps,
                      &handled, error))
        return FALSE;
      if (!handled)
        return unknown_key (group, keys[i], "rtsp-port, width, height, fps", error);
    }
  return TRUE;
}

static gboolean
parse_seed (const char *group, const char *value, guint8 seed[HUB_SIM_SEED_SIZE],
            GError **error)
{
  if (strlen (value) != 2 * HUB_SIM_SEED_SIZE || !hub_hex_decode (value, seed, HUB_SIM_SEED_SIZE))
    {
      g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                   "[%s] seed: expected “derived” or %d hex digits (an Ed25519 seed)", group,
                   2 * HUB_SIM_SEED_SIZE);
      return FALSE;
    }
  return TRUE;
}

static void
replace_string (char **slot, char **value)
{
  g_free (*slot);
  *slot = g_steal_pointer (value);
}

static gboolean
load_camera_group (GPtrArray *cameras, GKeyFile *keyfile, const char *group, const char *id,
                   GError **error)
{
  g_autoptr (HubSimCameraConfig) camera = camera_config_new (id, id, "");
  g_auto (GStrv) keys = g_key_file_get_keys (keyfile, group, NULL, NULL);

  for (guint i = 0; keys[i] != NULL; i++)
    {
      const char *key = keys[i];
      g_autofree char *value = get_string (keyfile, group, key, error);
      gboolean handled;

      if (value == NULL)
        return FALSE;
      if (g_str_equal (key, "name"))
        replace_string (&camera->name, &value);
      else if (g_str_equal (key, "room"))
        replace_string (&camera->room, &value);
      else if (g_str_equal (key, "model"))
        replace_string (&camera->model, &value);
      else if (g_str_equal (key, "pattern"))
        replace_string (&camera->pattern, &value);
      else if (g_str_equal (key, "seed"))
        {
          if (!g_str_equal (value, "derived") && !parse_seed (group, value, camera->seed, error))
            return FALSE;
        }
      else
        {
          if (!get_video (keyfile, group, key, &camera->width, &camera->height, &camera->fps,
                          &handled, error))
            return FALSE;
          if (!handled)
            return unknown_key (group, key, "name, room, model, pattern, seed, width, height, fps",
                                error);
        }
    }
  g_ptr_array_add (cameras, g_steal_pointer (&camera));
  return TRUE;
}

static gboolean
load_fault_group (HubSimConfig *config, GKeyFile *keyfile, const char *group, GError **error)
{
  g_auto (GStrv) keys = g_key_file_get_keys (keyfile, group, NULL, NULL);
  g_autofree char *camera = NULL;
  g_autofree char *kind = NULL;
  g_autofree char *args = NULL;
  g_autofree char *spec = NULL;
  g_autoptr (GError) local_error = NULL;

  for (guint i = 0; keys[i] != NULL; i++)
    {
      char **slot;

      if (g_str_equal (keys[i], "camera"))
        slot = &camera;
      else if (g_str_equal (keys[i], "kind"))
        slot = &kind;
      else if (g_str_equal (keys[i], "args"))
        slot = &args;
      else
        return unknown_key (group, keys[i], "camera, kind, args", error);
      g_free (*slot);
      *slot = get_string (keyfile, group, keys[i], error);
      if (*slot == NULL)
        return FALSE;
    }
  if (camera == NULL || kind == NULL)
    {
      g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_KEY_NOT_FOUND,
                   "[%s]: needs camera= and kind=", group);
      return FALSE;
    }

  spec = args != NULL ? g_strdup_printf ("%s:%s=%s", camera, kind, args)
                      : g_strdup_printf ("%s:%s", camera, kind);
  if (!hub_sim_config_add_fault (config, spec, &local_error))
    {
      g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE, "[%s]: %s", group,
                   local_error->message);
      return FALSE;
    }
  return TRUE;
}

gboolean
hub_sim_config_load_file (HubSimConfig *config, const char *path, GError **error)
{
  g_autoptr (GKeyFile) keyfile = g_key_file_new ();
  g_autoptr (GPtrArray) cameras = NULL;
  g_autoptr (GError) local_error = NULL;
  g_auto (GStrv) groups = NULL;

  g_return_val_if_fail (config != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (!g_key_file_load_from_file (keyfile, path, G_KEY_FILE_NONE, &local_error))
    {
      g_set_error (error, local_error->domain, local_error->code, "%s: %s", path,
                   local_error->message);
      return FALSE;
    }

  cameras = g_ptr_array_new_with_free_func ((GDestroyNotify) camera_config_free);
  groups = g_key_file_get_groups (keyfile, NULL);
  for (guint i = 0; groups[i] != NULL; i++)
    {
      const char *group = groups[i];
      gboolean ok;

      if (g_str_equal (group, "cloud"))
        ok = load_cloud_group (config, keyfile, group, &local_error);
      else if (g_str_equal (group, "video"))
        ok = load_video_group (config, keyfile, group, &local_error);
      else if (g_str_has_prefix (group, "camera "))
        ok = load_camera_group (cameras, keyfile, group, group + strlen ("camera "), &local_error);
      else if (g_str_has_prefix (group, "fault "))
        ok = load_fault_group (config, keyfile, group, &local_error);
      else
        {
          g_set_error (&local_error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_GROUP_NOT_FOUND,
                       "unknown group [%s] (known: [cloud], [video], [camera ID], [fault NAME])",
                       group);
          ok = FALSE;
        }
      if (!ok)
        {
          g_set_error (error, local_error->domain, local_error->code, "%s: %s", path,
                       local_error->message);
          return FALSE;
        }
    }

  /* A file that lists cameras replaces the demo four. */
  if (cameras->len > 0)
    {
      g_ptr_array_unref (config->cameras);
      config->cameras = g_steal_pointer (&cameras);
    }
  return TRUE;
}

gboolean
hub_sim_config_set_n_cameras (HubSimConfig *config, guint n, GError **error)
{
  g_return_val_if_fail (config != NULL, FALSE);

  if (n < 1 || n > HUB_SIM_MAX_CAMERAS)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "--cameras %u: expected 1 to %d cameras", n, HUB_SIM_MAX_CAMERAS);
      return FALSE;
    }
  if (n < config->cameras->len)
    g_ptr_array_set_size (config->cameras, n);
  while (config->cameras->len < n)
    add_demo_camera (config->cameras, config->cameras->len);
  return TRUE;
}

void
hub_sim_config_set_video (HubSimConfig *config, guint width, guint height, guint fps)
{
  g_return_if_fail (config != NULL);

  for (guint i = 0; i < config->cameras->len; i++)
    {
      HubSimCameraConfig *camera = g_ptr_array_index (config->cameras, i);

      if (width)
        camera->width = width;
      if (height)
        camera->height = height;
      if (fps)
        camera->fps = fps;
    }
}

gboolean
hub_sim_config_add_fault (HubSimConfig *config, const char *spec, GError **error)
{
  HubSimFault *fault;

  g_return_val_if_fail (config != NULL, FALSE);

  fault = hub_sim_fault_parse (spec, error);
  if (fault == NULL)
    return FALSE;
  g_ptr_array_add (config->faults, fault);
  return TRUE;
}

const HubSimCameraConfig *
hub_sim_config_find_camera (HubSimConfig *config, const char *id)
{
  g_return_val_if_fail (config != NULL, NULL);

  for (guint i = 0; i < config->cameras->len; i++)
    {
      const HubSimCameraConfig *camera = g_ptr_array_index (config->cameras, i);

      if (g_str_equal (camera->id, id))
        return camera;
    }
  return NULL;
}

static gboolean
validate_camera (HubSimConfig *config, HubSimCameraConfig *camera, GError **error)
{
  if (!hub_device_id_is_valid (camera->id, strlen (camera->id)) ||
      g_str_equal (camera->id, "cloud"))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "Camera “%s”: a device ID is 1 to 64 of A-Z a-z 0-9 . _ : - (and not “cloud”)",
                   camera->id);
      return FALSE;
    }
  if (hub_sim_config_find_camera (config, camera->id) != camera)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "Camera “%s” is listed twice", camera->id);
      return FALSE;
    }
  if (*camera->name == '\0' || !g_utf8_validate (camera->name, -1, NULL) ||
      !g_utf8_validate (camera->room, -1, NULL))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "Camera “%s”: the name must be non-empty UTF-8, the room UTF-8", camera->id);
      return FALSE;
    }
  if (strlen (camera->model) > HUB_MODEL_MAX || !g_utf8_validate (camera->model, -1, NULL))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "Camera “%s”: the model must be UTF-8 of at most %d bytes", camera->id,
                   HUB_MODEL_MAX);
      return FALSE;
    }
  return TRUE;
}

gboolean
hub_sim_config_validate (HubSimConfig *config, GError **error)
{
  g_return_val_if_fail (config != NULL, FALSE);

  if (config->cameras->len == 0 || config->cameras->len > HUB_SIM_MAX_CAMERAS)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "Expected 1 to %d cameras, not %u", HUB_SIM_MAX_CAMERAS,
                   config->cameras->len);
      return FALSE;
    }
  if (config->page_size == 0 || config->interval == 0 || config->token_lifetime == 0 ||
      config->lease_seconds == 0 || config->code_lifetime == 0)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "The page size, polling interval and lifetimes must be at least 1");
      return FALSE;
    }

  for (guint i = 0; i < config->cameras->len; i++)
    {
      HubSimCameraConfig *camera = g_ptr_array_index (config->cameras, i);

      camera->index = i;
      if (!validate_camera (config, camera, error))
        return FALSE;
      /* 0 means "the config's format". */
      if (camera->width == 0)
        camera->width = config->width;
      if (camera->height == 0)
        camera->height = config->height;
      if (camera->fps == 0)
        camera->fps = config->fps;
    }

  for (guint i = 0; i < config->faults->len; i++)
    {
      const HubSimFault *fault = g_ptr_array_index (config->faults, i);

      if (!g_str_equal (fault->camera, "*") && !g_str_equal (fault->camera, "cloud") &&
          hub_sim_config_find_camera (config, fault->camera) == NULL)
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       "Fault %s names camera “%s”, which is not configured",
                       hub_sim_fault_kind_to_string (fault->kind), fault->camera);
          return FALSE;
        }
    }
  return TRUE;
}

char *
hub_sim_camera_config_make_certificate (const HubSimCameraConfig *camera, GError **error)
{
  guint8 root_seed[HUB_SIM_SEED_SIZE];
  guint8 root_pk[crypto_sign_PUBLICKEYBYTES];
  guint8 root_sk[crypto_sign_SECRETKEYBYTES];
  guint8 device_sk[crypto_sign_SECRETKEYBYTES];
  guint8 der[HUB_CERT_MAX_SIZE];
  HubDeviceCert cert = { 0 };
  gboolean signed_ok;
  size_t len;

  g_return_val_if_fail (camera != NULL, NULL);

  if (sodium_init () < 0)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED, "libsodium failed to initialise");
      return NULL;
    }

  cert.version = 1;
  crypto_sign_seed_keypair (cert.public_key, device_sk, camera->seed);
  sodium_memzero (device_sk, sizeof device_sk);
  cert.not_before = HUB_SIM_DEMO_NOT_BEFORE;
  cert.not_after = HUB_SIM_DEMO_NOT_AFTER;
  cert.device_id_len = (guint8) strlen (camera->id);
  g_strlcpy (cert.device_id, camera->id, sizeof cert.device_id);
  cert.model_len = (guint8) strlen (camera->model);
  g_strlcpy (cert.model, camera->model, sizeof cert.model);

  hub_sim_demo_seed (DEMO_ROOT_LABEL, root_seed);
  crypto_sign_seed_keypair (root_pk, root_sk, root_seed);
  signed_ok = hub_device_cert_sign (&cert, root_sk);
  sodium_memzero (root_sk, sizeof root_sk);
  sodium_memzero (root_seed, sizeof root_seed);

  len = signed_ok ? hub_device_cert_encode (&cert, der) : 0;
  if (len == 0)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                   "Camera “%s”: cannot make its device certificate", camera->id);
      return NULL;
    }
  return g_base64_encode (der, len);
}
