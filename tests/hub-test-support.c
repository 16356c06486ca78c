/* hub-test-support.c — small helpers shared by the test programs */
#include "hub-test-support.h"

#include <string.h>

#include "hub-device-cert.h"

char *
hub_test_data_path (const char *name)
{
  const char *dir = g_getenv ("HUB_TEST_DATA");

  g_assert_nonnull (dir);
  return g_build_filename (dir, name, NULL);
}

GBytes *
hub_test_load_data (const char *name)
{
  g_autofree char *path = hub_test_data_path (name);
  g_autoptr (GError) error = NULL;
  char *contents = NULL;
  gsize len = 0;

  g_file_get_contents (path, &contents, &len, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (contents, len);
}

JsonNode *
hub_test_load_json (const char *name)
{
  g_autofree char *path = hub_test_data_path (name);
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

guint8 *
hub_test_hex (const char *hex, gsize *len)
{
  gsize n = strlen (hex);
  guint8 *out;

  g_assert_cmpuint (n % 2, ==, 0);
  out = g_malloc (n / 2 + 1);
  g_assert_true (hub_hex_decode (hex, out, n / 2));
  *len = n / 2;
  return out;
}

char *
hub_test_build_path (const char *relative)
{
  const char *root = g_getenv ("HUB_BUILD_ROOT");

  g_assert_nonnull (root);
  return g_build_filename (root, relative, NULL);
}

/* One row of 16 blocks at lines @y0..@y0+@lines of the picture: the bits,
 * or FALSE when its start block is black or its parity odd. */
static gboolean
read_marker_row (const guint8 *pixels, guint width, guint stride, guint y0, guint lines,
                 gboolean bits[16])
{
  guint ones = 0;

  for (guint b = 0; b < 16; b++)
    {
      guint x0 = b * width / 16, x1 = (b + 1) * width / 16;
      guint w = x1 - x0;
      guint64 sum = 0, n = 0;

      /* the middle half of the block, clear of the smeared edges */
      for (guint y = y0 + lines / 4; y < y0 + lines - lines / 4; y++)
        for (guint x = x0 + w / 4; x < x1 - w / 4; x++)
          {
            const guint8 *p = pixels + (gsize) y * stride + (gsize) x * 4;

            sum += (p[0] + p[1] + p[2]) / 3;
            n++;
          }
      bits[b] = n > 0 && sum / n > 128;
    }
  if (!bits[0])
    return FALSE;
  for (guint b = 1; b < 16; b++)
    ones += bits[b];
  return ones % 2 == 0;
}

gboolean
hub_test_read_marker_session (const guint8 *pixels, guint width, guint height, guint stride,
                              guint *camera_index, guint *frame_counter, gint *session)
{
  guint strip = MAX (height / 12, 2);
  gboolean bits[16];
  guint index = 0, counter = 0, value = 0;

  if (width < 16 * 2 || height < 12)
    return FALSE;
  if (!read_marker_row (pixels, width, stride, 0, strip, bits))
    return FALSE;
  for (guint b = 1; b <= 4; b++)
    index = (index << 1) | bits[b];
  for (guint b = 5; b <= 14; b++)
    counter = (counter << 1) | bits[b];
  *camera_index = index;
  *frame_counter = counter;
  if (session == NULL)
    return TRUE;
  *session = -1;
  if (read_marker_row (pixels, width, stride, strip, strip, bits))
    {
      for (guint b = 1; b <= 14; b++)
        value = (value << 1) | bits[b];
      *session = (gint) value;
    }
  return TRUE;
}

gboolean
hub_test_read_marker (const guint8 *pixels, guint width, guint height, guint stride,
                      guint *camera_index, guint *frame_counter)
{
  return hub_test_read_marker_session (pixels, width, height, stride, camera_index,
                                       frame_counter, NULL);
}

guint
hub_test_marker_session_of_nonce (const guint8 *nonce)
{
  return ((guint) nonce[0] << 6) | (nonce[1] >> 2);
}

static gboolean
on_fatal_log (const char *log_domain, GLogLevelFlags log_level, const char *message,
              gpointer user_data)
{
  if (g_strcmp0 (log_domain, "GStreamer") == 0 && (log_level & G_LOG_LEVEL_CRITICAL) != 0
      && message != NULL
      && strstr (message, "gst_event_set_seqnum: assertion 'seqnum != GST_SEQNUM_INVALID'")
             != NULL)
    return FALSE; /* logged, not fatal */
  return TRUE;
}

/* GStreamer's messages, printed as GLib's default handler prints them but
 * never aborting here: whether a fatal one aborts is then decided by
 * g_logv() with the test's fatal handler (the default handler would abort,
 * or print TAP's "Bail out!", before that handler is asked) */
static void
on_gstreamer_log (const char *log_domain, GLogLevelFlags log_level, const char *message,
                  gpointer user_data)
{
  g_log_default_handler (log_domain, log_level & ~G_LOG_FLAG_FATAL, message, NULL);
}

void
hub_test_tolerate_rtspsrc_teardown_critical (void)
{
  static gsize handler_set;

  if (g_once_init_enter (&handler_set))
    {
      g_log_set_handler ("GStreamer",
                         G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING | G_LOG_FLAG_FATAL
                             | G_LOG_FLAG_RECURSION,
                         on_gstreamer_log, NULL);
      g_once_init_leave (&handler_set, 1);
    }
  g_test_log_set_fatal_handler (on_fatal_log, NULL);
}
