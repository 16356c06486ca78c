/* test-soak.c — four cameras in the grid with 2 % packet loss for a long
 * while (HUB_SOAK_SECONDS, default 600; the documented long run is 3600):
 * after a warm-up (a fifth of the run, at least 60 s) hubview's resident
 * memory may grow by at most 5 %, its open file descriptors and threads not
 * at all, and every camera keeps painting verified frames in each sampling
 * period.
 *
 *   meson test -C build --setup slow soak                    # 10 minutes
 *   HUB_SOAK_SECONDS=3600 meson test -C build --setup slow soak --timeout-multiplier 0
 */
#include "hub-test-app.h"

#include <stdio.h>

#define SAMPLE_SECONDS 10
#define N_CAMERAS 4

static const char *const ids[N_CAMERAS] = { "cam-frontdoor", "cam-garage", "cam-backyard",
                                            "cam-nursery" };

typedef struct
{
  double t_s;
  guint64 rss_kb;
  guint fds;
  guint threads;
  guint64 painted[N_CAMERAS]; /* in this period */
} Sample;

static guint64
status_field (const char *pid, const char *field)
{
  g_autofree char *path = g_strdup_printf ("/proc/%s/status", pid);
  g_autofree char *text = NULL;
  const char *at;

  if (!g_file_get_contents (path, &text, NULL, NULL) || (at = strstr (text, field)) == NULL)
    return 0;
  return g_ascii_strtoull (at + strlen (field), NULL, 10);
}

static guint
count_fds (const char *pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%s/fd", pid);
  g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
  guint n = 0;

  while (dir != NULL && g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

/* Counts the frames painted per camera in the event log's new lines. */
static void
count_painted (FILE *log, guint64 painted[N_CAMERAS])
{
  char line[512];

  while (fgets (line, sizeof line, log) != NULL)
    {
      if (strstr (line, "\"frame-painted\"") == NULL)
        continue;
      for (guint c = 0; c < N_CAMERAS; c++)
        {
          g_autofree char *needle = g_strdup_printf ("\"camera\":\"%s\"", ids[c]);

          if (strstr (line, needle) != NULL)
            painted[c]++;
        }
    }
  clearerr (log); /* more is written later */
}

static void
test_soak (void)
{
  const char *faults[] = { "--fault", "*:drop=0.02", NULL };
  double seconds = g_getenv ("HUB_SOAK_SECONDS") ? g_ascii_strtod (g_getenv ("HUB_SOAK_SECONDS"), NULL)
                                                 : 600;
  double warmup = MAX (60, seconds / 5);
  /* nobody touches the screen for the hour: without this the idle blank
   * (10 minutes by default) stops every stream, as it should */
  Hub *hub = hub_start_full (faults, NULL, "[io/hubview/Hubview]\nidle-blank-minutes=uint32 0\n",
                             NULL);
  g_autoptr (GArray) samples = g_array_new (FALSE, TRUE, sizeof (Sample));
  const char *pid;
  FILE *log;
  gint64 start;
  guint i = 0;
  Sample *base = NULL, *last;
  guint64 rss_max_after = 0;
  guint fds_max_after = 0, threads_max_after = 0, fds_max_warm = 0, threads_max_warm = 0;

  g_assert_true (hub_wait_event (hub, 0, "view", "view", "grid", 90, &i));
  g_assert_true (hub_wait_event (hub, i, "frame-painted", "view", "grid", 30, NULL));
  pid = g_subprocess_get_identifier (hub->process);
  g_assert_nonnull (pid);
  log = fopen (hub->log_path, "r");
  g_assert_nonnull (log);
  start = g_get_monotonic_time ();

  while ((g_get_monotonic_time () - start) / 1e6 < seconds)
    {
      Sample s = { 0 };

      g_usleep (SAMPLE_SECONDS * G_USEC_PER_SEC);
      g_assert_nonnull (g_subprocess_get_identifier (hub->process)); /* no crash */
      s.t_s = (g_get_monotonic_time () - start) / 1e6;
      s.rss_kb = status_field (pid, "VmRSS:");
      s.threads = (guint) status_field (pid, "Threads:");
      s.fds = count_fds (pid);
      count_painted (log, s.painted);
      g_array_append_val (samples, s);
      g_test_message ("t=%4.0f s rss=%" G_GUINT64_FORMAT " kB fds=%u threads=%u painted=%"
                      G_GUINT64_FORMAT "/%" G_GUINT64_FORMAT "/%" G_GUINT64_FORMAT "/%"
                      G_GUINT64_FORMAT,
                      s.t_s, s.rss_kb, s.fds, s.threads, s.painted[0], s.painted[1], s.painted[2],
                      s.painted[3]);
    }
  fclose (log);
  hub_stop (hub); /* status 0: every pipeline released */

  /* the first sample after the warm-up is the baseline */
  for (guint k = 0; k < samples->len; k++)
    {
      Sample *s = &g_array_index (samples, Sample, k);

      if (s->t_s < warmup)
        {
          fds_max_warm = MAX (fds_max_warm, s->fds);
          threads_max_warm = MAX (threads_max_warm, s->threads);
          continue;
        }
      if (base == NULL)
        base = s;
      rss_max_after = MAX (rss_max_after, s->rss_kb);
      fds_max_after = MAX (fds_max_after, s->fds);
      threads_max_after = MAX (threads_max_after, s->threads);
      /* every camera keeps painting, in every period */
      for (guint c = 0; c < N_CAMERAS; c++)
        g_assert_cmpuint (s->painted[c], >, 0);
    }
  g_assert_nonnull (base);
  last = &g_array_index (samples, Sample, samples->len - 1);
  g_test_message ("soak %.0f s (warm-up %.0f s): rss %" G_GUINT64_FORMAT " -> %" G_GUINT64_FORMAT
                  " kB (max %" G_GUINT64_FORMAT ", %+.2f %%), fds %u -> %u (max %u; warm-up max "
                  "%u), threads %u -> %u (max %u; warm-up max %u)",
                  seconds, warmup, base->rss_kb, last->rss_kb, rss_max_after,
                  100.0 * ((double) last->rss_kb - base->rss_kb) / base->rss_kb, base->fds,
                  last->fds, fds_max_after, fds_max_warm, base->threads, last->threads,
                  threads_max_after, threads_max_warm);
  g_assert_cmpfloat ((double) last->rss_kb, <=, base->rss_kb * 1.05);
  /* no growth: never more than the warm-up already needed (a reconnect
   * briefly holds a socket or a thread more) */
  g_assert_cmpuint (last->fds, <=, MAX (base->fds, fds_max_warm));
  g_assert_cmpuint (last->threads, <=, MAX (base->threads, threads_max_warm));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  if (g_getenv ("DISPLAY") == NULL)
    {
      g_printerr ("test-soak needs an X display (run under xvfb-run)\n");
      return 1;
    }
  g_test_add_func ("/hub/soak/grid-4-loss-2", test_soak);
  return g_test_run ();
}
