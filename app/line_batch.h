/* Output objects of lines (late/ and errors/ of SEMANTICS.md "Where output goes"): lines are gathered
 * per directory and source, and each object is named after its first line's position. */
#ifndef ETL_APP_LINE_BATCH_H
#define ETL_APP_LINE_BATCH_H

#include <stddef.h>

#include "base/buf.h"
#include "sink.h"

typedef struct line_batch {
    char *dir;            /* the key up to the file name, e.g. "late/dt=2023-04-24/hour=10/" */
    char *source;
    char *first_position; /* of the first line in lines */
    buf lines;            /* each ends with '\n' */
    size_t count;
} line_batch;

typedef struct line_batches {
    line_batch *items;
    size_t n, cap;
    size_t bytes;      /* in all batches */
    size_t lines;      /* in all batches */
} line_batches;

/* Adds one line (without its '\n') to the batch of (dir, source). */
void line_batches_add(line_batches *b, const char *dir, const char *source, const char *position, const char *line,
                      size_t n);
/* Puts every batch as "<dir><source>-<first position>.ndjson" and empties them: 0, or -1 with err. */
int line_batches_flush(line_batches *b, sink *out, buf *err);
void line_batches_free(line_batches *b);

#endif
