/* Waiting out an AWS failure in stream mode: a transient failure (network, throttling, 5xx) is tried
 * again with backoff for as long as it takes, unless a stop was asked for long enough ago; each failure
 * is logged once with the service, code and request id (aws_error_format). */
#ifndef ETL_APP_RETRY_H
#define ETL_APP_RETRY_H

#include <stdint.h>

#include "aws/aws_error.h"

typedef struct retry_policy {
    const volatile int64_t *stop_at_ms; /* 0, or when a stop was asked for (monotonic ms) */
    int64_t grace_ms;                   /* after a stop, how long failures are still retried */
} retry_policy;

/* Monotonic milliseconds. */
int64_t retry_now_ms(void);
/* Sleeps ms, cut short (returning 1) when a stop is asked for. */
int retry_sleep(const retry_policy *p, int64_t ms);
/* After call failed with e (freed here) on its attempt-th try: 1 when it should be tried again (after
 * this function slept the backoff), 0 when it should not (e is logged either way). what names the
 * call ("PutObject hourly/..."). */
int retry_again(const retry_policy *p, aws_error *e, int attempt, const char *what);
/* Logs e as one line on stderr: "etl-app: <what>: kinesis GetRecords: Code (HTTP n): ... [request id x]". */
void retry_log(const aws_error *e, const char *what);

#endif
