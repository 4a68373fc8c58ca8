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

static const char *vars[] = {"ETL_STREAM", "ETL_BUCKET", "ETL_PREFIX", "ETL_SCOPE", "ETL_WINDOW", "ETL_LATENESS",
                             "ETL_IDLE", "ETL_TIME_UNIT", "ETL_COMPRESSION", "ETL_START", "ETL_CHECKPOINT_EVERY",
                             "ETL_LOG_EVERY"};

static void clear_env(void)
{
    for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++) unsetenv(vars[i]);
}

TEST(defaults)
{
    clear_env();
    settings s;
    buf err = {0};
    CHECK_INT(parse_args(&s, &err, NULL, NULL, NULL), 0);
    CHECK_STR(s.prefix, "");
    CHECK_INT(s.by_sensor, 0);
    CHECK_INT(s.window_s, 3600);
    CHECK_INT(s.lateness_s, 300);
    CHECK_INT(s.idle_s, 30);
    CHECK_INT(s.time_unit_ms, 0);
    CHECK_INT(s.compression, CODEC_SNAPPY);
    CHECK_INT(s.start, START_TRIM_HORIZON);
    CHECK_INT(s.checkpoint_every_s, 10);
    CHECK_INT(s.log_every_s, 10);
    buf_free(&err);
}

TEST(flags_and_variables)
{
    clear_env();
    settings s;
    buf err = {0};
    setenv("ETL_SCOPE", "sensor", 1);
    setenv("ETL_WINDOW", "900", 1);
    setenv("ETL_COMPRESSION", "zstd", 1);
    setenv("ETL_START", "at:2023-04-24T10:00:00+02:00", 1);
    setenv("ETL_STREAM", "readings", 1);
    setenv("ETL_BUCKET", "b", 1);
    setenv("ETL_PREFIX", "x/", 1);
    setenv("ETL_LATENESS", "0", 1);
    setenv("ETL_IDLE", "5", 1);
    setenv("ETL_TIME_UNIT", "ms", 1);
    setenv("ETL_CHECKPOINT_EVERY", "60", 1);
    setenv("ETL_LOG_EVERY", "1", 1);
    CHECK_INT(parse_args(&s, &err, "--window=60", "--compression", "gzip"), 0);
    CHECK_INT(s.by_sensor, 1);
    CHECK_INT(s.window_s, 60); /* the flag wins */
    CHECK_INT(s.compression, CODEC_GZIP);
    CHECK_INT(s.start, START_AT);
    CHECK_INT(s.start_at_ms, 1682323200000LL);
    CHECK_STR(s.stream, "readings");
    CHECK_STR(s.bucket, "b");
    CHECK_STR(s.prefix, "x/");
    CHECK_INT(s.lateness_s, 0);
    CHECK_INT(s.idle_s, 5);
    CHECK_INT(s.time_unit_ms, 1);
    CHECK_INT(s.checkpoint_every_s, 60);
    CHECK_INT(s.log_every_s, 1);
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
