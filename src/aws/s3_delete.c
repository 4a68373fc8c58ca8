/* DeleteObjects batches and bucket emptying (s3_delete.h). Quiet mode: S3 answers only the failures. */
#include "aws/s3_delete.h"

#include <stdlib.h>
#include <string.h>

#include "aws/s3_list.h"
#include "aws/s3_request.h"
#include "aws/xml.h"

static aws_error *delete_batch(aws_client *c, const char *bucket, const s3_object_id *ids, size_t n,
                               size_t *failed, char *first_failure, size_t ff_len)
{
    buf body = {0};
    buf_adds(&body, "<Delete xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Quiet>true</Quiet>");
    for (size_t i = 0; i < n; i++) {
        buf_adds(&body, "<Object><Key>");
        xml_escape(&body, ids[i].key);
        buf_adds(&body, "</Key>");
        if (ids[i].version_id && *ids[i].version_id) {
            buf_adds(&body, "<VersionId>");
            xml_escape(&body, ids[i].version_id);
            buf_adds(&body, "</VersionId>");
        }
        buf_adds(&body, "</Object>");
    }
    buf_adds(&body, "</Delete>");
    http_response resp;
    http_response_init(&resp);
    xml_node *root = NULL;
    aws_error *err = s3_send(c, "DeleteObjects", "POST", bucket, NULL, "delete=", body.data, body.len,
                             "application/xml", &resp);
    if (!err && resp.body.len) {
        err = xml_parse(resp.body.data, resp.body.len, &root);
        if (err) snprintf(err->action, sizeof err->action, "DeleteObjects");
    }
    for (const xml_node *e = root ? xml_child(root, "Error") : NULL; e; e = xml_next(e)) {
        if (!*failed) {
            const char *k = xml_text(e, "Key"), *code = xml_text(e, "Code"), *msg = xml_text(e, "Message");
            snprintf(first_failure, ff_len, "%s: %s %s", k ? k : "?", code ? code : "?", msg ? msg : "");
        }
        (*failed)++;
    }
    xml_free(root);
    http_response_free(&resp);
    buf_free(&body);
    return err;
}

aws_error *s3_delete_objects(aws_client *c, const char *bucket, const s3_object_id *ids, size_t n,
                             size_t *deleted)
{
    size_t failed = 0, done = 0;
    char first[400] = "";
    aws_error *err = NULL;
    for (size_t at = 0; at < n && !err; at += S3_MAX_DELETE_BATCH) {
        size_t take = n - at < S3_MAX_DELETE_BATCH ? n - at : S3_MAX_DELETE_BATCH;
        size_t failed_before = failed;
        err = delete_batch(c, bucket, ids + at, take, &failed, first, sizeof first);
        if (!err) done += take - (failed - failed_before);
    }
    if (deleted) *deleted = done;
    if (!err && failed) {
        err = aws_error_new("s3", "DeleteObjectsFailed", "%zu of %zu objects not deleted, first %s", failed,
                            n, first);
        snprintf(err->action, sizeof err->action, "DeleteObjects");
    }
    return err;
}

aws_error *s3_empty_bucket(aws_client *c, const char *bucket, size_t *deleted)
{
    s3_listing l = {0};
    aws_error *err = s3_list_object_versions(c, bucket, NULL, 0, &l);
    /* stores without versions answer NotImplemented (501) or, like s3rver, MethodNotAllowed (405) */
    if (err && (aws_error_is(err, "NotImplemented") || err->status == 501 || err->status == 405)) {
        aws_error_free(err);
        s3_listing_free(&l);
        err = s3_list_objects(c, bucket, NULL, 0, &l);
    }
    if (deleted) *deleted = 0;
    if (!err && l.n) {
        s3_object_id *ids = calloc(l.n, sizeof *ids);
        if (!ids) abort();
        for (size_t i = 0; i < l.n; i++) ids[i] = (s3_object_id){l.v[i].key, l.v[i].version_id};
        err = s3_delete_objects(c, bucket, ids, l.n, deleted);
        free(ids);
    }
    s3_listing_free(&l);
    return err;
}
