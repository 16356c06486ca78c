/* hub-camera-list.c — the cameras of the account as a GListModel, updated with the fewest changes
 *
 * Copyright 2026 hubview developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * An update keeps every camera that is still listed as the same object (a
 * rename is a notify::name on it, not a row change), removes the ones that
 * went and inserts the new ones, with one items-changed per contiguous run.
 * A camera whose place in the order changed is removed and inserted again;
 * the cameras that stay in place are the longest run that is already in
 * the new order.
 */
#define G_LOG_DOMAIN "hub-camera-list"

#include "hub-camera-list.h"

struct _HubCameraList
{
  GObject parent_instance;

  GPtrArray *items; /* of HubCamera, owned */
};

static void hub_camera_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (HubCameraList, hub_camera_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      hub_camera_list_model_init))

enum
{
  PROP_0,
  PROP_N_ITEMS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GType
hub_camera_list_get_item_type (GListModel *model)
{
  return HUB_TYPE_CAMERA;
}

static guint
hub_camera_list_get_n_items (GListModel *model)
{
  return HUB_CAMERA_LIST (model)->items->len;
}

static gpointer
hub_camera_list_get_item (GListModel *model, guint position)
{
  HubCameraList *self = HUB_CAMERA_LIST (model);

  if (position >= self->items->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->items, position));
}

static void
hub_camera_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = hub_camera_list_get_item_type;
  iface->get_n_items = hub_camera_list_get_n_items;
  iface->get_item = hub_camera_list_get_item;
}

static void
hub_camera_list_finalize (GObject *object)
{
  HubCameraList *self = HUB_CAMERA_LIST (object);

  g_clear_pointer (&self->items, g_ptr_array_unref);

  G_OBJECT_CLASS (hub_camera_list_parent_class)->finalize (object);
}

static void
hub_camera_list_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  HubCameraList *self = HUB_CAMERA_LIST (object);

  switch (prop_id)
    {
    case PROP_N_ITEMS:
      g_value_set_uint (value, self->items->len);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hub_camera_list_class_init (HubCameraListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = hub_camera_list_finalize;
  object_class->get_property = hub_camera_list_get_property;

  properties[PROP_N_ITEMS]
      = g_param_spec_uint ("n-items", NULL, "Number of cameras", 0, G_MAXUINT, 0,
                           G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
hub_camera_list_init (HubCameraList *self)
{
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
}

HubCameraList *
hub_camera_list_new (void)
{
  return g_object_new (HUB_TYPE_CAMERA_LIST, NULL);
}

/* The new order: the cameras named in @order first, in that order, then the
 * others in cloud order; a repeated ID keeps its first record. */
static GPtrArray *
target_order (GPtrArray *cameras, const char *const *order)
{
  g_autoptr (GHashTable) by_id = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GHashTable) placed = g_hash_table_new (g_str_hash, g_str_equal);
  GPtrArray *target = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; cameras != NULL && i < cameras->len; i++)
    {
      HubCamera *camera = g_ptr_array_index (cameras, i);
      const char *id = hub_camera_get_id (camera);

      if (g_hash_table_contains (by_id, id))
        {
          g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_WARNING, "CAMERA", id, "MESSAGE",
                            "camera listed twice camera=%s: the second record is ignored", id);
          continue;
        }
      g_hash_table_insert (by_id, (gpointer)id, camera);
    }
  for (guint i = 0; order != NULL && order[i] != NULL; i++)
    {
      HubCamera *camera = g_hash_table_lookup (by_id, order[i]);

      if (camera != NULL && g_hash_table_add (placed, (gpointer)order[i]))
        g_ptr_array_add (target, g_object_ref (camera));
    }
  for (guint i = 0; cameras != NULL && i < cameras->len; i++)
    {
      HubCamera *camera = g_ptr_array_index (cameras, i);
      const char *id = hub_camera_get_id (camera);

      if (g_hash_table_lookup (by_id, id) == camera && g_hash_table_add (placed, (gpointer)id))
        g_ptr_array_add (target, g_object_ref (camera));
    }
  return target;
}

/* Marks in @keep the longest increasing subsequence of @positions (-1: not
 * kept in any case). O(n²), for lists of a household's size. */
static void
longest_increasing (const int *positions, guint n, gboolean *keep)
{
  g_autofree guint *length = g_new0 (guint, n);
  g_autofree int *previous = g_new (int, n);
  int best = -1;

  for (guint i = 0; i < n; i++)
    {
      previous[i] = -1;
      if (positions[i] < 0)
        continue;
      length[i] = 1;
      for (guint j = 0; j < i; j++)
        {
          if (positions[j] >= 0 && positions[j] < positions[i] && length[j] + 1 > length[i])
            {
              length[i] = length[j] + 1;
              previous[i] = (int)j;
            }
        }
      if (best < 0 || length[i] > length[best])
        best = (int)i;
    }
  for (int i = best; i >= 0; i = previous[i])
    keep[i] = TRUE;
}

static void
emit_changed (HubCameraList *self, guint position, guint removed, guint added)
{
  g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);
}

void
hub_camera_list_update (HubCameraList *self, GPtrArray *cameras, const char *const *order)
{
  g_autoptr (GPtrArray) target = NULL;
  g_autoptr (GHashTable) target_index
      = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree int *positions = NULL;
  g_autofree gboolean *keep = NULL;
  guint old_len = self->items->len;
  guint n;

  g_return_if_fail (HUB_IS_CAMERA_LIST (self));

  target = target_order (cameras, order);
  for (guint i = 0; i < target->len; i++)
    g_hash_table_insert (target_index, g_strdup (hub_camera_get_id (target->pdata[i])),
                         GUINT_TO_POINTER (i + 1));

  /* Cameras still listed stay the same objects, updated in place; the
   * target then holds them rather than the new records. */
  n = self->items->len;
  positions = g_new (int, MAX (n, 1));
  keep = g_new0 (gboolean, MAX (n, 1));
  for (guint i = 0; i < n; i++)
    {
      HubCamera *camera = g_ptr_array_index (self->items, i);
      guint index
          = GPOINTER_TO_UINT (g_hash_table_lookup (target_index, hub_camera_get_id (camera)));

      positions[i] = (int)index - 1;
      if (index == 0)
        continue;
      hub_camera_update_from (camera, target->pdata[index - 1]);
      g_object_unref (target->pdata[index - 1]);
      target->pdata[index - 1] = g_object_ref (camera);
    }
  longest_increasing (positions, n, keep);

  /* Removals, from the end, one signal per contiguous run. */
  for (guint i = n; i > 0;)
    {
      guint end = i;

      if (keep[i - 1])
        {
          i--;
          continue;
        }
      while (i > 0 && !keep[i - 1])
        i--;
      g_ptr_array_remove_range (self->items, i, end - i);
      emit_changed (self, i, end - i, 0);
    }

  /* Insertions, from the start, one signal per contiguous run: what is left
   * of the old list is in target order, so it is walked once. */
  for (guint i = 0; i < target->len;)
    {
      guint start = i;
      gpointer next_kept;

      if (i < self->items->len && self->items->pdata[i] == target->pdata[i])
        {
          i++;
          continue;
        }
      next_kept = start < self->items->len ? self->items->pdata[start] : NULL;
      while (i < target->len && target->pdata[i] != next_kept)
        {
          g_ptr_array_insert (self->items, (int)i, g_object_ref (target->pdata[i]));
          i++;
        }
      emit_changed (self, start, 0, i - start);
    }

  if (self->items->len != old_len)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

HubCamera *
hub_camera_list_lookup (HubCameraList *self, const char *id)
{
  int index;

  g_return_val_if_fail (HUB_IS_CAMERA_LIST (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  index = hub_camera_list_index_of (self, id);
  return index < 0 ? NULL : g_ptr_array_index (self->items, index);
}

int
hub_camera_list_index_of (HubCameraList *self, const char *id)
{
  g_return_val_if_fail (HUB_IS_CAMERA_LIST (self), -1);
  g_return_val_if_fail (id != NULL, -1);

  for (guint i = 0; i < self->items->len; i++)
    {
      if (g_str_equal (hub_camera_get_id (g_ptr_array_index (self->items, i)), id))
        return (int)i;
    }
  return -1;
}
