/* Checkpoint encoding (checkpoint.h). Temperatures are stored as the 8 bytes of their double, so a
 * restored window computes bit for bit what the uninterrupted one would. */
#include "checkpoint.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

static const char magic[8] = {'E', 'T', 'L', 'S', 'T', 'A', 'T', 'E'};

static void put_u64(buf *b, uint64_t v)
{
    unsigned char x[8];
    for (int i = 0; i < 8; i++) x[i] = (unsigned char)(v >> (8 * i));
    buf_add(b, x, 8);
}

static void put_str(buf *b, const char *s, size_t n)
{
    put_u64(b, n);
    buf_add(b, s, n);
}

static void put_batch_list(buf *b, const line_batch *v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const line_batch *t = &v[i];
        put_str(b, t->dir, strlen(t->dir));
        put_str(b, t->source, strlen(t->source));
        put_str(b, t->first_position, strlen(t->first_position));
        put_str(b, t->lines.data ? t->lines.data : "", t->lines.len);
    }
}

/* Sealed batches first: they hold the earlier lines of their (dir, source). */
static void put_batches(buf *b, const line_batches *l)
{
    put_u64(b, l->nsealed + l->nopen);
    put_batch_list(b, l->sealed, l->nsealed);
    put_batch_list(b, l->open, l->nopen);
}

static const watermark_source *mark_of(const core *c, const char *name)
{
    for (size_t i = 0; i < c->marks.n; i++)
        if (strcmp(c->marks.items[i].name, name) == 0) return &c->marks.items[i];
    return NULL;
}

void checkpoint_encode(buf *out, const core *c, const checkpoint_shard *shards, size_t n, int64_t now_s)
{
    size_t start = out->len;
    buf_add(out, magic, sizeof magic);
    put_u64(out, CHECKPOINT_VERSION);
    put_u64(out, (uint64_t)c->cfg.window_ms);
    put_u64(out, (uint64_t)c->cfg.by_sensor);
    put_u64(out, (uint64_t)c->cfg.lateness_ms);
    put_u64(out, (uint64_t)now_s);
    const counters *cnt = &c->count;
    uint64_t count[6] = {cnt->in, cnt->kept, cnt->filtered, cnt->error, cnt->late, cnt->pending};
    for (int i = 0; i < 6; i++) put_u64(out, count[i]);
    put_u64(out, n);
    for (size_t i = 0; i < n; i++) {
        const watermark_source *m = mark_of(c, shards[i].id);
        put_str(out, shards[i].id, strlen(shards[i].id));
        put_str(out, shards[i].last_seq, strlen(shards[i].last_seq));
        put_u64(out, (uint64_t)shards[i].finished);
        put_u64(out, (uint64_t)(m ? m->max_time_ms : WATERMARK_NONE));
    }
    put_u64(out, c->windows.n);
    for (size_t i = 0; i < c->windows.n; i++) {
        const window *w = c->windows.items[i];
        put_u64(out, (uint64_t)w->start_ms);
        put_u64(out, (uint64_t)w->emitted);
        put_u64(out, w->ngroups);
        for (size_t g = 0; g < w->ngroups; g++) {
            const window_group *gr = &w->groups[g];
            put_u64(out, (uint64_t)gr->sensor_id);
            put_u64(out, gr->emitted_readings);
            put_u64(out, gr->emitted_kept);
            put_u64(out, gr->n);
            for (size_t k = 0; k < gr->n; k++) {
                uint64_t bits;
                memcpy(&bits, &gr->values[k], 8);
                put_u64(out, bits);
            }
        }
    }
    put_batches(out, &c->late);
    put_batches(out, &c->errors);
    put_u64(out, crc32(0, (const unsigned char *)out->data + start, (uInt)(out->len - start)));
}

/* A bounds-checked reader; once short, every read gives 0 and ok stays 0. */
typedef struct reader {
    const unsigned char *p, *end;
    int ok;
} reader;

static uint64_t get_u64(reader *r)
{
    if (r->end - r->p < 8) {
        r->ok = 0;
        r->p = r->end;
        return 0;
    }
    uint64_t v = 0;
    for (int i = 0; i < 8; i++) v |= (uint64_t)r->p[i] << (8 * i);
    r->p += 8;
    return v;
}

/* A string into a fresh buf (NUL-terminated). */
static void get_str(reader *r, buf *out)
{
    uint64_t n = get_u64(r);
    buf_reset(out);
    if (n > (uint64_t)(r->end - r->p)) {
        r->ok = 0;
        r->p = r->end;
        n = 0;
    }
    buf_add(out, r->p, (size_t)n);
    if (!out->data) buf_add(out, "", 0);
    r->p += n;
}

static void get_batches(reader *r, line_batches *l)
{
    uint64_t n = get_u64(r);
    buf dir = {0}, source = {0}, first = {0}, lines = {0};
    for (uint64_t i = 0; i < n && r->ok; i++) {
        get_str(r, &dir);
        get_str(r, &source);
        get_str(r, &first);
        get_str(r, &lines);
        for (const char *s = lines.data, *e = lines.data + lines.len; r->ok && s < e;) {
            const char *nl = memchr(s, '\n', (size_t)(e - s));
            if (!nl) break;
            line_batches_add(l, dir.data, source.data, first.data, s, (size_t)(nl - s));
            s = nl + 1;
        }
    }
    buf_free(&dir);
    buf_free(&source);
    buf_free(&first);
    buf_free(&lines);
}

static void get_windows(reader *r, core *c)
{
    uint64_t nw = get_u64(r);
    for (uint64_t i = 0; i < nw && r->ok; i++) {
        int64_t start = (int64_t)get_u64(r);
        int emitted = (int)get_u64(r);
        uint64_t ng = get_u64(r);
        if (!r->ok || window_start_of(&c->windows, start) != start) {
            r->ok = 0;
            return;
        }
        window *w = window_set_get(&c->windows, start, 1);
        for (uint64_t g = 0; g < ng && r->ok; g++) {
            int64_t sensor = (int64_t)get_u64(r);
            uint64_t er = get_u64(r), ek = get_u64(r), n = get_u64(r);
            if (n == 0 || er > n || ek > er || n > (uint64_t)(r->end - r->p) / 8) {
                r->ok = 0;
                return;
            }
            for (uint64_t k = 0; k < n; k++) {
                uint64_t bits = get_u64(r);
                double v;
                memcpy(&v, &bits, 8);
                window_add(&c->windows, w, sensor, v);
            }
            window_group *gr = &w->groups[w->ngroups - 1];
            gr->emitted_readings = er;
            gr->emitted_kept = ek;
            w->pending -= er;
        }
        w->emitted = emitted;
        int64_t end = start + c->cfg.window_ms;
        if (w->pending && end < c->next_due_ms) c->next_due_ms = end;
    }
}

int checkpoint_decode(const void *data, size_t len, core *c, checkpoint_shard **shards, size_t *n,
                      int64_t *saved_at_s, buf *err)
{
    reader r = {data, (const unsigned char *)data + len, 1};
    *shards = NULL;
    *n = 0;
    if (len < sizeof magic + 16 || memcmp(data, magic, sizeof magic) != 0) {
        buf_printf(err, "not a checkpoint of etl-app");
        return -1;
    }
    r.p += sizeof magic;
    uint64_t version = get_u64(&r);
    if (version != CHECKPOINT_VERSION) {
        buf_printf(err, "checkpoint format version %llu, this etl-app reads version %d only",
                   (unsigned long long)version, CHECKPOINT_VERSION);
        return -1;
    }
    uint64_t crc = 0;
    for (int i = 0; i < 8; i++) crc |= (uint64_t)((const unsigned char *)data)[len - 8 + i] << (8 * i);
    if (crc != crc32(0, data, (uInt)(len - 8))) {
        buf_printf(err, "checkpoint damaged (CRC-32 mismatch)");
        return -1;
    }
    r.end -= 8;
    int64_t window_ms = (int64_t)get_u64(&r);
    int by_sensor = (int)get_u64(&r);
    int64_t lateness_ms = (int64_t)get_u64(&r);
    if (window_ms != c->cfg.window_ms || by_sensor != c->cfg.by_sensor || lateness_ms != c->cfg.lateness_ms) {
        buf_printf(err, "checkpoint written with window %lld s, scope %s, lateness %lld s; these settings differ",
                   (long long)(window_ms / 1000), by_sensor ? "sensor" : "all", (long long)(lateness_ms / 1000));
        return -1;
    }
    *saved_at_s = (int64_t)get_u64(&r);
    counters *k = &c->count;
    uint64_t *count[6] = {&k->in, &k->kept, &k->filtered, &k->error, &k->late, &k->pending};
    for (int i = 0; i < 6; i++) *count[i] = get_u64(&r);
    uint64_t ns = get_u64(&r);
    if (ns > (uint64_t)(r.end - r.p) / 32) r.ok = 0;
    checkpoint_shard *v = r.ok ? calloc(ns ? ns : 1, sizeof *v) : NULL;
    buf s = {0};
    for (uint64_t i = 0; v && i < ns && r.ok; i++) {
        get_str(&r, &s);
        snprintf(v[i].id, sizeof v[i].id, "%s", s.data);
        get_str(&r, &s);
        snprintf(v[i].last_seq, sizeof v[i].last_seq, "%s", s.data);
        v[i].finished = (int)get_u64(&r);
        int64_t max_time = (int64_t)get_u64(&r);
        size_t src = core_source(c, v[i].id, -1);
        c->marks.items[src].max_time_ms = max_time;
        c->marks.items[src].closed = v[i].finished;
    }
    buf_free(&s);
    get_windows(&r, c);
    get_batches(&r, &c->late);
    get_batches(&r, &c->errors);
    if (!r.ok || r.p != r.end) {
        free(v);
        buf_printf(err, "checkpoint damaged (its sections do not add up)");
        return -1;
    }
    *shards = v;
    *n = ns;
    return 0;
}
