/* Links between a stack's resources (reads:, writes:, and parameters naming a resource): resolving
 * them, refusing what cannot be (missing targets, grants a construct does not give, cycles), and
 * turning a resource's links into least-privilege IAM statements from the targets' grants. */
#ifndef ETL_STACK_LINKS_H
#define ETL_STACK_LINKS_H

#include <json-c/json.h>

#include "stack/stack.h"
#include "stack/subst.h"

void links_resolve(stack *s, diag_list *d);
/* The IAM statements of sc->self's links, in the order written (reads, then writes): each target's
 * grant statements rendered in its own scope, with a Sid and Effect Allow. Caller owns the array. */
json_object *links_statements(const subst_scope *sc);

#endif
