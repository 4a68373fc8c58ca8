/* One sensor reading, parsed from its JSON text by the rules of SEMANTICS.md ("Input readings"),
 * with the first reason that applies when it breaks one. */
#ifndef ETL_APP_READING_H
#define ETL_APP_READING_H

#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"

#define READING_MAX_TEXT 65536 /* bytes; a longer text is too_large */

/* In SEMANTICS.md's order: when several apply, the smallest is reported. */
typedef enum reading_status {
    READING_OK = 0,
    READING_TOO_LARGE,
    READING_BAD_JSON,
    READING_DUPLICATE_KEY,
    READING_MISSING_FIELD,
    READING_BAD_TYPE,
    READING_BAD_VALUE,
} reading_status;

typedef struct reading {
    int64_t time_ms;    /* event time, milliseconds since the epoch (fractions floored) */
    int64_t sensor_id;  /* 0..2^63-1 */
    double temperature; /* finite */
} reading;

typedef struct reading_rules {
    int time_unit_ms;    /* numeric timestamps are milliseconds (else seconds) */
    int64_t max_time_ms; /* the wall clock plus one day: later event times are bad_value */
} reading_rules;

/* Scratch space for the strict parser, reused between readings; one per thread. */
typedef struct reading_parser {
    reading_rules rules;
    buf keys;   /* unescaped top-level keys, back to back */
    buf spans;  /* size_t pairs (offset, length) into keys */
    buf string; /* an unescaped string value (an RFC 3339 timestamp) */
} reading_parser;

reading_status reading_parse(reading_parser *p, const char *text, size_t n, reading *out);
/* The fast path alone, on NDJSON in a buffer: from s (a line's start) up to its newline or e. 1 when
 * the line is a reading of the usual shape, with *out and *line_end (its newline, or e) set; 0 when
 * the caller must find the line's end and call reading_parse(), which decides every case. */
int reading_parse_line(reading_parser *p, const char *s, const char *e, reading *out, const char **line_end);
/* The reason code of a status ("too_large", ...); "ok" for READING_OK. */
const char *reading_reason(reading_status s);
void reading_parser_free(reading_parser *p);

/* Events before 0000-01-01T00:00:00Z (the earliest RFC 3339 time) are bad_value too. */
#define READING_MIN_TIME_MS (-62167219200000LL)

#endif
