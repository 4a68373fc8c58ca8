/* RFC 3339 timestamps (section 5.6): parsing with any zone offset and fraction, and formatting in UTC.
 * Times are seconds since the Unix epoch, UTC, with no leap seconds: a leap second ":60", which RFC
 * 3339's grammar allows, is the instant after ":59" (23:59:60Z is the next day's 00:00:00Z), as in POSIX. */
#ifndef ETL_BASE_RFC3339_H
#define ETL_BASE_RFC3339_H

#include <stddef.h>
#include <stdint.h>

/* Parses s[0..n) as a whole RFC 3339 date-time with a zone ("Z" or "+hh:mm"). On success stores the
 * whole seconds in *sec and the fraction in *nsec (0..999999999, truncated past 9 digits), returns 0;
 * returns -1 when s is not such a timestamp. */
int rfc3339_parse(const char *s, size_t n, int64_t *sec, int32_t *nsec);

/* Days since 1970-01-01 of a proleptic Gregorian date (month 1..12). */
int64_t days_from_civil(int64_t y, unsigned m, unsigned d);
/* The date of a day number, the inverse of days_from_civil(). */
void civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d);

/* Formats sec as "YYYY-MM-DDTHH:MM:SSZ" into out (at least 21 bytes). */
void rfc3339_format(int64_t sec, char out[21]);

#endif
