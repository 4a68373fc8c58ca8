/* The checkpoint of stream mode (SEMANTICS.md "Nothing lost, nothing twice"): the least state from
 * which a restarted app gives the output of an uninterrupted run. It holds, per shard, the sequence
 * number of the last record handed to the core (or that the shard is drained) and its watermark; the
 * open windows (temperatures, and what was last emitted of each group); the counters; and the late/
 * errors lines gathered since the previous checkpoint, which are written as objects only after the
 * checkpoint holding them is stored, so a restart writes them again under the same keys.
 * Binary, little-endian: "ETLSTATE", a format version, the settings that shape the state (window,
 * scope, lateness), the sections, and a CRC-32 of everything before it. */
#ifndef ETL_APP_CHECKPOINT_H
#define ETL_APP_CHECKPOINT_H

#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "core.h"

#define CHECKPOINT_VERSION 1

typedef struct checkpoint_shard {
    char id[64];
    char last_seq[128]; /* "" when nothing was read from it yet */
    int finished;       /* closed and drained */
} checkpoint_shard;

/* Appends the state to out. The core's late/errors lines are included, not written. */
void checkpoint_encode(buf *out, const core *c, const checkpoint_shard *shards, size_t n, int64_t now_s);
/* Restores into c (freshly initialized with the same settings) and sets *shards (allocated, caller
 * frees), *n and *saved_at_s: 0; or -1 with the reason in err (another format version, other
 * settings, damage). */
int checkpoint_decode(const void *data, size_t len, core *c, checkpoint_shard **shards, size_t *n,
                      int64_t *saved_at_s, buf *err);

#endif
