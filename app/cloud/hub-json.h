/* hub-json.h — JSON members read with their type and bounds checked
 *
 * Copyright 2026 hubview developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Members are read with their type and bounds checked first: json-glib's
 * json_object_get_*_member warn on a wrong type.
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef enum
{
  HUB_JSON_OPTIONAL = 0,
  HUB_JSON_REQUIRED = 1 << 0,
} HubJsonFlags;

/* "a string", "a number", "null", "an array", … for messages */
const char *hub_json_node_describe (JsonNode *node);

/* Each getter: TRUE with *@out set when the member is there with the right
 * type and within bounds; TRUE with *@out untouched when it is absent or
 * null and not HUB_JSON_REQUIRED; otherwise FALSE with a
 * HUB_CLOUD_ERROR_MALFORMED error that names the member. Bounds on strings
 * are in bytes and the empty string is refused when @min_len > 0. */
gboolean hub_json_get_string (JsonObject *object, const char *name, HubJsonFlags flags,
                              gsize min_len, gsize max_len, const char **out, GError **error);
gboolean hub_json_get_int (JsonObject *object, const char *name, HubJsonFlags flags, gint64 min,
                           gint64 max, gint64 *out, GError **error);
gboolean hub_json_get_bool (JsonObject *object, const char *name, HubJsonFlags flags, gboolean *out,
                            GError **error);
gboolean hub_json_get_object (JsonObject *object, const char *name, HubJsonFlags flags,
                              JsonObject **out, GError **error);
gboolean hub_json_get_array (JsonObject *object, const char *name, HubJsonFlags flags,
                             JsonArray **out, GError **error);

/* FALSE when @data (@len bytes) has more than blanks after its first JSON
 * value: json-glib 1.6 accepts `{…}{…}` or `1{…}`, keeps the first value
 * and leaks the rest (up to a whole reply). Call it before
 * json_parser_load_from_data() and refuse what it refuses; what it accepts
 * may still be invalid JSON, for json-glib to refuse. */
gboolean hub_json_is_single_value (const char *data, gsize len);

G_END_DECLS
