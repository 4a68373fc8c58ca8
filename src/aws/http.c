/* The libcurl transport of http.h: request bodies from memory or a file range, response headers and
 * body captured (or the body streamed to a file), and curl's failures sorted into transient or not. */
#include "aws/http.h"

#include <curl/curl.h>
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

/* A Content-Length up to this is reserved at the first byte (a GetRecords answer is at most ~14 MB);
 * beyond, the body grows as it comes, so a wrong header cannot make us allocate much. */
#define HTTP_BODY_PRESIZE_MAX ((curl_off_t)64 << 20)

struct http_conn {
    CURL *curl;
    long connect_timeout_ms, total_timeout_ms;
    char *ca_bundle;
};

static pthread_once_t global_once = PTHREAD_ONCE_INIT;
static void global_init(void)
{
    curl_global_init(CURL_GLOBAL_DEFAULT);
}

/* The system's bundle of certificate authorities, for a libcurl built without a default one (the static
 * etl-app: a path fixed at build time on Debian would be wrong on Amazon Linux). Debian and Ubuntu first,
 * then Amazon Linux 2023 (and the other Red Hat family systems). NULL when libcurl has its own default
 * or none of them exists. */
static const char *system_ca_bundle(void)
{
    static const char *const known[] = {"/etc/ssl/certs/ca-certificates.crt", "/etc/pki/tls/certs/ca-bundle.crt"};
    const curl_version_info_data *v = curl_version_info(CURLVERSION_NOW);
    if (v->cainfo || v->capath) return NULL;
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
        if (access(known[i], R_OK) == 0) return known[i];
    return NULL;
}

http_conn *http_conn_new(long connect_timeout_ms, long total_timeout_ms, const char *ca_bundle)
{
    pthread_once(&global_once, global_init);
    http_conn *c = calloc(1, sizeof *c);
    if (!c || !(c->curl = curl_easy_init())) abort();
    c->connect_timeout_ms = connect_timeout_ms;
    c->total_timeout_ms = total_timeout_ms;
    if (!ca_bundle || !*ca_bundle) ca_bundle = system_ca_bundle();
    c->ca_bundle = ca_bundle ? strdup(ca_bundle) : NULL;
    return c;
}

void http_conn_free(http_conn *c)
{
    if (!c) return;
    curl_easy_cleanup(c->curl);
    free(c->ca_bundle);
    free(c);
}

void http_response_init(http_response *r)
{
    memset(r, 0, sizeof *r);
    r->sink_fd = -1;
}

void http_response_reset(http_response *r)
{
    r->status = 0;
    http_headers_free(&r->headers);
    buf_reset(&r->body);
    r->sink_written = 0;
}

void http_response_free(http_response *r)
{
    http_headers_free(&r->headers);
    buf_free(&r->body);
}

struct transfer {
    CURL *curl;
    const http_body *body;
    size_t sent;
    http_response *resp;
    int sink_error;
};

static size_t read_body(char *dst, size_t size, size_t nmemb, void *ud)
{
    struct transfer *t = ud;
    size_t want = size * nmemb, left = t->body->len - t->sent;
    if (want > left) want = left;
    if (!want) return 0;
    if (t->body->fd >= 0) {
        ssize_t n = pread(t->body->fd, dst, want, (off_t)(t->body->offset + (int64_t)t->sent));
        if (n <= 0) return CURL_READFUNC_ABORT;
        want = (size_t)n;
    } else {
        memcpy(dst, t->body->data + t->sent, want);
    }
    t->sent += want;
    return want;
}

static int seek_body(void *ud, curl_off_t offset, int origin)
{
    struct transfer *t = ud;
    if (origin != SEEK_SET || offset < 0 || (size_t)offset > t->body->len) return CURL_SEEKFUNC_FAIL;
    t->sent = (size_t)offset;
    return CURL_SEEKFUNC_OK;
}

static size_t on_header(char *line, size_t size, size_t nmemb, void *ud)
{
    struct transfer *t = ud;
    size_t n = size * nmemb;
    if (n >= 5 && strncmp(line, "HTTP/", 5) == 0) { /* a new status line: interim answers are dropped */
        http_headers_free(&t->resp->headers);
        return n;
    }
    const char *colon = memchr(line, ':', n);
    if (!colon) return n;
    size_t nl = (size_t)(colon - line), vs = nl + 1, ve = n;
    while (vs < ve && (line[vs] == ' ' || line[vs] == '\t')) vs++;
    while (ve > vs && (line[ve - 1] == '\r' || line[ve - 1] == '\n' || line[ve - 1] == ' ')) ve--;
    char *name = strndup(line, nl), *value = strndup(line + vs, ve - vs);
    if (!name || !value) abort();
    http_headers_add(&t->resp->headers, name, value);
    free(name);
    free(value);
    return n;
}

static size_t on_body(char *data, size_t size, size_t nmemb, void *ud)
{
    struct transfer *t = ud;
    size_t n = size * nmemb;
    long status = 0;
    curl_easy_getinfo(t->curl, CURLINFO_RESPONSE_CODE, &status);
    if (t->resp->sink_fd >= 0 && status >= 200 && status < 300) {
        for (size_t done = 0; done < n;) {
            ssize_t w = write(t->resp->sink_fd, data + done, n - done);
            if (w < 0 && errno == EINTR) continue;
            if (w <= 0) {
                t->sink_error = errno ? errno : EIO;
                return 0;
            }
            done += (size_t)w;
        }
        t->resp->sink_written += (int64_t)n;
    } else {
        curl_off_t expected = -1; /* room for the whole body at once, not a doubling per chunk */
        if (t->resp->body.len == 0 &&
            curl_easy_getinfo(t->curl, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &expected) == CURLE_OK &&
            expected > 0 && expected <= HTTP_BODY_PRESIZE_MAX)
            buf_reserve(&t->resp->body, (size_t)expected);
        buf_add(&t->resp->body, data, n);
    }
    return n;
}

static enum http_outcome classify(CURLcode rc)
{
    switch (rc) {
    case CURLE_COULDNT_CONNECT:
    case CURLE_OPERATION_TIMEDOUT:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
    case CURLE_SSL_CONNECT_ERROR:
        return HTTP_TRANSIENT;
    default:
        return HTTP_FAILED;
    }
}

enum http_outcome http_perform(http_conn *c, const char *method, const char *url, const http_headers *h,
                               const http_body *body, http_response *resp, char err[256])
{
    CURL *curl = c->curl;
    curl_easy_reset(curl); /* options only: the connection cache of the handle survives */
    struct transfer t = {curl, body, 0, resp, 0};
    struct curl_slist *list = NULL;
    for (size_t i = 0; i < h->n; i++) {
        buf line = {0};
        buf_printf(&line, "%s: %s", h->v[i].name, h->v[i].value);
        list = curl_slist_append(list, line.data);
        buf_free(&line);
    }
    /* libcurl adds these unless told not to; they are not signed, so leave them out */
    list = curl_slist_append(list, "Expect:");
    if (!http_headers_get(h, "Content-Type")) list = curl_slist_append(list, "Content-Type:");
    list = curl_slist_append(list, "Accept:");
    err[0] = '\0';
    curl_easy_setopt(curl, CURLOPT_URL, url);
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, list);
    curl_easy_setopt(curl, CURLOPT_USERAGENT, "etlctl/" ETLCTL_VERSION);
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, err);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, c->connect_timeout_ms);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, c->total_timeout_ms);
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 2L);
    if (c->ca_bundle) curl_easy_setopt(curl, CURLOPT_CAINFO, c->ca_bundle);
    curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, &t);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &t);
    int has_body = body && (body->len || strcmp(method, "PUT") == 0 || strcmp(method, "POST") == 0);
    if (strcmp(method, "HEAD") == 0) {
        curl_easy_setopt(curl, CURLOPT_NOBODY, 1L);
    } else if (has_body) {
        curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
        curl_easy_setopt(curl, CURLOPT_INFILESIZE_LARGE, (curl_off_t)body->len);
        curl_easy_setopt(curl, CURLOPT_READFUNCTION, read_body);
        curl_easy_setopt(curl, CURLOPT_READDATA, &t);
        curl_easy_setopt(curl, CURLOPT_SEEKFUNCTION, seek_body);
        curl_easy_setopt(curl, CURLOPT_SEEKDATA, &t);
        if (strcmp(method, "PUT") != 0) curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method);
    } else if (strcmp(method, "GET") != 0) {
        curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method);
    }
    CURLcode rc = curl_easy_perform(curl);
    curl_slist_free_all(list);
    long status = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    if (rc != CURLE_OK) {
        if (t.sink_error)
            snprintf(err, 256, "writing the body: %s", strerror(t.sink_error));
        else if (!err[0])
            snprintf(err, 256, "%s", curl_easy_strerror(rc));
        return t.sink_error ? HTTP_FAILED : classify(rc);
    }
    resp->status = (int)status;
    return HTTP_OK;
}
