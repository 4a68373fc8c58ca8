/* Windows and their groups (window.h). Windows are few (those not yet closed by the watermark), kept
 * sorted in an array; groups of a window are found through a small open-addressing table. */
#include "window.h"

#include <stdlib.h>
#include <string.h>

static void *xrealloc(void *p, size_t n)
{
    p = realloc(p, n ? n : 1);
    if (!p) abort();
    return p;
}

void window_set_init(window_set *s, int64_t width_ms, int by_sensor)
{
    memset(s, 0, sizeof *s);
    s->width_ms = width_ms;
    s->by_sensor = by_sensor;
}

int64_t window_start_of(const window_set *s, int64_t time_ms)
{
    int64_t q = time_ms / s->width_ms;
    if (time_ms % s->width_ms < 0) q--; /* floor for times before the epoch */
    return q * s->width_ms;
}

static size_t lower_bound(const window_set *s, int64_t start_ms)
{
    size_t lo = 0, hi = s->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (s->items[mid]->start_ms < start_ms)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

window *window_set_get(window_set *s, int64_t start_ms, int create)
{
    if (s->last && s->last->start_ms == start_ms) return s->last;
    size_t i = lower_bound(s, start_ms);
    if (i < s->n && s->items[i]->start_ms == start_ms) return s->last = s->items[i];
    if (!create) return NULL;
    if (s->n == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 8;
        s->items = xrealloc(s->items, s->cap * sizeof *s->items);
    }
    memmove(s->items + i + 1, s->items + i, (s->n - i) * sizeof *s->items);
    window *w = calloc(1, sizeof *w);
    if (!w) abort();
    w->start_ms = start_ms;
    s->items[i] = w;
    s->n++;
    return s->last = w;
}

static uint32_t *slot_of(window *w, int64_t sensor_id)
{
    uint64_t h = (uint64_t)sensor_id * 0x9E3779B97F4A7C15ull;
    size_t mask = w->nslots - 1, i = (size_t)(h >> 32) & mask;
    while (w->slots[i] && w->groups[w->slots[i] - 1].sensor_id != sensor_id) i = (i + 1) & mask;
    return &w->slots[i];
}

static void grow_slots(window *w)
{
    free(w->slots);
    w->nslots = w->nslots ? w->nslots * 2 : 16;
    w->slots = calloc(w->nslots, sizeof *w->slots);
    if (!w->slots) abort();
    for (size_t g = 0; g < w->ngroups; g++) *slot_of(w, w->groups[g].sensor_id) = (uint32_t)(g + 1);
}

static window_group *group_of(window_set *s, window *w, int64_t sensor_id)
{
    uint32_t *slot = NULL;
    if (!s->by_sensor) {
        sensor_id = 0;
        if (w->ngroups) return &w->groups[0];
    } else {
        if (w->nslots) slot = slot_of(w, sensor_id);
        if (slot && *slot) return &w->groups[*slot - 1];
    }
    if (w->ngroups == w->cap) {
        w->cap = w->cap ? w->cap * 2 : (s->by_sensor ? 16 : 1);
        w->groups = xrealloc(w->groups, w->cap * sizeof *w->groups);
    }
    window_group *g = &w->groups[w->ngroups++];
    memset(g, 0, sizeof *g);
    g->sensor_id = sensor_id;
    if (s->by_sensor) {
        if (2 * w->ngroups >= w->nslots)
            grow_slots(w);
        else
            *slot = (uint32_t)w->ngroups;
    }
    return g;
}

void window_add_slow(window_set *s, window *w, int64_t sensor_id, double temperature)
{
    window_group *g = group_of(s, w, sensor_id);
    if (g->n == g->cap) {
        /* grow by an eighth: large blocks are moved by remapping pages (glibc realloc uses mremap for
         * them), so small steps cost little and memory stays within 12.5% of 8 bytes a reading */
        g->cap = g->cap < 4096 ? (g->cap ? g->cap * 2 : 16) : g->cap + g->cap / 8;
        g->values = xrealloc(g->values, g->cap * sizeof *g->values);
    }
    g->values[g->n++] = temperature;
    w->pending++;
}

static int row_cmp(const void *a, const void *b)
{
    int64_t x = ((const window_row *)a)->sensor_id, y = ((const window_row *)b)->sensor_id;
    return (x > y) - (x < y);
}

size_t window_emit(window *w, window_row **rows, int64_t *delta_kept, int64_t *delta_filtered)
{
    *rows = xrealloc(NULL, w->ngroups * sizeof **rows);
    int64_t dk = 0, df = 0;
    for (size_t i = 0; i < w->ngroups; i++) {
        window_group *g = &w->groups[i];
        window_row *r = &(*rows)[i];
        r->sensor_id = g->sensor_id;
        quantile_summarize(g->values, g->n, &r->summary);
        dk += (int64_t)r->summary.kept - (int64_t)g->emitted_kept;
        df += (int64_t)(r->summary.readings - r->summary.kept) -
              (int64_t)(g->emitted_readings - g->emitted_kept);
        g->emitted_readings = r->summary.readings;
        g->emitted_kept = r->summary.kept;
    }
    qsort(*rows, w->ngroups, sizeof **rows, row_cmp);
    w->pending = 0;
    w->emitted = 1;
    *delta_kept = dk;
    *delta_filtered = df;
    return w->ngroups;
}

static void window_free(window *w)
{
    for (size_t i = 0; i < w->ngroups; i++) free(w->groups[i].values);
    free(w->groups);
    free(w->slots);
    free(w);
}

void window_set_remove(window_set *s, window *w)
{
    size_t i = lower_bound(s, w->start_ms);
    if (i < s->n && s->items[i] == w) {
        memmove(s->items + i, s->items + i + 1, (s->n - i - 1) * sizeof *s->items);
        s->n--;
    }
    if (s->last == w) s->last = NULL;
    window_free(w);
}

void window_set_free(window_set *s)
{
    for (size_t i = 0; i < s->n; i++) window_free(s->items[i]);
    free(s->items);
    memset(s, 0, sizeof *s);
}
