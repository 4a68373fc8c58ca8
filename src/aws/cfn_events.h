/* CloudFormation DescribeStackEvents, paginated: the events of a stack newest first, read page by page
 * (NextToken) until an event already seen, so polling a long-lived stack reads only what is new. */
#ifndef ETL_AWS_CFN_EVENTS_H
#define ETL_AWS_CFN_EVENTS_H

#include <stddef.h>

#include "aws/aws_client.h"

/* Invariant: every string owned, never NULL. */
typedef struct cfn_event {
    char *id, *logical_id, *physical_id, *type, *status, *reason, *timestamp;
} cfn_event;

/* Invariant: v[0..n) owned, newest first as the API gives them. */
typedef struct cfn_event_list {
    cfn_event *v;
    size_t n, cap;
} cfn_event_list;

/* Appends the stack's events newer than the event with id until (NULL or "": all of them) to out,
 * newest first; max_pages 0: no limit. */
aws_error *cfn_describe_stack_events(aws_client *c, const char *stack, const char *until, int max_pages,
                                     cfn_event_list *out);
void cfn_event_list_free(cfn_event_list *l);

#endif
