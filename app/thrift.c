/* Thrift compact protocol (thrift.h): zigzag varints, delta field headers, short list headers.
 * The reader checks every length against the bytes left and bounds nesting, so a damaged footer is an
 * error, never a crash. */
#include "thrift.h"

#include <string.h>

static void put_varint(buf *b, uint64_t v)
{
    unsigned char t[10];
    size_t n = 0;
    while (v >= 0x80) t[n++] = (unsigned char)(v | 0x80), v >>= 7;
    t[n++] = (unsigned char)v;
    buf_add(b, t, n);
}

static uint64_t zigzag(int64_t v)
{
    return ((uint64_t)v << 1) ^ (uint64_t)(v >> 63);
}

void thrift_write_init(thrift_writer *w, buf *out)
{
    memset(w, 0, sizeof *w);
    w->out = out;
}

void thrift_field(thrift_writer *w, int type, int16_t id)
{
    int16_t delta = (int16_t)(id - w->last[w->depth]);
    if (delta > 0 && delta <= 15) {
        buf_addc(w->out, (char)(delta << 4 | type));
    } else {
        buf_addc(w->out, (char)type);
        put_varint(w->out, zigzag(id));
    }
    w->last[w->depth] = id;
}

void thrift_field_i32(thrift_writer *w, int16_t id, int32_t v)
{
    thrift_field(w, THRIFT_I32, id);
    put_varint(w->out, zigzag(v));
}

void thrift_field_i64(thrift_writer *w, int16_t id, int64_t v)
{
    thrift_field(w, THRIFT_I64, id);
    put_varint(w->out, zigzag(v));
}

void thrift_field_binary(thrift_writer *w, int16_t id, const void *p, size_t n)
{
    thrift_field(w, THRIFT_BINARY, id);
    thrift_binary(w, p, n);
}

void thrift_field_bool(thrift_writer *w, int16_t id, int v)
{
    thrift_field(w, v ? THRIFT_TRUE : THRIFT_FALSE, id);
}

void thrift_list(thrift_writer *w, int elem_type, size_t count)
{
    if (count < 15) {
        buf_addc(w->out, (char)(count << 4 | (size_t)elem_type));
    } else {
        buf_addc(w->out, (char)(0xF0 | elem_type));
        put_varint(w->out, count);
    }
}

void thrift_i32(thrift_writer *w, int32_t v)
{
    put_varint(w->out, zigzag(v));
}

void thrift_binary(thrift_writer *w, const void *p, size_t n)
{
    put_varint(w->out, n);
    buf_add(w->out, p, n);
}

void thrift_struct_begin(thrift_writer *w)
{
    w->last[++w->depth] = 0;
}

void thrift_struct_end(thrift_writer *w)
{
    buf_addc(w->out, THRIFT_STOP);
    w->depth--;
}

/* ---- reader ------------------------------------------------------------------------------------ */

void thrift_read_init(thrift_reader *r, const void *p, size_t n)
{
    memset(r, 0, sizeof *r);
    r->p = p;
    r->end = r->p + n;
}

static int get_varint(thrift_reader *r, uint64_t *v)
{
    uint64_t x = 0;
    for (int shift = 0; shift < 64; shift += 7) {
        if (r->p >= r->end) return -1;
        unsigned char b = *r->p++;
        x |= (uint64_t)(b & 0x7F) << shift;
        if (!(b & 0x80)) {
            *v = x;
            return 0;
        }
    }
    return -1;
}

int thrift_read_i64(thrift_reader *r, int64_t *v)
{
    uint64_t u;
    if (get_varint(r, &u)) return -1;
    *v = (int64_t)(u >> 1) ^ -(int64_t)(u & 1);
    return 0;
}

int thrift_read_i32(thrift_reader *r, int32_t *v)
{
    int64_t x;
    if (thrift_read_i64(r, &x) || x < INT32_MIN || x > INT32_MAX) return -1;
    *v = (int32_t)x;
    return 0;
}

int thrift_read_struct_begin(thrift_reader *r)
{
    if (r->depth + 1 >= THRIFT_MAX_DEPTH) return -1;
    r->last[++r->depth] = 0;
    return 0;
}

int thrift_read_struct_end(thrift_reader *r)
{
    if (r->depth == 0) return -1;
    r->depth--;
    return 0;
}

int thrift_read_field(thrift_reader *r, int *type, int16_t *id)
{
    if (r->p >= r->end) return -1;
    unsigned char b = *r->p++;
    *type = b & 0x0F;
    if (*type == THRIFT_STOP) return 0;
    int delta = b >> 4;
    if (delta) {
        *id = (int16_t)(r->last[r->depth] + delta);
    } else {
        int64_t v;
        if (thrift_read_i64(r, &v) || v < INT16_MIN || v > INT16_MAX) return -1;
        *id = (int16_t)v;
    }
    r->last[r->depth] = *id;
    return 0;
}

int thrift_read_list(thrift_reader *r, int *elem_type, size_t *count)
{
    if (r->p >= r->end) return -1;
    unsigned char b = *r->p++;
    *elem_type = b & 0x0F;
    uint64_t n = b >> 4;
    if (n == 15 && get_varint(r, &n)) return -1;
    if (n > (uint64_t)(r->end - r->p)) return -1; /* every element takes at least one byte */
    *count = (size_t)n;
    return 0;
}

int thrift_read_binary(thrift_reader *r, const unsigned char **p, size_t *n)
{
    uint64_t len;
    if (get_varint(r, &len) || len > (uint64_t)(r->end - r->p)) return -1;
    *p = r->p;
    *n = (size_t)len;
    r->p += len;
    return 0;
}

static int skip_value(thrift_reader *r, int type, int depth)
{
    int64_t v;
    const unsigned char *p;
    size_t n;
    if (depth > THRIFT_MAX_DEPTH) return -1;
    switch (type) {
    case THRIFT_TRUE:
    case THRIFT_FALSE:
        return 0; /* the value is in the field header */
    case THRIFT_BYTE:
        if (r->p >= r->end) return -1;
        r->p++;
        return 0;
    case THRIFT_I16:
    case THRIFT_I32:
    case THRIFT_I64:
        return thrift_read_i64(r, &v);
    case THRIFT_DOUBLE:
        if (r->end - r->p < 8) return -1;
        r->p += 8;
        return 0;
    case THRIFT_BINARY:
        return thrift_read_binary(r, &p, &n);
    case THRIFT_LIST:
    case THRIFT_SET: {
        int et;
        if (thrift_read_list(r, &et, &n)) return -1;
        for (size_t i = 0; i < n; i++) {
            if (et == THRIFT_TRUE || et == THRIFT_FALSE) { /* booleans in lists take one byte each */
                if (r->p >= r->end) return -1;
                r->p++;
            } else if (skip_value(r, et, depth + 1)) {
                return -1;
            }
        }
        return 0;
    }
    case THRIFT_MAP: {
        uint64_t count;
        if (get_varint(r, (uint64_t *)&count)) return -1;
        if (count == 0) return 0;
        if (r->p >= r->end || count > (uint64_t)(r->end - r->p)) return -1;
        unsigned char kv = *r->p++;
        for (uint64_t i = 0; i < count; i++)
            if (skip_value(r, kv >> 4, depth + 1) || skip_value(r, kv & 0x0F, depth + 1)) return -1;
        return 0;
    }
    case THRIFT_STRUCT: {
        if (thrift_read_struct_begin(r)) return -1;
        for (;;) {
            int t;
            int16_t id;
            if (thrift_read_field(r, &t, &id)) return -1;
            if (t == THRIFT_STOP) break;
            if (skip_value(r, t, depth + 1)) return -1;
        }
        return thrift_read_struct_end(r);
    }
    default:
        return -1;
    }
}

int thrift_skip(thrift_reader *r, int type)
{
    return skip_value(r, type, 0);
}
