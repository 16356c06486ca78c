/* hub-paint-check.c — the view's own check of a frame before it is painted
 *
 * Copyright 2026 hubview developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#define G_LOG_DOMAIN "hub-paint-check"

#include "hub-paint-check.h"

#include <string.h>

const char *
hub_paint_check_to_string (HubPaintCheck check)
{
  static const char *const names[] = { "ok",           "no-identity",   "no-key",
                                       "malformed",    "wrong-device",  "wrong-session",
                                       "bad-signature" };

  return (guint) check < G_N_ELEMENTS (names) ? names[check] : "invalid";
}

HubPaintCheck
hub_paint_check (const HubFrameIdentity *identity, const char *device_id,
                 const guint8 *public_key, const guint8 *nonce)
{
  HubFrameTag tag;

  if (identity == NULL || identity->tag_len == 0 || identity->tag_len > sizeof identity->tag)
    return HUB_PAINT_NO_IDENTITY;
  if (public_key == NULL || device_id == NULL || nonce == NULL)
    return HUB_PAINT_NO_KEY;
  if (!hub_frame_tag_decode (identity->tag, identity->tag_len, &tag))
    return HUB_PAINT_MALFORMED;
  /* the fields travel twice (parsed and as bytes): they must agree, or the
   * counter and capture time shown would not be the signed ones */
  if (tag.counter != identity->counter || tag.capture_time_us != identity->capture_time_us
      || strcmp (tag.device_id, identity->device_id) != 0
      || memcmp (tag.nonce, identity->nonce, HUB_NONCE_SIZE) != 0)
    return HUB_PAINT_MALFORMED;
  /* in the order of the gate's reasons (§5): the cheap comparisons name
   * the foreign frame; the signature is checked for every frame all the same */
  if (strcmp (tag.device_id, device_id) != 0)
    return HUB_PAINT_WRONG_DEVICE;
  if (memcmp (tag.nonce, nonce, HUB_NONCE_SIZE) != 0)
    return HUB_PAINT_WRONG_SESSION;
  if (!hub_frame_tag_verify_signature (identity->tag, identity->tag_len, public_key))
    return HUB_PAINT_BAD_SIGNATURE;
  return HUB_PAINT_OK;
}
