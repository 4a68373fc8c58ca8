/* aws_send(): builds the URL (S3 virtual-host or path-style), hashes the payload, signs each attempt
 * afresh, sends it on a pooled connection, turns failures into aws_error and retries those worth it
 * with full-jitter backoff (AWS SDK "standard" mode: delay = random(0, min(20 s, 1 s * 2^attempt))). */
#include "aws/aws_request.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "aws/aws_trace.h"
#include "aws/digest.h"
#include "aws/sigv4.h"

enum { MAX_BACKOFF_MS = 20000, BASE_BACKOFF_MS = 1000 };

aws_request aws_request_make(const char *service, const char *action, const char *method, const char *path)
{
    aws_request r;
    memset(&r, 0, sizeof r);
    r.service = service;
    r.action = action;
    r.method = method;
    r.path = path;
    r.body = HTTP_BODY_NONE;
    return r;
}

int aws_is_throttling(const char *code)
{
    static const char *codes[] = {"Throttling",
                                  "ThrottlingException",
                                  "ThrottledException",
                                  "ProvisionedThroughputExceededException",
                                  "SlowDown",
                                  "RequestLimitExceeded",
                                  "TooManyRequestsException",
                                  "RequestThrottled",
                                  "RequestThrottledException",
                                  "BandwidthLimitExceeded",
                                  "LimitExceededException",
                                  "PriorRequestNotComplete",
                                  "EC2ThrottledException",
                                  "TransactionInProgressException"};
    for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++)
        if (strcmp(code, codes[i]) == 0) return 1;
    return 0;
}

static int is_skew_code(const char *code)
{
    return strcmp(code, "RequestTimeTooSkewed") == 0 || strcmp(code, "RequestExpired") == 0 ||
           strcmp(code, "RequestInTheFuture") == 0 || strcmp(code, "InvalidSignatureException") == 0 ||
           strcmp(code, "SignatureDoesNotMatch") == 0 || strcmp(code, "AuthFailure") == 0;
}

static int retryable_status(int status)
{
    return status == 500 || status == 502 || status == 503 || status == 504;
}

/* A bucket name that can be a DNS label under a TLS wildcard: no dots, lowercase, digits, '-'. */
static int virtual_host_ok(const char *bucket)
{
    size_t n = strlen(bucket);
    if (n < 3 || n > 63 || bucket[0] == '-' || bucket[n - 1] == '-') return 0;
    for (const char *p = bucket; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-')) return 0;
    return 1;
}

void aws_request_url(const aws_endpoint *e, const aws_request *r, buf *url, buf *host, buf *path)
{
    const char *after_scheme = strstr(e->url, "://") + 3;
    size_t host_len = strcspn(after_scheme, "/");
    const char *base_path = after_scheme + host_len; /* "" or "/prefix" */
    buf_add(url, e->url, (size_t)(after_scheme - e->url));
    if (r->bucket && !e->custom && virtual_host_ok(r->bucket)) {
        buf_printf(host, "%s.", r->bucket);
        buf_add(host, after_scheme, host_len);
        buf_printf(path, "%s%s", base_path, r->path);
    } else {
        buf_add(host, after_scheme, host_len);
        if (r->bucket)
            buf_printf(path, "%s/%s%s", base_path, r->bucket, r->path);
        else
            buf_printf(path, "%s%s", base_path, r->path);
    }
    buf_printf(url, "%s%s", host->data, path->data);
    if (r->query && *r->query) buf_printf(url, "?%s", r->query);
}

static int hash_body(const http_body *b, char out[65])
{
    if (b->fd < 0) {
        digest_sha256_hex(b->data ? b->data : "", b->len, out);
        return 0;
    }
    digest_ctx *d = digest_new(0);
    char chunk[65536];
    for (size_t done = 0; done < b->len;) {
        size_t want = b->len - done < sizeof chunk ? b->len - done : sizeof chunk;
        ssize_t n = pread(b->fd, chunk, want, (off_t)(b->offset + (int64_t)done));
        if (n <= 0) {
            unsigned char dummy[32];
            digest_final(d, dummy);
            return -1;
        }
        digest_update(d, chunk, (size_t)n);
        done += (size_t)n;
    }
    unsigned char h[32];
    digest_final(d, h);
    digest_hex(h, 32, out);
    return 0;
}

static int64_t parse_http_date(const char *s)
{
    struct tm tm;
    memset(&tm, 0, sizeof tm);
    if (!s || !strptime(s, "%a, %d %b %Y %H:%M:%S", &tm)) return 0;
    return (int64_t)timegm(&tm);
}

void aws_backoff(int attempt)
{
    long cap = BASE_BACKOFF_MS;
    for (int i = 1; i < attempt && cap < MAX_BACKOFF_MS; i++) cap *= 2;
    if (cap > MAX_BACKOFF_MS) cap = MAX_BACKOFF_MS;
    long ms = (long)arc4random_uniform((uint32_t)cap + 1);
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
    }
}

static aws_error *attempt_error(const aws_request *r, enum http_outcome outcome, const http_response *resp,
                                const char *failure, const char *host)
{
    aws_error *e;
    if (outcome != HTTP_OK) {
        e = aws_error_new(r->service, "NetworkError", "%s: %s", host, failure);
        e->retryable = outcome == HTTP_TRANSIENT;
    } else {
        const char *rid = http_headers_get(&resp->headers, "x-amz-request-id");
        if (!rid) rid = http_headers_get(&resp->headers, "x-amzn-RequestId");
        e = aws_error_from_response(r->service, resp->status, resp->body.data, resp->body.len, rid,
                                    http_headers_get(&resp->headers, "x-amzn-ErrorType"));
        e->retryable = retryable_status(resp->status) || aws_is_throttling(e->code);
    }
    snprintf(e->action, sizeof e->action, "%s", r->action ? r->action : "");
    return e;
}

aws_error *aws_send(aws_client *c, aws_request *r, http_response *resp)
{
    aws_endpoint ep;
    aws_error *err = aws_client_endpoint(c, r->service, &ep);
    if (err) goto out;
    const char *region = r->region ? r->region : aws_client_region(c);
    if (!region) region = "us-east-1"; /* custom endpoints (local peers) need one for the signature only */
    buf url = {0}, host = {0}, path = {0};
    aws_request_url(&ep, r, &url, &host, &path);
    char hash[65];
    if (r->payload_hash)
        snprintf(hash, sizeof hash, "%s", r->payload_hash);
    else if (hash_body(&r->body, hash) != 0)
        err = aws_error_new(r->service, "LocalIOError", "reading the request body: %s", strerror(errno));
    off_t sink_start = resp->sink_fd >= 0 ? lseek(resp->sink_fd, 0, SEEK_CUR) : 0;
    int max_attempts = aws_client_max_attempts(c), skew_fixed = 0;
    for (int attempt = 1; !err; attempt++) {
        aws_credentials own = {0};
        const aws_credentials *creds = r->credentials;
        if (!creds) {
            err = aws_client_credentials(c, &own, NULL);
            if (err) break;
            creds = &own;
        }
        http_headers h = {0};
        http_headers_add(&h, "Host", host.data);
        for (size_t i = 0; i < r->headers.n; i++)
            http_headers_add(&h, r->headers.v[i].name, r->headers.v[i].value);
        if (strcmp(r->service, "s3") == 0) http_headers_set(&h, "X-Amz-Content-SHA256", hash);
        sigv4_scope scope = {region, r->service, aws_client_now(c), strcmp(r->service, "s3") == 0};
        sigv4_sign(creds, &scope, r->method, path.data, r->query ? r->query : "", &h, hash);
        aws_credentials_free(&own);

        http_response_reset(resp);
        if (resp->sink_fd >= 0 && attempt > 1) {
            if (ftruncate(resp->sink_fd, sink_start) != 0 || lseek(resp->sink_fd, sink_start, SEEK_SET) < 0) {
                err = aws_error_new(r->service, "LocalIOError", "rewinding the output: %s", strerror(errno));
                http_headers_free(&h);
                break;
            }
        }
        char failure[256];
        http_conn *conn = aws_client_conn_take(c);
        enum http_outcome outcome = http_perform(conn, r->method, url.data, &h, &r->body, resp, failure);
        aws_client_conn_give(c, conn);
        aws_trace_attempt(r->service, r->action, r->resource, r->method, url.data, &h,
                          outcome == HTTP_OK ? resp->status : 0, attempt, failure);
        http_headers_free(&h);
        if (outcome == HTTP_OK && resp->status < 300) break;

        err = attempt_error(r, outcome, resp, failure, host.data);
        if (outcome == HTTP_OK && is_skew_code(err->code) && !skew_fixed) {
            int64_t server = parse_http_date(http_headers_get(&resp->headers, "Date"));
            int64_t local = (int64_t)time(NULL);
            if (server && (server - local > 240 || local - server > 240)) {
                aws_client_set_skew(c, server - local);
                skew_fixed = err->retryable = 1;
            }
        }
        if (!err->retryable || attempt >= max_attempts) {
            if (attempt > 1 && err->retryable) {
                size_t n = strlen(err->message);
                snprintf(err->message + n, sizeof err->message - n, "%s(gave up after %d attempts)",
                         n ? " " : "", attempt);
            }
            break;
        }
        if (!(skew_fixed && is_skew_code(err->code))) aws_backoff(attempt);
        aws_error_free(err);
        err = NULL;
    }
    buf_free(&url);
    buf_free(&host);
    buf_free(&path);
out:
    if (err && !err->action[0]) snprintf(err->action, sizeof err->action, "%s", r->action ? r->action : "");
    return err;
}
