/* hub-sign-frames.h — hubsignframes: signs every H.264 access unit (signed-frames v1)
 *
 * AU-aligned H.264 byte-stream in, the same stream out with one tag SEI
 * inserted before the first slice of every access unit (hub-signer.h). A
 * camera puts it after its encoder (and parser), one instance per session:
 * the nonce is the one the hub sent through openStream.
 *
 *   … ! h264parse ! video/x-h264,stream-format=byte-stream,alignment=au
 *     ! hubsignframes device-id=cam-frontdoor key-file=/etc/cam/key.hex nonce=… ! …
 *
 * Capture time: a GstReferenceTimestampMeta of caps "timestamp/x-unix" on
 * the buffer when there is one (the camera knows best when it captured),
 * else the buffer's running time mapped to wall-clock time.
 */
#pragma once

#include <gst/base/gstbasetransform.h>
#include <gst/gst.h>

G_BEGIN_DECLS

#define HUB_TYPE_SIGN_FRAMES (hub_sign_frames_get_type ())
G_DECLARE_FINAL_TYPE (HubSignFrames, hub_sign_frames, HUB, SIGN_FRAMES, GstBaseTransform)

GST_ELEMENT_REGISTER_DECLARE (hubsignframes);

G_END_DECLS
