/* Parquet writer (parquet_write.h). File: "PAR1", per column one page header + page, the footer
 * (FileMetaData, thrift compact), its length, "PAR1". Field ids are those of parquet.thrift. */
#include "parquet_write.h"

#include <stdlib.h>
#include <string.h>

#include "thrift.h"

enum { TYPE_INT64 = 2, TYPE_DOUBLE = 5 };      /* Type */
enum { REQUIRED = 0, OPTIONAL = 1 };           /* FieldRepetitionType */
enum { ENCODING_PLAIN = 0, ENCODING_RLE = 3 }; /* Encoding */
enum { CONVERTED_TIMESTAMP_MILLIS = 9 };       /* ConvertedType */
enum { PAGE_DATA = 0 };                        /* PageType */

typedef struct chunk_info {
    int64_t offset, compressed, uncompressed, nulls;
    int has_stats;
    unsigned char min[8], max[8];
} chunk_info;

/* v as n little-endian bytes */
static void put_le(buf *b, uint64_t v, int n)
{
    unsigned char t[8];
    for (int i = 0; i < n; i++) t[i] = (unsigned char)(v >> (8 * i));
    buf_add(b, t, (size_t)n);
}

static uint64_t bits_of_double(double d)
{
    uint64_t u;
    memcpy(&u, &d, 8);
    return u;
}

static int is_present(const parquet_column *c, size_t row)
{
    return !c->optional || !c->present || c->present[row];
}

/* Definition levels of an OPTIONAL column: the RLE/bit-packed hybrid with bit width 1, as RLE runs only,
 * prefixed by their length (4 bytes, little endian) as data page v1 wants. */
static void put_definition_levels(buf *page, const parquet_column *c, size_t nrows)
{
    buf runs = {0};
    for (size_t i = 0; i < nrows;) {
        int v = is_present(c, i);
        size_t j = i;
        while (j < nrows && is_present(c, j) == v) j++;
        uint64_t header = (uint64_t)(j - i) << 1;
        while (header >= 0x80) buf_addc(&runs, (char)(header | 0x80)), header >>= 7;
        buf_addc(&runs, (char)header);
        buf_addc(&runs, (char)v);
        i = j;
    }
    put_le(page, runs.len, 4);
    buf_add(page, runs.data, runs.len);
    buf_free(&runs);
}

/* PLAIN values of the present rows, and their min/max (doubles: -0.0 as min and +0.0 as max, as the
 * format's ColumnOrder notes ask of writers). */
static void put_values(buf *page, const parquet_column *c, size_t nrows, chunk_info *info)
{
    int64_t imin = 0, imax = 0;
    double dmin = 0, dmax = 0;
    for (size_t i = 0; i < nrows; i++) {
        if (!is_present(c, i)) {
            info->nulls++;
            continue;
        }
        if (c->kind == PARQUET_DOUBLE) {
            double v = c->f64[i];
            put_le(page, bits_of_double(v), 8);
            if (!info->has_stats || v < dmin) dmin = v;
            if (!info->has_stats || v > dmax) dmax = v;
        } else {
            int64_t v = c->i64[i];
            put_le(page, (uint64_t)v, 8);
            if (!info->has_stats || v < imin) imin = v;
            if (!info->has_stats || v > imax) imax = v;
        }
        info->has_stats = 1;
    }
    uint64_t lo = (uint64_t)imin, hi = (uint64_t)imax;
    if (c->kind == PARQUET_DOUBLE) {
        lo = bits_of_double(dmin == 0 ? -0.0 : dmin);
        hi = bits_of_double(dmax == 0 ? 0.0 : dmax);
    }
    for (int k = 0; k < 8; k++)
        info->min[k] = (unsigned char)(lo >> (8 * k)), info->max[k] = (unsigned char)(hi >> (8 * k));
}

static void put_statistics(thrift_writer *w, int16_t id, const chunk_info *info)
{
    thrift_field(w, THRIFT_STRUCT, id);
    thrift_struct_begin(w);
    thrift_field_i64(w, 3, info->nulls); /* null_count */
    if (info->has_stats) {
        thrift_field_binary(w, 5, info->max, 8); /* max_value */
        thrift_field_binary(w, 6, info->min, 8); /* min_value */
    }
    thrift_struct_end(w);
}

static int write_chunk(buf *out, const parquet_column *c, size_t nrows, codec cc, chunk_info *info)
{
    buf page = {0}, packed = {0}, header = {0};
    memset(info, 0, sizeof *info);
    if (c->optional) put_definition_levels(&page, c, nrows);
    put_values(&page, c, nrows, info);
    if (codec_compress(cc, page.data, page.len, &packed)) {
        buf_free(&page);
        buf_free(&packed);
        return -1;
    }
    thrift_writer w;
    thrift_write_init(&w, &header);
    thrift_field_i32(&w, 1, PAGE_DATA);           /* type */
    thrift_field_i32(&w, 2, (int32_t)page.len);   /* uncompressed_page_size */
    thrift_field_i32(&w, 3, (int32_t)packed.len); /* compressed_page_size */
    thrift_field(&w, THRIFT_STRUCT, 5);           /* data_page_header */
    thrift_struct_begin(&w);
    thrift_field_i32(&w, 1, (int32_t)nrows); /* num_values, nulls included */
    thrift_field_i32(&w, 2, ENCODING_PLAIN); /* encoding */
    thrift_field_i32(&w, 3, ENCODING_RLE);   /* definition_level_encoding */
    thrift_field_i32(&w, 4, ENCODING_RLE);   /* repetition_level_encoding */
    put_statistics(&w, 5, info);
    thrift_struct_end(&w);
    buf_addc(&header, THRIFT_STOP);
    info->offset = (int64_t)out->len;
    info->uncompressed = (int64_t)(header.len + page.len);
    info->compressed = (int64_t)(header.len + packed.len);
    buf_add(out, header.data, header.len);
    buf_add(out, packed.data, packed.len);
    buf_free(&page);
    buf_free(&packed);
    buf_free(&header);
    return 0;
}

static void put_schema(thrift_writer *w, const parquet_table *t)
{
    thrift_field(w, THRIFT_LIST, 2); /* schema */
    thrift_list(w, THRIFT_STRUCT, t->ncolumns + 1);
    thrift_struct_begin(w);
    thrift_field_binary(w, 4, "schema", 6);       /* name */
    thrift_field_i32(w, 5, (int32_t)t->ncolumns); /* num_children */
    thrift_struct_end(w);
    for (size_t i = 0; i < t->ncolumns; i++) {
        const parquet_column *c = &t->columns[i];
        thrift_struct_begin(w);
        thrift_field_i32(w, 1, c->kind == PARQUET_DOUBLE ? TYPE_DOUBLE : TYPE_INT64); /* type */
        thrift_field_i32(w, 3, c->optional ? OPTIONAL : REQUIRED);                    /* repetition_type */
        thrift_field_binary(w, 4, c->name, strlen(c->name));                          /* name */
        if (c->kind == PARQUET_TIMESTAMP_MS) {
            thrift_field_i32(w, 6, CONVERTED_TIMESTAMP_MILLIS); /* converted_type */
            thrift_field(w, THRIFT_STRUCT, 10);                 /* logicalType */
            thrift_struct_begin(w);
            thrift_field(w, THRIFT_STRUCT, 8); /* TIMESTAMP: TimestampType */
            thrift_struct_begin(w);
            thrift_field_bool(w, 1, 1);        /* isAdjustedToUTC */
            thrift_field(w, THRIFT_STRUCT, 2); /* unit: TimeUnit */
            thrift_struct_begin(w);
            thrift_field(w, THRIFT_STRUCT, 1); /* MILLIS: MilliSeconds {} */
            thrift_struct_begin(w);
            thrift_struct_end(w);
            thrift_struct_end(w);
            thrift_struct_end(w);
            thrift_struct_end(w);
        }
        thrift_struct_end(w);
    }
}

static void put_column_chunk(thrift_writer *w, const parquet_column *c, size_t nrows, codec cc,
                             const chunk_info *info)
{
    thrift_struct_begin(w);
    thrift_field_i64(w, 2, info->offset); /* file_offset */
    thrift_field(w, THRIFT_STRUCT, 3);    /* meta_data: ColumnMetaData */
    thrift_struct_begin(w);
    thrift_field_i32(w, 1, c->kind == PARQUET_DOUBLE ? TYPE_DOUBLE : TYPE_INT64); /* type */
    thrift_field(w, THRIFT_LIST, 2);                                              /* encodings */
    thrift_list(w, THRIFT_I32, 2);
    thrift_i32(w, ENCODING_PLAIN);
    thrift_i32(w, ENCODING_RLE);
    thrift_field(w, THRIFT_LIST, 3); /* path_in_schema */
    thrift_list(w, THRIFT_BINARY, 1);
    thrift_binary(w, c->name, strlen(c->name));
    thrift_field_i32(w, 4, (int32_t)cc);        /* codec */
    thrift_field_i64(w, 5, (int64_t)nrows);     /* num_values */
    thrift_field_i64(w, 6, info->uncompressed); /* total_uncompressed_size */
    thrift_field_i64(w, 7, info->compressed);   /* total_compressed_size */
    thrift_field_i64(w, 9, info->offset);       /* data_page_offset */
    put_statistics(w, 12, info);                /* statistics */
    thrift_struct_end(w);
    thrift_struct_end(w);
}

int parquet_write(const parquet_table *t, codec cc, const char *created_by, buf *out)
{
    size_t start = out->len;
    buf_add(out, "PAR1", 4);
    chunk_info *info = calloc(t->ncolumns ? t->ncolumns : 1, sizeof *info);
    if (!info) abort();
    int64_t total_uncompressed = 0, total_compressed = 0;
    for (size_t i = 0; i < t->ncolumns; i++) {
        if (write_chunk(out, &t->columns[i], t->nrows, cc, &info[i])) {
            free(info);
            out->len = start;
            return -1;
        }
        total_uncompressed += info[i].uncompressed;
        total_compressed += info[i].compressed;
    }
    size_t footer_start = out->len;
    thrift_writer w;
    thrift_write_init(&w, out);
    thrift_field_i32(&w, 1, 1); /* version */
    put_schema(&w, t);
    thrift_field_i64(&w, 3, (int64_t)t->nrows); /* num_rows */
    thrift_field(&w, THRIFT_LIST, 4);           /* row_groups */
    thrift_list(&w, THRIFT_STRUCT, 1);
    thrift_struct_begin(&w);
    thrift_field(&w, THRIFT_LIST, 1); /* columns */
    thrift_list(&w, THRIFT_STRUCT, t->ncolumns);
    for (size_t i = 0; i < t->ncolumns; i++) put_column_chunk(&w, &t->columns[i], t->nrows, cc, &info[i]);
    thrift_field_i64(&w, 2, total_uncompressed); /* total_byte_size */
    thrift_field_i64(&w, 3, (int64_t)t->nrows);  /* num_rows */
    thrift_field_i64(&w, 5, 4);                  /* file_offset: the first page */
    thrift_field_i64(&w, 6, total_compressed);   /* total_compressed_size */
    thrift_field(&w, THRIFT_I16, 7);             /* ordinal */
    buf_addc(out, 0);
    thrift_struct_end(&w);
    thrift_field_binary(&w, 6, created_by, strlen(created_by)); /* created_by */
    thrift_field(&w, THRIFT_LIST, 7);                           /* column_orders */
    thrift_list(&w, THRIFT_STRUCT, t->ncolumns);
    for (size_t i = 0; i < t->ncolumns; i++) {
        thrift_struct_begin(&w);
        thrift_field(&w, THRIFT_STRUCT, 1); /* TYPE_ORDER: TypeDefinedOrder {} */
        thrift_struct_begin(&w);
        thrift_struct_end(&w);
        thrift_struct_end(&w);
    }
    buf_addc(out, THRIFT_STOP);
    uint32_t footer_len = (uint32_t)(out->len - footer_start);
    put_le(out, footer_len, 4);
    buf_add(out, "PAR1", 4);
    free(info);
    return 0;
}
