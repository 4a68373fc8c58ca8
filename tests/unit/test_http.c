/* The HTTP layer through aws_send: connections are reused, TLS is verified (a self-signed server is
 * refused at once, and accepted when AWS_CA_BUNDLE names its certificate), and S3 addresses buckets
 * path-style on custom endpoints; a server that never answers costs the total timeout per attempt. */
#include "harness.h"

#include <json-c/json.h>

#include "aws/aws_request.h"
#include "aws_test_peers.h"

static pid_t recorder(const char *out, int *port, const char *cert, const char *key)
{
    char *argv[] = {"/usr/bin/python3",
                    "tests/lib/record_server.py",
                    "--out",
                    (char *)out,
                    cert ? (strcmp(cert, "--stall") == 0 ? "--stall" : "--tls") : NULL,
                    cert && strcmp(cert, "--stall") != 0 ? (char *)cert : NULL,
                    (char *)key,
                    NULL};
    return peer_spawn(argv, port);
}

static aws_error *send_one(aws_client *c, const char *service, const char *bucket, const char *path)
{
    aws_request r = aws_request_make(service, "Probe", "GET", path);
    r.bucket = bucket;
    http_response resp;
    http_response_init(&resp);
    aws_error *err = aws_send(c, &r, &resp);
    http_response_free(&resp);
    return err;
}

static json_object *records(const char *path)
{
    json_object *all = json_object_new_array();
    FILE *f = fopen(path, "r");
    char line[8192];
    while (f && fgets(line, sizeof line, f)) json_object_array_add(all, json_tokener_parse(line));
    if (f) fclose(f);
    return all;
}

static const char *field(json_object *rec, const char *key)
{
    json_object *v;
    return json_object_object_get_ex(rec, key, &v) ? json_object_get_string(v) : "";
}

TEST(connections_are_reused_and_s3_is_path_style_on_custom_endpoints)
{
    aws_test_env();
    char out[512], url[64];
    snprintf(out, sizeof out, "%s/reuse.jsonl", test_tmp());
    int port;
    pid_t pid = recorder(out, &port, NULL, NULL);
    snprintf(url, sizeof url, "http://127.0.0.1:%d", port);
    aws_options o = {.endpoint_url = url};
    aws_client *c = NULL;
    OK(aws_client_new(&o, &c));
    OK(send_one(c, "kinesis", NULL, "/"));
    OK(send_one(c, "kinesis", NULL, "/"));
    OK(send_one(c, "s3", "my-bucket", "/a%20key"));
    aws_client_free(c);
    peer_kill(pid);
    json_object *recs = records(out);
    CHECK_INT(json_object_array_length(recs), 3);
    if (json_object_array_length(recs) == 3) {
        const char *p0 = field(json_object_array_get_idx(recs, 0), "client_port");
        CHECK_STR(field(json_object_array_get_idx(recs, 1), "client_port"), p0);
        CHECK_STR(field(json_object_array_get_idx(recs, 2), "client_port"), p0);
        CHECK_STR(field(json_object_array_get_idx(recs, 2), "target"), "/my-bucket/a%20key");
    }
    json_object_put(recs);
}

TEST(tls_is_verified)
{
    aws_test_env();
    char cert[512], key[512], out[512], url[64];
    snprintf(cert, sizeof cert, "%s/cert.pem", test_tmp());
    snprintf(key, sizeof key, "%s/key.pem", test_tmp());
    snprintf(out, sizeof out, "%s/tls.jsonl", test_tmp());
    int st;
    free(sh_capture(&st,
                    "openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1 "
                    "-addext subjectAltName=IP:127.0.0.1 -keyout '%s' -out '%s' 2>/dev/null",
                    key, cert));
    CHECK_INT(st, 0);
    int port;
    pid_t pid = recorder(out, &port, cert, key);
    snprintf(url, sizeof url, "https://127.0.0.1:%d", port);
    aws_options o = {.endpoint_url = url};
    unsetenv("AWS_CA_BUNDLE");
    char log[512];
    request_log_start(log, "tls-requests.jsonl");
    aws_client *c = NULL;
    OK(aws_client_new(&o, &c));
    aws_error *err = send_one(c, "kinesis", NULL, "/");
    CHECK(aws_error_is(err, "NetworkError"));
    CHECK(err && strstr(err->message, "certificate") != NULL);
    aws_error_free(err);
    aws_client_free(c);
    char *n = sh_capture(&st, "wc -l < '%s'", log);
    CHECK_INT(atoi(n), 1); /* not retried: it will not get better */
    free(n);
    unsetenv("ETL_AWS_REQUEST_LOG");
    setenv("AWS_CA_BUNDLE", cert, 1);
    OK(aws_client_new(&o, &c));
    OK(send_one(c, "kinesis", NULL, "/"));
    aws_client_free(c);
    unsetenv("AWS_CA_BUNDLE");
    peer_kill(pid);
}

TEST(a_hung_server_times_out_and_is_retried_a_bounded_number_of_times)
{
    aws_test_env();
    char out[512], url[64], log[512];
    snprintf(out, sizeof out, "%s/stall.jsonl", test_tmp());
    int port;
    pid_t pid = recorder(out, &port, "--stall", NULL);
    snprintf(url, sizeof url, "http://127.0.0.1:%d", port);
    aws_options o = {.endpoint_url = url, .timeout_ms = 300, .max_attempts = 2};
    aws_client *c = NULL;
    OK(aws_client_new(&o, &c));
    request_log_start(log, "stall-requests.jsonl");
    aws_error *err = send_one(c, "kinesis", NULL, "/");
    unsetenv("ETL_AWS_REQUEST_LOG");
    CHECK(aws_error_is(err, "NetworkError"));
    CHECK(err && strstr(err->message, "timed out") && strstr(err->message, "gave up after 2 attempts"));
    aws_error_free(err);
    aws_client_free(c);
    int st;
    char *n = sh_capture(&st, "grep -c '\"status\":0' '%s'", log);
    CHECK_INT(atoi(n), 2);
    free(n);
    peer_kill(pid);
}

static void check_url(const char *endpoint, int custom, const char *bucket, const char *path,
                      const char *want_url, const char *want_host, const char *want_signed_path)
{
    aws_endpoint e = {"", "", custom};
    snprintf(e.url, sizeof e.url, "%s", endpoint);
    aws_request r = aws_request_make("s3", "GetObject", "GET", path);
    r.bucket = bucket;
    r.query = "versionId=1";
    buf url = {0}, host = {0}, signed_path = {0};
    aws_request_url(&e, &r, &url, &host, &signed_path);
    CHECK_STR(url.data, want_url);
    CHECK_STR(host.data, want_host);
    CHECK_STR(signed_path.data, want_signed_path);
    buf_free(&url);
    buf_free(&host);
    buf_free(&signed_path);
}

TEST(s3_addressing_virtual_host_on_aws_and_path_style_elsewhere)
{
    check_url("https://s3.eu-west-1.amazonaws.com", 0, "my-bucket", "/a%20b",
              "https://my-bucket.s3.eu-west-1.amazonaws.com/a%20b?versionId=1",
              "my-bucket.s3.eu-west-1.amazonaws.com", "/a%20b");
    /* a dotted name would not match the TLS wildcard: path-style */
    check_url("https://s3.eu-west-1.amazonaws.com", 0, "my.bucket", "/k",
              "https://s3.eu-west-1.amazonaws.com/my.bucket/k?versionId=1", "s3.eu-west-1.amazonaws.com",
              "/my.bucket/k");
    check_url("http://127.0.0.1:4566", 1, "my-bucket", "/k", "http://127.0.0.1:4566/my-bucket/k?versionId=1",
              "127.0.0.1:4566", "/my-bucket/k");
    check_url("http://127.0.0.1:4566/prefix", 1, "b12", "/", "http://127.0.0.1:4566/prefix/b12/?versionId=1",
              "127.0.0.1:4566", "/prefix/b12/");
    check_url("http://127.0.0.1:4566", 1, NULL, "/", "http://127.0.0.1:4566/?versionId=1", "127.0.0.1:4566",
              "/");
}
