/* DescribeStackEvents (cfn_events.h): pages followed with NextToken, stopping at a known event. */
#include "aws/cfn_events.h"

#include <stdlib.h>
#include <string.h>

#include "aws/cfn_stack.h"

static void add(cfn_event_list *l, const xml_node *m)
{
    if (l->n == l->cap) {
        l->cap = l->cap ? 2 * l->cap : 32;
        l->v = realloc(l->v, l->cap * sizeof *l->v);
        if (!l->v) abort();
    }
    cfn_event *e = &l->v[l->n++];
    e->id = cfn_text_dup(m, "EventId");
    e->logical_id = cfn_text_dup(m, "LogicalResourceId");
    e->physical_id = cfn_text_dup(m, "PhysicalResourceId");
    e->type = cfn_text_dup(m, "ResourceType");
    e->status = cfn_text_dup(m, "ResourceStatus");
    e->reason = cfn_text_dup(m, "ResourceStatusReason");
    e->timestamp = cfn_text_dup(m, "Timestamp");
}

aws_error *cfn_describe_stack_events(aws_client *c, const char *stack, const char *until, int max_pages,
                                     cfn_event_list *out)
{
    char *token = NULL;
    aws_error *err = NULL;
    int done = 0;
    for (int page = 0; !done && !err && (max_pages <= 0 || page < max_pages); page++) {
        query_params p;
        query_params_init(&p, "DescribeStackEvents", CFN_VERSION);
        query_param(&p, "StackName", stack);
        if (token) query_param(&p, "NextToken", token);
        query_response r;
        err = cfn_call(c, &p, stack, &r);
        free(token);
        token = NULL;
        if (!err) {
            for (const xml_node *m = xml_find(r.result, "StackEvents/member"); m && !done; m = xml_next(m)) {
                const char *id = xml_text(m, "EventId");
                if (until && *until && id && strcmp(id, until) == 0) done = 1;
                else add(out, m);
            }
            const char *next = xml_text(r.result, "NextToken");
            if (next && *next) {
                token = strdup(next);
                if (!token) abort();
            } else done = 1;
        }
        query_response_free(&r);
        query_params_free(&p);
    }
    free(token);
    return err;
}

void cfn_event_list_free(cfn_event_list *l)
{
    for (size_t i = 0; i < l->n; i++) {
        cfn_event *e = &l->v[i];
        free(e->id);
        free(e->logical_id);
        free(e->physical_id);
        free(e->type);
        free(e->status);
        free(e->reason);
        free(e->timestamp);
    }
    free(l->v);
    memset(l, 0, sizeof *l);
}
