/* JSON number conversions (json_number.h). Doubles take Clinger's exact fast path when the decimal
 * mantissa fits in 53 bits and the power of ten is exact (|e| <= 22); everything else goes to strtod
 * (glibc rounds correctly) on a NUL-terminated copy, so every result is the nearest double. */
#include "json_number.h"

#include <stdlib.h>
#include <string.h>

/* A number split into sign, up to 19 significant digits and a power of ten. `inexact` is set when
 * nonzero digits beyond those 19 were dropped. */
typedef struct decimal {
    int negative;
    uint64_t mantissa;
    int64_t exp10;
    int digits, inexact;
} decimal;

static void decimal_parse(const char *s, size_t n, decimal *d)
{
    size_t i = 0;
    memset(d, 0, sizeof *d);
    if (i < n && s[i] == '-') d->negative = 1, i++;
    int seen_point = 0;
    for (; i < n; i++) {
        char c = s[i];
        if (c == '.') {
            seen_point = 1;
            continue;
        }
        if (c < '0' || c > '9') break;
        if (d->digits == 0 && c == '0') {
            if (seen_point) d->exp10--;
            continue; /* leading zeros carry no digits */
        }
        if (d->digits < 19) {
            d->mantissa = d->mantissa * 10 + (uint64_t)(c - '0');
            d->digits++;
            if (seen_point) d->exp10--;
        } else {
            if (c != '0') d->inexact = 1;
            if (!seen_point) d->exp10++;
        }
    }
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        int neg = 0;
        if (i < n && (s[i] == '+' || s[i] == '-')) neg = s[i] == '-', i++;
        int64_t e = 0;
        for (; i < n; i++)
            if (e < 100000000) e = e * 10 + (s[i] - '0');
        d->exp10 += neg ? -e : e;
    }
}

const double json_pow10_exact[23] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                                     1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

double json_number_double(const char *s, size_t n)
{
    decimal d;
    decimal_parse(s, n, &d);
    if (d.mantissa == 0 && !d.inexact) return d.negative ? -0.0 : 0.0;
    if (!d.inexact && d.mantissa <= (1ull << 53) && d.exp10 >= -22 && d.exp10 <= 22) {
        double v = (double)d.mantissa;
        v = d.exp10 < 0 ? v / json_pow10_exact[-d.exp10] : v * json_pow10_exact[d.exp10];
        return d.negative ? -v : v;
    }
    char local[64];
    char *copy = n < sizeof local ? local : malloc(n + 1);
    if (!copy) abort();
    memcpy(copy, s, n);
    copy[n] = '\0';
    double v = strtod(copy, NULL);
    if (copy != local) free(copy);
    return v;
}

int json_number_uint63(const char *s, size_t n, int64_t *out)
{
    size_t i = 0;
    int negative = 0;
    if (i < n && s[i] == '-') negative = 1, i++;
    uint64_t v = 0;
    for (; i < n; i++) {
        if (v > (uint64_t)INT64_MAX / 10) return -1;
        v = v * 10 + (uint64_t)(s[i] - '0');
        if (v > (uint64_t)INT64_MAX) return -1;
    }
    if (negative && v != 0) return -1;
    *out = (int64_t)v;
    return 0;
}

int json_number_floor_scaled(const char *s, size_t n, int scale, int64_t *out)
{
    decimal d;
    decimal_parse(s, n, &d);
    int64_t e = d.exp10 + (scale == 1000 ? 3 : 0);
    uint64_t q = d.mantissa;
    int remainder = d.inexact;
    if (d.mantissa == 0) {
        e = 0;
    } else if (e >= 0) {
        for (; e > 0; e--) {
            if (q > UINT64_MAX / 10) return -1;
            q *= 10;
        }
    } else {
        for (; e < 0 && q; e++) {
            remainder |= q % 10 != 0;
            q /= 10;
        }
        if (e < 0) remainder = 1; /* everything was shifted out: 0 < |value| < 1 */
    }
    if (!d.negative) {
        if (q > (uint64_t)INT64_MAX) return -1;
        *out = (int64_t)q;
        return 0;
    }
    q += (uint64_t)remainder; /* floor of a negative value rounds away from zero */
    if (q > (uint64_t)INT64_MAX) return -1;
    *out = -(int64_t)q;
    return 0;
}
