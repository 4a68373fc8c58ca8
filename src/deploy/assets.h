/* The assets bucket of an account and region, where deploy puts artifacts and large templates:
 * etlctl-assets-<account>-<region>, encrypted (SSE-S3), private (public access blocked), assets expire
 * after ASSETS_EXPIRE_DAYS (a stack keeps using its artifact: the compute fetched it at launch, and a
 * redeploy uploads it again when it is gone). Objects are named by content hash, so an upload is
 * skipped when the object is there. */
#ifndef ETL_DEPLOY_ASSETS_H
#define ETL_DEPLOY_ASSETS_H

#include <stdio.h>

#include "aws/aws_client.h"

enum { ASSETS_EXPIRE_DAYS = 30 };

/* The bucket's name for the caller's account (STS GetCallerIdentity) and the client's region (64 bytes). */
aws_error *assets_bucket_name(aws_client *c, char *name);

/* Makes the bucket when it does not exist and sets encryption, the public access block and expiry;
 * tells on log what it did, and which settings the store does not implement (the local cloud's s3rver).
 * *created (may be NULL) is set to 1 when the bucket was made now. */
aws_error *assets_ensure(aws_client *c, const char *bucket, FILE *log, int *created);

/* Uploads path as key unless an object of that name and size is there (*uploaded 0 then); shows
 * progress on log for files over a megabyte when log is a terminal. */
aws_error *assets_upload(aws_client *c, const char *bucket, const char *key, const char *path, FILE *log,
                         int *uploaded);

/* The https URL of an object for CloudFormation's TemplateURL (path-style on a custom endpoint). */
aws_error *assets_object_url(aws_client *c, const char *bucket, const char *key, char *url, size_t n);

#endif
