/* hub-big-endian.h — big-endian integers of the wire formats (private to the core) */
#pragma once

#include <stdint.h>

static inline void
hub_put_be64 (uint8_t *p, uint64_t v)
{
  for (int i = 7; i >= 0; i--)
    {
      p[i] = (uint8_t) (v & 0xff);
      v >>= 8;
    }
}

static inline uint64_t
hub_get_be64 (const uint8_t *p)
{
  uint64_t v = 0;

  for (int i = 0; i < 8; i++)
    v = (v << 8) | p[i];
  return v;
}
