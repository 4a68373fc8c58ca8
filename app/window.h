/* Tumbling event-time windows (SEMANTICS.md "Windows"): [floor(t/W)*W, +W), one group of temperatures
 * per window (scope all) or per window and sensor (scope sensor). A group holds only its temperatures,
 * 8 bytes a reading, so memory is bounded by the readings of the open windows. */
#ifndef ETL_APP_WINDOW_H
#define ETL_APP_WINDOW_H

#include <stddef.h>
#include <stdint.h>

#include "quantile.h"

/* Invariant: n <= cap; emitted_readings <= n (readings already in an emitted result). */
typedef struct window_group {
    int64_t sensor_id; /* 0 in scope all */
    double *values;
    size_t n, cap;
    size_t emitted_readings, emitted_kept; /* as of the last emission (both 0 before it) */
} window_group;

/* Invariant: pending == sum over groups of (n - emitted_readings). */
typedef struct window {
    int64_t start_ms;
    window_group *groups;
    size_t ngroups, cap;
    uint32_t *slots; /* open addressing on sensor_id, 0 = empty, else group index + 1 (scope sensor) */
    size_t nslots;   /* a power of two, > 2 * ngroups; 0 in scope all */
    size_t pending;
    int emitted;
} window;

/* Invariant: items sorted by start_ms, no two with the same start. */
typedef struct window_set {
    int64_t width_ms;
    int by_sensor;
    window **items;
    size_t n, cap;
    window *last; /* the window of the previous reading: consecutive readings usually share it */
} window_set;

/* One output row of a group. */
typedef struct window_row {
    int64_t sensor_id;
    quantile_summary summary;
} window_row;

void window_set_init(window_set *s, int64_t width_ms, int by_sensor);
int64_t window_start_of(const window_set *s, int64_t time_ms);
/* The window starting at start_ms, created when create is set (else NULL when absent). */
window *window_set_get(window_set *s, int64_t start_ms, int create);
void window_add_slow(window_set *s, window *w, int64_t sensor_id, double temperature);
/* Adds a reading to its group in w. Inline for its common case (the group of scope all, with room):
 * it runs once per reading. */
static inline void window_add(window_set *s, window *w, int64_t sensor_id, double temperature)
{
    window_group *g = w->groups;
    if (!s->by_sensor && w->ngroups && g->n < g->cap) {
        g->values[g->n++] = temperature;
        w->pending++;
        return;
    }
    window_add_slow(s, w, sensor_id, temperature);
}
/* Computes the rows of w (sorted by sensor_id; the caller frees *rows) and records them as emitted:
 * *delta_kept and *delta_filtered are the changes to the kept/filtered counters since its last emission. */
size_t window_emit(window *w, window_row **rows, int64_t *delta_kept, int64_t *delta_filtered);
/* Removes and frees w from the set. */
void window_set_remove(window_set *s, window *w);
void window_set_free(window_set *s);

#endif
