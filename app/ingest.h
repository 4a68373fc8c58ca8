/* From chunks to the core: cuts NDJSON into readings, parses them and hands them to the core in their
 * order within the source. Large chunks are parsed on two threads and pipelined: while the worker
 * parses one part of chunk k+1, this thread hands chunk k to the core and parses the other part. */
#ifndef ETL_APP_INGEST_H
#define ETL_APP_INGEST_H

#include <stddef.h>
#include <stdint.h>

#include "core.h"
#include "reading.h"
#include "source.h"

/* One line's outcome, kept between the parse and the ordered hand-over. */
typedef struct ingest_item {
    const char *text;
    size_t len;
    uint64_t line; /* relative to the part's first line */
    reading r;
    reading_status status;
} ingest_item;

/* A run of whole lines and their outcomes. */
typedef struct ingest_part {
    reading_parser parser;
    const char *data;
    size_t len;
    ingest_item *items;
    size_t n, cap;
    uint64_t lines;   /* newlines in the part */
    double seconds;   /* the time its parse took */
} ingest_part;

/* A parsed chunk waiting for the hand-over: parts[0] then parts[1]. */
typedef struct ingest_batch {
    ingest_part parts[2];
    size_t source;
    uint64_t first_line;
    int full;
} ingest_batch;

typedef struct ingest {
    core *core;
    int threads;         /* 1 or 2 */
    ingest_batch batches[2]; /* one being parsed, one waiting; each chunk alternates */
    int next;            /* the batch the next chunk goes to */
    double main_share;   /* of a chunk parsed on this thread, balanced against the hand-over's cost */
    uint64_t next_line;  /* line numbering of the chunks that continue it */
} ingest;

void ingest_init(ingest *g, core *c, const reading_rules *rules, int threads);
/* Takes the chunk; what is complete goes to the core, which then advances: 0, or -1 with err. A chunk
 * may be held until the next call or ingest_flush(), so its bytes must live that long (source.h). */
int ingest_chunk(ingest *g, const source_chunk *chunk, buf *err);
/* Hands over what is held: 0, or -1 with err. */
int ingest_flush(ingest *g, buf *err);
void ingest_free(ingest *g);

#endif
