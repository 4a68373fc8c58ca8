/* PutObject, GetObject, HeadObject and DeleteObject (s3_object.h). File bodies are read with pread
 * (so a retry can send them again) and hashed twice: SHA-256 for the signature, MD5 for Content-MD5. */
#include "aws/s3_object.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "aws/digest.h"
#include "aws/s3_request.h"
#include "aws/uri.h"

void s3_object_info_from_headers(s3_object_info *info, const http_headers *h, int64_t body_len)
{
    if (!info) return;
    memset(info, 0, sizeof *info);
    const char *v;
    info->size = (v = http_headers_get(h, "Content-Length")) ? strtoll(v, NULL, 10) : body_len;
    snprintf(info->etag, sizeof info->etag, "%s", (v = http_headers_get(h, "ETag")) ? v : "");
    snprintf(info->last_modified, sizeof info->last_modified, "%s",
             (v = http_headers_get(h, "Last-Modified")) ? v : "");
    snprintf(info->version_id, sizeof info->version_id, "%s",
             (v = http_headers_get(h, "x-amz-version-id")) ? v : "");
    snprintf(info->content_type, sizeof info->content_type, "%s",
             (v = http_headers_get(h, "Content-Type")) ? v : "");
}

aws_error *s3_put_object(aws_client *c, const char *bucket, const char *key, const void *data, size_t len,
                         const char *content_type, s3_object_info *info)
{
    http_response resp;
    http_response_init(&resp);
    aws_error *err =
        s3_send(c, "PutObject", "PUT", bucket, key, NULL, data ? data : "", len, content_type, &resp);
    if (!err) s3_object_info_from_headers(info, &resp.headers, (int64_t)len);
    if (!err && info) info->size = (int64_t)len;
    http_response_free(&resp);
    return err;
}

/* SHA-256 (hex) and MD5 (base64) of fd[offset, offset+len). */
static int hash_file_range(int fd, int64_t offset, int64_t len, char sha_hex[65], char md5_b64[25])
{
    digest_ctx *sha = digest_new(0), *md5 = digest_new(1);
    char chunk[1 << 16];
    int rc = 0;
    for (int64_t done = 0; done < len;) {
        size_t want = (size_t)(len - done < (int64_t)sizeof chunk ? len - done : (int64_t)sizeof chunk);
        ssize_t n = pread(fd, chunk, want, (off_t)(offset + done));
        if (n <= 0) {
            rc = -1;
            if (n == 0) errno = EIO;
            break;
        }
        digest_update(sha, chunk, (size_t)n);
        digest_update(md5, chunk, (size_t)n);
        done += n;
    }
    unsigned char s[32], m[16];
    digest_final(sha, s);
    digest_final(md5, m);
    digest_hex(s, 32, sha_hex);
    buf b = {0};
    base64_encode(&b, m, 16);
    snprintf(md5_b64, 25, "%s", b.data);
    buf_free(&b);
    return rc;
}

aws_error *s3_put_file_range(aws_client *c, const char *action, const char *bucket, const char *key,
                             const char *query, int fd, int64_t offset, int64_t len, const char *content_type,
                             http_response *resp)
{
    char sha[65], md5[25];
    if (hash_file_range(fd, offset, len, sha, md5) != 0)
        return aws_error_new("s3", "LocalIOError", "reading %s: %s", key, strerror(errno));
    http_body body = {NULL, (size_t)len, fd, offset};
    return s3_send_body(c, action, "PUT", bucket, key, query, &body, sha, md5, content_type, resp);
}

aws_error *s3_put_object_file(aws_client *c, const char *bucket, const char *key, const char *path,
                              const char *content_type, s3_object_info *info)
{
    int fd;
    int64_t size;
    aws_error *err = s3_open_file(path, &fd, &size);
    if (err) return err;
    http_response resp;
    http_response_init(&resp);
    err = s3_put_file_range(c, "PutObject", bucket, key, NULL, fd, 0, size, content_type, &resp);
    if (!err) s3_object_info_from_headers(info, &resp.headers, size);
    if (!err && info) info->size = size;
    http_response_free(&resp);
    close(fd);
    return err;
}

static aws_error *get_into(aws_client *c, const char *action, const char *method, const char *bucket,
                           const char *key, const char *version_id, http_response *resp)
{
    buf query = {0};
    if (version_id && *version_id) {
        buf_adds(&query, "versionId=");
        uri_encode(&query, version_id, strlen(version_id), 0);
    }
    buf path = {0}, resource = {0};
    s3_key_path(&path, key);
    s3_resource(&resource, bucket, key);
    aws_request r = aws_request_make("s3", action, method, path.data);
    r.bucket = bucket;
    r.query = query.data;
    r.resource = resource.data;
    aws_error *err = aws_send(c, &r, resp);
    buf_free(&query);
    buf_free(&path);
    buf_free(&resource);
    return err;
}

aws_error *s3_get_object(aws_client *c, const char *bucket, const char *key, const char *version_id, buf *out,
                         s3_object_info *info)
{
    http_response resp;
    http_response_init(&resp);
    aws_error *err = get_into(c, "GetObject", "GET", bucket, key, version_id, &resp);
    if (!err) {
        buf_add(out, resp.body.data ? resp.body.data : "", resp.body.len);
        s3_object_info_from_headers(info, &resp.headers, (int64_t)resp.body.len);
    }
    http_response_free(&resp);
    return err;
}

aws_error *s3_get_object_file(aws_client *c, const char *bucket, const char *key, const char *path,
                              s3_object_info *info)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) return aws_error_new("s3", "LocalIOError", "%s: %s", path, strerror(errno));
    http_response resp;
    http_response_init(&resp);
    resp.sink_fd = fd;
    aws_error *err = get_into(c, "GetObject", "GET", bucket, key, NULL, &resp);
    if (!err) s3_object_info_from_headers(info, &resp.headers, resp.sink_written);
    if (!err && info) info->size = resp.sink_written;
    http_response_free(&resp);
    if (close(fd) != 0 && !err) err = aws_error_new("s3", "LocalIOError", "%s: %s", path, strerror(errno));
    if (err) unlink(path);
    return err;
}

aws_error *s3_head_object(aws_client *c, const char *bucket, const char *key, s3_object_info *info)
{
    http_response resp;
    http_response_init(&resp);
    aws_error *err = get_into(c, "HeadObject", "HEAD", bucket, key, NULL, &resp);
    if (!err) s3_object_info_from_headers(info, &resp.headers, 0);
    http_response_free(&resp);
    return err;
}

aws_error *s3_delete_object(aws_client *c, const char *bucket, const char *key, const char *version_id)
{
    http_response resp;
    http_response_init(&resp);
    aws_error *err = get_into(c, "DeleteObject", "DELETE", bucket, key, version_id, &resp);
    http_response_free(&resp);
    return err;
}
