/* A stack as the endpoint keeps it: one JSON object in the shape of CloudFormation's `Stack`
 * (StackId, StackName, StackStatus, Parameters, Outputs, ...) plus private members that replies skip:
 *   _template   the template body as submitted (string)
 *   _params     parameter name -> value actually used (NoEcho values unmasked; lists as strings)
 *   _raw        parameter name -> value as given (an SSM parameter's name, not its value)
 *   _resources  array of StackResource objects (LogicalResourceId, PhysicalResourceId, ResourceType,
 *               Timestamp, ResourceStatus, ...) each with _props (resolved properties), _attrs (for
 *               Fn::GetAtt), _state (the provider's) and _policy (DeletionPolicy)
 *   _events     array of StackEvent objects, oldest first (DescribeStackEvents reverses them)
 *   _change_sets array of change sets (DescribeChangeSet's shape plus _template, _params, _type)
 * Invariant: a stack whose StackStatus is DELETE_COMPLETE is kept (its events stay readable by id) but
 * is never found by name. */
#ifndef ETL_LOCAL_STACK_H
#define ETL_LOCAL_STACK_H

#include <json-c/json.h>

/* A new stack in status (CREATE_IN_PROGRESS or REVIEW_IN_PROGRESS); caller owns it. */
json_object *stack_new(const char *name, const char *status);
const char *stack_str(json_object *obj, const char *key); /* a string member or NULL */
void stack_set_str(json_object *obj, const char *key, const char *value); /* NULL removes it */
/* Sets StackStatus (and its reason, NULL for none) and records the stack's own event. */
void stack_status(json_object *stack, const char *status, const char *reason);
/* Records an event for a resource. */
void stack_event(json_object *stack, json_object *resource, const char *status, const char *reason);
/* The resource with this logical id, or NULL. */
json_object *stack_resource(json_object *stack, const char *logical_id);
/* Adds a resource record in no status yet; returns it (owned by the stack). */
json_object *stack_resource_add(json_object *stack, const char *logical_id, const char *type);
void stack_resource_remove(json_object *stack, const char *logical_id);
/* Sets a resource's status and reason, its Timestamp, and records the event. */
void stack_resource_status(json_object *stack, json_object *res, const char *status, const char *reason);
/* Whether the status is a settled one in which the stack accepts a new operation. */
int stack_settled(const char *status);

#endif
