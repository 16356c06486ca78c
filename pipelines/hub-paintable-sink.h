/* hub-paintable-sink.h — hubpaintablesink: a video sink whose frames a GTK 4
 * widget paints through a GdkPaintable. The only file of pipelines/ that
 * knows GDK. */
#pragma once

#include <gdk/gdk.h>
#include <gst/video/gstvideosink.h>

#include "hub-frame-identity-meta.h"

G_BEGIN_DECLS

#define HUB_TYPE_PAINTABLE_SINK (hub_paintable_sink_get_type ())
G_DECLARE_FINAL_TYPE (HubPaintableSink, hub_paintable_sink, HUB, PAINTABLE_SINK, GstVideoSink)

GST_ELEMENT_REGISTER_DECLARE (hubpaintablesink);

/* The GdkPaintable (main thread only). */
GdkPaintable *hub_paintable_sink_get_paintable (HubPaintableSink *self);

/* Main thread: the verified identity of the frame the paintable holds now;
 * FALSE when it holds none (nothing may be painted). */
gboolean hub_paintable_sink_get_identity (HubPaintableSink *self, HubFrameIdentity *identity);

/* Frames refused because they carried no identity (a decoder that dropped
 * the meta): they are never shown. */
guint64 hub_paintable_sink_get_refused (HubPaintableSink *self);

G_END_DECLS
