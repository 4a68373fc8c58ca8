/* From chunks to the core: cuts NDJSON into readings, parses them (on two threads for large chunks,
 * each taking half of the chunk) and hands them to the core in their order within the source. */
#ifndef ETL_APP_INGEST_H
#define ETL_APP_INGEST_H

#include <stddef.h>
#include <stdint.h>

#include "core.h"
#include "reading.h"
#include "source.h"

/* One line's outcome, kept between the parallel parse and the ordered hand-over. */
typedef struct ingest_item {
    const char *text;
    size_t len;
    uint64_t line; /* relative to the part's first line */
    reading r;
    reading_status status;
} ingest_item;

typedef struct ingest_part {
    reading_parser parser;
    const char *data;
    size_t len;
    ingest_item *items;
    size_t n, cap;
    uint64_t lines; /* newlines in the part */
} ingest_part;

typedef struct ingest {
    core *core;
    int threads;          /* 1 or 2 */
    ingest_part parts[2];
    uint64_t next_line;   /* line numbering of the chunks that continue it */
} ingest;

void ingest_init(ingest *g, core *c, const reading_rules *rules, int threads);
/* Parses the chunk and hands its readings to the core, then lets the core advance: 0, or -1 with err. */
int ingest_chunk(ingest *g, const source_chunk *chunk, buf *err);
void ingest_free(ingest *g);

#endif
