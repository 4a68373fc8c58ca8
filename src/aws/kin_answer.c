/* kin_answer_read() (kin_answer.h): a recursive-descent reader of the GetRecords answer over the raw
 * bytes. Strings without escapes (nearly all of them: base64, digits, iterators) are used in place;
 * only strings with a backslash are unescaped, into a scratch buffer. */
#include "aws/kin_answer.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "aws/digest.h"

enum { MAX_DEPTH = 32, MAX_NUMBER = 64 }; /* 32: json-c's own limit, so the two readers agree */

/* The reader's position; err is set once, at the first fault, and every step stops there. */
typedef struct reader {
    const char *start, *p, *end;
    aws_error *err;
    buf scratch; /* the unescaped text of the last string that had a backslash */
} reader;

/* A string as it stands in the text, between its quotes; escaped when it holds a backslash. */
typedef struct span {
    const char *s;
    size_t n;
    int escaped;
} span;

static int fail(reader *r, const char *what)
{
    if (!r->err)
        r->err = aws_error_new("kinesis", "MalformedResponse", "GetRecords answer, byte %zu: %s",
                               (size_t)(r->p - r->start), what);
    return -1;
}

static void skip_space(reader *r)
{
    while (r->p < r->end && (*r->p == ' ' || *r->p == '\t' || *r->p == '\n' || *r->p == '\r')) r->p++;
}

/* Skips blanks and takes c; -1 (with the error) when the next byte is another. */
static int take(reader *r, char c, const char *what)
{
    skip_space(r);
    if (r->p < r->end && *r->p == c) {
        r->p++;
        return 0;
    }
    return fail(r, what);
}

/* 1 and the byte taken when the next non-blank is c, else 0 and nothing taken. */
static int peek_take(reader *r, char c)
{
    skip_space(r);
    if (r->p < r->end && *r->p == c) {
        r->p++;
        return 1;
    }
    return 0;
}

static int hex4(const char *s, unsigned *v)
{
    *v = 0;
    for (int i = 0; i < 4; i++) {
        char c = s[i];
        unsigned d = c >= '0' && c <= '9'   ? (unsigned)(c - '0')
                     : c >= 'a' && c <= 'f' ? (unsigned)(c - 'a' + 10)
                     : c >= 'A' && c <= 'F' ? (unsigned)(c - 'A' + 10)
                                            : 16u;
        if (d == 16) return -1;
        *v = *v << 4 | d;
    }
    return 0;
}

/* The first byte from p that is a quote, a backslash or a control character (or end): eight bytes at a
 * time while none of them is (the classic "has a zero byte" test on each of the three). */
static const char *plain_end(const char *p, const char *end)
{
    const uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
    while (end - p >= 8) {
        uint64_t w;
        memcpy(&w, p, 8);
        uint64_t quote = w ^ (ones * '"'), slash = w ^ (ones * '\\');
        uint64_t found = ((quote - ones) & ~quote) | ((slash - ones) & ~slash) | ((w - ones * 0x20) & ~w);
        if (found & highs) break;
        p += 8;
    }
    while (p < end && *p != '"' && *p != '\\' && (unsigned char)*p >= 0x20) p++;
    return p;
}

/* Reads a string (the opening quote next) into *sp without copying: checks the escapes and that no
 * control character stands raw. */
static int read_span(reader *r, span *sp)
{
    if (take(r, '"', "expected a string")) return -1;
    sp->s = r->p;
    sp->escaped = 0;
    const char *p = r->p;
    for (;;) {
        p = plain_end(p, r->end);
        if (p >= r->end) {
            r->p = p;
            return fail(r, "the answer ends inside a string");
        }
        if (*p == '"') break;
        if (*p != '\\') {
            r->p = p;
            return fail(r, "a control character inside a string");
        }
        sp->escaped = 1;
        unsigned u;
        if (p + 1 < r->end && p[1] && strchr("\"\\/bfnrt", p[1]))
            p += 2;
        else if (p + 5 < r->end && p[1] == 'u' && hex4(p + 2, &u) == 0)
            p += 6;
        else {
            r->p = p;
            return fail(r, "a bad escape inside a string");
        }
    }
    sp->n = (size_t)(p - sp->s);
    r->p = p + 1;
    return 0;
}

static void add_utf8(buf *b, unsigned c)
{
    char o[4];
    size_t n;
    if (c < 0x80) {
        o[0] = (char)c;
        n = 1;
    } else if (c < 0x800) {
        o[0] = (char)(0xc0 | c >> 6);
        o[1] = (char)(0x80 | (c & 0x3f));
        n = 2;
    } else if (c < 0x10000) {
        o[0] = (char)(0xe0 | c >> 12);
        o[1] = (char)(0x80 | (c >> 6 & 0x3f));
        o[2] = (char)(0x80 | (c & 0x3f));
        n = 3;
    } else {
        o[0] = (char)(0xf0 | c >> 18);
        o[1] = (char)(0x80 | (c >> 12 & 0x3f));
        o[2] = (char)(0x80 | (c >> 6 & 0x3f));
        o[3] = (char)(0x80 | (c & 0x3f));
        n = 4;
    }
    buf_add(b, o, n);
}

/* The text of sp: in place when it has no escape, else unescaped into r->scratch (read_span has
 * checked every escape's form; here UTF-16 surrogates must pair). */
static int span_text(reader *r, const span *sp, const char **s, size_t *n)
{
    if (!sp->escaped) {
        *s = sp->s;
        *n = sp->n;
        return 0;
    }
    buf *b = &r->scratch;
    buf_reset(b);
    buf_reserve(b, sp->n);
    const char *p = sp->s, *end = sp->s + sp->n;
    while (p < end) {
        const char *q = memchr(p, '\\', (size_t)(end - p));
        if (!q) q = end;
        buf_add(b, p, (size_t)(q - p));
        if (q == end) break;
        char c = q[1];
        p = q + 2;
        if (c != 'u') {
            static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
            buf_addc(b, to[strchr(from, c) - from]);
            continue;
        }
        unsigned u, lo;
        hex4(p, &u);
        p += 4;
        if (u >= 0xdc00 && u <= 0xdfff) return fail(r, "a lone UTF-16 low surrogate in a string");
        if (u >= 0xd800 && u <= 0xdbff) {
            if (end - p < 6 || p[0] != '\\' || p[1] != 'u' || hex4(p + 2, &lo) || lo < 0xdc00 || lo > 0xdfff)
                return fail(r, "a lone UTF-16 high surrogate in a string");
            u = 0x10000 + ((u - 0xd800) << 10) + (lo - 0xdc00);
            p += 6;
        }
        add_utf8(b, u);
    }
    *s = b->data ? b->data : "";
    *n = b->len;
    return 0;
}

/* A number's text (into text unless NULL), checked against the JSON grammar; *integral when it has no
 * fraction or exponent. */
static int read_number(reader *r, char text[MAX_NUMBER + 1], int *integral)
{
    skip_space(r);
    const char *p = r->p, *e = r->end;
    if (p < e && *p == '-') p++;
    if (p < e && *p == '0')
        p++;
    else if (p < e && *p >= '1' && *p <= '9')
        while (p < e && *p >= '0' && *p <= '9') p++;
    else
        return fail(r, "expected a number");
    *integral = 1;
    if (p < e && *p == '.') {
        *integral = 0;
        if (++p >= e || *p < '0' || *p > '9') return fail(r, "a number with no digit after its point");
        while (p < e && *p >= '0' && *p <= '9') p++;
    }
    if (p < e && (*p == 'e' || *p == 'E')) {
        *integral = 0;
        p++;
        if (p < e && (*p == '+' || *p == '-')) p++;
        if (p >= e || *p < '0' || *p > '9') return fail(r, "a number with no digit in its exponent");
        while (p < e && *p >= '0' && *p <= '9') p++;
    }
    size_t n = (size_t)(p - r->p);
    if (text) { /* a number to be used; one only skipped may be of any length */
        if (n > MAX_NUMBER) return fail(r, "a number longer than 64 characters");
        memcpy(text, r->p, n);
        text[n] = '\0';
    }
    r->p = p;
    return 0;
}

static int skip_value(reader *r, int depth);

/* Reads "{" or "[" ... up to its closing byte; member(r, key, ctx) reads each member's value (objects)
 * or item (arrays, key NULL). */
typedef int (*member_fn)(reader *r, const char *key, void *ctx);

static int read_container(reader *r, char open, member_fn member, void *ctx)
{
    char close = open == '{' ? '}' : ']';
    if (take(r, open, open == '{' ? "expected an object" : "expected an array")) return -1;
    if (peek_take(r, close)) return 0;
    do {
        if (open == '{') {
            span k;
            const char *key;
            size_t key_len;
            if (read_span(r, &k) || span_text(r, &k, &key, &key_len) || take(r, ':', "expected ':'"))
                return -1;
            /* a copy, as the scratch buffer serves the value's strings too; the members known are
             * shorter than name, a longer key is one not known and reads as "" */
            char name[32] = "";
            if (key_len < sizeof name && !memchr(key, '\0', key_len))
                memcpy(name, key, key_len), name[key_len] = '\0';
            if (member(r, name, ctx)) return -1;
        } else if (member(r, NULL, ctx)) {
            return -1;
        }
    } while (peek_take(r, ','));
    return take(r, close, open == '{' ? "expected ',' or '}'" : "expected ',' or ']'");
}

static int skip_member(reader *r, const char *key, void *ctx)
{
    (void)key;
    return skip_value(r, *(int *)ctx);
}

static int skip_value(reader *r, int depth)
{
    skip_space(r);
    if (r->p >= r->end) return fail(r, "the answer ends where a value should be");
    char c = *r->p;
    if (c == '{' || c == '[') {
        if (depth >= MAX_DEPTH) return fail(r, "nested deeper than 32");
        int inner = depth + 1;
        return read_container(r, c, skip_member, &inner);
    }
    if (c == '"') {
        span s;
        if (read_span(r, &s)) return -1;
        const char *t;
        size_t n;
        return s.escaped ? span_text(r, &s, &t, &n) : 0;
    }
    static const char *const words[] = {"true", "false", "null"};
    for (size_t i = 0; i < 3; i++) {
        size_t n = strlen(words[i]);
        if ((size_t)(r->end - r->p) >= n && memcmp(r->p, words[i], n) == 0) {
            r->p += n;
            return 0;
        }
    }
    int integral;
    return read_number(r, NULL, &integral);
}

/* Which members were met, so that a second one is refused. */
enum { SEEN_DATA = 1, SEEN_SEQ = 2, SEEN_KEY = 4, SEEN_ARRIVAL = 8, SEEN_ENC = 16 };
enum { SEEN_RECORDS = 1, SEEN_NEXT = 2, SEEN_BEHIND = 4, SEEN_CHILDREN = 8 };

static int once(reader *r, unsigned *seen, unsigned bit, const char *key)
{
    if (*seen & bit) {
        char what[80];
        snprintf(what, sizeof what, "%s given twice", key);
        return fail(r, what);
    }
    *seen |= bit;
    return 0;
}

/* The number value of a member (its text, see read_number). */
static int read_number_member(reader *r, const char *key, char text[MAX_NUMBER + 1], int *integral)
{
    skip_space(r);
    if (r->p >= r->end || (*r->p != '-' && (*r->p < '0' || *r->p > '9'))) {
        char what[80];
        snprintf(what, sizeof what, "%s is not a number", key);
        return fail(r, what);
    }
    return read_number(r, text, integral);
}

/* The string value of a member, as text (in place or in the scratch buffer). */
static int read_text(reader *r, const char *key, const char **s, size_t *n)
{
    skip_space(r);
    if (r->p >= r->end || *r->p != '"') {
        char what[80];
        snprintf(what, sizeof what, "%s is not a string", key);
        return fail(r, what);
    }
    span sp;
    return read_span(r, &sp) || span_text(r, &sp, s, n);
}

/* What the members of one object are read into: the answer, and the record when it is one. */
typedef struct object_ctx {
    kin_get_result *out;
    kin_got_record *g;
    unsigned seen; /* SEEN_ bits */
} object_ctx;

static int record_member(reader *r, const char *key, void *ctx)
{
    object_ctx *rc = ctx;
    kin_got_record *g = rc->g;
    const char *s;
    size_t n;
    if (strcmp(key, "Data") == 0) {
        if (once(r, &rc->seen, SEEN_DATA, key)) return -1;
        buf *d = &rc->out->data;
        size_t before = d->len;
        skip_space(r);
        if (r->p < r->end && *r->p == '"') { /* the usual case: decode as the string is scanned */
            const char *from = r->p + 1, *tail = from + base64_decode_run(d, from, (size_t)(r->end - from));
            const char *close = plain_end(tail, r->end);
            if (close - tail <= 4 && close < r->end && *close == '"' &&
                base64_decode(d, tail, (size_t)(close - tail)) == 0) {
                r->p = close + 1;
                g->len = d->len - before;
                buf_addc(d, '\0');
                return 0;
            }
            d->len = before; /* escapes, or not base64: the whole string again, the careful way */
            d->data[before] = '\0';
        }
        if (read_text(r, key, &s, &n)) return -1;
        if (base64_decode(d, s, n) != 0) return fail(r, "a record's Data is not base64");
        g->len = d->len - before;
        buf_addc(d, '\0');
        return 0;
    }
    if (strcmp(key, "SequenceNumber") == 0) {
        if (once(r, &rc->seen, SEEN_SEQ, key) || read_text(r, key, &s, &n)) return -1;
        if (n == 0 || n >= sizeof g->sequence_number || strspn(s, "0123456789") < n)
            return fail(r, "a SequenceNumber is not 1 to 127 digits");
        memcpy(g->sequence_number, s, n);
        g->sequence_number[n] = '\0';
        return 0;
    }
    if (strcmp(key, "PartitionKey") == 0) {
        if (once(r, &rc->seen, SEEN_KEY, key) || read_text(r, key, &s, &n)) return -1;
        if (n >= sizeof g->partition_key) { /* cut before a UTF-8 continuation byte, never inside one */
            n = sizeof g->partition_key - 1;
            while (n && ((unsigned char)s[n] & 0xc0) == 0x80) n--;
        }
        memcpy(g->partition_key, s, n);
        g->partition_key[n] = '\0';
        return 0;
    }
    if (strcmp(key, "ApproximateArrivalTimestamp") == 0) {
        char num[MAX_NUMBER + 1];
        int integral;
        if (once(r, &rc->seen, SEEN_ARRIVAL, key) || read_number_member(r, key, num, &integral)) return -1;
        g->arrival = strtod(num, NULL);
        return 0;
    }
    if (strcmp(key, "EncryptionType") == 0) {
        if (once(r, &rc->seen, SEEN_ENC, key)) return -1;
        return read_text(r, key, &s, &n);
    }
    return skip_value(r, 3);
}

typedef struct records_ctx {
    kin_get_result *out;
    size_t cap; /* of out->v */
} records_ctx;

static int records_item(reader *r, const char *key, void *ctx)
{
    records_ctx *rs = ctx;
    kin_get_result *out = rs->out;
    (void)key;
    if (out->n == rs->cap) {
        rs->cap = rs->cap ? rs->cap * 2 : 16;
        kin_got_record *v = realloc(out->v, rs->cap * sizeof *v);
        if (!v) abort();
        out->v = v;
    }
    object_ctx rc = {out, &out->v[out->n], 0};
    memset(rc.g, 0, sizeof *rc.g);
    skip_space(r);
    if (r->p >= r->end || *r->p != '{') return fail(r, "a record is not an object");
    if (read_container(r, '{', record_member, &rc)) return -1;
    if (!(rc.seen & SEEN_DATA)) return fail(r, "a record has no Data");
    if (!(rc.seen & SEEN_SEQ)) return fail(r, "a record has no SequenceNumber");
    out->n++;
    return 0;
}

static int answer_member(reader *r, const char *key, void *ctx)
{
    object_ctx *ac = ctx;
    kin_get_result *out = ac->out;
    if (strcmp(key, "Records") == 0) {
        if (once(r, &ac->seen, SEEN_RECORDS, key)) return -1;
        skip_space(r);
        if (r->p >= r->end || *r->p != '[') return fail(r, "Records is not an array");
        records_ctx rs = {out, 0};
        return read_container(r, '[', records_item, &rs);
    }
    if (strcmp(key, "NextShardIterator") == 0) {
        if (once(r, &ac->seen, SEEN_NEXT, key)) return -1;
        skip_space(r);
        if ((size_t)(r->end - r->p) >= 4 && memcmp(r->p, "null", 4) == 0) {
            r->p += 4;
            return 0;
        }
        const char *s;
        size_t n;
        if (read_text(r, key, &s, &n)) return -1;
        out->next_iterator = strndup(s, n);
        if (!out->next_iterator) abort();
        return 0;
    }
    if (strcmp(key, "MillisBehindLatest") == 0) {
        char num[MAX_NUMBER + 1];
        int integral;
        if (once(r, &ac->seen, SEEN_BEHIND, key) || read_number_member(r, key, num, &integral)) return -1;
        errno = 0;
        long long v = strtoll(num, NULL, 10);
        if (!integral || errno == ERANGE) return fail(r, "MillisBehindLatest is not a 64-bit integer");
        out->millis_behind = v;
        return 0;
    }
    if (strcmp(key, "ChildShards") == 0) {
        if (once(r, &ac->seen, SEEN_CHILDREN, key)) return -1;
        skip_space(r);
        if (r->p >= r->end || *r->p != '[') return fail(r, "ChildShards is not an array");
    }
    return skip_value(r, 1);
}

void kin_answer_link(kin_get_result *out)
{
    const char *p = out->data.data ? out->data.data : "";
    for (size_t i = 0; i < out->n; i++) {
        out->v[i].data = p;
        p += out->v[i].len + 1;
    }
}

aws_error *kin_answer_read(const char *json, size_t len, kin_get_result *out)
{
    memset(out, 0, sizeof *out);
    reader r = {json, json, json + len, NULL, {0}};
    /* base64 is 4 bytes for 3: the data never needs more than three quarters of the answer */
    buf_reserve(&out->data, len / 4 * 3 + 16);
    object_ctx ac = {out, NULL, 0};
    skip_space(&r);
    if (r.p >= r.end || *r.p != '{') fail(&r, "the answer is not a JSON object");
    if (!r.err && read_container(&r, '{', answer_member, &ac) == 0) {
        skip_space(&r);
        if (r.p < r.end)
            fail(&r, "bytes after the answer's object");
        else if (!(ac.seen & SEEN_RECORDS))
            fail(&r, "no Records");
    }
    buf_free(&r.scratch);
    if (r.err) {
        kin_get_result_free(out);
        return r.err;
    }
    if (!out->v) {
        out->v = calloc(1, sizeof *out->v);
        if (!out->v) abort();
    }
    kin_answer_link(out);
    return NULL;
}
