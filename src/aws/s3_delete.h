/* Deleting many S3 objects: DeleteObjects in batches of 1000 (the API's limit), versions and delete
 * markers included, and emptying a bucket (every version where the store keeps versions, falling back
 * to ListObjectsV2 where it answers NotImplemented for them). */
#ifndef ETL_AWS_S3_DELETE_H
#define ETL_AWS_S3_DELETE_H

#include <stddef.h>

#include "aws/aws_client.h"

enum { S3_MAX_DELETE_BATCH = 1000 };

typedef struct s3_object_id {
    const char *key;
    const char *version_id; /* NULL or "": the current version (or a new delete marker when versioned) */
} s3_object_id;

/* Deletes ids[0..n); *deleted (may be NULL) counts those S3 confirmed. A key S3 could not delete is an
 * error naming the key and its code (after the remaining batches were tried). */
aws_error *s3_delete_objects(aws_client *c, const char *bucket, const s3_object_id *ids, size_t n,
                             size_t *deleted);

/* Deletes everything in the bucket; *deleted (may be NULL) counts objects, versions and markers. */
aws_error *s3_empty_bucket(aws_client *c, const char *bucket, size_t *deleted);

#endif
