/* Diagnostics of a synth run: every error found is collected here with its file:line:col, so one run
 * reports them all (up to a cap), sorted by position, each once. */
#ifndef ETL_STACK_DIAG_H
#define ETL_STACK_DIAG_H

#include <stddef.h>
#include <stdio.h>

/* Where something is in a source file; file is borrowed (it outlives the diagnostics). */
typedef struct srcpos {
    const char *file;
    int line, col; /* 1-based; 0 when unknown */
} srcpos;

struct diag {
    char *file;
    int line, col;
    char *text; /* "path: message" or "message" */
};

/* Invariant: n <= DIAG_CAP; errors beyond the cap are only counted in `dropped`. */
typedef struct diag_list {
    struct diag *items;
    size_t n, cap;
    size_t dropped;
    int unreadable; /* a file could not be read: an I/O failure rather than an invalid stack */
} diag_list;

enum { DIAG_CAP = 50 };

/* Records an error at pos; path (may be NULL) is the dotted place in the document, e.g.
 * "resources.readings.shards". Identical errors at the same place are kept once. */
void diag_add(diag_list *d, srcpos pos, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
size_t diag_count(const diag_list *d);    /* errors found, including those beyond the cap */
void diag_print(diag_list *d, FILE *out); /* sorted by file, line, col; "N errors" only past the cap */
void diag_free(diag_list *d);

/* The candidate nearest to word by edit distance when it is close enough to be a likely typo, else
 * NULL. Used for "did you mean" hints. */
const char *diag_suggest(const char *word, const char *const *candidates, size_t n);
/* "; did you mean 'x'?" for diag_suggest's pick, or "" when there is none; written into out. */
enum { DIAG_HINT_SIZE = 96 };
const char *diag_hint(char out[DIAG_HINT_SIZE], const char *word, const char *const *candidates, size_t n);

#endif
