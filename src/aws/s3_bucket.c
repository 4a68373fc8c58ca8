/* The bucket calls of s3_bucket.h: small XML documents out, XML answers walked with the tree. */
#include "aws/s3_bucket.h"

#include <string.h>

#include "aws/s3_request.h"
#include "aws/xml.h"

#define S3_XMLNS "http://s3.amazonaws.com/doc/2006-03-01/"

static const char *PAB_FLAGS[4] = {"BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy",
                                   "RestrictPublicBuckets"};

/* Sends and, on success, parses the answer's XML into *root (when root is not NULL). */
static aws_error *bucket_call(aws_client *c, const char *action, const char *method, const char *bucket,
                              const char *query, const buf *body, const char *content_type, xml_node **root,
                              http_response *keep)
{
    http_response resp;
    http_response_init(&resp);
    aws_error *err = s3_send(c, action, method, bucket, NULL, query, body ? body->data : NULL,
                             body ? body->len : 0, content_type, &resp);
    if (!err && root) {
        err = xml_parse(resp.body.data ? resp.body.data : "", resp.body.len, root);
        if (err) {
            snprintf(err->service, sizeof err->service, "s3");
            snprintf(err->action, sizeof err->action, "%s", action);
        }
    }
    if (keep)
        *keep = resp;
    else
        http_response_free(&resp);
    return err;
}

aws_error *s3_create_bucket(aws_client *c, const char *bucket, const char *region)
{
    if (!region) region = aws_client_region(c);
    buf body = {0};
    if (region && strcmp(region, "us-east-1") != 0) {
        buf_adds(&body, "<CreateBucketConfiguration xmlns=\"" S3_XMLNS "\"><LocationConstraint>");
        xml_escape(&body, region);
        buf_adds(&body, "</LocationConstraint></CreateBucketConfiguration>");
    }
    aws_error *err = bucket_call(c, "CreateBucket", "PUT", bucket, NULL, body.len ? &body : NULL,
                                 body.len ? "application/xml" : NULL, NULL, NULL);
    buf_free(&body);
    return err;
}

aws_error *s3_head_bucket(aws_client *c, const char *bucket, char *region_out)
{
    http_response resp;
    aws_error *err = bucket_call(c, "HeadBucket", "HEAD", bucket, NULL, NULL, NULL, NULL, &resp);
    if (region_out) {
        const char *r = http_headers_get(&resp.headers, "x-amz-bucket-region");
        snprintf(region_out, 32, "%s", r ? r : "");
    }
    http_response_free(&resp);
    return err;
}

aws_error *s3_delete_bucket(aws_client *c, const char *bucket)
{
    return bucket_call(c, "DeleteBucket", "DELETE", bucket, NULL, NULL, NULL, NULL, NULL);
}

aws_error *s3_list_buckets(aws_client *c, aws_strings *out)
{
    /* ListBuckets has no bucket: the request goes to the service root */
    xml_node *root = NULL;
    aws_error *err = bucket_call(c, "ListBuckets", "GET", NULL, NULL, NULL, NULL, &root, NULL);
    if (!err) {
        const xml_node *list = xml_child(root, "Buckets");
        for (const xml_node *b = xml_child(list, "Bucket"); b; b = xml_next(b)) {
            const char *name = xml_text(b, "Name");
            if (name) aws_strings_add(out, name);
        }
    }
    xml_free(root);
    return err;
}

aws_error *s3_put_bucket_versioning(aws_client *c, const char *bucket, const char *status)
{
    buf body = {0};
    buf_adds(&body, "<VersioningConfiguration xmlns=\"" S3_XMLNS "\"><Status>");
    xml_escape(&body, status);
    buf_adds(&body, "</Status></VersioningConfiguration>");
    aws_error *err = bucket_call(c, "PutBucketVersioning", "PUT", bucket, "versioning=", &body,
                                 "application/xml", NULL, NULL);
    buf_free(&body);
    return err;
}

/* A GET of a bucket setting whose answer is one element of text (out: n bytes, "" when absent). */
static aws_error *get_setting_text(aws_client *c, const char *action, const char *bucket, const char *query,
                                   const char *path, char *out, size_t n)
{
    xml_node *root = NULL;
    aws_error *err = bucket_call(c, action, "GET", bucket, query, NULL, NULL, &root, NULL);
    const char *s = err ? NULL : xml_text(root, path);
    snprintf(out, n, "%s", s ? s : "");
    xml_free(root);
    return err;
}

aws_error *s3_get_bucket_versioning(aws_client *c, const char *bucket, char *status)
{
    return get_setting_text(c, "GetBucketVersioning", bucket, "versioning=", "Status", status, 16);
}

aws_error *s3_put_bucket_policy(aws_client *c, const char *bucket, const char *policy_json)
{
    buf body = {0};
    buf_adds(&body, policy_json);
    aws_error *err =
        bucket_call(c, "PutBucketPolicy", "PUT", bucket, "policy=", &body, "application/json", NULL, NULL);
    buf_free(&body);
    return err;
}

aws_error *s3_get_bucket_policy(aws_client *c, const char *bucket, buf *out)
{
    http_response resp;
    aws_error *err = bucket_call(c, "GetBucketPolicy", "GET", bucket, "policy=", NULL, NULL, NULL, &resp);
    if (!err) buf_add(out, resp.body.data ? resp.body.data : "", resp.body.len);
    http_response_free(&resp);
    return err;
}

aws_error *s3_put_bucket_encryption(aws_client *c, const char *bucket, const char *algorithm,
                                    const char *kms_key_id)
{
    buf body = {0};
    buf_adds(&body, "<ServerSideEncryptionConfiguration xmlns=\"" S3_XMLNS "\"><Rule>"
                    "<ApplyServerSideEncryptionByDefault><SSEAlgorithm>");
    xml_escape(&body, algorithm);
    buf_adds(&body, "</SSEAlgorithm>");
    if (kms_key_id) {
        buf_adds(&body, "<KMSMasterKeyID>");
        xml_escape(&body, kms_key_id);
        buf_adds(&body, "</KMSMasterKeyID>");
    }
    buf_adds(&body, "</ApplyServerSideEncryptionByDefault></Rule></ServerSideEncryptionConfiguration>");
    aws_error *err = bucket_call(c, "PutBucketEncryption", "PUT", bucket, "encryption=", &body,
                                 "application/xml", NULL, NULL);
    buf_free(&body);
    return err;
}

aws_error *s3_get_bucket_encryption(aws_client *c, const char *bucket, char *algorithm)
{
    return get_setting_text(c, "GetBucketEncryption", bucket,
                            "encryption=", "Rule/ApplyServerSideEncryptionByDefault/SSEAlgorithm", algorithm,
                            32);
}

aws_error *s3_put_public_access_block(aws_client *c, const char *bucket, const int flags[4])
{
    buf body = {0};
    buf_adds(&body, "<PublicAccessBlockConfiguration xmlns=\"" S3_XMLNS "\">");
    for (int i = 0; i < 4; i++)
        buf_printf(&body, "<%s>%s</%s>", PAB_FLAGS[i], flags[i] ? "true" : "false", PAB_FLAGS[i]);
    buf_adds(&body, "</PublicAccessBlockConfiguration>");
    aws_error *err = bucket_call(c, "PutPublicAccessBlock", "PUT", bucket, "publicAccessBlock=", &body,
                                 "application/xml", NULL, NULL);
    buf_free(&body);
    return err;
}

aws_error *s3_get_public_access_block(aws_client *c, const char *bucket, int flags[4])
{
    xml_node *root = NULL;
    aws_error *err =
        bucket_call(c, "GetPublicAccessBlock", "GET", bucket, "publicAccessBlock=", NULL, NULL, &root, NULL);
    for (int i = 0; i < 4; i++) {
        const char *v = err ? NULL : xml_text(root, PAB_FLAGS[i]);
        flags[i] = v && strcmp(v, "true") == 0;
    }
    xml_free(root);
    return err;
}
