/* AWS Signature Version 4 for request headers ("Authorization: AWS4-HMAC-SHA256 ..."), as specified in
 * the IAM user guide "Create a signed AWS API request". Two flavours: the general one, whose canonical
 * URI is the normalized path encoded once more; and S3's, whose canonical URI is the path as sent
 * (no double encoding); S3 callers also send the payload hash in x-amz-content-sha256 (signed like any
 * other header). */
#ifndef ETL_AWS_SIGV4_H
#define ETL_AWS_SIGV4_H

#include <stdint.h>

#include "aws/aws_credentials.h"
#include "aws/http_headers.h"
#include "base/buf.h"

typedef struct sigv4_scope {
    const char *region;
    const char *service; /* signing name: "s3", "kinesis", "sts", "cloudformation" */
    int64_t time;        /* Unix seconds the request is signed at (clock-skew corrected by the caller) */
    int s3;              /* S3 rules: the canonical URI is the path as sent, not normalized or re-encoded */
} sigv4_scope;

/* Signs a request in place. path and query are exactly as they go on the wire (already percent-encoded,
 * query without '?', may be ""); h must hold Host. Removes any previous Authorization, X-Amz-Date and
 * X-Amz-Security-Token; adds X-Amz-Date, X-Amz-Security-Token (with a session token) and Authorization. Every
 * header present is signed except User-Agent, Expect and X-Amzn-Trace-Id. payload_hash is the lowercase hex
 * SHA-256 of the body (or "UNSIGNED-PAYLOAD"). */
void sigv4_sign(const aws_credentials *c, const sigv4_scope *s, const char *method, const char *path,
                const char *query, http_headers *h, const char *payload_hash);

/* The canonical request of the specification, and the signed header list ("host;x-amz-date"): exposed
 * for tests and debug traces. */
void sigv4_canonical_request(buf *out, buf *signed_headers, const sigv4_scope *s, const char *method,
                             const char *path, const char *query, const http_headers *h,
                             const char *payload_hash);

/* "20150830T123600Z" for t. */
void sigv4_amz_date(int64_t t, char out[17]);

#endif
