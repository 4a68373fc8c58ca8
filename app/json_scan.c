/* Strict JSON scanning (json_scan.h): the grammar of RFC 8259 section 2-7 with UTF-8 validation
 * (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF). Nothing is built: values are
 * checked and skipped, strings are unescaped only when the caller wants the bytes (keys). */
#include "json_scan.h"

#include <stdlib.h>
#include <string.h>

void json_skip_ws(json_cursor *c)
{
    while (c->at < c->n) {
        char ch = c->text[c->at];
        if (ch != ' ' && ch != '\t' && ch != '\n' && ch != '\r') break;
        c->at++;
    }
}

size_t json_utf8_len(const unsigned char *s, size_t n)
{
    unsigned char b = s[0];
    if (b < 0x80) return 1;
    size_t len;
    unsigned char lo = 0x80, hi = 0xBF; /* the allowed range of the second byte */
    if (b >= 0xC2 && b <= 0xDF)
        len = 2;
    else if (b == 0xE0)
        len = 3, lo = 0xA0;
    else if (b == 0xED)
        len = 3, hi = 0x9F;
    else if (b >= 0xE1 && b <= 0xEF)
        len = 3;
    else if (b == 0xF0)
        len = 4, lo = 0x90;
    else if (b >= 0xF1 && b <= 0xF3)
        len = 4;
    else if (b == 0xF4)
        len = 4, hi = 0x8F;
    else
        return 0;
    if (n < len || s[1] < lo || s[1] > hi) return 0;
    for (size_t i = 2; i < len; i++)
        if (s[i] < 0x80 || s[i] > 0xBF) return 0;
    return len;
}

static int hex4(const char *s, unsigned *out)
{
    unsigned v = 0;
    for (int i = 0; i < 4; i++) {
        char ch = s[i];
        v <<= 4;
        if (ch >= '0' && ch <= '9')
            v |= (unsigned)(ch - '0');
        else if (ch >= 'a' && ch <= 'f')
            v |= (unsigned)(ch - 'a' + 10);
        else if (ch >= 'A' && ch <= 'F')
            v |= (unsigned)(ch - 'A' + 10);
        else
            return -1;
    }
    *out = v;
    return 0;
}

static void put_code_point(buf *out, unsigned cp)
{
    char b[4];
    size_t n;
    if (cp < 0x80)
        b[0] = (char)cp, n = 1;
    else if (cp < 0x800)
        b[0] = (char)(0xC0 | cp >> 6), b[1] = (char)(0x80 | (cp & 0x3F)), n = 2;
    else if (cp < 0x10000)
        b[0] = (char)(0xE0 | cp >> 12), b[1] = (char)(0x80 | ((cp >> 6) & 0x3F)),
        b[2] = (char)(0x80 | (cp & 0x3F)), n = 3;
    else
        b[0] = (char)(0xF0 | cp >> 18), b[1] = (char)(0x80 | ((cp >> 12) & 0x3F)),
        b[2] = (char)(0x80 | ((cp >> 6) & 0x3F)), b[3] = (char)(0x80 | (cp & 0x3F)), n = 4;
    buf_add(out, b, n);
}

/* An escape after the backslash at c->at; appends what it stands for. */
static int scan_escape(json_cursor *c, buf *out)
{
    if (c->at + 1 >= c->n) return -1;
    char e = c->text[c->at + 1];
    static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
    const char *k = e ? strchr(from, e) : NULL;
    if (k) {
        if (out) buf_addc(out, to[k - from]);
        c->at += 2;
        return 0;
    }
    unsigned cp, lo;
    if (e != 'u' || c->at + 6 > c->n || hex4(c->text + c->at + 2, &cp)) return -1;
    c->at += 6;
    if (cp >= 0xD800 && cp <= 0xDBFF && c->at + 6 <= c->n && c->text[c->at] == '\\' &&
        c->text[c->at + 1] == 'u' && hex4(c->text + c->at + 2, &lo) == 0 && lo >= 0xDC00 && lo <= 0xDFFF) {
        cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
        c->at += 6;
    }
    if (out) put_code_point(out, cp);
    return 0;
}

int json_scan_string(json_cursor *c, buf *out)
{
    if (c->at >= c->n || c->text[c->at] != '"') return -1;
    c->at++;
    for (;;) {
        size_t start = c->at;
        while (c->at < c->n) { /* the plain ASCII run, copied in one go */
            unsigned char ch = (unsigned char)c->text[c->at];
            if (ch == '"' || ch == '\\' || ch < 0x20 || ch >= 0x80) break;
            c->at++;
        }
        if (out && c->at > start) buf_add(out, c->text + start, c->at - start);
        if (c->at >= c->n) return -1;
        unsigned char ch = (unsigned char)c->text[c->at];
        if (ch == '"') {
            c->at++;
            return 0;
        }
        if (ch == '\\') {
            if (scan_escape(c, out)) return -1;
        } else if (ch < 0x20) {
            return -1;
        } else {
            size_t len = json_utf8_len((const unsigned char *)c->text + c->at, c->n - c->at);
            if (!len) return -1;
            if (out) buf_add(out, c->text + c->at, len);
            c->at += len;
        }
    }
}

static size_t scan_digits(json_cursor *c)
{
    size_t start = c->at;
    while (c->at < c->n && c->text[c->at] >= '0' && c->text[c->at] <= '9') c->at++;
    return c->at - start;
}

int json_scan_number(json_cursor *c, int *is_integer)
{
    *is_integer = 1;
    if (c->at < c->n && c->text[c->at] == '-') c->at++;
    if (c->at < c->n && c->text[c->at] == '0')
        c->at++;
    else if (scan_digits(c) == 0)
        return -1;
    if (c->at < c->n && c->text[c->at] == '.') {
        c->at++;
        *is_integer = 0;
        if (scan_digits(c) == 0) return -1;
    }
    if (c->at < c->n && (c->text[c->at] == 'e' || c->text[c->at] == 'E')) {
        c->at++;
        *is_integer = 0;
        if (c->at < c->n && (c->text[c->at] == '+' || c->text[c->at] == '-')) c->at++;
        if (scan_digits(c) == 0) return -1;
    }
    return 0;
}

static int scan_literal(json_cursor *c)
{
    static const char *const words[] = {"true", "false", "null"};
    for (size_t i = 0; i < 3; i++) {
        size_t len = strlen(words[i]);
        if (c->n - c->at >= len && memcmp(c->text + c->at, words[i], len) == 0) {
            c->at += len;
            return 0;
        }
    }
    return -1;
}

/* The nesting stack is one bit per level (1 = object), so the depth is bounded only by the text. */
typedef struct nest {
    unsigned char local[512];
    unsigned char *bits;
    size_t depth, cap_bits;
} nest;

static void nest_push(nest *s, int is_object)
{
    if (s->depth == s->cap_bits) {
        size_t bytes = s->cap_bits / 8;
        unsigned char *grown = malloc(bytes * 2);
        if (!grown) abort();
        memcpy(grown, s->bits, bytes);
        if (s->bits != s->local) free(s->bits);
        s->bits = grown;
        s->cap_bits *= 2;
    }
    size_t d = s->depth++;
    if (is_object)
        s->bits[d / 8] |= (unsigned char)(1u << (d % 8));
    else
        s->bits[d / 8] &= (unsigned char)~(1u << (d % 8));
}

static int nest_top_is_object(const nest *s)
{
    size_t d = s->depth - 1;
    return s->bits[d / 8] >> (d % 8) & 1;
}

/* Skips one value; containers are walked with the explicit stack instead of recursion. */
static int skip_value(json_cursor *c, nest *s)
{
    size_t base = s->depth;
    for (;;) {
        /* here a value is expected */
        json_skip_ws(c);
        if (c->at >= c->n) return -1;
        char ch = c->text[c->at];
        int dummy;
        if (ch == '{' || ch == '[') {
            c->at++;
            nest_push(s, ch == '{');
            json_skip_ws(c);
            if (c->at < c->n && c->text[c->at] == (ch == '{' ? '}' : ']')) {
                c->at++;
                s->depth--;
            } else {
                if (ch == '{') {
                    if (json_scan_string(c, NULL)) return -1;
                    json_skip_ws(c);
                    if (c->at >= c->n || c->text[c->at] != ':') return -1;
                    c->at++;
                }
                continue;
            }
        } else if (ch == '"') {
            if (json_scan_string(c, NULL)) return -1;
        } else if (ch == '-' || (ch >= '0' && ch <= '9')) {
            if (json_scan_number(c, &dummy)) return -1;
        } else if (scan_literal(c)) {
            return -1;
        }
        /* a value ended: close containers or move to the next member */
        for (;;) {
            if (s->depth == base) return 0;
            json_skip_ws(c);
            if (c->at >= c->n) return -1;
            int obj = nest_top_is_object(s);
            ch = c->text[c->at++];
            if (ch == (obj ? '}' : ']')) {
                s->depth--;
                continue;
            }
            if (ch != ',') return -1;
            if (obj) {
                json_skip_ws(c);
                if (json_scan_string(c, NULL)) return -1;
                json_skip_ws(c);
                if (c->at >= c->n || c->text[c->at] != ':') return -1;
                c->at++;
            }
            break;
        }
    }
}

int json_skip_value(json_cursor *c)
{
    nest s;
    s.bits = s.local;
    s.depth = 0;
    s.cap_bits = sizeof s.local * 8;
    int rc = skip_value(c, &s);
    if (s.bits != s.local) free(s.bits);
    return rc;
}
