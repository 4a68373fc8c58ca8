/* app/window.c, app/watermark.c and app/core.c: windows aligned to UTC, lateness per source, emission,
 * re-emission when an idle source wakes up, and the counters reconciling at every step. Objects go to
 * a sink kept in memory here. */
#include "harness.h"

#include "core.h"
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
    snprintf(text, sizeof text, "{\"timestamp\": %lld, \"sensor-id\": %lld, \"temperature\": %g}", (long long)sec,
             (long long)sensor, t);
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
        CHECK_STR(e->data, "{\"reason\":\"bad_json\",\"source\":\"replay\",\"position\":\"12\",\"data\":\"{\\\"a\xEF\xBF\xBD\"}\n"
                           "{\"reason\":\"missing_field\",\"source\":\"replay\",\"position\":\"4950\",\"data\":\"{}\"}\n");
    CHECK_INT(f.c.count.error, 2);
    CHECK(counters_balanced(&f.c.count));
    fixture_free(&f);
}
