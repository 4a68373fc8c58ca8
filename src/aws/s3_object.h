/* S3 objects, one request each: PutObject from memory or streamed from a file (with Content-MD5, so
 * S3 refuses a body damaged on the way), GetObject into memory or streamed into a file, HeadObject,
 * DeleteObject. Large files go through s3_upload_file() (s3_multipart.h). */
#ifndef ETL_AWS_S3_OBJECT_H
#define ETL_AWS_S3_OBJECT_H

#include <stdint.h>

#include "aws/aws_client.h"

typedef struct s3_object_info {
    int64_t size;
    char etag[80];          /* with its quotes, as S3 gives it */
    char last_modified[40]; /* as given: RFC 1123 from HEAD/GET, ISO 8601 from listings */
    char version_id[128];   /* "" when unversioned */
    char content_type[128];
} s3_object_info;

/* content_type may be NULL. info (may be NULL) receives the ETag and version id. */
aws_error *s3_put_object(aws_client *c, const char *bucket, const char *key, const void *data, size_t len,
                         const char *content_type, s3_object_info *info);
aws_error *s3_put_object_file(aws_client *c, const char *bucket, const char *key, const char *path,
                              const char *content_type, s3_object_info *info);

/* Appends the object's bytes to out. version_id may be NULL (the current version). */
aws_error *s3_get_object(aws_client *c, const char *bucket, const char *key, const char *version_id, buf *out,
                         s3_object_info *info);
/* Writes the object to path (created or truncated; removed again when the download fails). */
aws_error *s3_get_object_file(aws_client *c, const char *bucket, const char *key, const char *path,
                              s3_object_info *info);

/* A missing object is the error code "NotFound". */
aws_error *s3_head_object(aws_client *c, const char *bucket, const char *key, s3_object_info *info);
aws_error *s3_delete_object(aws_client *c, const char *bucket, const char *key, const char *version_id);

/* Fills info from the headers of a GET/HEAD/PUT answer (library-internal, also used by multipart). */
void s3_object_info_from_headers(s3_object_info *info, const http_headers *h, int64_t body_len);

/* Sends fd[offset, offset+len) as the body of a PUT with Content-MD5: PutObject, or UploadPart when
 * query names the part (library-internal, used by multipart). */
aws_error *s3_put_file_range(aws_client *c, const char *action, const char *bucket, const char *key,
                             const char *query, int fd, int64_t offset, int64_t len, const char *content_type,
                             http_response *resp);

#endif
