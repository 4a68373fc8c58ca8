/* The diagnostics list of diag.h: collects errors with positions, keeps each once, prints them in
 * file order, and proposes the nearest known name for a misspelt one. */
#include "stack/diag.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"

void diag_add(diag_list *d, srcpos pos, const char *path, const char *fmt, ...)
{
    buf text = {0};
    if (path && *path) buf_printf(&text, "%s: ", path);
    va_list ap;
    va_start(ap, fmt);
    buf_vprintf(&text, fmt, ap);
    va_end(ap);
    const char *file = pos.file ? pos.file : "";
    for (size_t i = 0; i < d->n; i++) {
        struct diag *e = &d->items[i];
        if (e->line == pos.line && e->col == pos.col && strcmp(e->file, file) == 0 &&
            strcmp(e->text, text.data) == 0) {
            buf_free(&text);
            return;
        }
    }
    if (d->n == DIAG_CAP) {
        d->dropped++;
        buf_free(&text);
        return;
    }
    if (d->n == d->cap) {
        d->cap = d->cap ? d->cap * 2 : 8;
        d->items = realloc(d->items, d->cap * sizeof *d->items);
        if (!d->items) abort();
    }
    d->items[d->n++] = (struct diag){strdup(file), pos.line, pos.col, buf_detach(&text)};
}

size_t diag_count(const diag_list *d)
{
    return d->n + d->dropped;
}

static int diag_cmp(const void *a, const void *b)
{
    const struct diag *x = a, *y = b;
    int c = strcmp(x->file, y->file);
    if (c) return c;
    if (x->line != y->line) return x->line < y->line ? -1 : 1;
    if (x->col != y->col) return x->col < y->col ? -1 : 1;
    return strcmp(x->text, y->text);
}

void diag_print(diag_list *d, FILE *out)
{
    qsort(d->items, d->n, sizeof *d->items, diag_cmp);
    for (size_t i = 0; i < d->n; i++) {
        struct diag *e = &d->items[i];
        if (e->line > 0)
            fprintf(out, "%s:%d:%d: %s\n", e->file, e->line, e->col, e->text);
        else
            fprintf(out, "%s: %s\n", e->file, e->text);
    }
    if (d->dropped) fprintf(out, "... and %zu more errors (%zu in all)\n", d->dropped, diag_count(d));
}

void diag_free(diag_list *d)
{
    for (size_t i = 0; i < d->n; i++) {
        free(d->items[i].file);
        free(d->items[i].text);
    }
    free(d->items);
    *d = (diag_list){0};
}

/* Levenshtein distance, with a bound on the lengths compared (names are short). */
static size_t edit_distance(const char *a, const char *b)
{
    enum { MAXLEN = 64 };
    size_t la = strlen(a), lb = strlen(b);
    if (la > MAXLEN || lb > MAXLEN) return (size_t)-1;
    size_t row[MAXLEN + 1];
    for (size_t j = 0; j <= lb; j++) row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t up = row[j];
            size_t best = diag + (a[i - 1] != b[j - 1]);
            if (up + 1 < best) best = up + 1;
            if (row[j - 1] + 1 < best) best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[lb];
}

const char *diag_suggest(const char *word, const char *const *candidates, size_t n)
{
    size_t limit = strlen(word) / 4 + 1, best = (size_t)-1;
    const char *pick = NULL;
    for (size_t i = 0; i < n; i++) {
        size_t dist = edit_distance(word, candidates[i]);
        if (dist <= limit && dist < best) best = dist, pick = candidates[i];
    }
    return pick;
}

const char *diag_hint(char out[DIAG_HINT_SIZE], const char *word, const char *const *candidates, size_t n)
{
    const char *pick = diag_suggest(word, candidates, n);
    out[0] = 0;
    if (pick) snprintf(out, DIAG_HINT_SIZE, "; did you mean '%s'?", pick);
    return out;
}
