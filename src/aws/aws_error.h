/* The one error type of the AWS client library. Every call that can fail returns an aws_error *
 * (NULL on success, else an allocated error the caller releases with aws_error_free()). Remote
 * failures carry the service, HTTP status, AWS error code, message and request id; local failures
 * (network, configuration, parse) have status 0 and a code naming the kind of failure. */
#ifndef ETL_AWS_ERROR_H
#define ETL_AWS_ERROR_H

#include <stddef.h>
#include <stdio.h>

typedef struct aws_error {
    char service[24];    /* "s3", "kinesis", "sts", "cloudformation", or a local area: "config", "http" */
    char action[64];     /* the API action ("PutRecords"), empty for local failures outside a call */
    int status;          /* HTTP status of the answer, 0 for a local failure */
    char code[64];       /* AWS error code ("NoSuchBucket"), or a local one ("NetworkError") */
    char message[512];   /* human-readable, one line, never a secret */
    char request_id[80]; /* x-amz-request-id / x-amzn-RequestId, empty when none */
    int retryable;       /* set by the HTTP layer: the failure was transient */
} aws_error;

/* A local failure: status 0, code and printf-style message. Never NULL. */
aws_error *aws_error_new(const char *service, const char *code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* The error of an HTTP answer with status >= 300: its body is parsed as an S3/Query XML error
 * (<Error><Code>..), or a JSON 1.x error ({"__type": "...", "message": ...}); when the body says
 * nothing, the code is derived from the status. header_code is x-amzn-ErrorType when present. */
aws_error *aws_error_from_response(const char *service, int status, const char *body, size_t len,
                                   const char *request_id, const char *header_code);

/* 1 when e is an error with this code. */
int aws_error_is(const aws_error *e, const char *code);

/* Formats e as one line, without newline, secrets masked:
 *   s3 HeadBucket: NoSuchBucket (HTTP 404): The specified bucket does not exist [request id 4442587FB7D0A2F9]
 *   config: InvalidProfile: profile "dev" not found in ~/.aws/config */
void aws_error_format(const aws_error *e, char *out, size_t n);
/* Prints "<prefix>: <line>\n" on f (prefix may be NULL). */
void aws_error_print(FILE *f, const char *prefix, const aws_error *e);

void aws_error_free(aws_error *e);

#endif
