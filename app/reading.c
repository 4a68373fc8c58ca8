/* Reading parser (reading.h). A hand-written fast path takes the usual shape,
 * {"timestamp": 1682331404, "sensor-id": 1, "temperature": 21.1}, and falls back to the strict parser,
 * which walks the whole JSON text and applies every rule, on anything else (other key order, escapes,
 * extra fields, exponents, long numbers, any value out of range). Both give the same answer. */
#include "reading.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/rfc3339.h"
#include "json_number.h"
#include "json_scan.h"

const char *reading_reason(reading_status s)
{
    static const char *const names[] = {"ok",       "too_large", "bad_json", "duplicate_key", "missing_field",
                                        "bad_type", "bad_value"};
    return (unsigned)s < sizeof names / sizeof names[0] ? names[s] : "unknown";
}

void reading_parser_free(reading_parser *p)
{
    buf_free(&p->keys);
    buf_free(&p->spans);
    buf_free(&p->string);
}

/* ---- fast path ---------------------------------------------------------------------------------- */

/* Whitespace inside a line (a newline ends the reading). */
#define FAST_WS(p, e)                                                                                        \
    while ((p) < (e) && (*(p) == ' ' || *(p) == '\t' || *(p) == '\r')) (p)++

static inline uint64_t load8(const char *p)
{
    uint64_t v;
    memcpy(&v, p, 8);
    return v;
}

static inline uint32_t load4(const char *p)
{
    uint32_t v;
    memcpy(&v, p, 4);
    return v;
}

/* `"key":` then whitespace; key is 9 or 11 bytes (len = key + 3 = 12 or 14, compared as 8 + 4 or 8 + 8). */
static inline __attribute__((always_inline)) int fast_key(const char **pp, const char *e, const char *lit,
                                                          size_t len)
{
    const char *p = *pp;
    FAST_WS(p, e);
    if ((size_t)(e - p) < len + 1 || load8(p) != load8(lit)) return 0;
    if (len == 12 ? load4(p + 8) != load4(lit + 8) : load8(p + len - 8) != load8(lit + len - 8)) return 0;
    p += len;
    FAST_WS(p, e);
    *pp = p;
    return 1;
}

/* 1 when the 8 bytes of v are all ASCII digits: high nibbles 3, and adding 6 does not leave them. */
static inline int eight_digits(uint64_t v)
{
    return (v & 0xF0F0F0F0F0F0F0F0ull) == 0x3030303030303030ull &&
           ((v + 0x0606060606060606ull) & 0xF0F0F0F0F0F0F0F0ull) == 0x3030303030303030ull;
}

/* The value of 8 ASCII digits loaded little-endian (the first digit in the low byte): pairs of digits
 * are combined in 16-bit lanes, then pairs of pairs in 32-bit lanes, then the two halves. */
static inline uint64_t eight_digits_value(uint64_t v)
{
    v -= 0x3030303030303030ull;
    v = (v * 10 + (v >> 8)) & 0x00FF00FF00FF00FFull;   /* lanes: 10*d0+d1, 10*d2+d3, ... */
    v = (v * 100 + (v >> 16)) & 0x0000FFFF0000FFFFull; /* lanes: d0..d3, d4..d7 */
    return (v & 0xFFFF) * 10000 + (v >> 32);
}

/* An unsigned integer literal of at most max_digits digits, not followed by more of a number. */
static inline __attribute__((always_inline)) int fast_uint(const char **pp, const char *e, int max_digits,
                                                           uint64_t *out)
{
    const char *p = *pp;
    uint64_t v = 0;
    int nd = 0;
    if (e - p >= 8 && eight_digits(load8(p))) { /* timestamps: ten digits */
        v = eight_digits_value(load8(p));
        p += 8, nd = 8;
    }
    while (p < e && (unsigned)(*p - '0') < 10 && nd <= max_digits) v = v * 10 + (uint64_t)(*p++ - '0'), nd++;
    if (nd == 0 || nd > max_digits || (nd > 1 && **pp == '0')) return 0;
    if (p < e && (*p == '.' || *p == 'e' || *p == 'E')) return 0;
    *pp = p;
    *out = v;
    return 1;
}

/* -?int(.frac)? with at most 15 digits: exact by Clinger's fast path (mantissa and 10^k exact doubles). */
static inline __attribute__((always_inline)) int fast_double(const char **pp, const char *e, double *out)
{
    const char *p = *pp;
    int negative = 0;
    if (p < e && *p == '-') negative = 1, p++;
    const char *int_start = p;
    uint64_t m = 0;
    int nd = 0, frac = 0;
    while (p < e && (unsigned)(*p - '0') < 10 && nd < 16) m = m * 10 + (uint64_t)(*p++ - '0'), nd++;
    if (nd == 0 || (nd > 1 && *int_start == '0')) return 0;
    if (p < e && *p == '.') {
        p++;
        while (p < e && (unsigned)(*p - '0') < 10 && nd + frac < 16)
            m = m * 10 + (uint64_t)(*p++ - '0'), frac++;
        if (frac == 0) return 0;
    }
    if (nd + frac > 15 || (p < e && ((unsigned)(*p - '0') < 10 || *p == 'e' || *p == 'E'))) return 0;
    double v = frac ? (double)m / json_pow10_exact[frac] : (double)m;
    *out = negative ? -v : v;
    *pp = p;
    return 1;
}

static inline __attribute__((always_inline)) int fast_sep(const char **pp, const char *e, char sep)
{
    const char *p = *pp;
    FAST_WS(p, e);
    if (p >= e || *p != sep) return 0;
    *pp = p + 1;
    return 1;
}

/* The usual shape, from s up to its line's end (a newline or e): 1 with *out and *line_end set
 * (the newline, or e), or 0 for anything else. */
static int fast_parse(const reading_rules *r, const char *s, const char *e, reading *out,
                      const char **line_end)
{
    const char *p = s;
    uint64_t ts, id;
    double t;
    if (!fast_sep(&p, e, '{') || !fast_key(&p, e, "\"timestamp\":", 12) || !fast_uint(&p, e, 15, &ts) ||
        !fast_sep(&p, e, ',') || !fast_key(&p, e, "\"sensor-id\":", 12) || !fast_uint(&p, e, 18, &id) ||
        !fast_sep(&p, e, ',') || !fast_key(&p, e, "\"temperature\":", 14) || !fast_double(&p, e, &t) ||
        !fast_sep(&p, e, '}'))
        return 0;
    FAST_WS(p, e);
    if ((p < e && *p != '\n') || p - s > READING_MAX_TEXT) return 0;
    int64_t ms = r->time_unit_ms ? (int64_t)ts : (int64_t)ts * 1000;
    if (ms > r->max_time_ms) return 0; /* the strict path reports it */
    out->time_ms = ms;
    out->sensor_id = (int64_t)id;
    out->temperature = t;
    *line_end = p;
    return 1;
}

/* ---- strict path -------------------------------------------------------------------------------- */

enum { FIELD_TIMESTAMP, FIELD_SENSOR, FIELD_TEMPERATURE, FIELDS };
static const char *const field_names[FIELDS] = {"timestamp", "sensor-id", "temperature"};

typedef struct field {
    size_t start, end; /* the value's text; end == 0 when absent */
} field;

static int span_cmp(const void *a, const void *b, void *keys)
{
    const size_t *x = a, *y = b;
    const char *k = keys;
    size_t n = x[1] < y[1] ? x[1] : y[1];
    int c = memcmp(k + x[0], k + y[0], n);
    return c ? c : (x[1] > y[1]) - (x[1] < y[1]);
}

static int has_duplicate_key(reading_parser *p)
{
    size_t count = p->spans.len / (2 * sizeof(size_t));
    size_t *spans = (size_t *)(void *)p->spans.data;
    if (count < 2) return 0;
    qsort_r(spans, count, 2 * sizeof(size_t), span_cmp, p->keys.data);
    for (size_t i = 1; i < count; i++)
        if (span_cmp(spans + 2 * (i - 1), spans + 2 * i, p->keys.data) == 0) return 1;
    return 0;
}

/* Walks the object; fills fields[] with the first occurrence of each known key. */
static reading_status scan_object(reading_parser *p, json_cursor *c, field *fields)
{
    buf_reset(&p->keys);
    buf_reset(&p->spans);
    json_skip_ws(c);
    if (c->at >= c->n || c->text[c->at] != '{') {
        return READING_BAD_JSON; /* not JSON, or JSON that is not an object */
    }
    c->at++;
    json_skip_ws(c);
    if (c->at < c->n && c->text[c->at] == '}') {
        c->at++;
        return READING_OK;
    }
    for (;;) {
        json_skip_ws(c);
        size_t key_start = p->keys.len;
        if (json_scan_string(c, &p->keys)) return READING_BAD_JSON;
        size_t span[2] = {key_start, p->keys.len - key_start};
        buf_add(&p->spans, span, sizeof span);
        json_skip_ws(c);
        if (c->at >= c->n || c->text[c->at] != ':') return READING_BAD_JSON;
        c->at++;
        json_skip_ws(c);
        size_t value_start = c->at;
        if (json_skip_value(c)) return READING_BAD_JSON;
        for (int f = 0; f < FIELDS; f++) {
            size_t len = strlen(field_names[f]);
            if (span[1] == len && memcmp(p->keys.data + key_start, field_names[f], len) == 0 &&
                !fields[f].end) {
                fields[f].start = value_start;
                fields[f].end = c->at;
            }
        }
        json_skip_ws(c);
        if (c->at >= c->n) return READING_BAD_JSON;
        char ch = c->text[c->at++];
        if (ch == '}') return READING_OK;
        if (ch != ',') return READING_BAD_JSON;
    }
}

static int is_number_start(char ch)
{
    return ch == '-' || (ch >= '0' && ch <= '9');
}

static reading_status strict_parse(reading_parser *p, const char *s, size_t n, reading *out)
{
    json_cursor c = {s, n, 0};
    field fields[FIELDS] = {{0, 0}, {0, 0}, {0, 0}};
    reading_status st = scan_object(p, &c, fields);
    if (st == READING_OK) {
        json_skip_ws(&c);
        if (c.at != n) st = READING_BAD_JSON;
    }
    if (st != READING_OK) return st;
    if (has_duplicate_key(p)) return READING_DUPLICATE_KEY;
    for (int f = 0; f < FIELDS; f++)
        if (!fields[f].end) return READING_MISSING_FIELD;

    /* types */
    const field *ts = &fields[FIELD_TIMESTAMP], *id = &fields[FIELD_SENSOR], *t = &fields[FIELD_TEMPERATURE];
    int is_integer;
    json_cursor num;
    int64_t sec = 0;
    int32_t nsec = 0;
    int ts_is_string = s[ts->start] == '"';
    if (ts_is_string) {
        json_cursor str = {s, n, ts->start};
        buf_reset(&p->string);
        if (json_scan_string(&str, &p->string) || rfc3339_parse(p->string.data, p->string.len, &sec, &nsec))
            return READING_BAD_TYPE;
    } else if (!is_number_start(s[ts->start])) {
        return READING_BAD_TYPE;
    }
    num = (json_cursor){s, n, id->start};
    if (!is_number_start(s[id->start]) || json_scan_number(&num, &is_integer) || !is_integer)
        return READING_BAD_TYPE;
    if (!is_number_start(s[t->start])) return READING_BAD_TYPE;

    /* values */
    int64_t ms;
    if (ts_is_string)
        ms = sec * 1000 + nsec / 1000000;
    else if (json_number_floor_scaled(s + ts->start, ts->end - ts->start, p->rules.time_unit_ms ? 1 : 1000,
                                      &ms))
        return READING_BAD_VALUE;
    if (ms > p->rules.max_time_ms || ms < READING_MIN_TIME_MS) return READING_BAD_VALUE;
    if (json_number_uint63(s + id->start, id->end - id->start, &out->sensor_id)) return READING_BAD_VALUE;
    out->temperature = json_number_double(s + t->start, t->end - t->start);
    if (!isfinite(out->temperature)) return READING_BAD_VALUE;
    out->time_ms = ms;
    return READING_OK;
}

reading_status reading_parse(reading_parser *p, const char *text, size_t n, reading *out)
{
    const char *end;
    if (n > READING_MAX_TEXT) return READING_TOO_LARGE;
    if (fast_parse(&p->rules, text, text + n, out, &end) && end == text + n) return READING_OK;
    return strict_parse(p, text, n, out);
}

int reading_parse_line(reading_parser *p, const char *s, const char *e, reading *out, const char **line_end)
{
    return fast_parse(&p->rules, s, e, out, line_end);
}
