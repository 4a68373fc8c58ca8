/* app/settings.c: every setting of SEMANTICS.md's table by flag and by variable, defaults, and the
 * precise error for each kind of bad value. */
#include "harness.h"

#include "settings.h"

static int parse_args(settings *s, buf *err, const char *a1, const char *a2, const char *a3)
{
    char *argv[] = {"etl-app", (char *)a1, (char *)a2, (char *)a3, NULL};
    int argc = 1 + (a1 != NULL) + (a2 != NULL) + (a3 != NULL);
    buf_reset(err);
    return settings_parse(s, argc, argv, err);
}

static const char *vars[] = {
    "ETL_STREAM", "ETL_BUCKET",    "ETL_PREFIX",      "ETL_SCOPE", "ETL_WINDOW",           "ETL_LATENESS",
    "ETL_IDLE",   "ETL_TIME_UNIT", "ETL_COMPRESSION", "ETL_START", "ETL_CHECKPOINT_EVERY", "ETL_LOG_EVERY"};

static void clear_env(void)
{
    for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++) unsetenv(vars[i]);
}

/* The numeric settings, in the table's order. */
static void check_numbers(const settings *s, int by_sensor, int64_t window, int64_t lateness, int64_t idle,
                          int ms, codec c, int64_t checkpoint, int64_t log)
{
    int64_t got[] = {s->by_sensor,    s->window_s,    s->lateness_s,         s->idle_s,
                     s->time_unit_ms, s->compression, s->checkpoint_every_s, s->log_every_s};
    int64_t want[] = {by_sensor, window, lateness, idle, ms, c, checkpoint, log};
    for (size_t i = 0; i < sizeof got / sizeof got[0]; i++) CHECK_INT(got[i], want[i]);
}

TEST(defaults)
{
    clear_env();
    settings s;
    buf err = {0};
    CHECK_INT(parse_args(&s, &err, NULL, NULL, NULL), 0);
    CHECK_STR(s.prefix, "");
    check_numbers(&s, 0, 3600, 300, 30, 0, CODEC_SNAPPY, 10, 10);
    CHECK_INT(s.start, START_TRIM_HORIZON);
    buf_free(&err);
}

TEST(flags_and_variables)
{
    clear_env();
    settings s;
    buf err = {0};
    static const char *const env[][2] = {{"ETL_SCOPE", "sensor"},
                                         {"ETL_WINDOW", "900"},
                                         {"ETL_COMPRESSION", "zstd"},
                                         {"ETL_START", "at:2023-04-24T10:00:00+02:00"},
                                         {"ETL_STREAM", "readings"},
                                         {"ETL_BUCKET", "b"},
                                         {"ETL_PREFIX", "x/"},
                                         {"ETL_LATENESS", "0"},
                                         {"ETL_IDLE", "5"},
                                         {"ETL_TIME_UNIT", "ms"},
                                         {"ETL_CHECKPOINT_EVERY", "60"},
                                         {"ETL_LOG_EVERY", "1"}};
    for (size_t i = 0; i < sizeof env / sizeof env[0]; i++) setenv(env[i][0], env[i][1], 1);
    CHECK_INT(parse_args(&s, &err, "--window=60", "--compression", "gzip"), 0);
    check_numbers(&s, 1, 60, 0, 5, 1, CODEC_GZIP, 60, 1); /* --window and --compression win */
    CHECK_INT(s.start, START_AT);
    CHECK_INT(s.start_at_ms, 1682323200000LL);
    CHECK_STR(s.stream, "readings");
    CHECK_STR(s.bucket, "b");
    CHECK_STR(s.prefix, "x/");
    CHECK_INT(parse_args(&s, &err, "--input", "-", "--output=o"), 0);
    CHECK_STR(s.input, "-");
    CHECK_STR(s.output, "o");
    clear_env();
    buf_free(&err);
}

TEST(precise_errors)
{
    clear_env();
    settings s;
    buf err = {0};
    CHECK_INT(parse_args(&s, &err, "--window", "7", NULL), -1);
    CHECK_STR(err.data, "--window 7: expected seconds that divide 3600 (1, 2, ..., 60, ..., 3600)");
    CHECK_INT(parse_args(&s, &err, "--scope=hour", NULL, NULL), -1);
    CHECK_STR(err.data, "--scope hour: expected all or sensor");
    CHECK_INT(parse_args(&s, &err, "--lateness", "-1", NULL), -1);
    CHECK_STR(err.data, "--lateness -1: expected whole seconds");
    CHECK_INT(parse_args(&s, &err, "--idle", "0", NULL), -1);
    CHECK_STR(err.data, "--idle 0: expected whole seconds, at least 1");
    CHECK_INT(parse_args(&s, &err, "--compression", "lz4", NULL), -1);
    CHECK_STR(err.data, "--compression lz4: expected snappy, zstd, gzip or none");
    CHECK_INT(parse_args(&s, &err, "--start", "at:yesterday", NULL), -1);
    CHECK_STR(err.data, "--start at:yesterday: expected trim_horizon, latest or at:<RFC 3339 time>");
    CHECK_INT(parse_args(&s, &err, "--time-unit", "us", NULL), -1);
    CHECK_STR(err.data, "--time-unit us: expected s or ms");
    CHECK_INT(parse_args(&s, &err, "--bogus", NULL, NULL), -1);
    CHECK_STR(err.data, "--bogus: unknown option (see --help)");
    CHECK_INT(parse_args(&s, &err, "--output", NULL, NULL), -1);
    CHECK_STR(err.data, "--output: missing value");
    CHECK_INT(parse_args(&s, &err, "--help=1", NULL, NULL), -1);
    CHECK_STR(err.data, "--help takes no value");
    setenv("ETL_WINDOW", "abc", 1);
    CHECK_INT(parse_args(&s, &err, NULL, NULL, NULL), -1);
    CHECK_STR(err.data, "ETL_WINDOW=abc: expected seconds that divide 3600 (1, 2, ..., 60, ..., 3600)");
    clear_env();
    buf_free(&err);
}
