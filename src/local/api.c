/* Request dispatch for the CloudFormation Query API: the credential check, Action to handler, and the
 * template and parameter checks that CreateStack, UpdateStack and CreateChangeSet share. */
#include "local/api.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "local/engine.h"
#include "local/graph.h"
#include "local/ident.h"
#include "local/reply.h"
#include "local/stack.h"
#include "local/template.h"
#include "local/template_url.h"

static int prepare(struct api_req *r, json_object *stack, const char *name, const char *body, json_object **next,
                   struct tpl *t);

int api_fail(struct api_req *r, int http, const char *code, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    buf_reset(&r->out);
    reply_error(&r->out, "Sender", code, msg, r->request_id);
    r->status = http;
    return -1;
}

json_object *api_stack(struct api_req *r, const char *param)
{
    const char *name = form_get(r->q, param);
    json_object *st = name ? store_find(r->store, name) : NULL;
    if (!st) api_fail(r, 400, "ValidationError", "Stack with id %s does not exist", name ? name : "");
    return st;
}

int api_updatable(const char *status)
{
    return strcmp(status, "CREATE_COMPLETE") == 0 || strcmp(status, "UPDATE_COMPLETE") == 0 ||
           strcmp(status, "UPDATE_ROLLBACK_COMPLETE") == 0 || strcmp(status, "IMPORT_COMPLETE") == 0;
}

const char *api_capability(struct tpl *t)
{
    const char *need = NULL;
    json_object *res = json_object_object_get(t->doc, "Resources");
    json_object_object_foreach(res, name, decl)
    {
        (void)name;
        const char *type = json_object_get_string(json_object_object_get(decl, "Type"));
        if (strncmp(type, "AWS::IAM::", 10) != 0) continue;
        if (!need) need = "CAPABILITY_IAM";
        json_object *props = json_object_object_get(decl, "Properties");
        static const char *const named[] = {"RoleName", "InstanceProfileName", "ManagedPolicyName", "UserName", "GroupName"};
        for (size_t i = 0; i < sizeof named / sizeof named[0]; i++)
            if (props && json_object_object_get_ex(props, named[i], NULL)) need = "CAPABILITY_NAMED_IAM";
    }
    return need;
}

static int has_capability(struct api_req *r, const char *cap)
{
    size_t n = form_members(r->q, "Capabilities");
    for (size_t i = 1; i <= n; i++) {
        const char *c = form_getf(r->q, "Capabilities.member.%zu", i);
        if (c && (strcmp(c, cap) == 0 || strcmp(c, "CAPABILITY_NAMED_IAM") == 0)) return 1;
    }
    return 0;
}

static json_object *list_param(struct api_req *r, const char *name)
{
    json_object *arr = json_object_new_array();
    size_t n = form_members(r->q, name);
    for (size_t i = 1; i <= n; i++) {
        const char *v = form_getf(r->q, "%s.member.%zu", name, i);
        if (v) json_object_array_add(arr, json_object_new_string(v));
    }
    return arr;
}

const char *api_template(struct api_req *r, json_object *stack, buf *fetched)
{
    const char *body = form_get(r->q, "TemplateBody"), *url = form_get(r->q, "TemplateURL");
    char err[1024];
    if (!body && url) {
        if (template_url_fetch(url, fetched, err, sizeof err) != 0) {
            api_fail(r, 400, "ValidationError", "%s", err);
            return NULL;
        }
        body = fetched->data ? fetched->data : "";
    }
    if (!body && form_bool(r->q, "UsePreviousTemplate") && stack) body = stack_str(stack, "_template");
    if (!body) api_fail(r, 400, "ValidationError", "Either Template URL or Template Body must be specified.");
    return body;
}

int api_prepare(struct api_req *r, json_object *stack, const char *name, json_object **next, struct tpl *t)
{
    buf fetched = {0};
    *next = NULL;
    memset(t, 0, sizeof *t);
    const char *body = api_template(r, stack, &fetched);
    int rc = body ? prepare(r, stack, name, body, next, t) : -1;
    buf_free(&fetched);
    return rc;
}

/* api_prepare() once the template's text is known. */
static int prepare(struct api_req *r, json_object *stack, const char *name, const char *body, json_object **next, struct tpl *t)
{
    if (tpl_parse(t, body) != 0) return api_fail(r, 400, "ValidationError", "%s", t->err);
    json_object *given = json_object_new_object(), *prev = stack ? json_object_object_get(stack, "_raw") : NULL;
    size_t n = form_members(r->q, "Parameters");
    for (size_t i = 1; i <= n; i++) {
        const char *key = form_getf(r->q, "Parameters.member.%zu.ParameterKey", i);
        const char *value = form_getf(r->q, "Parameters.member.%zu.ParameterValue", i);
        const char *use_prev = form_getf(r->q, "Parameters.member.%zu.UsePreviousValue", i);
        if (!key) continue;
        if (use_prev && strcmp(use_prev, "true") == 0) {
            json_object *pv = NULL;
            if (!prev || !json_object_object_get_ex(prev, key, &pv)) {
                json_object_put(given);
                return api_fail(r, 400, "ValidationError", "Invalid input for parameter key %s. Cannot specify usePreviousValue as true for a parameter key not in the previous template", key);
            }
            json_object_object_add(given, key, json_object_get(pv));
        } else if (value) {
            json_object_object_add(given, key, json_object_new_string(value));
        }
    }
    json_object *shown = NULL;
    t->stack_name = name;
    int rc = tpl_params(t, given, &shown);
    json_object_put(given);
    if (rc != 0) {
        json_object_put(shown);
        return api_fail(r, 400, "ValidationError", "%s", t->err);
    }
    json_object *order = graph_order(t);
    if (!order) {
        json_object_put(shown);
        return api_fail(r, 400, "ValidationError", "%s", t->err);
    }
    json_object_put(order);
    const char *cap = api_capability(t);
    if (cap && !has_capability(r, cap)) {
        json_object_put(shown);
        return api_fail(r, 400, "InsufficientCapabilitiesException", "Requires capabilities : [%s]", cap);
    }
    *next = json_object_new_object();
    stack_set_str(*next, "_template", body);
    json_object *params_copy = NULL;
    json_object_deep_copy(t->params, &params_copy, NULL);
    json_object_object_add(*next, "_params", params_copy);
    json_object_object_add(*next, "Parameters", shown);
    json_object_object_add(*next, "_raw", json_object_get(t->raw));
    json_object *tags = json_object_new_array();
    size_t nt = form_members(r->q, "Tags");
    for (size_t i = 1; i <= nt; i++) {
        json_object *tag = json_object_new_object();
        stack_set_str(tag, "Key", form_getf(r->q, "Tags.member.%zu.Key", i));
        stack_set_str(tag, "Value", form_getf(r->q, "Tags.member.%zu.Value", i));
        json_object_array_add(tags, tag);
    }
    json_object_object_add(*next, "Tags", tags);
    json_object_object_add(*next, "Capabilities", list_param(r, "Capabilities"));
    return 0;
}

/* The error a marked access key gets, or NULL. */
static const char *key_mark(const char *keys_path, const char *key)
{
    static char code[64];
    if (!keys_path || !key) return NULL;
    json_object *keys = json_object_from_file(keys_path), *v = NULL;
    const char *out = NULL;
    if (keys && json_object_object_get_ex(keys, key, &v) && json_object_is_type(v, json_type_string)) {
        snprintf(code, sizeof code, "%s", json_object_get_string(v));
        out = code;
    }
    json_object_put(keys);
    return out;
}

/* STS GetCallerIdentity, so that a client pointed at the local cloud (AWS_ENDPOINT_URL_STS is this
 * endpoint under --local) can ask who it is, as `etlctl doctor` does. */
static int caller_identity(struct api_req *r, const char *access_key)
{
    buf_printf(&r->out,
               "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">\n"
               "  <GetCallerIdentityResult>\n    <Arn>arn:aws:iam::%s:user/local</Arn>\n    <UserId>",
               LOCAL_ACCOUNT);
    reply_escape(&r->out, access_key);
    buf_printf(&r->out,
               "</UserId>\n    <Account>%s</Account>\n  </GetCallerIdentityResult>\n  <ResponseMetadata>\n    <RequestId>%s</RequestId>\n"
               "  </ResponseMetadata>\n</GetCallerIdentityResponse>\n",
               LOCAL_ACCOUNT, r->request_id);
    return 0;
}

static const struct action {
    const char *name;
    int (*fn)(struct api_req *r);
    int starts_operation;
} actions[] = {
    {"CreateStack", api_create_stack, 1},
    {"UpdateStack", api_update_stack, 1},
    {"DeleteStack", api_delete_stack, 1},
    {"DescribeStacks", api_describe_stacks, 0},
    {"ListStacks", api_list_stacks, 0},
    {"DescribeStackEvents", api_describe_stack_events, 0},
    {"DescribeStackResources", api_describe_stack_resources, 0},
    {"ListStackResources", api_list_stack_resources, 0},
    {"GetTemplate", api_get_template, 0},
    {"ValidateTemplate", api_validate_template, 0},
    {"GetTemplateSummary", api_get_template_summary, 0},
    {"CreateChangeSet", api_create_change_set, 0},
    {"DescribeChangeSet", api_describe_change_set, 0},
    {"ExecuteChangeSet", api_execute_change_set, 1},
    {"DeleteChangeSet", api_delete_change_set, 0},
    {"ListChangeSets", api_list_change_sets, 0},
};

void api_handle(struct api_req *r, const char *access_key, const char *keys_path)
{
    ident_uuid(r->request_id);
    r->status = 200;
    r->action = form_get(r->q, "Action");
    if (!access_key) {
        api_fail(r, 403, "MissingAuthenticationToken", "Request is missing Authentication Token");
        return;
    }
    const char *mark = key_mark(keys_path, access_key);
    if (mark && strcmp(mark, "InvalidClientTokenId") == 0) {
        api_fail(r, 403, mark, "The security token included in the request is invalid.");
        return;
    }
    if (mark && strcmp(mark, "ExpiredToken") == 0) {
        api_fail(r, 400, mark, "The security token included in the request is expired");
        return;
    }
    if (mark && strcmp(mark, "AccessDenied") == 0) {
        api_fail(r, 403, mark, "User: arn:aws:iam::%s:user/local is not authorized to perform: cloudformation:%s", LOCAL_ACCOUNT,
                 r->action ? r->action : "");
        return;
    }
    if (r->action && strcmp(r->action, "GetCallerIdentity") == 0) {
        caller_identity(r, access_key);
        return;
    }
    for (size_t i = 0; r->action && i < sizeof actions / sizeof actions[0]; i++) {
        if (strcmp(actions[i].name, r->action) != 0) continue;
        store_lock(r->store);
        int rc = actions[i].fn(r);
        store_unlock(r->store);
        /* AWS answers at once and the client polls; the AWS CLI's waiters then sleep 30 s before they
         * look again. Answering once a quick operation has ended (at most 1 s later) spares them that
         * sleep; the statuses and events are the same either way. */
        if (rc == 0 && actions[i].starts_operation) engine_drain(1000);
        return;
    }
    api_fail(r, 400, "InvalidAction", "Could not find operation %s for version 2010-05-15", r->action ? r->action : "");
}
