/* Batched, bounded, paced PutRecords (send.h). Each round builds up to `inflight` batches and sends
 * them on as many threads, so the records in flight never exceed inflight * batch. */
#include "produce/send.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "aws/kin_records.h"

typedef struct batch_job {
    aws_client *c;
    const char *stream;
    kin_record *recs;
    size_t n;
    aws_error *err;
} batch_job;

static void *send_batch(void *arg)
{
    batch_job *j = arg;
    j->err = kin_put_records(j->c, j->stream, j->recs, j->n);
    return NULL;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

aws_error *send_readings(aws_client *c, const readings *r, const send_opts *o, send_totals *t)
{
    memset(t, 0, sizeof *t);
    size_t per = (size_t)(o->per_record > 0 ? o->per_record : 1);
    size_t nrec = (r->n + per - 1) / per;
    /* each record's bytes: its readings joined with '\n' */
    buf data = {0};
    size_t *start = malloc((nrec + 1) * sizeof *start);
    kin_record *recs = calloc(nrec ? nrec : 1, sizeof *recs);
    if (!start || !recs) abort();
    for (size_t i = 0; i < nrec; i++) {
        start[i] = data.len;
        for (size_t k = i * per; k < r->n && k < (i + 1) * per; k++) {
            if (k > i * per) buf_addc(&data, '\n');
            buf_adds(&data, readings_at(r, k));
        }
    }
    start[nrec] = data.len;
    for (size_t i = 0; i < nrec; i++) {
        recs[i].data = data.data + start[i];
        recs[i].len = start[i + 1] - start[i];
        recs[i].partition_key = readings_key(r, i * per);
    }
    size_t batch = (size_t)(o->batch > 0 && o->batch <= KIN_MAX_RECORDS_PER_PUT ? o->batch : KIN_MAX_RECORDS_PER_PUT);
    int inflight = o->inflight > 0 ? o->inflight : 4;
    batch_job *jobs = calloc((size_t)inflight, sizeof *jobs);
    pthread_t *th = calloc((size_t)inflight, sizeof *th);
    if (!jobs || !th) abort();
    int live = o->progress && isatty(fileno(o->progress));
    double t0 = now();
    aws_error *err = NULL;
    for (size_t next = 0; next < nrec && !err;) {
        int k = 0;
        for (; k < inflight && next < nrec; k++) {
            size_t n = nrec - next < batch ? nrec - next : batch;
            jobs[k] = (batch_job){c, o->stream, recs + next, n, NULL};
            next += n;
            if (pthread_create(&th[k], NULL, send_batch, &jobs[k]) != 0) abort();
        }
        for (int i = 0; i < k; i++) {
            pthread_join(th[i], NULL);
            if (jobs[i].err && !err) err = jobs[i].err;
            else if (jobs[i].err) aws_error_free(jobs[i].err);
            else {
                t->records += jobs[i].n;
                t->batches++;
            }
        }
        t->readings = t->records * per < r->n ? t->records * per : r->n;
        if (live)
            fprintf(o->progress, "\r\033[Ksent %zu/%zu readings in %zu records (%.0f/s)", t->readings, r->n, t->records,
                    t->readings / (now() - t0 + 1e-9));
        if (o->rate > 0) { /* pace: the readings sent so far are due at readings/rate seconds */
            double due = t0 + t->readings / o->rate - now();
            if (due > 0) {
                struct timespec ts = {(time_t)due, (long)((due - (time_t)due) * 1e9)};
                nanosleep(&ts, NULL);
            }
        }
    }
    if (live) fputc('\n', o->progress);
    t->seconds = now() - t0;
    free(jobs);
    free(th);
    free(recs);
    free(start);
    buf_free(&data);
    return err;
}
