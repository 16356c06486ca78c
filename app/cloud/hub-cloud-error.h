/* hub-cloud-error.h — what can go wrong talking to the cloud */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define HUB_CLOUD_ERROR (hub_cloud_error_quark ())
GQuark hub_cloud_error_quark (void);

typedef enum
{
  HUB_CLOUD_ERROR_INVALID_ARGUMENT,    /* 400 INVALID_ARGUMENT: a bug, no retry */
  HUB_CLOUD_ERROR_FAILED_PRECONDITION, /* 400 FAILED_PRECONDITION: e.g. open a new stream */
  HUB_CLOUD_ERROR_UNAUTHENTICATED,     /* 401 after one refresh: back to sign-in */
  HUB_CLOUD_ERROR_PERMISSION_DENIED,   /* 403: camera no longer shared */
  HUB_CLOUD_ERROR_NOT_FOUND,           /* 404: camera removed */
  HUB_CLOUD_ERROR_RESOURCE_EXHAUSTED,  /* 429 after retries */
  HUB_CLOUD_ERROR_UNAVAILABLE,         /* 5xx after retries */
  HUB_CLOUD_ERROR_TRANSPORT,           /* DNS, refused, TLS, timeout */
  HUB_CLOUD_ERROR_MALFORMED,           /* not JSON, or JSON of the wrong shape */
  HUB_CLOUD_ERROR_SIGNED_OUT,          /* no tokens: sign in first */
  HUB_CLOUD_ERROR_ACCESS_DENIED,       /* the person refused the sign-in */
  HUB_CLOUD_ERROR_EXPIRED_CODE,        /* the sign-in code ran out */
} HubCloudError;

/* A short stable name for logs and the event log: "not-found", "transport", … */
const char *hub_cloud_error_to_string (HubCloudError code);

G_END_DECLS
