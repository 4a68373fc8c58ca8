/* What every S3 call shares: object paths ("/" + key percent-encoded with '/' kept), and one send for
 * requests whose body is in memory, which adds Content-MD5 (the integrity check S3 requires for
 * DeleteObjects and the bucket configuration calls, and verifies for any other). */
#ifndef ETL_AWS_S3_REQUEST_H
#define ETL_AWS_S3_REQUEST_H

#include "aws/aws_request.h"

/* Appends "/" + key encoded for a path. */
void s3_key_path(buf *out, const char *key);

/* "bucket" or "bucket/key" for the request log. */
void s3_resource(buf *out, const char *bucket, const char *key);

/* Sends an S3 request. body may be NULL (no body). content_type may be NULL. resp is initialized by the
 * caller and holds the answer. */
aws_error *s3_send(aws_client *c, const char *action, const char *method, const char *bucket, const char *key,
                   const char *query, const char *body, size_t len, const char *content_type,
                   http_response *resp);

/* The general form: any body (memory or file range) with its SHA-256 (hex, or NULL to compute) and
 * Content-MD5 (base64, or NULL for none). */
aws_error *s3_send_body(aws_client *c, const char *action, const char *method, const char *bucket,
                        const char *key, const char *query, const http_body *body, const char *sha256_hex,
                        const char *content_md5, const char *content_type, http_response *resp);

/* Opens path for reading and tells its size; an "LocalIOError" error when it cannot. */
aws_error *s3_open_file(const char *path, int *fd, int64_t *size);

/* base64 of the MD5 of data[0..len), for Content-MD5 (out: 25 bytes). */
void s3_content_md5(const void *data, size_t len, char out[25]);

#endif
