/* hub-cloud-error.c — what can go wrong talking to the cloud
 *
 * Copyright 2026 hubview developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "hub-cloud-error.h"

/* clang-format off: it reads the domain name as a subtraction and spaces it */
G_DEFINE_QUARK (hub-cloud-error-quark, hub_cloud_error)
/* clang-format on */

const char *
hub_cloud_error_to_string (HubCloudError code)
{
  switch (code)
    {
    case HUB_CLOUD_ERROR_INVALID_ARGUMENT:
      return "invalid-argument";
    case HUB_CLOUD_ERROR_FAILED_PRECONDITION:
      return "failed-precondition";
    case HUB_CLOUD_ERROR_UNAUTHENTICATED:
      return "unauthenticated";
    case HUB_CLOUD_ERROR_PERMISSION_DENIED:
      return "permission-denied";
    case HUB_CLOUD_ERROR_NOT_FOUND:
      return "not-found";
    case HUB_CLOUD_ERROR_RESOURCE_EXHAUSTED:
      return "resource-exhausted";
    case HUB_CLOUD_ERROR_UNAVAILABLE:
      return "unavailable";
    case HUB_CLOUD_ERROR_TRANSPORT:
      return "transport";
    case HUB_CLOUD_ERROR_MALFORMED:
      return "malformed";
    case HUB_CLOUD_ERROR_SIGNED_OUT:
      return "signed-out";
    case HUB_CLOUD_ERROR_ACCESS_DENIED:
      return "access-denied";
    case HUB_CLOUD_ERROR_EXPIRED_CODE:
      return "expired-code";
    default:
      return "unknown";
    }
}
