/* The header list of http_headers.h: a plain array, small enough that linear lookups are fastest. */
#include "aws/http_headers.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

static char *dup(const char *s)
{
    char *d = strdup(s ? s : "");
    if (!d) abort();
    return d;
}

void http_headers_add(http_headers *h, const char *name, const char *value)
{
    if (h->n == h->cap) {
        h->cap = h->cap ? h->cap * 2 : 8;
        h->v = realloc(h->v, h->cap * sizeof *h->v);
        if (!h->v) abort();
    }
    h->v[h->n].name = dup(name);
    h->v[h->n].value = dup(value);
    h->n++;
}

void http_headers_remove(http_headers *h, const char *name)
{
    size_t out = 0;
    for (size_t i = 0; i < h->n; i++) {
        if (strcasecmp(h->v[i].name, name) == 0) {
            free(h->v[i].name);
            free(h->v[i].value);
        } else {
            h->v[out++] = h->v[i];
        }
    }
    h->n = out;
}

void http_headers_set(http_headers *h, const char *name, const char *value)
{
    http_headers_remove(h, name);
    http_headers_add(h, name, value);
}

const char *http_headers_get(const http_headers *h, const char *name)
{
    for (size_t i = 0; i < h->n; i++)
        if (strcasecmp(h->v[i].name, name) == 0) return h->v[i].value;
    return NULL;
}

void http_headers_free(http_headers *h)
{
    for (size_t i = 0; i < h->n; i++) {
        free(h->v[i].name);
        free(h->v[i].value);
    }
    free(h->v);
    memset(h, 0, sizeof *h);
}
