/* Rendering a construct's CloudFormation for one resource of a stack: `${name}` substitution with
 * typed values (a plain `${shards}` stays a number; inside a string or quoted it becomes text, and
 * references become Fn::Join), and optional parts switched by parameters:
 *     Key: {when: "mode == provisioned", value: ..., else: ...}
 * Names: the construct's parameters, values, local resources (X: Ref, X.Attr: GetAtt, X.LogicalId),
 * inputs (template Parameters), AWS::pseudo parameters, self, stack, tags, links, a resource
 * parameter's exports (bucket.Arn) and the exports of linked resources (reads.stream.Arn). A filter
 * after '|' transforms a value: env (a mapping as KEY=VALUE lines), snake (lower_case_name).
 * `$${` is a literal `${`. */
#ifndef ETL_STACK_SUBST_H
#define ETL_STACK_SUBST_H

#include <json-c/json.h>
#include <stdbool.h>

#include "stack/diag.h"
#include "stack/stack.h"
#include "stack/ynode.h"

enum { SUBST_MAX_DEPTH = 16 };

typedef struct subst_scope {
    const stack *s;
    const stack_resource *self;
    diag_list *d;
    int depth; /* references followed into other resources' exports and values */
} subst_scope;

/* The rendered JSON of n (caller owns), or NULL: either *omit is set (a conditional part that is off,
 * an unset optional value) or an error was added to the scope's diagnostics. */
json_object *subst_render(const subst_scope *sc, const ynode *n, bool *omit);
/* Whether a `when:` condition holds: "name", "!name", "name == value", "name != value". */
bool subst_when(const subst_scope *sc, const ynode *cond);
/* The logical ID of local resource `local` of r. Caller frees. */
char *subst_logical_id(const stack_resource *r, const char *local);

#endif
