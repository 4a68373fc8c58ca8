/* src/aws/digest.c base64 (GetRecords data, Content-MD5): every length round-trips, padding and
 * foreign bytes are refused and leave the buffer as it was. */
#include "harness.h"

#include "aws/digest.h"

TEST(base64_round_trip_every_length)
{
    unsigned char raw[300];
    for (size_t i = 0; i < sizeof raw; i++) raw[i] = (unsigned char)(i * 131 + 7);
    for (size_t n = 0; n <= sizeof raw; n++) {
        buf enc = {0}, dec = {0};
        base64_encode(&enc, raw, n);
        buf_adds(&dec, "x");
        CHECK_INT(base64_decode(&dec, enc.data ? enc.data : "", enc.len), 0);
        CHECK_INT((long long)dec.len, (long long)n + 1);
        CHECK(memcmp(dec.data + 1, raw, n) == 0);
        CHECK_INT(dec.data[dec.len], 0);
        buf_free(&enc);
        buf_free(&dec);
    }
}

TEST(base64_known_and_refused)
{
    buf out = {0};
    CHECK_INT(base64_decode(&out, "aGVsbG8gd29ybGQ=", 16), 0);
    CHECK_STR(out.data, "hello world");
    const char *bad[] = {"abc", "ab=c", "a===", "@AAA", "AAA=AAAA", "AA\nA", "AA==AA=="};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        buf_reset(&out);
        buf_adds(&out, "keep");
        CHECK_INT(base64_decode(&out, bad[i], strlen(bad[i])), -1);
        CHECK_STR(out.data, "keep");
    }
    buf_free(&out);
}

/* The value of a digit by the RFC's table, searched: the reference for the decoder's look-ups. */
static int digit_value(unsigned char c)
{
    static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    const char *p = c ? strchr(alphabet, c) : NULL;
    return p ? (int)(p - alphabet) : -1;
}

/* Every byte value at every place of a 96-digit text (three 32-digit blocks, so the vector path and the
 * one-group path both see it): decoded as the table says, or refused when it is no digit (but for
 * '=' as the last group's padding); and the run stops exactly at the group that holds it. */
TEST(base64_every_byte_at_every_place)
{
    char text[96];
    for (size_t i = 0; i < sizeof text; i++)
        text[i] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"[(i * 37 + 5) % 64];
    for (size_t at = 0; at < sizeof text; at++) {
        for (int c = 0; c < 256; c++) {
            char t[sizeof text];
            memcpy(t, text, sizeof t);
            t[at] = (char)c;
            buf out = {0};
            int valid = digit_value((unsigned char)c) >= 0;
            if (c == '=' && at == sizeof t - 1) { /* the padding of the last group, not a foreign byte */
                CHECK_INT(base64_decode(&out, t, sizeof t), 0);
                CHECK_INT(out.len, 71);
                buf_free(&out);
                continue;
            }
            int rc = base64_decode(&out, t, sizeof t);
            if (rc != (valid ? 0 : -1)) test_fail(__FILE__, __LINE__, "byte %d at %zu: %d", c, at, rc);
            if (valid && out.len == 72) {
                for (size_t g = 0; g < sizeof t; g += 4) {
                    unsigned w = (unsigned)digit_value((unsigned char)t[g]) << 18 |
                                 (unsigned)digit_value((unsigned char)t[g + 1]) << 12 |
                                 (unsigned)digit_value((unsigned char)t[g + 2]) << 6 |
                                 (unsigned)digit_value((unsigned char)t[g + 3]);
                    unsigned char *o = (unsigned char *)out.data + g / 4 * 3;
                    if (o[0] != (w >> 16 & 255) || o[1] != (w >> 8 & 255) || o[2] != (w & 255))
                        test_fail(__FILE__, __LINE__, "byte %d at %zu: group %zu decoded wrong", c, at,
                                  g / 4);
                }
            } else if (valid) {
                CHECK_INT(out.len, 72);
            }
            buf_reset(&out);
            CHECK_INT(base64_decode_run(&out, t, sizeof t), valid ? sizeof t : at / 4 * 4);
            CHECK_INT(out.len, valid ? 72 : at / 4 * 3);
            buf_free(&out);
        }
    }
}
