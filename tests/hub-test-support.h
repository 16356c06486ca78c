/* hub-test-support.h — small helpers shared by the test programs */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Time bounds in the tests allow for a loaded machine; under the sanitizers
 * (-Db_sanitize=address,undefined, 2–5× slower) an upper bound that allows
 * for the machine's overhead gets this many seconds more. Lower bounds,
 * and bounds the product itself promises (a token renewed before it
 * expires), never do. */
#if defined(__SANITIZE_ADDRESS__)
#define HUB_TEST_SANITIZER_SLACK_S 2.0
#else
#define HUB_TEST_SANITIZER_SLACK_S 0.0
#endif

/* Path of a file under tests/data (the repo's own copy of the vectors). */
char *hub_test_data_path (const char *name);
/* Whole content of tests/data/@name; aborts the test when missing. */
GBytes *hub_test_load_data (const char *name);
/* Parsed tests/data/@name as JSON (an object node). */
JsonNode *hub_test_load_json (const char *name);
/* Decodes a hex string of exactly @len bytes; aborts on bad input. */
guint8 *hub_test_hex (const char *hex, gsize *len);
/* Path of a built program (relative to the build root), e.g. "ui/hubview". */
char *hub_test_build_path (const char *relative);

/* Reads hubview-sim's marker strip (docs/marker-strip.md) from a BGRx/RGBx
 * picture of any size: camera index and frame counter (mod 1024). FALSE
 * when the start block or the parity does not check out. */
gboolean hub_test_read_marker (const guint8 *pixels, guint width, guint height, guint stride,
                               guint *camera_index, guint *frame_counter);
/* The same, and the session row below it: *@session is the 14 session bits,
 * or -1 when that row does not read. */
gboolean hub_test_read_marker_session (const guint8 *pixels, guint width, guint height,
                                       guint stride, guint *camera_index, guint *frame_counter,
                                       gint *session);
/* The session bits a camera draws for the session @nonce (16 bytes): its
 * first 14 bits (docs/marker-strip.md). */
guint hub_test_marker_session_of_nonce (const guint8 *nonce);

/* Makes one critical of GStreamer 1.22's rtspsrc non-fatal in the running
 * test case, and only that one: when a client is stopped just as its first
 * RTP packet arrives, rtspsrc (PAUSED→READY has already reset its seek
 * seqnum) calls gst_event_set_seqnum() with GST_SEQNUM_INVALID while it
 * exposes the new pad. The event keeps its own seqnum; nothing else goes
 * wrong. Tests that stop clients at random moments need this; every other
 * critical stays fatal. GLib forgets the fatal handler at the start of each
 * test case, so call it in the test case (or in a helper it calls). */
void hub_test_tolerate_rtspsrc_teardown_critical (void);

G_END_DECLS
