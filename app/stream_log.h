/* The interval log line of stream mode, one JSON object a line:
 *   {"time":"2026-11-22T02:00:00Z","in":N,"kept":N,"filtered":N,"error":N,"late":N,"pending":N,
 *    "balanced":true,"objects":N,"open_windows":N,
 *    "shards":[{"id":"shardId-000000000000","state":"reading","millis_behind":0,"last_seq":"..."}]} */
#ifndef ETL_APP_STREAM_LOG_H
#define ETL_APP_STREAM_LOG_H

#include <stdint.h>
#include <stdio.h>

#include "core.h"

typedef struct stream_log_shard {
    const char *id, *last_seq;
    const char *state;     /* reading, waiting (for its parents), drained */
    int64_t millis_behind; /* -1: unknown */
} stream_log_shard;

void stream_log_line(FILE *f, const core *c, const stream_log_shard *shards, size_t n, unsigned long objects);

#endif
