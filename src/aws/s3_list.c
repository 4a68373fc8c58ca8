/* ListObjectsV2 and ListObjectVersions (s3_list.h): one page loop, two ways to ask for the next page. */
#include "aws/s3_list.h"

#include <stdlib.h>
#include <string.h>

#include "aws/s3_request.h"
#include "aws/uri.h"
#include "aws/xml.h"

static void add_param(buf *q, const char *key, const char *value)
{
    if (!value || !*value) return;
    buf_printf(q, "%s%s=", q->len ? "&" : "", key);
    uri_encode(q, value, strlen(value), 0);
}

static s3_entry *entry_add(s3_listing *l, const xml_node *n)
{
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 64;
        l->v = realloc(l->v, l->cap * sizeof *l->v);
        if (!l->v) abort();
    }
    s3_entry *e = &l->v[l->n++];
    memset(e, 0, sizeof *e);
    const char *v;
    e->key = strdup((v = xml_text(n, "Key")) ? v : "");
    e->size = (v = xml_text(n, "Size")) ? strtoll(v, NULL, 10) : 0;
    snprintf(e->etag, sizeof e->etag, "%s", (v = xml_text(n, "ETag")) ? v : "");
    snprintf(e->last_modified, sizeof e->last_modified, "%s", (v = xml_text(n, "LastModified")) ? v : "");
    snprintf(e->version_id, sizeof e->version_id, "%s", (v = xml_text(n, "VersionId")) ? v : "");
    e->is_latest = (v = xml_text(n, "IsLatest")) && strcmp(v, "true") == 0;
    return e;
}

/* versions = 0: ListObjectsV2; 1: ListObjectVersions. */
static aws_error *list_pages(aws_client *c, const char *bucket, const char *prefix, int page_size,
                             int versions, s3_listing *out)
{
    const char *action = versions ? "ListObjectVersions" : "ListObjectsV2";
    char *marker1 = NULL, *marker2 = NULL; /* continuation token, or key + version-id markers */
    aws_error *err = NULL;
    for (int page = 0;; page++) {
        buf q = {0};
        buf_adds(&q, versions ? "versions=" : "list-type=2");
        if (page_size > 0) buf_printf(&q, "&max-keys=%d", page_size);
        add_param(&q, "prefix", prefix);
        add_param(&q, versions ? "key-marker" : "continuation-token", marker1);
        if (versions) add_param(&q, "version-id-marker", marker2);
        http_response resp;
        http_response_init(&resp);
        xml_node *root = NULL;
        err = s3_send(c, action, "GET", bucket, NULL, q.data, NULL, 0, NULL, &resp);
        buf_free(&q);
        if (!err) {
            err = xml_parse(resp.body.data ? resp.body.data : "", resp.body.len, &root);
            if (err) snprintf(err->action, sizeof err->action, "%s", action);
        }
        http_response_free(&resp);
        int more = 0;
        if (!err) {
            for (const xml_node *n = root->child; n; n = n->next) {
                if (!versions && strcmp(n->name, "Contents") == 0) entry_add(out, n);
                if (versions && strcmp(n->name, "Version") == 0) entry_add(out, n);
                if (versions && strcmp(n->name, "DeleteMarker") == 0) entry_add(out, n)->delete_marker = 1;
            }
            const char *t = xml_text(root, "IsTruncated");
            const char *m1 = xml_text(root, versions ? "NextKeyMarker" : "NextContinuationToken");
            const char *m2 = versions ? xml_text(root, "NextVersionIdMarker") : NULL;
            more = t && strcmp(t, "true") == 0 && m1 && *m1;
            if (more && marker1 && strcmp(marker1, m1) == 0 && (!m2 || (marker2 && strcmp(marker2, m2) == 0)))
                err = aws_error_new("s3", "MalformedResponse", "%s repeated its page marker", action);
            free(marker1);
            free(marker2);
            marker1 = more ? strdup(m1) : NULL;
            marker2 = more && m2 ? strdup(m2) : NULL;
        }
        xml_free(root);
        if (err || !more) break;
    }
    free(marker1);
    free(marker2);
    return err;
}

aws_error *s3_list_objects(aws_client *c, const char *bucket, const char *prefix, int page_size,
                           s3_listing *out)
{
    return list_pages(c, bucket, prefix, page_size, 0, out);
}

aws_error *s3_list_object_versions(aws_client *c, const char *bucket, const char *prefix, int page_size,
                                   s3_listing *out)
{
    return list_pages(c, bucket, prefix, page_size, 1, out);
}

void s3_listing_free(s3_listing *l)
{
    for (size_t i = 0; i < l->n; i++) free(l->v[i].key);
    free(l->v);
    memset(l, 0, sizeof *l);
}
