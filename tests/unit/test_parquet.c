/* app/parquet_write.c, app/parquet_read.c, app/thrift.c, app/codec.c: round trips for every codec
 * with nulls, the statistics as written, and damaged files refused without a crash. (Third-party
 * readers check the same files in tests/integration/app_parquet_peers.sh.) */
#include "harness.h"

#include "parquet_read.h"
#include "parquet_write.h"
#include "thrift.h"

static const codec all_codecs[] = {CODEC_NONE, CODEC_SNAPPY, CODEC_GZIP, CODEC_ZSTD};

static void sample(buf *out, codec c, size_t n)
{
    int64_t *ts = malloc(n * sizeof *ts), *id = malloc(n * sizeof *id);
    double *v = malloc(n * sizeof *v);
    uint8_t *present = malloc(n);
    for (size_t i = 0; i < n; i++) {
        ts[i] = 1682330400000LL + (int64_t)i * 1000;
        id[i] = (int64_t)i * 7 - 3;
        v[i] = i == 1 ? -0.0 : (double)i / 3.0;
        present[i] = i % 3 != 0;
    }
    parquet_column cols[] = {
        {"t", PARQUET_TIMESTAMP_MS, 0, ts, NULL, NULL},
        {"id", PARQUET_INT64, 0, id, NULL, NULL},
        {"v", PARQUET_DOUBLE, 1, NULL, v, present},
    };
    parquet_table t = {cols, 3, n};
    CHECK_INT(parquet_write(&t, c, "etl-app version test (etlctl)", out), 0);
    free(ts), free(id), free(v), free(present);
}

TEST(round_trip_every_codec)
{
    for (size_t k = 0; k < sizeof all_codecs / sizeof all_codecs[0]; k++) {
        for (size_t n = 1; n <= 1000; n *= 10) {
            buf file = {0}, err = {0};
            sample(&file, all_codecs[k], n);
            parquet_file f;
            CHECK_INT(parquet_read(file.data, file.len, &f, &err), 0);
            CHECK_INT(f.nrows, n);
            CHECK_INT(f.ncolumns, 3);
            CHECK_STR(f.created_by, "etl-app version test (etlctl)");
            const parquet_read_column *t = parquet_column_named(&f, "t"),
                                      *id = parquet_column_named(&f, "id"),
                                      *v = parquet_column_named(&f, "v");
            CHECK(t && id && v);
            if (!t || !id || !v) return;
            CHECK_INT(t->kind, PARQUET_TIMESTAMP_MS);
            CHECK_INT(v->optional, 1);
            CHECK_INT(v->codec, all_codecs[k]);
            size_t nulls = 0;
            for (size_t i = 0; i < n; i++) {
                CHECK_INT(t->i64[i], 1682330400000LL + (int64_t)i * 1000);
                CHECK_INT(id->i64[i], (int64_t)i * 7 - 3);
                CHECK_INT(v->present[i], i % 3 != 0);
                if (v->present[i]) CHECK(v->f64[i] == (i == 1 ? -0.0 : (double)i / 3.0));
                nulls += i % 3 == 0;
            }
            CHECK_INT(v->null_count, nulls);
            CHECK_INT(t->has_min_max, 1);
            int64_t lo;
            memcpy(&lo, id->min, 8);
            CHECK_INT(lo, -3);
            parquet_file_free(&f);
            buf_free(&file);
            buf_free(&err);
        }
    }
}

TEST(all_null_column_has_no_min_max)
{
    double v = 1.0;
    uint8_t present = 0;
    parquet_column col = {"avg", PARQUET_DOUBLE, 1, NULL, &v, &present};
    parquet_table t = {&col, 1, 1};
    buf file = {0}, err = {0};
    CHECK_INT(parquet_write(&t, CODEC_SNAPPY, "x", &file), 0);
    parquet_file f;
    CHECK_INT(parquet_read(file.data, file.len, &f, &err), 0);
    CHECK_INT(f.columns[0].has_min_max, 0);
    CHECK_INT(f.columns[0].null_count, 1);
    CHECK_INT(f.columns[0].present[0], 0);
    parquet_file_free(&f);
    buf_free(&file);
    buf_free(&err);
}

TEST(damaged_files_are_refused)
{
    buf file = {0};
    sample(&file, CODEC_SNAPPY, 50);
    for (size_t cut = 0; cut < file.len; cut++) { /* every truncation */
        buf err = {0};
        parquet_file f;
        char *copy = malloc(cut + 1);
        memcpy(copy, file.data, cut);
        int rc = parquet_read(copy, cut, &f, &err);
        if (rc == 0)
            parquet_file_free(&f);
        else
            CHECK(strncmp(err.data, "parquet: ", 9) == 0);
        free(copy);
        buf_free(&err);
    }
    for (size_t at = 4; at < file.len - 8; at++) { /* every single flipped byte */
        buf err = {0};
        parquet_file f;
        file.data[at] ^= 0x5A;
        if (parquet_read(file.data, file.len, &f, &err) == 0) parquet_file_free(&f);
        file.data[at] ^= 0x5A;
        buf_free(&err);
    }
    buf_free(&file);
}

TEST(thrift_compact_field_headers)
{
    buf b = {0};
    thrift_writer w;
    thrift_write_init(&w, &b);
    thrift_field_i32(&w, 1, -1);   /* short form: delta 1, type 5; zigzag(-1) = 1 */
    thrift_field_i64(&w, 20, 300); /* long form: type byte, zigzag id 40, zigzag(300) = 600 */
    thrift_field_bool(&w, 21, 1);
    buf_addc(&b, 0);
    static const unsigned char want[] = {0x15, 0x01, 0x06, 0x28, 0xD8, 0x04, 0x11, 0x00};
    CHECK_INT(b.len, sizeof want);
    CHECK(memcmp(b.data, want, sizeof want) == 0);
    thrift_reader r;
    thrift_read_init(&r, b.data, b.len);
    int type;
    int16_t id;
    int64_t v;
    CHECK(thrift_read_struct_begin(&r) == 0);
    CHECK(thrift_read_field(&r, &type, &id) == 0 && type == THRIFT_I32 && id == 1);
    CHECK(thrift_read_i64(&r, &v) == 0 && v == -1);
    CHECK(thrift_read_field(&r, &type, &id) == 0 && type == THRIFT_I64 && id == 20);
    CHECK(thrift_read_i64(&r, &v) == 0 && v == 300);
    CHECK(thrift_read_field(&r, &type, &id) == 0 && type == THRIFT_TRUE && id == 21);
    CHECK(thrift_read_field(&r, &type, &id) == 0 && type == THRIFT_STOP);
    buf_free(&b);
}
