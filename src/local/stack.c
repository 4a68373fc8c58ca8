/* One stack's record: status, events and resources kept in CloudFormation's own shapes, so the
 * API replies are the record itself (see stack.h for the members). */
#include "local/stack.h"

#include <stdio.h>
#include <string.h>

#include "local/ident.h"

const char *stack_str(json_object *obj, const char *key)
{
    json_object *v;
    if (!obj || !json_object_object_get_ex(obj, key, &v) || !json_object_is_type(v, json_type_string)) return NULL;
    return json_object_get_string(v);
}

void stack_set_str(json_object *obj, const char *key, const char *value)
{
    if (value) json_object_object_add(obj, key, json_object_new_string(value));
    else json_object_object_del(obj, key);
}

json_object *stack_new(const char *name, const char *status)
{
    char now[32], id[512];
    ident_arn(id, sizeof id, "stack", name);
    ident_now(now);
    json_object *s = json_object_new_object();
    stack_set_str(s, "StackId", id);
    stack_set_str(s, "StackName", name);
    stack_set_str(s, "CreationTime", now);
    stack_set_str(s, "StackStatus", status);
    json_object *drift = json_object_new_object();
    stack_set_str(drift, "StackDriftStatus", "NOT_CHECKED");
    json_object_object_add(s, "DriftInformation", drift);
    json_object_object_add(s, "_resources", json_object_new_array());
    json_object_object_add(s, "_events", json_object_new_array());
    json_object_object_add(s, "_change_sets", json_object_new_array());
    return s;
}

/* Appends an event to _events (oldest first; DescribeStackEvents lists them newest first). */
static void add_event(json_object *stack, const char *logical, const char *physical, const char *type,
                      const char *status, const char *reason, const char *when)
{
    char uuid[37];
    ident_uuid(uuid);
    json_object *e = json_object_new_object();
    stack_set_str(e, "StackId", stack_str(stack, "StackId"));
    stack_set_str(e, "EventId", uuid);
    stack_set_str(e, "StackName", stack_str(stack, "StackName"));
    stack_set_str(e, "LogicalResourceId", logical);
    stack_set_str(e, "PhysicalResourceId", physical);
    stack_set_str(e, "ResourceType", type);
    stack_set_str(e, "Timestamp", when);
    stack_set_str(e, "ResourceStatus", status);
    stack_set_str(e, "ResourceStatusReason", reason);
    json_object *events = json_object_object_get(stack, "_events");
    json_object_array_add(events, e);
}

void stack_status(json_object *stack, const char *status, const char *reason)
{
    char now[32];
    ident_now(now);
    stack_set_str(stack, "StackStatus", status);
    stack_set_str(stack, "StackStatusReason", reason);
    if (strncmp(status, "UPDATE_", 7) == 0 && strstr(status, "_IN_PROGRESS")) stack_set_str(stack, "LastUpdatedTime", now);
    if (strcmp(status, "DELETE_COMPLETE") == 0) stack_set_str(stack, "DeletionTime", now);
    const char *name = stack_str(stack, "StackName");
    add_event(stack, name, stack_str(stack, "StackId"), "AWS::CloudFormation::Stack", status, reason, now);
}

void stack_event(json_object *stack, json_object *res, const char *status, const char *reason)
{
    char now[32];
    ident_now(now);
    add_event(stack, stack_str(res, "LogicalResourceId"), stack_str(res, "PhysicalResourceId"),
              stack_str(res, "ResourceType"), status, reason, now);
}

json_object *stack_resource(json_object *stack, const char *logical_id)
{
    json_object *list = json_object_object_get(stack, "_resources");
    for (size_t i = 0; i < json_object_array_length(list); i++) {
        json_object *r = json_object_array_get_idx(list, i);
        const char *id = stack_str(r, "LogicalResourceId");
        if (id && strcmp(id, logical_id) == 0) return r;
    }
    return NULL;
}

json_object *stack_resource_add(json_object *stack, const char *logical_id, const char *type)
{
    json_object *r = json_object_new_object();
    stack_set_str(r, "StackName", stack_str(stack, "StackName"));
    stack_set_str(r, "StackId", stack_str(stack, "StackId"));
    stack_set_str(r, "LogicalResourceId", logical_id);
    stack_set_str(r, "ResourceType", type);
    json_object *drift = json_object_new_object();
    stack_set_str(drift, "StackResourceDriftStatus", "NOT_CHECKED");
    json_object_object_add(r, "DriftInformation", drift);
    json_object_array_add(json_object_object_get(stack, "_resources"), r);
    return r;
}

void stack_resource_remove(json_object *stack, const char *logical_id)
{
    json_object *list = json_object_object_get(stack, "_resources");
    for (size_t i = 0; i < json_object_array_length(list); i++) {
        const char *id = stack_str(json_object_array_get_idx(list, i), "LogicalResourceId");
        if (id && strcmp(id, logical_id) == 0) {
            json_object_array_del_idx(list, i, 1);
            return;
        }
    }
}

void stack_resource_status(json_object *stack, json_object *res, const char *status, const char *reason)
{
    char now[32];
    ident_now(now);
    stack_set_str(res, "ResourceStatus", status);
    stack_set_str(res, "ResourceStatusReason", reason);
    stack_set_str(res, "Timestamp", now);
    stack_set_str(res, "LastUpdatedTimestamp", now); /* ListStackResources' name for it; private to that reply */
    stack_event(stack, res, status, reason);
}

int stack_settled(const char *status)
{
    return status && !strstr(status, "_IN_PROGRESS");
}
