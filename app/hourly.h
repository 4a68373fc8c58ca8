/* The hourly result objects (SEMANTICS.md "Output rows", "Where output goes"): a window's rows as a
 * Parquet file, and its key. */
#ifndef ETL_APP_HOURLY_H
#define ETL_APP_HOURLY_H

#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "codec.h"
#include "window.h"

/* "etl-app version X (etlctl)", the Parquet created_by. */
const char *hourly_created_by(void);
/* Appends "<prefix>hourly/dt=YYYY-MM-DD/hour=HH/part-YYYYMMDDTHHMMSSZ-<writer>.parquet". */
void hourly_key(buf *key, const char *prefix, int64_t start_ms, const char *writer);
/* Appends "dt=YYYY-MM-DD/hour=HH/" of a time (the partition of late/ objects); with_hour 0: "dt=.../". */
void hourly_partition(buf *out, int64_t time_ms, int with_hour);
/* Appends the Parquet file of rows[0..n) of the window [start_ms, start_ms + width_ms): 0, or -1. */
int hourly_parquet(buf *out, const window_row *rows, size_t n, int by_sensor, int64_t start_ms,
                   int64_t width_ms, codec c);

#endif
