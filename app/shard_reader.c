/* Shard readers (shard_reader.h). The iterator is renewed AFTER_SEQUENCE_NUMBER the last record got
 * (or from the starting position when none was got yet), so an expired iterator loses nothing and
 * repeats nothing. A shard whose answer has no NextShardIterator is closed and drained. */
#include "shard_reader.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "aws/aws_error.h"

void shard_hub_init(shard_hub *h, aws_client *client, const char *stream, const retry_policy *policy)
{
    memset(h, 0, sizeof *h);
    pthread_mutex_init(&h->lock, NULL);
    pthread_cond_init(&h->ready, NULL);
    pthread_condattr_t a;
    pthread_condattr_init(&a);
    pthread_condattr_setclock(&a, CLOCK_MONOTONIC);
    pthread_cond_init(&h->room, &a);
    pthread_condattr_destroy(&a);
    h->client = client;
    h->stream = stream;
    h->policy = policy;
    h->min_interval_ms = 200;
    h->idle_interval_ms = 1000;
}

void shard_hub_free(shard_hub *h)
{
    pthread_mutex_destroy(&h->lock);
    pthread_cond_destroy(&h->ready);
    pthread_cond_destroy(&h->room);
}

/* Waits on room until the monotonic time until_ms (or a wake-up with quit); lock held. */
static void wait_until(shard_hub *h, int64_t until_ms)
{
    while (!h->quit) {
        int64_t now = retry_now_ms();
        if (now >= until_ms) return;
        struct timespec ts;
        clock_gettime(CLOCK_MONOTONIC, &ts);
        int64_t ns = ts.tv_nsec + (until_ms - now) * 1000000;
        ts.tv_sec += ns / 1000000000;
        ts.tv_nsec = ns % 1000000000;
        pthread_cond_timedwait(&h->room, &h->lock, &ts);
    }
}

/* Sleeps ms unless asked to quit; lock not held. */
static void pause_ms(shard_hub *h, int64_t ms)
{
    pthread_mutex_lock(&h->lock);
    wait_until(h, retry_now_ms() + ms);
    pthread_mutex_unlock(&h->lock);
}

static int quitting(shard_hub *h)
{
    pthread_mutex_lock(&h->lock);
    int q = h->quit;
    pthread_mutex_unlock(&h->lock);
    return q;
}

static void *reader_main(void *arg)
{
    shard_reader *r = arg;
    shard_hub *h = r->hub;
    char *iterator = NULL, what[160];
    int64_t backoff = 0, last_call = 0;
    snprintf(what, sizeof what, "shard %s", r->id);
    while (!quitting(h)) {
        aws_error *e = NULL;
        if (!iterator) {
            int after = r->start_seq[0] != '\0';
            e = kin_get_shard_iterator(h->client, h->stream, r->id, after ? "AFTER_SEQUENCE_NUMBER" : r->start_type,
                                       after ? r->start_seq : NULL, r->start_time, &iterator);
        }
        kin_get_result res = {0};
        if (!e) {
            int64_t wait = last_call + h->min_interval_ms;
            if (wait > retry_now_ms()) pause_ms(h, wait - retry_now_ms());
            last_call = retry_now_ms();
            e = kin_get_records(h->client, h->stream, iterator, SHARD_RECORDS_PER_CALL, &res);
        }
        if (e) {
            kin_get_result_free(&res);
            if (aws_error_is(e, "ExpiredIteratorException")) {
                free(iterator);
                iterator = NULL;
                aws_error_free(e);
                continue;
            }
            /* throttling and outages: back off, doubling to 5 s; anything else too, logged each time */
            retry_log(e, what);
            if (!e->retryable && e->status != 0 && e->status < 500) {
                free(iterator); /* e.g. a shard iterator refused: ask for a new one */
                iterator = NULL;
            }
            aws_error_free(e);
            backoff = backoff ? (backoff * 2 > 5000 ? 5000 : backoff * 2) : 200;
            pause_ms(h, backoff);
            continue;
        }
        backoff = 0;
        free(iterator);
        iterator = res.next_iterator;
        res.next_iterator = NULL;
        if (res.n) snprintf(r->start_seq, sizeof r->start_seq, "%s", res.v[res.n - 1].sequence_number);
        int got = res.n > 0;
        pthread_mutex_lock(&h->lock);
        r->millis_behind = res.millis_behind;
        while (r->qn == SHARD_QUEUE && !h->quit) pthread_cond_wait(&h->room, &h->lock);
        if (h->quit) {
            pthread_mutex_unlock(&h->lock);
            kin_get_result_free(&res);
            break;
        }
        if (res.n || !iterator) {
            r->queue[(r->qhead + r->qn++) % SHARD_QUEUE] = res;
            memset(&res, 0, sizeof res);
        }
        if (!iterator) r->ended = 1;
        pthread_cond_broadcast(&h->ready);
        if (!got && iterator) wait_until(h, retry_now_ms() + h->idle_interval_ms);
        pthread_mutex_unlock(&h->lock);
        kin_get_result_free(&res);
        if (!iterator) break;
    }
    free(iterator);
    return NULL;
}

shard_reader *shard_reader_start(shard_hub *h, const char *shard_id, const char *after_seq, const char *start_type,
                                 double start_time)
{
    shard_reader *r = calloc(1, sizeof *r);
    if (!r) abort();
    r->hub = h;
    snprintf(r->id, sizeof r->id, "%s", shard_id);
    snprintf(r->start_type, sizeof r->start_type, "%s", start_type);
    snprintf(r->start_seq, sizeof r->start_seq, "%s", after_seq ? after_seq : "");
    r->start_time = start_time;
    r->millis_behind = -1;
    r->started = pthread_create(&r->thread, NULL, reader_main, r) == 0;
    if (!r->started) abort();
    return r;
}

int shard_reader_take(shard_reader *r, kin_get_result *out)
{
    if (!r->qn) return 0;
    *out = r->queue[r->qhead];
    memset(&r->queue[r->qhead], 0, sizeof *out);
    r->qhead = (r->qhead + 1) % SHARD_QUEUE;
    r->qn--;
    pthread_cond_broadcast(&r->hub->room);
    return 1;
}

void shard_hub_quit(shard_hub *h)
{
    pthread_mutex_lock(&h->lock);
    h->quit = 1;
    pthread_cond_broadcast(&h->room);
    pthread_mutex_unlock(&h->lock);
}

void shard_reader_free(shard_reader *r)
{
    if (!r) return;
    if (r->started) pthread_join(r->thread, NULL);
    for (size_t i = 0; i < r->qn; i++) kin_get_result_free(&r->queue[(r->qhead + i) % SHARD_QUEUE]);
    free(r);
}
