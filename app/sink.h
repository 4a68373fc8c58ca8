/* Where output objects go: put an object (key + bytes), replacing any object of the same key. The
 * replay output directory implements it (sink_dir.h); an S3 bucket will too. */
#ifndef ETL_APP_SINK_H
#define ETL_APP_SINK_H

#include <stddef.h>

#include "base/buf.h"

typedef struct sink sink;
struct sink {
    /* 0, or -1 with a message in err (which names the key). Keys use '/' between parts. */
    int (*put)(sink *s, const char *key, const void *data, size_t n, buf *err);
    void (*destroy)(sink *s);
    unsigned long objects; /* objects put so far */
};

int sink_put(sink *s, const char *key, const void *data, size_t n, buf *err);
void sink_free(sink *s);

#endif
