/* A stack file: its name, region, tags, settings and resources, each an instance of a construct with
 * checked, typed parameter values and its links (reads:, writes:) to other resources. */
#ifndef ETL_STACK_STACK_H
#define ETL_STACK_STACK_H

#include <json-c/json.h>

#include "stack/construct.h"
#include "stack/diag.h"
#include "stack/ynode.h"

enum link_kind { LINK_READS, LINK_WRITES };

struct stack_link {
    enum link_kind kind;
    const ynode *at;           /* the target's name as written */
    struct stack_resource *to; /* resolved by links_resolve(); NULL until then or when missing */
};

/* Invariants: values has c->n_params entries (NULL: unset optional parameter); id is the CamelCase of
 * name, the prefix of every logical ID the resource renders. */
typedef struct stack_resource {
    const char *name;
    const ynode *key, *node;
    const construct *c;
    json_object **values;
    struct stack_link *links;
    size_t n_links;
    char *id;
} stack_resource;

typedef struct stack {
    ydoc *doc;
    const char *name, *region, *description;
    const ynode *tags, *settings, *resources;
    stack_resource *res;
    size_t n_res;
} stack;

/* Reads and checks a stack file, loading its constructs from set. Returns the stack (caller frees)
 * unless it could not be read at all; every problem found is in d. */
stack *stack_load(const char *path, construct_set *set, diag_list *d);
stack *stack_from_doc(ydoc *doc, construct_set *set, diag_list *d); /* takes doc */
void stack_free(stack *s);

stack_resource *stack_find(const stack *s, const char *name);
json_object *stack_value(const stack_resource *r, const char *param); /* borrowed; NULL when unset */
extern const char *const link_kind_names[2];                          /* "reads", "writes" */
extern const char *const link_grant_names[2];                         /* "read", "write" */

#endif
