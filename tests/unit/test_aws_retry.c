/* Retries as the SDKs' standard mode does them, against real peers behind a loopback fault proxy:
 * 503 and throttling answered a set number of times (nothing lost, nothing doubled, attempts bounded),
 * non-retryable errors at once, clock-skew correction, and a peer stopped and started during a call. */
#include "harness.h"

#include <pthread.h>

#include "aws/kin_records.h"
#include "aws/kin_stream.h"
#include "aws/s3_bucket.h"
#include "aws/s3_object.h"
#include "aws_test_peers.h"

static pid_t kinesalite, s3rver;
static int kin_port, s3_port;
static char kin_dir[512];

static void peers(void)
{
    if (kinesalite) return;
    aws_test_env();
    char dir[512];
    snprintf(kin_dir, sizeof kin_dir, "%s/retry-kinesis", test_tmp());
    kinesalite = start_kinesalite(&kin_port, kin_dir);
    snprintf(dir, sizeof dir, "%s/retry-s3", test_tmp());
    s3rver = start_s3rver(&s3_port, dir);
}

/* A fault proxy in front of upstream, logging to TEST_TMP/<log>; a1..a8: more of its arguments. */
static pid_t proxy(int upstream, const char *log, int *port, const char *a1, const char *a2, const char *a3,
                   const char *a4, const char *a5, const char *a6, const char *a7, const char *a8)
{
    char up[64], path[512];
    snprintf(up, sizeof up, "http://127.0.0.1:%d", upstream);
    snprintf(path, sizeof path, "%s/%s", test_tmp(), log);
    remove(path);
    char *argv[] = {"/usr/bin/python3",
                    "tests/lib/fault_proxy.py",
                    "--upstream",
                    up,
                    "--log",
                    path,
                    (char *)a1,
                    (char *)a2,
                    (char *)a3,
                    (char *)a4,
                    (char *)a5,
                    (char *)a6,
                    (char *)a7,
                    (char *)a8,
                    NULL};
    return peer_spawn(argv, port);
}

static aws_client *client_at(int port)
{
    char url[64];
    snprintf(url, sizeof url, "http://127.0.0.1:%d", port);
    aws_options o = {.endpoint_url = url};
    aws_client *c = NULL;
    OK(aws_client_new(&o, &c));
    return c;
}

/* A client whose every request goes through a new fault proxy (see proxy()); *px is the proxy's pid. */
static aws_client *proxied(int upstream, const char *log, pid_t *px, const char *a1, const char *a2,
                           const char *a3, const char *a4, const char *a5, const char *a6, const char *a7,
                           const char *a8)
{
    int port;
    *px = proxy(upstream, log, &port, a1, a2, a3, a4, a5, a6, a7, a8);
    return client_at(port);
}

static int log_count(const char *log, const char *needle)
{
    int st;
    char *n = sh_capture(&st, "grep -c -- '%s' '%s/%s'", needle, test_tmp(), log);
    int v = atoi(n);
    free(n);
    return v;
}

/* Reads every record of a one-shard stream; counts payloads "r<i>" (i < n): distinct ones and all. */
static void read_back(aws_client *c, const char *stream, int n, int *distinct, int *total)
{
    char *seen = calloc((size_t)n, 1);
    *distinct = *total = 0;
    kin_shard_list l;
    OK(kin_list_shards(c, stream, 0, &l));
    char *it = NULL;
    if (l.n) OK(kin_get_shard_iterator(c, stream, l.v[0].id, "TRIM_HORIZON", NULL, 0, &it));
    for (int round = 0; it && round < 20; round++) {
        kin_get_result r;
        aws_error *err = kin_get_records(c, stream, it, 1000, &r);
        free(it);
        it = NULL;
        if (err) {
            aws_error_free(err);
            break;
        }
        for (size_t k = 0; k < r.n; k++) {
            int i = -1;
            (*total)++;
            if (sscanf(r.v[k].data, "r%d", &i) == 1 && i >= 0 && i < n && !seen[i]) {
                seen[i] = 1;
                (*distinct)++;
            }
        }
        if (r.n && r.next_iterator) it = strdup(r.next_iterator);
        kin_get_result_free(&r);
    }
    free(it);
    kin_shard_list_free(&l);
    free(seen);
}

/* Every record "r<i>" of the stream is there exactly once. */
static void check_each_once(aws_client *c, const char *stream, int n)
{
    int distinct, total;
    read_back(c, stream, n, &distinct, &total);
    CHECK_INT(distinct, n);
    CHECK_INT(total, n);
}

/* Creates a one-shard stream and puts n records "r0".."r<n-1>" into it; the records as sent (caller
 * frees; their data pointers are no longer valid). */
static kin_record *put_numbered(aws_client *c, const char *stream, int n)
{
    kin_record *recs = calloc((size_t)n, sizeof *recs);
    OK(kin_create_stream(c, stream, 1));
    OK(kin_wait_active(c, stream, 10000));
    char(*data)[16] = calloc((size_t)n, 16);
    for (int i = 0; i < n; i++) {
        int len = snprintf(data[i], 16, "r%d", i);
        recs[i] = (kin_record){data[i], (size_t)len, "pk", NULL, "", ""};
    }
    OK(kin_put_records(c, stream, recs, (size_t)n));
    free(data);
    return recs;
}

TEST(kinesis_503_twice_then_success_loses_nothing)
{
    peers();
    pid_t px;
    aws_client *c = proxied(kin_port, "p503.log", &px, "--match", "PutRecords", "--fail", "2", "--status",
                            "503", NULL, NULL);
    enum { N = 300 };
    free(put_numbered(c, "r503", N));
    CHECK_INT(log_count("p503.log", "\"done\": \"failed\""), 2);
    CHECK_INT(log_count("p503.log", "\"action\": \"PutRecords\", \"done\": \"forwarded\""), 1);
    check_each_once(c, "r503", N);
    aws_client_free(c);
    peer_kill(px);
}

TEST(put_records_resends_only_the_failed_entries)
{
    peers();
    pid_t px;
    aws_client *c = proxied(kin_port, "ppartial.log", &px, "--drop-every", "3", "--drop-calls", "2", NULL,
                            NULL, NULL, NULL);
    enum { N = 90 };
    kin_record *recs = put_numbered(c, "partial", N);
    /* 90 sent, 30 refused; those 30 sent again, 10 refused; those 10 sent again, all written */
    CHECK_INT(log_count("ppartial.log", "\"sent\": 90, \"dropped\": 30"), 1);
    CHECK_INT(log_count("ppartial.log", "\"sent\": 30, \"dropped\": 10"), 1);
    CHECK_INT(log_count("ppartial.log", "\"done\": \"whole\", \"sent\": 10"), 1);
    for (int i = 0; i < N; i++) CHECK(recs[i].sequence_number[0] != 0);
    free(recs);
    check_each_once(c, "partial", N);
    aws_client_free(c);
    peer_kill(px);
}

TEST(put_records_bounds_refusals_per_record_not_per_put)
{
    peers();
    setenv("AWS_MAX_ATTEMPTS", "1", 1); /* a record may be refused 3 times */
    pid_t px;
    /* six calls in a row each refuse every tenth entry (positions 9, 19, ...): no record is refused
     * more than twice, but more calls than a record's budget have refusals */
    aws_client *c = proxied(kin_port, "pmany.log", &px, "--drop-every", "10", "--drop-offset", "9",
                            "--drop-calls", "6", NULL, NULL);
    enum { N = 3000 };
    kin_record *recs = put_numbered(c, "many", N);
    CHECK_INT(log_count("pmany.log", "\"done\": \"partial\""), 6);
    for (int i = 0; i < N; i++) CHECK(recs[i].sequence_number[0] != 0);
    free(recs);
    check_each_once(c, "many", N);
    unsetenv("AWS_MAX_ATTEMPTS");
    aws_client_free(c);
    peer_kill(px);
}

TEST(throttling_is_retried_a_bounded_number_of_times)
{
    peers();
    setenv("AWS_MAX_ATTEMPTS", "3", 1);
    pid_t px;
    aws_client *c = proxied(kin_port, "pthrottle.log", &px, "--fail", "100", "--status", "400", "--code",
                            "ThrottlingException", NULL, NULL);
    aws_strings names = {0};
    aws_error *err = kin_list_streams(c, 0, &names);
    CHECK(aws_error_is(err, "ThrottlingException"));
    CHECK(err && strstr(err->message, "gave up after 3 attempts") != NULL);
    CHECK(err && strcmp(err->request_id, "fault-3") == 0);
    aws_error_free(err);
    aws_strings_free(&names);
    CHECK_INT(log_count("pthrottle.log", "\"done\": \"failed\""), 3);
    unsetenv("AWS_MAX_ATTEMPTS");
    aws_client_free(c);
    peer_kill(px);
}

TEST(s3_slowdown_then_success_and_non_retryable_at_once)
{
    peers();
    pid_t px;
    aws_client *c = proxied(s3_port, "pslow.log", &px, "--protocol", "xml", "--match", "PUT", "--fail", "2",
                            "--code", "SlowDown");
    OK(s3_create_bucket(c, "retried", NULL)); /* a PUT too: it takes the first two failures */
    OK(s3_put_object(c, "retried", "k", "payload", 7, NULL, NULL));
    buf got = {0};
    OK(s3_get_object(c, "retried", "k", NULL, &got, NULL));
    CHECK_STR(got.data, "payload");
    buf_free(&got);
    CHECK_INT(log_count("pslow.log", "\"done\": \"failed\""), 2);
    CHECK_INT(log_count("pslow.log", "\"done\": \"forwarded\""), 3);
    aws_client_free(c);
    peer_kill(px);

    setenv("AWS_MAX_ATTEMPTS", "5", 1);
    c = proxied(s3_port, "pdenied.log", &px, "--protocol", "xml", "--fail", "100", "--status", "403",
                "--code", "AccessDenied");
    aws_error *err = s3_put_object(c, "retried", "k2", "x", 1, NULL, NULL);
    CHECK(aws_error_is(err, "AccessDenied"));
    aws_error_free(err);
    CHECK_INT(log_count("pdenied.log", "\"done\": \"failed\""), 1);
    unsetenv("AWS_MAX_ATTEMPTS");
    aws_client_free(c);
    peer_kill(px);
}

TEST(clock_skew_is_measured_and_corrected)
{
    peers();
    pid_t px;
    aws_client *c = proxied(kin_port, "pskew.log", &px, "--skew", "3600", NULL, NULL, NULL, NULL, NULL, NULL);
    aws_strings names = {0};
    OK(kin_list_streams(c, 0, &names)); /* first refused as skewed, then sent with the server's time */
    OK(kin_list_streams(c, 0, &names)); /* the correction stays */
    aws_strings_free(&names);
    CHECK_INT(log_count("pskew.log", "\"done\": \"skewed\""), 1);
    CHECK_INT(log_count("pskew.log", "\"done\": \"forwarded\""), 2);
    aws_client_free(c);
    peer_kill(px);
}

struct restart {
    int port;
    pid_t pid;
};

static void *restart_later(void *arg)
{
    struct restart *r = arg;
    struct timespec ts = {1, 500000000L}; /* the outage the call has to ride out */
    nanosleep(&ts, NULL);
    int port = 0;
    peer_dies_with_parent = 0; /* this thread ends right away; the peer must outlive it */
    r->pid = start_kinesalite_on(&port, kin_dir, r->port);
    peer_dies_with_parent = 1;
    return NULL;
}

TEST(a_peer_stopped_and_started_during_a_call)
{
    peers();
    aws_client *c = client_at(kin_port);
    OK(kin_create_stream(c, "survivor", 1));
    OK(kin_wait_active(c, "survivor", 10000));
    peer_kill(kinesalite); /* down: connections are refused */
    setenv("AWS_MAX_ATTEMPTS", "10", 1);
    struct restart r = {kin_port, 0};
    pthread_t t;
    pthread_create(&t, NULL, restart_later, &r);
    char log[512];
    request_log_start(log, "outage.jsonl");
    kin_stream_summary s;
    OK(kin_describe_stream_summary(c, "survivor", &s));
    unsetenv("ETL_AWS_REQUEST_LOG");
    pthread_join(t, NULL);
    kinesalite = r.pid;
    CHECK_STR(s.status, "ACTIVE");
    int st;
    char *refused = sh_capture(&st, "grep -c '\"status\":0' %s", log);
    CHECK(atoi(refused) >= 1); /* it did meet the outage */
    free(refused);
    unsetenv("AWS_MAX_ATTEMPTS");
    setenv("AWS_MAX_ATTEMPTS", "2", 1);
    aws_client_free(c);
    c = client_at(kin_port);
    peer_kill(kinesalite);
    kinesalite = 0;
    aws_error *err = kin_describe_stream_summary(c, "survivor", &s);
    CHECK(aws_error_is(err, "NetworkError"));
    CHECK(err && strstr(err->message, "gave up after 2 attempts") != NULL);
    aws_error_free(err);
    unsetenv("AWS_MAX_ATTEMPTS");
    aws_client_free(c);
    peer_kill(s3rver);
}
