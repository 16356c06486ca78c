/* hub-camera-list.h — the cameras of the account as a GListModel of HubCamera */
#pragma once

#include <gio/gio.h>

#include "hub-camera.h"

G_BEGIN_DECLS

#define HUB_TYPE_CAMERA_LIST (hub_camera_list_get_type ())
G_DECLARE_FINAL_TYPE (HubCameraList, hub_camera_list, HUB, CAMERA_LIST, GObject)

HubCameraList *hub_camera_list_new (void);
/* Replaces the content with @cameras (GPtrArray of HubCamera, in cloud
 * order) with the fewest changes: kept cameras stay the same objects
 * (renames update them in place), removed ones go, new ones arrive.
 * @order: optional camera IDs to put first (the settings' camera order). */
void hub_camera_list_update (HubCameraList *self, GPtrArray *cameras, const char *const *order);
HubCamera *hub_camera_list_lookup (HubCameraList *self, const char *id);
/* position, or -1 */
int hub_camera_list_index_of (HubCameraList *self, const char *id);

G_END_DECLS
