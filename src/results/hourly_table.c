/* Hourly rows from Parquet to text (hourly_table.h). */
#include "results/hourly_table.h"

#include <math.h>
#include <string.h>

#include "base/rfc3339.h"
#include "parquet_read.h"

/* "2023-04-24 10:00" (table) or RFC 3339 (CSV, JSON) of milliseconds since the epoch. */
static void when(int64_t ms, hourly_format f, char out[24])
{
    char iso[21];
    int64_t s = ms >= 0 ? ms / 1000 : -((-ms + 999) / 1000);
    rfc3339_format(s, iso);
    if (f == HOURLY_TABLE) snprintf(out, 24, "%.10s %.5s", iso, iso + 11);
    else snprintf(out, 24, "%s", iso);
}

int hourly_table_add(hourly_table *t, const char *source, const void *data, size_t n, buf *err)
{
    parquet_file pf;
    if (parquet_read(data, n, &pf, err) != 0) {
        buf_printf(err, " (%s)", source);
        return -1;
    }
    static const char *const need[] = {"window_start", "window_end", "readings", "kept", "q1", "q3", "avg_temperature"};
    const parquet_read_column *col[7];
    for (size_t i = 0; i < 7; i++)
        if (!(col[i] = parquet_column_named(&pf, need[i]))) {
            buf_printf(err, "%s: no column %s: not an hourly result file", source, need[i]);
            parquet_file_free(&pf);
            return -1;
        }
    const parquet_read_column *sensor = parquet_column_named(&pf, "sensor_id");
    if (sensor) t->with_sensor = 1;
    for (size_t r = 0; r < pf.nrows; r++) {
        char ws[24], we[24], avg[32];
        when(col[0]->i64[r], t->format, ws);
        when(col[1]->i64[r], t->format, we);
        int has_avg = col[6]->present[r];
        if (has_avg) snprintf(avg, sizeof avg, t->format == HOURLY_TABLE ? "%.3f" : "%.17g", col[6]->f64[r]);
        else snprintf(avg, sizeof avg, "%s", t->format == HOURLY_JSON ? "null" : "");
        char sid[24] = "";
        if (sensor) snprintf(sid, sizeof sid, "%lld", (long long)sensor->i64[r]);
        long long rd = (long long)col[2]->i64[r], kept = (long long)col[3]->i64[r];
        double q1 = col[4]->f64[r], q3 = col[5]->f64[r];
        switch (t->format) {
        case HOURLY_TABLE:
            buf_printf(&t->rows, "%-16s  %-16s  %9s  %9lld  %7lld  %9.3f  %9.3f  %15s\n", ws, we, sid, rd, kept, q1, q3, avg);
            break;
        case HOURLY_CSV:
            buf_printf(&t->rows, "%s,%s,%s,%lld,%lld,%.17g,%.17g,%s\n", ws, we, sid, rd, kept, q1, q3, avg);
            break;
        case HOURLY_JSON:
            buf_printf(&t->rows, "%s{\"window_start\":\"%s\",\"window_end\":\"%s\",%s%s%s\"readings\":%lld,\"kept\":%lld,"
                                 "\"q1\":%.17g,\"q3\":%.17g,\"avg_temperature\":%s}",
                       t->nrows ? ",\n " : " ", ws, we, sensor ? "\"sensor_id\":" : "", sid, sensor ? "," : "", rd, kept,
                       q1, q3, avg);
            break;
        }
        t->nrows++;
    }
    parquet_file_free(&pf);
    return 0;
}

void hourly_table_print(hourly_table *t, FILE *f)
{
    if (t->format == HOURLY_TABLE)
        fprintf(f, "%-16s  %-16s  %9s  %9s  %7s  %9s  %9s  %15s\n", "window_start", "window_end",
                t->with_sensor ? "sensor_id" : "", "readings", "kept", "q1", "q3", "avg_temperature");
    else if (t->format == HOURLY_CSV) fprintf(f, "window_start,window_end,sensor_id,readings,kept,q1,q3,avg_temperature\n");
    else fputc('[', f);
    if (t->rows.len) fwrite(t->rows.data, 1, t->rows.len, f);
    if (t->format == HOURLY_JSON) fprintf(f, "%s]\n", t->nrows ? "\n" : "");
}

void hourly_table_free(hourly_table *t)
{
    buf_free(&t->rows);
}
