/* S3 listings, every page followed: ListObjectsV2 (continuation tokens) and ListObjectVersions (key and
 * version-id markers; versions and delete markers in the order S3 gives them). */
#ifndef ETL_AWS_S3_LIST_H
#define ETL_AWS_S3_LIST_H

#include <stddef.h>
#include <stdint.h>

#include "aws/aws_client.h"

typedef struct s3_entry {
    char *key;
    int64_t size;
    char etag[80];
    char last_modified[40];
    char version_id[128]; /* ListObjectVersions only */
    int is_latest;        /* ListObjectVersions only */
    int delete_marker;    /* ListObjectVersions only: a delete marker, not a version */
} s3_entry;

/* Invariant: v[0..n) owned, n <= cap. */
typedef struct s3_listing {
    s3_entry *v;
    size_t n, cap;
} s3_listing;

/* Appends every object under prefix (NULL: all) to out; page_size 0: the service's default (1000). */
aws_error *s3_list_objects(aws_client *c, const char *bucket, const char *prefix, int page_size,
                           s3_listing *out);
/* Appends every version and delete marker under prefix to out. */
aws_error *s3_list_object_versions(aws_client *c, const char *bucket, const char *prefix, int page_size,
                                   s3_listing *out);
void s3_listing_free(s3_listing *l);

#endif
