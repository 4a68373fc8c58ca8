/* RFC 3339 parsing and formatting (rfc3339.h). Day arithmetic after H. Hinnant's
 * "chrono-Compatible Low-Level Date Algorithms" (days_from_civil / civil_from_days). */
#include "base/rfc3339.h"

#include <stdio.h>
#include <string.h>

int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int64_t)doe - 719468;
}

void civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d)
{
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    unsigned doe = (unsigned)(z - era * 146097);
    unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    unsigned mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = (int64_t)yoe + era * 400 + (*m <= 2);
}

static int digits(const char *s, size_t n, size_t at, int count, int *out)
{
    if (at + (size_t)count > n) return -1;
    int v = 0;
    for (int i = 0; i < count; i++) {
        char c = s[at + (size_t)i];
        if (c < '0' || c > '9') return -1;
        v = v * 10 + (c - '0');
    }
    *out = v;
    return 0;
}

static int days_in_month(int y, int m)
{
    static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m == 2 && (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0))) return 29;
    return mdays[m - 1];
}

int rfc3339_parse(const char *s, size_t n, int64_t *sec, int32_t *nsec)
{
    int Y, M, D, h, mi, se;
    if (digits(s, n, 0, 4, &Y) || n < 5 || s[4] != '-' || digits(s, n, 5, 2, &M) || n < 8 || s[7] != '-' ||
        digits(s, n, 8, 2, &D) || n < 11 || (s[10] != 'T' && s[10] != 't') || digits(s, n, 11, 2, &h) ||
        n < 14 || s[13] != ':' || digits(s, n, 14, 2, &mi) || n < 17 || s[16] != ':' ||
        digits(s, n, 17, 2, &se))
        return -1;
    if (M < 1 || M > 12 || D < 1 || D > days_in_month(Y, M) || h > 23 || mi > 59 || se > 60) return -1;
    size_t i = 19;
    int32_t frac = 0;
    if (i < n && s[i] == '.') {
        i++;
        size_t start = i;
        int32_t scale = 100000000;
        while (i < n && s[i] >= '0' && s[i] <= '9') {
            frac += (s[i] - '0') * scale;
            scale /= 10;
            i++;
        }
        if (i == start) return -1;
    }
    int offset = 0;
    if (i < n && (s[i] == 'Z' || s[i] == 'z')) {
        i++;
    } else if (i < n && (s[i] == '+' || s[i] == '-')) {
        int oh, om;
        if (digits(s, n, i + 1, 2, &oh) || i + 3 >= n || s[i + 3] != ':' || digits(s, n, i + 4, 2, &om) ||
            oh > 23 || om > 59)
            return -1;
        offset = (oh * 60 + om) * 60 * (s[i] == '-' ? -1 : 1);
        i += 6;
    } else {
        return -1;
    }
    if (i != n) return -1;
    *sec = days_from_civil(Y, (unsigned)M, (unsigned)D) * 86400 + h * 3600 + mi * 60 + se - offset;
    *nsec = frac;
    return 0;
}

void rfc3339_format(int64_t sec, char out[21])
{
    int64_t days = sec >= 0 ? sec / 86400 : -((-sec + 86399) / 86400);
    int64_t rem = sec - days * 86400;
    int64_t y;
    unsigned m, d;
    civil_from_days(days, &y, &m, &d);
    if (y < 0) y = 0; /* the format has four year digits; years outside 0..9999 are not timestamps here */
    if (y > 9999) y = 9999;
    char tmp[64]; /* wide enough for any int, so the compiler sees no truncation */
    snprintf(tmp, sizeof tmp, "%04d-%02u-%02uT%02d:%02d:%02dZ", (int)y, m, d, (int)(rem / 3600),
             (int)(rem / 60 % 60), (int)(rem % 60));
    memcpy(out, tmp, 21);
}
