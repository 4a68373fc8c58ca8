/* A CloudFormation template being applied: its parsed document, the parameter values, conditions, and
 * the evaluation of intrinsic functions (Ref, Fn::GetAtt, Fn::Sub, Fn::Join, Fn::If, Fn::Select,
 * Fn::Split, Fn::GetAZs, Fn::Base64, Fn::FindInMap, Fn::Equals/And/Or/Not) and pseudo parameters. */
#ifndef ETL_LOCAL_TEMPLATE_H
#define ETL_LOCAL_TEMPLATE_H

#include <json-c/json.h>

/* Invariant: doc is a JSON object with a Resources object; params maps every declared parameter to
 * its value (a string), raw to the value given; conds caches evaluated conditions (name -> boolean). */
struct tpl {
    json_object *doc;
    json_object *params;
    json_object *conds;
    json_object *raw;       /* parameter values as given, before SSM resolution (UsePreviousValue) */
    json_object *resources; /* borrowed: the stack's _resources, for Ref and Fn::GetAtt */
    const char *stack_name, *stack_id;
    int lenient;            /* a resource not yet created evaluates to a placeholder (change-set preview) */
    json_object *pending;   /* with lenient: resources a preview replaces (their new ids are unknown), or NULL */
    char err[512];
};

/* Parses a template body (JSON, or YAML with short-form tags). 0, or -1 with t->err in CloudFormation's words
 * ("Template format error: ..."). */
int tpl_parse(struct tpl *t, const char *body);
/* Resolves parameter values: given (name -> value, may be NULL), the previous ones for
 * UsePreviousValue (prev), defaults, types (Number, lists, AWS::SSM::Parameter::Value<...> resolved to
 * local values), AllowedValues/AllowedPattern-free checks. Fills t->params; the values shown by
 * DescribeStacks (NoEcho masked, ResolvedValue for SSM types) go to *shown (a new array). 0 or -1. */
int tpl_params(struct tpl *t, json_object *given, json_object **shown);
/* Evaluates a condition by name. 1 true, 0 false, -1 error. */
int tpl_condition(struct tpl *t, const char *name);
/* Whether a resource or output with a "Condition" member is in (1), out (0), or -1 on error. */
int tpl_included(struct tpl *t, json_object *decl);
/* Evaluates intrinsic functions in v: *out is a new value, or NULL for AWS::NoValue. 0 or -1. */
int tpl_eval(struct tpl *t, json_object *v, json_object **out);
/* The scalar's text (a string, or a number or boolean in its JSON form); NULL for other types. */
const char *tpl_scalar(json_object *v);
void tpl_free(struct tpl *t);

#endif
