/* Looking up a deployed stack's stream, bucket and app settings (stack_find.h). */
#include "deploy/stack_find.h"

#include <json-c/json.h>
#include <stdio.h>
#include <string.h>

#include "aws/cfn_stack.h"

/* The physical id of resource logical (or, logical NULL, the first of type). */
static aws_error *lookup(aws_client *c, const char *stack, const char *type, const char *logical, char *out, size_t n)
{
    cfn_resource_list l;
    aws_error *err = cfn_describe_stack_resources(c, stack, &l);
    if (err) {
        if (aws_error_is(err, "ValidationError") && strstr(err->message, "does not exist")) {
            aws_error_free(err);
            return aws_error_new("cloudformation", "NotFound", "stack %s does not exist: deploy it first", stack);
        }
        return err;
    }
    out[0] = 0;
    for (size_t i = 0; i < l.n && !out[0]; i++)
        if (logical ? strcmp(l.v[i].logical_id, logical) == 0 : strcmp(l.v[i].type, type) == 0)
            snprintf(out, n, "%s", l.v[i].physical_id);
    cfn_resource_list_free(&l);
    if (!out[0]) return aws_error_new("cloudformation", "NotFound", "stack %s has no %s", stack, logical ? logical : type);
    return NULL;
}

aws_error *stack_find_resource(aws_client *c, const char *stack, const char *type, char *out, size_t n)
{
    return lookup(c, stack, type, NULL, out, n);
}

aws_error *stack_find_results(aws_client *c, const char *stack, char *bucket, size_t nb, char *prefix, size_t np)
{
    buf tb = {0};
    prefix[0] = 0;
    aws_error *err = cfn_get_template(c, stack, &tb);
    if (err) {
        buf_free(&tb);
        return lookup(c, stack, "AWS::S3::Bucket", NULL, bucket, nb);
    }
    json_object *t = json_tokener_parse(tb.data ? tb.data : ""), *res = NULL;
    buf_free(&tb);
    const char *bucket_ref = NULL;
    if (t && json_object_object_get_ex(t, "Resources", &res) && json_object_is_type(res, json_type_object)) {
        json_object_object_foreach(res, id, decl)
        {
            (void)id;
            json_object *meta = json_object_object_get(decl, "Metadata");
            json_object *env = json_object_object_get(json_object_object_get(meta, "Etlctl::App"), "Environment");
            if (!env) continue;
            json_object *b = json_object_object_get(env, "ETL_BUCKET"), *p = json_object_object_get(env, "ETL_PREFIX");
            if (p && json_object_is_type(p, json_type_string)) snprintf(prefix, np, "%s", json_object_get_string(p));
            json_object *ref = b ? json_object_object_get(b, "Ref") : NULL;
            if (ref) bucket_ref = json_object_get_string(ref);
            else if (b && json_object_is_type(b, json_type_string)) snprintf(bucket, nb, "%s", json_object_get_string(b));
            break;
        }
    }
    if (bucket_ref) err = lookup(c, stack, NULL, bucket_ref, bucket, nb);
    else if (!bucket[0]) err = lookup(c, stack, "AWS::S3::Bucket", NULL, bucket, nb);
    json_object_put(t);
    return err;
}
