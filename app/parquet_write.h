/* A Parquet writer for flat tables (https://github.com/apache/parquet-format, parquet.thrift): one row
 * group, one v1 data page per column, PLAIN values, statistics, and OPTIONAL columns whose definition
 * levels are RLE. Enough for the hourly results; no Arrow. */
#ifndef ETL_APP_PARQUET_WRITE_H
#define ETL_APP_PARQUET_WRITE_H

#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "codec.h"

typedef enum parquet_kind {
    PARQUET_INT64,        /* INT64 */
    PARQUET_DOUBLE,       /* DOUBLE */
    PARQUET_TIMESTAMP_MS, /* INT64, TIMESTAMP(MILLIS, isAdjustedToUTC) + converted type TIMESTAMP_MILLIS */
} parquet_kind;

/* A column of nrows values; for an OPTIONAL column, present[i] tells whether row i has a value
 * (values of absent rows are ignored). */
typedef struct parquet_column {
    const char *name;
    parquet_kind kind;
    int optional;
    const int64_t *i64; /* PARQUET_INT64, PARQUET_TIMESTAMP_MS */
    const double *f64;  /* PARQUET_DOUBLE */
    const uint8_t *present;
} parquet_column;

typedef struct parquet_table {
    const parquet_column *columns;
    size_t ncolumns, nrows;
} parquet_table;

/* Appends the whole file to out: 0, or -1 when the codec fails. */
int parquet_write(const parquet_table *t, codec c, const char *created_by, buf *out);

#endif
