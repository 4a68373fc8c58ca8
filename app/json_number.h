/* Conversions of JSON number text (already checked against the grammar by json_scan_number) to the
 * values a reading needs: a correctly rounded double, an integer, and a time in whole milliseconds. */
#ifndef ETL_APP_JSON_NUMBER_H
#define ETL_APP_JSON_NUMBER_H

#include <stddef.h>
#include <stdint.h>

/* The powers of ten that doubles hold exactly, 1e0..1e22: a mantissa below 2^53 times or divided by one
 * of them is correctly rounded (Clinger's fast path). */
extern const double json_pow10_exact[23];
/* The double nearest to s[0..n) (round half to even, like strtod); +-inf when out of range. */
double json_number_double(const char *s, size_t n);
/* An integer literal (no fraction or exponent) in 0..2^63-1: 0, or -1 when negative or too large.
 * "-0" is 0. */
int json_number_uint63(const char *s, size_t n, int64_t *out);
/* floor(value * scale) for scale 1 or 1000, exactly (decimal arithmetic, no rounding through a double):
 * 0, or -1 when the result does not fit in an int64. */
int json_number_floor_scaled(const char *s, size_t n, int scale, int64_t *out);

#endif
