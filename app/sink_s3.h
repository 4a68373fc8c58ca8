/* S3 sink: puts each object into a bucket with one PutObject (S3 makes an object visible whole or not
 * at all, and a second put of a key replaces it), retried through any outage (retry.h). */
#ifndef ETL_APP_SINK_S3_H
#define ETL_APP_SINK_S3_H

#include "aws/aws_client.h"
#include "retry.h"
#include "sink.h"

/* The client and policy are not owned and must outlive the sink. */
sink *sink_s3_new(aws_client *client, const char *bucket, const retry_policy *policy);

#endif
