/* The S3 calls s3rver does not implement, against a loopback server answering as the S3 API reference
 * documents (tests/lib/s3_documented_server.py), some cross-checked with the AWS CLI: versioning and
 * ListObjectVersions pages with delete markers, emptying a versioned bucket, ListParts pages,
 * AbortMultipartUpload (also when a part fails), bucket policy, encryption, public access block. */
#include "harness.h"

#include <fcntl.h>

#include "aws/s3_bucket.h"
#include "aws/s3_delete.h"
#include "aws/s3_list.h"
#include "aws/s3_multipart.h"
#include "aws/s3_object.h"
#include "aws_test_peers.h"

static pid_t server;
static char url[64], log_path[512];
static aws_client *client;

static pid_t start_documented(int *port, const char *fail_part)
{
    snprintf(log_path, sizeof log_path, "%s/s3doc.log", test_tmp());
    char *argv[] = {"/usr/bin/python3", "tests/lib/s3_documented_server.py", "--parts-page",    "1", "--log",
                    log_path,           fail_part ? "--fail-part" : NULL,    (char *)fail_part, NULL};
    return peer_spawn(argv, port);
}

static void setup(void)
{
    if (client) return;
    aws_test_env();
    int port;
    server = start_documented(&port, "3");
    snprintf(url, sizeof url, "http://127.0.0.1:%d", port);
    aws_options o = {.endpoint_url = url};
    OK(aws_client_new(&o, &client));
}

static char *cli(const char *args)
{
    int st;
    char *out = sh_capture(&st, "/usr/bin/aws --endpoint-url %s s3api %s", url, args);
    out[strcspn(out, "\n")] = 0;
    return out;
}

TEST(versions_and_delete_markers_across_pages)
{
    setup();
    OK(s3_create_bucket(client, "versioned", "eu-west-3"));
    char *loc = cli("get-bucket-location --bucket versioned --query LocationConstraint --output text");
    CHECK_STR(loc, "eu-west-3");
    free(loc);
    char status[16];
    OK(s3_get_bucket_versioning(client, "versioned", status));
    CHECK_STR(status, "");
    OK(s3_put_bucket_versioning(client, "versioned", "Enabled"));
    OK(s3_get_bucket_versioning(client, "versioned", status));
    CHECK_STR(status, "Enabled");
    s3_object_info info;
    for (int i = 0; i < 3; i++) OK(s3_put_object(client, "versioned", "a", "v", 1, NULL, &info));
    CHECK(info.version_id[0] != 0);
    OK(s3_put_object(client, "versioned", "b & <c>", "1", 1, NULL, NULL));
    OK(s3_put_object(client, "versioned", "b & <c>", "22", 2, NULL, NULL));
    OK(s3_delete_object(client, "versioned", "b & <c>", NULL)); /* a delete marker */
    s3_listing l = {0};
    OK(s3_list_object_versions(client, "versioned", NULL, 2, &l)); /* three pages */
    CHECK_INT(l.n, 6);
    int markers = 0, latest = 0;
    for (size_t i = 0; i < l.n; i++) {
        markers += l.v[i].delete_marker;
        latest += l.v[i].is_latest;
    }
    CHECK_INT(markers, 1);
    CHECK_INT(latest, 2);
    s3_listing_free(&l);
    char *n = cli("list-object-versions --bucket versioned --query 'length(Versions)' --output text");
    CHECK_STR(n, "5");
    free(n);
    size_t deleted = 0;
    OK(s3_empty_bucket(client, "versioned", &deleted));
    CHECK_INT(deleted, 6);
    OK(s3_list_object_versions(client, "versioned", NULL, 0, &l));
    CHECK_INT(l.n, 0);
    s3_listing_free(&l);
    OK(s3_delete_bucket(client, "versioned"));
}

TEST(bucket_policy_encryption_and_public_access_block)
{
    setup();
    OK(s3_create_bucket(client, "settings", NULL));
    buf policy = {0};
    aws_error *err = s3_get_bucket_policy(client, "settings", &policy);
    CHECK(aws_error_is(err, "NoSuchBucketPolicy"));
    CHECK_INT(err ? err->status : 0, 404);
    aws_error_free(err);
    const char *doc = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Principal\":\"*\","
                      "\"Action\":\"s3:*\",\"Resource\":\"arn:aws:s3:::settings/*\","
                      "\"Condition\":{\"Bool\":{\"aws:SecureTransport\":\"false\"}}}]}";
    OK(s3_put_bucket_policy(client, "settings", doc));
    OK(s3_get_bucket_policy(client, "settings", &policy));
    CHECK_STR(policy.data, doc);
    buf_free(&policy);
    char *cli_policy = cli("get-bucket-policy --bucket settings --query Policy --output text");
    CHECK_STR(cli_policy, doc);
    free(cli_policy);

    char alg[32];
    err = s3_get_bucket_encryption(client, "settings", alg);
    CHECK(aws_error_is(err, "ServerSideEncryptionConfigurationNotFoundError"));
    aws_error_free(err);
    OK(s3_put_bucket_encryption(client, "settings", "aws:kms", "alias/etl"));
    OK(s3_get_bucket_encryption(client, "settings", alg));
    CHECK_STR(alg, "aws:kms");
    char *kms =
        cli("get-bucket-encryption --bucket settings --query "
            "'ServerSideEncryptionConfiguration.Rules[0].ApplyServerSideEncryptionByDefault.KMSMasterKeyID' "
            "--output text");
    CHECK_STR(kms, "alias/etl");
    free(kms);

    int flags[4];
    err = s3_get_public_access_block(client, "settings", flags);
    CHECK(aws_error_is(err, "NoSuchPublicAccessBlockConfiguration"));
    aws_error_free(err);
    const int want[4] = {1, 1, 0, 1};
    OK(s3_put_public_access_block(client, "settings", want));
    OK(s3_get_public_access_block(client, "settings", flags));
    CHECK(memcmp(flags, want, sizeof want) == 0);
    char *pab = cli("get-public-access-block --bucket settings --query "
                    "'PublicAccessBlockConfiguration.BlockPublicPolicy' --output text");
    CHECK_STR(pab, "False");
    free(pab);
}

static void write_file(const char *path, size_t size)
{
    FILE *f = fopen(path, "wb");
    for (size_t i = 0; i < size; i++) fputc((int)(i * 31 % 251), f);
    fclose(f);
}

TEST(list_parts_pages_and_abort)
{
    setup();
    OK(s3_create_bucket(client, "parts", NULL));
    char path[512];
    snprintf(path, sizeof path, "%s/parts.bin", test_tmp());
    write_file(path, (size_t)S3_MIN_PART_SIZE + 1000);
    int fd = open(path, O_RDONLY);
    char upload_id[256], etag1[80], etag2[80];
    OK(s3_multipart_create(client, "parts", "obj", NULL, upload_id));
    OK(s3_multipart_upload_part(client, "parts", "obj", upload_id, 1, fd, 0, S3_MIN_PART_SIZE, etag1));
    OK(s3_multipart_upload_part(client, "parts", "obj", upload_id, 2, fd, S3_MIN_PART_SIZE, 1000, etag2));
    close(fd);
    s3_part_list parts;
    OK(s3_multipart_list_parts(client, "parts", "obj", upload_id, &parts)); /* one part a page */
    CHECK_INT(parts.n, 2);
    if (parts.n == 2) {
        CHECK_INT(parts.v[0].number, 1);
        CHECK_INT(parts.v[1].size, 1000);
        CHECK_STR(parts.v[1].etag, etag2);
    }
    s3_part_list_free(&parts);
    OK(s3_multipart_abort(client, "parts", "obj", upload_id));
    aws_error *err = s3_multipart_list_parts(client, "parts", "obj", upload_id, &parts);
    CHECK(aws_error_is(err, "NoSuchUpload"));
    aws_error_free(err);

    /* a part refused for good: the whole upload is aborted */
    snprintf(path, sizeof path, "%s/four-parts.bin", test_tmp());
    write_file(path, (size_t)S3_MIN_PART_SIZE * 4);
    s3_upload_opts o = {.part_size = S3_MIN_PART_SIZE, .threads = 2, .threshold = S3_MIN_PART_SIZE + 1};
    err = s3_upload_file(client, "parts", "four", path, &o, NULL);
    CHECK(aws_error_is(err, "InvalidArgument"));
    aws_error_free(err);
    int st;
    char *aborts = sh_capture(&st,
                              "grep -c '\"method\": \"DELETE\", \"bucket\": \"parts\", \"key\": \"four\", "
                              "\"query\": \\[\"uploadId\"\\]' %s",
                              log_path);
    CHECK_INT(atoi(aborts), 1);
    free(aborts);
    err = s3_head_object(client, "parts", "four", NULL);
    CHECK(err != NULL);
    aws_error_free(err);
    /* the same file with every part accepted, read back whole */
    o.threads = 3;
    peer_kill(server);
    aws_client_free(client);
    client = NULL;
    int port;
    server = start_documented(&port, NULL);
    snprintf(url, sizeof url, "http://127.0.0.1:%d", port);
    aws_options opts = {.endpoint_url = url};
    OK(aws_client_new(&opts, &client));
    OK(s3_create_bucket(client, "parts", NULL));
    s3_object_info info;
    OK(s3_upload_file(client, "parts", "four", path, &o, &info));
    CHECK(strstr(info.etag, "-4\"") != NULL);
    buf got = {0}, want = {0};
    OK(s3_get_object(client, "parts", "four", NULL, &got, NULL));
    buf_read_file(&want, path);
    CHECK(got.len == want.len && memcmp(got.data, want.data, got.len) == 0);
    buf_free(&got);
    buf_free(&want);
    aws_client_free(client);
    client = NULL;
    peer_kill(server);
}
