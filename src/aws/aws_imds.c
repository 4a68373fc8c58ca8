/* Instance metadata (IMDSv2) and container credentials (aws_imds.h). As in botocore, one attempt with a
 * 1 s timeout unless AWS_METADATA_SERVICE_NUM_ATTEMPTS / AWS_METADATA_SERVICE_TIMEOUT say otherwise,
 * since outside AWS these addresses do not answer at all; and an instance metadata endpoint that did
 * not answer is not asked again for a minute (region and credentials would each wait otherwise). */
#include "aws/aws_imds.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "aws/aws_redact.h"
#include "aws/http.h"

#include <pthread.h>
#include <time.h>

enum { UNREACHABLE_MEMO_S = 60 };

static pthread_mutex_t memo_lock = PTHREAD_MUTEX_INITIALIZER;
static char unreachable_url[256];
static time_t unreachable_at;

static const char *env(const char *name)
{
    const char *v = getenv(name);
    return v && *v ? v : NULL;
}

int aws_imds_disabled(void)
{
    const char *v = env("AWS_EC2_METADATA_DISABLED");
    return v && strcasecmp(v, "true") == 0;
}

/* One metadata request with a couple of attempts; the body of a 200 answer into out. */
static int env_int(const char *name, int dflt)
{
    const char *v = env(name);
    int n = v ? atoi(v) : 0;
    return n > 0 ? n : dflt;
}

static aws_error *meta_request(const char *service, const char *method, const char *url,
                               const http_headers *h, buf *out)
{
    int attempts = env_int("AWS_METADATA_SERVICE_NUM_ATTEMPTS", 1);
    long timeout_ms = 1000L * env_int("AWS_METADATA_SERVICE_TIMEOUT", 1);
    http_conn *conn = http_conn_new(timeout_ms, 2 * timeout_ms, NULL);
    http_response resp;
    http_response_init(&resp);
    aws_error *err = NULL;
    http_body none = HTTP_BODY_NONE;
    for (int attempt = 1; attempt <= attempts; attempt++) {
        char failure[256];
        http_response_reset(&resp);
        enum http_outcome o =
            http_perform(conn, method, url, h, strcmp(method, "PUT") == 0 ? &none : NULL, &resp, failure);
        aws_error_free(err);
        err = NULL;
        if (o == HTTP_OK && resp.status == 200) break;
        if (o != HTTP_OK) {
            err = aws_error_new(service, "MetadataUnavailable", "%s %s: %s", method, url, failure);
            if (o == HTTP_FAILED) break;
        } else {
            err = aws_error_from_response(service, resp.status, resp.body.data, resp.body.len, NULL, NULL);
            snprintf(err->message, sizeof err->message, "%s %s answered HTTP %d", method, url, resp.status);
            if (resp.status < 500) break;
        }
    }
    if (!err) buf_add(out, resp.body.data ? resp.body.data : "", resp.body.len);
    http_response_free(&resp);
    http_conn_free(conn);
    return err;
}

static void imds_base(buf *b)
{
    const char *e = env("AWS_EC2_METADATA_SERVICE_ENDPOINT");
    buf_adds(b, e ? e : "http://169.254.169.254");
    while (b->len && b->data[b->len - 1] == '/') b->data[--b->len] = '\0';
}

/* GET path with a fresh IMDSv2 session token. */
static aws_error *imds_get(const char *path, buf *out)
{
    if (aws_imds_disabled())
        return aws_error_new("imds", "MetadataDisabled",
                             "instance metadata is off (AWS_EC2_METADATA_DISABLED)");
    buf url = {0}, token = {0};
    imds_base(&url);
    size_t base_len = url.len;
    pthread_mutex_lock(&memo_lock);
    int skip = strcmp(unreachable_url, url.data) == 0 && time(NULL) - unreachable_at < UNREACHABLE_MEMO_S;
    pthread_mutex_unlock(&memo_lock);
    if (skip) {
        aws_error *err =
            aws_error_new("imds", "MetadataUnavailable", "%s did not answer a moment ago", url.data);
        buf_free(&url);
        return err;
    }
    buf_adds(&url, "/latest/api/token");
    http_headers h = {0};
    http_headers_add(&h, "X-aws-ec2-metadata-token-ttl-seconds", "21600");
    aws_error *err = meta_request("imds", "PUT", url.data, &h, &token);
    http_headers_free(&h);
    if (err && aws_error_is(err, "MetadataUnavailable")) {
        pthread_mutex_lock(&memo_lock);
        snprintf(unreachable_url, sizeof unreachable_url, "%.*s", (int)base_len, url.data);
        unreachable_at = time(NULL);
        pthread_mutex_unlock(&memo_lock);
    }
    if (!err) {
        aws_redact_register(token.data);
        url.len = base_len;
        url.data[base_len] = '\0';
        buf_adds(&url, path);
        http_headers_add(&h, "X-aws-ec2-metadata-token", token.data);
        err = meta_request("imds", "GET", url.data, &h, out);
        http_headers_free(&h);
    }
    buf_free(&url);
    buf_free(&token);
    return err;
}

aws_error *aws_imds_region(char *out, size_t n)
{
    buf b = {0};
    aws_error *err = imds_get("/latest/meta-data/placement/region", &b);
    if (!err) snprintf(out, n, "%s", b.data ? b.data : "");
    if (!err && !out[0])
        err = aws_error_new("imds", "MalformedResponse", "instance metadata gave an empty region");
    buf_free(&b);
    return err;
}

aws_error *aws_imds_credentials(aws_credentials *out, char *role, size_t n)
{
    buf b = {0};
    aws_error *err = imds_get("/latest/meta-data/iam/security-credentials/", &b);
    if (!err) {
        size_t len = strcspn(b.data ? b.data : "", "\r\n");
        if (!len)
            err = aws_error_new("imds", "NoInstanceProfile", "the instance has no IAM role");
        else
            snprintf(role, n, "%.*s", (int)len, b.data);
    }
    if (!err) {
        buf path = {0};
        buf_printf(&path, "/latest/meta-data/iam/security-credentials/%s", role);
        buf_reset(&b);
        err = imds_get(path.data, &b);
        buf_free(&path);
    }
    if (!err) err = aws_credentials_from_json(b.data, b.len, "instance metadata", out);
    buf_free(&b);
    return err;
}

int aws_container_configured(void)
{
    return env("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI") || env("AWS_CONTAINER_CREDENTIALS_FULL_URI");
}

/* Plain http is only for addresses that cannot leave the machine or the task. */
static int allowed_full_uri(const char *u)
{
    if (strncmp(u, "https://", 8) == 0) return 1;
    if (strncmp(u, "http://", 7) != 0) return 0;
    const char *h = u + 7;
    return strncmp(h, "127.", 4) == 0 || strncmp(h, "localhost", 9) == 0 || strncmp(h, "[::1]", 5) == 0 ||
           strncmp(h, "169.254.170.2", 13) == 0 || strncmp(h, "169.254.170.23", 14) == 0 ||
           strncmp(h, "[fd00:ec2::23]", 14) == 0;
}

aws_error *aws_container_credentials(aws_credentials *out, char *where, size_t n)
{
    buf url = {0}, token = {0}, body = {0};
    const char *rel = env("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"),
               *full = env("AWS_CONTAINER_CREDENTIALS_FULL_URI");
    aws_error *err = NULL;
    if (rel)
        buf_printf(&url, "http://169.254.170.2%s", rel);
    else if (full && allowed_full_uri(full))
        buf_adds(&url, full);
    else
        err =
            aws_error_new("container", "InvalidConfig",
                          "AWS_CONTAINER_CREDENTIALS_FULL_URI must be https, or http to a loopback address");
    const char *file = env("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"),
               *tok = env("AWS_CONTAINER_AUTHORIZATION_TOKEN");
    if (!err && file) {
        if (buf_read_file(&token, file) != 0)
            err = aws_error_new("container", "InvalidConfig", "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE %s: %s",
                                file, strerror(errno));
        while (token.len && (token.data[token.len - 1] == '\n' || token.data[token.len - 1] == '\r'))
            token.data[--token.len] = '\0';
    } else if (!err && tok) {
        buf_adds(&token, tok);
    }
    if (!err) {
        snprintf(where, n, "%s", url.data);
        http_headers h = {0};
        if (token.len) {
            aws_redact_register(token.data);
            http_headers_add(&h, "Authorization", token.data);
        }
        err = meta_request("container", "GET", url.data, &h, &body);
        http_headers_free(&h);
    }
    if (!err) err = aws_credentials_from_json(body.data, body.len, "the container endpoint", out);
    if (token.data) memset(token.data, 0, token.len);
    buf_free(&token);
    buf_free(&url);
    buf_free(&body);
    return err;
}
