/* hub-annexb.h — H.264 Annex-B byte stream: NAL units, slices, SEI messages
 *
 * Plain C, no GLib: the provenance core is fuzzed and used by the simulator,
 * the verify gate and hubview-verify alike.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

enum
{
  HUB_NAL_SLICE = 1,
  HUB_NAL_SLICE_DPA = 2,
  HUB_NAL_SLICE_DPB = 3,
  HUB_NAL_SLICE_DPC = 4,
  HUB_NAL_SLICE_IDR = 5,
  HUB_NAL_SEI = 6,
  HUB_NAL_SPS = 7,
  HUB_NAL_PPS = 8,
  HUB_NAL_AUD = 9,
  HUB_NAL_FILLER = 12,
};

/* One NAL unit as it stands in the byte stream: from its header byte up to,
 * not including, the next start code, emulation prevention kept, trailing
 * 0x00 bytes removed (spec §3). */
typedef struct
{
  const uint8_t *data;
  size_t size;
} HubNal;

/* Finds the next NAL unit in @buf starting the search at *@offset; on
 * success stores it in @nal, advances *@offset past it and returns true.
 * Bytes before the first start code are skipped. Empty NAL units (two start
 * codes in a row) are skipped. */
bool hub_annexb_next_nal (const uint8_t *buf, size_t len, size_t *offset, HubNal *nal);

static inline int
hub_nal_type (const uint8_t *nal, size_t size)
{
  return size > 0 ? (nal[0] & 0x1f) : -1;
}

static inline bool
hub_nal_type_is_vcl (int type)
{
  return type >= 1 && type <= 5;
}

/* Removes emulation prevention bytes (00 00 03 → 00 00) from @in into @out,
 * which must hold @len bytes; returns the number of bytes written. */
size_t hub_nal_unescape (const uint8_t *in, size_t len, uint8_t *out);

/* Adds emulation prevention bytes to the RBSP @in; @out must hold
 * hub_nal_escaped_size() bytes. Returns the number of bytes written. */
size_t hub_nal_escape (const uint8_t *in, size_t len, uint8_t *out);
size_t hub_nal_escaped_size (const uint8_t *in, size_t len);

/* Reads first_mb_in_slice of a VCL NAL unit. Returns false when the slice
 * header is too short to hold it, and for data partitions B and C (types 3
 * and 4), whose header holds slice_id instead: they belong to the picture of
 * the partition A before them. */
bool hub_slice_first_mb (const uint8_t *nal, size_t size, uint32_t *first_mb);

/* The most a unit may hold, and the non-VCL data waiting in front of one
 * (signed-frames §6.3): 2 × MaxFS × 384 bytes (twice an uncompressed 4:2:0
 * frame) for the level of the SPS NAL unit @sps (header included, H.264
 * Table A-1), at most HUB_UNIT_SIZE_MAX; HUB_UNIT_SIZE_MAX when @sps is NULL
 * or its level is not one of the table. */
#define HUB_UNIT_SIZE_MAX ((size_t) 8 << 20)
size_t hub_sps_unit_size_limit (const uint8_t *sps, size_t size);

/* The UUID of the hubview tag's user_data_unregistered SEI message. */
extern const uint8_t hub_tag_sei_uuid[16];

typedef enum
{
  HUB_SEI_NO_TAG = 0,   /* no message carries the UUID (or the SEI is broken before one does) */
  HUB_SEI_TAG = 1,      /* exactly one message carries the UUID; tag bytes returned */
  HUB_SEI_MALFORMED = 2 /* a message carries the UUID but the SEI does not parse */
} HubSeiResult;

/* Looks for the hubview tag in the SEI NAL unit @nal (header included,
 * emulation prevention still in). On HUB_SEI_TAG the tag bytes (after the
 * UUID) are copied into @tag (capacity @tag_cap) and their length stored in
 * *@tag_len; a tag longer than @tag_cap is reported as malformed. */
HubSeiResult hub_sei_find_tag (const uint8_t *nal, size_t size,
                               uint8_t *tag, size_t tag_cap, size_t *tag_len);

/* Builds a complete SEI NAL unit (header, one user_data_unregistered
 * message with the UUID and @tag, trailing bits, emulation prevention) into
 * @out of capacity @out_cap. Returns its size, or 0 if it does not fit. */
size_t hub_sei_build_tag_nal (const uint8_t *tag, size_t tag_len, uint8_t *out, size_t out_cap);

#ifdef __cplusplus
}
#endif
