/* What a new template would change in a stack: the Changes of a change set (Add, Modify with
 * Replacement True or False, Remove), also used to refuse an UpdateStack that changes nothing. */
#ifndef ETL_LOCAL_CHANGES_H
#define ETL_LOCAL_CHANGES_H

#include <json-c/json.h>

#include "local/template.h"

/* A new array of Change objects (DescribeChangeSet's shape) for applying t (loaded with its values) to
 * stack, or NULL with t->err. stack may be a stack with no resources (a CREATE change set). */
json_object *changes_of(struct tpl *t, json_object *stack);

#endif
