/* app/window.c, app/watermark.c and app/core.c: windows aligned to UTC, lateness per source, emission,
 * re-emission when an idle source wakes up, and the counters reconciling at every step. Objects go to
 * a sink kept in memory here. */
#include "harness.h"

#include "core.h"
#include "ingest.h"
#include "parquet_read.h"

typedef struct memory_sink {
    sink base;
    char *keys[64];
    buf bodies[64];
    int n;
} memory_sink;

static int memory_put(sink *s, const char *key, const void *data, size_t n, buf *err)
{
    memory_sink *m = (memory_sink *)s;
    int i = 0;
    while (i < m->n && strcmp(m->keys[i], key) != 0) i++;
    if (i == m->n) {
        if (m->n == 64) return buf_adds(err, "full"), -1;
        m->keys[m->n++] = strdup(key);
    }
    buf_reset(&m->bodies[i]);
    buf_add(&m->bodies[i], data, n);
    return 0;
}

static void memory_destroy(sink *s)
{
    memory_sink *m = (memory_sink *)s;
    for (int i = 0; i < m->n; i++) free(m->keys[i]), buf_free(&m->bodies[i]);
}

static const buf *object(memory_sink *m, const char *key)
{
    for (int i = 0; i < m->n; i++)
        if (strcmp(m->keys[i], key) == 0) return &m->bodies[i];
    return NULL;
}

/* A core writing into a memory sink. */
typedef struct fixture {
    memory_sink m;
    core c;
    buf err;
} fixture;

static void fixture_init(fixture *f, int by_sensor, int64_t lateness_ms, const char *prefix)
{
    memset(f, 0, sizeof *f);
    f->m.base.put = memory_put;
    f->m.base.destroy = memory_destroy;
    core_config cfg = {by_sensor, 3600000, lateness_ms, 30, CODEC_NONE, prefix, "0"};
    core_init(&f->c, &cfg, &f->m.base);
}

static void fixture_free(fixture *f)
{
    buf_free(&f->err);
    core_free(&f->c);
    sink_free(&f->m.base);
}

static void add(core *c, size_t src, uint64_t line, int64_t sec, int64_t sensor, double t)
{
    reading r = {sec * 1000, sensor, t};
    char text[128];
    snprintf(text, sizeof text, "{\"timestamp\": %lld, \"sensor-id\": %lld, \"temperature\": %g}",
             (long long)sec, (long long)sensor, t);
    core_reading(c, src, (core_position){NULL, line}, &r, text, strlen(text));
    CHECK(counters_balanced(&c->count));
}

TEST(window_start_floors)
{
    window_set s;
    window_set_init(&s, 3600000, 0);
    CHECK_INT(window_start_of(&s, 1682331404000LL), 1682330400000LL);
    CHECK_INT(window_start_of(&s, 0), 0);
    CHECK_INT(window_start_of(&s, -1), -3600000);
    CHECK_INT(window_start_of(&s, 3599999), 0);
    CHECK_INT(window_start_of(&s, 3600000), 3600000);
    window_set_free(&s);
}

TEST(groups_by_sensor_sorted)
{
    window_set s;
    window_set_init(&s, 60000, 1);
    window *w = window_set_get(&s, 0, 1);
    for (int i = 0; i < 1000; i++) window_add(&s, w, 1000 - i % 100, (double)i);
    window_row *rows;
    int64_t dk, df;
    size_t n = window_emit(w, &rows, &dk, &df);
    CHECK_INT(n, 100);
    for (size_t i = 0; i < n; i++) {
        CHECK_INT(rows[i].sensor_id, 901 + (int64_t)i);
        CHECK_INT(rows[i].summary.readings, 10);
    }
    CHECK_INT(dk + df, 1000);
    free(rows);
    /* a second emission with one more reading reports only the change */
    window_add(&s, w, 5, 1.0);
    n = window_emit(w, &rows, &dk, &df);
    CHECK_INT(n, 101);
    CHECK_INT(dk, 1);
    CHECK_INT(df, 0);
    free(rows);
    window_set_free(&s);
}

TEST(lateness_and_emission_in_one_source)
{
    fixture f;
    fixture_init(&f, 0, 300000, "p/");
    size_t src = core_source(&f.c, "replay", -1);
    int64_t h = 1682330400; /* 2023-04-24T10:00:00Z */
    add(&f.c, src, 1, h + 10, 1, 20.0);
    add(&f.c, src, 2, h + 3600 + 299, 1, 21.0); /* next hour; watermark h+3599: hour 10 still open */
    add(&f.c, src, 3, h + 20, 1, 22.0);         /* on time */
    CHECK_INT(core_advance(&f.c, &f.err), 0);
    CHECK_INT(f.m.n, 0);
    add(&f.c, src, 4, h + 3600 + 300, 1, 23.0); /* watermark reaches h+3600: hour 10 closes */
    CHECK_INT(core_advance(&f.c, &f.err), 0);
    CHECK_INT(f.m.n, 1);
    CHECK(object(&f.m, "p/hourly/dt=2023-04-24/hour=10/part-20230424T100000Z-0.parquet") != NULL);
    CHECK_INT(f.c.count.pending, 2);
    add(&f.c, src, 5, h + 30, 1, 24.0); /* late: goes to late/, changes nothing */
    CHECK_INT(f.c.count.late, 1);
    CHECK_INT(core_finish(&f.c, &f.err), 0);
    CHECK_INT(f.c.count.in, 5);
    CHECK_INT(f.c.count.pending, 0);
    CHECK(counters_balanced(&f.c.count));
    const buf *late = object(&f.m, "p/late/dt=2023-04-24/hour=10/replay-5.ndjson");
    CHECK(late && strstr(late->data, "\"timestamp\": 1682330430") && late->data[late->len - 1] == '\n');
    /* hour 10 holds 20 and 22: Q1 20.5, Q3 21.5, nothing kept, the average is null */
    const buf *file = object(&f.m, "p/hourly/dt=2023-04-24/hour=10/part-20230424T100000Z-0.parquet");
    parquet_file pf;
    CHECK_INT(parquet_read(file->data, file->len, &pf, &f.err), 0);
    CHECK_INT(parquet_column_named(&pf, "readings")->i64[0], 2);
    CHECK_INT(parquet_column_named(&pf, "kept")->i64[0], 0);
    CHECK(parquet_column_named(&pf, "q1")->f64[0] == 20.5);
    CHECK_INT(parquet_column_named(&pf, "avg_temperature")->present[0], 0);
    parquet_file_free(&pf);
    fixture_free(&f);
}

TEST(idle_source_waking_up_replaces_the_object)
{
    fixture f;
    fixture_init(&f, 1, 0, "");
    size_t a = core_source(&f.c, "shard-a", -1), b = core_source(&f.c, "shard-b", -1);
    int64_t h = 0;
    add(&f.c, a, 1, h + 1, 7, 1.0);
    add(&f.c, b, 1, h + 2, 7, 2.0);
    f.c.now_s = 29;
    add(&f.c, a, 2, h + 3600, 7, 5.0);
    CHECK_INT(core_advance(&f.c, &f.err), 0);
    CHECK_INT(f.m.n, 0); /* b is not idle yet: its watermark holds the hour open */
    f.c.now_s = 31;      /* b silent for 31 s (the idle timeout is 30): a alone moves the hour on */
    CHECK_INT(core_advance(&f.c, &f.err), 0);
    CHECK_INT(f.m.n, 1);
    CHECK_INT(f.c.marks.items[a].idle, 0);
    CHECK_INT(f.c.count.kept + f.c.count.filtered, 2);
    add(&f.c, b, 2, h + 3, 7, 3.0); /* b wakes up: its watermark (h+2) has not passed the hour: on time */
    CHECK_INT(f.c.count.late, 0);
    CHECK_INT(core_advance(&f.c, &f.err), 0);
    CHECK_INT(core_finish(&f.c, &f.err), 0);
    CHECK_INT(f.c.count.kept + f.c.count.filtered, 4);
    CHECK_INT(f.c.count.pending, 0);
    const buf *file = object(&f.m, "hourly/dt=1970-01-01/hour=00/part-19700101T000000Z-0.parquet");
    parquet_file pf;
    CHECK(file && parquet_read(file->data, file->len, &pf, &f.err) == 0);
    CHECK_INT(parquet_column_named(&pf, "readings")->i64[0], 3); /* the object was replaced with all three */
    CHECK_INT(parquet_column_named(&pf, "sensor_id")->i64[0], 7);
    parquet_file_free(&pf);
    CHECK_INT(f.m.n, 2); /* hour 0 and hour 1, no second object for hour 0 */
    fixture_free(&f);
}

TEST(errors_carry_reason_source_position)
{
    fixture f;
    fixture_init(&f, 0, 300000, "");
    f.c.now_s = 86400 * 2;
    size_t src = core_source(&f.c, "replay", -1);
    core_error(&f.c, src, (core_position){NULL, 12}, READING_BAD_JSON, "{\"a\xFF", 4);
    core_error(&f.c, src, (core_position){"4950", 0}, READING_MISSING_FIELD, "{}", 2);
    CHECK_INT(core_finish(&f.c, &f.err), 0);
    const buf *e = object(&f.m, "errors/dt=1970-01-03/replay-12.ndjson");
    CHECK(e != NULL);
    if (e)
        CHECK_STR(
            e->data,
            "{\"reason\":\"bad_json\",\"source\":\"replay\",\"position\":\"12\",\"data\":\"{"
            "\\\"a\xEF\xBF\xBD\"}\n"
            "{\"reason\":\"missing_field\",\"source\":\"replay\",\"position\":\"4950\",\"data\":\"{}\"}\n");
    CHECK_INT(f.c.count.error, 2);
    CHECK(counters_balanced(&f.c.count));
    fixture_free(&f);
}

/* app/ingest.c: chunks of a Kinesis-like source (one position for every reading of a record) and of a
 * replay (line numbers, continued across chunks, through the two-thread path and the one-thread path). */
static size_t count_lines(const buf *b)
{
    size_t n = 0;
    for (size_t i = 0; i < b->len; i++) n += b->data[i] == '\n';
    return n;
}

TEST(ingest_positions)
{
    fixture f;
    fixture_init(&f, 0, 300000, "");
    reading_rules rules = {0, 4102444800000LL};
    ingest g;
    ingest_init(&g, &f.c, &rules, 2);
    /* a record of three readings, one broken: its position is the record's sequence number */
    const char *record = "{\"timestamp\": 10, \"sensor-id\": 1, \"temperature\": 1}\n"
                         "{\"timestamp\": 11, \"sensor-id\": 1}\n"
                         "{\"timestamp\": 12, \"sensor-id\": 1, \"temperature\": 2}";
    const char *seq = "49590338271490256608559692538361571095921575989136588802";
    source_chunk k = {"shardId-000000000001", record, strlen(record), 0, seq, 0, 0};
    CHECK_INT(ingest_chunk(&g, &k, &f.err), 0);
    /* a replay: a large chunk (two threads) with a broken line deep inside, then a small one */
    buf big = {0};
    for (int i = 0; i < 40000; i++) {
        if (i == 30000)
            buf_adds(&big, "{\"timestamp\": 100, \"sensor-id\": 1}\n");
        else
            buf_printf(&big, "{\"timestamp\": %d, \"sensor-id\": %d, \"temperature\": %d.5}\n", 100 + i / 100,
                       i % 7, i % 40);
    }
    buf_adds(&big, "\n"); /* a blank line: counted as a line, not as a reading */
    CHECK(big.len > (2u << 20));
    source_chunk r1 = {"replay", big.data, big.len, 0, NULL, 0, 0};
    CHECK_INT(ingest_chunk(&g, &r1, &f.err), 0);
    const char *tail = "{\"timestamp\": 600, \"sensor-id\": 1, \"temperature\": 3}\n[]\n";
    source_chunk r2 = {"replay", tail, strlen(tail), 0, NULL, 0, 0};
    CHECK_INT(ingest_chunk(&g, &r2, &f.err), 0);
    CHECK_INT(ingest_flush(&g, &f.err), 0);
    CHECK_INT(core_finish(&f.c, &f.err), 0);
    CHECK_INT(f.c.count.in, 3 + 40000 + 1 + 1);
    CHECK_INT(f.c.count.error, 3);
    CHECK(counters_balanced(&f.c.count));
    CHECK_INT(count_lines(&big), 40001);
    char want[256];
    snprintf(want, sizeof want, "errors/dt=1970-01-01/shardId-000000000001-%s.ndjson", k.position);
    const buf *e = object(&f.m, want);
    CHECK(e && strstr(e->data, "\"reason\":\"missing_field\""));
    e = object(&f.m, "errors/dt=1970-01-01/replay-30001.ndjson");
    CHECK(e && strstr(e->data, "\"position\":\"30001\"") && strstr(e->data, "\"position\":\"40003\"") &&
          strstr(e->data, "\"data\":\"[]\""));
    ingest_free(&g);
    buf_free(&big);
    fixture_free(&f);
}

/* One thread or two, the same objects, byte for byte: order is kept through the parallel parse. */
static void replay_buffer(fixture *f, const buf *text, int threads)
{
    fixture_init(f, 1, 300000, "");
    reading_rules rules = {0, 4102444800000LL};
    ingest g;
    ingest_init(&g, &f->c, &rules, threads);
    size_t half = text->len / 2;
    while (text->data[half - 1] != '\n') half++;
    source_chunk a = {"replay", text->data, half, 0, NULL, 0, 0},
                 b = {"replay", text->data + half, text->len - half, 0, NULL, 0, 0};
    CHECK_INT(ingest_chunk(&g, &a, &f->err), 0);
    CHECK_INT(ingest_chunk(&g, &b, &f->err), 0);
    CHECK_INT(ingest_flush(&g, &f->err), 0);
    CHECK_INT(core_finish(&f->c, &f->err), 0);
    ingest_free(&g);
}

TEST(one_or_two_threads_same_objects)
{
    buf text = {0};
    uint64_t r = 12345;
    for (int i = 0; i < 120000; i++) {
        r ^= r << 13, r ^= r >> 7, r ^= r << 17;
        int64_t t = 7200 * i / 120000 - (int64_t)(r % 400); /* out of order: some late */
        if (r % 97 == 0)
            buf_adds(&text, "{\"timestamp\": 1, \"sensor-id\": \"x\", \"temperature\": 1}\n");
        else
            buf_printf(&text, "{\"timestamp\": %lld, \"sensor-id\": %d, \"temperature\": %d.%d}\n",
                       (long long)(t < 0 ? 0 : t), (int)(r % 5), (int)(r % 30), (int)(r % 10));
    }
    fixture one, two;
    replay_buffer(&one, &text, 1);
    replay_buffer(&two, &text, 2);
    CHECK(one.c.count.late > 0 && one.c.count.error > 0);
    CHECK(memcmp(&one.c.count, &two.c.count, sizeof one.c.count) == 0);
    CHECK_INT(one.m.n, two.m.n);
    for (int i = 0; i < one.m.n; i++) {
        const buf *other = object(&two.m, one.m.keys[i]);
        CHECK(other && other->len == one.m.bodies[i].len &&
              memcmp(other->data, one.m.bodies[i].data, other->len) == 0);
    }
    fixture_free(&one);
    fixture_free(&two);
    buf_free(&text);
}

TEST(line_batches_seal_at_a_change_of_position)
{
    fixture f;
    fixture_init(&f, 0, 0, "");
    line_batches b = {0};
    b.seal_bytes = 10;
    line_batches_add(&b, "errors/", "s", "7", "aaaaaaaaaaaa", 12); /* over the size, but ... */
    line_batches_add(&b, "errors/", "s", "7", "bbb", 3);           /* ... the same position stays */
    line_batches_add(&b, "errors/", "s", "8", "ccc", 3);           /* another position: sealed before */
    line_batches_add(&b, "errors/", "t", "8", "ddd", 3);
    CHECK_INT(b.nsealed, 1);
    CHECK_INT(line_batches_flush(&b, &f.m.base, 0, &f.err), 0);
    CHECK_INT(f.m.n, 1);
    CHECK_STR(object(&f.m, "errors/s-7.ndjson")->data, "aaaaaaaaaaaa\nbbb\n");
    CHECK_INT(line_batches_flush(&b, &f.m.base, 1, &f.err), 0);
    CHECK_STR(object(&f.m, "errors/s-8.ndjson")->data, "ccc\n");
    CHECK_STR(object(&f.m, "errors/t-8.ndjson")->data, "ddd\n");
    CHECK_INT(b.nopen + b.nsealed, 0);
    line_batches_free(&b);
    fixture_free(&f);
}
