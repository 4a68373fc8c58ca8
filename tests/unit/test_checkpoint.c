/* app/checkpoint.c: a state (windows emitted and not, several shards, late and error lines, counters)
 * restored from its checkpoint encodes to the same bytes and emits the same objects as the original;
 * another format version, other settings, a damaged or cut checkpoint are refused with the reason. */
#include "harness.h"

#include "checkpoint.h"
#include "core.h"
#include "sink_dir.h"

static const core_config config = {1, 3600000, 300000, 30, CODEC_NONE, "p/", "0"};

static void reading_at(core *c, size_t src, const char *seq, int64_t t_s, int64_t sensor, double temp)
{
    reading r = {t_s * 1000, sensor, temp};
    char text[128];
    int n = snprintf(text, sizeof text, "{\"timestamp\": %lld, \"sensor-id\": %lld, \"temperature\": %g}",
                     (long long)t_s, (long long)sensor, temp);
    core_position pos = {seq, 0};
    core_reading(c, src, pos, &r, text, (size_t)n);
}

/* Two shards, readings over three hours, one late, one malformed, one window emitted. */
static void fill(core *c)
{
    c->now_s = 1700000000;
    size_t a = core_source(c, "shardId-000000000000", -1), b = core_source(c, "shardId-000000000001", -1);
    for (int i = 0; i < 300; i++) {
        char seq[32];
        snprintf(seq, sizeof seq, "4968%06d", i);
        reading_at(c, i % 2 ? a : b, seq, 1682330400 + i * 30, i % 7, 15.0 + (i * 37 % 100) / 7.0);
    }
    reading_at(c, a, "49689999", 1682330400, 3, 21.5); /* late by shard a's order */
    core_position pos = {"49689998", 0};
    core_error(c, b, pos, READING_BAD_JSON, "{nope", 5);
}

static void encode(const core *c, buf *out)
{
    checkpoint_shard shards[2] = {{"shardId-000000000000", "49680299", 0}, {"shardId-000000000001", "49680298", 1}};
    checkpoint_encode(out, c, shards, 2, 1700000000);
}

TEST(checkpoint_round_trip)
{
    buf err = {0}, dir = {0}, first = {0}, second = {0};
    const char *tmp = getenv("TEST_TMP");
    buf_printf(&dir, "%s/checkpoint-out", tmp && *tmp ? tmp : "/tmp");
    sink *out = sink_dir_new(dir.data, &err);
    CHECK(out != NULL);
    core c, r;
    core_init(&c, &config, out);
    c.late.seal_bytes = c.errors.seal_bytes = SIZE_MAX;
    fill(&c);
    c.now_s += 100;
    CHECK_INT(core_advance(&c, &err), 0); /* emits the first hours by the watermarks */
    CHECK(c.count.pending < c.count.in);
    CHECK_INT((long long)c.count.late, 1);
    encode(&c, &first);

    core_init(&r, &config, out);
    checkpoint_shard *shards;
    size_t n;
    int64_t saved;
    CHECK_INT(checkpoint_decode(first.data, first.len, &r, &shards, &n, &saved, &err), 0);
    CHECK_INT((long long)n, 2);
    CHECK_STR(shards[0].last_seq, "49680299");
    CHECK_INT(shards[1].finished, 1);
    CHECK_INT((long long)saved, 1700000000);
    CHECK_INT((long long)r.count.in, (long long)c.count.in);
    CHECK_INT((long long)r.count.pending, (long long)c.count.pending);
    CHECK_INT((long long)r.windows.n, (long long)c.windows.n);
    CHECK_INT((long long)r.next_due_ms, (long long)c.next_due_ms);
    CHECK_INT(r.marks.items[1].closed, 1);
    encode(&r, &second);
    CHECK(first.len == second.len && memcmp(first.data, second.data, first.len) == 0);
    free(shards);

    /* both emit the same objects and counters from here */
    unsigned long before = out->objects;
    CHECK_INT(core_finish(&c, &err), 0);
    unsigned long by_original = out->objects - before;
    CHECK_INT(core_finish(&r, &err), 0);
    CHECK(by_original > 0);
    CHECK_INT((long long)(out->objects - before - by_original), (long long)by_original);
    CHECK_INT((long long)r.count.kept, (long long)c.count.kept);
    CHECK_INT((long long)r.count.filtered, (long long)c.count.filtered);
    CHECK_INT((long long)r.count.pending, 0);
    core_free(&c);
    core_free(&r);
    sink_free(out);
    buf_free(&err);
    buf_free(&dir);
    buf_free(&first);
    buf_free(&second);
}

/* Decoding data into a fresh core: 0, or -1 with the reason in err. */
static int decode(const buf *data, const core_config *cfg, buf *err)
{
    core r;
    core_init(&r, cfg, NULL);
    checkpoint_shard *shards = NULL;
    size_t n;
    int64_t saved;
    buf_reset(err);
    int rc = checkpoint_decode(data->data, data->len, &r, &shards, &n, &saved, err);
    free(shards);
    core_free(&r);
    return rc;
}

TEST(checkpoint_refused_with_reason)
{
    buf err = {0}, data = {0};
    core c;
    core_init(&c, &config, NULL);
    c.late.seal_bytes = c.errors.seal_bytes = SIZE_MAX;
    fill(&c);
    encode(&c, &data);
    CHECK_INT(decode(&data, &config, &err), 0);

    data.data[8] = 2; /* the format version */
    CHECK_INT(decode(&data, &config, &err), -1);
    CHECK_STR(err.data, "checkpoint format version 2, this etl-app reads version 1 only");
    data.data[8] = 1;

    core_config other = config;
    other.window_ms = 900000;
    CHECK_INT(decode(&data, &other, &err), -1);
    CHECK(strstr(err.data, "window 3600 s, scope sensor, lateness 300 s; these settings differ") != NULL);

    data.data[data.len / 2] ^= 1;
    CHECK_INT(decode(&data, &config, &err), -1);
    CHECK_STR(err.data, "checkpoint damaged (CRC-32 mismatch)");
    data.data[data.len / 2] ^= 1;

    buf cut = {0};
    buf_add(&cut, data.data, data.len - 9);
    CHECK_INT(decode(&cut, &config, &err), -1);
    CHECK(strncmp(err.data, "checkpoint damaged", 18) == 0);
    buf_reset(&cut);
    buf_adds(&cut, "PAR1 not a checkpoint at all");
    CHECK_INT(decode(&cut, &config, &err), -1);
    CHECK_STR(err.data, "not a checkpoint of etl-app");
    core_free(&c);
    buf_free(&cut);
    buf_free(&err);
    buf_free(&data);
}
