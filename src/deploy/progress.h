/* Watching a stack operation: stack events polled (every page, de-duplicated by event id) from 200 ms,
 * backing off by half each quiet poll to 5 s and back to 200 ms when something happens, with no overall
 * cap (CloudFormation has its own timeouts). On a terminal a live block (resources pending, in progress,
 * done, failed; elapsed time), otherwise one plain line per event. */
#ifndef ETL_DEPLOY_PROGRESS_H
#define ETL_DEPLOY_PROGRESS_H

#include <stdio.h>

#include "aws/cfn_events.h"

enum { PROGRESS_FIRST_MS = 200, PROGRESS_MAX_MS = 5000, PROGRESS_MAX_FAILURES = 5 };

/* Sleeps *interval_ms, then lengthens it by half up to PROGRESS_MAX_MS. */
void progress_backoff(int *interval_ms);

/* The newest event id of the stack now (id: 128 bytes; "" when it has none), to watch from. */
aws_error *progress_mark(aws_client *c, const char *stack, char *id);

typedef struct progress_watch {
    const char *stack;     /* name: its own events end the watch */
    const char *stack_id;  /* ARN to ask by (a deleted stack answers only by id), or NULL: by name */
    const char *since;     /* progress_mark() before the operation started */
    const char *verb;      /* "deploying", "deleting" */
    size_t nresources;     /* the template's resources, for the pending count */
    FILE *out;
    int live;              /* a terminal: redraw a block instead of printing lines */
    /* Called for every new event, oldest first (may be NULL). */
    void (*on_event)(void *ud, const cfn_event *e);
    void *ud;
    /* results */
    char final_status[64];
    cfn_event_list failures; /* the first PROGRESS_MAX_FAILURES resource failures with a reason, in order */
    double elapsed;          /* seconds */
} progress_watch;

/* Polls until the stack's own event shows a settled status (final_status). */
aws_error *progress_run(aws_client *c, progress_watch *w);
/* Prints "  <LogicalId> (<Type>): <reason>" for each failure. */
void progress_print_failures(const progress_watch *w, FILE *f);
void progress_watch_free(progress_watch *w);

/* Monotonic seconds. */
double progress_now(void);

#endif
