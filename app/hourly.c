/* Hourly results (hourly.h): the column layout of SEMANTICS.md, in its order; sensor_id only in scope
 * sensor; avg_temperature null when nothing was kept. */
#include "hourly.h"

#include <stdlib.h>

#include "base/rfc3339.h"
#include "parquet_write.h"

#ifndef ETLCTL_VERSION
#define ETLCTL_VERSION "unknown"
#endif

const char *hourly_created_by(void)
{
    return "etl-app version " ETLCTL_VERSION " (etlctl)";
}

static int64_t floor_div(int64_t a, int64_t b)
{
    return a / b - (a % b < 0);
}

typedef struct civil {
    int64_t y;
    unsigned mo, d, h, mi, s;
} civil;

static civil civil_of(int64_t time_ms)
{
    civil c;
    int64_t sec = floor_div(time_ms, 1000), days = floor_div(sec, 86400), rest = sec - days * 86400;
    civil_from_days(days, &c.y, &c.mo, &c.d);
    c.h = (unsigned)(rest / 3600), c.mi = (unsigned)(rest / 60 % 60), c.s = (unsigned)(rest % 60);
    return c;
}

void hourly_partition(buf *out, int64_t time_ms, int with_hour)
{
    civil c = civil_of(time_ms);
    buf_printf(out, "dt=%04lld-%02u-%02u/", (long long)c.y, c.mo, c.d);
    if (with_hour) buf_printf(out, "hour=%02u/", c.h);
}

void hourly_key(buf *key, const char *prefix, int64_t start_ms, const char *writer)
{
    civil c = civil_of(start_ms);
    buf_printf(key, "%shourly/", prefix);
    hourly_partition(key, start_ms, 1);
    buf_printf(key, "part-%04lld%02u%02uT%02u%02u%02uZ-%s.parquet", (long long)c.y, c.mo, c.d, c.h, c.mi, c.s,
               writer);
}

int hourly_parquet(buf *out, const window_row *rows, size_t n, int by_sensor, int64_t start_ms,
                   int64_t width_ms, codec c)
{
    int64_t *ints = calloc(n ? n * 5 : 1, sizeof *ints);
    double *dbl = calloc(n ? n * 3 : 1, sizeof *dbl);
    uint8_t *present = calloc(n ? n : 1, 1);
    if (!ints || !dbl || !present) abort();
    int64_t *starts = ints, *ends = ints + n, *ids = ints + 2 * n, *readings = ints + 3 * n,
            *kept = ints + 4 * n;
    double *q1 = dbl, *q3 = dbl + n, *avg = dbl + 2 * n;
    for (size_t i = 0; i < n; i++) {
        const quantile_summary *s = &rows[i].summary;
        starts[i] = start_ms;
        ends[i] = start_ms + width_ms;
        ids[i] = rows[i].sensor_id;
        readings[i] = (int64_t)s->readings;
        kept[i] = (int64_t)s->kept;
        q1[i] = s->q1;
        q3[i] = s->q3;
        avg[i] = s->kept ? s->mean : 0.0;
        present[i] = s->kept > 0;
    }
    parquet_column cols[8];
    size_t k = 0;
    cols[k++] = (parquet_column){"window_start", PARQUET_TIMESTAMP_MS, 0, starts, NULL, NULL};
    cols[k++] = (parquet_column){"window_end", PARQUET_TIMESTAMP_MS, 0, ends, NULL, NULL};
    if (by_sensor) cols[k++] = (parquet_column){"sensor_id", PARQUET_INT64, 0, ids, NULL, NULL};
    cols[k++] = (parquet_column){"readings", PARQUET_INT64, 0, readings, NULL, NULL};
    cols[k++] = (parquet_column){"kept", PARQUET_INT64, 0, kept, NULL, NULL};
    cols[k++] = (parquet_column){"q1", PARQUET_DOUBLE, 0, NULL, q1, NULL};
    cols[k++] = (parquet_column){"q3", PARQUET_DOUBLE, 0, NULL, q3, NULL};
    cols[k++] = (parquet_column){"avg_temperature", PARQUET_DOUBLE, 1, NULL, avg, present};
    parquet_table t = {cols, k, n};
    int rc = parquet_write(&t, c, hourly_created_by(), out);
    free(ints);
    free(dbl);
    free(present);
    return rc;
}
