/* The change-set actions: CreateChangeSet (UPDATE, or CREATE on a stack that does not exist yet, which
 * then waits in REVIEW_IN_PROGRESS), DescribeChangeSet, ExecuteChangeSet, DeleteChangeSet and
 * ListChangeSets. A change set keeps the pending template and values in _next until executed. */
#include <stdio.h>
#include <string.h>

#include "local/api.h"
#include "local/changes.h"
#include "local/engine.h"
#include "local/ident.h"
#include "local/reply.h"
#include "local/stack.h"
#include "local/template.h"

/* The change set named by ChangeSetName (a name with StackName, or an ARN); *stack receives its stack.
 * Sets ChangeSetNotFound when there is none. */
static json_object *find_change_set(struct api_req *r, json_object **stack)
{
    const char *cs = form_get(r->q, "ChangeSetName"), *sn = form_get(r->q, "StackName");
    *stack = NULL;
    for (size_t i = 0; cs && i < json_object_array_length(r->store->stacks); i++) {
        json_object *st = json_object_array_get_idx(r->store->stacks, i);
        if (strcmp(stack_str(st, "StackStatus"), "DELETE_COMPLETE") == 0) continue;
        if (sn && strcmp(sn, stack_str(st, "StackName")) != 0 && strcmp(sn, stack_str(st, "StackId")) != 0) continue;
        json_object *sets = json_object_object_get(st, "_change_sets");
        for (size_t k = 0; k < json_object_array_length(sets); k++) {
            json_object *c = json_object_array_get_idx(sets, k);
            if (strcmp(stack_str(c, "ChangeSetId"), cs) == 0 || (sn && strcmp(stack_str(c, "ChangeSetName"), cs) == 0)) {
                *stack = st;
                return c;
            }
        }
    }
    api_fail(r, 404, "ChangeSetNotFound", "ChangeSet [%s] does not exist", cs ? cs : "");
    return NULL;
}

static void remove_change_set(json_object *stack, json_object *cs)
{
    json_object *sets = json_object_object_get(stack, "_change_sets");
    for (size_t i = 0; i < json_object_array_length(sets); i++)
        if (json_object_array_get_idx(sets, i) == cs) {
            json_object_array_del_idx(sets, i, 1);
            return;
        }
}

int api_create_change_set(struct api_req *r)
{
    const char *name = form_get(r->q, "StackName"), *cs_name = form_get(r->q, "ChangeSetName");
    const char *type = form_get(r->q, "ChangeSetType");
    if (!type) type = "UPDATE";
    if (!name || !cs_name) return api_fail(r, 400, "ValidationError", "StackName and ChangeSetName are required");
    if (strcmp(type, "CREATE") != 0 && strcmp(type, "UPDATE") != 0)
        return api_fail(r, 400, "ValidationError", "ChangeSetType %s is not supported by the local cloud", type);
    json_object *st = store_find(r->store, name);
    const char *status = st ? stack_str(st, "StackStatus") : NULL;
    if (strcmp(type, "UPDATE") == 0) {
        if (!st) return api_fail(r, 400, "ValidationError", "Stack [%s] does not exist", name);
        if (!api_updatable(status))
            return api_fail(r, 400, "ValidationError", "Stack:%s is in %s state and can not be updated.", stack_str(st, "StackId"), status);
    } else if (st && strcmp(status, "REVIEW_IN_PROGRESS") != 0) {
        return api_fail(r, 400, "ValidationError", "Stack [%s] already exists and cannot be created again with the changeSet [%s].", name, cs_name);
    }
    json_object *sets = st ? json_object_object_get(st, "_change_sets") : NULL;
    for (size_t i = 0; sets && i < json_object_array_length(sets); i++)
        if (strcmp(stack_str(json_object_array_get_idx(sets, i), "ChangeSetName"), cs_name) == 0)
            return api_fail(r, 400, "AlreadyExistsException", "ChangeSet [%s] already exists", cs_name);
    struct tpl t;
    json_object *next = NULL, *fresh = NULL;
    if (!st) st = fresh = stack_new(name, "REVIEW_IN_PROGRESS");
    int rc = api_prepare(r, strcmp(type, "UPDATE") == 0 ? st : NULL, name, &next, &t);
    json_object *changes = NULL;
    if (rc == 0) {
        t.stack_id = stack_str(st, "StackId");
        t.resources = json_object_object_get(st, "_resources");
        if (!(changes = changes_of(&t, st))) rc = api_fail(r, 400, "ValidationError", "%s", t.err);
    }
    tpl_free(&t);
    if (rc != 0) {
        json_object_put(fresh);
        json_object_put(next);
        return -1;
    }
    if (fresh) {
        stack_status(fresh, "REVIEW_IN_PROGRESS", "User Initiated");
        store_add(r->store, fresh);
    }
    char now[32], id[600];
    ident_arn(id, sizeof id, "changeSet", cs_name);
    ident_now(now);
    json_object *cs = json_object_new_object();
    stack_set_str(cs, "ChangeSetName", cs_name);
    stack_set_str(cs, "ChangeSetId", id);
    stack_set_str(cs, "StackId", stack_str(st, "StackId"));
    stack_set_str(cs, "StackName", name);
    stack_set_str(cs, "Description", form_get(r->q, "Description"));
    json_object_object_add(cs, "Parameters", json_object_get(json_object_object_get(next, "Parameters")));
    stack_set_str(cs, "CreationTime", now);
    int empty = strcmp(type, "UPDATE") == 0 && json_object_array_length(changes) == 0 &&
                strcmp(stack_str(next, "_template"), stack_str(st, "_template")) == 0 &&
                json_object_equal(json_object_object_get(next, "_params"), json_object_object_get(st, "_params"));
    stack_set_str(cs, "ExecutionStatus", empty ? "UNAVAILABLE" : "AVAILABLE");
    stack_set_str(cs, "Status", empty ? "FAILED" : "CREATE_COMPLETE");
    if (empty)
        stack_set_str(cs, "StatusReason", "The submitted information didn't contain changes. Submit different information to create a change set.");
    json_object_object_add(cs, "NotificationARNs", json_object_new_array());
    json_object_object_add(cs, "RollbackConfiguration", json_object_new_object());
    json_object_object_add(cs, "Capabilities", json_object_get(json_object_object_get(next, "Capabilities")));
    json_object_object_add(cs, "Tags", json_object_get(json_object_object_get(next, "Tags")));
    json_object_object_add(cs, "Changes", changes);
    json_object_object_add(cs, "IncludeNestedStacks", json_object_new_boolean(0));
    json_object_object_add(cs, "_next", next);
    stack_set_str(cs, "_type", type);
    json_object_array_add(json_object_object_get(st, "_change_sets"), cs);
    store_save(r->store);
    reply_begin(&r->out, "CreateChangeSet");
    reply_text(&r->out, "Id", id);
    reply_text(&r->out, "StackId", stack_str(st, "StackId"));
    reply_end(&r->out, "CreateChangeSet", r->request_id);
    return 0;
}

int api_describe_change_set(struct api_req *r)
{
    json_object *st, *cs = find_change_set(r, &st);
    if (!cs) return -1;
    buf_reset(&r->out);
    reply_begin(&r->out, "DescribeChangeSet");
    json_object_object_foreach(cs, k, v) if (k[0] != '_') reply_json(&r->out, k, v);
    reply_end(&r->out, "DescribeChangeSet", r->request_id);
    return 0;
}

int api_execute_change_set(struct api_req *r)
{
    json_object *st, *cs = find_change_set(r, &st);
    if (!cs) return -1;
    const char *exec = stack_str(cs, "ExecutionStatus");
    if (strcmp(exec, "AVAILABLE") != 0)
        return api_fail(r, 400, "InvalidChangeSetStatus", "ChangeSet [%s] cannot be executed in its current status of [%s]",
                        stack_str(cs, "ChangeSetId"), stack_str(cs, "Status"));
    const char *status = stack_str(st, "StackStatus");
    json_object *next = json_object_get(json_object_object_get(cs, "_next"));
    stack_set_str(st, "ChangeSetId", stack_str(cs, "ChangeSetId"));
    int creating = strcmp(status, "REVIEW_IN_PROGRESS") == 0;
    if (!creating && !api_updatable(status)) {
        json_object_put(next);
        return api_fail(r, 400, "ValidationError", "Stack:%s is in %s state and can not be updated.", stack_str(st, "StackId"), status);
    }
    /* AWS removes every change set of a stack once one is executed */
    json_object_object_add(st, "_change_sets", json_object_new_array());
    if (form_bool(r->q, "DisableRollback")) json_object_object_add(st, "DisableRollback", json_object_new_boolean(1));
    if (creating) {
        json_object_object_foreach(next, k, v) json_object_object_add(st, k, json_object_get(v));
        if (!json_object_object_get_ex(st, "DisableRollback", NULL))
            json_object_object_add(st, "DisableRollback", json_object_new_boolean(0));
        json_object_object_add(st, "NotificationARNs", json_object_new_array());
        json_object_object_add(st, "RollbackConfiguration", json_object_new_object());
        json_object_object_add(st, "EnableTerminationProtection", json_object_new_boolean(0));
        stack_status(st, "CREATE_IN_PROGRESS", "User Initiated");
        engine_submit(stack_str(st, "StackId"), ENGINE_CREATE);
    } else {
        json_object_object_add(st, "_next", json_object_get(next));
        stack_status(st, "UPDATE_IN_PROGRESS", "User Initiated");
        engine_submit(stack_str(st, "StackId"), ENGINE_UPDATE);
    }
    json_object_put(next);
    store_save(r->store);
    reply_begin(&r->out, "ExecuteChangeSet");
    reply_end(&r->out, "ExecuteChangeSet", r->request_id);
    return 0;
}

int api_delete_change_set(struct api_req *r)
{
    json_object *st, *cs = find_change_set(r, &st);
    if (!cs) return -1;
    remove_change_set(st, cs);
    store_save(r->store);
    reply_begin(&r->out, "DeleteChangeSet");
    reply_end(&r->out, "DeleteChangeSet", r->request_id);
    return 0;
}

int api_list_change_sets(struct api_req *r)
{
    json_object *st = api_stack(r, "StackName");
    if (!st) return -1;
    reply_begin(&r->out, "ListChangeSets");
    buf_adds(&r->out, "<Summaries>");
    json_object *sets = json_object_object_get(st, "_change_sets");
    for (size_t i = 0; i < json_object_array_length(sets); i++) {
        static const char *const keep[] = {"StackId", "ChangeSetId", "ChangeSetName", "StackName", "ExecutionStatus",
                                           "Status", "StatusReason", "CreationTime", "Description"};
        reply_summary(&r->out, json_object_array_get_idx(sets, i), keep, sizeof keep / sizeof keep[0]);
    }
    buf_adds(&r->out, "</Summaries>");
    reply_end(&r->out, "ListChangeSets", r->request_id);
    return 0;
}
