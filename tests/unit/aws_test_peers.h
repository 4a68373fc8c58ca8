/* Helpers for the unit tests of the AWS client that talk to real peers (kinesalite, s3rver) and loopback
 * servers: start a program that prints "port N" and stop it by pid; run the AWS CLI (/usr/bin/aws) and
 * capture what it prints. Static functions: each test binary includes this once. */
#ifndef TESTS_AWS_TEST_PEERS_H
#define TESTS_AWS_TEST_PEERS_H

#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "aws/aws_client.h"
#include "aws/aws_error.h"
#include "base/buf.h"

/* CHECK that an aws_error * call succeeded, printing its one line when not. */
#define OK(call)                                                                                             \
    do {                                                                                                     \
        aws_error *e_ = (call);                                                                              \
        if (e_) {                                                                                            \
            char l_[800];                                                                                    \
            aws_error_format(e_, l_, sizeof l_);                                                             \
            test_fail(__FILE__, __LINE__, "%s: %s", #call, l_);                                              \
            aws_error_free(e_);                                                                              \
        }                                                                                                    \
    } while (0)

/* 1: a started peer gets SIGKILL when the thread that started it ends, so a test that crashes leaves
 * nothing running. A peer started from a short-lived thread sets it to 0 around the start. */
static int peer_dies_with_parent = 1;

/* Starts argv (argv[0] a path), waits up to 20 s for "port N" on its stdout; 0 when it did not listen. */
static __attribute__((unused)) pid_t peer_spawn(char *const argv[], int *port)
{
    int fds[2];
    *port = 0;
    if (pipe(fds) != 0) return 0;
    pid_t pid = fork();
    if (pid == 0) {
        dup2(fds[1], 1);
        close(fds[0]);
        close(fds[1]);
        setpgid(0, 0);
        if (peer_dies_with_parent) prctl(PR_SET_PDEATHSIG, SIGKILL);
        execv(argv[0], argv);
        _exit(127);
    }
    close(fds[1]);
    FILE *f = fdopen(fds[0], "r");
    char line[128];
    while (f && fgets(line, sizeof line, f))
        if (sscanf(line, "port %d", port) == 1) break;
    if (f) fclose(f); /* the servers print nothing after their port */
    return *port ? pid : (kill(pid, SIGKILL), waitpid(pid, NULL, 0), 0);
}

static __attribute__((unused)) void peer_kill(pid_t pid)
{
    if (pid <= 0) return;
    kill(pid, SIGTERM);
    for (int i = 0; i < 50; i++) {
        if (waitpid(pid, NULL, WNOHANG) == pid) return;
        struct timespec ts = {0, 100000000L};
        nanosleep(&ts, NULL);
    }
    kill(pid, SIGKILL);
    waitpid(pid, NULL, 0);
}

static __attribute__((unused)) pid_t start_kinesalite(int *port, const char *path)
{
    char *argv[] = {"/usr/bin/node", "tests/lib/kinesalite.js", path ? "--path" : NULL, (char *)path, NULL};
    return peer_spawn(argv, port);
}

static __attribute__((unused)) pid_t start_kinesalite_on(int *port, const char *path, int want_port)
{
    char p[16];
    snprintf(p, sizeof p, "%d", want_port);
    char *argv[] = {"/usr/bin/node", "tests/lib/kinesalite.js", "--port", p, "--path", (char *)path, NULL};
    return peer_spawn(argv, port);
}

static __attribute__((unused)) pid_t start_s3rver(int *port, const char *dir)
{
    char *argv[] = {"/usr/bin/node", "tests/lib/s3rver.js", "--dir", (char *)dir, NULL};
    return peer_spawn(argv, port);
}

/* Runs a shell command line built printf-style; returns its stdout (caller frees) and its exit status. */
static char *sh_capture(int *status, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static __attribute__((unused)) char *sh_capture(int *status, const char *fmt, ...)
{
    buf cmd = {0}, out = {0};
    va_list ap;
    va_start(ap, fmt);
    buf_vprintf(&cmd, fmt, ap);
    va_end(ap);
    FILE *p = popen(cmd.data, "r");
    char chunk[4096];
    size_t n;
    while (p && (n = fread(chunk, 1, sizeof chunk, p)) > 0) buf_add(&out, chunk, n);
    int rc = p ? pclose(p) : -1;
    if (status) *status = WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
    buf_free(&cmd);
    buf_adds(&out, "");
    return buf_detach(&out);
}

/* The environment every AWS test starts from: a HOME without ~/.aws, no instance metadata, the keys
 * s3rver wants, and no variables of the machine's own AWS setup. */
static __attribute__((unused)) void aws_test_env(void)
{
    static const char *clear[] = {"AWS_PROFILE",
                                  "AWS_REGION",
                                  "AWS_DEFAULT_REGION",
                                  "AWS_SESSION_TOKEN",
                                  "AWS_ENDPOINT_URL",
                                  "AWS_ENDPOINT_URL_S3",
                                  "AWS_ENDPOINT_URL_KINESIS",
                                  "AWS_ENDPOINT_URL_STS",
                                  "AWS_ENDPOINT_URL_CLOUDFORMATION",
                                  "AWS_CONFIG_FILE",
                                  "AWS_SHARED_CREDENTIALS_FILE",
                                  "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
                                  "AWS_CONTAINER_CREDENTIALS_FULL_URI",
                                  "AWS_CONTAINER_AUTHORIZATION_TOKEN",
                                  "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE",
                                  "AWS_EC2_METADATA_SERVICE_ENDPOINT",
                                  "AWS_MAX_ATTEMPTS",
                                  "ETL_AWS_REQUEST_LOG",
                                  "ETL_AWS_DEBUG"};
    for (size_t i = 0; i < sizeof clear / sizeof clear[0]; i++) unsetenv(clear[i]);
    const char *t = getenv("TEST_TMP");
    setenv("HOME", t && *t ? t : "/tmp", 1);
    setenv("AWS_EC2_METADATA_DISABLED", "true", 1);
    setenv("AWS_ACCESS_KEY_ID", "S3RVER", 1);
    setenv("AWS_SECRET_ACCESS_KEY", "S3RVER", 1);
    setenv("AWS_DEFAULT_REGION", "us-east-1", 1);
    setenv("AWS_PAGER", "", 1);
    setenv("NODE_OPTIONS", "--openssl-legacy-provider", 1); /* s3rver's paginated listing needs it */
}

static __attribute__((unused)) const char *test_tmp(void)
{
    const char *t = getenv("TEST_TMP");
    return t && *t ? t : "/tmp";
}

/* The test environment, a peer started with its data under TEST_TMP/subdir, and a client whose
 * --endpoint-url is that peer (url: 64 bytes). Returns the peer's pid. */
static __attribute__((unused)) pid_t peer_client(pid_t (*start)(int *, const char *), const char *subdir,
                                                 char *url, aws_client **client)
{
    aws_test_env();
    int port;
    char dir[512];
    snprintf(dir, sizeof dir, "%s/%s", test_tmp(), subdir);
    pid_t pid = start(&port, dir);
    snprintf(url, 64, "http://127.0.0.1:%d", port);
    aws_options o = {.endpoint_url = url};
    aws_error *err = aws_client_new(&o, client);
    if (err) aws_error_print(stderr, "test", err);
    aws_error_free(err);
    return pid;
}

/* Points ETL_AWS_REQUEST_LOG at a fresh file name under TEST_TMP (path: 512 bytes). */
static __attribute__((unused)) void request_log_start(char *path, const char *name)
{
    snprintf(path, 512, "%s/%s", test_tmp(), name);
    remove(path);
    setenv("ETL_AWS_REQUEST_LOG", path, 1);
}

#endif
