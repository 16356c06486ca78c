/* hub-sim-faults.c — parsing and lookup of the faults hubview-sim injects
 *
 * Copyright 2026 hubview developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#define G_LOG_DOMAIN "hub-sim-faults"

#include "hub-sim-faults.h"

#include <string.h>

/* How a kind reads its ARGS. */
typedef enum
{
  ARGS_NONE,  /* no ARGS allowed */
  ARGS_RATE,  /* "RATE", 0..1, default 0.1 */
  ARGS_PAIR,  /* "A[:B]" */
  ARGS_COUNT, /* "B": how many requests (0: all) */
} ArgsShape;

/* Where a kind makes sense: on a camera ("*" included), on the whole cloud, or both. */
typedef enum
{
  SCOPE_CAMERA = 1 << 0,
  SCOPE_CLOUD = 1 << 1,
} Scope;

typedef struct
{
  const char *name;
  ArgsShape shape;
  Scope scope;
  gint64 default_a;
  gint64 default_b;
  const char *args_help;
} KindInfo;

#define DEFAULT_RATE 0.1

/* Indexed by HubSimFaultKind. */
static const KindInfo kinds[HUB_SIM_N_FAULT_KINDS] = {
  [HUB_SIM_FAULT_CROSS_FEED] = { "cross-feed", ARGS_RATE, SCOPE_CAMERA, 0, 0, "RATE" },
  [HUB_SIM_FAULT_REPLAY] = { "replay", ARGS_RATE, SCOPE_CAMERA, 0, 0, "RATE" },
  [HUB_SIM_FAULT_WRONG_SESSION] = { "wrong-session", ARGS_RATE, SCOPE_CAMERA, 0, 0, "RATE" },
  [HUB_SIM_FAULT_STRIP] = { "strip", ARGS_RATE, SCOPE_CAMERA, 0, 0, "RATE" },
  [HUB_SIM_FAULT_ROGUE_KEY] = { "rogue-key", ARGS_RATE, SCOPE_CAMERA, 0, 0, "RATE" },
  [HUB_SIM_FAULT_TAMPER] = { "tamper", ARGS_RATE, SCOPE_CAMERA, 0, 0, "RATE" },
  [HUB_SIM_FAULT_TRUNCATE] = { "truncate", ARGS_RATE, SCOPE_CAMERA, 0, 0, "RATE" },
  [HUB_SIM_FAULT_SEI_INJECT] = { "sei-inject", ARGS_RATE, SCOPE_CAMERA, 0, 0, "RATE" },
  [HUB_SIM_FAULT_SLICE_INJECT] = { "slice-inject", ARGS_RATE, SCOPE_CAMERA, 0, 0, "RATE" },
  [HUB_SIM_FAULT_NAL_FLOOD] = { "nal-flood", ARGS_RATE, SCOPE_CAMERA, 0, 0, "RATE" },
  [HUB_SIM_FAULT_HOLD_BACK] = { "hold-back", ARGS_PAIR, SCOPE_CAMERA, 5, 0, "SECONDS" },
  [HUB_SIM_FAULT_DROP] = { "drop", ARGS_RATE, SCOPE_CAMERA, 0, 0, "RATE" },
  [HUB_SIM_FAULT_DELAY] = { "delay", ARGS_PAIR, SCOPE_CAMERA, 200, 0, "BASE_MS[:JITTER_MS]" },
  [HUB_SIM_FAULT_DUPLICATE] = { "duplicate", ARGS_RATE, SCOPE_CAMERA, 0, 0, "RATE" },
  [HUB_SIM_FAULT_REORDER] = { "reorder", ARGS_RATE, SCOPE_CAMERA, 0, 0, "RATE" },
  [HUB_SIM_FAULT_OFFLINE] = { "offline", ARGS_NONE, SCOPE_CAMERA, 0, 0, NULL },
  [HUB_SIM_FAULT_KILL] = { "kill", ARGS_PAIR, SCOPE_CAMERA, 5, 0, "AFTER_S[:DOWN_S]" },
  [HUB_SIM_FAULT_PARAM_CHANGE] = { "param-change", ARGS_NONE, SCOPE_CAMERA, 0, 0, NULL },
  [HUB_SIM_FAULT_KEY_ROTATE] = { "key-rotate", ARGS_PAIR, SCOPE_CAMERA, 5, 0, "SECONDS" },
  [HUB_SIM_FAULT_CLOUD_401] = { "cloud-401", ARGS_PAIR, SCOPE_CAMERA | SCOPE_CLOUD, 0, 0,
                                "COUNT" },
  [HUB_SIM_FAULT_CLOUD_403] = { "cloud-403", ARGS_NONE, SCOPE_CAMERA | SCOPE_CLOUD, 0, 0, NULL },
  [HUB_SIM_FAULT_CLOUD_404] = { "cloud-404", ARGS_NONE, SCOPE_CAMERA | SCOPE_CLOUD, 0, 0, NULL },
  [HUB_SIM_FAULT_CLOUD_429] = { "cloud-429", ARGS_PAIR, SCOPE_CAMERA | SCOPE_CLOUD, 1, 0,
                                "RETRY_AFTER_S[:COUNT]" },
  [HUB_SIM_FAULT_CLOUD_500] = { "cloud-500", ARGS_COUNT, SCOPE_CAMERA | SCOPE_CLOUD, 0, 0,
                                "COUNT" },
  [HUB_SIM_FAULT_CLOUD_503] = { "cloud-503", ARGS_PAIR, SCOPE_CAMERA | SCOPE_CLOUD, 0, 0,
                                "RETRY_AFTER_S[:COUNT]" },
  [HUB_SIM_FAULT_CLOUD_MALFORMED] = { "cloud-malformed", ARGS_COUNT, SCOPE_CAMERA | SCOPE_CLOUD,
                                      0, 0, "COUNT" },
  [HUB_SIM_FAULT_CLOUD_SLOW] = { "cloud-slow", ARGS_PAIR, SCOPE_CAMERA | SCOPE_CLOUD, 2000, 0,
                                 "DELAY_MS" },
  [HUB_SIM_FAULT_EXTEND_FAIL] = { "extend-fail", ARGS_NONE, SCOPE_CAMERA | SCOPE_CLOUD, 0, 0,
                                  NULL },
};

const char *
hub_sim_fault_kind_to_string (HubSimFaultKind kind)
{
  g_return_val_if_fail (kind < HUB_SIM_N_FAULT_KINDS, NULL);

  return kinds[kind].name;
}

static gboolean
kind_from_string (const char *name, HubSimFaultKind *kind)
{
  for (guint i = 0; i < HUB_SIM_N_FAULT_KINDS; i++)
    {
      if (g_str_equal (kinds[i].name, name))
        {
          *kind = (HubSimFaultKind) i;
          return TRUE;
        }
    }
  return FALSE;
}

static char *
known_kinds (void)
{
  g_autoptr (GString) s = g_string_new (NULL);

  for (guint i = 0; i < HUB_SIM_N_FAULT_KINDS; i++)
    g_string_append_printf (s, "%s%s", i ? ", " : "", kinds[i].name);
  return g_string_free (g_steal_pointer (&s), FALSE);
}

/* A device ID (signed-frames §2: 1..64 bytes of [A-Za-z0-9._:-]), "*" or "cloud". */
static gboolean
camera_is_valid (const char *camera)
{
  gsize len = strlen (camera);

  if (g_str_equal (camera, "*"))
    return TRUE;
  if (len == 0 || len > 64)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    {
      char c = camera[i];

      if (!g_ascii_isalnum (c) && c != '.' && c != '_' && c != ':' && c != '-')
        return FALSE;
    }
  return TRUE;
}

static gboolean
parse_count (const char *spec, const char *field, const char *text, gint64 *out, GError **error)
{
  g_autoptr (GError) local_error = NULL;
  guint64 value = 0;

  if (!g_ascii_string_to_unsigned (text, 10, 0, G_MAXINT32, &value, &local_error))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "Fault “%s”: %s “%s” is not a whole number from 0 to %d", spec, field, text,
                   G_MAXINT32);
      return FALSE;
    }
  *out = (gint64) value;
  return TRUE;
}

static gboolean
parse_rate (const char *spec, const char *text, double *out, GError **error)
{
  char *end = NULL;
  double value = g_ascii_strtod (text, &end);

  if (*text == '\0' || end == NULL || *end != '\0' || !(value >= 0.0 && value <= 1.0))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "Fault “%s”: rate “%s” is not a number from 0 to 1", spec, text);
      return FALSE;
    }
  *out = value;
  return TRUE;
}

static gboolean
parse_args (HubSimFault *fault, const char *spec, const char *args, GError **error)
{
  const KindInfo *info = &kinds[fault->kind];

  fault->rate = DEFAULT_RATE;
  fault->a = info->default_a;
  fault->b = info->default_b;

  if (args == NULL)
    return TRUE;

  switch (info->shape)
    {
    case ARGS_NONE:
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "Fault “%s”: %s takes no arguments", spec, info->name);
      return FALSE;

    case ARGS_RATE:
      return parse_rate (spec, args, &fault->rate, error);

    case ARGS_COUNT:
      return parse_count (spec, "count", args, &fault->b, error);

    case ARGS_PAIR:
      {
        g_auto (GStrv) parts = g_strsplit (args, ":", 3);
        guint n = g_strv_length (parts);
        gboolean takes_b = strchr (info->args_help, ':') != NULL;

        if (n > (takes_b ? 2u : 1u))
          {
            g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                         "Fault “%s”: %s expects %s", spec, info->name, info->args_help);
            return FALSE;
          }
        if (!parse_count (spec, "value", parts[0], &fault->a, error))
          return FALSE;
        if (n == 2 && !parse_count (spec, "value", parts[1], &fault->b, error))
          return FALSE;
        return TRUE;
      }

    default:
      g_assert_not_reached ();
    }
}

HubSimFault *
hub_sim_fault_parse (const char *spec, GError **error)
{
  g_autoptr (HubSimFault) fault = NULL;
  g_autofree char *head = NULL;
  const char *eq;
  const char *colon;
  const char *args = NULL;
  const char *kind_name;
  Scope scope;

  g_return_val_if_fail (spec != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* A device ID may hold ':', a kind never does, and ARGS may: split ARGS at
   * the first '=', then CAMERA from KIND at the last ':' before it. */
  eq = strchr (spec, '=');
  head = eq ? g_strndup (spec, eq - spec) : g_strdup (spec);
  if (eq != NULL)
    args = eq + 1;
  colon = strrchr (head, ':');
  if (colon == NULL || colon == head || colon[1] == '\0')
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "Fault “%s”: expected CAMERA:KIND[=ARGS], e.g. cam-garage:drop=0.05", spec);
      return NULL;
    }
  if (args != NULL && *args == '\0')
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "Fault “%s”: empty arguments after “=”", spec);
      return NULL;
    }

  fault = g_new0 (HubSimFault, 1);
  fault->camera = g_strndup (head, colon - head);
  kind_name = colon + 1;

  if (!kind_from_string (kind_name, &fault->kind))
    {
      g_autofree char *known = known_kinds ();

      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "Fault “%s”: unknown kind “%s” (known: %s)", spec, kind_name, known);
      return NULL;
    }

  if (g_str_equal (fault->camera, "cloud"))
    scope = SCOPE_CLOUD;
  else if (camera_is_valid (fault->camera))
    scope = SCOPE_CAMERA;
  else
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "Fault “%s”: “%s” is not a device ID (1 to 64 of A-Z a-z 0-9 . _ : -), "
                   "“*” or “cloud”",
                   spec, fault->camera);
      return NULL;
    }
  if ((kinds[fault->kind].scope & scope) == 0)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "Fault “%s”: %s applies to cameras, not to the whole cloud", spec,
                   kinds[fault->kind].name);
      return NULL;
    }

  if (!parse_args (fault, spec, args, error))
    return NULL;

  return g_steal_pointer (&fault);
}

HubSimFault *
hub_sim_fault_copy (const HubSimFault *fault)
{
  HubSimFault *copy;

  g_return_val_if_fail (fault != NULL, NULL);

  copy = g_memdup2 (fault, sizeof *fault);
  copy->camera = g_strdup (fault->camera);
  return copy;
}

void
hub_sim_fault_free (HubSimFault *fault)
{
  if (fault == NULL)
    return;

  g_free (fault->camera);
  g_free (fault);
}

/* "*" stands for every camera, not for the cloud as a whole. */
static gboolean
fault_applies (const HubSimFault *fault, const char *camera)
{
  if (g_str_equal (fault->camera, camera))
    return TRUE;
  return g_str_equal (fault->camera, "*") && !g_str_equal (camera, "cloud");
}

const HubSimFault *
hub_sim_faults_find (GPtrArray *faults, const char *camera, HubSimFaultKind kind)
{
  g_return_val_if_fail (camera != NULL, NULL);

  if (faults == NULL)
    return NULL;

  for (guint i = 0; i < faults->len; i++)
    {
      const HubSimFault *fault = g_ptr_array_index (faults, i);

      if (fault->kind == kind && fault_applies (fault, camera))
        return fault;
    }
  return NULL;
}
