/* The CloudFormation template of a checked stack, as json-c, sections in the order AWS documents
 * (AWSTemplateFormatVersion, Description, Metadata, Parameters, Rules, Mappings, Conditions, Transform,
 * Resources, Outputs); the same stack always gives the same bytes. */
#ifndef ETL_STACK_RENDER_H
#define ETL_STACK_RENDER_H

#include <json-c/json.h>

#include "stack/diag.h"
#include "stack/stack.h"

/* The template (caller owns), or NULL when rendering found errors (added to d). */
json_object *render_template(const stack *s, diag_list *d);
/* The template's text: pretty JSON with a final newline. Caller frees. */
char *render_text(json_object *template);

#endif
