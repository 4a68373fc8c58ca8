/* SHA-256, HMAC-SHA256 and MD5 over OpenSSL's EVP interface, with their hex and base64 forms:
 * everything SigV4 signing, S3 checksums (Content-MD5) and Kinesis record data need. */
#include "aws/digest.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <stdlib.h>
#include <string.h>

struct digest_ctx {
    EVP_MD_CTX *md;
};

digest_ctx *digest_new(int md5)
{
    digest_ctx *c = malloc(sizeof *c);
    if (!c || !(c->md = EVP_MD_CTX_new())) abort();
    if (EVP_DigestInit_ex(c->md, md5 ? EVP_md5() : EVP_sha256(), NULL) != 1) abort();
    return c;
}

void digest_update(digest_ctx *c, const void *data, size_t len)
{
    if (len && EVP_DigestUpdate(c->md, data, len) != 1) abort();
}

void digest_final(digest_ctx *c, unsigned char *out)
{
    unsigned int n = 0;
    if (EVP_DigestFinal_ex(c->md, out, &n) != 1) abort();
    EVP_MD_CTX_free(c->md);
    free(c);
}

void digest_sha256(const void *data, size_t len, unsigned char out[32])
{
    digest_ctx *c = digest_new(0);
    digest_update(c, data, len);
    digest_final(c, out);
}

void digest_md5(const void *data, size_t len, unsigned char out[16])
{
    digest_ctx *c = digest_new(1);
    digest_update(c, data, len);
    digest_final(c, out);
}

void digest_hmac_sha256(const void *key, size_t key_len, const void *data, size_t len, unsigned char out[32])
{
    unsigned int n = 32;
    if (!HMAC(EVP_sha256(), key, (int)key_len, data, len, out, &n)) abort();
}

void digest_hex(const unsigned char *in, size_t n, char *out)
{
    static const char hex[] = "0123456789abcdef";
    for (size_t i = 0; i < n; i++) {
        out[2 * i] = hex[in[i] >> 4];
        out[2 * i + 1] = hex[in[i] & 15];
    }
    out[2 * n] = '\0';
}

void digest_sha256_hex(const void *data, size_t len, char out[65])
{
    unsigned char h[32];
    digest_sha256(data, len, h);
    digest_hex(h, 32, out);
}

static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

void base64_encode(buf *out, const void *data, size_t len)
{
    const unsigned char *p = data;
    buf_reserve(out, (len + 2) / 3 * 4);
    for (size_t i = 0; i < len; i += 3) {
        unsigned v = (unsigned)p[i] << 16;
        if (i + 1 < len) v |= (unsigned)p[i + 1] << 8;
        if (i + 2 < len) v |= p[i + 2];
        char q[4] = {b64[v >> 18], b64[(v >> 12) & 63], i + 1 < len ? b64[(v >> 6) & 63] : '=',
                     i + 2 < len ? b64[v & 63] : '='};
        buf_add(out, q, 4);
    }
}

/* The value of each byte as a base64 digit, -1 when it is none: GetRecords answers decode megabytes at
 * a time, so a look-up, not a search. */
static const signed char b64_values[256] = {
    -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
    -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
    -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, 62, -1, -1, -1, 63,
    52, 53, 54, 55, 56, 57, 58, 59, 60, 61, -1, -1, -1, -1, -1, -1,
    -1, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14,
    15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, -1, -1, -1, -1, -1,
    -1, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40,
    41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, -1, -1, -1, -1, -1,
    -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
    -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
    -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
    -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
    -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
    -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
    -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
    -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
};

int base64_decode(buf *out, const char *s, size_t len)
{
    if (len % 4) return -1;
    buf_reserve(out, len / 4 * 3);
    unsigned char *o = (unsigned char *)out->data + out->len;
    size_t n = 0;
    for (size_t i = 0; i < len; i += 4) {
        const unsigned char *q = (const unsigned char *)s + i;
        int a = b64_values[q[0]], b = b64_values[q[1]], c = b64_values[q[2]], d = b64_values[q[3]];
        if ((a | b | c | d) >= 0) { /* four digits, the usual case: no padding to look for */
            unsigned w = (unsigned)a << 18 | (unsigned)b << 12 | (unsigned)c << 6 | (unsigned)d;
            o[n] = (unsigned char)(w >> 16);
            o[n + 1] = (unsigned char)(w >> 8);
            o[n + 2] = (unsigned char)w;
            n += 3;
            continue;
        }
        int v[4], pad = 0;
        for (int k = 0; k < 4; k++) {
            if (s[i + k] == '=' && i + 4 == len && k >= 2) {
                v[k] = 0;
                pad++;
            } else {
                v[k] = pad ? -1 : b64_values[(unsigned char)s[i + k]];
                if (v[k] < 0) {
                    out->data[out->len] = '\0'; /* nothing taken */
                    return -1;
                }
            }
        }
        unsigned w = (unsigned)v[0] << 18 | (unsigned)v[1] << 12 | (unsigned)v[2] << 6 | (unsigned)v[3];
        o[n] = (unsigned char)(w >> 16);
        o[n + 1] = (unsigned char)(w >> 8);
        o[n + 2] = (unsigned char)w;
        n += (size_t)(3 - pad);
    }
    out->len += n;
    out->data[out->len] = '\0';
    return 0;
}
