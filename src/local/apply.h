/* Applying a template to a stack's resources, as CloudFormation's engine does: create in dependency
 * order, update in place or by replacement, delete in reverse, roll back on failure, with the stack and
 * resource events and statuses AWS gives. Each function takes the store lock around every step and
 * releases it between steps, so the API answers while an operation runs. */
#ifndef ETL_LOCAL_APPLY_H
#define ETL_LOCAL_APPLY_H

#include <json-c/json.h>

#include "local/store.h"
#include "local/template.h"

enum apply_change { CHANGE_NONE, CHANGE_MODIFY, CHANGE_REPLACE, CHANGE_ADD };

/* Loads a stack's template into t: the body in src's _template and the values in src's _params
 * (src is the stack, or its pending update _next). 0 or -1 with t->err. */
int apply_load(struct tpl *t, json_object *stack, json_object *src);
/* What applying decl to the resource logical would do. *props and *meta receive the resolved
 * Properties and Metadata (new references; with t->lenient, placeholders for resources not yet there).
 * Returns an apply_change, or -1 with t->err. */
int apply_diff(struct tpl *t, json_object *stack, const char *logical, json_object *decl, json_object **props,
               json_object **meta);

/* The operations; the stack's StackStatus is already *_IN_PROGRESS when they are called. An update
 * reads the new template and values from the stack's _next. */
void apply_create(struct store *s, json_object *stack);
void apply_update(struct store *s, json_object *stack);
void apply_delete(struct store *s, json_object *stack);

#endif
