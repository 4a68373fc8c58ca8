/* Fuzz target for Parquet (app/parquet_write.c, app/parquet_read.c): the input both as a file, which
 * the reader must refuse or read without crashing, and as the recipe of a table, which must come back
 * from a write-then-read round trip exactly as written, with any codec. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parquet_read.h"
#include "parquet_write.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void read_any(const uint8_t *data, size_t size)
{
    parquet_file f;
    buf err = {0};
    if (parquet_read(data, size, &f, &err) == 0) parquet_file_free(&f);
    buf_free(&err);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    read_any(data, size);
    if (size < 2) return 0;
    static const codec codecs[] = {CODEC_NONE, CODEC_SNAPPY, CODEC_GZIP, CODEC_ZSTD};
    codec c = codecs[data[0] % 4];
    size_t n = (size - 1) / 9; /* a row: 8 bytes of value, 1 byte of presence */
    int64_t *ints = calloc(n ? n : 1, sizeof *ints);
    double *dbl = calloc(n ? n : 1, sizeof *dbl);
    uint8_t *present = calloc(n ? n : 1, 1);
    for (size_t i = 0; i < n; i++) {
        memcpy(&ints[i], data + 1 + 9 * i, 8);
        memcpy(&dbl[i], data + 1 + 9 * i, 8);
        present[i] = data[1 + 9 * i + 8] & 1;
    }
    parquet_column cols[] = {
        {"t", PARQUET_TIMESTAMP_MS, 0, ints, NULL, NULL},
        {"d", PARQUET_DOUBLE, 0, NULL, dbl, NULL},
        {"o", PARQUET_DOUBLE, 1, NULL, dbl, present},
    };
    parquet_table t = {cols, 3, n};
    buf file = {0}, err = {0};
    if (parquet_write(&t, c, "fuzz", &file)) abort();
    parquet_file f;
    if (parquet_read(file.data, file.len, &f, &err) || f.nrows != n || f.ncolumns != 3) abort();
    for (size_t i = 0; i < n; i++) {
        if (f.columns[0].i64[i] != ints[i] || memcmp(&f.columns[1].f64[i], &dbl[i], 8) != 0) abort();
        if (f.columns[2].present[i] != present[i]) abort();
        if (present[i] && memcmp(&f.columns[2].f64[i], &dbl[i], 8) != 0) abort();
    }
    parquet_file_free(&f);
    read_any((const uint8_t *)file.data, file.len / 2 + data[0] % 16); /* and a damaged copy of it */
    buf_free(&file);
    buf_free(&err);
    free(ints);
    free(dbl);
    free(present);
    return 0;
}
