/* The S3 calls against s3rver, cross-checked with the AWS CLI: buckets, objects from memory and from
 * files, multipart with parallel parts and progress, paginated listings, batched deletes, emptying a
 * bucket where versions are NotImplemented. */
#include "harness.h"

#include <fcntl.h>

#include "aws/aws_error.h"
#include "aws/digest.h"
#include "aws/s3_bucket.h"
#include "aws/s3_delete.h"
#include "aws/s3_list.h"
#include "aws/s3_multipart.h"
#include "aws/s3_object.h"
#include "aws_test_peers.h"

static pid_t peer;
static char url[64];
static aws_client *client;

static void setup(void)
{
    if (!client) peer = peer_client(start_s3rver, "s3", url, &client);
    CHECK(client != NULL);
}

static char *cli(int *status, const char *fmt, const char *a, const char *b)
{
    char args[1024];
    snprintf(args, sizeof args, fmt, a, b);
    return sh_capture(status, "/usr/bin/aws --endpoint-url %s s3api %s", url, args);
}

static void write_random_file(const char *path, size_t size, unsigned seed)
{
    FILE *f = fopen(path, "wb");
    for (size_t i = 0; i < size; i++) {
        seed = seed * 1103515245u + 12345u;
        fputc((int)(seed >> 16), f);
    }
    fclose(f);
}

static int same_file(const char *a, const char *b)
{
    int st;
    free(sh_capture(&st, "cmp -s '%s' '%s'", a, b));
    return st == 0;
}

TEST(s3_buckets_cross_checked)
{
    setup();
    OK(s3_create_bucket(client, "ours", NULL));
    int st;
    free(cli(&st, "head-bucket --bucket %s%s", "ours", ""));
    CHECK_INT(st, 0);
    free(cli(&st, "create-bucket --bucket %s%s", "theirs", ""));
    CHECK_INT(st, 0);
    OK(s3_create_bucket(client, "in-paris", "eu-west-3")); /* with a LocationConstraint */
    aws_strings names = {0};
    OK(s3_list_buckets(client, &names));
    CHECK(aws_strings_has(&names, "ours") && aws_strings_has(&names, "theirs") &&
          aws_strings_has(&names, "in-paris"));
    aws_strings_free(&names);
    OK(s3_head_bucket(client, "theirs", NULL));
    aws_error *err = s3_head_bucket(client, "missing-bucket", NULL);
    CHECK(aws_error_is(err, "NotFound"));
    CHECK_INT(err ? err->status : 0, 404);
    aws_error_free(err);
}

TEST(s3_objects_from_memory_and_files_cross_checked)
{
    setup();
    const char *key = "dir/a b+c%\xc3\xa9~(1).txt";
    const char data[] = "hello\0world\xff";
    s3_object_info info;
    OK(s3_put_object(client, "ours", key, data, sizeof data, "text/plain", &info));
    unsigned char md5[16];
    char hex[33], quoted[40];
    digest_md5(data, sizeof data, md5);
    digest_hex(md5, 16, hex);
    snprintf(quoted, sizeof quoted, "\"%s\"", hex);
    CHECK_STR(info.etag, quoted);
    char out[512], src[512];
    snprintf(out, sizeof out, "%s/cli-got", test_tmp());
    int st;
    char args[600];
    snprintf(args, sizeof args, "--key '%s' %s", key, out);
    free(cli(&st, "get-object --bucket %s %s", "ours", args));
    CHECK_INT(st, 0);
    buf got = {0};
    CHECK_INT(buf_read_file(&got, out), 0);
    CHECK_INT(got.len, sizeof data);
    CHECK(got.len == sizeof data && memcmp(got.data, data, sizeof data) == 0);
    buf_free(&got);

    /* the reverse: the CLI writes a file, we read it into memory and into a file */
    snprintf(src, sizeof src, "%s/random-1m", test_tmp());
    write_random_file(src, 1 << 20, 7);
    snprintf(args, sizeof args, "--key from-cli.bin --body %s", src);
    free(cli(&st, "put-object --bucket %s %s", "ours", args));
    CHECK_INT(st, 0);
    buf body = {0};
    OK(s3_get_object(client, "ours", "from-cli.bin", NULL, &body, &info));
    CHECK_INT(body.len, 1 << 20);
    buf_free(&body);
    char dst[512];
    snprintf(dst, sizeof dst, "%s/got-1m", test_tmp());
    OK(s3_get_object_file(client, "ours", "from-cli.bin", dst, &info));
    CHECK(same_file(src, dst));
    s3_object_info head;
    OK(s3_head_object(client, "ours", "from-cli.bin", &head));
    CHECK_INT(head.size, 1 << 20);
    char *etag =
        cli(&st, "head-object --bucket %s --key from-cli.bin --query ETag --output text%s", "ours", "");
    etag[strcspn(etag, "\n")] = 0;
    CHECK_STR(head.etag, etag);
    free(etag);

    /* a file streamed up, read back by the CLI */
    OK(s3_put_object_file(client, "ours", "up/file.bin", src, NULL, &info));
    CHECK_INT(info.size, 1 << 20);
    snprintf(args, sizeof args, "--key up/file.bin %s", out);
    free(cli(&st, "get-object --bucket %s %s", "ours", args));
    CHECK(same_file(src, out));

    aws_error *err = s3_get_object(client, "ours", "no/such/key", NULL, &body, NULL);
    CHECK(aws_error_is(err, "NoSuchKey"));
    CHECK_INT(err ? err->status : 0, 404);
    aws_error_free(err);
    buf_free(&body);
    err = s3_get_object_file(client, "ours", "no/such/key", dst, NULL);
    CHECK(err != NULL);
    CHECK(access(dst, F_OK) != 0); /* no half file left behind */
    aws_error_free(err);
    err = s3_head_object(client, "ours", "no/such/key", NULL);
    CHECK(aws_error_is(err, "NotFound"));
    aws_error_free(err);
}

struct progress {
    int calls;
    int64_t last, total;
    int monotonic;
};
static void on_progress(void *ud, int64_t done, int64_t total)
{
    struct progress *p = ud;
    if (done < p->last) p->monotonic = 0;
    p->calls++;
    p->last = done;
    p->total = total;
}

TEST(s3_multipart_parallel_with_progress)
{
    setup();
    char src[512], out[512];
    snprintf(src, sizeof src, "%s/random-13m", test_tmp());
    snprintf(out, sizeof out, "%s/cli-13m", test_tmp());
    write_random_file(src, 13 << 20, 11);
    struct progress p = {0, 0, 0, 1};
    s3_upload_opts o = {
        .part_size = 5 << 20, .threads = 3, .threshold = 6 << 20, .progress = on_progress, .progress_ud = &p};
    s3_object_info info;
    OK(s3_upload_file(client, "ours", "big/13m.bin", src, &o, &info));
    CHECK_INT(p.calls, 3);
    CHECK(p.monotonic);
    CHECK_INT(p.last, 13 << 20);
    CHECK_INT(info.size, 13 << 20);
    char *etag =
        cli(NULL, "head-object --bucket %s --key big/13m.bin --query ETag --output text%s", "ours", "");
    etag[strcspn(etag, "\n")] = 0;
    CHECK_STR(info.etag, etag);
    free(etag);
    int st;
    char args[600];
    snprintf(args, sizeof args, "--key big/13m.bin %s", out);
    free(cli(&st, "get-object --bucket %s %s", "ours", args));
    CHECK_INT(st, 0);
    CHECK(same_file(src, out));
}

TEST(s3_listing_pages_and_batched_deletes)
{
    setup();
    OK(s3_create_bucket(client, "many", NULL));
    enum { N = 1005 };
    char key[64];
    for (int i = 0; i < N; i++) {
        snprintf(key, sizeof key, "k/%04d", i);
        OK(s3_put_object(client, "many", key, key, strlen(key), NULL, NULL));
    }
    int st;
    free(cli(&st, "put-object --bucket %s --key %s", "many", "other/by-cli"));
    s3_listing l = {0};
    OK(s3_list_objects(client, "many", "k/", 400, &l)); /* three pages */
    CHECK_INT(l.n, N);
    int sorted = 1;
    for (size_t i = 1; i < l.n; i++) sorted &= strcmp(l.v[i - 1].key, l.v[i].key) < 0;
    CHECK(sorted);
    if (l.n) CHECK_INT(l.v[0].size, 6);
    s3_listing_free(&l);
    OK(s3_list_objects(client, "many", NULL, 0, &l));
    CHECK_INT(l.n, N + 1);
    int found = 0;
    for (size_t i = 0; i < l.n; i++) found += strcmp(l.v[i].key, "other/by-cli") == 0;
    CHECK_INT(found, 1);
    char *count = cli(
        &st, "list-objects-v2 --bucket %s --start-after k/0990 --query 'length(Contents)' --output text%s",
        "many", "");
    CHECK_INT(atoi(count), 15); /* k/0991..k/1004 and other/by-cli */
    free(count);

    char log[512];
    request_log_start(log, "s3-deletes.jsonl");
    s3_object_id *ids = calloc(l.n, sizeof *ids);
    for (size_t i = 0; i < l.n; i++) ids[i].key = l.v[i].key;
    size_t deleted = 0;
    OK(s3_delete_objects(client, "many", ids, l.n, &deleted));
    unsetenv("ETL_AWS_REQUEST_LOG");
    CHECK_INT(deleted, N + 1);
    free(ids);
    s3_listing_free(&l);
    char *batches = sh_capture(
        &st, "grep -c '\"action\":\"DeleteObjects\",\"resource\":\"many\",\"status\":200' %s", log);
    CHECK_INT(atoi(batches), 2);
    free(batches);
    count = cli(&st, "list-objects-v2 --bucket %s --query 'length(Contents || `[]`)' --output text%s", "many",
                "");
    CHECK_INT(atoi(count), 0);
    free(count);
}

TEST(s3_empty_bucket_falls_back_where_versions_are_not_implemented)
{
    setup();
    OK(s3_create_bucket(client, "to-empty", NULL));
    for (int i = 0; i < 30; i++) {
        char key[32];
        snprintf(key, sizeof key, "x/%d", i);
        OK(s3_put_object(client, "to-empty", key, "v", 1, NULL, NULL));
    }
    s3_listing l = {0};
    aws_error *err = s3_list_object_versions(client, "to-empty", NULL, 0, &l);
    CHECK(aws_error_is(err, "MethodNotAllowed")); /* s3rver has no versions */
    aws_error_free(err);
    s3_listing_free(&l);
    size_t deleted = 0;
    OK(s3_empty_bucket(client, "to-empty", &deleted));
    CHECK_INT(deleted, 30);
    OK(s3_delete_bucket(client, "to-empty"));
    int st;
    free(cli(&st, "head-bucket --bucket %s%s", "to-empty", ""));
    CHECK(st != 0);
    aws_client_free(client);
    client = NULL;
    peer_kill(peer);
}
