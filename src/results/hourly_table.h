/* The app's hourly result files (SEMANTICS.md, "Output rows") read back with app/parquet_read.h and
 * printed as a table (UTC times as "2023-04-24 10:00"), CSV or JSON. */
#ifndef ETL_RESULTS_HOURLY_TABLE_H
#define ETL_RESULTS_HOURLY_TABLE_H

#include <stdio.h>

#include "base/buf.h"

typedef enum hourly_format { HOURLY_TABLE, HOURLY_CSV, HOURLY_JSON } hourly_format;

typedef struct hourly_table {
    buf rows;     /* the rows printed so far, in the chosen format */
    size_t nrows;
    int with_sensor;
    hourly_format format;
} hourly_table;

/* Adds the rows of one Parquet file (data[0..n)); source names it in errors. 0, or -1 with err. */
int hourly_table_add(hourly_table *t, const char *source, const void *data, size_t n, buf *err);
/* Prints the header (table, CSV), the rows and the closing (JSON) on f. */
void hourly_table_print(hourly_table *t, FILE *f);
void hourly_table_free(hourly_table *t);

#endif
