/* A construct: a file templates/<name>.yaml that declares parameters, the CloudFormation resources it
 * renders, its exports (Ref, Arn, Name), its outputs and the IAM statements each grant ("read",
 * "write") gives. construct_set finds and loads them once, from a list of directories in order. */
#ifndef ETL_STACK_CONSTRUCT_H
#define ETL_STACK_CONSTRUCT_H

#include <stdbool.h>
#include <stddef.h>

#include "stack/diag.h"
#include "stack/param.h"
#include "stack/ynode.h"

/* Invariants: resources is a non-empty mapping; the other sections are mappings or NULL; every node
 * points into doc, which the construct owns. */
typedef struct construct {
    char *name;
    ydoc *doc;
    const char *description;
    param_spec *params;
    size_t n_params;
    const ynode *inputs;    /* template Parameters the construct needs (merged across the stack) */
    const ynode *values;    /* named values, usable as ${name} */
    const ynode *resources; /* local name -> CloudFormation resource */
    const ynode *exports;   /* Ref, Arn, Name, ... -> value */
    const ynode *grants;    /* read/write -> list of IAM statements */
    const ynode *outputs;   /* local name -> {Description, Value} */
    bool accepts[2];        /* may hold reads: / writes: links (it has a role to grant to) */
    bool missing;           /* no file in the search path (doc is NULL); invalid files are not missing */
} construct;

const param_spec *construct_param(const construct *c, const char *name);
const ynode *construct_grant(const construct *c, const char *grant); /* "read"/"write" or NULL */

/* Invariant: items are the constructs loaded so far, each loaded once. */
typedef struct construct_set {
    char **dirs;
    size_t n_dirs;
    construct **items;
    size_t n;
} construct_set;

/* dirs are searched in order; the set copies them. */
void construct_set_init(construct_set *set, const char *const *dirs, size_t n_dirs);
/* The construct named name, loaded on first use. NULL when there is none or it is invalid, with
 * diagnostics (at `at`/path when unknown, in the construct's file when invalid). */
const construct *construct_set_get(construct_set *set, const char *name, srcpos at, const char *path,
                                   diag_list *d);
void construct_set_free(construct_set *set);

#endif
