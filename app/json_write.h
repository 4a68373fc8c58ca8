/* Writing JSON text: strings quoted and escaped, with invalid UTF-8 replaced by U+FFFD (SEMANTICS.md:
 * error lines carry the reading's text this way). */
#ifndef ETL_APP_JSON_WRITE_H
#define ETL_APP_JSON_WRITE_H

#include <stddef.h>

#include "base/buf.h"

/* Appends s[0..n) to out as a JSON string, quotes included. */
void json_put_string(buf *out, const char *s, size_t n);

#endif
