/* Multipart upload (s3_multipart.h). s3_upload_file() runs worker threads that take the next part
 * number from a shared counter; the first failure stops the others, and the upload is then aborted. */
#include "aws/s3_multipart.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "aws/s3_request.h"
#include "aws/uri.h"
#include "aws/xml.h"

static void upload_query(buf *q, const char *upload_id)
{
    buf_adds(q, "uploadId=");
    uri_encode(q, upload_id, strlen(upload_id), 0);
}

static aws_error *xml_answer(http_response *resp, const char *action, xml_node **root)
{
    aws_error *err = xml_parse(resp->body.data ? resp->body.data : "", resp->body.len, root);
    if (err) {
        snprintf(err->service, sizeof err->service, "s3");
        snprintf(err->action, sizeof err->action, "%s", action);
    }
    return err;
}

aws_error *s3_multipart_create(aws_client *c, const char *bucket, const char *key, const char *content_type,
                               char *upload_id)
{
    http_response resp;
    http_response_init(&resp);
    xml_node *root = NULL;
    aws_error *err =
        s3_send(c, "CreateMultipartUpload", "POST", bucket, key, "uploads=", NULL, 0, content_type, &resp);
    if (!err) err = xml_answer(&resp, "CreateMultipartUpload", &root);
    const char *id = err ? NULL : xml_text(root, "UploadId");
    if (!err && (!id || !*id))
        err = aws_error_new("s3", "MalformedResponse", "CreateMultipartUpload gave no UploadId");
    if (!err) snprintf(upload_id, 256, "%s", id);
    xml_free(root);
    http_response_free(&resp);
    return err;
}

aws_error *s3_multipart_upload_part(aws_client *c, const char *bucket, const char *key, const char *upload_id,
                                    int number, int fd, int64_t offset, int64_t len, char etag[80])
{
    buf q = {0};
    buf_printf(&q, "partNumber=%d&", number);
    upload_query(&q, upload_id);
    http_response resp;
    http_response_init(&resp);
    aws_error *err = s3_put_file_range(c, "UploadPart", bucket, key, q.data, fd, offset, len, NULL, &resp);
    const char *e = err ? NULL : http_headers_get(&resp.headers, "ETag");
    if (!err && !e) err = aws_error_new("s3", "MalformedResponse", "UploadPart %d answered no ETag", number);
    if (!err) snprintf(etag, 80, "%s", e);
    http_response_free(&resp);
    buf_free(&q);
    return err;
}

aws_error *s3_multipart_complete(aws_client *c, const char *bucket, const char *key, const char *upload_id,
                                 const s3_part *parts, size_t n, s3_object_info *info)
{
    buf body = {0}, q = {0};
    buf_adds(&body, "<CompleteMultipartUpload xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">");
    for (size_t i = 0; i < n; i++) {
        buf_printf(&body, "<Part><PartNumber>%d</PartNumber><ETag>", parts[i].number);
        xml_escape(&body, parts[i].etag);
        buf_adds(&body, "</ETag></Part>");
    }
    buf_adds(&body, "</CompleteMultipartUpload>");
    upload_query(&q, upload_id);
    http_response resp;
    http_response_init(&resp);
    xml_node *root = NULL;
    aws_error *err = s3_send(c, "CompleteMultipartUpload", "POST", bucket, key, q.data, body.data, body.len,
                             "application/xml", &resp);
    if (!err) err = xml_answer(&resp, "CompleteMultipartUpload", &root);
    if (!err && strcmp(root->name, "Error") == 0) { /* S3 may fail after answering 200 */
        const char *rid = http_headers_get(&resp.headers, "x-amz-request-id");
        err = aws_error_from_response("s3", resp.status, resp.body.data, resp.body.len, rid, NULL);
        snprintf(err->action, sizeof err->action, "CompleteMultipartUpload");
    }
    if (!err && info) {
        s3_object_info_from_headers(info, &resp.headers, 0);
        const char *etag = xml_text(root, "ETag");
        snprintf(info->etag, sizeof info->etag, "%s", etag ? etag : "");
        info->size = 0;
        for (size_t i = 0; i < n; i++) info->size += parts[i].size;
    }
    xml_free(root);
    http_response_free(&resp);
    buf_free(&body);
    buf_free(&q);
    return err;
}

aws_error *s3_multipart_abort(aws_client *c, const char *bucket, const char *key, const char *upload_id)
{
    buf q = {0};
    upload_query(&q, upload_id);
    http_response resp;
    http_response_init(&resp);
    aws_error *err = s3_send(c, "AbortMultipartUpload", "DELETE", bucket, key, q.data, NULL, 0, NULL, &resp);
    http_response_free(&resp);
    buf_free(&q);
    return err;
}

aws_error *s3_multipart_list_parts(aws_client *c, const char *bucket, const char *key, const char *upload_id,
                                   s3_part_list *out)
{
    memset(out, 0, sizeof *out);
    aws_error *err = NULL;
    char marker[32] = "";
    for (;;) {
        buf q = {0};
        if (marker[0]) buf_printf(&q, "part-number-marker=%s&", marker);
        upload_query(&q, upload_id);
        http_response resp;
        http_response_init(&resp);
        xml_node *root = NULL;
        err = s3_send(c, "ListParts", "GET", bucket, key, q.data, NULL, 0, NULL, &resp);
        if (!err) err = xml_answer(&resp, "ListParts", &root);
        int more = 0;
        if (!err) {
            for (const xml_node *p = xml_child(root, "Part"); p; p = xml_next(p)) {
                out->v = realloc(out->v, (out->n + 1) * sizeof *out->v);
                if (!out->v) abort();
                s3_part *part = &out->v[out->n++];
                const char *num = xml_text(p, "PartNumber"), *etag = xml_text(p, "ETag"),
                           *size = xml_text(p, "Size");
                part->number = num ? atoi(num) : 0;
                snprintf(part->etag, sizeof part->etag, "%s", etag ? etag : "");
                part->size = size ? strtoll(size, NULL, 10) : 0;
            }
            const char *trunc = xml_text(root, "IsTruncated"), *next = xml_text(root, "NextPartNumberMarker");
            more = trunc && strcmp(trunc, "true") == 0 && next && *next && strcmp(next, marker) != 0;
            if (more) snprintf(marker, sizeof marker, "%s", next);
        }
        xml_free(root);
        http_response_free(&resp);
        buf_free(&q);
        if (err || !more) break;
    }
    if (err) s3_part_list_free(out);
    return err;
}

void s3_part_list_free(s3_part_list *l)
{
    free(l->v);
    memset(l, 0, sizeof *l);
}

/* The state the upload threads share; lock guards next, done, failed and err. */
struct upload {
    aws_client *c;
    const char *bucket, *key, *upload_id;
    int fd;
    int64_t size, part_size;
    int n_parts;
    s3_part *parts;
    pthread_mutex_t lock;
    int next;
    int64_t done;
    aws_error *err;
    const s3_upload_opts *opts;
};

static void *upload_worker(void *arg)
{
    struct upload *u = arg;
    for (;;) {
        pthread_mutex_lock(&u->lock);
        int i = u->err ? u->n_parts : u->next++;
        pthread_mutex_unlock(&u->lock);
        if (i >= u->n_parts) return NULL;
        int64_t off = (int64_t)i * u->part_size,
                len = u->size - off < u->part_size ? u->size - off : u->part_size;
        char etag[80];
        aws_error *err =
            s3_multipart_upload_part(u->c, u->bucket, u->key, u->upload_id, i + 1, u->fd, off, len, etag);
        pthread_mutex_lock(&u->lock);
        if (err) {
            if (!u->err)
                u->err = err;
            else
                aws_error_free(err);
        } else {
            u->parts[i].number = i + 1;
            u->parts[i].size = len;
            snprintf(u->parts[i].etag, sizeof u->parts[i].etag, "%s", etag);
            u->done += len;
            if (u->opts->progress) u->opts->progress(u->opts->progress_ud, u->done, u->size);
        }
        pthread_mutex_unlock(&u->lock);
    }
}

aws_error *s3_upload_file(aws_client *c, const char *bucket, const char *key, const char *path,
                          const s3_upload_opts *opts, s3_object_info *info)
{
    s3_upload_opts none = {0};
    if (!opts) opts = &none;
    int fd;
    int64_t size;
    aws_error *err = s3_open_file(path, &fd, &size);
    if (err) return err;
    int64_t threshold = opts->threshold > 0 ? opts->threshold : 16 << 20;
    if (size < threshold || size <= S3_MIN_PART_SIZE) {
        close(fd);
        err = s3_put_object_file(c, bucket, key, path, opts->content_type, info);
        if (!err && opts->progress) opts->progress(opts->progress_ud, size, size);
        return err;
    }
    struct upload u = {.c = c, .bucket = bucket, .key = key, .fd = fd, .size = size, .opts = opts};
    u.part_size = opts->part_size > 0 ? opts->part_size : 8 << 20;
    if (u.part_size < S3_MIN_PART_SIZE) u.part_size = S3_MIN_PART_SIZE;
    while ((size + u.part_size - 1) / u.part_size > S3_MAX_PARTS) u.part_size *= 2;
    u.n_parts = (int)((size + u.part_size - 1) / u.part_size);
    char upload_id[256];
    err = s3_multipart_create(c, bucket, key, opts->content_type, upload_id);
    if (err) {
        close(fd);
        return err;
    }
    u.upload_id = upload_id;
    u.parts = calloc((size_t)u.n_parts, sizeof *u.parts);
    if (!u.parts) abort();
    pthread_mutex_init(&u.lock, NULL);
    int n_threads = opts->threads > 0 ? opts->threads : 4;
    if (n_threads > u.n_parts) n_threads = u.n_parts;
    pthread_t *tids = calloc((size_t)n_threads, sizeof *tids);
    int started = 0;
    for (; started < n_threads; started++)
        if (pthread_create(&tids[started], NULL, upload_worker, &u) != 0) break;
    if (!started) upload_worker(&u);
    for (int i = 0; i < started; i++) pthread_join(tids[i], NULL);
    free(tids);
    err = u.err;
    if (!err) err = s3_multipart_complete(c, bucket, key, upload_id, u.parts, (size_t)u.n_parts, info);
    if (err) {
        aws_error *abort_err = s3_multipart_abort(c, bucket, key, upload_id);
        if (abort_err) {
            size_t n = strlen(err->message);
            snprintf(err->message + n, sizeof err->message - n, "; aborting upload %.40s failed too: %s",
                     upload_id, abort_err->code);
            aws_error_free(abort_err);
        }
    }
    pthread_mutex_destroy(&u.lock);
    free(u.parts);
    close(fd);
    return err;
}
