/* The configuration chains of aws_client.h with temporary HOME directories, files and variables, and
 * loopback servers playing instance metadata, the container endpoint and STS: which source wins,
 * credential_process, assume-role with source_profile, refresh before expiry, and no secret in any
 * output, log, error or debug trace. */
#include "harness.h"

#include <fcntl.h>
#include <sys/stat.h>

#include "aws/aws_redact.h"
#include "aws/sts.h"
#include "aws_test_peers.h"

static int home_serial;

/* A fresh HOME with ~/.aws/credentials and ~/.aws/config holding the given texts (NULL: no file). */
static void fresh_home(const char *credentials, const char *config)
{
    aws_test_env();
    unsetenv("AWS_ACCESS_KEY_ID");
    unsetenv("AWS_SECRET_ACCESS_KEY");
    unsetenv("AWS_DEFAULT_REGION");
    char dir[512], path[600];
    snprintf(dir, sizeof dir, "%s/home%d", test_tmp(), ++home_serial);
    mkdir(dir, 0700);
    setenv("HOME", dir, 1);
    snprintf(path, sizeof path, "%s/.aws", dir);
    mkdir(path, 0700);
    const char *texts[2] = {credentials, config}, *names[2] = {"credentials", "config"};
    for (int i = 0; i < 2; i++) {
        if (!texts[i]) continue;
        snprintf(path, sizeof path, "%s/.aws/%s", dir, names[i]);
        FILE *f = fopen(path, "w");
        fputs(texts[i], f);
        fclose(f);
    }
}

static aws_client *client_with(const aws_options *o)
{
    aws_client *c = NULL;
    OK(aws_client_new(o, &c));
    return c;
}

/* The access key id the client resolves (static buffer), and its source into source. */
static const char *key_of(aws_client *c, char source[160])
{
    static char key[128];
    aws_credentials cr = {0};
    aws_error *err = aws_client_credentials(c, &cr, source);
    if (err) {
        snprintf(key, sizeof key, "error %s", err->code);
        snprintf(source, 160, "%.150s", err->message);
        aws_error_free(err);
    } else {
        snprintf(key, sizeof key, "%s", cr.access_key_id);
    }
    aws_credentials_free(&cr);
    return key;
}

/* key_of() on a client made for this check only. */
static const char *key_for(const aws_options *o, char source[160])
{
    aws_client *c = client_with(o);
    const char *key = key_of(c, source);
    aws_client_free(c);
    return key;
}

static pid_t start_python(const char *script, int *port, const char *a1, const char *a2, const char *a3,
                          const char *a4, const char *a5, const char *a6)
{
    char *argv[] = {"/usr/bin/python3", (char *)script, (char *)a1, (char *)a2, (char *)a3,
                    (char *)a4,         (char *)a5,     (char *)a6, NULL};
    return peer_spawn(argv, port);
}

static int count_lines(const char *path, const char *needle)
{
    int st;
    char *n = sh_capture(&st, "grep -c -- '%s' '%s' 2>/dev/null", needle, path);
    int v = atoi(n);
    free(n);
    return v;
}

/* The client's region is want (NULL: none) and its source starts with source. */
static void check_region_at(int line, const aws_options *o, const char *want, const char *source)
{
    aws_client *c = client_with(o);
    const char *got = aws_client_region(c);
    if (want ? !got || strcmp(got, want) != 0 : got != NULL)
        test_fail(__FILE__, line, "region %s, expected %s", got ? got : "(none)", want ? want : "(none)");
    if (strncmp(aws_client_region_source(c), source, strlen(source)) != 0)
        test_fail(__FILE__, line, "region source \"%s\", expected \"%s...\"", aws_client_region_source(c),
                  source);
    aws_client_free(c);
}
#define check_region(o, want, source) check_region_at(__LINE__, o, want, source)

TEST(region_chain)
{
    fresh_home(NULL, "[default]\nregion = eu-west-2\n\n[profile dev]\nregion = ap-south-1 # a comment\n");
    aws_options o = {.region = "us-west-1"};
    setenv("AWS_REGION", "sa-east-1", 1);
    setenv("AWS_DEFAULT_REGION", "ca-central-1", 1);
    check_region(&o, "us-west-1", "--region");
    check_region(NULL, "sa-east-1", "AWS_REGION");
    unsetenv("AWS_REGION");
    check_region(NULL, "ca-central-1", "AWS_DEFAULT_REGION");
    unsetenv("AWS_DEFAULT_REGION");
    check_region(NULL, "eu-west-2", "profile default in ");
    setenv("AWS_PROFILE", "dev", 1);
    check_region(NULL, "ap-south-1", "profile dev in ");
    /* a region is part of the default endpoint's host: one that is no region name is not used */
    aws_options bad = {.region = "evil.example/x"};
    check_region(&bad, NULL, "not usable ('evil.example/x' from --region is not a region name");
    aws_client *c = NULL;
    CHECK(aws_client_new(&bad, &c) == NULL);
    aws_endpoint ep_bad;
    aws_error *err = aws_client_endpoint(c, "sts", &ep_bad);
    CHECK(err && aws_error_is(err, "NoRegion"));
    aws_error_free(err);
    aws_client_free(c);
    bad.region = "eu-west-1-and-a-name-longer-than-the-sixty-three-characters-of-a-label";
    check_region(&bad, NULL, "not usable");

    /* nothing configured: instance metadata, if allowed */
    fresh_home(NULL, NULL);
    int port;
    pid_t md =
        start_python("tests/lib/metadata_server.py", &port, "--region", "me-south-1", NULL, NULL, NULL, NULL);
    char ep[64];
    snprintf(ep, sizeof ep, "http://127.0.0.1:%d", port);
    setenv("AWS_EC2_METADATA_SERVICE_ENDPOINT", ep, 1);
    check_region(NULL, NULL, "not set"); /* AWS_EC2_METADATA_DISABLED=true */
    unsetenv("AWS_EC2_METADATA_DISABLED");
    check_region(NULL, "me-south-1", "instance metadata");
    peer_kill(md);
}

TEST(endpoint_chain_and_path_style)
{
    fresh_home(NULL, "[default]\nregion = eu-west-2\n");
    aws_client *c = client_with(NULL);
    aws_endpoint e;
    OK(aws_client_endpoint(c, "kinesis", &e));
    CHECK_STR(e.url, "https://kinesis.eu-west-2.amazonaws.com");
    CHECK(!e.custom);
    aws_client_free(c);
    setenv("AWS_ENDPOINT_URL", "http://127.0.0.1:1/", 1);
    setenv("AWS_ENDPOINT_URL_KINESIS", "http://127.0.0.1:2", 1);
    setenv("AWS_ENDPOINT_URL_CLOUDFORMATION", "http://127.0.0.1:3", 1);
    c = client_with(NULL);
    OK(aws_client_endpoint(c, "kinesis", &e));
    CHECK_STR(e.url, "http://127.0.0.1:2");
    CHECK_STR(e.source, "AWS_ENDPOINT_URL_KINESIS");
    OK(aws_client_endpoint(c, "cloudformation", &e));
    CHECK_STR(e.url, "http://127.0.0.1:3");
    OK(aws_client_endpoint(c, "s3", &e));
    CHECK_STR(e.url, "http://127.0.0.1:1");
    CHECK_STR(e.source, "AWS_ENDPOINT_URL");
    CHECK(e.custom); /* S3 goes path-style */
    aws_client_free(c);
    aws_options o = {.endpoint_url = "http://127.0.0.1:4"};
    c = client_with(&o);
    OK(aws_client_endpoint(c, "sts", &e));
    CHECK_STR(e.source, "--endpoint-url");
    aws_client_free(c);
    setenv("AWS_ENDPOINT_URL_STS", "ftp://nope", 1);
    c = client_with(NULL);
    aws_error *err = aws_client_endpoint(c, "sts", &e);
    CHECK(aws_error_is(err, "InvalidEndpoint"));
    aws_error_free(err);
    aws_client_free(c);
}

TEST(credentials_precedence_and_files)
{
    fresh_home(
        "[default]\naws_access_key_id = AKIAFILE\naws_secret_access_key = file-secret-1234567\n"
        "[other]\naws_access_key_id = AKIAOTHER\naws_secret_access_key = other-secret-1234567\n",
        "[profile cfg]\naws_access_key_id = AKIACONFIG\naws_secret_access_key = config-secret-12345\n");
    char src[160];
    aws_options o = {.access_key_id = "AKIAFLAG", .secret_access_key = "flag-secret-1234567"};
    setenv("AWS_ACCESS_KEY_ID", "AKIAENV", 1);
    setenv("AWS_SECRET_ACCESS_KEY", "env-secret-12345678", 1);
    aws_client *c = client_with(&o);
    CHECK_STR(key_of(c, src), "AKIAFLAG");
    CHECK_STR(src, "command-line options");
    aws_client_free(c);
    CHECK_STR(key_for(NULL, src), "AKIAENV");
    unsetenv("AWS_ACCESS_KEY_ID");
    unsetenv("AWS_SECRET_ACCESS_KEY");
    c = client_with(NULL);
    CHECK_STR(key_of(c, src), "AKIAFILE");
    CHECK(strstr(src, "profile default in ") && strstr(src, "/.aws/credentials"));
    aws_client_free(c);
    o = (aws_options){.profile = "other"};
    CHECK_STR(key_for(&o, src), "AKIAOTHER");
    setenv("AWS_PROFILE", "cfg", 1);
    CHECK_STR(key_for(NULL, src), "AKIACONFIG");
    o = (aws_options){.profile = "missing"};
    aws_client *none = NULL;
    aws_error *err = aws_client_new(&o, &none);
    CHECK(aws_error_is(err, "ProfileNotFound"));
    aws_error_free(err);
    setenv("AWS_PROFILE", "also-missing", 1);
    err = aws_client_new(NULL, &none);
    CHECK(aws_error_is(err, "ProfileNotFound") && strstr(err->message, "(from AWS_PROFILE)"));
    aws_error_free(err);
    setenv("AWS_PROFILE", "cfg", 1);
    /* the files moved by AWS_SHARED_CREDENTIALS_FILE and AWS_CONFIG_FILE */
    char moved[600];
    snprintf(moved, sizeof moved, "%s/.aws/config", getenv("HOME"));
    setenv("AWS_SHARED_CREDENTIALS_FILE", moved, 1);
    setenv("AWS_CONFIG_FILE", "/nonexistent/config", 1);
    unsetenv("AWS_PROFILE");
    o = (aws_options){.profile = "profile cfg"}; /* read as a credentials file: the section name is literal */
    CHECK_STR(key_for(&o, src), "AKIACONFIG");
}

TEST(credential_process_and_refresh)
{
    char script[600], counter[600];
    snprintf(counter, sizeof counter, "%s/process-runs", test_tmp());
    snprintf(script, sizeof script, "%s/creds.sh", test_tmp());
    FILE *f = fopen(script, "w");
    fprintf(
        f,
        "#!/bin/sh\necho run >> '%s'\n"
        "[ \"$1\" = fail ] && { echo '{\"SecretAccessKey\": \"leaked-secret-in-output\"}'; exit 3; }\n"
        "exp=$(date -u -d \"+$1 seconds\" +%%Y-%%m-%%dT%%H:%%M:%%SZ)\n"
        "printf '{\"Version\": 1, \"AccessKeyId\": \"AKIAPROC\", \"SecretAccessKey\": \"proc-secret-987654\","
        " \"SessionToken\": \"proc-token-123456789\", \"Expiration\": \"%%s\"}' \"$exp\"\n",
        counter);
    fclose(f);
    chmod(script, 0755);
    char config[2000];
    snprintf(config, sizeof config,
             "[profile soon]\ncredential_process = %s 120\n[profile later]\ncredential_process = %s 3600\n"
             "[profile broken]\ncredential_process = %s fail\n",
             script, script, script);
    fresh_home(NULL, config);
    char src[160];
    aws_options o = {.profile = "soon"};
    aws_client *c = client_with(&o);
    CHECK_STR(key_of(c, src), "AKIAPROC");
    CHECK_STR(src, "profile soon credential_process");
    CHECK_STR(key_of(c, src), "AKIAPROC"); /* expires in 2 min, inside the 5 min window: run again */
    aws_client_free(c);
    CHECK_INT(count_lines(counter, "run"), 2);
    o.profile = "later";
    c = client_with(&o);
    key_of(c, src);
    key_of(c, src);
    key_of(c, src);
    aws_client_free(c);
    CHECK_INT(count_lines(counter, "run"), 3); /* cached */
    o.profile = "broken";
    c = client_with(&o);
    aws_credentials cr = {0};
    aws_error *err = aws_client_credentials(c, &cr, src);
    CHECK(aws_error_is(err, "CredentialProcessFailed"));
    char line[800];
    aws_error_format(err, line, sizeof line);
    CHECK(strstr(line, "exited with status 3") != NULL);
    CHECK(strstr(line, "leaked") == NULL);
    aws_error_free(err);
    aws_client_free(c);
}

TEST(assume_role_with_source_profile_through_sts)
{
    fresh_home("[base]\naws_access_key_id = AKIABASE\naws_secret_access_key = base-secret-1234567\n",
               "[profile deploy]\nrole_arn = arn:aws:iam::123456789012:role/deployer\nsource_profile = base\n"
               "role_session_name = etl-test\nregion = eu-west-1\n"
               "[profile twice]\nrole_arn = arn:aws:iam::123456789012:role/second\nsource_profile = deploy\n"
               "[profile loop]\nrole_arn = arn:aws:iam::1:role/l\nsource_profile = loop2\n"
               "[profile loop2]\nrole_arn = arn:aws:iam::1:role/l2\nsource_profile = loop\n"
               "[profile long]\nrole_arn = arn:aws:iam::1:role/long\nsource_profile = base\nduration_seconds = 3600\n"
               "[profile garbage]\nrole_arn = arn:aws:iam::1:role/g\nsource_profile = base\nduration_seconds = 1h\n"
               "[profile short]\nrole_arn = arn:aws:iam::1:role/s\nsource_profile = base\nduration_seconds = 60\n");
    char log[512];
    snprintf(log, sizeof log, "%s/sts.log", test_tmp());
    int port;
    pid_t sts = start_python("tests/lib/sts_server.py", &port, "--log", log, NULL, NULL, NULL, NULL);
    char ep[64];
    snprintf(ep, sizeof ep, "http://127.0.0.1:%d", port);
    setenv("AWS_ENDPOINT_URL_STS", ep, 1);
    char src[160];
    aws_options o = {.profile = "deploy"};
    aws_client *c = client_with(&o);
    CHECK_STR(key_of(c, src), "ASIAROLE0001");
    CHECK(strstr(src, "role arn:aws:iam::123456789012:role/deployer assumed with profile base") != NULL);
    sts_identity id;
    OK(sts_get_caller_identity(c, &id));
    CHECK_STR(id.arn, "arn:aws:iam::123456789012:user/ASIAROLE0001");
    CHECK_STR(id.account, "123456789012");
    aws_client_free(c);
    CHECK_INT(count_lines(log, "\"action\": \"AssumeRole\", \"key\": \"AKIABASE\""), 1);
    CHECK_INT(
        count_lines(
            log,
            "\"action\": \"GetCallerIdentity\", \"key\": \"ASIAROLE0001\", \"role\": \"\", \"token\": true"),
        1);
    o.profile = "twice"; /* role -> role -> static keys */
    CHECK_STR(key_for(&o, src), "ASIAROLE0003");
    o.profile = "loop";
    CHECK_STR(key_for(&o, src), "error InvalidConfig");
    /* duration_seconds is read strictly: garbage is an error naming the profile and the key, before STS */
    int assumed = count_lines(log, "\"action\": \"AssumeRole\"");
    o.profile = "garbage";
    CHECK_STR(key_for(&o, src), "error InvalidConfig");
    CHECK_STR(src, "profile garbage: duration_seconds '1h' is not a whole number of seconds from 900 to 43200");
    o.profile = "short";
    CHECK_STR(key_for(&o, src), "error InvalidConfig");
    CHECK(strstr(src, "profile short: duration_seconds '60'") != NULL);
    CHECK_INT(count_lines(log, "\"action\": \"AssumeRole\""), assumed);
    o.profile = "long";
    CHECK(strncmp(key_for(&o, src), "ASIA", 4) == 0);
    peer_kill(sts);
}

TEST(container_credentials_with_token_file)
{
    fresh_home(NULL, NULL);
    int port;
    pid_t md = start_python("tests/lib/metadata_server.py", &port, "--container-path", "/v2/creds",
                            "--auth-token", "tok-abcdef-123456", NULL, NULL);
    char uri[128], tokfile[600];
    snprintf(uri, sizeof uri, "http://127.0.0.1:%d/v2/creds", port);
    snprintf(tokfile, sizeof tokfile, "%s/token", test_tmp());
    FILE *f = fopen(tokfile, "w");
    fputs("tok-abcdef-123456\n", f);
    fclose(f);
    setenv("AWS_CONTAINER_CREDENTIALS_FULL_URI", uri, 1);
    setenv("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", tokfile, 1);
    setenv("AWS_CONTAINER_AUTHORIZATION_TOKEN", "ignored-when-the-file-is-set", 1);
    char src[160];
    aws_client *c = client_with(NULL);
    CHECK_STR(key_of(c, src), "ASIACONTAINER0001");
    CHECK(strstr(src, "container endpoint http://127.0.0.1:") == src);
    aws_client_free(c);
    unsetenv("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE");
    CHECK_STR(key_for(NULL, src), "error HTTP401");
    setenv("AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://example.com/creds", 1);
    CHECK_STR(key_for(NULL, src), "error InvalidConfig");
    /* the host is compared whole: these only start like loopback (none is asked, nothing leaves) */
    const char *not_loopback[] = {"http://[::1]x/creds", "http://localhost@[::1]x/creds",
                                  "http://127.0.0.1x:1/creds", "http://169.254.170.2x/creds"};
    for (size_t i = 0; i < sizeof not_loopback / sizeof *not_loopback; i++) {
        setenv("AWS_CONTAINER_CREDENTIALS_FULL_URI", not_loopback[i], 1);
        CHECK_STR(key_for(NULL, src), "error InvalidConfig");
    }
    peer_kill(md);
}

TEST(instance_metadata_v2_and_refresh_before_expiry)
{
    fresh_home(NULL, NULL);
    char log[512];
    snprintf(log, sizeof log, "%s/imds.log", test_tmp());
    int port;
    pid_t md = start_python("tests/lib/metadata_server.py", &port, "--expires-in", "200", "--role",
                            "etl-role", "--log", log);
    char ep[64], src[160];
    snprintf(ep, sizeof ep, "http://127.0.0.1:%d", port);
    setenv("AWS_EC2_METADATA_SERVICE_ENDPOINT", ep, 1);
    aws_client *c = client_with(NULL); /* AWS_EC2_METADATA_DISABLED=true */
    CHECK_STR(key_of(c, src), "error NoCredentials");
    aws_client_free(c);
    CHECK_INT(count_lines(log, "GET"), 0);
    unsetenv("AWS_EC2_METADATA_DISABLED");
    setenv("AWS_REGION", "eu-west-1", 1);
    c = client_with(NULL);
    CHECK_STR(key_of(c, src), "ASIAIMDS0001");
    CHECK_STR(src, "instance metadata (role etl-role)");
    CHECK_STR(key_of(c, src), "ASIAIMDS0002"); /* 200 s left is inside the refresh window */
    aws_client_free(c);
    CHECK_INT(count_lines(log, "\"PUT\", \"path\": \"/latest/api/token\""), 4); /* a token for each fetch */
    peer_kill(md);
}

TEST(no_secret_in_errors_logs_or_debug_trace)
{
    fresh_home(NULL, NULL);
    const char *secret = "SeCrEt/abc+def0123456789xyz", *token = "ToKeN-FwoGZXIvYXdzEXAMPLE0123456789";
    setenv("AWS_ACCESS_KEY_ID", "AKIAVISIBLE", 1);
    setenv("AWS_SECRET_ACCESS_KEY", secret, 1);
    setenv("AWS_SESSION_TOKEN", token, 1);
    char log[512], trace[512];
    int port;
    pid_t sts = start_python("tests/lib/sts_server.py", &port, NULL, NULL, NULL, NULL, NULL, NULL);
    char ep[64];
    snprintf(ep, sizeof ep, "http://127.0.0.1:%d", port);
    aws_options o = {.endpoint_url = ep};
    request_log_start(log, "secret-requests.jsonl");
    setenv("ETL_AWS_DEBUG", "1", 1);
    snprintf(trace, sizeof trace, "%s/trace.txt", test_tmp());
    fflush(stderr);
    int saved = dup(2), fd = open(trace, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    dup2(fd, 2);
    aws_client *c = client_with(&o);
    sts_identity id;
    OK(sts_get_caller_identity(c, &id));
    aws_client_free(c);
    /* an error whose message quotes the secret (as a careless server might) */
    char body[300];
    snprintf(body, sizeof body, "<Error><Code>X</Code><Message>got %s and %s</Message></Error>", secret,
             token);
    aws_error *err = aws_error_from_response("s3", 400, body, strlen(body), "rid", NULL);
    aws_error_print(stderr, "etlctl", err);
    aws_error_free(err);
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    close(fd);
    unsetenv("ETL_AWS_DEBUG");
    unsetenv("ETL_AWS_REQUEST_LOG");
    buf t = {0}, l = {0};
    buf_read_file(&t, trace);
    buf_read_file(&l, log);
    CHECK(t.len > 0 && l.len > 0);
    CHECK(strstr(t.data, secret) == NULL && strstr(t.data, token) == NULL);
    CHECK(strstr(l.data, secret) == NULL && strstr(l.data, token) == NULL);
    CHECK(strstr(t.data, "X-Amz-Security-Token: ****") != NULL); /* it was there, masked */
    CHECK(strstr(t.data, "got **************************") != NULL);
    CHECK(strstr(l.data, "\"action\":\"GetCallerIdentity\"") != NULL);
    buf_free(&t);
    buf_free(&l);
    peer_kill(sts);
}
