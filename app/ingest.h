/* From chunks to the core: cuts NDJSON into readings, parses them and hands them to the core in their
 * order within the source. Large chunks are cut into pieces that this thread and a worker parse in
 * parallel (whichever is free takes the next piece), while this thread also hands the parsed pieces to
 * the core in order, so neither thread waits for a fixed share of the other's work. */
#ifndef ETL_APP_INGEST_H
#define ETL_APP_INGEST_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

#include "core.h"
#include "reading.h"
#include "source.h"

/* One line's outcome, kept between the parse and the ordered hand-over. */
typedef struct ingest_item {
    const char *text;
    size_t len;
    uint64_t line; /* relative to the piece's first line */
    reading r;
    reading_status status;
} ingest_item;

enum { PIECE_FREE, PIECE_READY, PIECE_PARSING, PIECE_PARSED };

/* A run of whole lines of one chunk and their outcomes. */
typedef struct ingest_piece {
    int state;
    const char *data;
    size_t len;
    size_t source;
    int ends_chunk; /* the last piece of its chunk */
    ingest_item *items;
    size_t n, cap;
    uint64_t lines; /* newlines in the piece */
} ingest_piece;

#define INGEST_PIECES 24 /* in flight: enough for two chunks (a chunk lives two source calls) */

/* Invariant: pieces head .. head+count-1 (mod INGEST_PIECES) are in use, in reading order; those
 * before `next_ready` are parsing or parsed. state is guarded by lock. */
typedef struct ingest {
    core *core;
    int threads;              /* 1 or 2 */
    reading_parser parser[2]; /* [0] this thread, [1] the worker */
    ingest_piece pieces[INGEST_PIECES];
    size_t head, count, next_ready;
    size_t chunks_in_flight; /* chunks with pieces not yet handed over */
    pthread_t worker;
    pthread_mutex_t lock;
    pthread_cond_t changed;
    int started, quit;
    uint64_t next_line; /* line numbering of the chunks that continue it */
} ingest;

void ingest_init(ingest *g, core *c, const reading_rules *rules, int threads);
/* Takes the chunk; what is complete goes to the core, which then advances: 0, or -1 with err. A chunk
 * may be held until the next call or ingest_flush(), so its bytes must live that long (source.h). */
int ingest_chunk(ingest *g, const source_chunk *chunk, buf *err);
/* Hands over everything held: 0, or -1 with err. */
int ingest_flush(ingest *g, buf *err);
void ingest_free(ingest *g);

#endif
