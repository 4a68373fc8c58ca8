/* S3 multipart upload: the five calls (CreateMultipartUpload, UploadPart, CompleteMultipartUpload,
 * AbortMultipartUpload, ListParts) and s3_upload_file(), which uploads a file in parallel parts,
 * reports progress, and aborts the upload when a part fails for good (no orphaned parts are billed). */
#ifndef ETL_AWS_S3_MULTIPART_H
#define ETL_AWS_S3_MULTIPART_H

#include <stdint.h>

#include "aws/aws_client.h"
#include "aws/s3_object.h"

enum { S3_MIN_PART_SIZE = 5 << 20, S3_MAX_PARTS = 10000 };

typedef struct s3_part {
    int number; /* 1..10000 */
    char etag[80];
    int64_t size;
} s3_part;

typedef struct s3_part_list {
    s3_part *v;
    size_t n;
} s3_part_list;

/* upload_id: 256 bytes. */
aws_error *s3_multipart_create(aws_client *c, const char *bucket, const char *key, const char *content_type,
                               char *upload_id);
aws_error *s3_multipart_upload_part(aws_client *c, const char *bucket, const char *key, const char *upload_id,
                                    int number, int fd, int64_t offset, int64_t len, char etag[80]);
/* parts in increasing number order. A 200 answer that carries an <Error> is an error. */
aws_error *s3_multipart_complete(aws_client *c, const char *bucket, const char *key, const char *upload_id,
                                 const s3_part *parts, size_t n, s3_object_info *info);
aws_error *s3_multipart_abort(aws_client *c, const char *bucket, const char *key, const char *upload_id);
/* All parts uploaded so far (following NextPartNumberMarker). */
aws_error *s3_multipart_list_parts(aws_client *c, const char *bucket, const char *key, const char *upload_id,
                                   s3_part_list *out);
void s3_part_list_free(s3_part_list *l);

typedef void (*s3_progress_fn)(void *ud, int64_t bytes_done, int64_t bytes_total);

typedef struct s3_upload_opts {
    const char *content_type;
    int64_t part_size;       /* 0: 8 MiB; raised to fit 10000 parts, never under 5 MiB */
    int threads;             /* 0: 4 */
    int64_t threshold;       /* files smaller go in one PutObject; 0: 16 MiB */
    s3_progress_fn progress; /* called after each part (and once for a single PutObject), may be NULL */
    void *progress_ud;
} s3_upload_opts;

aws_error *s3_upload_file(aws_client *c, const char *bucket, const char *key, const char *path,
                          const s3_upload_opts *opts, s3_object_info *info);

#endif
