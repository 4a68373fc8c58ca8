/* One AWS API call on the wire: the endpoint of its service, S3 bucket addressing, SigV4, and the
 * retries of the SDKs' standard mode (bounded attempts, exponential backoff with full jitter, on
 * 500/502/503/504, throttling codes and transient network failures; clock-skew correction on
 * RequestTimeTooSkewed). Non-retryable errors come back at once. Every attempt goes to the request
 * log and the debug trace (aws_trace.h). */
#ifndef ETL_AWS_REQUEST_H
#define ETL_AWS_REQUEST_H

#include "aws/aws_client.h"
#include "aws/http.h"

typedef struct aws_request {
    const char *service;  /* endpoint and signing name: "s3", "kinesis", "sts", "cloudformation" */
    const char *action;   /* API action, for errors and the request log */
    const char *resource; /* "bucket/key", stream name or ARN: for the request log; may be NULL */
    const char *method;
    const char *bucket;   /* S3: virtual-host style on AWS endpoints, path-style on custom ones; or NULL */
    const char *path;     /* percent-encoded path (after the bucket, if any), starting with '/' */
    const char *query;    /* percent-encoded query without '?', or NULL */
    http_headers headers; /* extra headers (Content-Type, X-Amz-Target, ...), owned by the caller */
    http_body body;
    const char *payload_hash;           /* hex SHA-256 of the body if known, else computed here */
    const aws_credentials *credentials; /* instead of the client's (AssumeRole with a source profile) */
    const char *region;                 /* instead of the client's */
} aws_request;

/* A request with everything zero but the body (HTTP_BODY_NONE). */
aws_request aws_request_make(const char *service, const char *action, const char *method, const char *path);

/* Sends r until it succeeds (status < 300) or fails for good. resp (initialized by the caller, see
 * http_response_init) holds the final answer either way. */
aws_error *aws_send(aws_client *c, aws_request *r, http_response *resp);

/* Where r goes on endpoint e: url (scheme://host[:port]/path[?query]), host (the Host header) and path
 * (the path that is signed). A bucket becomes part of the host (virtual-host style) on AWS endpoints
 * when it is a plain DNS label, and the first path segment (path-style) otherwise and on custom
 * endpoints. An endpoint's own path ("http://h/prefix") comes before the request's. */
void aws_request_url(const aws_endpoint *e, const aws_request *r, buf *url, buf *host, buf *path);

/* Sleeps before attempt+1 (attempt >= 1): full jitter, random(0, min(20 s, 1 s * 2^(attempt-1))). */
void aws_backoff(int attempt);

/* 1 when an error code is one of the throttling codes of the SDKs. */
int aws_is_throttling(const char *code);

#endif
