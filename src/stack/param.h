/* A construct's parameter: its type, default, allowed values or range, and the check of a value
 * written in a stack against it (typed values are json-c objects: numbers stay numbers). */
#ifndef ETL_STACK_PARAM_H
#define ETL_STACK_PARAM_H

#include <json-c/json.h>
#include <regex.h>
#include <stdbool.h>

#include "stack/diag.h"
#include "stack/ynode.h"

enum param_type { PARAM_STRING, PARAM_INTEGER, PARAM_BOOLEAN, PARAM_LIST, PARAM_RESOURCE };

/* Invariants: def, when set, passed param_check; has_re iff pattern != NULL; construct is set only
 * for PARAM_RESOURCE (the construct the named resource must be an instance of). */
typedef struct param_spec {
    const char *name; /* borrowed from the construct's document, as are the other strings */
    const ynode *at;
    enum param_type type;
    json_object *def; /* owned; NULL: no default */
    bool required;    /* no default and required: true */
    bool setting;     /* may be set for the whole stack under settings: */
    const ynode *allowed;
    bool has_min, has_max;
    long long min, max, divides; /* divides: 0 when unconstrained */
    const char *pattern_help;
    const char *timestamp_prefix; /* a value starting with it must go on with an RFC 3339 time */
    char *pattern;
    regex_t re;
    bool has_re;
    const char *construct;
    const char *description;
} param_spec;

/* Reads the definition of parameter `name` (a mapping at def); 0, or -1 with diagnostics. */
int param_spec_load(param_spec *p, const char *name, const ynode *def, const char *path, diag_list *d);
void param_spec_free(param_spec *p);

/* Checks a value written in a stack; returns its typed value (caller owns), or NULL after adding the
 * reason to d, e.g. `expected an integer from 1 to 500, got "two"`. A resource is returned as its name. */
json_object *param_check(const param_spec *p, const ynode *v, const char *path, diag_list *d);

#endif
