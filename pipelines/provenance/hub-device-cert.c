/* hub-device-cert.c — device certificates and trust roots (signed-frames v1 §4)
 *
 * Copyright 2026 hubview developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "hub-device-cert.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hub-big-endian.h"

static const char cert_context[16] = "HUBVIEW-DCERT-V1";

/* Strict UTF-8 (no overlongs, no surrogates, ≤ U+10FFFF), no NUL. */
static bool
utf8_is_valid (const uint8_t *s, size_t len)
{
  size_t i = 0;

  while (i < len)
    {
      uint8_t c = s[i];
      size_t extra;
      uint32_t cp;

      if (c == 0)
        return false;
      if (c < 0x80)
        {
          i++;
          continue;
        }
      if (c >= 0xc2 && c <= 0xdf)
        extra = 1, cp = c & 0x1f;
      else if (c >= 0xe0 && c <= 0xef)
        extra = 2, cp = c & 0x0f;
      else if (c >= 0xf0 && c <= 0xf4)
        extra = 3, cp = c & 0x07;
      else
        return false;
      if (extra >= len - i)
        return false;
      for (size_t k = 1; k <= extra; k++)
        {
          if ((s[i + k] & 0xc0) != 0x80)
            return false;
          cp = (cp << 6) | (s[i + k] & 0x3f);
        }
      if ((extra == 2 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff)))
          || (extra == 3 && (cp < 0x10000 || cp > 0x10ffff)))
        return false;
      i += extra + 1;
    }
  return true;
}

const char *
hub_cert_result_to_string (HubCertResult result)
{
  switch (result)
    {
    case HUB_CERT_OK:
      return "ok";
    case HUB_CERT_MALFORMED:
      return "malformed certificate";
    case HUB_CERT_UNKNOWN_ISSUER:
      return "issued by a root that is not trusted";
    case HUB_CERT_BAD_SIGNATURE:
      return "bad signature";
    case HUB_CERT_NOT_YET_VALID:
      return "not valid yet";
    case HUB_CERT_EXPIRED:
      return "expired";
    case HUB_CERT_WRONG_DEVICE:
      return "issued for another device ID";
    default:
      return "unknown error";
    }
}

bool
hub_device_cert_decode (const uint8_t *buf, size_t len, HubDeviceCert *cert)
{
  size_t pos = 0, n, m;

  if (len < HUB_CERT_MIN_SIZE || len > HUB_CERT_MAX_SIZE)
    return false;
  memset (cert, 0, sizeof *cert);
  cert->version = buf[pos++];
  if (cert->version != 1)
    return false;
  memcpy (cert->issuer_key_id, buf + pos, HUB_KEY_ID_SIZE);
  pos += HUB_KEY_ID_SIZE;
  memcpy (cert->public_key, buf + pos, HUB_PUBLIC_KEY_SIZE);
  pos += HUB_PUBLIC_KEY_SIZE;
  cert->not_before = hub_get_be64 (buf + pos);
  pos += 8;
  cert->not_after = hub_get_be64 (buf + pos);
  pos += 8;

  n = buf[pos++];
  if (n > len - pos || !hub_device_id_is_valid ((const char *) buf + pos, n))
    return false;
  cert->device_id_len = (uint8_t) n;
  memcpy (cert->device_id, buf + pos, n);
  cert->device_id[n] = '\0';
  pos += n;

  if (pos >= len)
    return false;
  m = buf[pos++];
  if (m > HUB_MODEL_MAX || m > len - pos || !utf8_is_valid (buf + pos, m))
    return false;
  cert->model_len = (uint8_t) m;
  memcpy (cert->model, buf + pos, m);
  cert->model[m] = '\0';
  pos += m;

  if (len - pos != HUB_SIGNATURE_SIZE)
    return false;
  memcpy (cert->signature, buf + pos, HUB_SIGNATURE_SIZE);
  return true;
}

bool
hub_device_cert_decode_base64 (const char *b64, HubDeviceCert *cert)
{
  uint8_t buf[HUB_CERT_MAX_SIZE];
  size_t len = 0;

  if (!hub_base64_decode (b64, buf, sizeof buf, &len))
    return false;
  return hub_device_cert_decode (buf, len, cert);
}

/* Everything the root's signature covers; returns its length or 0. */
static size_t
encode_signed_part (const HubDeviceCert *cert, uint8_t *out)
{
  size_t pos = 0;

  if (cert->version != 1 || !hub_device_id_is_valid (cert->device_id, cert->device_id_len)
      || cert->model_len > HUB_MODEL_MAX
      || !utf8_is_valid ((const uint8_t *) cert->model, cert->model_len))
    return 0;
  out[pos++] = cert->version;
  memcpy (out + pos, cert->issuer_key_id, HUB_KEY_ID_SIZE);
  pos += HUB_KEY_ID_SIZE;
  memcpy (out + pos, cert->public_key, HUB_PUBLIC_KEY_SIZE);
  pos += HUB_PUBLIC_KEY_SIZE;
  hub_put_be64 (out + pos, cert->not_before);
  pos += 8;
  hub_put_be64 (out + pos, cert->not_after);
  pos += 8;
  out[pos++] = cert->device_id_len;
  memcpy (out + pos, cert->device_id, cert->device_id_len);
  pos += cert->device_id_len;
  out[pos++] = cert->model_len;
  memcpy (out + pos, cert->model, cert->model_len);
  pos += cert->model_len;
  return pos;
}

size_t
hub_device_cert_encode (const HubDeviceCert *cert, uint8_t *out)
{
  size_t n = encode_signed_part (cert, out);

  if (n == 0)
    return 0;
  memcpy (out + n, cert->signature, HUB_SIGNATURE_SIZE);
  return n + HUB_SIGNATURE_SIZE;
}

static size_t
signed_message (const HubDeviceCert *cert, uint8_t *msg)
{
  size_t n;

  memcpy (msg, cert_context, sizeof cert_context);
  n = encode_signed_part (cert, msg + sizeof cert_context);
  return n == 0 ? 0 : n + sizeof cert_context;
}

bool
hub_device_cert_sign (HubDeviceCert *cert, const uint8_t root_secret_key[HUB_SECRET_KEY_SIZE])
{
  uint8_t msg[16 + HUB_CERT_MAX_SIZE];
  size_t m;

  hub_key_id (root_secret_key + 32, cert->issuer_key_id);
  m = signed_message (cert, msg);
  if (m == 0)
    return false;
  return crypto_sign_detached (cert->signature, NULL, msg, m, root_secret_key) == 0;
}

void
hub_trust_roots_init (HubTrustRoots *roots)
{
  roots->n_roots = 0;
  roots->roots = NULL;
}

void
hub_trust_roots_clear (HubTrustRoots *roots)
{
  free (roots->roots);
  hub_trust_roots_init (roots);
}

bool
hub_trust_roots_add (HubTrustRoots *roots, const uint8_t public_key[HUB_PUBLIC_KEY_SIZE])
{
  uint8_t (*grown)[HUB_PUBLIC_KEY_SIZE];

  for (size_t i = 0; i < roots->n_roots; i++)
    if (memcmp (roots->roots[i], public_key, HUB_PUBLIC_KEY_SIZE) == 0)
      return true;
  grown = realloc (roots->roots, (roots->n_roots + 1) * sizeof *grown);
  if (grown == NULL)
    return false;
  roots->roots = grown;
  memcpy (roots->roots[roots->n_roots++], public_key, HUB_PUBLIC_KEY_SIZE);
  return true;
}

bool
hub_trust_roots_add_base64 (HubTrustRoots *roots, const char *b64)
{
  uint8_t key[HUB_PUBLIC_KEY_SIZE + 1];
  size_t len = 0;

  if (!hub_base64_decode (b64, key, sizeof key, &len) || len != HUB_PUBLIC_KEY_SIZE)
    return false;
  return hub_trust_roots_add (roots, key);
}

bool
hub_trust_roots_add_file (HubTrustRoots *roots, const char *path, char *err, size_t err_len)
{
  char line[256];
  size_t n;
  FILE *f = fopen (path, "re");

  if (f == NULL)
    {
      snprintf (err, err_len, "%s: %s", path, strerror (errno));
      return false;
    }
  n = fread (line, 1, sizeof line - 1, f);
  fclose (f);
  line[n] = '\0';
  if (n == sizeof line - 1 || !hub_trust_roots_add_base64 (roots, line))
    {
      snprintf (err, err_len, "%s: not one base64 Ed25519 public key", path);
      return false;
    }
  return true;
}

static int
compare_names (const void *a, const void *b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

int
hub_trust_roots_add_dir (HubTrustRoots *roots, const char *dir, int *n_bad)
{
  DIR *d = opendir (dir);
  struct dirent *e;
  char **names = NULL;
  size_t n_names = 0;
  int added = 0, bad = 0;

  if (d == NULL)
    return -1;
  while ((e = readdir (d)) != NULL)
    {
      size_t len = strlen (e->d_name);
      char **grown;

      if (len < 5 || e->d_name[0] == '.' || strcmp (e->d_name + len - 4, ".pub") != 0)
        continue;
      grown = realloc (names, (n_names + 1) * sizeof *names);
      if (grown == NULL)
        break;
      names = grown;
      names[n_names] = strdup (e->d_name);
      if (names[n_names] != NULL)
        n_names++;
    }
  closedir (d);

  qsort (names, n_names, sizeof *names, compare_names);
  for (size_t i = 0; i < n_names; i++)
    {
      char path[4096], err[512];

      snprintf (path, sizeof path, "%s/%s", dir, names[i]);
      if (hub_trust_roots_add_file (roots, path, err, sizeof err))
        added++;
      else
        bad++;
      free (names[i]);
    }
  free (names);
  if (n_bad != NULL)
    *n_bad = bad;
  return added;
}

HubCertResult
hub_device_cert_verify (const HubDeviceCert *cert, const HubTrustRoots *roots, uint64_t now,
                        const char *expected_device_id)
{
  uint8_t msg[16 + HUB_CERT_MAX_SIZE];
  const uint8_t *root = NULL;
  size_t m;

  m = signed_message (cert, msg);
  if (m == 0)
    return HUB_CERT_MALFORMED;
  for (size_t i = 0; i < roots->n_roots && root == NULL; i++)
    {
      uint8_t key_id[HUB_KEY_ID_SIZE];

      hub_key_id (roots->roots[i], key_id);
      if (memcmp (key_id, cert->issuer_key_id, HUB_KEY_ID_SIZE) == 0)
        root = roots->roots[i];
    }
  if (root == NULL)
    return HUB_CERT_UNKNOWN_ISSUER;
  if (crypto_sign_verify_detached (cert->signature, msg, m, root) != 0)
    return HUB_CERT_BAD_SIGNATURE;
  if (now < cert->not_before)
    return HUB_CERT_NOT_YET_VALID;
  if (now > cert->not_after)
    return HUB_CERT_EXPIRED;
  if (expected_device_id != NULL && strcmp (expected_device_id, cert->device_id) != 0)
    return HUB_CERT_WRONG_DEVICE;
  return HUB_CERT_OK;
}

bool
hub_hex_decode (const char *hex, uint8_t *out, size_t out_len)
{
  size_t bin_len = 0;
  const char *end = NULL;

  if (hex == NULL || strlen (hex) != out_len * 2)
    return false;
  if (sodium_hex2bin (out, out_len, hex, out_len * 2, NULL, &bin_len, &end) != 0)
    return false;
  return bin_len == out_len && *end == '\0';
}

bool
hub_base64_decode (const char *b64, uint8_t *out, size_t out_cap, size_t *out_len)
{
  const char *end = NULL;
  size_t len;

  if (b64 == NULL)
    return false;
  while (*b64 == ' ' || *b64 == '\t' || *b64 == '\r' || *b64 == '\n')
    b64++;
  len = strlen (b64);
  while (len > 0 && (b64[len - 1] == ' ' || b64[len - 1] == '\t' || b64[len - 1] == '\r'
                     || b64[len - 1] == '\n'))
    len--;
  if (len == 0)
    return false;
  if (sodium_base642bin (out, out_cap, b64, len, NULL, out_len, &end,
                         sodium_base64_VARIANT_ORIGINAL) == 0
      && end == b64 + len)
    return true;
  return sodium_base642bin (out, out_cap, b64, len, NULL, out_len, &end,
                            sodium_base64_VARIANT_ORIGINAL_NO_PADDING) == 0
         && end == b64 + len;
}
