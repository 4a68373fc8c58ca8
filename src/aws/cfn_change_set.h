/* CloudFormation change sets: CreateChangeSet, DescribeChangeSet (every page of Changes),
 * ExecuteChangeSet, DeleteChangeSet. */
#ifndef ETL_AWS_CFN_CHANGE_SET_H
#define ETL_AWS_CFN_CHANGE_SET_H

#include <stddef.h>

#include "aws/cfn_stack.h"

/* type: "CREATE" (a stack that does not exist yet: it is made in REVIEW_IN_PROGRESS) or "UPDATE".
 * id (256 bytes, may be NULL) receives the change set's ARN. */
aws_error *cfn_change_set_create(aws_client *c, const char *stack, const char *name, const char *type,
                                 const cfn_template_input *in, char *id);

/* One ResourceChange. Invariant: strings owned, never NULL. */
typedef struct cfn_change {
    char *action;      /* Add, Modify, Remove, Import, Dynamic */
    char *logical_id, *physical_id, *type;
    char *replacement; /* True, False, Conditional, or "" */
    char *scope;       /* the Scope members joined with ",": "Properties,Tags" */
    char *targets;     /* the names of the changed properties, joined with "," */
} cfn_change;

typedef struct cfn_change_set {
    char *status;           /* CREATE_PENDING, CREATE_IN_PROGRESS, CREATE_COMPLETE, FAILED, ... */
    char *status_reason;
    char *execution_status; /* UNAVAILABLE, AVAILABLE, EXECUTE_IN_PROGRESS, ... */
    cfn_change *changes;
    size_t nchanges;
} cfn_change_set;

aws_error *cfn_change_set_describe(aws_client *c, const char *stack, const char *name, cfn_change_set *out);
void cfn_change_set_free(cfn_change_set *cs);
/* 1 when a FAILED change set failed only because it changes nothing (AWS: "The submitted information
 * didn't contain changes..." / "No updates are to be performed."). */
int cfn_change_set_is_empty(const cfn_change_set *cs);

aws_error *cfn_change_set_execute(aws_client *c, const char *stack, const char *name);
aws_error *cfn_change_set_delete(aws_client *c, const char *stack, const char *name);

#endif
