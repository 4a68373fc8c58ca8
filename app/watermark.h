/* Per-source event-time progress (SEMANTICS.md "Time and lateness"): each source's watermark is the
 * largest event time read from it minus the allowed lateness; a source with nothing read yet has none. */
#ifndef ETL_APP_WATERMARK_H
#define ETL_APP_WATERMARK_H

#include <stddef.h>
#include <stdint.h>

#define WATERMARK_NONE INT64_MIN

typedef struct watermark_source {
    char *name;          /* the shard id, or "replay" */
    int64_t max_time_ms; /* WATERMARK_NONE before the first reading */
    int64_t last_seen_s; /* wall clock of its last reading (or of its start) */
    int idle;
    int closed;          /* a drained shard: no reading will come, so it holds back no window */
} watermark_source;

/* Invariant: names are unique. */
typedef struct watermarks {
    int64_t lateness_ms;
    watermark_source *items;
    size_t n, cap;
} watermarks;

void watermarks_init(watermarks *w, int64_t lateness_ms);
/* The index of the source named name, added when new (seen at now_s); a child shard passes its
 * parent's index (or -1) and starts from that watermark. */
size_t watermarks_source(watermarks *w, const char *name, long parent, int64_t now_s);
/* The source's watermark, WATERMARK_NONE when it has read nothing. */
int64_t watermarks_of(const watermarks *w, size_t source);
/* Records an event time read from the source at wall clock now_s (the source is then not idle).
 * Inline: once per reading. */
static inline void watermarks_observe(watermarks *w, size_t source, int64_t time_ms, int64_t now_s)
{
    watermark_source *s = &w->items[source];
    if (time_ms > s->max_time_ms) s->max_time_ms = time_ms;
    s->last_seen_s = now_s;
    s->idle = 0;
}
/* Marks idle the sources that have delivered no reading for idle_s seconds of wall clock. */
void watermarks_mark_idle(watermarks *w, int64_t now_s, int64_t idle_s);
/* The smallest watermark over the sources that are not idle (include_idle: over all), closed ones left out;
 * INT64_MAX when there are none. */
int64_t watermarks_min(const watermarks *w, int include_idle);
void watermarks_free(watermarks *w);

#endif
