/* What the library tells about the requests it sends, with every secret masked:
 *   ETL_AWS_REQUEST_LOG=path  appends one JSON line per attempt:
 *     {"service":"s3","action":"PutObject","resource":"bucket/key","status":200,"attempt":1}
 *     (status 0: no answer). Tests check the requests an app makes against an IAM policy with it.
 *   ETL_AWS_DEBUG=1           one line per attempt on stderr, with the signed request headers. */
#ifndef ETL_AWS_TRACE_H
#define ETL_AWS_TRACE_H

#include "aws/http_headers.h"

void aws_trace_attempt(const char *service, const char *action, const char *resource, const char *method,
                       const char *url, const http_headers *sent, int status, int attempt,
                       const char *failure);

#endif
