/* Source watermarks (watermark.h). Shards are few, so a linear table is enough. */
#include "watermark.h"

#include <stdlib.h>
#include <string.h>

void watermarks_init(watermarks *w, int64_t lateness_ms)
{
    memset(w, 0, sizeof *w);
    w->lateness_ms = lateness_ms;
}

size_t watermarks_source(watermarks *w, const char *name, long parent, int64_t now_s)
{
    for (size_t i = 0; i < w->n; i++)
        if (strcmp(w->items[i].name, name) == 0) return i;
    if (w->n == w->cap) {
        w->cap = w->cap ? w->cap * 2 : 4;
        w->items = realloc(w->items, w->cap * sizeof *w->items);
        if (!w->items) abort();
    }
    watermark_source *s = &w->items[w->n];
    s->name = strdup(name);
    if (!s->name) abort();
    s->max_time_ms = parent >= 0 ? w->items[parent].max_time_ms : WATERMARK_NONE;
    s->last_seen_s = now_s;
    s->idle = 0;
    s->closed = 0;
    return w->n++;
}

int64_t watermarks_of(const watermarks *w, size_t source)
{
    int64_t t = w->items[source].max_time_ms;
    if (t == WATERMARK_NONE) return WATERMARK_NONE;
    return t < INT64_MIN + w->lateness_ms ? INT64_MIN + 1 : t - w->lateness_ms;
}

void watermarks_mark_idle(watermarks *w, int64_t now_s, int64_t idle_s)
{
    for (size_t i = 0; i < w->n; i++)
        if (now_s - w->items[i].last_seen_s >= idle_s) w->items[i].idle = 1;
}

int64_t watermarks_min(const watermarks *w, int include_idle)
{
    int64_t m = INT64_MAX;
    for (size_t i = 0; i < w->n; i++) {
        if (w->items[i].closed || (w->items[i].idle && !include_idle)) continue;
        int64_t t = watermarks_of(w, i);
        if (t < m) m = t;
    }
    return m;
}

void watermarks_free(watermarks *w)
{
    for (size_t i = 0; i < w->n; i++) free(w->items[i].name);
    free(w->items);
    memset(w, 0, sizeof *w);
}
