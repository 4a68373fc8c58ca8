/* Percent-encoding as AWS wants it (RFC 3986: only A-Z a-z 0-9 - _ . ~ stay, hex in uppercase),
 * used for S3 keys in paths, query strings and form bodies of the Query protocol. */
#ifndef ETL_AWS_URI_H
#define ETL_AWS_URI_H

#include <stddef.h>

#include "base/buf.h"

/* Appends s[0..n) encoded; keep_slash leaves '/' as is (S3 object keys in a path). */
void uri_encode(buf *out, const char *s, size_t n, int keep_slash);
/* Appends s[0..n) decoded ("%41" -> "A"; a '%' not followed by two hex digits stays as is). */
void uri_decode(buf *out, const char *s, size_t n);

#endif
