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
