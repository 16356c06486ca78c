/* hub-paint-check.h — the view's own check of a frame before it is painted
 * (signed-frames §6.4): the tag the frame carries is verified again, under
 * the key the view holds, against the camera and session the view recorded.
 * No GTK here (the bench measures it). */
#pragma once

#include <glib.h>

#include "hub-frame-identity-meta.h"

G_BEGIN_DECLS

typedef enum
{
  HUB_PAINT_OK,
  HUB_PAINT_NO_IDENTITY,   /* no frame, or no tag with it */
  HUB_PAINT_NO_KEY,        /* the view holds no key (camera untrusted, or its trust changed) */
  HUB_PAINT_MALFORMED,     /* the tag bytes do not decode, or do not say what the identity says */
  HUB_PAINT_WRONG_DEVICE,  /* device_id of the tag is not the camera shown */
  HUB_PAINT_WRONG_SESSION, /* nonce of the tag is not the session attached */
  HUB_PAINT_BAD_SIGNATURE, /* Ed25519 under the view's key fails */
} HubPaintCheck;

/* "ok", "no-identity", "no-key", "malformed", "wrong-device", "wrong-session",
 * "bad-signature" */
const char *hub_paint_check_to_string (HubPaintCheck check);

/* Checks @identity (may be NULL) for the camera @device_id whose verified
 * key is @public_key (32 bytes, NULL when none) in the session @nonce (16
 * bytes, NULL when none): device, nonce and the tag's signature, all read
 * from the tag bytes themselves. */
HubPaintCheck hub_paint_check (const HubFrameIdentity *identity, const char *device_id,
                               const guint8 *public_key, const guint8 *nonce);

G_END_DECLS
