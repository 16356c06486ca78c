/* hub-sign-in-view.h — the device-flow sign-in screen (RFC 8628)
 *
 * Three states, one at a time:
 *   waiting  spinner and a message ("Contacting the camera cloud…"), no code;
 *   code     the user code, very large, where to enter it, a QR code of the
 *            verification URI and a countdown to the code's expiry;
 *   error    a message and a large "Get a new code" button that emits "retry".
 * When the countdown reaches zero the page turns to the error state by
 * itself ("This code has expired.").
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* The QR symbol is drawn with whole pixels per module: the smallest integer
 * module size that makes the symbol (quiet zone included) at least this many
 * pixels wide. */
#define HUB_SIGN_IN_PAGE_QR_MIN_SIZE 240
/* Modules of white around the symbol, as ISO/IEC 18004 asks. */
#define HUB_SIGN_IN_PAGE_QR_QUIET_ZONE 4

#define HUB_TYPE_SIGN_IN_VIEW (hub_sign_in_view_get_type ())
G_DECLARE_FINAL_TYPE (HubSignInView, hub_sign_in_view, HUB, SIGN_IN_VIEW, GtkWidget)

GtkWidget *hub_sign_in_view_new (void);

/* Shows @user_code and a QR code of @verification_uri_complete (of
 * @verification_uri when that is NULL or empty), counting down from
 * @expires_in_seconds on the monotonic clock. A code that cannot be encoded
 * as a QR code is still shown, without the QR code. */
void hub_sign_in_view_set_code (HubSignInView *self, const char *user_code,
                                const char *verification_uri, const char *verification_uri_complete,
                                guint expires_in_seconds);
/* Spinner and @message, no code. */
void hub_sign_in_view_set_waiting (HubSignInView *self, const char *message);
/* Hides the code and QR code; shows @message and the "Get a new code" button. */
void hub_sign_in_view_set_error (HubSignInView *self, const char *message);

const char *hub_sign_in_view_get_user_code (HubSignInView *self);
const char *hub_sign_in_view_get_verification_uri (HubSignInView *self);
/* Whole seconds until the code expires, rounded up; 0 when no code is shown. */
guint hub_sign_in_view_get_seconds_left (HubSignInView *self);
/* The QR code shown (black modules on white, quiet zone included), or NULL. */
GdkTexture *hub_sign_in_view_get_qr_texture (HubSignInView *self);

G_END_DECLS
