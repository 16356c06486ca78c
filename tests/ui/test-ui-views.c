/* test-ui-views.c — HubSignInView and HubMessageView on a real display (Xvfb, GDK_BACKEND=x11)
 *
 * Each view is shown in an undecorated window of the kiosk's size (1280×800)
 * and of the smallest supported one (800×480), on the black background the
 * hub's window has. Screenshots land in G_TEST_BUILDDIR (or beside the test
 * program) as ui-*.png for a person to look at.
 */
#include <string.h>

#include <gtk/gtk.h>
#include <qrencode.h>

#include "hub-message-view.h"
#include "hub-sign-in-view.h"

#define USER_CODE "WDJB-MJHT"
#define VERIFICATION_URI "https://cloud.hubview.example/device"
/* 129 bytes: a version 8 symbol at level M, well past the sim's 50-odd. */
#define LONG_URI                                                                                   \
  VERIFICATION_URI "?user_code=" USER_CODE                                                         \
                   "&client_id=hubview-kiosk-living-room&display=wall&locale=en-GB&from=%2Fcams"

#define CHILD(view, type, name)                                                                    \
  ((gpointer) gtk_widget_get_template_child (GTK_WIDGET (view), type, name))
#define SIGN_IN_CHILD(view, name) CHILD (view, HUB_TYPE_SIGN_IN_VIEW, name)
#define MESSAGE_CHILD(view, name) CHILD (view, HUB_TYPE_MESSAGE_VIEW, name)

/* ---- helpers ---- */

static gboolean
flag_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main loop until @cond holds, failing after @ms milliseconds. */
#define WAIT_UNTIL(cond, ms)                                                                       \
  G_STMT_START                                                                                     \
  {                                                                                                \
    gboolean timed_out_ = FALSE;                                                                   \
    guint timeout_id_ = g_timeout_add ((ms), flag_cb, &timed_out_);                                \
    while (!(cond) && !timed_out_)                                                                 \
      g_main_context_iteration (NULL, TRUE);                                                       \
    if (!timed_out_)                                                                               \
      g_source_remove (timeout_id_);                                                               \
    g_assert_true (cond);                                                                          \
  }                                                                                                \
  G_STMT_END

static void
spin_for (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, flag_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

static GtkWidget *
show_in_window (GtkWidget *child, int width, int height)
{
  GtkWidget *window = gtk_window_new ();

  gtk_window_set_decorated (GTK_WINDOW (window), FALSE);
  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  gtk_window_set_child (GTK_WINDOW (window), child);
  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (window);

  /* The page's minimum size fits: the window got the size asked for. */
  g_assert_cmpint (gtk_widget_get_width (window), ==, width);
  g_assert_cmpint (gtk_widget_get_height (window), ==, height);
  return window;
}

/* Destroys the window and checks that @page goes with it. */
static void
destroy_window_and_page (GtkWidget *window, GtkWidget *page)
{
  g_object_ref (page);
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (page);
}

static void
redraw (GtkWidget *window)
{
  gtk_widget_queue_draw (window);
  gtk_test_widget_wait_for_draw (window);
}

static void
save_screenshot (GtkWidget *window, const char *name)
{
  g_autoptr (GdkPaintable) paintable = gtk_widget_paintable_new (window);
  g_autoptr (GskRenderNode) node = NULL;
  g_autoptr (GdkTexture) texture = NULL;
  g_autofree char *path = NULL;
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  GskRenderer *renderer = gtk_native_get_renderer (GTK_NATIVE (window));
  int width = gtk_widget_get_width (window);
  int height = gtk_widget_get_height (window);

  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_cmpint (gdk_texture_get_width (texture), ==, width);
  g_assert_cmpint (gdk_texture_get_height (texture), ==, height);

  path = g_test_build_filename (G_TEST_BUILT, name, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot: %s", path);
}

/* @widget is shown, and lies whole inside @window: nothing clipped. */
static void
assert_shown_inside (GtkWidget *widget, GtkWidget *window)
{
  graphene_rect_t bounds;

  g_assert_true (gtk_widget_get_mapped (widget));
  g_assert_true (gtk_widget_compute_bounds (widget, window, &bounds));
  g_assert_cmpfloat (bounds.origin.x, >=, 0);
  g_assert_cmpfloat (bounds.origin.y, >=, 0);
  g_assert_cmpfloat (bounds.origin.x + bounds.size.width, <=, gtk_widget_get_width (window));
  g_assert_cmpfloat (bounds.origin.y + bounds.size.height, <=, gtk_widget_get_height (window));
}

/* What a finger can hit: the border box, padding included. */
static void
assert_touch_target (GtkWidget *widget)
{
  graphene_rect_t bounds;

  g_assert_true (gtk_widget_compute_bounds (widget, widget, &bounds));
  g_assert_cmpfloat (bounds.size.height, >=, 48);
  g_assert_cmpfloat (bounds.size.width, >=, 48);
}

/* Reads the QR texture back module by module and compares it with a fresh
 * QRcode_encodeString of @text: same module count, same modules, a white
 * quiet zone of 4, each module a uniform square of whole pixels. */
static void
assert_qr_texture_encodes (GdkTexture *texture, const char *text)
{
  QRcode *qr = QRcode_encodeString (text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
  const int quiet = HUB_SIGN_IN_PAGE_QR_QUIET_ZONE;
  int modules, size, scale;
  gsize stride;
  g_autofree guint8 *pixels = NULL;

  g_assert_nonnull (qr);
  g_assert_nonnull (texture);

  modules = qr->width + 2 * quiet;
  size = gdk_texture_get_width (texture);
  g_assert_cmpint (gdk_texture_get_height (texture), ==, size);
  g_assert_cmpint (size % modules, ==, 0);
  scale = size / modules;
  g_assert_cmpint (scale, ==, (HUB_SIGN_IN_PAGE_QR_MIN_SIZE + modules - 1) / modules);
  g_assert_cmpint (size, >=, HUB_SIGN_IN_PAGE_QR_MIN_SIZE);
  g_test_message ("QR of %zu bytes: version %d, %d modules + quiet zone, %d px per module, %d px",
                  strlen (text), qr->version, qr->width, scale, size);

  /* gdk_texture_download: CAIRO_FORMAT_ARGB32, one guint32 per pixel. */
  stride = (gsize) size * 4;
  pixels = g_malloc (stride * size);
  gdk_texture_download (texture, pixels, stride);

  for (int my = 0; my < modules; my++)
    for (int mx = 0; mx < modules; mx++)
      {
        gboolean in_symbol
            = mx >= quiet && my >= quiet && mx < quiet + qr->width && my < quiet + qr->width;
        gboolean dark = in_symbol && (qr->data[(my - quiet) * qr->width + (mx - quiet)] & 1);
        guint32 expected = dark ? 0xff000000 : 0xffffffff;

        for (int y = my * scale; y < (my + 1) * scale; y++)
          for (int x = mx * scale; x < (mx + 1) * scale; x++)
            {
              guint32 pixel;

              memcpy (&pixel, pixels + y * stride + x * 4, 4);
              if (pixel != expected)
                g_error ("QR module (%d,%d) pixel (%d,%d) is %08x, expected %08x", mx, my, x, y,
                         pixel, expected);
            }
      }

  QRcode_free (qr);
}

static const char *
visible_state (HubSignInView *page)
{
  return gtk_stack_get_visible_child_name (SIGN_IN_CHILD (page, "stack"));
}

static const char *
label_text (gpointer label)
{
  return gtk_label_get_text (GTK_LABEL (label));
}

static void
count_cb (gpointer instance, gpointer user_data)
{
  (*(guint *) user_data)++;
}

static void
count_notify_cb (GObject *object, GParamSpec *pspec, gpointer user_data)
{
  (*(guint *) user_data)++;
}

/* ---- HubSignInView ---- */

static void
test_sign_in_qr_code (void)
{
  GtkWidget *page = hub_sign_in_view_new ();
  GtkWidget *window = show_in_window (page, 1280, 800);
  HubSignInView *self = HUB_SIGN_IN_VIEW (page);
  GtkWidget *picture = SIGN_IN_CHILD (page, "qr_picture");
  GdkTexture *texture;

  hub_sign_in_view_set_code (self, USER_CODE, VERIFICATION_URI, LONG_URI, 272);
  redraw (window);

  g_assert_cmpstr (visible_state (self), ==, "code");
  g_assert_cmpstr (hub_sign_in_view_get_user_code (self), ==, USER_CODE);
  g_assert_cmpstr (hub_sign_in_view_get_verification_uri (self), ==, VERIFICATION_URI);
  g_assert_cmpstr (label_text (SIGN_IN_CHILD (page, "user_code_label")), ==, USER_CODE);
  g_assert_nonnull (strstr (label_text (SIGN_IN_CHILD (page, "instructions_label")),
                            "On your phone, open\n" VERIFICATION_URI "\nand enter the code"));
  g_assert_false (gtk_label_get_selectable (SIGN_IN_CHILD (page, "user_code_label")));
  g_assert_false (gtk_label_get_use_underline (SIGN_IN_CHILD (page, "user_code_label")));
  g_assert_false (gtk_label_get_use_underline (SIGN_IN_CHILD (page, "instructions_label")));

  texture = hub_sign_in_view_get_qr_texture (self);
  assert_qr_texture_encodes (texture, LONG_URI);

  /* Shown whole, at one texture pixel per screen pixel: never scaled. */
  g_assert_true (gtk_picture_get_paintable (GTK_PICTURE (picture)) == GDK_PAINTABLE (texture));
  assert_shown_inside (picture, window);
  g_assert_cmpint (gtk_widget_get_width (picture), ==, gdk_texture_get_width (texture));
  g_assert_cmpint (gtk_widget_get_height (picture), ==, gdk_texture_get_height (texture));
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (picture), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "QR code for " LONG_URI);

  assert_shown_inside (SIGN_IN_CHILD (page, "user_code_label"), window);
  assert_shown_inside (SIGN_IN_CHILD (page, "instructions_label"), window);
  assert_shown_inside (SIGN_IN_CHILD (page, "countdown_label"), window);
  assert_shown_inside (SIGN_IN_CHILD (page, "heading_label"), window);
  save_screenshot (window, "ui-sign-in-code-1280x800.png");

  destroy_window_and_page (window, page);
}

static void
test_sign_in_qr_code_without_complete_uri (void)
{
  GtkWidget *page = hub_sign_in_view_new ();
  GtkWidget *window = show_in_window (page, 1280, 800);
  HubSignInView *self = HUB_SIGN_IN_VIEW (page);

  /* NULL and "" both fall back to verification_uri. */
  hub_sign_in_view_set_code (self, USER_CODE, VERIFICATION_URI, NULL, 900);
  assert_qr_texture_encodes (hub_sign_in_view_get_qr_texture (self), VERIFICATION_URI);
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (SIGN_IN_CHILD (page, "qr_picture")),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "QR code for " VERIFICATION_URI);

  hub_sign_in_view_set_code (self, USER_CODE, VERIFICATION_URI, "", 900);
  assert_qr_texture_encodes (hub_sign_in_view_get_qr_texture (self), VERIFICATION_URI);

  /* Case matters in a URI: the QR code keeps it (casesensitive=1). */
  hub_sign_in_view_set_code (self, USER_CODE, VERIFICATION_URI,
                             "https://Cloud.Hubview.Example/Device?user_code=" USER_CODE, 900);
  assert_qr_texture_encodes (hub_sign_in_view_get_qr_texture (self),
                             "https://Cloud.Hubview.Example/Device?user_code=" USER_CODE);

  redraw (window);
  assert_shown_inside (SIGN_IN_CHILD (page, "qr_picture"), window);
  destroy_window_and_page (window, page);
}

static void
test_sign_in_markup_in_uri_is_text (void)
{
  GtkWidget *page = hub_sign_in_view_new ();
  GtkWidget *window = show_in_window (page, 1280, 800);
  HubSignInView *self = HUB_SIGN_IN_VIEW (page);
  const char *uri = "https://cloud.hubview.example/device?a=<b>&c=d";

  hub_sign_in_view_set_code (self, USER_CODE, uri, NULL, 900);
  g_assert_nonnull (strstr (label_text (SIGN_IN_CHILD (page, "instructions_label")), uri));
  destroy_window_and_page (window, page);
}

static void
test_sign_in_uri_too_long_for_qr (void)
{
  GtkWidget *page = hub_sign_in_view_new ();
  GtkWidget *window = show_in_window (page, 1280, 800);
  HubSignInView *self = HUB_SIGN_IN_VIEW (page);
  g_autoptr (GString) uri = g_string_new (VERIFICATION_URI "?user_code=" USER_CODE "&pad=");

  /* Past version 40 at level M (2331 bytes): no QR code, the code still shows. */
  while (uri->len < 3000)
    g_string_append_c (uri, 'x');
  hub_sign_in_view_set_code (self, USER_CODE, VERIFICATION_URI, uri->str, 900);
  redraw (window);

  g_assert_cmpstr (visible_state (self), ==, "code");
  g_assert_null (hub_sign_in_view_get_qr_texture (self));
  g_assert_false (gtk_widget_get_visible (SIGN_IN_CHILD (page, "qr_picture")));
  assert_shown_inside (SIGN_IN_CHILD (page, "user_code_label"), window);
  g_assert_null (strstr (label_text (SIGN_IN_CHILD (page, "instructions_label")), "scan"));

  /* The next good code brings the QR code back. */
  hub_sign_in_view_set_code (self, USER_CODE, VERIFICATION_URI, LONG_URI, 900);
  redraw (window);
  assert_qr_texture_encodes (hub_sign_in_view_get_qr_texture (self), LONG_URI);
  assert_shown_inside (SIGN_IN_CHILD (page, "qr_picture"), window);

  destroy_window_and_page (window, page);
}

static void
test_sign_in_empty_code_is_an_error (void)
{
  GtkWidget *page = hub_sign_in_view_new ();
  GtkWidget *window = show_in_window (page, 1280, 800);
  HubSignInView *self = HUB_SIGN_IN_VIEW (page);

  hub_sign_in_view_set_code (self, "", VERIFICATION_URI, LONG_URI, 900);
  g_assert_cmpstr (visible_state (self), ==, "error");
  g_assert_null (hub_sign_in_view_get_qr_texture (self));
  g_assert_cmpuint (hub_sign_in_view_get_seconds_left (self), ==, 0);

  hub_sign_in_view_set_code (self, USER_CODE, "", NULL, 900);
  g_assert_cmpstr (visible_state (self), ==, "error");

  destroy_window_and_page (window, page);
}

static void
test_sign_in_countdown_format (void)
{
  GtkWidget *page = hub_sign_in_view_new ();
  GtkWidget *window = show_in_window (page, 1280, 800);
  HubSignInView *self = HUB_SIGN_IN_VIEW (page);
  gpointer countdown = SIGN_IN_CHILD (page, "countdown_label");
  static const struct
  {
    guint seconds;
    const char *text;
  } cases[] = {
    { 272, "Code expires in 4:32" },     { 900, "Code expires in 15:00" },
    { 59, "Code expires in 0:59" },      { 60, "Code expires in 1:00" },
    { 1, "Code expires in 0:01" },       { 3600, "Code expires in 1:00:00" },
    { 3661, "Code expires in 1:01:01" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      hub_sign_in_view_set_code (self, USER_CODE, VERIFICATION_URI, NULL, cases[i].seconds);
      g_assert_cmpstr (label_text (countdown), ==, cases[i].text);
      g_assert_cmpuint (hub_sign_in_view_get_seconds_left (self), ==, cases[i].seconds);
    }

  /* No time at all: expired at once. */
  hub_sign_in_view_set_code (self, USER_CODE, VERIFICATION_URI, NULL, 0);
  g_assert_cmpstr (visible_state (self), ==, "error");
  g_assert_cmpstr (label_text (SIGN_IN_CHILD (page, "error_label")), ==, "This code has expired.");

  destroy_window_and_page (window, page);
}

static void
test_sign_in_countdown_follows_expiry (void)
{
  GtkWidget *page = hub_sign_in_view_new ();
  GtkWidget *window = show_in_window (page, 1280, 800);
  HubSignInView *self = HUB_SIGN_IN_VIEW (page);
  gpointer countdown = SIGN_IN_CHILD (page, "countdown_label");
  guint notifications = 0;
  gint64 start;

  g_signal_connect (page, "notify::seconds-left", G_CALLBACK (count_notify_cb), &notifications);
  start = g_get_monotonic_time ();
  hub_sign_in_view_set_code (self, USER_CODE, VERIFICATION_URI, LONG_URI, 2);
  g_assert_cmpstr (label_text (countdown), ==, "Code expires in 0:02");
  g_assert_cmpuint (notifications, ==, 1);

  WAIT_UNTIL (hub_sign_in_view_get_seconds_left (self) == 1, 1500);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 1 * G_USEC_PER_SEC);
  g_assert_cmpstr (label_text (countdown), ==, "Code expires in 0:01");
  g_assert_cmpstr (visible_state (self), ==, "code");

  WAIT_UNTIL (g_str_equal (visible_state (self), "error"), 1500);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 2 * G_USEC_PER_SEC);
  g_assert_cmpuint (hub_sign_in_view_get_seconds_left (self), ==, 0);
  g_assert_cmpuint (notifications, ==, 3); /* 2, 1, 0 */
  g_assert_cmpstr (label_text (SIGN_IN_CHILD (page, "error_label")), ==, "This code has expired.");

  redraw (window);
  g_assert_false (gtk_widget_get_mapped (SIGN_IN_CHILD (page, "user_code_label")));
  g_assert_false (gtk_widget_get_mapped (SIGN_IN_CHILD (page, "qr_picture")));
  assert_shown_inside (SIGN_IN_CHILD (page, "retry_button"), window);

  destroy_window_and_page (window, page);
}

static void
test_sign_in_error_and_retry (void)
{
  GtkWidget *page = hub_sign_in_view_new ();
  GtkWidget *window = show_in_window (page, 1280, 800);
  HubSignInView *self = HUB_SIGN_IN_VIEW (page);
  GtkWidget *button = SIGN_IN_CHILD (page, "retry_button");
  guint retries = 0;

  g_signal_connect (page, "retry", G_CALLBACK (count_cb), &retries);
  hub_sign_in_view_set_code (self, USER_CODE, VERIFICATION_URI, LONG_URI, 272);
  redraw (window);
  g_assert_true (gtk_widget_get_mapped (SIGN_IN_CHILD (page, "user_code_label")));
  g_assert_true (gtk_widget_get_mapped (SIGN_IN_CHILD (page, "qr_picture")));
  g_assert_false (gtk_widget_get_mapped (button));

  hub_sign_in_view_set_error (self, "Sign-in was refused on the phone.");
  redraw (window);
  g_assert_cmpstr (visible_state (self), ==, "error");
  g_assert_false (gtk_widget_get_mapped (SIGN_IN_CHILD (page, "user_code_label")));
  g_assert_false (gtk_widget_get_mapped (SIGN_IN_CHILD (page, "qr_picture")));
  g_assert_false (gtk_widget_get_mapped (SIGN_IN_CHILD (page, "countdown_label")));
  g_assert_cmpuint (hub_sign_in_view_get_seconds_left (self), ==, 0);
  g_assert_cmpstr (label_text (SIGN_IN_CHILD (page, "error_label")), ==,
                   "Sign-in was refused on the phone.");
  assert_shown_inside (SIGN_IN_CHILD (page, "error_label"), window);
  assert_shown_inside (button, window);
  assert_touch_target (button);
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (button)), ==, "Get a new code");
  g_assert_false (gtk_button_get_use_underline (GTK_BUTTON (button)));
  g_assert_true (gtk_widget_has_focus (button));
  save_screenshot (window, "ui-sign-in-error-1280x800.png");

  /* A press as a person makes it (activate: pressed, then clicked). */
  g_assert_true (gtk_widget_activate (button));
  WAIT_UNTIL (retries == 1, 2000);
  /* A second tap before the page moves on asks for nothing more. */
  g_assert_false (gtk_widget_get_sensitive (button));
  gtk_widget_activate (button);
  spin_for (500);
  g_assert_cmpuint (retries, ==, 1);

  /* The next error takes a new press; "clicked" itself emits at once. */
  hub_sign_in_view_set_error (self, "The camera cloud is not answering.");
  g_assert_true (gtk_widget_get_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
  g_assert_cmpuint (retries, ==, 2);

  destroy_window_and_page (window, page);
}

static void
test_sign_in_waiting (void)
{
  GtkWidget *page = hub_sign_in_view_new ();
  GtkWidget *window = show_in_window (page, 1280, 800);
  HubSignInView *self = HUB_SIGN_IN_VIEW (page);
  GtkWidget *spinner = SIGN_IN_CHILD (page, "spinner");

  /* A new page waits. */
  g_assert_cmpstr (visible_state (self), ==, "waiting");

  hub_sign_in_view_set_code (self, USER_CODE, VERIFICATION_URI, NULL, 600);
  redraw (window);
  g_assert_false (gtk_spinner_get_spinning (GTK_SPINNER (spinner)));

  hub_sign_in_view_set_waiting (self, "Contacting the camera cloud…");
  redraw (window);
  g_assert_cmpstr (visible_state (self), ==, "waiting");
  g_assert_cmpuint (hub_sign_in_view_get_seconds_left (self), ==, 0);
  g_assert_true (gtk_spinner_get_spinning (GTK_SPINNER (spinner)));
  assert_shown_inside (spinner, window);
  assert_shown_inside (SIGN_IN_CHILD (page, "waiting_label"), window);
  g_assert_cmpstr (label_text (SIGN_IN_CHILD (page, "waiting_label")), ==,
                   "Contacting the camera cloud…");
  g_assert_false (gtk_widget_get_mapped (SIGN_IN_CHILD (page, "user_code_label")));
  g_assert_false (gtk_widget_get_mapped (SIGN_IN_CHILD (page, "qr_picture")));
  save_screenshot (window, "ui-sign-in-waiting-1280x800.png");

  destroy_window_and_page (window, page);
}

static void
test_sign_in_fits_800x480 (void)
{
  GtkWidget *page = hub_sign_in_view_new ();
  GtkWidget *window = show_in_window (page, 800, 480);
  HubSignInView *self = HUB_SIGN_IN_VIEW (page);

  hub_sign_in_view_set_code (self, USER_CODE, VERIFICATION_URI, LONG_URI, 272);
  redraw (window);
  g_assert_cmpint (gtk_widget_get_width (window), ==, 800);
  g_assert_cmpint (gtk_widget_get_height (window), ==, 480);
  assert_shown_inside (SIGN_IN_CHILD (page, "heading_label"), window);
  assert_shown_inside (SIGN_IN_CHILD (page, "instructions_label"), window);
  assert_shown_inside (SIGN_IN_CHILD (page, "user_code_label"), window);
  assert_shown_inside (SIGN_IN_CHILD (page, "countdown_label"), window);
  assert_shown_inside (SIGN_IN_CHILD (page, "qr_picture"), window);
  g_assert_cmpint (gtk_widget_get_width (SIGN_IN_CHILD (page, "qr_picture")), ==,
                   gdk_texture_get_width (hub_sign_in_view_get_qr_texture (self)));
  save_screenshot (window, "ui-sign-in-code-800x480.png");

  hub_sign_in_view_set_error (self, "This code has expired.");
  redraw (window);
  assert_shown_inside (SIGN_IN_CHILD (page, "error_label"), window);
  assert_shown_inside (SIGN_IN_CHILD (page, "retry_button"), window);
  assert_touch_target (SIGN_IN_CHILD (page, "retry_button"));
  save_screenshot (window, "ui-sign-in-error-800x480.png");

  hub_sign_in_view_set_waiting (self, "Contacting the camera cloud…");
  redraw (window);
  assert_shown_inside (SIGN_IN_CHILD (page, "waiting_label"), window);

  destroy_window_and_page (window, page);
}

static void
test_sign_in_timer_removed_on_dispose (void)
{
  GtkWidget *page = hub_sign_in_view_new ();
  GtkWidget *window = show_in_window (page, 1280, 800);

  hub_sign_in_view_set_code (HUB_SIGN_IN_VIEW (page), USER_CODE, VERIFICATION_URI, NULL, 600);
  destroy_window_and_page (window, page);
  /* A countdown left behind would fire on the freed page within a second. */
  spin_for (1200);
}

/* ---- HubMessageView ---- */

static void
test_message_view_shows_what_it_is_given (void)
{
  GtkWidget *page = hub_message_view_new ();
  GtkWidget *window = show_in_window (page, 1280, 800);
  HubMessageView *self = HUB_MESSAGE_VIEW (page);
  GtkWidget *icon = MESSAGE_CHILD (page, "icon_image");
  GtkWidget *button = MESSAGE_CHILD (page, "action_button");

  /* A new page shows nothing but the background. */
  g_assert_false (gtk_widget_get_visible (icon));
  g_assert_false (gtk_widget_get_visible (MESSAGE_CHILD (page, "retry_label")));
  g_assert_false (gtk_widget_get_visible (button));

  hub_message_view_set (self, "network-offline-symbolic", "No network",
                        "The hub is not connected to a network. Check the cable or the Wi-Fi "
                        "settings; the hub keeps trying by itself.");
  hub_message_view_set_retry_in (self, 12);
  hub_message_view_set_action (self, "Try now");
  redraw (window);

  g_assert_cmpstr (hub_message_view_get_icon_name (self), ==, "network-offline-symbolic");
  g_assert_cmpstr (gtk_image_get_icon_name (GTK_IMAGE (icon)), ==, "network-offline-symbolic");
  g_assert_cmpint (gtk_image_get_pixel_size (GTK_IMAGE (icon)), ==, 96);
  g_assert_cmpstr (label_text (MESSAGE_CHILD (page, "title_label")), ==, "No network");
  g_assert_cmpstr (hub_message_view_get_title (self), ==, "No network");
  g_assert_true (gtk_label_get_wrap (MESSAGE_CHILD (page, "body_label")));
  g_assert_cmpint (gtk_label_get_max_width_chars (MESSAGE_CHILD (page, "body_label")), ==, 40);
  g_assert_cmpstr (label_text (MESSAGE_CHILD (page, "retry_label")), ==, "Retrying in 12 s");
  g_assert_cmpuint (hub_message_view_get_retry_in (self), ==, 12);
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (button)), ==, "Try now");
  g_assert_cmpstr (hub_message_view_get_action_label (self), ==, "Try now");

  assert_shown_inside (icon, window);
  assert_shown_inside (MESSAGE_CHILD (page, "title_label"), window);
  assert_shown_inside (MESSAGE_CHILD (page, "body_label"), window);
  assert_shown_inside (MESSAGE_CHILD (page, "retry_label"), window);
  assert_shown_inside (button, window);
  assert_touch_target (button);
  save_screenshot (window, "ui-message-1280x800.png");

  /* 0 hides the countdown, NULL the button, NULL the icon and the body. */
  hub_message_view_set_retry_in (self, 0);
  hub_message_view_set_action (self, NULL);
  hub_message_view_set (self, NULL, "Signed out", NULL);
  redraw (window);
  g_assert_false (gtk_widget_get_visible (MESSAGE_CHILD (page, "retry_label")));
  g_assert_cmpuint (hub_message_view_get_retry_in (self), ==, 0);
  g_assert_false (gtk_widget_get_visible (button));
  g_assert_null (hub_message_view_get_action_label (self));
  g_assert_false (gtk_widget_get_visible (icon));
  g_assert_false (gtk_widget_get_visible (MESSAGE_CHILD (page, "body_label")));
  assert_shown_inside (MESSAGE_CHILD (page, "title_label"), window);

  /* The same through properties, as a .ui would set them. */
  g_object_set (page, "icon-name", "camera-web-symbolic", "title", "No cameras yet", "body",
                "Add a camera in the camera cloud's app on your phone.", "action-label", "Sign out",
                NULL);
  g_assert_true (gtk_widget_get_visible (icon));
  g_assert_true (gtk_widget_get_visible (button));
  g_assert_true (gtk_widget_get_visible (MESSAGE_CHILD (page, "body_label")));
  g_assert_cmpstr (hub_message_view_get_body (self), ==,
                   "Add a camera in the camera cloud's app on your phone.");

  destroy_window_and_page (window, page);
}

static void
test_message_view_action (void)
{
  GtkWidget *page = hub_message_view_new ();
  GtkWidget *window = show_in_window (page, 1280, 800);
  HubMessageView *self = HUB_MESSAGE_VIEW (page);
  GtkWidget *button = MESSAGE_CHILD (page, "action_button");
  guint actions = 0;

  g_signal_connect (page, "action", G_CALLBACK (count_cb), &actions);
  hub_message_view_set (self, "weather-overcast-symbolic", "Camera cloud unavailable",
                        "The camera cloud is not answering.");
  hub_message_view_set_action (self, "Try again");
  redraw (window);

  g_assert_true (gtk_widget_activate (button));
  WAIT_UNTIL (actions == 1, 2000);
  g_signal_emit_by_name (button, "clicked");
  g_assert_cmpuint (actions, ==, 2);

  destroy_window_and_page (window, page);
}

static void
test_message_view_countdown (void)
{
  GtkWidget *page = hub_message_view_new ();
  GtkWidget *window = show_in_window (page, 1280, 800);
  HubMessageView *self = HUB_MESSAGE_VIEW (page);
  GtkWidget *retry = MESSAGE_CHILD (page, "retry_label");
  gint64 start;

  hub_message_view_set (self, "weather-overcast-symbolic", "Camera cloud unavailable", NULL);
  start = g_get_monotonic_time ();
  hub_message_view_set_retry_in (self, 2);
  g_assert_true (gtk_widget_get_visible (retry));
  g_assert_cmpstr (label_text (retry), ==, "Retrying in 2 s");

  WAIT_UNTIL (hub_message_view_get_retry_in (self) == 1, 1500);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 1 * G_USEC_PER_SEC);
  g_assert_cmpstr (label_text (retry), ==, "Retrying in 1 s");
  g_assert_true (gtk_widget_get_visible (retry));

  WAIT_UNTIL (hub_message_view_get_retry_in (self) == 0, 1500);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 2 * G_USEC_PER_SEC);
  g_assert_false (gtk_widget_get_visible (retry));

  /* A countdown running at dispose is removed with the page. */
  hub_message_view_set_retry_in (self, 30);
  destroy_window_and_page (window, page);
  spin_for (1200);
}

static void
test_message_view_fits_800x480 (void)
{
  GtkWidget *page = hub_message_view_new ();
  GtkWidget *window = show_in_window (page, 800, 480);
  HubMessageView *self = HUB_MESSAGE_VIEW (page);

  hub_message_view_set (self, "weather-overcast-symbolic", "Camera cloud unavailable",
                        "The camera cloud is not answering. Your cameras keep recording; the hub "
                        "will show them again as soon as the cloud is back.");
  hub_message_view_set_retry_in (self, 42);
  hub_message_view_set_action (self, "Try again now");
  redraw (window);

  assert_shown_inside (MESSAGE_CHILD (page, "icon_image"), window);
  assert_shown_inside (MESSAGE_CHILD (page, "title_label"), window);
  assert_shown_inside (MESSAGE_CHILD (page, "body_label"), window);
  assert_shown_inside (MESSAGE_CHILD (page, "retry_label"), window);
  assert_shown_inside (MESSAGE_CHILD (page, "action_button"), window);
  assert_touch_target (MESSAGE_CHILD (page, "action_button"));
  save_screenshot (window, "ui-message-800x480.png");

  destroy_window_and_page (window, page);
}

int
main (int argc, char *argv[])
{
  g_autoptr (GtkCssProvider) pages_css = NULL;
  g_autoptr (GtkCssProvider) window_css = NULL;
  GdkDisplay *display;

  gtk_test_init (&argc, &argv, NULL);

  display = gdk_display_get_default ();
  g_assert_nonnull (display);
  /* As the hub's window has it: dark, black behind, no animations to wait for. */
  g_object_set (gtk_settings_get_default (), "gtk-application-prefer-dark-theme", TRUE,
                "gtk-enable-animations", FALSE, NULL);
  pages_css = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (pages_css, "/io/hubview/Hubview/ui/hub-views.css");
  gtk_style_context_add_provider_for_display (display, GTK_STYLE_PROVIDER (pages_css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  window_css = gtk_css_provider_new ();
  gtk_css_provider_load_from_data (window_css, "window { background-color: #000000; }", -1);
  gtk_style_context_add_provider_for_display (display, GTK_STYLE_PROVIDER (window_css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);

  g_test_add_func ("/ui/sign-in-view/qr-code", test_sign_in_qr_code);
  g_test_add_func ("/ui/sign-in-view/qr-code-without-complete-uri",
                   test_sign_in_qr_code_without_complete_uri);
  g_test_add_func ("/ui/sign-in-view/markup-in-uri-is-text", test_sign_in_markup_in_uri_is_text);
  g_test_add_func ("/ui/sign-in-view/uri-too-long-for-qr", test_sign_in_uri_too_long_for_qr);
  g_test_add_func ("/ui/sign-in-view/empty-code-is-an-error", test_sign_in_empty_code_is_an_error);
  g_test_add_func ("/ui/sign-in-view/countdown-format", test_sign_in_countdown_format);
  g_test_add_func ("/ui/sign-in-view/countdown-follows-expiry",
                   test_sign_in_countdown_follows_expiry);
  g_test_add_func ("/ui/sign-in-view/error-and-retry", test_sign_in_error_and_retry);
  g_test_add_func ("/ui/sign-in-view/waiting", test_sign_in_waiting);
  g_test_add_func ("/ui/sign-in-view/fits-800x480", test_sign_in_fits_800x480);
  g_test_add_func ("/ui/sign-in-view/timer-removed-on-dispose",
                   test_sign_in_timer_removed_on_dispose);
  g_test_add_func ("/ui/message-view/shows-what-it-is-given",
                   test_message_view_shows_what_it_is_given);
  g_test_add_func ("/ui/message-view/action", test_message_view_action);
  g_test_add_func ("/ui/message-view/countdown", test_message_view_countdown);
  g_test_add_func ("/ui/message-view/fits-800x480", test_message_view_fits_800x480);

  return g_test_run ();
}
