/* CloudFormation stacks over the Query protocol (version 2010-05-15): CreateStack, UpdateStack,
 * DeleteStack, DescribeStacks, DescribeStackResources and GetTemplate. Knows nothing of etlctl's
 * stacks: templates are text, parameters are key/value pairs. */
#ifndef ETL_AWS_CFN_STACK_H
#define ETL_AWS_CFN_STACK_H

#include <stddef.h>

#include "aws/aws_client.h"
#include "aws/query.h"

#define CFN_VERSION "2010-05-15"

typedef struct cfn_kv {
    const char *key, *value;
} cfn_kv;

/* What a stack is made from, shared by CreateStack, UpdateStack and CreateChangeSet. Exactly one of
 * template_body and template_url; the arrays may be empty. */
typedef struct cfn_template_input {
    const char *template_body;
    const char *template_url;
    const cfn_kv *parameters;
    size_t nparameters;
    const char *const *capabilities; /* "CAPABILITY_IAM", "CAPABILITY_NAMED_IAM", ... */
    size_t ncapabilities;
    const cfn_kv *tags;
    size_t ntags;
} cfn_template_input;

/* Adds TemplateBody/TemplateURL, Parameters, Capabilities and Tags to p (library-internal). */
void cfn_add_template_input(query_params *p, const cfn_template_input *in);
/* query_call() against "cloudformation" with the stack as the logged resource (library-internal). */
aws_error *cfn_call(aws_client *c, query_params *p, const char *stack, query_response *r);

/* stack_id (may be NULL; 256 bytes) receives the new stack's ARN. */
aws_error *cfn_create_stack(aws_client *c, const char *stack, const cfn_template_input *in, char *stack_id);
/* An update with nothing to change is the error ValidationError "No updates are to be performed." */
aws_error *cfn_update_stack(aws_client *c, const char *stack, const cfn_template_input *in);
aws_error *cfn_delete_stack(aws_client *c, const char *stack);

/* Invariant: every string is owned (never NULL); parameters/outputs/tags hold n owned pairs. */
typedef struct cfn_pair {
    char *key, *value;
} cfn_pair;

typedef struct cfn_stack {
    char *id, *name, *status, *status_reason, *description;
    cfn_pair *parameters, *outputs, *tags;
    size_t nparameters, noutputs, ntags;
} cfn_stack;

/* The stack named stack (name or ARN). A stack that does not exist answers 0 with *found = 0 (AWS says
 * ValidationError "Stack with id X does not exist"; that error is taken apart here, once). */
aws_error *cfn_describe_stack(aws_client *c, const char *stack, cfn_stack *out, int *found);
void cfn_stack_free(cfn_stack *s);
/* The value of parameter or output key of s, or NULL. */
const char *cfn_stack_parameter(const cfn_stack *s, const char *key);
const char *cfn_stack_output(const cfn_stack *s, const char *key);
const char *cfn_stack_tag(const cfn_stack *s, const char *key);

typedef struct cfn_resource {
    char *logical_id, *physical_id, *type, *status, *status_reason;
} cfn_resource;

/* Invariant: v[0..n) owned. */
typedef struct cfn_resource_list {
    cfn_resource *v;
    size_t n;
} cfn_resource_list;

aws_error *cfn_describe_stack_resources(aws_client *c, const char *stack, cfn_resource_list *out);
void cfn_resource_list_free(cfn_resource_list *l);

/* Appends the template of the stack as it was deployed ("Original" stage) to out. */
aws_error *cfn_get_template(aws_client *c, const char *stack, buf *out);

/* 1 when the stack status ends an operation (…_COMPLETE or …_FAILED, not …_IN_PROGRESS). */
int cfn_status_settled(const char *status);
/* A copy of the text at path under n ("" when absent): never NULL (library-internal). */
char *cfn_text_dup(const xml_node *n, const char *path);

#endif
