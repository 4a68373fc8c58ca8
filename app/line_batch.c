/* Line batches (line_batch.h). Batches are few at a time (one per source and hour or day), so they
 * are found by a linear search. */
#include "line_batch.h"

#include <stdlib.h>
#include <string.h>

static char *xstrdup(const char *s)
{
    char *p = strdup(s);
    if (!p) abort();
    return p;
}

void line_batches_add(line_batches *b, const char *dir, const char *source, const char *position, const char *line,
                      size_t n)
{
    line_batch *t = NULL;
    for (size_t i = 0; i < b->n && !t; i++)
        if (strcmp(b->items[i].dir, dir) == 0 && strcmp(b->items[i].source, source) == 0) t = &b->items[i];
    if (!t) {
        if (b->n == b->cap) {
            b->cap = b->cap ? b->cap * 2 : 4;
            b->items = realloc(b->items, b->cap * sizeof *b->items);
            if (!b->items) abort();
        }
        t = &b->items[b->n++];
        memset(t, 0, sizeof *t);
        t->dir = xstrdup(dir);
        t->source = xstrdup(source);
        t->first_position = xstrdup(position);
    }
    buf_add(&t->lines, line, n);
    buf_addc(&t->lines, '\n');
    t->count++;
    b->bytes += n + 1;
    b->lines++;
}

static void batch_free(line_batch *t)
{
    free(t->dir);
    free(t->source);
    free(t->first_position);
    buf_free(&t->lines);
}

int line_batches_flush(line_batches *b, sink *out, buf *err)
{
    int rc = 0;
    buf key = {0};
    size_t i = 0;
    for (; i < b->n && rc == 0; i++) {
        line_batch *t = &b->items[i];
        buf_reset(&key);
        buf_printf(&key, "%s%s-%s.ndjson", t->dir, t->source, t->first_position);
        rc = sink_put(out, key.data, t->lines.data, t->lines.len, err);
        if (rc == 0) batch_free(t);
    }
    if (rc) i--; /* the failed batch stays, with those after it */
    if (i) memmove(b->items, b->items + i, (b->n - i) * sizeof *b->items);
    b->n -= i;
    b->bytes = b->lines = 0;
    for (size_t k = 0; k < b->n; k++) b->bytes += b->items[k].lines.len, b->lines += b->items[k].count;
    buf_free(&key);
    return rc;
}

void line_batches_free(line_batches *b)
{
    for (size_t i = 0; i < b->n; i++) batch_free(&b->items[i]);
    free(b->items);
    memset(b, 0, sizeof *b);
}
