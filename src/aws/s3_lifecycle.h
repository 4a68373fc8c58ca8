/* S3 PutBucketLifecycleConfiguration with one rule: objects under a prefix expire after some days
 * (and their old versions too), and unfinished multipart uploads are aborted after a day. */
#ifndef ETL_AWS_S3_LIFECYCLE_H
#define ETL_AWS_S3_LIFECYCLE_H

#include "aws/aws_client.h"

/* prefix "" covers the whole bucket; rule_id names the rule. */
aws_error *s3_put_bucket_expiry(aws_client *c, const char *bucket, const char *rule_id, const char *prefix, int days);

#endif
