/* Stream mode (stream.h). One thread per shard reads (shard_reader.h); this thread hands the records
 * to the core in each shard's order, follows a closed shard to its children once it is drained, and
 * every checkpoint interval stores the state (checkpoint.h) and only then writes the late/errors lines
 * it holds. Hourly objects are written whenever a window is emitted: their keys depend only on the
 * window, so a restart that emits them again replaces them. Thus a kill at any instant is safe. */
#include "stream.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "aws/kin_stream.h"
#include "aws/s3_list.h"
#include "aws/s3_object.h"
#include "base/rfc3339.h"
#include "checkpoint.h"
#include "core.h"
#include "ingest.h"
#include "shard_reader.h"
#include "sink_s3.h"
#include "stream_log.h"

#define LINES_CHECKPOINT_BYTES (8u << 20) /* late/errors lines held before an early checkpoint */

static volatile int64_t stop_at_ms;

static void on_stop(int sig)
{
    (void)sig;
    if (!stop_at_ms) stop_at_ms = retry_now_ms();
}

/* Invariant: a shard has a reader only while it is read; finished shards have none. */
typedef struct stream_shard {
    checkpoint_shard cp;
    char parent[64], adjacent_parent[64];
    int listed;       /* in the last ListShards answer */
    int from_start;   /* met at startup without a checkpoint entry: the configured start applies */
    shard_reader *reader;
} stream_shard;

typedef struct stream {
    const settings *set;
    aws_client *client;
    retry_policy policy;
    sink *out;
    core core;
    ingest in;
    shard_hub hub;
    stream_shard *shards;
    size_t n, cap;
    char state_key[1024];
    int64_t resumed_from_s; /* wall time of the checkpoint resumed from, 0: none */
    int relist;
} stream;

static stream_shard *shard_find(stream *st, const char *id)
{
    for (size_t i = 0; i < st->n; i++)
        if (strcmp(st->shards[i].cp.id, id) == 0) return &st->shards[i];
    return NULL;
}

static stream_shard *shard_add(stream *st, const char *id)
{
    if (st->n == st->cap) {
        st->cap = st->cap ? st->cap * 2 : 8;
        st->shards = realloc(st->shards, st->cap * sizeof *st->shards);
        if (!st->shards) abort();
    }
    stream_shard *s = &st->shards[st->n++];
    memset(s, 0, sizeof *s);
    snprintf(s->cp.id, sizeof s->cp.id, "%s", id);
    return s;
}

/* A parent is done when it is drained, or unknown and no longer listed (gone with the retention). */
static int parent_done(stream *st, const char *id)
{
    if (!id[0]) return 1;
    stream_shard *p = shard_find(st, id);
    return !p || p->cp.finished || !p->listed;
}

/* The watermark a child starts from: the later of its parents' (it continues both). Only parents that
 * were read count: registering one here would add a source without a watermark. */
static long parent_source(stream *st, const stream_shard *s)
{
    long best = -1;
    const watermarks *m = &st->core.marks;
    for (size_t i = 0; i < m->n; i++) {
        if (strcmp(m->items[i].name, s->parent) != 0 && strcmp(m->items[i].name, s->adjacent_parent) != 0) continue;
        if (best < 0 || m->items[i].max_time_ms > m->items[best].max_time_ms) best = (long)i;
    }
    return best;
}

static void shard_start(stream *st, stream_shard *s)
{
    static const char *types[] = {"TRIM_HORIZON", "LATEST", "AT_TIMESTAMP"};
    const char *type = s->from_start ? types[st->set->start] : "TRIM_HORIZON";
    core_source(&st->core, s->cp.id, parent_source(st, s));
    s->reader = shard_reader_start(&st->hub, s->cp.id, s->cp.last_seq, type, (double)st->set->start_at_ms / 1000.0);
}

/* ListShards (retried), adds the new shards, starts those whose parents are drained: 0, or -1 when
 * stopping. first: the startup listing, where checkpointless shards take the configured start. */
static int shards_refresh(stream *st, int first)
{
    kin_shard_list l = {0};
    for (int attempt = 1;; attempt++) {
        aws_error *e = kin_list_shards(st->client, st->set->stream, 0, &l);
        if (!e) break;
        if (!retry_again(&st->policy, e, attempt, "listing the shards")) return -1;
    }
    for (size_t i = 0; i < st->n; i++) st->shards[i].listed = 0;
    for (size_t i = 0; i < l.n; i++) {
        stream_shard *s = shard_find(st, l.v[i].id);
        if (!s) {
            s = shard_add(st, l.v[i].id);
            s->from_start = first && !shard_find(st, l.v[i].parent) && !shard_find(st, l.v[i].adjacent_parent);
        }
        s->listed = 1;
        snprintf(s->parent, sizeof s->parent, "%s", l.v[i].parent);
        snprintf(s->adjacent_parent, sizeof s->adjacent_parent, "%s", l.v[i].adjacent_parent);
    }
    kin_shard_list_free(&l);
    for (size_t i = 0; i < st->n; i++) {
        stream_shard *s = &st->shards[i];
        if (!s->listed && !s->cp.finished) {
            fprintf(stderr,
                    "etl-app: error: shard %s is no longer in stream %s (past its retention): the readings after "
                    "sequence number %s are lost\n",
                    s->cp.id, st->set->stream, s->cp.last_seq[0] ? s->cp.last_seq : "(none read)");
            s->cp.finished = 1;
            st->core.marks.items[core_source(&st->core, s->cp.id, -1)].closed = 1;
        }
    }
    for (size_t i = 0; i < st->n; i++) {
        stream_shard *s = &st->shards[i];
        if (s->listed && !s->cp.finished && !s->reader && parent_done(st, s->parent) &&
            parent_done(st, s->adjacent_parent))
            shard_start(st, s);
    }
    return 0;
}

static size_t lines_held(const core *c)
{
    size_t n = 0;
    for (size_t i = 0; i < c->late.nopen; i++) n += c->late.open[i].lines.len;
    for (size_t i = 0; i < c->errors.nopen; i++) n += c->errors.open[i].lines.len;
    return n;
}

/* Stores the checkpoint, then writes the late/errors lines it holds: 0, or -1 with err. */
static int checkpoint_write(stream *st, buf *err)
{
    if (ingest_flush(&st->in, err)) return -1;
    checkpoint_shard *cps = calloc(st->n ? st->n : 1, sizeof *cps);
    if (!cps) abort();
    for (size_t i = 0; i < st->n; i++) cps[i] = st->shards[i].cp;
    buf state = {0};
    checkpoint_encode(&state, &st->core, cps, st->n, time(NULL));
    free(cps);
    int rc = sink_put(st->out, st->state_key, state.data, state.len, err);
    buf_free(&state);
    if (rc == 0) rc = line_batches_flush(&st->core.late, st->out, 1, err);
    if (rc == 0) rc = line_batches_flush(&st->core.errors, st->out, 1, err);
    return rc;
}

/* 1 when the checkpoint object exists, 0 when not, -1 when stopping. A listing of <prefix>_state/
 * answers this: a GetObject of a missing key gives 403, not 404, to a role whose s3:ListBucket is
 * limited to the prefix (templates/bucket.yaml), so a GetObject alone cannot tell. */
static int checkpoint_exists(stream *st)
{
    buf dir = {0};
    buf_printf(&dir, "%s_state/", st->set->prefix);
    int found = -1;
    for (int attempt = 1; found < 0; attempt++) {
        s3_listing l = {0};
        aws_error *e = s3_list_objects(st->client, st->set->bucket, dir.data, 0, &l);
        if (!e) {
            found = 0;
            for (size_t i = 0; i < l.n; i++)
                if (strcmp(l.v[i].key, st->state_key) == 0) found = 1;
        }
        s3_listing_free(&l);
        if (e && !retry_again(&st->policy, e, attempt, "listing the checkpoints")) break;
    }
    buf_free(&dir);
    return found;
}

/* Reads the checkpoint when there is one: 0 (restored or none), -1 with err (unreadable: stop). */
static int checkpoint_load(stream *st, buf *err)
{
    int exists = checkpoint_exists(st);
    if (exists <= 0) {
        if (exists < 0) buf_printf(err, "s3://%s/%s_state/: cannot list the checkpoints", st->set->bucket, st->set->prefix);
        else fprintf(stderr, "etl-app: no checkpoint at s3://%s/%s: starting from %s\n", st->set->bucket,
                     st->state_key, st->set->start == START_TRIM_HORIZON ? "trim_horizon" : "the configured start");
        return exists;
    }
    buf data = {0};
    for (int attempt = 1;; attempt++) {
        buf_reset(&data);
        aws_error *e = s3_get_object(st->client, st->set->bucket, st->state_key, NULL, &data, NULL);
        if (!e) break;
        if (!retry_again(&st->policy, e, attempt, "reading the checkpoint")) {
            buf_printf(err, "s3://%s/%s: cannot read the checkpoint", st->set->bucket, st->state_key);
            buf_free(&data);
            return -1;
        }
    }
    checkpoint_shard *cps;
    size_t n;
    int64_t saved;
    int rc = checkpoint_decode(data.data, data.len, &st->core, &cps, &n, &saved, err);
    buf_free(&data);
    if (rc) {
        buf_printf(err, " (s3://%s/%s): stopping; move it away to start over", st->set->bucket, st->state_key);
        return -1;
    }
    st->resumed_from_s = saved;
    for (size_t i = 0; i < n; i++) shard_add(st, cps[i].id)->cp = cps[i];
    free(cps);
    fprintf(stderr, "etl-app: resuming from the checkpoint of %lld (%zu shards)\n", (long long)saved, n);
    /* lines of that checkpoint may not all be written yet: write them again, under the same keys */
    if (line_batches_flush(&st->core.late, st->out, 1, err) || line_batches_flush(&st->core.errors, st->out, 1, err))
        return -1;
    return 0;
}

/* Hands one GetRecords answer to the core, record by record: 0, or -1 with err. */
static int shard_feed(stream *st, stream_shard *s, kin_get_result *res, buf *err)
{
    for (size_t i = 0; i < res->n; i++) {
        kin_got_record *r = &res->v[i];
        source_chunk ch = {s->cp.id, r->data, r->len, 0, r->sequence_number, 0, 0};
        st->core.now_s = time(NULL);
        if (ingest_chunk(&st->in, &ch, err)) return -1;
        snprintf(s->cp.last_seq, sizeof s->cp.last_seq, "%s", r->sequence_number);
    }
    return 0;
}

/* One pass over the readers: feeds what they queued, retires drained shards. 1 when something was
 * done, 0 when nothing was queued, -1 with err. */
static int shards_poll(stream *st, buf *err)
{
    int did = 0;
    for (size_t i = 0; i < st->n; i++) {
        stream_shard *s = &st->shards[i];
        if (!s->reader) continue;
        kin_get_result res;
        pthread_mutex_lock(&st->hub.lock);
        int got = shard_reader_take(s->reader, &res), ended = !got && s->reader->ended;
        pthread_mutex_unlock(&st->hub.lock);
        if (got) {
            int rc = shard_feed(st, s, &res, err);
            kin_get_result_free(&res);
            if (rc) return -1;
            did = 1;
        } else if (ended) {
            shard_reader_free(s->reader);
            s->reader = NULL;
            s->cp.finished = 1;
            st->core.marks.items[core_source(&st->core, s->cp.id, -1)].closed = 1;
            fprintf(stderr, "etl-app: shard %s is closed and drained\n", s->cp.id);
            st->relist = did = 1;
        }
    }
    return did;
}

static void log_state(stream *st)
{
    stream_log_shard *ls = calloc(st->n ? st->n : 1, sizeof *ls);
    if (!ls) abort();
    pthread_mutex_lock(&st->hub.lock);
    for (size_t i = 0; i < st->n; i++) {
        ls[i].id = st->shards[i].cp.id;
        ls[i].last_seq = st->shards[i].cp.last_seq;
        ls[i].state = st->shards[i].cp.finished ? "drained" : st->shards[i].reader ? "reading" : "waiting";
        ls[i].millis_behind = st->shards[i].reader ? st->shards[i].reader->millis_behind : -1;
    }
    pthread_mutex_unlock(&st->hub.lock);
    stream_log_line(stdout, &st->core, ls, st->n, st->out->objects);
    free(ls);
}

/* A checkpoint older than the stream's retention: what was put meanwhile may be trimmed unread. Shards
 * gone altogether are reported by shards_refresh(). 0, or -1 when stopping. */
static int retention_check(stream *st)
{
    kin_stream_summary sum;
    for (int attempt = 1;; attempt++) {
        aws_error *e = kin_describe_stream_summary(st->client, st->set->stream, &sum);
        if (!e) break;
        if (!retry_again(&st->policy, e, attempt, "describing the stream")) return -1;
    }
    int64_t horizon = (int64_t)time(NULL) - (int64_t)sum.retention_hours * 3600;
    if (st->resumed_from_s < horizon) {
        char from[21], to[21];
        rfc3339_format(st->resumed_from_s, from);
        rfc3339_format(horizon, to);
        fprintf(stderr,
                "etl-app: error: the checkpoint (%s) is older than the retention of stream %s (%d hours): readings "
                "put from %s to %s that it had not read are lost\n",
                from, st->set->stream, sum.retention_hours, from, to);
    }
    return 0;
}

static int run(stream *st, buf *err)
{
    const settings *set = st->set;
    if (checkpoint_load(st, err)) return -1;
    if (st->resumed_from_s && retention_check(st)) return -1;
    if (shards_refresh(st, 1)) return -1;
    int64_t next_checkpoint = retry_now_ms() + set->checkpoint_every_s * 1000;
    int64_t next_log = retry_now_ms() + set->log_every_s * 1000;
    while (!stop_at_ms) {
        int did = shards_poll(st, err);
        if (did < 0) return -1;
        st->core.now_s = time(NULL);
        if (!did) {
            if (core_advance(&st->core, err)) return -1;
            pthread_mutex_lock(&st->hub.lock);
            struct timespec ts;
            clock_gettime(CLOCK_REALTIME, &ts);
            ts.tv_nsec += 50 * 1000000;
            if (ts.tv_nsec >= 1000000000) ts.tv_sec++, ts.tv_nsec -= 1000000000;
            pthread_cond_timedwait(&st->hub.ready, &st->hub.lock, &ts);
            pthread_mutex_unlock(&st->hub.lock);
        }
        if (st->relist) {
            st->relist = 0;
            if (shards_refresh(st, 0)) break;
        }
        int64_t now = retry_now_ms();
        if (now >= next_checkpoint || lines_held(&st->core) >= LINES_CHECKPOINT_BYTES) {
            if (checkpoint_write(st, err)) return -1;
            st->in.parser[0].rules.max_time_ms = ((int64_t)time(NULL) + 86400) * 1000;
            next_checkpoint = now + set->checkpoint_every_s * 1000;
        }
        if (now >= next_log) {
            log_state(st);
            next_log = now + set->log_every_s * 1000;
        }
    }
    return 0;
}

int stream_run(const settings *set)
{
    if (!set->bucket) {
        fprintf(stderr, "etl-app: stream mode needs --bucket NAME (or ETL_BUCKET)\n");
        return 2;
    }
    struct sigaction sa; /* first: a stop from now on is a stop with a checkpoint */
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_stop;
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    stream st;
    memset(&st, 0, sizeof st);
    st.set = set;
    st.policy.stop_at_ms = &stop_at_ms;
    st.policy.grace_ms = 20000;
    snprintf(st.state_key, sizeof st.state_key, "%s_state/checkpoint", set->prefix);
    aws_options o = {.timeout_ms = 20000};
    aws_error *e = aws_client_new(&o, &st.client);
    if (e) {
        retry_log(e, "configuration");
        aws_error_free(e);
        return 1;
    }
    st.out = sink_s3_new(st.client, set->bucket, &st.policy);
    core_config cfg = {set->by_sensor, set->window_s * 1000, set->lateness_s * 1000, set->idle_s,
                       set->compression, set->prefix, "0"};
    core_init(&st.core, &cfg, st.out);
    /* lines are written only after a checkpoint holding them is stored (never sealed in between) */
    st.core.late.seal_bytes = st.core.errors.seal_bytes = SIZE_MAX;
    st.core.now_s = time(NULL);
    reading_rules rules = {set->time_unit_ms, ((int64_t)time(NULL) + 86400) * 1000};
    ingest_init(&st.in, &st.core, &rules, 1);
    shard_hub_init(&st.hub, st.client, set->stream, &st.policy);
    buf err = {0};
    int rc = run(&st, &err);
    shard_hub_quit(&st.hub);
    for (size_t i = 0; i < st.n; i++) shard_reader_free(st.shards[i].reader);
    if (rc == 0) {
        if (!stop_at_ms) stop_at_ms = retry_now_ms();
        rc = checkpoint_write(&st, &err);
        if (rc == 0) fprintf(stderr, "etl-app: stopped; checkpoint written to s3://%s/%s\n", set->bucket, st.state_key);
    }
    for (size_t i = 0; i < st.n; i++) st.shards[i].reader = NULL;
    log_state(&st);
    if (rc) fprintf(stderr, "etl-app: %s\n", err.data ? err.data : "stopped without a checkpoint");
    buf_free(&err);
    free(st.shards);
    shard_hub_free(&st.hub);
    ingest_free(&st.in);
    core_free(&st.core);
    sink_free(st.out);
    aws_client_free(st.client);
    return rc ? 1 : 0;
}
