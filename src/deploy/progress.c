/* Stack-event polling with a live block or plain lines (progress.h). */
#include "deploy/progress.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "aws/aws_strings.h"
#include "aws/cfn_stack.h"

double progress_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void nap(int ms)
{
    struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

static void grow(int *interval_ms)
{
    *interval_ms += *interval_ms / 2;
    if (*interval_ms > PROGRESS_MAX_MS) *interval_ms = PROGRESS_MAX_MS;
}

void progress_backoff(int *interval_ms)
{
    nap(*interval_ms);
    grow(interval_ms);
}

aws_error *progress_mark(aws_client *c, const char *stack, char *id)
{
    cfn_event_list l = {0};
    id[0] = 0;
    aws_error *err = cfn_describe_stack_events(c, stack, NULL, 1, &l);
    if (!err && l.n) snprintf(id, 128, "%s", l.v[0].id);
    cfn_event_list_free(&l);
    return err;
}

static int ends_with(const char *s, const char *tail)
{
    size_t a = strlen(s), b = strlen(tail);
    return a >= b && strcmp(s + a - b, tail) == 0;
}

/* What the live block counts: the last status of each resource seen. */
typedef struct tally {
    aws_strings ids, states;
} tally;

static void tally_set(tally *t, const char *id, const char *status)
{
    for (size_t i = 0; i < t->ids.n; i++)
        if (strcmp(t->ids.v[i], id) == 0) {
            free(t->states.v[i]);
            if (!(t->states.v[i] = strdup(status))) abort();
            return;
        }
    aws_strings_add(&t->ids, id);
    aws_strings_add(&t->states, status);
}

static void draw(const progress_watch *w, const tally *t, double elapsed, int redraw)
{
    size_t busy = 0, done = 0, failed = 0;
    buf names = {0};
    for (size_t i = 0; i < t->ids.n; i++) {
        const char *s = t->states.v[i];
        if (ends_with(s, "_IN_PROGRESS")) {
            busy++;
            if (names.len < 60) buf_printf(&names, "%s%s", names.len ? ", " : "", t->ids.v[i]);
        } else if (ends_with(s, "_FAILED")) failed++;
        else done++;
    }
    size_t pending = w->nresources > t->ids.n ? w->nresources - t->ids.n : 0;
    if (redraw) fprintf(w->out, "\033[3A");
    fprintf(w->out, "\r\033[K%s %s  %.1f s\n", w->verb, w->stack, elapsed);
    fprintf(w->out, "\r\033[K  pending %zu   in progress %zu   done %zu   failed %zu\n", pending, busy, done, failed);
    fprintf(w->out, "\r\033[K  %s%s\n", busy ? "now: " : "", names.len ? names.data : "");
    fflush(w->out);
    buf_free(&names);
}

static void note_failure(progress_watch *w, const cfn_event *e)
{
    if (!ends_with(e->status, "_FAILED") || !e->reason[0] || strcmp(e->logical_id, w->stack) == 0) return;
    if (strstr(e->reason, "Resource creation cancelled") || strstr(e->reason, "Resource update cancelled")) return;
    if (w->failures.n >= PROGRESS_MAX_FAILURES) return;
    cfn_event_list *l = &w->failures;
    if (l->n == l->cap) {
        l->cap = l->cap ? 2 * l->cap : 8;
        if (!(l->v = realloc(l->v, l->cap * sizeof *l->v))) abort();
    }
    cfn_event *d = &l->v[l->n++];
    const char *const src[] = {e->id, e->logical_id, e->physical_id, e->type, e->status, e->reason, e->timestamp};
    char **dst[] = {&d->id, &d->logical_id, &d->physical_id, &d->type, &d->status, &d->reason, &d->timestamp};
    for (size_t i = 0; i < 7; i++)
        if (!(*dst[i] = strdup(src[i]))) abort();
}

aws_error *progress_run(aws_client *c, progress_watch *w)
{
    char last[128];
    snprintf(last, sizeof last, "%s", w->since ? w->since : "");
    aws_strings seen = {0};
    tally t = {0};
    double start = progress_now();
    int interval = PROGRESS_FIRST_MS, drawn = 0;
    aws_error *err = NULL;
    w->final_status[0] = 0;
    while (!w->final_status[0]) {
        cfn_event_list l = {0};
        err = cfn_describe_stack_events(c, w->stack_id && *w->stack_id ? w->stack_id : w->stack, last, 0, &l);
        if (err) break;
        int fresh = 0;
        for (size_t i = l.n; i-- > 0;) { /* oldest first */
            const cfn_event *e = &l.v[i];
            if (aws_strings_has(&seen, e->id)) continue;
            aws_strings_add(&seen, e->id);
            fresh = 1;
            if (w->on_event) w->on_event(w->ud, e);
            note_failure(w, e);
            int own = strcmp(e->logical_id, w->stack) == 0 && strcmp(e->type, "AWS::CloudFormation::Stack") == 0;
            if (!own) tally_set(&t, e->logical_id, e->status);
            if (!w->live)
                fprintf(w->out, "%7.1fs  %-30s %-32s %s%s%s\n", progress_now() - start, e->logical_id, e->type,
                        e->status, e->reason[0] ? "  " : "", e->reason);
            if (own && cfn_status_settled(e->status)) snprintf(w->final_status, sizeof w->final_status, "%s", e->status);
        }
        if (l.n) snprintf(last, sizeof last, "%s", l.v[0].id);
        cfn_event_list_free(&l);
        if (w->live) {
            draw(w, &t, progress_now() - start, drawn);
            drawn = 1;
        }
        if (!w->out || w->live) fflush(w->out);
        if (w->final_status[0]) break;
        if (fresh) interval = PROGRESS_FIRST_MS;
        int left = interval;
        for (; w->live && left > 1000; left -= 1000) { /* redraw the elapsed time every second of a long wait */
            nap(1000);
            draw(w, &t, progress_now() - start, drawn);
        }
        nap(left);
        grow(&interval);
    }
    w->elapsed = progress_now() - start;
    aws_strings_free(&seen);
    aws_strings_free(&t.ids);
    aws_strings_free(&t.states);
    return err;
}

void progress_print_failures(const progress_watch *w, FILE *f)
{
    for (size_t i = 0; i < w->failures.n; i++) {
        const cfn_event *e = &w->failures.v[i];
        fprintf(f, "  %s (%s) %s: %s\n", e->logical_id, e->type, e->status, e->reason);
    }
}

void progress_watch_free(progress_watch *w)
{
    cfn_event_list_free(&w->failures);
}
