/* The CloudFormation actions the endpoint answers, and what they share: one request's context,
 * errors in AWS's codes, and the checks a new template and its parameters go through. */
#ifndef ETL_LOCAL_API_H
#define ETL_LOCAL_API_H

#include <json-c/json.h>

#include "base/buf.h"
#include "local/form.h"
#include "local/store.h"

struct tpl;

struct api_req {
    const struct form *q;
    const char *action;
    char request_id[37];
    struct store *store;
    buf out;    /* the XML body */
    int status; /* the HTTP status */
};

/* Answers one request: Action dispatch into out/status. access_key is the signer's key (NULL when the
 * request was not signed); keys_path a JSON file mapping access keys to the error they get
 * (InvalidClientTokenId, ExpiredToken, AccessDenied), or NULL. */
void api_handle(struct api_req *r, const char *access_key, const char *keys_path);

/* Sets an ErrorResponse (Sender type) and returns -1. */
int api_fail(struct api_req *r, int http, const char *code, const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* The template of a request: TemplateBody, else the object TemplateURL names (fetched into fetched),
 * else the stack's own with UsePreviousTemplate (stack may be NULL). NULL with the reply set when none. */
const char *api_template(struct api_req *r, json_object *stack, buf *fetched);
/* Validates the template and parameters of a Create/Update/CreateChangeSet request against stack
 * (NULL for a new one) and builds the pending state: {_template, _params, Parameters, Tags,
 * Capabilities}. On success *next is new and t is loaded (caller frees both). 0 or -1 (reply set). */
int api_prepare(struct api_req *r, json_object *stack, const char *name, json_object **next, struct tpl *t);
/* The stack named by StackName (name or id); sets ValidationError "Stack with id X does not exist" when
 * missing. Caller holds the store lock. */
json_object *api_stack(struct api_req *r, const char *param);
/* The IAM capability a template needs (CAPABILITY_IAM or CAPABILITY_NAMED_IAM), or NULL. */
const char *api_capability(struct tpl *t);
/* Whether an UpdateStack or an UPDATE change set may start from this status. */
int api_updatable(const char *status);

int api_create_stack(struct api_req *r);
int api_update_stack(struct api_req *r);
int api_delete_stack(struct api_req *r);
int api_describe_stacks(struct api_req *r);
int api_list_stacks(struct api_req *r);
int api_describe_stack_events(struct api_req *r);
int api_describe_stack_resources(struct api_req *r);
int api_list_stack_resources(struct api_req *r);
int api_get_template(struct api_req *r);
int api_validate_template(struct api_req *r);
int api_get_template_summary(struct api_req *r);
int api_create_change_set(struct api_req *r);
int api_describe_change_set(struct api_req *r);
int api_execute_change_set(struct api_req *r);
int api_delete_change_set(struct api_req *r);
int api_list_change_sets(struct api_req *r);

#endif
