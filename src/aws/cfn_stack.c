/* CloudFormation stack calls of cfn_stack.h on the Query client: parameters in, XML tree out. */
#include "aws/cfn_stack.h"

#include <stdlib.h>
#include <string.h>

char *cfn_text_dup(const xml_node *n, const char *path)
{
    const char *t = n ? xml_text(n, path) : NULL;
    char *s = strdup(t ? t : "");
    if (!s) abort();
    return s;
}

void cfn_add_template_input(query_params *p, const cfn_template_input *in)
{
    if (in->template_url) query_param(p, "TemplateURL", in->template_url);
    else if (in->template_body) query_param(p, "TemplateBody", in->template_body);
    for (size_t i = 0; i < in->nparameters; i++) {
        query_param_fmt(p, in->parameters[i].key, "Parameters.member.%zu.ParameterKey", i + 1);
        query_param_fmt(p, in->parameters[i].value, "Parameters.member.%zu.ParameterValue", i + 1);
    }
    for (size_t i = 0; i < in->ncapabilities; i++) query_param_fmt(p, in->capabilities[i], "Capabilities.member.%zu", i + 1);
    for (size_t i = 0; i < in->ntags; i++) {
        query_param_fmt(p, in->tags[i].key, "Tags.member.%zu.Key", i + 1);
        query_param_fmt(p, in->tags[i].value, "Tags.member.%zu.Value", i + 1);
    }
}

aws_error *cfn_call(aws_client *c, query_params *p, const char *stack, query_response *r)
{
    query_call_opts opts = {NULL, NULL, stack};
    return query_call(c, "cloudformation", p, &opts, r);
}

/* A call whose only parameter is StackName; r is freed by the caller (also after an error). */
static aws_error *by_stack(aws_client *c, const char *action, const char *stack, query_response *r)
{
    query_params p;
    query_params_init(&p, action, CFN_VERSION);
    query_param(&p, "StackName", stack);
    aws_error *err = cfn_call(c, &p, stack, r);
    query_params_free(&p);
    return err;
}

/* A call whose answer carries nothing but an optional StackId. */
static aws_error *simple(aws_client *c, query_params *p, const char *stack, char *stack_id)
{
    query_response r;
    aws_error *err = cfn_call(c, p, stack, &r);
    if (!err && stack_id) {
        const char *id = xml_text(r.result, "StackId");
        snprintf(stack_id, 256, "%s", id ? id : "");
    }
    query_response_free(&r);
    query_params_free(p);
    return err;
}

aws_error *cfn_create_stack(aws_client *c, const char *stack, const cfn_template_input *in, char *stack_id)
{
    query_params p;
    query_params_init(&p, "CreateStack", CFN_VERSION);
    query_param(&p, "StackName", stack);
    cfn_add_template_input(&p, in);
    return simple(c, &p, stack, stack_id);
}

aws_error *cfn_update_stack(aws_client *c, const char *stack, const cfn_template_input *in)
{
    query_params p;
    query_params_init(&p, "UpdateStack", CFN_VERSION);
    query_param(&p, "StackName", stack);
    cfn_add_template_input(&p, in);
    return simple(c, &p, stack, NULL);
}

aws_error *cfn_delete_stack(aws_client *c, const char *stack)
{
    query_response r;
    aws_error *err = by_stack(c, "DeleteStack", stack, &r);
    query_response_free(&r);
    return err;
}

/* Pairs of a <member> list (Parameters: ParameterKey/ParameterValue, Outputs: OutputKey/OutputValue). */
static cfn_pair *pairs(const xml_node *list, const char *key, const char *value, size_t *n)
{
    *n = 0;
    for (const xml_node *m = xml_child(list, "member"); m; m = xml_next(m)) (*n)++;
    cfn_pair *v = calloc(*n ? *n : 1, sizeof *v);
    if (!v) abort();
    size_t i = 0;
    for (const xml_node *m = xml_child(list, "member"); m; m = xml_next(m), i++) {
        v[i].key = cfn_text_dup(m, key);
        v[i].value = cfn_text_dup(m, value);
    }
    return v;
}

aws_error *cfn_describe_stack(aws_client *c, const char *stack, cfn_stack *out, int *found)
{
    memset(out, 0, sizeof *out);
    *found = 0;
    query_response r;
    aws_error *err = by_stack(c, "DescribeStacks", stack, &r);
    if (err && aws_error_is(err, "ValidationError") && strstr(err->message, "does not exist")) {
        aws_error_free(err);
        err = NULL;
    } else if (!err) {
        const xml_node *m = xml_find(r.result, "Stacks/member");
        if (m) {
            *found = 1;
            out->id = cfn_text_dup(m, "StackId");
            out->name = cfn_text_dup(m, "StackName");
            out->status = cfn_text_dup(m, "StackStatus");
            out->status_reason = cfn_text_dup(m, "StackStatusReason");
            out->description = cfn_text_dup(m, "Description");
            out->parameters = pairs(xml_child(m, "Parameters"), "ParameterKey", "ParameterValue", &out->nparameters);
            out->outputs = pairs(xml_child(m, "Outputs"), "OutputKey", "OutputValue", &out->noutputs);
            out->tags = pairs(xml_child(m, "Tags"), "Key", "Value", &out->ntags);
        }
    }
    query_response_free(&r);
    return err;
}

static void pairs_free(cfn_pair *v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(v[i].key);
        free(v[i].value);
    }
    free(v);
}

void cfn_stack_free(cfn_stack *s)
{
    free(s->id);
    free(s->name);
    free(s->status);
    free(s->status_reason);
    free(s->description);
    pairs_free(s->parameters, s->nparameters);
    pairs_free(s->outputs, s->noutputs);
    pairs_free(s->tags, s->ntags);
    memset(s, 0, sizeof *s);
}

static const char *pair_value(const cfn_pair *v, size_t n, const char *key)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(v[i].key, key) == 0) return v[i].value;
    return NULL;
}

const char *cfn_stack_parameter(const cfn_stack *s, const char *key)
{
    return pair_value(s->parameters, s->nparameters, key);
}

const char *cfn_stack_output(const cfn_stack *s, const char *key)
{
    return pair_value(s->outputs, s->noutputs, key);
}

const char *cfn_stack_tag(const cfn_stack *s, const char *key)
{
    return pair_value(s->tags, s->ntags, key);
}

aws_error *cfn_describe_stack_resources(aws_client *c, const char *stack, cfn_resource_list *out)
{
    memset(out, 0, sizeof *out);
    query_response r;
    aws_error *err = by_stack(c, "DescribeStackResources", stack, &r);
    if (!err) {
        const xml_node *list = xml_child(r.result, "StackResources");
        size_t n = 0;
        for (const xml_node *m = xml_child(list, "member"); m; m = xml_next(m)) n++;
        out->v = calloc(n ? n : 1, sizeof *out->v);
        if (!out->v) abort();
        for (const xml_node *m = xml_child(list, "member"); m; m = xml_next(m)) {
            cfn_resource *res = &out->v[out->n++];
            res->logical_id = cfn_text_dup(m, "LogicalResourceId");
            res->physical_id = cfn_text_dup(m, "PhysicalResourceId");
            res->type = cfn_text_dup(m, "ResourceType");
            res->status = cfn_text_dup(m, "ResourceStatus");
            res->status_reason = cfn_text_dup(m, "ResourceStatusReason");
        }
    }
    query_response_free(&r);
    return err;
}

void cfn_resource_list_free(cfn_resource_list *l)
{
    for (size_t i = 0; i < l->n; i++) {
        free(l->v[i].logical_id);
        free(l->v[i].physical_id);
        free(l->v[i].type);
        free(l->v[i].status);
        free(l->v[i].status_reason);
    }
    free(l->v);
    memset(l, 0, sizeof *l);
}

aws_error *cfn_get_template(aws_client *c, const char *stack, buf *out)
{
    query_response r;
    aws_error *err = by_stack(c, "GetTemplate", stack, &r); /* TemplateStage defaults to Original */
    if (!err) {
        const char *body = xml_text(r.result, "TemplateBody");
        buf_adds(out, body ? body : "");
    }
    query_response_free(&r);
    return err;
}

int cfn_status_settled(const char *status)
{
    size_t n = strlen(status);
    if (n >= 12 && strcmp(status + n - 12, "_IN_PROGRESS") == 0) return 0;
    return (n >= 9 && strcmp(status + n - 9, "_COMPLETE") == 0) || (n >= 7 && strcmp(status + n - 7, "_FAILED") == 0);
}
