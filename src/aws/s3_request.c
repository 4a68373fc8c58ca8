/* The shared S3 request of s3_request.h. */
#include "aws/s3_request.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "aws/digest.h"
#include "aws/uri.h"

void s3_key_path(buf *out, const char *key)
{
    buf_addc(out, '/');
    if (key) uri_encode(out, key, strlen(key), 1);
}

void s3_resource(buf *out, const char *bucket, const char *key)
{
    buf_adds(out, bucket ? bucket : "");
    if (key) buf_printf(out, "/%s", key);
}

void s3_content_md5(const void *data, size_t len, char out[25])
{
    unsigned char md5[16];
    digest_md5(data, len, md5);
    buf b = {0};
    base64_encode(&b, md5, 16);
    snprintf(out, 25, "%s", b.data);
    buf_free(&b);
}

aws_error *s3_send_body(aws_client *c, const char *action, const char *method, const char *bucket,
                        const char *key, const char *query, const http_body *body, const char *sha256_hex,
                        const char *content_md5, const char *content_type, http_response *resp)
{
    buf path = {0}, resource = {0};
    s3_key_path(&path, key);
    s3_resource(&resource, bucket, key);
    aws_request r = aws_request_make("s3", action, method, path.data);
    r.bucket = bucket;
    r.query = query;
    r.resource = resource.data;
    if (body) r.body = *body;
    r.payload_hash = sha256_hex;
    if (content_md5) http_headers_add(&r.headers, "Content-MD5", content_md5);
    if (content_type) http_headers_add(&r.headers, "Content-Type", content_type);
    aws_error *err = aws_send(c, &r, resp);
    http_headers_free(&r.headers);
    buf_free(&path);
    buf_free(&resource);
    return err;
}

aws_error *s3_send(aws_client *c, const char *action, const char *method, const char *bucket, const char *key,
                   const char *query, const char *body, size_t len, const char *content_type,
                   http_response *resp)
{
    if (!body)
        return s3_send_body(c, action, method, bucket, key, query, NULL, NULL, NULL, content_type, resp);
    char md5[25];
    s3_content_md5(body, len, md5);
    http_body b = {body, len, -1, 0};
    return s3_send_body(c, action, method, bucket, key, query, &b, NULL, md5, content_type, resp);
}

aws_error *s3_open_file(const char *path, int *fd, int64_t *size)
{
    struct stat st;
    *fd = open(path, O_RDONLY | O_CLOEXEC);
    if (*fd < 0 || fstat(*fd, &st) != 0) {
        aws_error *err = aws_error_new("s3", "LocalIOError", "%s: %s", path, strerror(errno));
        if (*fd >= 0) close(*fd);
        *fd = -1;
        return err;
    }
    *size = (int64_t)st.st_size;
    return NULL;
}
