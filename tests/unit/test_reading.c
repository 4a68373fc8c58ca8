/* app/reading.c and the JSON pieces under it: every rule and reason code of SEMANTICS.md "Input
 * readings", the fast path agreeing with the strict parser, and doubles correct to the last bit. */
#include "harness.h"

#include <math.h>

#include "json_number.h"
#include "json_write.h"
#include "reading.h"

#define NOW_MS 1700000000000LL /* the wall clock the tests pretend */

static reading_parser parser(int ms)
{
    reading_parser p;
    memset(&p, 0, sizeof p);
    p.rules.time_unit_ms = ms;
    p.rules.max_time_ms = NOW_MS + 86400000LL;
    return p;
}

static reading_status parse_unit(const char *text, int ms, reading *r)
{
    reading_parser p = parser(ms);
    memset(r, 0, sizeof *r);
    reading_status st = reading_parse(&p, text, strlen(text), r);
    reading_parser_free(&p);
    return st;
}

static reading_status parse(const char *text, reading *r)
{
    return parse_unit(text, 0, r);
}

static const char *reason(const char *text)
{
    reading r;
    return reading_reason(parse(text, &r));
}

TEST(usual_shape)
{
    reading r;
    CHECK_INT(parse("{\"timestamp\": 1682331404, \"sensor-id\": 1, \"temperature\": 21.1}", &r), READING_OK);
    CHECK_INT(r.time_ms, 1682331404000LL);
    CHECK_INT(r.sensor_id, 1);
    CHECK(r.temperature == 21.1);
}

TEST(any_order_whitespace_escapes_extra_fields)
{
    reading r;
    CHECK_INT(parse(" {\t\"temperature\" :-0.5e1 ,\r\n \"extra\": {\"a\": [1, {\"b\": null}], \"a\": true},"
                    "\"sensor\\u002did\":7, \"timestamp\":\"2023-04-24T12:16:44.999+02:00\"} ",
                    &r),
              READING_OK);
    CHECK_INT(r.time_ms, 1682331404999LL);
    CHECK_INT(r.sensor_id, 7);
    CHECK(r.temperature == -5.0);
    /* a leap second is RFC 3339, so not bad_type: it is the instant after :59 */
    CHECK_INT(parse("{\"timestamp\": \"2016-12-31T23:59:60Z\", \"sensor-id\": 1, \"temperature\": 1}", &r),
              READING_OK);
    CHECK_INT(r.time_ms, 1483228800000LL);
    CHECK_INT(
        parse("{\"timestamp\": 1682331404.9999, \"sensor-id\": 9223372036854775807, \"temperature\": 1E2}",
              &r),
        READING_OK);
    CHECK_INT(r.time_ms, 1682331404999LL);
    CHECK_INT(r.sensor_id, INT64_MAX);
    CHECK(r.temperature == 100.0);
    CHECK_INT(parse("{\"timestamp\": -0.0005, \"sensor-id\": -0, \"temperature\": -0}", &r), READING_OK);
    CHECK_INT(r.time_ms, -1); /* floored */
    CHECK_INT(r.sensor_id, 0);
    CHECK(r.temperature == 0.0 && signbit(r.temperature));
    CHECK_INT(parse_unit("{\"timestamp\": 1682331404123.7, \"sensor-id\": 1, \"temperature\": 1}", 1, &r),
              READING_OK);
    CHECK_INT(r.time_ms, 1682331404123LL);
    CHECK_INT(parse("{\"timestamp\": 16823314.04e2, \"sensor-id\": 1, \"temperature\": 1}", &r), READING_OK);
    CHECK_INT(r.time_ms, 1682331404000LL);
}

TEST(reasons_in_order)
{
    char *big = malloc(70000);
    memset(big, ' ', 70000);
    big[0] = '{';
    big[69999] = '\0';
    CHECK_STR(reason(big), "too_large");
    free(big);
    /* in SEMANTICS.md's order: each text breaks the rule named and maybe later ones */
    static const struct {
        const char *text, *reason;
    } cases[] = {
        {"", "bad_json"},
        {"[1, 2]", "bad_json"},
        {"42", "bad_json"},
        {"{\"timestamp\": 1, \"sensor-id\": 1, \"temperature\": 1", "bad_json"},
        {"{\"timestamp\": 1, \"sensor-id\": 1, \"temperature\": 1} x", "bad_json"},
        {"{\"timestamp\": 01, \"sensor-id\": 1, \"temperature\": 1}", "bad_json"},
        {"{\"timestamp\": 1, \"sensor-id\": 1, \"temperature\": 1.}", "bad_json"},
        {"{\"timestamp\": 1, \"sensor-id\": 1, \"temperature\": NaN}", "bad_json"},
        {"{\"timestamp\": 1, \"sensor-id\": 1, \"temperature\": 1, }", "bad_json"},
        {"{'timestamp': 1}", "bad_json"},
        {"{\"a\\x\": 1}", "bad_json"},
        {"{\"a\": \"tab\there\"}", "bad_json"},
        {"{\"a\": \"\xC3\x28\", \"timestamp\": 1, \"sensor-id\": 1, \"temperature\": 1}", "bad_json"},
        {"{\"a\": \"\xED\xA0\x80\"}", "bad_json"},     /* an encoded surrogate */
        {"{\"a\": \"\xC0\xAF\"}", "bad_json"},         /* overlong */
        {"{\"a\": \"\xF4\x90\x80\x80\"}", "bad_json"}, /* above U+10FFFF */
        {"{\"a\": [[[[[[[[[[1]]]]]]]]]], \"timestamp\": 1, \"sensor-id\": 1}", "missing_field"},
        {"{\"x\": 1, \"x\": 2}", "duplicate_key"},
        {"{\"timestamp\": 1, \"sensor-id\": 1, \"temperature\": 1, \"sensor\\u002did\": 2}", "duplicate_key"},
        {"{\"timestamp\": \"x\", \"sensor-id\": 1}", "missing_field"},
        {"{}", "missing_field"},
        {"{\"timestamp\": 1, \"sensor-id\": 1, \"Temperature\": 1}", "missing_field"},
        {"{\"timestamp\": 1e300, \"sensor-id\": 1, \"temperature\": \"21.1\"}", "bad_type"},
        {"{\"timestamp\": 1, \"sensor-id\": 1, \"temperature\": null}", "bad_type"},
        {"{\"timestamp\": 1, \"sensor-id\": 1.0, \"temperature\": 1}", "bad_type"},
        {"{\"timestamp\": 1, \"sensor-id\": 1e2, \"temperature\": 1}", "bad_type"},
        {"{\"timestamp\": 1, \"sensor-id\": \"1\", \"temperature\": 1}", "bad_type"},
        {"{\"timestamp\": \"2023-04-24 10:16:44\", \"sensor-id\": 1, \"temperature\": 1}", "bad_type"},
        {"{\"timestamp\": \"2023-04-24T10:16:44\", \"sensor-id\": 1, \"temperature\": 1}", "bad_type"},
        {"{\"timestamp\": true, \"sensor-id\": 1, \"temperature\": 1}", "bad_type"},
        {"{\"timestamp\": 1, \"sensor-id\": 1, \"temperature\": 1e400}", "bad_value"},
        {"{\"timestamp\": 1, \"sensor-id\": 1, \"temperature\": -1e400}", "bad_value"},
        {"{\"timestamp\": 1, \"sensor-id\": 9223372036854775808, \"temperature\": 1}", "bad_value"},
        {"{\"timestamp\": 1, \"sensor-id\": -1, \"temperature\": 1}", "bad_value"},
        {"{\"timestamp\": 1800000000, \"sensor-id\": 1, \"temperature\": 1}", "bad_value"},
        {"{\"timestamp\": 1e300, \"sensor-id\": 1, \"temperature\": 1}", "bad_value"},
        {"{\"timestamp\": -1e300, \"sensor-id\": 1, \"temperature\": 1}", "bad_value"},
        {"{\"timestamp\": -62167219201, \"sensor-id\": 1, \"temperature\": 1}", "bad_value"},
        {"{\"timestamp\": -62167219200, \"sensor-id\": 1, \"temperature\": 1}", "ok"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *got = reason(cases[i].text);
        if (strcmp(got, cases[i].reason) != 0)
            test_fail(__FILE__, __LINE__, "%s: %s, expected %s", cases[i].text, got, cases[i].reason);
    }
    /* a day ahead of the wall clock is the limit */
    char text[128];
    snprintf(text, sizeof text, "{\"timestamp\": %lld, \"sensor-id\": 1, \"temperature\": 1}",
             (NOW_MS + 86400000LL) / 1000);
    CHECK_STR(reason(text), "ok");
    snprintf(text, sizeof text, "{\"timestamp\": %lld, \"sensor-id\": 1, \"temperature\": 1}",
             (NOW_MS + 86400000LL) / 1000 + 1);
    CHECK_STR(reason(text), "bad_value");
}

TEST(exactly_64_kib_is_not_too_large)
{
    size_t n = READING_MAX_TEXT;
    char *t = malloc(n + 2);
    const char *body = "{\"timestamp\": 1, \"sensor-id\": 1, \"temperature\": 1";
    memset(t, ' ', n + 1);
    memcpy(t, body, strlen(body));
    t[n - 1] = '}';
    reading_parser p = parser(0);
    reading r;
    CHECK_INT(reading_parse(&p, t, n, &r), READING_OK);
    t[n] = '}';
    t[n - 1] = ' ';
    CHECK_INT(reading_parse(&p, t, n + 1, &r), READING_TOO_LARGE);
    /* the line fast path must not take an over-long line either */
    const char *end;
    CHECK_INT(reading_parse_line(&p, t, t + n + 1, &r, &end), 0);
    reading_parser_free(&p);
    free(t);
}

static uint64_t rng = 88172645463325252ull;
static uint64_t next_random(void)
{
    rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
    return rng;
}

TEST(doubles_are_correctly_rounded)
{
    char s[64];
    for (int i = 0; i < 200000; i++) {
        int digits = 1 + (int)(next_random() % 25), point = (int)(next_random() % (size_t)(digits + 1));
        size_t k = 0;
        if (next_random() & 1) s[k++] = '-';
        s[k++] = (char)('1' + next_random() % 9);
        for (int d = 1; d < digits; d++) {
            if (d == point) s[k++] = '.';
            s[k++] = (char)('0' + next_random() % 10);
        }
        if (next_random() % 3 == 0) k += (size_t)snprintf(s + k, 12, "e%d", (int)(next_random() % 700) - 350);
        s[k] = '\0';
        double want = strtod(s, NULL), got = json_number_double(s, k);
        if (memcmp(&want, &got, 8) != 0) {
            test_fail(__FILE__, __LINE__, "%s: %.17g, strtod says %.17g", s, got, want);
            break;
        }
    }
    CHECK(json_number_double("0.1", 3) == 0.1);
    CHECK(json_number_double("9007199254740993", 16) == 9007199254740992.0);
    CHECK(json_number_double("2.2250738585072011e-308", 23) == strtod("2.2250738585072011e-308", NULL));
}

TEST(fast_path_agrees_with_strict_path)
{
    reading_parser p = parser(0);
    char fast[160], strict[200];
    for (int i = 0; i < 50000; i++) {
        long long ts = 1600000000 + (long long)(next_random() % 100000000);
        long long id = (long long)(next_random() % 1000000);
        int whole = (int)(next_random() % 200) - 100, frac = (int)(next_random() % 1000);
        snprintf(fast, sizeof fast, "{\"timestamp\": %lld, \"sensor-id\": %lld, \"temperature\": %d.%03d}",
                 ts, id, whole, frac);
        /* the same reading in another key order, which only the strict path takes */
        snprintf(strict, sizeof strict,
                 "{\"temperature\": %d.%03d, \"timestamp\": %lld, \"sensor-id\": %lld}", whole, frac, ts, id);
        reading a, b;
        const char *end;
        int took = reading_parse_line(&p, fast, fast + strlen(fast), &a, &end);
        reading_status st = reading_parse(&p, strict, strlen(strict), &b);
        if (!took || st != READING_OK || a.time_ms != b.time_ms || a.sensor_id != b.sensor_id ||
            memcmp(&a.temperature, &b.temperature, 8) != 0 || end != fast + strlen(fast)) {
            test_fail(__FILE__, __LINE__, "%s: fast and strict differ", fast);
            break;
        }
    }
    /* the fast path declines what it cannot decide, and stops at the newline */
    reading r;
    const char *end;
    const char *two = "{\"timestamp\": 1, \"sensor-id\": 2, \"temperature\": 3}\n{";
    CHECK_INT(reading_parse_line(&p, two, two + strlen(two), &r, &end), 1);
    CHECK(end == strchr(two, '\n'));
    const char *exp = "{\"timestamp\": 1, \"sensor-id\": 2, \"temperature\": 3e0}";
    CHECK_INT(reading_parse_line(&p, exp, exp + strlen(exp), &r, &end), 0);
    const char *long_digits = "{\"timestamp\": 1, \"sensor-id\": 2, \"temperature\": 3.1415926535897932}";
    CHECK_INT(reading_parse_line(&p, long_digits, long_digits + strlen(long_digits), &r, &end), 0);
    CHECK_INT(reading_parse(&p, long_digits, strlen(long_digits), &r), READING_OK);
    CHECK(r.temperature == 3.1415926535897932);
    reading_parser_free(&p);
}

TEST(error_text_is_json_with_replacement_characters)
{
    buf b = {0};
    json_put_string(&b, "a\"b\\c\n\x01\xC3\xA9\xFF\xE2\x82", 12);
    CHECK_STR(b.data, "\"a\\\"b\\\\c\\n\\u0001\xC3\xA9\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\"");
    buf_free(&b);
}
