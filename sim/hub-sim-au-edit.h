/* hub-sim-au-edit.h — byte edits of Annex-B access units, for the fault stage
 *
 * Copyright 2026 hubview developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <glib.h>

#include "hub-annexb.h"

G_BEGIN_DECLS

typedef enum
{
  HUB_SIM_AU_STRIP_TAG,        /* drop the tag SEI */
  HUB_SIM_AU_STRIP_TAG_PARAMS, /* drop the tag SEI, SPS and PPS */
  HUB_SIM_AU_TRUNCATE_TAG,     /* cut the tag SEI short after its UUID */
  HUB_SIM_AU_TAMPER,           /* flip a bit in the middle of the first slice */
} HubSimAuEdit;

/* Rewrites an Annex-B access unit NAL by NAL; NULL when the edit found
 * nothing to act on (HUB_SIM_AU_STRIP_TAG_PARAMS never returns NULL). */
GByteArray *hub_sim_au_edit (const guint8 *au, gsize len, HubSimAuEdit edit);
/* The SPS and PPS units of @au, in Annex-B. */
GByteArray *hub_sim_au_params (const guint8 *au, gsize len);
gboolean hub_sim_nal_is_tag_sei (const HubNal *nal);
/* Whether @au holds a NAL unit of @type (for HUB_NAL_SEI: a tag SEI). */
gboolean hub_sim_au_has_nal (const guint8 *au, gsize len, int type);

/* Appends a start code and @nal (header onward, escaped). */
void hub_sim_au_append_nal (GByteArray *out, const guint8 *nal, gsize len);
/* Appends the RBSP @rbsp (header onward) as a NAL unit, escaped. */
void hub_sim_au_append_rbsp (GByteArray *out, const guint8 *rbsp, gsize len);
/* sei-inject's SEI: one mastering display colour volume message (payload 137). */
void hub_sim_au_append_mastering_display_sei (GByteArray *out);
/* nal-flood's unit number @i: filler data, an SEI or a reserved NAL unit type. */
void hub_sim_au_append_flood_unit (GByteArray *out, guint i, GRand *rand);
/* slice-inject: @au with @slice (a NAL unit) right after its parameter
 * sets; NULL when it has none. */
GByteArray *hub_sim_au_inject_slice (const guint8 *au, gsize len, GBytes *slice);

G_END_DECLS
