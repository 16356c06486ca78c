/* fuzz-stream-lease.c — libFuzzer target: the stream lease and the sign-in code
 *
 * The input is a reply body (cloud-api.md), read as the reply of
 *   - openStream (hub_stream_info_parse, rtspUrl required),
 *   - extendStream (the same, rtspUrl not required),
 *   - POST /oauth/device_authorization (hub_device_authorization_parse).
 * Invariants: a parse that succeeds gives its result and no error, one that
 * fails none and a HUB_CLOUD_ERROR_MALFORMED error; a lease has the camera
 * asked for, two tokens, and from openStream an rtsp:// or rtsps:// URL
 * with a host; what openStream accepts extendStream accepts too, with the
 * same tokens and expiry; the URL with a new token (the next connection
 * after an extension) is a URL of the same scheme and host whose auth= is
 * that token; a copy is equal; a device authorization's fields are within
 * their bounds.
 *
 * Copyright 2026 hubview developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <string.h>

#include "fuzz-glib.h"
#include "hub-cloud-sign-in-private.h"
#include "hub-cloud-streams-private.h"

#define CAMERA_ID "cam-frontdoor"

static bool
infos_equal (const HubStreamInfo *a, const HubStreamInfo *b)
{
  return g_strcmp0 (a->camera_id, b->camera_id) == 0 && g_strcmp0 (a->rtsp_url, b->rtsp_url) == 0
         && g_strcmp0 (a->stream_token, b->stream_token) == 0
         && g_strcmp0 (a->extension_token, b->extension_token) == 0
         && a->expires_at_us == b->expires_at_us
         && memcmp (a->nonce, b->nonce, sizeof a->nonce) == 0;
}

static void
check_url_with_token (const char *url, const char *token)
{
  g_autofree char *with = hub_stream_url_with_token (url, token);
  g_autofree char *escaped = g_uri_escape_string (token, NULL, FALSE);
  g_autofree char *param = g_strconcat ("auth=", escaped, NULL);
  g_autoptr (GUri) before = g_uri_parse (url, G_URI_FLAGS_ENCODED, NULL);
  g_autoptr (GUri) after = NULL;
  g_auto (GStrv) params = NULL;
  bool found = false;

  FUZZ_CHECK (with != NULL);
  after = g_uri_parse (with, G_URI_FLAGS_ENCODED, NULL);
  FUZZ_CHECK (before != NULL && after != NULL);
  FUZZ_CHECK (g_ascii_strcasecmp (g_uri_get_scheme (before), g_uri_get_scheme (after)) == 0);
  FUZZ_CHECK (g_strcmp0 (g_uri_get_host (before), g_uri_get_host (after)) == 0);
  FUZZ_CHECK (g_uri_get_port (before) == g_uri_get_port (after));
  FUZZ_CHECK (g_uri_get_query (after) != NULL);
  params = g_strsplit (g_uri_get_query (after), "&", -1);
  for (guint i = 0; params[i] != NULL; i++)
    {
      if (g_str_has_prefix (params[i], "auth="))
        {
          FUZZ_CHECK (g_str_equal (params[i], param));
          found = true;
        }
    }
  FUZZ_CHECK (found);
}

static void
check_stream_info (JsonObject *reply)
{
  g_autoptr (GError) open_error = NULL;
  g_autoptr (GError) extend_error = NULL;
  g_autoptr (HubStreamInfo) opened = hub_stream_info_parse (reply, CAMERA_ID, TRUE, &open_error);
  g_autoptr (HubStreamInfo) extended
      = hub_stream_info_parse (reply, CAMERA_ID, FALSE, &extend_error);

  FUZZ_CHECK_OUTCOME (opened != NULL, open_error);
  FUZZ_CHECK_OUTCOME (extended != NULL, extend_error);
  if (open_error != NULL)
    FUZZ_CHECK (g_error_matches (open_error, HUB_CLOUD_ERROR, HUB_CLOUD_ERROR_MALFORMED));
  if (extend_error != NULL)
    FUZZ_CHECK (g_error_matches (extend_error, HUB_CLOUD_ERROR, HUB_CLOUD_ERROR_MALFORMED));

  if (extended != NULL)
    {
      g_autoptr (HubStreamInfo) copy = hub_stream_info_copy (extended);

      FUZZ_CHECK (g_str_equal (extended->camera_id, CAMERA_ID));
      FUZZ_CHECK (fuzz_token_ok (extended->stream_token));
      FUZZ_CHECK (fuzz_token_ok (extended->extension_token));
      FUZZ_CHECK (infos_equal (extended, copy));
    }
  if (opened != NULL)
    {
      g_autoptr (GUri) uri = NULL;

      /* openStream's checks include extendStream's */
      FUZZ_CHECK (extended != NULL);
      FUZZ_CHECK (g_str_equal (opened->camera_id, CAMERA_ID));
      FUZZ_CHECK (g_str_equal (opened->stream_token, extended->stream_token));
      FUZZ_CHECK (g_str_equal (opened->extension_token, extended->extension_token));
      FUZZ_CHECK (opened->expires_at_us == extended->expires_at_us);
      FUZZ_CHECK (g_strcmp0 (opened->rtsp_url, extended->rtsp_url) == 0);

      FUZZ_CHECK (opened->rtsp_url != NULL);
      uri = g_uri_parse (opened->rtsp_url, G_URI_FLAGS_ENCODED, NULL);
      FUZZ_CHECK (uri != NULL);
      FUZZ_CHECK (g_ascii_strcasecmp (g_uri_get_scheme (uri), "rtsp") == 0
                  || g_ascii_strcasecmp (g_uri_get_scheme (uri), "rtsps") == 0);
      FUZZ_CHECK (g_uri_get_host (uri) != NULL && g_uri_get_host (uri)[0] != '\0');

      /* the next connection after an extension: new token in the same URL */
      check_url_with_token (opened->rtsp_url, extended->extension_token);
    }
}

static void
check_device_authorization (JsonObject *reply)
{
  g_autoptr (GError) error = NULL;
  HubDeviceAuthorization auth;
  gboolean ok;

  memset (&auth, 0xa5, sizeof auth);
  ok = hub_device_authorization_parse (reply, &auth, &error);
  FUZZ_CHECK_OUTCOME (ok, error);
  if (ok)
    {
      gsize user_len;

      FUZZ_CHECK (fuzz_token_ok (auth.device_code) && strlen (auth.device_code) <= 1024);
      FUZZ_CHECK (auth.user_code != NULL);
      user_len = strlen (auth.user_code);
      FUZZ_CHECK (user_len >= 1 && user_len <= 64);
      for (const char *p = auth.user_code; *p != '\0'; p = g_utf8_next_char (p))
        {
          FUZZ_CHECK (p < auth.user_code + user_len);
          FUZZ_CHECK (!g_unichar_iscntrl (g_utf8_get_char (p)));
        }
      FUZZ_CHECK (auth.verification_uri != NULL && strlen (auth.verification_uri) <= 2048);
      FUZZ_CHECK (auth.verification_uri_complete == NULL
                  || strlen (auth.verification_uri_complete) <= 2048);
      FUZZ_CHECK (auth.expires_in >= 1 && auth.expires_in <= 86400);
      FUZZ_CHECK (auth.interval >= 1 && auth.interval <= 3600);
    }
  else
    {
      FUZZ_CHECK (g_error_matches (error, HUB_CLOUD_ERROR, HUB_CLOUD_ERROR_MALFORMED));
      FUZZ_CHECK (auth.device_code == NULL && auth.user_code == NULL
                  && auth.verification_uri == NULL && auth.verification_uri_complete == NULL);
    }
  hub_device_authorization_clear (&auth);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr (JsonParser) parser = NULL;
  JsonObject *reply;

  fuzz_glib_init ();
  reply = fuzz_parse_object (data, size, &parser);
  if (reply == NULL)
    return 0;
  check_stream_info (reply);
  check_device_authorization (reply);
  return 0;
}
