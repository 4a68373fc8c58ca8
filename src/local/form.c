/* The form-encoded body of a Query-protocol request (what botocore and the AWS CLI send to
 * CloudFormation): decoding, lookup by name, and the `.member.N` lists. */
#include "local/form.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static int hexval(int c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* Decodes s[0..n) into a new string; NULL on a bad escape. */
static char *decode(const char *s, size_t n)
{
    char *out = malloc(n + 1), *o = out;
    if (!out) abort();
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '+') {
            *o++ = ' ';
        } else if (s[i] == '%') {
            int hi = i + 1 < n ? hexval((unsigned char)s[i + 1]) : -1;
            int lo = i + 2 < n ? hexval((unsigned char)s[i + 2]) : -1;
            if (hi < 0 || lo < 0) {
                free(out);
                return NULL;
            }
            *o++ = (char)(hi * 16 + lo);
            i += 2;
        } else {
            *o++ = s[i];
        }
    }
    *o = '\0';
    return out;
}

static void add(struct form *q, char *name, char *value)
{
    if (q->n == q->cap) {
        q->cap = q->cap ? q->cap * 2 : 16;
        q->names = realloc(q->names, q->cap * sizeof *q->names);
        q->values = realloc(q->values, q->cap * sizeof *q->values);
        if (!q->names || !q->values) abort();
    }
    q->names[q->n] = name;
    q->values[q->n] = value;
    q->n++;
}

int form_parse(struct form *q, const char *body, size_t len)
{
    size_t i = 0;
    while (i < len) {
        size_t end = i;
        while (end < len && body[end] != '&') end++;
        if (end > i) {
            size_t eq = i;
            while (eq < end && body[eq] != '=') eq++;
            char *name = decode(body + i, eq - i);
            char *value = eq < end ? decode(body + eq + 1, end - eq - 1) : decode("", 0);
            if (!name || !value) {
                free(name);
                free(value);
                return -1;
            }
            add(q, name, value);
        }
        i = end + 1;
    }
    return 0;
}

const char *form_get(const struct form *q, const char *name)
{
    for (size_t i = q->n; i-- > 0;)
        if (strcmp(q->names[i], name) == 0) return q->values[i];
    return NULL;
}

const char *form_getf(const struct form *q, const char *fmt, ...)
{
    char name[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(name, sizeof name, fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= sizeof name) return NULL;
    return form_get(q, name);
}

int form_bool(const struct form *q, const char *name)
{
    const char *v = form_get(q, name);
    return v && strcasecmp(v, "true") == 0;
}

/* Whether some name is "<prefix>.member.<i>" or starts with "<prefix>.member.<i>.". */
static int has_member(const struct form *q, const char *prefix, size_t i)
{
    char head[512];
    int n = snprintf(head, sizeof head, "%s.member.%zu", prefix, i);
    if (n < 0 || (size_t)n >= sizeof head) return 0;
    for (size_t k = 0; k < q->n; k++)
        if (strncmp(q->names[k], head, (size_t)n) == 0 && (q->names[k][n] == '\0' || q->names[k][n] == '.'))
            return 1;
    return 0;
}

size_t form_members(const struct form *q, const char *prefix)
{
    size_t i = 0;
    while (i < q->n && has_member(q, prefix, i + 1)) i++;
    return i;
}

void form_free(struct form *q)
{
    for (size_t i = 0; i < q->n; i++) {
        free(q->names[i]);
        free(q->values[i]);
    }
    free(q->names);
    free(q->values);
    *q = (struct form){0};
}
