/* hub-stream-lease.h — one camera's stream lease: open, extend 30 s ahead of
 * expiry (3 tries, then open a new stream), close when it leaves the screen */
#pragma once

#include "hub-cloud-client.h"

G_BEGIN_DECLS

#define HUB_TYPE_STREAM_LEASE (hub_stream_lease_get_type ())
G_DECLARE_FINAL_TYPE (HubStreamLease, hub_stream_lease, HUB, STREAM_LEASE, GObject)

/* How long before expiresAt the lease is extended (halfway to expiresAt
 * when less than that and a second are left), how many failed extensions
 * make it open a new stream, and how long it waits between them. */
#define HUB_STREAM_LEASE_EXTEND_AHEAD_S 30
#define HUB_STREAM_LEASE_EXTEND_TRIES 3
#define HUB_STREAM_LEASE_EXTEND_RETRY_S 5

/* An extension answered FAILED_PRECONDITION (the cloud says: open a new
 * stream) reopens at once; other failed extensions are tried
 * HUB_STREAM_LEASE_EXTEND_TRIES times, HUB_STREAM_LEASE_EXTEND_RETRY_S
 * apart, then the lease reopens. Timers run on the thread-default main
 * context of the lease's creation; "opened", "extended" and "failed" say
 * what happened. */
HubStreamLease *hub_stream_lease_new (HubCloudClient *client, const char *camera_id);
/* Opens the stream (nothing when the lease is already open or opening). */
void hub_stream_lease_open (HubStreamLease *self);
/* Drop the session and open a new one (the camera refused the old one). */
void hub_stream_lease_reopen (HubStreamLease *self);
/* closeStream and stop every timer. Disposing the lease closes it too. */
void hub_stream_lease_close (HubStreamLease *self);
/* The current stream, NULL while none is open. */
const HubStreamInfo *hub_stream_lease_get_info (HubStreamLease *self);
const char *hub_stream_lease_get_camera_id (HubStreamLease *self);

G_END_DECLS
