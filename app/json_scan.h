/* Strict JSON scanning (RFC 8259) over a byte range, for readings: whitespace, strings (validated as
 * UTF-8 and unescaped), numbers (grammar only) and skipping any value without recursion. */
#ifndef ETL_APP_JSON_SCAN_H
#define ETL_APP_JSON_SCAN_H

#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"

/* A cursor over text[0..n). Every function returns 0 and advances *at, or -1 leaving *at unspecified. */
typedef struct json_cursor {
    const char *text;
    size_t n;
    size_t at;
} json_cursor;

void json_skip_ws(json_cursor *c);
/* A string starting at c->at ('"'); appends its unescaped bytes to out (NULL: only validates).
 * Lone surrogates from \u escapes are kept as their 3-byte (WTF-8) form so they compare as written. */
int json_scan_string(json_cursor *c, buf *out);
/* A number's grammar; *is_integer tells whether it has neither fraction nor exponent. */
int json_scan_number(json_cursor *c, int *is_integer);
/* Any value (object, array, string, number, literal), nested to any depth. */
int json_skip_value(json_cursor *c);
/* Length of the valid UTF-8 sequence at s[0..n) (1..4), or 0 when the bytes there are not UTF-8. */
size_t json_utf8_len(const unsigned char *s, size_t n);

#endif
