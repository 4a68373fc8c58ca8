/* Parquet reader (parquet_read.h): footer first (FileMetaData), then every column chunk's pages.
 * Every offset and length from the file is checked against its size before use. */
#include "parquet_read.h"

#include <stdlib.h>
#include <string.h>

#include "thrift.h"

enum { TYPE_INT64 = 2, TYPE_DOUBLE = 5, CONVERTED_TIMESTAMP_MILLIS = 9 };

typedef struct chunk_meta {
    int32_t type, codec;
    int64_t num_values, data_page_offset, total_compressed;
    int has_dictionary;
    int has_min_max;
    unsigned char min[8], max[8];
    int64_t null_count;
} chunk_meta;

typedef struct reader {
    const unsigned char *data;
    size_t n;
    parquet_file *f;
    buf *err;
    int32_t *leaf_type; /* physical type per column, from the schema */
} reader;

static int fail(reader *r, const char *what)
{
    buf_printf(r->err, "parquet: %s", what);
    return -1;
}

static void *xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size);
    if (!p) abort();
    return p;
}

/* Walks a struct's fields, calling on_field for each; on_field returns 1 when it consumed the value. */
typedef int (*field_fn)(reader *r, thrift_reader *t, int type, int16_t id, void *ctx);

static int walk_struct(reader *r, thrift_reader *t, field_fn on_field, void *ctx)
{
    if (thrift_read_struct_begin(t)) return -1;
    for (;;) {
        int type;
        int16_t id;
        if (thrift_read_field(t, &type, &id)) return -1;
        if (type == THRIFT_STOP) break;
        int rc = on_field(r, t, type, id, ctx);
        if (rc < 0) return -1;
        if (rc == 0 && thrift_skip(t, type)) return -1;
    }
    return thrift_read_struct_end(t);
}

static int read_stat(thrift_reader *t, unsigned char out[8])
{
    const unsigned char *p;
    size_t n;
    if (thrift_read_binary(t, &p, &n) || n != 8) return -1;
    memcpy(out, p, 8);
    return 1;
}

static int on_statistics(reader *r, thrift_reader *t, int type, int16_t id, void *ctx)
{
    chunk_meta *m = ctx;
    (void)r;
    if (id == 3 && type == THRIFT_I64) return thrift_read_i64(t, &m->null_count) ? -1 : 1;
    if (id == 5 && type == THRIFT_BINARY) return m->has_min_max |= 1, read_stat(t, m->max);
    if (id == 6 && type == THRIFT_BINARY) return m->has_min_max |= 2, read_stat(t, m->min);
    return 0;
}

static int on_column_meta(reader *r, thrift_reader *t, int type, int16_t id, void *ctx)
{
    chunk_meta *m = ctx;
    switch (id) {
    case 1:
        return type == THRIFT_I32 && thrift_read_i32(t, &m->type) == 0 ? 1 : -1;
    case 4:
        return type == THRIFT_I32 && thrift_read_i32(t, &m->codec) == 0 ? 1 : -1;
    case 5:
        return type == THRIFT_I64 && thrift_read_i64(t, &m->num_values) == 0 ? 1 : -1;
    case 7:
        return type == THRIFT_I64 && thrift_read_i64(t, &m->total_compressed) == 0 ? 1 : -1;
    case 9:
        return type == THRIFT_I64 && thrift_read_i64(t, &m->data_page_offset) == 0 ? 1 : -1;
    case 11:
        m->has_dictionary = 1;
        return 0;
    case 12:
        return type == THRIFT_STRUCT && walk_struct(r, t, on_statistics, m) == 0 ? 1 : -1;
    default:
        return 0;
    }
}

static int on_column_chunk(reader *r, thrift_reader *t, int type, int16_t id, void *ctx)
{
    if (id == 3) return type == THRIFT_STRUCT && walk_struct(r, t, on_column_meta, ctx) == 0 ? 1 : -1;
    return 0;
}

/* ---- pages -------------------------------------------------------------------------------------- */

typedef struct page_header {
    int32_t type, uncompressed, compressed;
    int32_t num_values, encoding, def_encoding;
} page_header;

static int on_data_page_header(reader *r, thrift_reader *t, int type, int16_t id, void *ctx)
{
    page_header *h = ctx;
    (void)r;
    int32_t *slot = id == 1 ? &h->num_values : id == 2 ? &h->encoding : id == 3 ? &h->def_encoding : NULL;
    if (!slot) return 0;
    return type == THRIFT_I32 && thrift_read_i32(t, slot) == 0 ? 1 : -1;
}

static int on_page_header(reader *r, thrift_reader *t, int type, int16_t id, void *ctx)
{
    page_header *h = ctx;
    int32_t *slot = id == 1 ? &h->type : id == 2 ? &h->uncompressed : id == 3 ? &h->compressed : NULL;
    if (slot) return type == THRIFT_I32 && thrift_read_i32(t, slot) == 0 ? 1 : -1;
    if (id == 5) return type == THRIFT_STRUCT && walk_struct(r, t, on_data_page_header, h) == 0 ? 1 : -1;
    return 0;
}

/* Definition levels (bit width 1) of count values: the RLE/bit-packed hybrid. */
static int decode_levels(const unsigned char *p, size_t n, uint8_t *out, size_t count)
{
    size_t i = 0, at = 0;
    while (i < count) {
        uint64_t header = 0;
        for (int shift = 0;; shift += 7) {
            if (at >= n || shift > 56) return -1;
            header |= (uint64_t)(p[at] & 0x7F) << shift;
            if (!(p[at++] & 0x80)) break;
        }
        if (header & 1) { /* bit-packed: (header >> 1) groups of 8 values, one byte per group at width 1 */
            uint64_t groups = header >> 1;
            if (groups > n - at) return -1;
            for (uint64_t g = 0; g < groups; g++, at++)
                for (int b = 0; b < 8 && i < count; b++) out[i++] = p[at] >> b & 1;
        } else {
            uint64_t run = header >> 1;
            if (at >= n || run > count - i) return -1;
            uint8_t v = p[at++] & 1;
            for (uint64_t k = 0; k < run; k++) out[i++] = v;
        }
    }
    return 0;
}

static int read_page_values(reader *r, parquet_read_column *c, size_t row, const page_header *h,
                            const unsigned char *p, size_t n)
{
    size_t count = (size_t)h->num_values, present = count;
    if (c->optional) {
        if (n < 4) return fail(r, "page too short for its definition levels");
        size_t len = (size_t)p[0] | (size_t)p[1] << 8 | (size_t)p[2] << 16 | (size_t)p[3] << 24;
        if (h->def_encoding != 3 || len > n - 4 || decode_levels(p + 4, len, c->present + row, count))
            return fail(r, "bad definition levels");
        p += 4 + len, n -= 4 + len;
        present = 0;
        for (size_t i = 0; i < count; i++) present += c->present[row + i];
    } else {
        memset(c->present + row, 1, count);
    }
    if (h->encoding != 0) return fail(r, "only PLAIN pages are supported");
    if (n < present * 8) return fail(r, "page shorter than its values");
    for (size_t i = 0; i < count; i++) {
        if (!c->present[row + i]) continue;
        uint64_t v = 0;
        for (int k = 7; k >= 0; k--) v = v << 8 | p[k];
        p += 8;
        if (c->kind == PARQUET_DOUBLE)
            memcpy(&c->f64[row + i], &v, 8);
        else
            c->i64[row + i] = (int64_t)v;
    }
    return 0;
}

static int read_chunk(reader *r, parquet_read_column *c, const chunk_meta *m, size_t row, size_t rows)
{
    if (m->has_dictionary) return fail(r, "dictionary pages are not supported");
    if (m->num_values < 0 || (size_t)m->num_values != rows)
        return fail(r, "column chunk has the wrong number of values");
    if (m->data_page_offset < 4 || m->total_compressed < 0 || (uint64_t)m->data_page_offset > r->n ||
        (uint64_t)m->total_compressed > r->n - (size_t)m->data_page_offset)
        return fail(r, "column chunk outside the file");
    c->codec = (codec)m->codec;
    const unsigned char *at = r->data + m->data_page_offset, *end = at + m->total_compressed;
    buf page = {0};
    size_t done = 0;
    int rc = 0;
    while (rc == 0 && done < rows) {
        page_header h = {-1, -1, -1, -1, -1, -1};
        thrift_reader t;
        thrift_read_init(&t, at, (size_t)(end - at));
        if (walk_struct(r, &t, on_page_header, &h) || h.type != 0 || h.compressed < 0 || h.uncompressed < 0 ||
            h.num_values < 0 || (size_t)h.num_values > rows - done ||
            (size_t)h.compressed > (size_t)(end - t.p)) {
            rc = fail(r, "bad data page header");
            break;
        }
        buf_reset(&page);
        if (codec_decompress(c->codec, t.p, (size_t)h.compressed, (size_t)h.uncompressed, &page)) {
            rc = fail(r, "page does not decompress");
            break;
        }
        rc = read_page_values(r, c, row + done, &h, (const unsigned char *)page.data, page.len);
        done += (size_t)h.num_values;
        at = t.p + h.compressed;
        if (h.num_values == 0 && done < rows) rc = fail(r, "empty data page");
    }
    buf_free(&page);
    return rc;
}

/* ---- footer ------------------------------------------------------------------------------------- */

typedef struct schema_element {
    int32_t type, repetition, num_children, converted;
    char *name;
} schema_element;

static int on_schema_element(reader *r, thrift_reader *t, int type, int16_t id, void *ctx)
{
    schema_element *e = ctx;
    (void)r;
    int32_t *slot = id == 1   ? &e->type
                    : id == 3 ? &e->repetition
                    : id == 5 ? &e->num_children
                    : id == 6 ? &e->converted
                              : NULL;
    if (slot) return type == THRIFT_I32 && thrift_read_i32(t, slot) == 0 ? 1 : -1;
    if (id == 4 && type == THRIFT_BINARY) {
        const unsigned char *p;
        size_t n;
        if (thrift_read_binary(t, &p, &n)) return -1;
        free(e->name);
        e->name = strndup((const char *)p, n);
        return 1;
    }
    return 0;
}

static int read_schema(reader *r, thrift_reader *t)
{
    int et;
    size_t count;
    if (thrift_read_list(t, &et, &count) || et != THRIFT_STRUCT || count < 1) return fail(r, "bad schema");
    parquet_file *f = r->f;
    f->columns = xcalloc(count, sizeof *f->columns);
    r->leaf_type = xcalloc(count, sizeof *r->leaf_type);
    for (size_t i = 0; i < count; i++) {
        schema_element e = {-1, -1, -1, -1, NULL};
        if (walk_struct(r, t, on_schema_element, &e)) {
            free(e.name);
            return fail(r, "bad schema element");
        }
        if (i == 0) {
            free(e.name);
            if (e.num_children != (int32_t)(count - 1)) return fail(r, "only flat schemas are supported");
            continue;
        }
        parquet_read_column *c = &f->columns[f->ncolumns++];
        c->name = e.name ? e.name : strdup("");
        if (e.num_children > 0 || (e.type != TYPE_INT64 && e.type != TYPE_DOUBLE) || e.repetition < 0 ||
            e.repetition > 1)
            return fail(r, "unsupported column (only flat INT64 or DOUBLE, REQUIRED or OPTIONAL)");
        c->kind = e.type == TYPE_DOUBLE                       ? PARQUET_DOUBLE
                  : e.converted == CONVERTED_TIMESTAMP_MILLIS ? PARQUET_TIMESTAMP_MS
                                                              : PARQUET_INT64;
        c->optional = e.repetition == 1;
        r->leaf_type[f->ncolumns - 1] = e.type;
    }
    return 0;
}

static int read_row_group(reader *r, thrift_reader *t, size_t *row)
{
    parquet_file *f = r->f;
    size_t ncols = 0, rows = 0;
    chunk_meta *metas = xcalloc(f->ncolumns, sizeof *metas);
    int rc = -1;
    if (thrift_read_struct_begin(t)) goto out;
    for (;;) {
        int type;
        int16_t id;
        int64_t v;
        if (thrift_read_field(t, &type, &id)) goto out;
        if (type == THRIFT_STOP) break;
        if (id == 1 && type == THRIFT_LIST) {
            int et;
            if (thrift_read_list(t, &et, &ncols) || et != THRIFT_STRUCT || ncols != f->ncolumns) goto out;
            for (size_t i = 0; i < ncols; i++)
                if (walk_struct(r, t, on_column_chunk, &metas[i])) goto out;
        } else if (id == 3 && type == THRIFT_I64) {
            if (thrift_read_i64(t, &v) || v < 0 || (uint64_t)v > f->nrows - *row) goto out;
            rows = (size_t)v;
        } else if (thrift_skip(t, type)) {
            goto out;
        }
    }
    if (thrift_read_struct_end(t) || ncols != f->ncolumns) goto out;
    for (size_t i = 0; i < ncols; i++) {
        if (metas[i].type != r->leaf_type[i]) {
            fail(r, "column chunk type differs from the schema");
            goto out;
        }
        if (read_chunk(r, &f->columns[i], &metas[i], *row, rows)) goto out;
        parquet_read_column *c = &f->columns[i];
        c->null_count += metas[i].null_count;
        if (metas[i].has_min_max == 3) {
            c->has_min_max = 1;
            memcpy(c->min, metas[i].min, 8);
            memcpy(c->max, metas[i].max, 8);
        }
    }
    *row += rows;
    rc = 0;
out:
    if (rc && r->err->len == 0) fail(r, "bad row group");
    free(metas);
    return rc;
}

static int read_footer(reader *r, thrift_reader *t)
{
    parquet_file *f = r->f;
    int have_schema = 0, have_rows = 0;
    size_t row = 0;
    if (thrift_read_struct_begin(t)) return fail(r, "bad footer");
    for (;;) {
        int type;
        int16_t id;
        if (thrift_read_field(t, &type, &id)) return fail(r, "bad footer");
        if (type == THRIFT_STOP) break;
        if (id == 2 && type == THRIFT_LIST) {
            if (have_schema++ || read_schema(r, t)) return r->err->len ? -1 : fail(r, "bad schema");
        } else if (id == 3 && type == THRIFT_I64) {
            int64_t v;
            if (thrift_read_i64(t, &v) || v < 0 || (uint64_t)v > r->n * 8) return fail(r, "bad num_rows");
            f->nrows = (size_t)v;
            have_rows = 1;
        } else if (id == 4 && type == THRIFT_LIST) {
            int et;
            size_t groups;
            if (!have_schema || !have_rows) return fail(r, "row groups before the schema");
            if (thrift_read_list(t, &et, &groups) || et != THRIFT_STRUCT) return fail(r, "bad row groups");
            for (size_t i = 0; i < f->ncolumns; i++) {
                parquet_read_column *c = &f->columns[i];
                c->present = xcalloc(f->nrows, 1);
                if (c->kind == PARQUET_DOUBLE)
                    c->f64 = xcalloc(f->nrows, sizeof *c->f64);
                else
                    c->i64 = xcalloc(f->nrows, sizeof *c->i64);
            }
            for (size_t g = 0; g < groups; g++)
                if (read_row_group(r, t, &row)) return -1;
            if (row != f->nrows) return fail(r, "row groups do not add up to num_rows");
        } else if (id == 6 && type == THRIFT_BINARY) {
            const unsigned char *p;
            size_t n;
            if (thrift_read_binary(t, &p, &n)) return fail(r, "bad created_by");
            free(f->created_by);
            f->created_by = strndup((const char *)p, n);
        } else if (thrift_skip(t, type)) {
            return fail(r, "bad footer");
        }
    }
    if (!have_schema || !have_rows) return fail(r, "footer without schema or num_rows");
    if (row != f->nrows) return fail(r, "footer without row groups");
    return 0;
}

int parquet_read(const void *data, size_t n, parquet_file *f, buf *err)
{
    memset(f, 0, sizeof *f);
    reader r = {data, n, f, err, NULL};
    const unsigned char *d = data;
    if (n < 12 || memcmp(d, "PAR1", 4) != 0 || memcmp(d + n - 4, "PAR1", 4) != 0)
        return fail(&r, "not a Parquet file");
    size_t len = (size_t)d[n - 8] | (size_t)d[n - 7] << 8 | (size_t)d[n - 6] << 16 | (size_t)d[n - 5] << 24;
    if (len > n - 12) return fail(&r, "footer length beyond the file");
    thrift_reader t;
    thrift_read_init(&t, d + n - 8 - len, len);
    int rc = read_footer(&r, &t);
    free(r.leaf_type);
    if (rc) parquet_file_free(f);
    return rc;
}

const parquet_read_column *parquet_column_named(const parquet_file *f, const char *name)
{
    for (size_t i = 0; i < f->ncolumns; i++)
        if (strcmp(f->columns[i].name, name) == 0) return &f->columns[i];
    return NULL;
}

void parquet_file_free(parquet_file *f)
{
    for (size_t i = 0; i < f->ncolumns; i++) {
        free(f->columns[i].name);
        free(f->columns[i].i64);
        free(f->columns[i].f64);
        free(f->columns[i].present);
    }
    free(f->columns);
    free(f->created_by);
    memset(f, 0, sizeof *f);
}
