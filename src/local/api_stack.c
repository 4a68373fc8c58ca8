/* The stack actions: CreateStack, UpdateStack, DeleteStack, DescribeStacks, DescribeStackEvents,
 * DescribeStackResources, ListStackResources, GetTemplate, ValidateTemplate. Handlers run under the
 * store lock; operations are queued to the engine and the reply returns at once, as on AWS. */
#include <stdio.h>
#include <string.h>

#include "local/api.h"
#include "local/changes.h"
#include "local/engine.h"
#include "local/reply.h"
#include "local/stack.h"
#include "local/template.h"

static int valid_stack_name(const char *s)
{
    if (!s || !((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z')) || strlen(s) > 128) return 0;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') || *s == '-')) return 0;
    return 1;
}

int api_create_stack(struct api_req *r)
{
    const char *name = form_get(r->q, "StackName");
    if (!valid_stack_name(name))
        return api_fail(r, 400, "ValidationError",
                        "1 validation error detected: Value '%s' at 'stackName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z][-a-zA-Z0-9]*",
                        name ? name : "");
    if (store_find(r->store, name)) return api_fail(r, 400, "AlreadyExistsException", "Stack [%s] already exists", name);
    struct tpl t;
    json_object *next = NULL;
    if (api_prepare(r, NULL, name, &next, &t) != 0) {
        tpl_free(&t);
        return -1;
    }
    tpl_free(&t);
    json_object *st = stack_new(name, "CREATE_IN_PROGRESS");
    json_object_object_foreach(next, k, v) json_object_object_add(st, k, json_object_get(v));
    json_object_put(next);
    const char *on_failure = form_get(r->q, "OnFailure");
    int disable = form_bool(r->q, "DisableRollback") || (on_failure && strcmp(on_failure, "DO_NOTHING") == 0);
    json_object_object_add(st, "DisableRollback", json_object_new_boolean(disable));
    json_object_object_add(st, "NotificationARNs", json_object_new_array());
    json_object_object_add(st, "RollbackConfiguration", json_object_new_object());
    json_object_object_add(st, "EnableTerminationProtection", json_object_new_boolean(0));
    stack_status(st, "CREATE_IN_PROGRESS", "User Initiated");
    store_add(r->store, st);
    store_save(r->store);
    engine_submit(stack_str(st, "StackId"), ENGINE_CREATE);
    reply_begin(&r->out, "CreateStack");
    reply_text(&r->out, "StackId", stack_str(st, "StackId"));
    reply_end(&r->out, "CreateStack", r->request_id);
    return 0;
}

int api_update_stack(struct api_req *r)
{
    const char *name = form_get(r->q, "StackName");
    json_object *st = name ? store_find(r->store, name) : NULL;
    if (!st) return api_fail(r, 400, "ValidationError", "Stack [%s] does not exist", name ? name : "");
    const char *status = stack_str(st, "StackStatus");
    if (!api_updatable(status))
        return api_fail(r, 400, "ValidationError", "Stack:%s is in %s state and can not be updated.", stack_str(st, "StackId"), status);
    struct tpl t;
    json_object *next = NULL;
    if (api_prepare(r, st, stack_str(st, "StackName"), &next, &t) != 0) {
        tpl_free(&t);
        return -1;
    }
    t.stack_id = stack_str(st, "StackId");
    t.resources = json_object_object_get(st, "_resources");
    json_object *changes = changes_of(&t, st);
    int same = changes && json_object_array_length(changes) == 0 &&
               strcmp(stack_str(next, "_template"), stack_str(st, "_template")) == 0 &&
               json_object_equal(json_object_object_get(next, "_params"), json_object_object_get(st, "_params"));
    json_object_put(changes);
    tpl_free(&t);
    if (same) {
        json_object_put(next);
        return api_fail(r, 400, "ValidationError", "No updates are to be performed.");
    }
    json_object_object_add(st, "_next", next);
    stack_status(st, "UPDATE_IN_PROGRESS", "User Initiated");
    store_save(r->store);
    engine_submit(stack_str(st, "StackId"), ENGINE_UPDATE);
    reply_begin(&r->out, "UpdateStack");
    reply_text(&r->out, "StackId", stack_str(st, "StackId"));
    reply_end(&r->out, "UpdateStack", r->request_id);
    return 0;
}

int api_delete_stack(struct api_req *r)
{
    const char *name = form_get(r->q, "StackName");
    json_object *st = name ? store_find(r->store, name) : NULL;
    const char *status = st ? stack_str(st, "StackStatus") : NULL;
    if (st && strcmp(status, "DELETE_COMPLETE") != 0) {
        if (strcmp(status, "REVIEW_IN_PROGRESS") == 0) {
            stack_status(st, "DELETE_COMPLETE", NULL);
        } else if (!stack_settled(status) && strcmp(status, "DELETE_IN_PROGRESS") != 0) {
            return api_fail(r, 400, "ValidationError", "Stack [%s] cannot be deleted while in status %s", name, status);
        } else if (strcmp(status, "DELETE_IN_PROGRESS") != 0) {
            stack_status(st, "DELETE_IN_PROGRESS", "User Initiated");
            engine_submit(stack_str(st, "StackId"), ENGINE_DELETE);
        }
        store_save(r->store);
    }
    reply_begin(&r->out, "DeleteStack");
    reply_end(&r->out, "DeleteStack", r->request_id);
    return 0;
}

int api_describe_stacks(struct api_req *r)
{
    const char *name = form_get(r->q, "StackName");
    json_object *one = NULL;
    if (name && !(one = api_stack(r, "StackName"))) return -1;
    reply_begin(&r->out, "DescribeStacks");
    buf_adds(&r->out, "<Stacks>");
    for (size_t i = 0; i < json_object_array_length(r->store->stacks); i++) {
        json_object *st = json_object_array_get_idx(r->store->stacks, i);
        if (one ? st != one : strcmp(stack_str(st, "StackStatus"), "DELETE_COMPLETE") == 0) continue;
        reply_json(&r->out, "member", st);
    }
    buf_adds(&r->out, "</Stacks>");
    reply_end(&r->out, "DescribeStacks", r->request_id);
    return 0;
}

int api_list_stacks(struct api_req *r)
{
    size_t nf = form_members(r->q, "StackStatusFilter");
    reply_begin(&r->out, "ListStacks");
    buf_adds(&r->out, "<StackSummaries>");
    for (size_t i = json_object_array_length(r->store->stacks); i-- > 0;) { /* newest first */
        json_object *st = json_object_array_get_idx(r->store->stacks, i);
        const char *status = stack_str(st, "StackStatus");
        int keep = nf == 0;
        for (size_t k = 1; k <= nf && !keep; k++) {
            const char *f = form_getf(r->q, "StackStatusFilter.member.%zu", k);
            keep = f && strcmp(f, status) == 0;
        }
        if (!keep) continue;
        static const char *const fields[] = {"StackId", "StackName", "CreationTime", "LastUpdatedTime", "DeletionTime",
                                             "StackStatus", "StackStatusReason", "DriftInformation"};
        json_object *sum = json_object_new_object(), *v = NULL;
        for (size_t k = 0; k < sizeof fields / sizeof fields[0]; k++)
            if (json_object_object_get_ex(st, fields[k], &v)) json_object_object_add(sum, fields[k], json_object_get(v));
        if (json_object_object_get_ex(st, "Description", &v)) json_object_object_add(sum, "TemplateDescription", json_object_get(v));
        reply_json(&r->out, "member", sum);
        json_object_put(sum);
    }
    buf_adds(&r->out, "</StackSummaries>");
    reply_end(&r->out, "ListStacks", r->request_id);
    return 0;
}

int api_describe_stack_events(struct api_req *r)
{
    json_object *st = api_stack(r, "StackName");
    if (!st) return -1;
    reply_begin(&r->out, "DescribeStackEvents");
    json_object *events = json_object_object_get(st, "_events");
    buf_adds(&r->out, "<StackEvents>");
    for (size_t i = json_object_array_length(events); i-- > 0;) reply_json(&r->out, "member", json_object_array_get_idx(events, i));
    buf_adds(&r->out, "</StackEvents>");
    reply_end(&r->out, "DescribeStackEvents", r->request_id);
    return 0;
}

/* The stack holding a resource with this physical id, or NULL. */
static json_object *stack_of_physical(struct api_req *r, const char *physical)
{
    for (size_t i = 0; i < json_object_array_length(r->store->stacks); i++) {
        json_object *st = json_object_array_get_idx(r->store->stacks, i), *all = json_object_object_get(st, "_resources");
        if (strcmp(stack_str(st, "StackStatus"), "DELETE_COMPLETE") == 0) continue;
        for (size_t k = 0; k < json_object_array_length(all); k++) {
            const char *p = stack_str(json_object_array_get_idx(all, k), "PhysicalResourceId");
            if (p && strcmp(p, physical) == 0) return st;
        }
    }
    return NULL;
}

int api_describe_stack_resources(struct api_req *r)
{
    const char *physical = form_get(r->q, "PhysicalResourceId"), *logical = form_get(r->q, "LogicalResourceId");
    json_object *st = NULL;
    if (form_get(r->q, "StackName")) st = api_stack(r, "StackName");
    else if (physical && !(st = stack_of_physical(r, physical)))
        return api_fail(r, 400, "ValidationError", "Stack for %s does not exist", physical);
    else if (!physical) return api_fail(r, 400, "ValidationError", "Either StackName or PhysicalResourceId must be specified.");
    if (!st) return -1;
    reply_begin(&r->out, "DescribeStackResources");
    buf_adds(&r->out, "<StackResources>");
    json_object *all = json_object_object_get(st, "_resources");
    for (size_t i = 0; i < json_object_array_length(all); i++) {
        json_object *res = json_object_array_get_idx(all, i);
        const char *l = stack_str(res, "LogicalResourceId"), *p = stack_str(res, "PhysicalResourceId");
        if (logical && strcmp(l, logical) != 0) continue;
        if (physical && (!p || strcmp(p, physical) != 0)) continue;
        reply_json(&r->out, "member", res);
    }
    buf_adds(&r->out, "</StackResources>");
    reply_end(&r->out, "DescribeStackResources", r->request_id);
    return 0;
}

int api_list_stack_resources(struct api_req *r)
{
    json_object *st = api_stack(r, "StackName");
    if (!st) return -1;
    reply_begin(&r->out, "ListStackResources");
    buf_adds(&r->out, "<StackResourceSummaries>");
    json_object *all = json_object_object_get(st, "_resources");
    for (size_t i = 0; i < json_object_array_length(all); i++) {
        json_object *res = json_object_array_get_idx(all, i);
        static const char *const keep[] = {"LogicalResourceId", "PhysicalResourceId", "ResourceType", "LastUpdatedTimestamp",
                                           "ResourceStatus", "ResourceStatusReason", "DriftInformation"};
        reply_summary(&r->out, res, keep, sizeof keep / sizeof keep[0]);
    }
    buf_adds(&r->out, "</StackResourceSummaries>");
    reply_end(&r->out, "ListStackResources", r->request_id);
    return 0;
}

int api_get_template(struct api_req *r)
{
    json_object *st = api_stack(r, "StackName"), *src = st;
    if (!st) return -1;
    const char *cs_name = form_get(r->q, "ChangeSetName");
    if (cs_name) {
        json_object *sets = json_object_object_get(st, "_change_sets");
        src = NULL;
        for (size_t i = 0; i < json_object_array_length(sets); i++) {
            json_object *cs = json_object_array_get_idx(sets, i);
            if (strcmp(stack_str(cs, "ChangeSetName"), cs_name) == 0 || strcmp(stack_str(cs, "ChangeSetId"), cs_name) == 0)
                src = json_object_object_get(cs, "_next");
        }
        if (!src) return api_fail(r, 404, "ChangeSetNotFound", "ChangeSet [%s] does not exist", cs_name);
    }
    reply_begin(&r->out, "GetTemplate");
    reply_text(&r->out, "TemplateBody", stack_str(src, "_template"));
    buf_adds(&r->out, "<StagesAvailable><member>Original</member><member>Processed</member></StagesAvailable>");
    reply_end(&r->out, "GetTemplate", r->request_id);
    return 0;
}

/* ValidateTemplate and GetTemplateSummary: the template's parameters, description and the capabilities
 * it needs; the summary adds parameter types and constraints and the resource types. */
static int template_summary(struct api_req *r, const char *action, int summary)
{
    buf fetched = {0};
    json_object *st = NULL;
    if (summary && form_get(r->q, "StackName") && !(st = api_stack(r, "StackName"))) return -1;
    const char *body = st ? stack_str(st, "_template") : api_template(r, NULL, &fetched);
    struct tpl t;
    if (!body || tpl_parse(&t, body) != 0) {
        if (body) api_fail(r, 400, "ValidationError", "%s", t.err), tpl_free(&t);
        buf_free(&fetched);
        return -1;
    }
    buf_free(&fetched);
    reply_begin(&r->out, action);
    buf_adds(&r->out, "<Parameters>");
    json_object *decls = json_object_object_get(t.doc, "Parameters");
    if (json_object_is_type(decls, json_type_object)) {
        json_object_object_foreach(decls, key, decl)
        {
            json_object *row = json_object_new_object(), *v = NULL;
            stack_set_str(row, "ParameterKey", key);
            if (json_object_object_get_ex(decl, "Default", &v)) stack_set_str(row, "DefaultValue", tpl_scalar(v));
            if (summary) {
                v = json_object_object_get(decl, "Type");
                stack_set_str(row, "ParameterType", v ? tpl_scalar(v) : "String");
            }
            v = json_object_object_get(decl, "NoEcho");
            json_object_object_add(row, "NoEcho", json_object_new_boolean(v && strcmp(json_object_get_string(v), "true") == 0));
            if (json_object_object_get_ex(decl, "Description", &v)) stack_set_str(row, "Description", tpl_scalar(v));
            if (summary && json_object_object_get_ex(decl, "AllowedValues", &v)) {
                json_object *c = json_object_new_object();
                json_object_object_add(c, "AllowedValues", json_object_get(v));
                json_object_object_add(row, "ParameterConstraints", c);
            }
            reply_json(&r->out, "member", row);
            json_object_put(row);
        }
    }
    buf_adds(&r->out, "</Parameters>");
    json_object *d = json_object_object_get(t.doc, "Description");
    if (d) reply_text(&r->out, "Description", tpl_scalar(d));
    const char *cap = api_capability(&t);
    if (cap) {
        buf_printf(&r->out, "<Capabilities><member>%s</member></Capabilities>", cap);
        reply_text(&r->out, "CapabilitiesReason", "The following resource(s) require capabilities: [AWS::IAM::*]");
    }
    if (summary) {
        json_object *types = json_object_new_array(), *seen = json_object_new_object();
        json_object_object_foreach(json_object_object_get(t.doc, "Resources"), name, decl)
        {
            (void)name;
            const char *type = json_object_get_string(json_object_object_get(decl, "Type"));
            if (json_object_object_get_ex(seen, type, NULL)) continue;
            json_object_object_add(seen, type, NULL);
            json_object_array_add(types, json_object_new_string(type));
        }
        reply_json(&r->out, "ResourceTypes", types);
        reply_text(&r->out, "Version", "2010-09-09");
        json_object_put(types);
        json_object_put(seen);
    }
    reply_end(&r->out, action, r->request_id);
    tpl_free(&t);
    return 0;
}

int api_validate_template(struct api_req *r)
{
    return template_summary(r, "ValidateTemplate", 0);
}

int api_get_template_summary(struct api_req *r)
{
    return template_summary(r, "GetTemplateSummary", 1);
}
