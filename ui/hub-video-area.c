/* hub-video-area.c — paints verified frames of one camera feed
 *
 * Copyright 2026 hubview developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The second check (signed-frames §6.4) lives here, independent of the
 * gate: the view keeps its own record of what it was asked to show — the
 * camera's ID and verified key, taken from the camera record, and the nonce
 * of the session it attached to, recorded when it attaches — and judges
 * every frame the sink hands over against that record: the tag the frame
 * carries must name this camera and this session, and its signature must
 * verify under the view's key. A frame that fails is not painted (whatever
 * was shown before goes too), and the reason is logged. Each frame is judged
 * once: snapshots of the same frame reuse the verdict.
 */
#define G_LOG_DOMAIN "hub-video-area"

#include "hub-video-area.h"

#include <string.h>

#include "hub-paint-check.h"
#include "hub-paintable-sink.h"

struct _HubVideoArea
{
  GtkWidget parent_instance;

  HubCameraFeed *feed;
  HubCamera *camera;               /* watched: a change of trust changes the record */
  GSignalGroup *feed_signals;      /* of feed */
  GSignalGroup *camera_signals;    /* of camera */
  GSignalGroup *paintable_signals; /* of paintable */
  HubPaintableSink *sink;
  GdkPaintable *paintable;
  HubEventLog *log;
  char *view;

  /* the view's own record (never read back from the pipeline) */
  char *camera_id;
  guint8 public_key[HUB_PUBLIC_KEY_SIZE];
  gboolean have_key;
  guint8 nonce[HUB_NONCE_SIZE];
  gboolean have_nonce;

  /* the frame judged last and the verdict */
  HubFrameIdentity judged;
  gboolean have_judged;
  HubPaintCheck verdict;
  HubPaintCheck logged; /* the refusal last written to the journal, OK when none */
  gboolean verified;    /* the frame the sink holds now passed: it is what is painted */

  guint64 frames_painted;
  guint64 frames_refused;
  gboolean have_last;
  guint64 last_counter;
};

enum
{
  PROP_0,
  PROP_VERIFIED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (HubVideoArea, hub_video_area, GTK_TYPE_WIDGET)

static void
set_verified (HubVideoArea *self, gboolean verified)
{
  if (self->verified == verified)
    return;
  self->verified = verified;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VERIFIED]);
}

static void
log_refusal (HubVideoArea *self, HubPaintCheck verdict, const HubFrameIdentity *id)
{
  const char *reason = hub_paint_check_to_string (verdict);

  self->frames_refused++;
  if (self->log != NULL)
    hub_event_log_frame_refused (self->log, self->view, self->camera_id, reason,
                                 id->tag_len > 0 ? id->device_id : NULL, id->counter);
  if (verdict == self->logged)
    return;
  self->logged = verdict;
  g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_MESSAGE, "CAMERA",
                    self->camera_id ? self->camera_id : "-", "HUB_REASON", reason, "MESSAGE",
                    "camera=%s reason=%s view=%s frame not painted",
                    self->camera_id ? self->camera_id : "-", reason, self->view ? self->view : "-");
}

/* The verdict on the frame the sink holds now, judged once per frame (and
 * again when the record changes); FALSE when nothing may be painted. */
static gboolean
judge (HubVideoArea *self, HubFrameIdentity *id)
{
  if (self->sink == NULL || !hub_paintable_sink_get_identity (self->sink, id))
    {
      /* no frame: nothing to refuse, nothing verified on screen */
      self->have_judged = FALSE;
      set_verified (self, FALSE);
      return FALSE;
    }
  if (!self->have_judged || id->tag_len != self->judged.tag_len
      || memcmp (id->tag, self->judged.tag, id->tag_len) != 0
      || id->counter != self->judged.counter)
    {
      self->verdict
          = hub_paint_check (id, self->camera_id, self->have_key ? self->public_key : NULL,
                             self->have_nonce ? self->nonce : NULL);
      self->judged = *id;
      self->have_judged = TRUE;
      if (self->verdict != HUB_PAINT_OK)
        log_refusal (self, self->verdict, id);
      else
        self->logged = HUB_PAINT_OK;
    }
  set_verified (self, self->verdict == HUB_PAINT_OK);
  return self->verdict == HUB_PAINT_OK;
}

static void
rejudge (HubVideoArea *self)
{
  HubFrameIdentity id;

  self->have_judged = FALSE;
  judge (self, &id);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
on_contents (GdkPaintable *paintable, gpointer user_data)
{
  HubVideoArea *self = HUB_VIDEO_AREA (user_data);
  HubFrameIdentity id;

  /* judged as it arrives, so that what the view says (verified or not)
   * follows the frame even before the next paint */
  judge (self, &id);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* The key is the camera's verified key now: none when it is not trusted. */
static void
record_key (HubVideoArea *self)
{
  const guint8 *key = self->camera ? hub_camera_get_public_key (self->camera) : NULL;

  self->have_key = key != NULL;
  if (key != NULL)
    memcpy (self->public_key, key, sizeof self->public_key);
  else
    memset (self->public_key, 0, sizeof self->public_key);
}

static void
attach_sink (HubVideoArea *self, GstElement *sink, const guint8 *nonce)
{
  g_clear_object (&self->paintable);
  gst_clear_object (&self->sink);
  self->have_nonce = nonce != NULL;
  if (nonce != NULL)
    memcpy (self->nonce, nonce, sizeof self->nonce);
  else
    memset (self->nonce, 0, sizeof self->nonce);
  if (sink != NULL && HUB_IS_PAINTABLE_SINK (sink))
    {
      self->sink = HUB_PAINTABLE_SINK (gst_object_ref (sink));
      self->paintable = g_object_ref (hub_paintable_sink_get_paintable (self->sink));
    }
  g_signal_group_set_target (self->paintable_signals, self->paintable);
  self->have_last = FALSE;
  rejudge (self);
}

static void
on_feed_sink (HubCameraFeed *feed, GParamSpec *pspec, gpointer user_data)
{
  HubVideoArea *self = HUB_VIDEO_AREA (user_data);

  /* a new session (new nonce): the old sink's frames are of no use any
   * more. The nonce is recorded now, once; the key is the camera's (it may
   * have been reopened under a new one). */
  record_key (self);
  attach_sink (self, hub_camera_feed_get_sink (feed), hub_camera_feed_get_nonce (feed));
}

static void
on_camera_trust (HubCamera *camera, GParamSpec *pspec, gpointer user_data)
{
  HubVideoArea *self = HUB_VIDEO_AREA (user_data);

  /* §6.5: from now on only the new key (or none) counts, also for a frame
   * already on screen */
  record_key (self);
  rejudge (self);
}

static void
hub_video_area_snapshot (GtkWidget *widget, GtkSnapshot *snapshot)
{
  HubVideoArea *self = HUB_VIDEO_AREA (widget);
  int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  HubFrameIdentity id;
  double ratio, w, h;

  if (!judge (self, &id))
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
        hub_event_log_frame_painted (self->log, self->view, &id);
    }
}

static void
hub_video_area_measure (GtkWidget *widget, GtkOrientation orientation, int for_size, int *minimum,
                        int *natural, int *minimum_baseline, int *natural_baseline)
{
  *minimum = 0;
  *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? 320 : 180;
}

static void
forget (HubVideoArea *self)
{
  g_signal_group_set_target (self->feed_signals, NULL);
  g_clear_object (&self->feed);
  g_signal_group_set_target (self->camera_signals, NULL);
  g_clear_object (&self->camera);
  g_clear_pointer (&self->camera_id, g_free);
  self->have_key = FALSE;
  memset (self->public_key, 0, sizeof self->public_key);
  self->frames_painted = 0;
  self->frames_refused = 0;
  self->logged = HUB_PAINT_OK;
}

static void
set_log (HubVideoArea *self, const char *view, HubEventLog *log)
{
  g_set_object (&self->log, log);
  g_free (self->view);
  self->view = g_strdup (view);
}

void
hub_video_area_set_feed (HubVideoArea *self, HubCameraFeed *feed, const char *view,
                         HubEventLog *log)
{
  g_return_if_fail (HUB_IS_VIDEO_AREA (self));

  if (feed != NULL)
    g_object_ref (feed);
  forget (self);
  set_log (self, view, log);
  self->feed = feed;
  if (feed != NULL)
    {
      self->camera = g_object_ref (hub_camera_feed_get_camera (feed));
      self->camera_id = g_strdup (hub_camera_get_id (self->camera));
      record_key (self);
      g_signal_group_set_target (self->camera_signals, self->camera);
      g_signal_group_set_target (self->feed_signals, feed);
    }
  attach_sink (self, feed ? hub_camera_feed_get_sink (feed) : NULL,
               feed ? hub_camera_feed_get_nonce (feed) : NULL);
}

void
hub_video_area_set_source (HubVideoArea *self, const char *camera_id, const guint8 *public_key,
                           const guint8 *nonce, GstElement *sink, const char *view,
                           HubEventLog *log)
{
  g_return_if_fail (HUB_IS_VIDEO_AREA (self));

  forget (self);
  set_log (self, view, log);
  self->camera_id = g_strdup (camera_id);
  self->have_key = public_key != NULL;
  if (public_key != NULL)
    memcpy (self->public_key, public_key, sizeof self->public_key);
  attach_sink (self, sink, nonce);
}

guint64
hub_video_area_get_frames_painted (HubVideoArea *self)
{
  g_return_val_if_fail (HUB_IS_VIDEO_AREA (self), 0);
  return self->frames_painted;
}

guint64
hub_video_area_get_frames_refused (HubVideoArea *self)
{
  g_return_val_if_fail (HUB_IS_VIDEO_AREA (self), 0);
  return self->frames_refused;
}

const char *
hub_video_area_get_verdict (HubVideoArea *self)
{
  g_return_val_if_fail (HUB_IS_VIDEO_AREA (self), NULL);
  return self->have_judged ? hub_paint_check_to_string (self->verdict) : NULL;
}

gboolean
hub_video_area_get_verified (HubVideoArea *self)
{
  g_return_val_if_fail (HUB_IS_VIDEO_AREA (self), FALSE);
  return self->verified;
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
hub_video_area_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  HubVideoArea *self = HUB_VIDEO_AREA (object);

  switch (prop_id)
    {
    case PROP_VERIFIED:
      g_value_set_boolean (value, self->verified);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
    }
}

static void
hub_video_area_dispose (GObject *object)
{
  HubVideoArea *self = HUB_VIDEO_AREA (object);

  forget (self);
  attach_sink (self, NULL, NULL);
  g_clear_object (&self->log);
  g_clear_object (&self->feed_signals);
  g_clear_object (&self->camera_signals);
  g_clear_object (&self->paintable_signals);
  G_OBJECT_CLASS (hub_video_area_parent_class)->dispose (object);
}

static void
hub_video_area_finalize (GObject *object)
{
  g_free (HUB_VIDEO_AREA (object)->view);
  G_OBJECT_CLASS (hub_video_area_parent_class)->finalize (object);
}

static void
hub_video_area_class_init (HubVideoAreaClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = hub_video_area_get_property;
  object_class->dispose = hub_video_area_dispose;
  object_class->finalize = hub_video_area_finalize;
  widget_class->snapshot = hub_video_area_snapshot;
  widget_class->measure = hub_video_area_measure;
  gtk_widget_class_set_css_name (widget_class, "hub-video-area");

  properties[PROP_VERIFIED] = g_param_spec_boolean (
      "verified", NULL, "Whether the frame shown now passed the view's own check", FALSE,
      G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
hub_video_area_init (HubVideoArea *self)
{
  gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);
  gtk_widget_set_vexpand (GTK_WIDGET (self), TRUE);
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);

  self->feed_signals = g_signal_group_new (HUB_TYPE_CAMERA_FEED);
  g_signal_group_connect (self->feed_signals, "notify::sink", G_CALLBACK (on_feed_sink), self);
  self->camera_signals = g_signal_group_new (HUB_TYPE_CAMERA);
  g_signal_group_connect (self->camera_signals, "notify::trusted", G_CALLBACK (on_camera_trust),
                          self);
  self->paintable_signals = g_signal_group_new (GDK_TYPE_PAINTABLE);
  g_signal_group_connect (self->paintable_signals, "invalidate-contents", G_CALLBACK (on_contents),
                          self);
  g_signal_group_connect (self->paintable_signals, "invalidate-size", G_CALLBACK (on_contents),
                          self);
}

GtkWidget *
hub_video_area_new (void)
{
  return g_object_new (HUB_TYPE_VIDEO_AREA, NULL);
}
