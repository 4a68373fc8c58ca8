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

static int b64_value(char c)
{
    const char *p = c ? strchr(b64, c) : NULL;
    return p ? (int)(p - b64) : -1;
}

int base64_decode(buf *out, const char *s, size_t len)
{
    if (len % 4) return -1;
    for (size_t i = 0; i < len; i += 4) {
        int v[4], pad = 0;
        for (int k = 0; k < 4; k++) {
            if (s[i + k] == '=' && i + 4 == len && k >= 2) {
                v[k] = 0;
                pad++;
            } else {
                if (pad) return -1;
                v[k] = b64_value(s[i + k]);
                if (v[k] < 0) return -1;
            }
        }
        unsigned w = (unsigned)v[0] << 18 | (unsigned)v[1] << 12 | (unsigned)v[2] << 6 | (unsigned)v[3];
        unsigned char o[3] = {(unsigned char)(w >> 16), (unsigned char)(w >> 8), (unsigned char)w};
        buf_add(out, o, (size_t)(3 - pad));
    }
    return 0;
}
