/* An ordered list of HTTP header fields as sent or received: names keep their case, a name may repeat
 * (SigV4 joins repeated values with ','), lookups ignore case. */
#ifndef ETL_AWS_HTTP_HEADERS_H
#define ETL_AWS_HTTP_HEADERS_H

#include <stddef.h>

typedef struct http_header {
    char *name;
    char *value;
} http_header;

/* Invariant: v[0..n) are owned, n <= cap. A zeroed struct is an empty list. */
typedef struct http_headers {
    http_header *v;
    size_t n, cap;
} http_headers;

void http_headers_add(http_headers *h, const char *name, const char *value);
/* Removes every field named name, then adds name: value. */
void http_headers_set(http_headers *h, const char *name, const char *value);
void http_headers_remove(http_headers *h, const char *name);
/* The first value of name, or NULL. */
const char *http_headers_get(const http_headers *h, const char *name);
void http_headers_free(http_headers *h);

#endif
