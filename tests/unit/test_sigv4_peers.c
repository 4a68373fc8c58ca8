/* SigV4 cross-checked against two independent signers on this machine: botocore (SigV4Auth and
 * S3SigV4Auth, clock frozen) over 600 generated requests, and curl --aws-sigv4 over 300 requests it
 * sends to a loopback recorder, re-signed here from what arrived. The requests cover methods, paths
 * with spaces, unicode, reserved and percent characters and dot segments, repeated and empty query keys,
 * header case and whitespace, repeated headers, empty and binary bodies and session tokens. */
#include "harness.h"

#include <ctype.h>
#include <json-c/json.h>
#include <strings.h>
#include <time.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "aws/digest.h"
#include "aws/sigv4.h"
#include "aws/uri.h"

static uint64_t rng = 88172645463325252ULL;
static unsigned rnd(unsigned n)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (unsigned)(rng % n);
}

static const char *pieces[] = {"a",
                               "Z",
                               "09",
                               "-_.~",
                               " ",
                               "a b",
                               "\xc3\xa9",
                               "\xe1\x88\xb4",
                               "\xf0\x9f\x98\x80",
                               "!",
                               "$",
                               "&",
                               "'",
                               "()",
                               "*",
                               "+",
                               ",",
                               ";",
                               "=",
                               ":",
                               "@",
                               "%",
                               "%41",
                               "#",
                               "?",
                               "[]",
                               "\"",
                               "<>",
                               "^",
                               "`",
                               "{|}",
                               "key",
                               "Value",
                               "x-y"};
enum { N_PIECES = sizeof pieces / sizeof pieces[0], N_SAFE = 4 };

static void random_word(buf *b, int safe_only)
{
    buf raw = {0};
    int n = 1 + (int)rnd(4);
    for (int i = 0; i < n; i++) buf_adds(&raw, pieces[rnd(safe_only ? N_SAFE : N_PIECES)]);
    uri_encode(b, raw.data, raw.len, 0);
    buf_free(&raw);
}

struct req {
    char method[8];
    buf path, query, body;
    http_headers h;
    int s3, token;
    int64_t time;
    char service[16], region[16];
};

static const char *KEY = "AKIDEXAMPLE", *SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                  *TOKEN = "IQoJb3JpZ2luX2VjEXAMPLETOKEN/+=xyz";

struct qp {
    char *k, *v;
    int eq;
};
static int qp_cmp(const void *a, const void *b)
{
    const struct qp *x = a, *y = b;
    int c = strcmp(x->k, y->k);
    return c ? c : strcmp(x->v, y->v);
}

/* canonical: path of safe characters only and the query already in canonical order (for curl). */
static void random_request(struct req *r, int canonical)
{
    static const char *methods[] = {"GET", "PUT", "POST", "DELETE", "HEAD", "PATCH"};
    memset(r, 0, sizeof *r);
    snprintf(r->method, sizeof r->method, "%s", methods[rnd(canonical ? 4 : 6)]);
    r->s3 = rnd(3) == 0;
    snprintf(r->service, sizeof r->service, "%s",
             r->s3 ? "s3" : (const char *[]){"kinesis", "sts", "service"}[rnd(3)]);
    snprintf(r->region, sizeof r->region, "%s",
             (const char *[]){"us-east-1", "eu-west-3", "ap-south-2"}[rnd(3)]);
    r->time = 946684800 + (int64_t)rnd(30u * 365 * 86400);
    int segs = (int)rnd(5);
    for (int i = 0; i < segs; i++) {
        buf_addc(&r->path, '/');
        int dot = canonical || r->s3 ? 9 : (int)rnd(10);
        if (dot == 0)
            buf_adds(&r->path, ".");
        else if (dot == 1)
            buf_adds(&r->path, "..");
        else if (dot == 2) {
        } /* empty segment: "//" */
        else
            random_word(&r->path, canonical);
    }
    if (!r->path.len || rnd(4) == 0) buf_addc(&r->path, '/');
    int np = (int)rnd(6);
    struct qp q[8];
    for (int i = 0; i < np; i++) {
        buf k = {0}, v = {0};
        if (i && rnd(4) == 0)
            buf_adds(&k, q[i - 1].k); /* repeated key */
        else
            random_word(&k, 0);
        q[i].eq = rnd(5) != 0;
        if (q[i].eq && rnd(4))
            random_word(&v, 0);
        else
            buf_adds(&v, "");
        q[i].k = buf_detach(&k);
        q[i].v = buf_detach(&v);
        if (!q[i].eq) q[i].eq = canonical; /* curl writes "k=" itself? keep what we sign explicit */
    }
    if (canonical) qsort(q, (size_t)np, sizeof q[0], qp_cmp);
    for (int i = 0; i < np; i++) {
        buf_printf(&r->query, "%s%s%s%s", i ? "&" : "", q[i].k, q[i].eq ? "=" : "", q[i].v);
        free(q[i].k);
        free(q[i].v);
    }
    http_headers_add(&r->h, "Host", "example.amazonaws.com");
    static const char *names[] = {"X-Amz-Meta-Color", "content-type", "X-Custom",
                                  "x-amz-target",     "X-CUSTOM",     "Range"};
    static const char *values[] = {"blue",
                                   "  lead",
                                   "trail  ",
                                   "in  ner\tspaces",
                                   "application/x-amz-json-1.1",
                                   "bytes=0-9",
                                   "a, b",
                                   "Kinesis_20131202.PutRecords"};
    int nh = (int)rnd(5);
    for (int i = 0; i < nh; i++) {
        const char *v = values[rnd(8)];
        if (canonical && (v[0] == ' ' || v[strlen(v) - 1] == ' ' || strchr(v, '\t'))) v = "plain";
        const char *name = names[rnd(canonical ? 4 : 6)];
        if (canonical && http_headers_get(&r->h, name)) continue; /* curl 7.88 lists a repeated name twice */
        http_headers_add(&r->h, name, v);
    }
    int body = (int)rnd(3);
    if (strcmp(r->method, "GET") == 0 || strcmp(r->method, "HEAD") == 0) body = 0;
    if (body == 1) buf_adds(&r->body, "Action=GetCallerIdentity&Version=2011-06-15");
    if (body == 2) {
        int n = 1 + (int)rnd(300);
        for (int i = 0; i < n; i++) buf_addc(&r->body, (char)rnd(256));
    }
    r->token = rnd(3) == 0;
}

static void req_free(struct req *r)
{
    buf_free(&r->path);
    buf_free(&r->query);
    buf_free(&r->body);
    http_headers_free(&r->h);
}

/* Our Authorization for r; S3 requests carry x-amz-content-sha256 as the S3 client sends it. */
static char *our_authorization(struct req *r)
{
    aws_credentials c = {0};
    aws_credentials_set(&c, KEY, SECRET, r->token ? TOKEN : NULL, 0);
    char hash[65];
    digest_sha256_hex(r->body.data ? r->body.data : "", r->body.len, hash);
    if (r->s3) http_headers_set(&r->h, "X-Amz-Content-SHA256", hash);
    sigv4_scope s = {r->region, r->service, r->time, r->s3};
    sigv4_sign(&c, &s, r->method, r->path.data, r->query.data ? r->query.data : "", &r->h, hash);
    aws_credentials_free(&c);
    return strdup(http_headers_get(&r->h, "Authorization"));
}

enum { N_BOTOCORE = 600, N_CURL = 300 };

TEST(sigv4_matches_botocore)
{
    char path[512];
    snprintf(path, sizeof path, "%s/botocore-requests.jsonl",
             getenv("TEST_TMP") ? getenv("TEST_TMP") : "/tmp");
    FILE *f = fopen(path, "w");
    CHECK(f != NULL);
    if (!f) return;
    char *ours[N_BOTOCORE];
    for (int i = 0; i < N_BOTOCORE; i++) {
        struct req r;
        random_request(&r, 0);
        json_object *o = json_object_new_object(), *hs = json_object_new_array();
        for (size_t k = 0; k < r.h.n; k++) {
            json_object *pair = json_object_new_array();
            json_object_array_add(pair, json_object_new_string(r.h.v[k].name));
            json_object_array_add(pair, json_object_new_string(r.h.v[k].value));
            json_object_array_add(hs, pair);
        }
        buf b64 = {0};
        base64_encode(&b64, r.body.data ? r.body.data : "", r.body.len);
        json_object_object_add(o, "method", json_object_new_string(r.method));
        json_object_object_add(o, "path", json_object_new_string(r.path.data));
        json_object_object_add(o, "query", json_object_new_string(r.query.data ? r.query.data : ""));
        json_object_object_add(o, "headers", hs);
        json_object_object_add(o, "body_b64", json_object_new_string(b64.data ? b64.data : ""));
        json_object_object_add(o, "time", json_object_new_int64(r.time));
        json_object_object_add(o, "region", json_object_new_string(r.region));
        json_object_object_add(o, "service", json_object_new_string(r.service));
        json_object_object_add(o, "s3", json_object_new_boolean(r.s3));
        json_object_object_add(o, "key", json_object_new_string(KEY));
        json_object_object_add(o, "secret", json_object_new_string(SECRET));
        json_object_object_add(o, "token", json_object_new_string(r.token ? TOKEN : ""));
        fprintf(f, "%s\n", json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN));
        json_object_put(o);
        buf_free(&b64);
        ours[i] = our_authorization(&r);
        req_free(&r);
    }
    fclose(f);
    char cmd[700];
    snprintf(cmd, sizeof cmd, "/usr/bin/python3 tests/lib/sigv4_botocore.py < '%s'", path);
    FILE *p = popen(cmd, "r");
    CHECK(p != NULL);
    char line[1024];
    int n = 0, mismatches = 0;
    while (p && fgets(line, sizeof line, p) && n < N_BOTOCORE) {
        line[strcspn(line, "\n")] = 0;
        if (strcmp(line, ours[n]) != 0 && mismatches++ < 5)
            test_fail(__FILE__, __LINE__, "request %d: botocore %s\n  ours %s", n, line, ours[n]);
        n++;
    }
    CHECK_INT(p ? pclose(p) : -1, 0);
    CHECK_INT(n, N_BOTOCORE);
    CHECK_INT(mismatches, 0);
    for (int i = 0; i < N_BOTOCORE; i++) free(ours[i]);
}

static pid_t spawn_recorder(const char *out, int *port)
{
    int fds[2];
    if (pipe(fds) != 0) return -1;
    pid_t pid = fork();
    if (pid == 0) {
        dup2(fds[1], 1);
        close(fds[0]);
        execl("/usr/bin/python3", "python3", "tests/lib/record_server.py", "--out", out, (char *)NULL);
        _exit(127);
    }
    close(fds[1]);
    FILE *f = fdopen(fds[0], "r");
    *port = 0;
    if (!f || fscanf(f, "port %d", port) != 1) *port = 0;
    if (f) fclose(f);
    return pid;
}

static int run_curl(struct req *r, int port, const char *body_path)
{
    char sigv4[64], url[2048], *argv[64];
    int a = 0;
    snprintf(sigv4, sizeof sigv4, "aws:amz:%s:%s", r->region, r->service);
    snprintf(url, sizeof url, "http://127.0.0.1:%d%s%s%s", port, r->path.data, r->query.len ? "?" : "",
             r->query.data ? r->query.data : "");
    char *hdr[16];
    int nh = 0;
    argv[a++] = "curl";
    argv[a++] = "-s";
    argv[a++] = "-o";
    argv[a++] = "/dev/null";
    argv[a++] = "--path-as-is";
    argv[a++] = "--aws-sigv4";
    argv[a++] = sigv4;
    argv[a++] = "--user";
    argv[a++] = "AKIDEXAMPLE:wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    argv[a++] = "-X";
    argv[a++] = r->method;
    for (size_t i = 1; i < r->h.n && nh < 14; i++) { /* [0] is Host, which curl sets */
        buf b = {0};
        buf_printf(&b, "%s: %s", r->h.v[i].name, r->h.v[i].value);
        hdr[nh] = buf_detach(&b);
        argv[a++] = "-H";
        argv[a++] = hdr[nh++];
    }
    if (r->token) {
        buf b = {0};
        buf_printf(&b, "X-Amz-Security-Token: %s", TOKEN);
        hdr[nh] = buf_detach(&b);
        argv[a++] = "-H";
        argv[a++] = hdr[nh++];
    }
    if (r->body.len) {
        FILE *f = fopen(body_path, "wb");
        if (f) {
            fwrite(r->body.data, 1, r->body.len, f);
            fclose(f);
        }
        static char at[600];
        snprintf(at, sizeof at, "@%s", body_path);
        argv[a++] = "--data-binary";
        argv[a++] = at;
    }
    argv[a++] = url;
    argv[a] = NULL;
    pid_t pid = fork();
    if (pid == 0) {
        execv("/usr/bin/curl", argv);
        _exit(127);
    }
    int status = -1;
    waitpid(pid, &status, 0);
    for (int i = 0; i < nh; i++) free(hdr[i]);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* Re-signs a recorded request from what arrived: the headers curl signed, at the time it signed. */
static char *resign_recorded(json_object *rec, const struct req *orig)
{
    json_object *hs, *v;
    json_object_object_get_ex(rec, "headers", &hs);
    const char *curl_auth = NULL, *amz_date = NULL;
    for (size_t i = 0; i < json_object_array_length(hs); i++) {
        json_object *pair = json_object_array_get_idx(hs, i);
        const char *n = json_object_get_string(json_object_array_get_idx(pair, 0));
        const char *val = json_object_get_string(json_object_array_get_idx(pair, 1));
        if (strcasecmp(n, "authorization") == 0) curl_auth = val;
        if (strcasecmp(n, "x-amz-date") == 0) amz_date = val;
    }
    if (!curl_auth || !amz_date) return strdup("(missing)");
    const char *sh = strstr(curl_auth, "SignedHeaders=");
    char signed_list[512];
    snprintf(signed_list, sizeof signed_list, ";%.*s;", (int)strcspn(sh + 14, ","), sh + 14);
    http_headers h = {0};
    for (size_t i = 0; i < json_object_array_length(hs); i++) {
        json_object *pair = json_object_array_get_idx(hs, i);
        const char *n = json_object_get_string(json_object_array_get_idx(pair, 0));
        char lower[128], probe[140];
        snprintf(lower, sizeof lower, "%s", n);
        for (char *p = lower; *p; p++) *p = (char)tolower((unsigned char)*p);
        snprintf(probe, sizeof probe, ";%s;", lower);
        if (strstr(signed_list, probe) && strcmp(lower, "x-amz-date") != 0)
            http_headers_add(&h, n, json_object_get_string(json_object_array_get_idx(pair, 1)));
    }
    json_object_object_get_ex(rec, "target", &v);
    const char *target = json_object_get_string(v);
    const char *q = strchr(target, '?');
    char *path = strndup(target, q ? (size_t)(q - target) : strlen(target));
    json_object_object_get_ex(rec, "body_b64", &v);
    buf body = {0};
    base64_decode(&body, json_object_get_string(v), strlen(json_object_get_string(v)));
    char hash[65];
    digest_sha256_hex(body.data ? body.data : "", body.len, hash);
    struct tm tm = {0};
    strptime(amz_date, "%Y%m%dT%H%M%SZ", &tm);
    aws_credentials c = {0};
    aws_credentials_set(&c, KEY, SECRET, http_headers_get(&h, "X-Amz-Security-Token"), 0);
    sigv4_scope s = {orig->region, orig->service, (int64_t)timegm(&tm), orig->s3};
    sigv4_sign(&c, &s, orig->method, path, q ? q + 1 : "", &h, hash);
    char *out = strdup(http_headers_get(&h, "Authorization"));
    aws_credentials_free(&c);
    http_headers_free(&h);
    buf_free(&body);
    free(path);
    return out;
}

TEST(sigv4_matches_curl_on_canonical_order_queries)
{
    const char *tmp = getenv("TEST_TMP") ? getenv("TEST_TMP") : "/tmp";
    char out[512], body_path[512];
    snprintf(out, sizeof out, "%s/curl-recorded.jsonl", tmp);
    snprintf(body_path, sizeof body_path, "%s/curl-body", tmp);
    remove(out);
    int port;
    pid_t pid = spawn_recorder(out, &port);
    CHECK(port > 0);
    if (port <= 0) return;
    struct req *reqs = calloc(N_CURL, sizeof *reqs);
    for (int i = 0; i < N_CURL; i++) {
        random_request(&reqs[i], 1);
        CHECK_INT(run_curl(&reqs[i], port, body_path), 0);
    }
    kill(pid, SIGTERM);
    waitpid(pid, NULL, 0);
    FILE *f = fopen(out, "r");
    CHECK(f != NULL);
    char *line = NULL;
    size_t cap = 0;
    int n = 0, mismatches = 0;
    while (f && getline(&line, &cap, f) > 0 && n < N_CURL) {
        json_object *rec = json_tokener_parse(line), *hs;
        json_object_object_get_ex(rec, "headers", &hs);
        const char *curl_auth = NULL;
        for (size_t i = 0; i < json_object_array_length(hs); i++) {
            json_object *pair = json_object_array_get_idx(hs, i);
            if (strcasecmp(json_object_get_string(json_object_array_get_idx(pair, 0)), "authorization") == 0)
                curl_auth = json_object_get_string(json_object_array_get_idx(pair, 1));
        }
        char *ours = resign_recorded(rec, &reqs[n]);
        if ((!curl_auth || strcmp(curl_auth, ours) != 0) && mismatches++ < 5)
            test_fail(__FILE__, __LINE__, "request %d (%s %s?%s): curl %s\n  ours %s", n, reqs[n].method,
                      reqs[n].path.data, reqs[n].query.data ? reqs[n].query.data : "", curl_auth, ours);
        free(ours);
        json_object_put(rec);
        n++;
    }
    free(line);
    if (f) fclose(f);
    CHECK_INT(n, N_CURL);
    CHECK_INT(mismatches, 0);
    for (int i = 0; i < N_CURL; i++) req_free(&reqs[i]);
    free(reqs);
}
