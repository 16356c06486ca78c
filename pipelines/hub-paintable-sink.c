/* hub-paintable-sink.c — hubpaintablesink: GstVideoSink → GdkPaintable
 *
 * Copyright 2026 hubview developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * show_frame (streaming thread) only swaps the newest buffer in under a lock
 * and queues at most one idle to the main thread. The main thread takes it,
 * invalidates the paintable, and builds the texture lazily in snapshot: a
 * zero-copy GdkMemoryTexture over GBytes that keep the mapped GstVideoFrame
 * alive, reused while the frame is unchanged. A frame without a verified
 * identity is refused, and the frame is dropped on flush, stop and dispose,
 * so nothing of an old session can be painted.
 */
#define G_LOG_DOMAIN "hub-paintable-sink"

#include "hub-paintable-sink.h"

#include <gtk/gtk.h>

GST_DEBUG_CATEGORY_STATIC (hub_paintable_sink_debug);
#define GST_CAT_DEFAULT hub_paintable_sink_debug

/* ---- the paintable: main thread only ---- */

#define HUB_TYPE_VIDEO_PAINTABLE (hub_video_paintable_get_type ())
G_DECLARE_FINAL_TYPE (HubVideoPaintable, hub_video_paintable, HUB, VIDEO_PAINTABLE, GObject)

struct _HubVideoPaintable
{
  GObject parent_instance;

  GstBuffer *buffer; /* the frame held now */
  GstVideoInfo info;
  HubFrameIdentity identity;
  GdkTexture *texture; /* built from buffer on first snapshot */
};

static void hub_video_paintable_iface_init (GdkPaintableInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (HubVideoPaintable, hub_video_paintable, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (GDK_TYPE_PAINTABLE,
                                                      hub_video_paintable_iface_init))

typedef struct
{
  GstVideoFrame frame;
} MappedFrame;

static void
mapped_frame_free (gpointer data)
{
  MappedFrame *m = data;

  gst_video_frame_unmap (&m->frame);
  g_free (m);
}

static GdkTexture *
texture_from_buffer (GstBuffer *buffer, const GstVideoInfo *info)
{
  MappedFrame *m = g_new0 (MappedFrame, 1);
  GdkMemoryFormat format;
  g_autoptr (GBytes) bytes = NULL;
  gsize stride, size;

  switch (GST_VIDEO_INFO_FORMAT (info))
    {
    case GST_VIDEO_FORMAT_BGRx:
    case GST_VIDEO_FORMAT_BGRA:
      /* 4.8 has no X8 formats: alpha 0xff premultiplied is the same bytes */
      format = GDK_MEMORY_B8G8R8A8_PREMULTIPLIED;
      break;
    case GST_VIDEO_FORMAT_RGBx:
    case GST_VIDEO_FORMAT_RGBA:
      format = GDK_MEMORY_R8G8B8A8_PREMULTIPLIED;
      break;
    default:
      g_free (m);
      return NULL;
    }
  if (!gst_video_frame_map (&m->frame, info, buffer, GST_MAP_READ))
    {
      g_free (m);
      return NULL;
    }
  stride = GST_VIDEO_FRAME_PLANE_STRIDE (&m->frame, 0);
  size = stride * GST_VIDEO_FRAME_HEIGHT (&m->frame);
  bytes = g_bytes_new_with_free_func (GST_VIDEO_FRAME_PLANE_DATA (&m->frame, 0), size,
                                      mapped_frame_free, m);
  return gdk_memory_texture_new (GST_VIDEO_FRAME_WIDTH (&m->frame),
                                 GST_VIDEO_FRAME_HEIGHT (&m->frame), format, bytes, stride);
}

static int
paintable_width (HubVideoPaintable *self)
{
  int par_n = GST_VIDEO_INFO_PAR_N (&self->info), par_d = GST_VIDEO_INFO_PAR_D (&self->info);

  if (self->buffer == NULL)
    return 0;
  if (par_n <= 0 || par_d <= 0)
    par_n = par_d = 1;
  return (int) gst_util_uint64_scale_int (GST_VIDEO_INFO_WIDTH (&self->info), par_n, par_d);
}

static void
hub_video_paintable_snapshot (GdkPaintable *paintable, GdkSnapshot *snapshot, double width,
                              double height)
{
  HubVideoPaintable *self = HUB_VIDEO_PAINTABLE (paintable);

  if (self->buffer == NULL)
    return;
  if (self->texture == NULL)
    self->texture = texture_from_buffer (self->buffer, &self->info);
  if (self->texture != NULL)
    gdk_paintable_snapshot (GDK_PAINTABLE (self->texture), snapshot, width, height);
}

static GdkPaintable *
hub_video_paintable_get_current_image (GdkPaintable *paintable)
{
  HubVideoPaintable *self = HUB_VIDEO_PAINTABLE (paintable);

  if (self->buffer == NULL)
    return gdk_paintable_new_empty (0, 0);
  if (self->texture == NULL)
    self->texture = texture_from_buffer (self->buffer, &self->info);
  return self->texture ? g_object_ref (GDK_PAINTABLE (self->texture))
                       : gdk_paintable_new_empty (0, 0);
}

static int
hub_video_paintable_get_intrinsic_width (GdkPaintable *paintable)
{
  return paintable_width (HUB_VIDEO_PAINTABLE (paintable));
}

static int
hub_video_paintable_get_intrinsic_height (GdkPaintable *paintable)
{
  HubVideoPaintable *self = HUB_VIDEO_PAINTABLE (paintable);

  return self->buffer ? GST_VIDEO_INFO_HEIGHT (&self->info) : 0;
}

static double
hub_video_paintable_get_intrinsic_aspect_ratio (GdkPaintable *paintable)
{
  HubVideoPaintable *self = HUB_VIDEO_PAINTABLE (paintable);
  int h = self->buffer ? GST_VIDEO_INFO_HEIGHT (&self->info) : 0;

  return h > 0 ? (double) paintable_width (self) / h : 0.0;
}

static void
hub_video_paintable_iface_init (GdkPaintableInterface *iface)
{
  iface->snapshot = hub_video_paintable_snapshot;
  iface->get_current_image = hub_video_paintable_get_current_image;
  iface->get_intrinsic_width = hub_video_paintable_get_intrinsic_width;
  iface->get_intrinsic_height = hub_video_paintable_get_intrinsic_height;
  iface->get_intrinsic_aspect_ratio = hub_video_paintable_get_intrinsic_aspect_ratio;
}

/* Takes ownership of @buffer (may be NULL: clear). */
static void
hub_video_paintable_set_frame (HubVideoPaintable *self, GstBuffer *buffer,
                               const GstVideoInfo *info, const HubFrameIdentity *identity)
{
  gboolean size_changed;

  size_changed = (self->buffer == NULL) != (buffer == NULL)
                 || (buffer != NULL
                     && (GST_VIDEO_INFO_WIDTH (info) != GST_VIDEO_INFO_WIDTH (&self->info)
                         || GST_VIDEO_INFO_HEIGHT (info) != GST_VIDEO_INFO_HEIGHT (&self->info)
                         || GST_VIDEO_INFO_PAR_N (info) != GST_VIDEO_INFO_PAR_N (&self->info)
                         || GST_VIDEO_INFO_PAR_D (info) != GST_VIDEO_INFO_PAR_D (&self->info)));
  g_clear_object (&self->texture);
  gst_clear_buffer (&self->buffer);
  self->buffer = buffer;
  if (buffer != NULL)
    {
      self->info = *info;
      self->identity = *identity;
    }
  else
    memset (&self->identity, 0, sizeof self->identity);

  if (size_changed)
    gdk_paintable_invalidate_size (GDK_PAINTABLE (self));
  gdk_paintable_invalidate_contents (GDK_PAINTABLE (self));
}

static void
hub_video_paintable_dispose (GObject *object)
{
  HubVideoPaintable *self = HUB_VIDEO_PAINTABLE (object);

  g_clear_object (&self->texture);
  gst_clear_buffer (&self->buffer);
  G_OBJECT_CLASS (hub_video_paintable_parent_class)->dispose (object);
}

static void
hub_video_paintable_class_init (HubVideoPaintableClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = hub_video_paintable_dispose;
}

static void
hub_video_paintable_init (HubVideoPaintable *self)
{
  gst_video_info_init (&self->info);
}

/* ---- the sink ---- */

struct _HubPaintableSink
{
  GstVideoSink parent_instance;

  HubVideoPaintable *paintable; /* main thread */

  GMutex lock;
  GstVideoInfo info;       /* negotiated (lock) */
  GstBuffer *pending;      /* newest frame not yet handed over (lock) */
  GstVideoInfo pending_info; /* the caps it was rendered with: caps may change before the idle */
  HubFrameIdentity pending_identity;
  gboolean clear_pending;  /* main thread must drop its frame (lock) */
  guint idle_id;           /* the one queued idle, 0 when none (lock) */
  guint64 refused;         /* frames without identity (lock) */
};

enum
{
  PROP_0,
  PROP_PAINTABLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GstStaticPadTemplate sink_template = GST_STATIC_PAD_TEMPLATE (
    "sink", GST_PAD_SINK, GST_PAD_ALWAYS,
    GST_STATIC_CAPS (GST_VIDEO_CAPS_MAKE ("{ BGRx, RGBx, BGRA, RGBA }")));

G_DEFINE_FINAL_TYPE (HubPaintableSink, hub_paintable_sink, GST_TYPE_VIDEO_SINK)

GST_ELEMENT_REGISTER_DEFINE_WITH_CODE (hubpaintablesink, "hubpaintablesink", GST_RANK_NONE,
                                       HUB_TYPE_PAINTABLE_SINK,
                                       GST_DEBUG_CATEGORY_INIT (hub_paintable_sink_debug,
                                                                "hubpaintablesink", 0,
                                                                "hubview paintable sink"));

/* Main thread: hand the newest frame (or the clear) to the paintable. */
static gboolean
hand_over (gpointer data)
{
  HubPaintableSink *self = data;
  GstBuffer *buffer;
  HubFrameIdentity identity;
  GstVideoInfo info;
  gboolean clear;

  g_mutex_lock (&self->lock);
  self->idle_id = 0;
  buffer = g_steal_pointer (&self->pending);
  identity = self->pending_identity;
  info = self->pending_info;
  clear = self->clear_pending;
  self->clear_pending = FALSE;
  g_mutex_unlock (&self->lock);

  if (clear && buffer == NULL)
    hub_video_paintable_set_frame (self->paintable, NULL, NULL, NULL);
  else if (buffer != NULL)
    hub_video_paintable_set_frame (self->paintable, buffer, &info, &identity);
  return G_SOURCE_REMOVE;
}

/* With the lock held: make sure one idle is queued. */
static void
queue_hand_over_locked (HubPaintableSink *self)
{
  if (self->idle_id == 0)
    self->idle_id = g_idle_add_full (G_PRIORITY_DEFAULT, hand_over, g_object_ref (self),
                                     g_object_unref);
}

/* Any thread: nothing of the current session may be painted any more. */
static void
clear_frame (HubPaintableSink *self)
{
  g_mutex_lock (&self->lock);
  gst_clear_buffer (&self->pending);
  self->clear_pending = TRUE;
  queue_hand_over_locked (self);
  g_mutex_unlock (&self->lock);
}

static GstFlowReturn
hub_paintable_sink_show_frame (GstVideoSink *vsink, GstBuffer *buffer)
{
  HubPaintableSink *self = HUB_PAINTABLE_SINK (vsink);
  HubFrameIdentity identity;

  if (!hub_buffer_get_frame_identity (buffer, &identity))
    {
      /* fail closed: a frame whose identity was lost is never shown */
      g_mutex_lock (&self->lock);
      self->refused++;
      g_mutex_unlock (&self->lock);
      GST_WARNING_OBJECT (self, "refused a frame without a verified identity");
      return GST_FLOW_OK;
    }

  g_mutex_lock (&self->lock);
  gst_buffer_replace (&self->pending, buffer);
  self->pending_info = self->info;
  self->pending_identity = identity;
  self->clear_pending = FALSE;
  queue_hand_over_locked (self);
  g_mutex_unlock (&self->lock);
  return GST_FLOW_OK;
}

/* Each frame is handed over once, when rendered; a live camera's first frame
 * is rendered right after preroll anyway. */
static GstFlowReturn
hub_paintable_sink_preroll (GstBaseSink *bsink, GstBuffer *buffer)
{
  return GST_FLOW_OK;
}

static gboolean
hub_paintable_sink_set_caps (GstBaseSink *bsink, GstCaps *caps)
{
  HubPaintableSink *self = HUB_PAINTABLE_SINK (bsink);
  GstVideoInfo info;

  if (!gst_video_info_from_caps (&info, caps))
    return FALSE;
  g_mutex_lock (&self->lock);
  self->info = info;
  g_mutex_unlock (&self->lock);
  return GST_BASE_SINK_CLASS (hub_paintable_sink_parent_class)->set_caps (bsink, caps);
}

static gboolean
hub_paintable_sink_event (GstBaseSink *bsink, GstEvent *event)
{
  if (GST_EVENT_TYPE (event) == GST_EVENT_FLUSH_START)
    clear_frame (HUB_PAINTABLE_SINK (bsink));
  return GST_BASE_SINK_CLASS (hub_paintable_sink_parent_class)->event (bsink, event);
}

static gboolean
hub_paintable_sink_stop (GstBaseSink *bsink)
{
  GstBaseSinkClass *parent = GST_BASE_SINK_CLASS (hub_paintable_sink_parent_class);

  clear_frame (HUB_PAINTABLE_SINK (bsink));
  return parent->stop ? parent->stop (bsink) : TRUE;
}

static gboolean
hub_paintable_sink_propose_allocation (GstBaseSink *bsink, GstQuery *query)
{
  gst_query_add_allocation_meta (query, GST_VIDEO_META_API_TYPE, NULL);
  return TRUE;
}

GdkPaintable *
hub_paintable_sink_get_paintable (HubPaintableSink *self)
{
  g_return_val_if_fail (HUB_IS_PAINTABLE_SINK (self), NULL);
  return GDK_PAINTABLE (self->paintable);
}

gboolean
hub_paintable_sink_get_identity (HubPaintableSink *self, HubFrameIdentity *identity)
{
  g_return_val_if_fail (HUB_IS_PAINTABLE_SINK (self), FALSE);
  if (self->paintable->buffer == NULL)
    return FALSE;
  *identity = self->paintable->identity;
  return TRUE;
}

guint64
hub_paintable_sink_get_refused (HubPaintableSink *self)
{
  guint64 n;

  g_return_val_if_fail (HUB_IS_PAINTABLE_SINK (self), 0);
  g_mutex_lock (&self->lock);
  n = self->refused;
  g_mutex_unlock (&self->lock);
  return n;
}

static void
hub_paintable_sink_get_property (GObject *object, guint prop_id, GValue *value,
                                 GParamSpec *pspec)
{
  HubPaintableSink *self = HUB_PAINTABLE_SINK (object);

  switch (prop_id)
    {
    case PROP_PAINTABLE:
      g_value_set_object (value, self->paintable);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
    }
}

static void
hub_paintable_sink_dispose (GObject *object)
{
  HubPaintableSink *self = HUB_PAINTABLE_SINK (object);

  g_mutex_lock (&self->lock);
  gst_clear_buffer (&self->pending);
  g_mutex_unlock (&self->lock);
  if (self->paintable != NULL)
    hub_video_paintable_set_frame (self->paintable, NULL, NULL, NULL);
  g_clear_object (&self->paintable);
  G_OBJECT_CLASS (hub_paintable_sink_parent_class)->dispose (object);
}

static void
hub_paintable_sink_finalize (GObject *object)
{
  HubPaintableSink *self = HUB_PAINTABLE_SINK (object);

  g_mutex_clear (&self->lock);
  G_OBJECT_CLASS (hub_paintable_sink_parent_class)->finalize (object);
}

static void
hub_paintable_sink_class_init (HubPaintableSinkClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GstElementClass *element_class = GST_ELEMENT_CLASS (klass);
  GstBaseSinkClass *base_sink_class = GST_BASE_SINK_CLASS (klass);
  GstVideoSinkClass *video_sink_class = GST_VIDEO_SINK_CLASS (klass);

  object_class->get_property = hub_paintable_sink_get_property;
  object_class->dispose = hub_paintable_sink_dispose;
  object_class->finalize = hub_paintable_sink_finalize;

  base_sink_class->set_caps = GST_DEBUG_FUNCPTR (hub_paintable_sink_set_caps);
  base_sink_class->preroll = GST_DEBUG_FUNCPTR (hub_paintable_sink_preroll);
  base_sink_class->event = GST_DEBUG_FUNCPTR (hub_paintable_sink_event);
  base_sink_class->stop = GST_DEBUG_FUNCPTR (hub_paintable_sink_stop);
  base_sink_class->propose_allocation = GST_DEBUG_FUNCPTR (hub_paintable_sink_propose_allocation);
  video_sink_class->show_frame = GST_DEBUG_FUNCPTR (hub_paintable_sink_show_frame);

  properties[PROP_PAINTABLE] = g_param_spec_object ("paintable", "Paintable",
                                                    "The GdkPaintable to paint (main thread)",
                                                    GDK_TYPE_PAINTABLE,
                                                    G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gst_element_class_add_static_pad_template (element_class, &sink_template);
  gst_element_class_set_static_metadata (element_class, "hubview paintable sink", "Sink/Video",
                                         "Shows verified frames through a GdkPaintable",
                                         "hubview developers <dev@hubview.io>");
}

static void
hub_paintable_sink_init (HubPaintableSink *self)
{
  g_mutex_init (&self->lock);
  gst_video_info_init (&self->info);
  gst_video_info_init (&self->pending_info);
  self->paintable = g_object_new (HUB_TYPE_VIDEO_PAINTABLE, NULL);
  /* No QoS: its lateness reports make decoders skip frames, and a skipped
   * reference frame leaves every following one undecodable. A live camera
   * shows the newest verified frame; the jitter buffer does the pacing. */
  gst_base_sink_set_qos_enabled (GST_BASE_SINK (self), FALSE);
}
