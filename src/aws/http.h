/* HTTP/1.1 exchanges over libcurl, knowing nothing of AWS: one http_conn is one libcurl handle that
 * keeps its connections open for the next request (reuse), with connect and total timeouts and TLS
 * verification always on. Not thread-safe: one http_conn per thread at a time (aws_client pools them). */
#ifndef ETL_AWS_HTTP_H
#define ETL_AWS_HTTP_H

#include <stddef.h>
#include <stdint.h>

#include "aws/http_headers.h"
#include "base/buf.h"

/* A request body: len bytes from memory (data), or from the file descriptor fd at offset (fd >= 0,
 * read with pread so a retry can send it again). */
typedef struct http_body {
    const char *data;
    size_t len;
    int fd;
    int64_t offset;
} http_body;
#define HTTP_BODY_NONE ((http_body){NULL, 0, -1, 0})

typedef struct http_response {
    int status;           /* 0 until an answer arrived */
    http_headers headers; /* of the final answer (not of "100 Continue") */
    buf body;             /* the body, unless it went to sink_fd */
    int sink_fd;          /* >= 0: a 2xx body is written there instead of into body */
    int64_t sink_written;
} http_response;

void http_response_init(http_response *r);
/* Clears status, headers and body for another attempt (sink_fd stays). */
void http_response_reset(http_response *r);
void http_response_free(http_response *r);

typedef struct http_conn http_conn;

/* ca_bundle: a PEM file of the certificate authorities to trust instead of the system's, or NULL: libcurl's
 * default, or when it has none (the static etl-app) the first system bundle that exists (http.c). */
http_conn *http_conn_new(long connect_timeout_ms, long total_timeout_ms, const char *ca_bundle);
void http_conn_free(http_conn *c);

enum http_outcome {
    HTTP_OK = 0,        /* an answer arrived (any status) */
    HTTP_TRANSIENT = 1, /* connection refused/reset, timeout, empty reply: worth another attempt */
    HTTP_FAILED = 2,    /* anything else (bad URL, TLS verification, local I/O) */
};

/* Sends one request. On HTTP_OK resp holds the answer; otherwise err (256 bytes) says why. */
enum http_outcome http_perform(http_conn *c, const char *method, const char *url, const http_headers *h,
                               const http_body *body, http_response *resp, char err[256]);

#endif
