/* S3 buckets: CreateBucket (with a LocationConstraint outside us-east-1), HeadBucket, DeleteBucket,
 * ListBuckets, and the bucket settings a stack sets: versioning, policy, default encryption and the
 * public access block. */
#ifndef ETL_AWS_S3_BUCKET_H
#define ETL_AWS_S3_BUCKET_H

#include "aws/aws_client.h"
#include "aws/aws_strings.h"

/* region NULL: the client's. */
aws_error *s3_create_bucket(aws_client *c, const char *bucket, const char *region);
/* region_out (32 bytes, may be NULL) receives x-amz-bucket-region when the service tells it.
 * A missing bucket is the error code "NotFound" (HEAD answers carry no body). */
aws_error *s3_head_bucket(aws_client *c, const char *bucket, char *region_out);
aws_error *s3_delete_bucket(aws_client *c, const char *bucket);
/* Appends the names of all buckets of the account to out. */
aws_error *s3_list_buckets(aws_client *c, aws_strings *out);

/* status: "Enabled" or "Suspended"; get answers "" for a bucket never versioned (status 16 bytes). */
aws_error *s3_put_bucket_versioning(aws_client *c, const char *bucket, const char *status);
aws_error *s3_get_bucket_versioning(aws_client *c, const char *bucket, char *status);

aws_error *s3_put_bucket_policy(aws_client *c, const char *bucket, const char *policy_json);
/* Appends the policy document to out. */
aws_error *s3_get_bucket_policy(aws_client *c, const char *bucket, buf *out);

/* algorithm "AES256" or "aws:kms" (kms_key_id may then name the key, or be NULL). */
aws_error *s3_put_bucket_encryption(aws_client *c, const char *bucket, const char *algorithm,
                                    const char *kms_key_id);
/* algorithm: 32 bytes. */
aws_error *s3_get_bucket_encryption(aws_client *c, const char *bucket, char *algorithm);

/* The four flags, in the API's order: BlockPublicAcls, IgnorePublicAcls, BlockPublicPolicy,
 * RestrictPublicBuckets. */
aws_error *s3_put_public_access_block(aws_client *c, const char *bucket, const int flags[4]);
aws_error *s3_get_public_access_block(aws_client *c, const char *bucket, int flags[4]);

#endif
