/* SigV4 header signing (sigv4.h): canonical request (method, URI, sorted re-encoded query, trimmed and
 * lowercased headers, payload hash), string to sign, the derived key chain and the signature. */
#include "aws/sigv4.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "aws/digest.h"
#include "aws/uri.h"
#include "base/rfc3339.h"

void sigv4_amz_date(int64_t t, char out[17])
{
    int64_t days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
    int64_t sod = t - days * 86400, y;
    unsigned m, d;
    civil_from_days(days, &y, &m, &d);
    char tmp[64];
    snprintf(tmp, sizeof tmp, "%04d%02u%02uT%02d%02d%02dZ", (int)(y % 10000), m % 100, d % 100,
             (int)(sod / 3600), (int)(sod / 60 % 60), (int)(sod % 60));
    memcpy(out, tmp, 16);
    out[16] = '\0';
}

/* RFC 3986 section 5.2.4 dot-segment removal, also dropping empty segments (AWS wants "//" gone). */
static void normalize_path(buf *out, const char *path)
{
    size_t n = strlen(path);
    const char **segs = calloc(n + 1, sizeof *segs);
    size_t *lens = calloc(n + 1, sizeof *lens);
    if (!segs || !lens) abort();
    size_t k = 0;
    for (const char *p = path; *p;) {
        const char *slash = strchr(p, '/');
        size_t len = slash ? (size_t)(slash - p) : strlen(p);
        if (len == 2 && p[0] == '.' && p[1] == '.') {
            if (k) k--;
        } else if (len && !(len == 1 && p[0] == '.')) {
            segs[k] = p;
            lens[k++] = len;
        }
        p += len + (slash ? 1 : 0);
    }
    if (path[0] == '/') buf_addc(out, '/');
    for (size_t i = 0; i < k; i++) {
        if (i) buf_addc(out, '/');
        buf_add(out, segs[i], lens[i]);
    }
    if (n && path[n - 1] == '/' && k) buf_addc(out, '/');
    if (!out->len) buf_addc(out, '/');
    free(segs);
    free(lens);
}

struct pair {
    char *key, *value;
};

static int pair_cmp(const void *a, const void *b)
{
    const struct pair *x = a, *y = b;
    int c = strcmp(x->key, y->key);
    return c ? c : strcmp(x->value, y->value);
}

/* Each key and value decoded and encoded again (so "%7e" and "~" agree), then sorted by key, value. */
static void canonical_query(buf *out, const char *query)
{
    size_t cap = 1;
    for (const char *p = query; *p; p++) cap += *p == '&';
    struct pair *pairs = calloc(cap, sizeof *pairs);
    if (!pairs) abort();
    size_t n = 0;
    for (const char *p = query; *p;) {
        const char *amp = strchr(p, '&');
        size_t len = amp ? (size_t)(amp - p) : strlen(p);
        if (len) {
            const char *eq = memchr(p, '=', len);
            size_t klen = eq ? (size_t)(eq - p) : len;
            buf raw = {0}, enc = {0};
            uri_decode(&raw, p, klen);
            uri_encode(&enc, raw.data ? raw.data : "", raw.len, 0);
            pairs[n].key = buf_detach(&enc);
            buf_reset(&raw);
            if (eq) uri_decode(&raw, eq + 1, len - klen - 1);
            uri_encode(&enc, raw.data ? raw.data : "", raw.len, 0);
            pairs[n].value = buf_detach(&enc);
            buf_free(&raw);
            n++;
        }
        p += len + (amp ? 1 : 0);
    }
    qsort(pairs, n, sizeof *pairs, pair_cmp);
    for (size_t i = 0; i < n; i++) {
        buf_printf(out, "%s%s=%s", i ? "&" : "", pairs[i].key, pairs[i].value);
        free(pairs[i].key);
        free(pairs[i].value);
    }
    free(pairs);
}

static int unsigned_header(const char *name)
{
    return strcasecmp(name, "user-agent") == 0 || strcasecmp(name, "expect") == 0 ||
           strcasecmp(name, "x-amzn-trace-id") == 0 || strcasecmp(name, "authorization") == 0;
}

static int name_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Trimall of the specification: no leading/trailing blanks, inner runs of blanks become one space. */
static void add_trimmed(buf *out, const char *v)
{
    int pending = 0, any = 0;
    for (; *v; v++) {
        if (*v == ' ' || *v == '\t' || *v == '\n' || *v == '\r' || *v == '\v' || *v == '\f') {
            pending = 1;
        } else {
            if (pending && any) buf_addc(out, ' ');
            buf_addc(out, *v);
            pending = 0;
            any = 1;
        }
    }
}

static void canonical_headers(buf *out, buf *signed_headers, const http_headers *h)
{
    char **names = calloc(h->n + 1, sizeof *names);
    if (!names) abort();
    size_t n = 0;
    for (size_t i = 0; i < h->n; i++) {
        if (unsigned_header(h->v[i].name)) continue;
        char *lower = strdup(h->v[i].name);
        if (!lower) abort();
        for (char *p = lower; *p; p++)
            if (*p >= 'A' && *p <= 'Z') *p = (char)(*p - 'A' + 'a');
        size_t j;
        for (j = 0; j < n && strcmp(names[j], lower) != 0; j++) {
        }
        if (j < n)
            free(lower);
        else
            names[n++] = lower;
    }
    qsort(names, n, sizeof *names, name_cmp);
    for (size_t j = 0; j < n; j++) {
        buf_printf(out, "%s:", names[j]);
        int first = 1;
        for (size_t i = 0; i < h->n; i++) {
            if (strcasecmp(h->v[i].name, names[j]) != 0) continue;
            if (!first) buf_addc(out, ',');
            add_trimmed(out, h->v[i].value);
            first = 0;
        }
        buf_addc(out, '\n');
        buf_printf(signed_headers, "%s%s", j ? ";" : "", names[j]);
        free(names[j]);
    }
    free(names);
}

void sigv4_canonical_request(buf *out, buf *signed_headers, const sigv4_scope *s, const char *method,
                             const char *path, const char *query, const http_headers *h,
                             const char *payload_hash)
{
    buf_printf(out, "%s\n", method);
    if (s->s3) {
        buf_adds(out, *path ? path : "/");
    } else {
        buf norm = {0};
        normalize_path(&norm, path);
        uri_encode(out, norm.data, norm.len, 1);
        buf_free(&norm);
    }
    buf_addc(out, '\n');
    canonical_query(out, query ? query : "");
    buf_addc(out, '\n');
    canonical_headers(out, signed_headers, h);
    buf_printf(out, "\n%s\n%s", signed_headers->data ? signed_headers->data : "", payload_hash);
}

void sigv4_sign(const aws_credentials *c, const sigv4_scope *s, const char *method, const char *path,
                const char *query, http_headers *h, const char *payload_hash)
{
    char amz_date[17], date[9];
    sigv4_amz_date(s->time, amz_date);
    memcpy(date, amz_date, 8);
    date[8] = '\0';
    http_headers_remove(h, "Authorization");
    http_headers_set(h, "X-Amz-Date", amz_date);
    http_headers_remove(h, "X-Amz-Security-Token");
    if (c->session_token) http_headers_add(h, "X-Amz-Security-Token", c->session_token);

    buf creq = {0}, signed_headers = {0}, sts = {0};
    sigv4_canonical_request(&creq, &signed_headers, s, method, path, query, h, payload_hash);
    char creq_hash[65];
    digest_sha256_hex(creq.data, creq.len, creq_hash);
    buf_printf(&sts, "AWS4-HMAC-SHA256\n%s\n%s/%s/%s/aws4_request\n%s", amz_date, date, s->region, s->service,
               creq_hash);

    buf key = {0};
    buf_printf(&key, "AWS4%s", c->secret_access_key ? c->secret_access_key : "");
    unsigned char k[32], k2[32], sig[32];
    digest_hmac_sha256(key.data, key.len, date, 8, k);
    digest_hmac_sha256(k, 32, s->region, strlen(s->region), k2);
    digest_hmac_sha256(k2, 32, s->service, strlen(s->service), k);
    digest_hmac_sha256(k, 32, "aws4_request", 12, k2);
    digest_hmac_sha256(k2, 32, sts.data, sts.len, sig);
    char sig_hex[65];
    digest_hex(sig, 32, sig_hex);
    memset(key.data, 0, key.len);
    memset(k, 0, sizeof k);
    memset(k2, 0, sizeof k2);

    buf auth = {0};
    buf_printf(&auth, "AWS4-HMAC-SHA256 Credential=%s/%s/%s/%s/aws4_request, SignedHeaders=%s, Signature=%s",
               c->access_key_id ? c->access_key_id : "", date, s->region, s->service, signed_headers.data,
               sig_hex);
    http_headers_add(h, "Authorization", auth.data);
    buf_free(&auth);
    buf_free(&key);
    buf_free(&creq);
    buf_free(&signed_headers);
    buf_free(&sts);
}
