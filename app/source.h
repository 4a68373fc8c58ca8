/* Where readings come from: a source hands out chunks of text, each tagged with the source's name and
 * the position of its readings. A replay file is one source ("replay", positions are line numbers); a
 * Kinesis shard will be another (its id, positions are sequence numbers). */
#ifndef ETL_APP_SOURCE_H
#define ETL_APP_SOURCE_H

#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"

typedef struct source_chunk {
    const char *source; /* the source's name */
    const char *data;   /* readings separated by newlines (NDJSON), or exactly one reading (single) */
    size_t len;
    int single;
    const char *position; /* the position of every reading in the chunk (a sequence number), or NULL: */
    uint64_t first_line;  /* then positions are line numbers: data starts on this line, or, when 0, on the
                             line after the previous chunk of this source (the reader counts) */
    int cut_off; /* single: an array element the input ends in, with no ',' or ']' after it: bad_json
                    whatever its text, as the array is cut off there (unless too_large applies first) */
} source_chunk;

typedef struct source source;
struct source {
    /* 1 with the next chunk in *out, 0 at the end, -1 with a message in err. A chunk's bytes stay valid
     * until the second call after the one that gave it, so it can be worked on while the next is read. */
    int (*next)(source *s, source_chunk *out, buf *err);
    void (*destroy)(source *s);
};

int source_next(source *s, source_chunk *out, buf *err);
void source_free(source *s);

#endif
