/* SHA-256, HMAC-SHA256 and MD5 over OpenSSL's EVP interface, with their hex and base64 forms:
 * everything SigV4 signing, S3 checksums (Content-MD5) and Kinesis record data need. */
#include "aws/digest.h"

#include <stdint.h>

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

/* Each byte's value as a base64 digit, already shifted to its place in a 4-digit group (one table per
 * place), or B64_BAD: a group decodes with four look-ups and three ORs, and one test finds any byte
 * outside the alphabet. GetRecords answers decode megabytes at a time. */
#define B64_BAD 0x1000000u
#define B64_DIGIT(c)                                                                                  \
    ((c) >= 'A' && (c) <= 'Z'   ? (c) - 'A'                                                          \
     : (c) >= 'a' && (c) <= 'z' ? (c) - 'a' + 26                                                     \
     : (c) >= '0' && (c) <= '9' ? (c) - '0' + 52                                                     \
     : (c) == '+'               ? 62                                                                 \
     : (c) == '/'               ? 63                                                                 \
                                : -1)
#define B64_E(c, sh) (B64_DIGIT(c) < 0 ? B64_BAD : (uint32_t)B64_DIGIT(c) << (sh))
#define B64_R4(c, sh) B64_E(c, sh), B64_E(c + 1, sh), B64_E(c + 2, sh), B64_E(c + 3, sh)
#define B64_R16(c, sh) B64_R4(c, sh), B64_R4(c + 4, sh), B64_R4(c + 8, sh), B64_R4(c + 12, sh)
#define B64_R64(c, sh) B64_R16(c, sh), B64_R16(c + 16, sh), B64_R16(c + 32, sh), B64_R16(c + 48, sh)
#define B64_TABLE(sh) {B64_R64(0, sh), B64_R64(64, sh), B64_R64(128, sh), B64_R64(192, sh)}
static const uint32_t b64_at[4][256] = {B64_TABLE(18), B64_TABLE(12), B64_TABLE(6), B64_TABLE(0)};

/* Decodes whole groups of four digits from s into o while there are; returns the characters used. */
static size_t decode_groups(unsigned char *o, const unsigned char *s, size_t len)
{
    size_t i = 0;
    for (; i + 4 <= len; i += 4, o += 3) {
        uint32_t w = b64_at[0][s[i]] | b64_at[1][s[i + 1]] | b64_at[2][s[i + 2]] | b64_at[3][s[i + 3]];
        if (w & B64_BAD) break;
        o[0] = (unsigned char)(w >> 16);
        o[1] = (unsigned char)(w >> 8);
        o[2] = (unsigned char)w;
    }
    return i;
}

#if defined(__x86_64__)
#include <immintrin.h>

/* decode_groups 32 digits at a time with AVX2 (W. Mula and D. Lemire, "Faster Base64 Encoding and
 * Decoding Using AVX2 Instructions", 2018): each byte is checked against the alphabet by a look-up on its
 * low and its high nibble (a byte is foreign when the two results share a bit), shifted to its value
 * by one more look-up on its high nibble, then the 6-bit values are packed by two multiply-adds and
 * a shuffle. Stops before the first block holding a foreign byte; decode_groups does the rest. */
__attribute__((target("avx2"))) static size_t decode_blocks_avx2(unsigned char *o, const unsigned char *s,
                                                                  size_t len)
{
    const __m256i lut_lo = _mm256_setr_epi8(0x15, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x13,
                                            0x1a, 0x1b, 0x1b, 0x1b, 0x1a, 0x15, 0x11, 0x11, 0x11, 0x11, 0x11,
                                            0x11, 0x11, 0x11, 0x11, 0x13, 0x1a, 0x1b, 0x1b, 0x1b, 0x1a);
    const __m256i lut_hi = _mm256_setr_epi8(0x10, 0x10, 0x01, 0x02, 0x04, 0x08, 0x04, 0x08, 0x10, 0x10, 0x10,
                                            0x10, 0x10, 0x10, 0x10, 0x10, 0x10, 0x10, 0x01, 0x02, 0x04, 0x08,
                                            0x04, 0x08, 0x10, 0x10, 0x10, 0x10, 0x10, 0x10, 0x10, 0x10);
    /* by high nibble, one less for '/': what brings the byte to its value */
    const __m256i lut_roll = _mm256_setr_epi8(0, 16, 19, 4, -65, -65, -71, -71, 0, 0, 0, 0, 0, 0, 0, 0, 0, 16,
                                              19, 4, -65, -65, -71, -71, 0, 0, 0, 0, 0, 0, 0, 0);
    const __m256i nibble = _mm256_set1_epi8(0x0f), slash = _mm256_set1_epi8('/');
    const __m256i pack_shuffle = _mm256_setr_epi8(2, 1, 0, 6, 5, 4, 10, 9, 8, 14, 13, 12, -1, -1, -1, -1, 2, 1,
                                                  0, 6, 5, 4, 10, 9, 8, 14, 13, 12, -1, -1, -1, -1);
    const __m256i pack_lanes = _mm256_setr_epi32(0, 1, 2, 4, 5, 6, 7, 7);
    size_t i = 0;
    for (; i + 32 <= len; i += 32, o += 24) {
        __m256i in = _mm256_loadu_si256((const __m256i *)(s + i));
        __m256i hi = _mm256_and_si256(_mm256_srli_epi32(in, 4), nibble), lo = _mm256_and_si256(in, nibble);
        __m256i foreign = _mm256_and_si256(_mm256_shuffle_epi8(lut_lo, lo), _mm256_shuffle_epi8(lut_hi, hi));
        if (!_mm256_testz_si256(foreign, foreign)) break;
        __m256i roll = _mm256_shuffle_epi8(lut_roll, _mm256_add_epi8(_mm256_cmpeq_epi8(in, slash), hi));
        __m256i v = _mm256_add_epi8(in, roll);
        v = _mm256_maddubs_epi16(v, _mm256_set1_epi32(0x01400140)); /* a << 6 | b, c << 6 | d */
        v = _mm256_madd_epi16(v, _mm256_set1_epi32(0x00011000));    /* ab << 12 | cd */
        v = _mm256_permutevar8x32_epi32(_mm256_shuffle_epi8(v, pack_shuffle), pack_lanes);
        _mm_storeu_si128((__m128i *)o, _mm256_castsi256_si128(v));
        _mm_storel_epi64((__m128i *)(o + 16), _mm256_extracti128_si256(v, 1));
    }
    return i;
}
#endif

size_t base64_decode_run(buf *out, const char *s, size_t len)
{
    buf_reserve(out, len / 4 * 3);
    unsigned char *o = (unsigned char *)out->data + out->len;
    const unsigned char *in = (const unsigned char *)s;
    size_t used = 0;
#if defined(__x86_64__)
    if (__builtin_cpu_supports("avx2")) used = decode_blocks_avx2(o, in, len);
#endif
    used += decode_groups(o + used / 4 * 3, in + used, len - used);
    out->len += used / 4 * 3;
    out->data[out->len] = '\0';
    return used;
}

int base64_decode(buf *out, const char *s, size_t len)
{
    if (len % 4) return -1;
    size_t before = out->len, used = base64_decode_run(out, s, len);
    if (used == len) return 0;
    /* what stopped the run may only be the padding of the last group: "xx==" or "xxx=" */
    const unsigned char *q = (const unsigned char *)s + used;
    int pad = q[3] == '=' ? (q[2] == '=' ? 2 : 1) : 0;
    uint32_t w = b64_at[0][q[0]] | b64_at[1][q[1]] | (pad == 2 ? 0 : b64_at[2][q[2]]);
    if (used + 4 != len || !pad || (w & B64_BAD)) {
        out->len = before; /* nothing taken */
        out->data[out->len] = '\0';
        return -1;
    }
    buf_addc(out, (char)(w >> 16));
    if (pad == 1) buf_addc(out, (char)(w >> 8));
    return 0;
}
