/* Output objects of lines (late/ and errors/ of SEMANTICS.md "Where output goes"): lines are gathered
 * per directory and source, and each object is named after its first line's position. A batch that
 * has grown past a size is sealed at the next change of position, so where objects end depends only on
 * the lines (never on how the input was cut into chunks), and no two objects share a first position. */
#ifndef ETL_APP_LINE_BATCH_H
#define ETL_APP_LINE_BATCH_H

#include <stddef.h>

#include "base/buf.h"
#include "sink.h"

typedef struct line_batch {
    char *dir; /* the key up to the file name, e.g. "late/dt=2023-04-24/hour=10/" */
    char *source;
    char *first_position; /* of the first line in lines */
    buf last_position;    /* of the last line */
    buf lines;            /* each ends with '\n' */
    size_t count;
} line_batch;

/* Invariant: open holds at most one batch per (dir, source); sealed batches take no more lines. */
typedef struct line_batches {
    line_batch *open, *sealed;
    size_t nopen, nsealed, cap_open, cap_sealed;
    size_t seal_bytes; /* a batch this large is sealed before a line of another position joins it */
} line_batches;

/* Adds one line (without its '\n') to the batch of (dir, source). */
void line_batches_add(line_batches *b, const char *dir, const char *source, const char *position,
                      const char *line, size_t n);
/* Puts the sealed batches (all: the open ones too) as "<dir><source>-<first position>.ndjson" and
 * forgets them: 0, or -1 with err (the batches not put are kept). */
int line_batches_flush(line_batches *b, sink *out, int all, buf *err);
void line_batches_free(line_batches *b);

#endif
