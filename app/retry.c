/* Retries of stream mode (retry.h). The AWS client already retries a few times within a call; this
 * layer keeps the app waiting through a longer outage (a restarted endpoint), backing off to 5 s. */
#include "retry.h"

#include <stdio.h>
#include <time.h>

int64_t retry_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int retry_sleep(const retry_policy *p, int64_t ms)
{
    int64_t until = retry_now_ms() + ms;
    for (;;) {
        if (p && p->stop_at_ms && *p->stop_at_ms) return 1;
        int64_t left = until - retry_now_ms();
        if (left <= 0) return 0;
        if (left > 50) left = 50;
        struct timespec ts = {0, (long)left * 1000000};
        nanosleep(&ts, NULL);
    }
}

void retry_log(const aws_error *e, const char *what)
{
    char line[1024];
    aws_error_format(e, line, sizeof line);
    fprintf(stderr, "etl-app: %s: %s\n", what, line);
}

int retry_again(const retry_policy *p, aws_error *e, int attempt, const char *what)
{
    retry_log(e, what);
    int again = e->retryable || e->status == 0 || e->status >= 500;
    aws_error_free(e);
    if (!again) return 0;
    int64_t stop = p->stop_at_ms ? *p->stop_at_ms : 0;
    if (stop && retry_now_ms() - stop > p->grace_ms) return 0;
    int64_t backoff = 100;
    for (int i = 1; i < attempt && backoff < 5000; i++) backoff *= 2;
    if (backoff > 5000) backoff = 5000;
    int64_t until = retry_now_ms() + backoff;
    while (retry_now_ms() < until) {
        struct timespec ts = {0, 20 * 1000000};
        nanosleep(&ts, NULL);
    }
    return 1;
}
