/* etl-app: the stream processor. Replay mode reads a file (NDJSON or a JSON array of readings) and
 * writes the objects it would write to S3 into a directory; stream mode (stream.h) reads Kinesis and
 * writes to S3. Exit codes: 0 done, 1 failed, 2 bad usage. */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core.h"
#include "ingest.h"
#include "settings.h"
#include "sink_dir.h"
#include "source_file.h"
#include "stream.h"

static const char usage[] =
    "usage: etl-app --input FILE|- --output DIR [options]     replay a file into a directory\n"
    "       etl-app --stream NAME --bucket NAME [options]      Kinesis to S3 until SIGTERM\n"
    "\n"
    "Computes, per window of event time, Q1 and Q3 of the temperatures and the average of those inside\n"
    "[Q1, Q3], and writes hourly/ (Parquet), late/ and errors/ (NDJSON) as SEMANTICS.md lays out.\n"
    "\n"
    "options (environment variable, default):\n"
    "  --prefix P                      key prefix (ETL_PREFIX, empty)\n"
    "  --scope all|sensor              one group per window, or per window and sensor (ETL_SCOPE, all)\n"
    "  --window SECONDS                window width, divides 3600 (ETL_WINDOW, 3600)\n"
    "  --lateness SECONDS              allowed lateness (ETL_LATENESS, 300)\n"
    "  --idle SECONDS                  idle timeout of a source (ETL_IDLE, 30)\n"
    "  --time-unit s|ms                unit of numeric timestamps (ETL_TIME_UNIT, s)\n"
    "  --compression snappy|zstd|gzip|none   Parquet compression (ETL_COMPRESSION, snappy)\n"
    "  --start trim_horizon|latest|at:TIME   where to start without a checkpoint (ETL_START, trim_horizon)\n"
    "  --checkpoint-every SECONDS      (ETL_CHECKPOINT_EVERY, 10)\n"
    "  --log-every SECONDS             (ETL_LOG_EVERY, 10)\n"
    "  --help, --version\n"
    "At the end of a replay it prints the counters: in=N kept=N filtered=N error=N late=N pending=0.\n";

static int replay(const settings *s)
{
    buf err = {0};
    int rc = 1;
    sink *out = sink_dir_new(s->output, &err);
    source *in = out ? source_file_open(s->input, &err) : NULL;
    if (!in) {
        fprintf(stderr, "etl-app: %s\n", err.data);
        sink_free(out);
        buf_free(&err);
        return 1;
    }
    core_config cfg = {
        s->by_sensor, s->window_s * 1000, s->lateness_s * 1000, s->idle_s, s->compression, s->prefix, "0"};
    core c;
    core_init(&c, &cfg, out);
    reading_rules rules = {s->time_unit_ms, ((int64_t)time(NULL) + 86400) * 1000};
    ingest g;
    ingest_init(&g, &c, &rules, sysconf(_SC_NPROCESSORS_ONLN) > 1 ? 2 : 1);
    source_chunk chunk;
    int got;
    while (c.now_s = time(NULL), (got = source_next(in, &chunk, &err)) > 0)
        if (ingest_chunk(&g, &chunk, &err)) break;
    if (got == 0 && err.len == 0 && ingest_flush(&g, &err) == 0 && core_finish(&c, &err) == 0) {
        buf line = {0};
        counters_format(&c.count, &line);
        printf("%s\n", line.data);
        buf_free(&line);
        rc = counters_balanced(&c.count) && c.count.pending == 0 ? 0 : 1;
        if (rc) fprintf(stderr, "etl-app: counters do not reconcile\n");
    } else {
        fprintf(stderr, "etl-app: %s\n", err.data);
    }
    ingest_free(&g);
    core_free(&c);
    source_free(in);
    sink_free(out);
    buf_free(&err);
    return rc;
}

int main(int argc, char **argv)
{
    settings s;
    buf err = {0};
    if (settings_parse(&s, argc, argv, &err)) {
        fprintf(stderr, "etl-app: %s\n", err.data);
        buf_free(&err);
        return 2;
    }
    if (s.help) {
        fputs(usage, stdout);
        return 0;
    }
    if (s.version) {
        printf("etl-app %s\n", ETLCTL_VERSION);
        return 0;
    }
    if (s.input && s.stream) {
        fprintf(stderr, "etl-app: --input (replay) and --stream exclude each other\n");
        return 2;
    }
    if (s.input) {
        if (!s.output) {
            fprintf(stderr, "etl-app: --input needs --output DIR\n");
            return 2;
        }
        return replay(&s);
    }
    if (s.stream) return stream_run(&s);
    fputs(usage, stderr);
    return 2;
}
