/* A YAML document as a tree of nodes that remember where they were written (line:col), read with
 * libyaml. Anchors, aliases and several documents per file are refused; duplicate keys are errors. */
#ifndef ETL_STACK_YNODE_H
#define ETL_STACK_YNODE_H

#include <stdbool.h>
#include <stddef.h>

#include "stack/diag.h"

enum ynode_kind { YNODE_SCALAR, YNODE_MAP, YNODE_SEQ };

/* Invariants: a scalar has text (never NULL) and n == 0; a map has n keys (scalars, unique) and n
 * values; a sequence has n items and keys == NULL. */
typedef struct ynode {
    enum ynode_kind kind;
    srcpos pos;
    char *text;           /* scalar */
    bool quoted;          /* scalar written quoted or as a block: always a string, never a number */
    struct ynode **keys;  /* map */
    struct ynode **items; /* map values, or sequence items */
    size_t n;
} ynode;

typedef struct ydoc {
    char *file;  /* as given; every node's pos.file points here */
    ynode *root; /* NULL for an empty document */
} ydoc;

/* Parses text (len bytes) named file. Returns the document (caller frees with ydoc_free), or NULL
 * after adding the syntax error to d. */
ydoc *ydoc_parse(const char *file, const char *text, size_t len, diag_list *d);
/* Reads and parses a file; NULL (with a diagnostic) when it cannot be read or parsed. */
ydoc *ydoc_load(const char *path, diag_list *d);
void ydoc_free(ydoc *doc);

ynode *ynode_get(const ynode *map, const char *key); /* value of key in a map, or NULL */
/* Reports every key of map that is not one of known, with a did-you-mean; returns how many. */
size_t ynode_check_keys(const ynode *map, const char *const *known, size_t n, const char *path, diag_list *d);
const char *ynode_kind_name(const ynode *n); /* "a string", "a mapping", "a list" */
bool ynode_is_null(const ynode *n);          /* ~, null or empty, unquoted */
/* Plain (unquoted) scalars read as YAML core types. 0 on success, -1 when not of that type. */
int ynode_int(const ynode *n, long long *out);
int ynode_bool(const ynode *n, bool *out);

#endif
