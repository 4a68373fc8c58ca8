/* Line batches (line_batch.h). Open batches are few at a time (one per source and hour or day), so
 * they are found by a linear search. */
#include "line_batch.h"

#include <stdlib.h>
#include <string.h>

static char *xstrdup(const char *s)
{
    char *p = strdup(s);
    if (!p) abort();
    return p;
}

static line_batch *append(line_batch **items, size_t *n, size_t *cap)
{
    if (*n == *cap) {
        *cap = *cap ? *cap * 2 : 4;
        *items = realloc(*items, *cap * sizeof **items);
        if (!*items) abort();
    }
    return &(*items)[(*n)++];
}

void line_batches_add(line_batches *b, const char *dir, const char *source, const char *position,
                      const char *line, size_t n)
{
    line_batch *t = NULL;
    for (size_t i = 0; i < b->nopen && !t; i++)
        if (strcmp(b->open[i].dir, dir) == 0 && strcmp(b->open[i].source, source) == 0) t = &b->open[i];
    if (t && t->lines.len >= b->seal_bytes && strcmp(t->last_position.data, position) != 0) {
        *append(&b->sealed, &b->nsealed, &b->cap_sealed) = *t;
        *t = b->open[--b->nopen]; /* the last open batch takes its place */
        t = NULL;
    }
    if (!t) {
        t = append(&b->open, &b->nopen, &b->cap_open);
        memset(t, 0, sizeof *t);
        t->dir = xstrdup(dir);
        t->source = xstrdup(source);
        t->first_position = xstrdup(position);
    }
    buf_add(&t->lines, line, n);
    buf_addc(&t->lines, '\n');
    buf_reset(&t->last_position);
    buf_adds(&t->last_position, position);
    t->count++;
}

static void batch_free(line_batch *t)
{
    free(t->dir);
    free(t->source);
    free(t->first_position);
    buf_free(&t->last_position);
    buf_free(&t->lines);
}

/* Puts items[0..n) and removes those put: 0, or -1 (the failed one and those after it stay). */
static int put_all(line_batch *items, size_t *n, sink *out, buf *err)
{
    buf key = {0};
    size_t i = 0;
    int rc = 0;
    for (; i < *n; i++) {
        line_batch *t = &items[i];
        buf_reset(&key);
        buf_printf(&key, "%s%s-%s.ndjson", t->dir, t->source, t->first_position);
        if ((rc = sink_put(out, key.data, t->lines.data, t->lines.len, err))) break;
        batch_free(t);
    }
    if (i) memmove(items, items + i, (*n - i) * sizeof *items);
    *n -= i;
    buf_free(&key);
    return rc;
}

int line_batches_flush(line_batches *b, sink *out, int all, buf *err)
{
    if (put_all(b->sealed, &b->nsealed, out, err)) return -1;
    return all ? put_all(b->open, &b->nopen, out, err) : 0;
}

void line_batches_free(line_batches *b)
{
    for (size_t i = 0; i < b->nopen; i++) batch_free(&b->open[i]);
    for (size_t i = 0; i < b->nsealed; i++) batch_free(&b->sealed[i]);
    free(b->open);
    free(b->sealed);
    memset(b, 0, sizeof *b);
}
