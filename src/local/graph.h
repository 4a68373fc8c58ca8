/* The order in which a template's resources are created: DependsOn plus the implicit dependencies of
 * Ref, Fn::GetAtt and Fn::Sub, in template order where nothing else decides. Deletion runs it backwards. */
#ifndef ETL_LOCAL_GRAPH_H
#define ETL_LOCAL_GRAPH_H

#include <json-c/json.h>

#include "local/template.h"

/* A new array of the logical ids of the resources whose Condition holds, in creation order.
 * NULL with t->err on a cycle, an unknown DependsOn or a condition error. */
json_object *graph_order(struct tpl *t);

#endif
