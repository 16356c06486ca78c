/* hub-video-area.c — paints verified frames of one camera session
 *
 * Copyright 2026 hubview developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#define G_LOG_DOMAIN "hub-video-area"

#include "hub-video-area.h"

#include "hub-paintable-sink.h"

struct _HubVideoArea
{
  GtkWidget parent_instance;

  HubCameraSession *session;
  HubPaintableSink *sink;
  GdkPaintable *paintable;
  GSignalGroup *session_signals;   /* follow session */
  GSignalGroup *paintable_signals; /* follow paintable */
  HubEventLog *log;
  char *view;
  guint64 frames_painted;
  gboolean have_last;
  guint64 last_counter;
};

G_DEFINE_FINAL_TYPE (HubVideoArea, hub_video_area, GTK_TYPE_WIDGET)

static void
on_contents (HubVideoArea *self, GdkPaintable *paintable)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
set_sink (HubVideoArea *self, GstElement *sink)
{
  g_clear_object (&self->paintable);
  gst_clear_object (&self->sink);
  if (sink != NULL && HUB_IS_PAINTABLE_SINK (sink))
    {
      self->sink = HUB_PAINTABLE_SINK (gst_object_ref (sink));
      self->paintable = g_object_ref (hub_paintable_sink_get_paintable (self->sink));
    }
  g_signal_group_set_target (self->paintable_signals, self->paintable);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
on_session_sink (HubVideoArea *self, GParamSpec *pspec, HubCameraSession *session)
{
  /* a new session (new nonce): the old sink's frames are of no use any more */
  set_sink (self, hub_camera_session_get_sink (session));
}

static void
hub_video_area_snapshot (GtkWidget *widget, GtkSnapshot *snapshot)
{
  HubVideoArea *self = HUB_VIDEO_AREA (widget);
  int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  HubFrameIdentity id;
  const guint8 *nonce;
  double ratio, w, h;
  HubCamera *camera;

  if (self->session == NULL || self->sink == NULL)
    return;
  camera = hub_camera_session_get_camera (self->session);
  nonce = hub_camera_session_get_nonce (self->session);
  /* the second check: the frame the sink holds must be of this camera and
   * of this session, or nothing is painted */
  if (nonce == NULL || !hub_paintable_sink_get_identity (self->sink, &id)
      || !hub_frame_identity_matches (&id, hub_camera_get_id (camera), nonce))
    return;

  ratio = gdk_paintable_get_intrinsic_aspect_ratio (self->paintable);
  if (ratio <= 0)
    return;
  w = width;
  h = w / ratio;
  if (h > height)
    {
      h = height;
      w = h * ratio;
    }
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT ((width - w) / 2, (height - h) / 2));
  gdk_paintable_snapshot (self->paintable, snapshot, w, h);
  gtk_snapshot_restore (snapshot);

  if (!self->have_last || id.counter != self->last_counter)
    {
      self->frames_painted++;
      self->have_last = TRUE;
      self->last_counter = id.counter;
      if (self->log != NULL)
        hub_event_log_frame_painted (self->log, self->view, id.device_id, id.counter);
    }
}

static void
hub_video_area_measure (GtkWidget *widget, GtkOrientation orientation, int for_size,
                        int *minimum, int *natural, int *minimum_baseline, int *natural_baseline)
{
  *minimum = 0;
  *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? 320 : 180;
}

void
hub_video_area_set_session (HubVideoArea *self, HubCameraSession *session, const char *view,
                            HubEventLog *log)
{
  g_return_if_fail (HUB_IS_VIDEO_AREA (self));

  g_set_object (&self->session, session);
  g_set_object (&self->log, log);
  g_free (self->view);
  self->view = g_strdup (view);
  self->frames_painted = 0;
  self->have_last = FALSE;
  set_sink (self, session ? hub_camera_session_get_sink (session) : NULL);
  g_signal_group_set_target (self->session_signals, session);
}

guint64
hub_video_area_get_frames_painted (HubVideoArea *self)
{
  g_return_val_if_fail (HUB_IS_VIDEO_AREA (self), 0);
  return self->frames_painted;
}

gboolean
hub_video_area_get_last_counter (HubVideoArea *self, guint64 *counter)
{
  g_return_val_if_fail (HUB_IS_VIDEO_AREA (self), FALSE);
  if (self->have_last && counter != NULL)
    *counter = self->last_counter;
  return self->have_last;
}

static void
hub_video_area_dispose (GObject *object)
{
  HubVideoArea *self = HUB_VIDEO_AREA (object);

  hub_video_area_set_session (self, NULL, NULL, NULL);
  G_OBJECT_CLASS (hub_video_area_parent_class)->dispose (object);
}

static void
hub_video_area_finalize (GObject *object)
{
  HubVideoArea *self = HUB_VIDEO_AREA (object);

  g_free (self->view);
  g_clear_object (&self->session_signals);
  g_clear_object (&self->paintable_signals);
  G_OBJECT_CLASS (hub_video_area_parent_class)->finalize (object);
}

static void
hub_video_area_class_init (HubVideoAreaClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hub_video_area_dispose;
  object_class->finalize = hub_video_area_finalize;
  widget_class->snapshot = hub_video_area_snapshot;
  widget_class->measure = hub_video_area_measure;
  gtk_widget_class_set_css_name (widget_class, "hub-video-area");
}

static void
hub_video_area_init (HubVideoArea *self)
{
  gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);
  gtk_widget_set_vexpand (GTK_WIDGET (self), TRUE);
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);

  self->session_signals = g_signal_group_new (HUB_TYPE_CAMERA_SESSION);
  g_signal_group_connect_object (self->session_signals, "notify::sink",
                                 G_CALLBACK (on_session_sink), self, G_CONNECT_SWAPPED);
  self->paintable_signals = g_signal_group_new (GDK_TYPE_PAINTABLE);
  g_signal_group_connect_object (self->paintable_signals, "invalidate-contents",
                                 G_CALLBACK (on_contents), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->paintable_signals, "invalidate-size",
                                 G_CALLBACK (on_contents), self, G_CONNECT_SWAPPED);
}

GtkWidget *
hub_video_area_new (void)
{
  return g_object_new (HUB_TYPE_VIDEO_AREA, NULL);
}
