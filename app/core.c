/* The core (core.h). A reading is late when its window has ended by its own source's watermark before
 * it; a window is emitted once the smallest watermark of the sources that are not idle has passed its
 * end, and forgotten once every source's watermark has (no reading of it can then be on time). */
#include "core.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hourly.h"
#include "json_write.h"

void core_init(core *c, const core_config *cfg, sink *out)
{
    memset(c, 0, sizeof *c);
    c->cfg = *cfg;
    window_set_init(&c->windows, cfg->window_ms, cfg->by_sensor);
    watermarks_init(&c->marks, cfg->lateness_ms);
    c->next_due_ms = INT64_MAX;
    c->last_start_ms = INT64_MIN;
    c->out = out;
    c->late.seal_bytes = c->errors.seal_bytes = 8u << 20;
}

static const char *position_text(core_position pos, char tmp[24])
{
    if (pos.fixed) return pos.fixed;
    snprintf(tmp, 24, "%llu", (unsigned long long)pos.line);
    return tmp;
}

void core_reading(core *c, size_t src, core_position pos, const reading *r, const char *text, size_t n)
{
    c->count.in++;
    int64_t start = c->last_start_ms;
    if (start == INT64_MIN || r->time_ms < start || r->time_ms - start >= c->cfg.window_ms)
        start = c->last_start_ms = window_start_of(&c->windows, r->time_ms);
    int64_t end = start + c->cfg.window_ms;
    watermark_source *s = &c->marks.items[src];
    /* late when the watermark, max - lateness, has reached the end (written without overflow) */
    if (s->max_time_ms != WATERMARK_NONE && s->max_time_ms >= end + c->cfg.lateness_ms) {
        char tmp[24];
        buf dir = {0};
        buf_printf(&dir, "%slate/", c->cfg.prefix);
        hourly_partition(&dir, start, 1);
        line_batches_add(&c->late, dir.data, c->marks.items[src].name, position_text(pos, tmp), text, n);
        buf_free(&dir);
        c->count.late++;
        return;
    }
    window *w = c->windows.last && c->windows.last->start_ms == start ? c->windows.last
                                                                      : window_set_get(&c->windows, start, 1);
    window_add(&c->windows, w, r->sensor_id, r->temperature);
    c->count.pending++;
    if (end < c->next_due_ms) c->next_due_ms = end;
    watermarks_observe(&c->marks, src, r->time_ms, c->now_s);
}

void core_error(core *c, size_t src, core_position pos, reading_status st, const char *text, size_t n)
{
    char tmp[24];
    const char *source_name = c->marks.items[src].name, *position = position_text(pos, tmp);
    buf dir = {0}, line = {0};
    buf_printf(&dir, "%serrors/", c->cfg.prefix);
    hourly_partition(&dir, c->now_s * 1000, 0);
    buf_printf(&line, "{\"reason\":\"%s\",\"source\":", reading_reason(st));
    json_put_string(&line, source_name, strlen(source_name));
    buf_adds(&line, ",\"position\":");
    json_put_string(&line, position, strlen(position));
    buf_adds(&line, ",\"data\":");
    json_put_string(&line, text, n);
    buf_addc(&line, '}');
    line_batches_add(&c->errors, dir.data, source_name, position, line.data, line.len);
    buf_free(&dir);
    buf_free(&line);
    c->count.in++;
    c->count.error++;
}

static int emit(core *c, window *w, buf *err)
{
    window_row *rows;
    int64_t dk, df;
    size_t pending = w->pending;
    size_t n = window_emit(w, &rows, &dk, &df);
    buf key = {0}, file = {0};
    hourly_key(&key, c->cfg.prefix, w->start_ms, c->cfg.writer);
    int rc = hourly_parquet(&file, rows, n, c->cfg.by_sensor, w->start_ms, c->cfg.window_ms, c->cfg.codec);
    if (rc)
        buf_printf(err, "%s: cannot compress with %s", key.data, codec_name(c->cfg.codec));
    else
        rc = sink_put(c->out, key.data, file.data, file.len, err);
    c->count.pending -= pending;
    c->count.kept = (uint64_t)((int64_t)c->count.kept + dk);
    c->count.filtered = (uint64_t)((int64_t)c->count.filtered + df);
    free(rows);
    buf_free(&key);
    buf_free(&file);
    return rc;
}

/* Emits windows ending at or before `until` that have pending readings; forgets those ending at or
 * before `forget`. */
static int close_windows(core *c, int64_t until, int64_t forget, buf *err)
{
    c->next_due_ms = INT64_MAX;
    for (size_t i = 0; i < c->windows.n;) {
        window *w = c->windows.items[i];
        int64_t end = w->start_ms + c->cfg.window_ms;
        if (w->pending && end <= until && emit(c, w, err)) return -1;
        if (w->pending && end < c->next_due_ms) c->next_due_ms = end;
        if (!w->pending && end <= forget)
            window_set_remove(&c->windows, w);
        else
            i++;
    }
    return 0;
}

size_t core_source(core *c, const char *name, long parent)
{
    return watermarks_source(&c->marks, name, parent, c->now_s);
}

int core_advance(core *c, buf *err)
{
    watermarks_mark_idle(&c->marks, c->now_s, c->cfg.idle_s);
    int64_t until = watermarks_min(&c->marks, 0), forget = watermarks_min(&c->marks, 1);
    int forgettable = c->windows.n && c->windows.items[0]->start_ms + c->cfg.window_ms <= forget;
    if ((until >= c->next_due_ms || forgettable) && close_windows(c, until, forget, err)) return -1;
    if (line_batches_flush(&c->late, c->out, 0, err) || line_batches_flush(&c->errors, c->out, 0, err))
        return -1;
    return 0;
}

int core_finish(core *c, buf *err)
{
    for (size_t i = 0; i < c->marks.n; i++) c->marks.items[i].idle = 1;
    if (close_windows(c, INT64_MAX, watermarks_min(&c->marks, 1), err)) return -1;
    if (line_batches_flush(&c->late, c->out, 1, err) || line_batches_flush(&c->errors, c->out, 1, err))
        return -1;
    return 0;
}

void core_free(core *c)
{
    window_set_free(&c->windows);
    watermarks_free(&c->marks);
    line_batches_free(&c->late);
    line_batches_free(&c->errors);
}
