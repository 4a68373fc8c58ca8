/* A Parquet reader for the files parquet_write() makes (flat INT64/DOUBLE columns, REQUIRED or
 * OPTIONAL, v1 data pages, PLAIN values, any codec of codec.h), used by tests and `etlctl results`.
 * Anything else (nested schemas, dictionaries, other encodings) is refused with a message. */
#ifndef ETL_APP_PARQUET_READ_H
#define ETL_APP_PARQUET_READ_H

#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "parquet_write.h"

/* One column, all rows decoded. */
typedef struct parquet_read_column {
    char *name;
    parquet_kind kind;
    int optional;
    codec codec;
    int64_t *i64;     /* nrows values (INT64, TIMESTAMP_MS); 0 where absent */
    double *f64;      /* nrows values (DOUBLE); 0 where absent */
    uint8_t *present; /* nrows flags: 1 when the row has a value (all 1 for REQUIRED) */
    int has_min_max;  /* statistics of the column chunk(s), as written */
    unsigned char min[8], max[8];
    int64_t null_count;
} parquet_read_column;

typedef struct parquet_file {
    parquet_read_column *columns;
    size_t ncolumns, nrows;
    char *created_by; /* NULL when absent */
} parquet_file;

/* Decodes the whole file data[0..n) into f: 0, or -1 with a message in err. */
int parquet_read(const void *data, size_t n, parquet_file *f, buf *err);
/* The column named name, or NULL. */
const parquet_read_column *parquet_column_named(const parquet_file *f, const char *name);
void parquet_file_free(parquet_file *f);

#endif
