/* src/base: the buffer and RFC 3339 time. */
#include "harness.h"

#include "base/buf.h"
#include "base/rfc3339.h"

TEST(buf_grows_and_stays_terminated)
{
    buf b = {0};
    for (int i = 0; i < 1000; i++) buf_printf(&b, "%d,", i);
    CHECK_INT(b.len, 3890);
    CHECK_INT(b.data[b.len], 0);
    CHECK(strncmp(b.data, "0,1,2,", 6) == 0);
    buf_reset(&b);
    CHECK_STR(b.data, "");
    buf_adds(&b, "x");
    char *s = buf_detach(&b);
    CHECK_STR(s, "x");
    CHECK(b.data == NULL);
    free(s);
    buf_free(&b);
}

static int64_t parse(const char *s, int32_t *ns)
{
    int64_t sec = -1;
    if (rfc3339_parse(s, strlen(s), &sec, ns) != 0) return INT64_MIN;
    return sec;
}

TEST(rfc3339_parses_zones_and_fractions)
{
    int32_t ns = -1;
    CHECK_INT(parse("2023-04-24T10:16:44Z", &ns), 1682331404);
    CHECK_INT(ns, 0);
    CHECK_INT(parse("2023-04-24T12:16:44+02:00", &ns), 1682331404);
    CHECK_INT(parse("2023-04-24T09:46:44.25-00:30", &ns), 1682331404);
    CHECK_INT(ns, 250000000);
    CHECK_INT(parse("1970-01-01T00:00:00Z", &ns), 0);
    CHECK_INT(parse("1969-12-31T23:59:59z", &ns), -1);
    CHECK_INT(parse("2000-02-29T00:00:00Z", &ns), 951782400);
}

TEST(rfc3339_leap_second_is_the_next_instant)
{
    int32_t ns = -1;
    CHECK_INT(parse("2016-12-31T23:59:60Z", &ns), parse("2017-01-01T00:00:00Z", &ns));
    CHECK_INT(parse("2016-12-31T23:59:60Z", &ns), 1483228800);
    CHECK_INT(parse("2016-12-31T23:59:60.5Z", &ns), 1483228800);
    CHECK_INT(ns, 500000000);
    CHECK_INT(parse("2017-01-01T00:59:60+01:00", &ns), 1483228800);
}

TEST(rfc3339_refuses_what_is_not_a_timestamp)
{
    int32_t ns;
    const char *bad[] = {"", "2023-04-24", "2023-04-24T10:16:44", "2023-04-24 10:16:44Z", "2023-13-01T00:00:00Z",
                         "2023-02-29T00:00:00Z", "2023-04-24T24:00:00Z", "2023-04-24T10:16:61Z",
                         "2023-04-24T10:16:44.Z", "2023-04-24T10:16:44+0200", "2023-04-24T10:16:44Zx",
                         "20230424T101644Z", "2023-04-24T10:16:44+24:00"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        if (parse(bad[i], &ns) != INT64_MIN) test_fail(__FILE__, __LINE__, "accepted \"%s\"", bad[i]);
}

TEST(rfc3339_formats_and_round_trips)
{
    char out[21];
    rfc3339_format(1682331404, out);
    CHECK_STR(out, "2023-04-24T10:16:44Z");
    rfc3339_format(-1, out);
    CHECK_STR(out, "1969-12-31T23:59:59Z");
    for (int64_t t = -86400LL * 800; t < 86400LL * 365 * 400; t += 86400LL * 37 + 3599) {
        int32_t ns;
        rfc3339_format(t, out);
        CHECK_INT(parse(out, &ns), t);
    }
}
