/* hub-test-log.h — capture every log line of a test program, to look for secrets and fields
 *
 * Copyright 2026 hubview developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Installs the writer (once per process, before g_test_init is fine). Lines
 * are "LEVEL DOMAIN [CAMERA=…] [FILE=…] MESSAGE", debug ones included; with
 * HUB_TEST_LOG=1 in the environment they are echoed to stderr too. Nothing
 * is fatal here: warnings are part of what the tests check. */
void hub_test_log_capture (void);
/* Forgets what was captured so far. */
void hub_test_log_reset (void);
/* Everything captured since the last reset, one line each. */
char *hub_test_log_dump (void);
/* TRUE when a captured line contains @needle. */
gboolean hub_test_log_contains (const char *needle);
/* Number of captured lines that contain @needle. */
guint hub_test_log_count (const char *needle);
/* Fails the test when any captured line contains one of @secrets. */
void hub_test_log_assert_none_of (GPtrArray *secrets);

G_END_DECLS
