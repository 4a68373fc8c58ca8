/* Starting, finding and stopping the local cloud. Every service runs in its own session (setsid), so
 * `down` can stop a service and anything it started by process group, and no terminal signal reaches
 * them. Peers are found in $ETLCTL_PEERS, beside the build tree (tests/lib + tests/node_modules), or in
 * the installed share directory (<prefix>/share/etlctl/local). */
#include "local/cloud.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <json-c/json.h>
#include <limits.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/mkdirs.h"

static const char *const services[] = {"cloudformation", "s3", "kinesis"};
enum { N_SERVICES = 3 };

static int fail(char *err, size_t n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int fail(char *err, size_t n, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, n, fmt, ap);
    va_end(ap);
    return -1;
}

/* snprintf for paths: a path too long for PATH_MAX is cut, and then simply not found. */
static void pathf(char *out, size_t n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void pathf(char *out, size_t n, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(out, n, fmt, ap);
    va_end(ap);
}

int cloud_state_dir(const char *opt, char *out, size_t n)
{
    const char *env = getenv("ETLCTL_STATE"), *xdg = getenv("XDG_STATE_HOME"), *home = getenv("HOME");
    int w;
    if (opt && *opt) w = snprintf(out, n, "%s", opt);
    else if (env && *env) w = snprintf(out, n, "%s", env);
    else if (xdg && *xdg) w = snprintf(out, n, "%s/etlctl", xdg);
    else if (home && *home) w = snprintf(out, n, "%s/.local/state/etlctl", home);
    else return -1;
    return w > 0 && (size_t)w < n ? 0 : -1;
}

static int port_answers(int port)
{
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return 0;
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    int ok = connect(fd, (struct sockaddr *)&a, sizeof a) == 0;
    close(fd);
    return ok;
}

/* Whether pid runs. A zombie does not: the services outlive `up` and are reaped by whoever adopted
 * them, maybe seconds after they exit. */
static int alive(pid_t pid)
{
    if (pid <= 0 || (kill(pid, 0) != 0 && errno != EPERM)) return 0;
    char path[64], stat[256];
    snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
    FILE *f = fopen(path, "r");
    if (!f) return 1;
    size_t n = fread(stat, 1, sizeof stat - 1, f);
    fclose(f);
    stat[n] = '\0';
    const char *paren = strrchr(stat, ')'); /* "pid (comm) S ..." */
    return !(paren && paren[1] == ' ' && paren[2] == 'Z');
}

/* The recorded cloud (a new object), or NULL when there is none. */
static json_object *load(const char *dir)
{
    char path[PATH_MAX];
    pathf(path, sizeof path, "%s/cloud.json", dir);
    if (access(path, F_OK) != 0) return NULL;
    return json_object_from_file(path);
}

static int service(json_object *cloud, const char *name, int *port, pid_t *pid)
{
    json_object *s = NULL, *v = NULL;
    if (!cloud || !json_object_object_get_ex(cloud, name, &s)) return -1;
    *port = json_object_object_get_ex(s, "port", &v) ? json_object_get_int(v) : 0;
    *pid = json_object_object_get_ex(s, "pid", &v) ? json_object_get_int(v) : 0;
    return 0;
}

/* Whether every service of the record runs and answers. */
static int running(json_object *cloud)
{
    for (int i = 0; i < N_SERVICES; i++) {
        int port;
        pid_t pid;
        if (service(cloud, services[i], &port, &pid) != 0 || !alive(pid) || !port_answers(port)) return 0;
    }
    return 1;
}

/* The directory holding kinesalite.js and s3rver.js, and the node_modules they need. */
static int find_peers(char *scripts, char *modules, size_t n)
{
    const char *env = getenv("ETLCTL_PEERS");
    char exe[PATH_MAX], path[PATH_MAX + 64];
    if (env && *env) {
        pathf(scripts, n, "%s", env);
        pathf(modules, n, "%s/node_modules", env);
        pathf(path, sizeof path, "%s/kinesalite.js", scripts);
        return access(path, R_OK) == 0 ? 0 : -1;
    }
    ssize_t len = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (len > 0) { /* <top>/build/<variant>/etlctl -> <top>/tests/lib */
        exe[len] = '\0';
        for (int up = 0; up < 3; up++) {
            char *slash = strrchr(exe, '/');
            if (slash) *slash = '\0';
        }
        pathf(path, sizeof path, "%s/tests/lib/kinesalite.js", exe);
        if (access(path, R_OK) == 0) {
            pathf(scripts, n, "%s/tests/lib", exe);
            pathf(modules, n, "%s/tests/node_modules", exe);
            return 0;
        }
    }
    pathf(scripts, n, "%s/local", ETLCTL_SHAREDIR);
    pathf(modules, n, "%s/local/node_modules", ETLCTL_SHAREDIR);
    pathf(path, sizeof path, "%s/kinesalite.js", scripts);
    return access(path, R_OK) == 0 ? 0 : -1;
}

/* Starts argv in its own session with output to log; returns the pid or -1. */
static pid_t start(char *const argv[], const char *log)
{
    int fd = open(log, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) return -1;
    pid_t pid = fork();
    if (pid == 0) {
        setsid();
        int devnull = open("/dev/null", O_RDONLY);
        dup2(devnull, 0);
        dup2(fd, 1);
        dup2(fd, 2);
        execvp(argv[0], argv);
        fprintf(stderr, "cannot run %s: %s\n", argv[0], strerror(errno));
        _exit(127);
    }
    close(fd);
    return pid;
}

/* The port a service announced: a line "port N" in its log (the peers), or the endpoint's port file. */
static int announced_port(const char *file, int is_log)
{
    buf b = {0};
    int port = 0;
    if (buf_read_file(&b, file) == 0 && b.len) { /* an empty file: nothing announced yet */
        const char *p = is_log ? strstr(b.data, "port ") : b.data;
        if (p && (!is_log || p == b.data || p[-1] == '\n')) port = atoi(is_log ? p + 5 : p);
    }
    buf_free(&b);
    return port;
}

/* Stops the processes pids[0..n) together: SIGTERM to all, up to 12 s for them to exit (the endpoint
 * gives its apps 10 s to checkpoint), then SIGKILL to each and to whatever it started (its session's
 * process group). */
static void stop_pids(const pid_t *pids, size_t n)
{
    for (size_t k = 0; k < n; k++)
        if (pids[k] > 0) kill(pids[k], SIGTERM);
    for (int i = 0; i < 600; i++) {
        int any = 0;
        for (size_t k = 0; k < n; k++) {
            if (pids[k] > 0) waitpid(pids[k], NULL, WNOHANG);
            any |= alive(pids[k]);
        }
        if (!any) break;
        struct timespec ts = {0, 20 * 1000000L};
        nanosleep(&ts, NULL);
    }
    for (size_t k = 0; k < n; k++) {
        if (pids[k] <= 0) continue;
        if (alive(pids[k])) kill(pids[k], SIGKILL);
        kill(-pids[k], SIGKILL);
        waitpid(pids[k], NULL, WNOHANG);
    }
}

int cloud_up(const char *dir, FILE *out, char *err, size_t errlen)
{
    json_object *old = load(dir);
    if (old && running(old)) {
        json_object_put(old);
        return cloud_status(dir, out) == 0 ? 0 : fail(err, errlen, "the local cloud in %s is not healthy", dir);
    }
    json_object_put(old);
    cloud_down(dir, err, errlen); /* leftovers of a cloud that died halfway */
    char sub[PATH_MAX + 32], scripts[PATH_MAX], modules[PATH_MAX], self[PATH_MAX];
    static const char *const dirs[] = {"kinesis", "s3", "cloudformation", "logs"};
    for (size_t i = 0; i < 4; i++) {
        pathf(sub, sizeof sub, "%s/%s", dir, dirs[i]);
        if (mkdirs(sub) != 0) return fail(err, errlen, "cannot create %s: %s", sub, strerror(errno));
    }
    if (find_peers(scripts, modules, sizeof scripts) != 0)
        return fail(err, errlen, "kinesalite.js and s3rver.js not found in %s: run `make deps` in the source tree or "
                                 "`make install`, or set ETLCTL_PEERS", scripts);
    ssize_t len = readlink("/proc/self/exe", self, sizeof self - 1);
    if (len <= 0) return fail(err, errlen, "cannot find the etlctl executable: %s", strerror(errno));
    self[len] = '\0';
    setenv("NODE_PATH", modules, 1);
    const char *node_opts = getenv("NODE_OPTIONS");
    if (!node_opts || !strstr(node_opts, "--openssl-legacy-provider")) setenv("NODE_OPTIONS", "--openssl-legacy-provider", 1);

    char k_js[PATH_MAX + 32], s_js[PATH_MAX + 32], k_path[PATH_MAX + 32], s_path[PATH_MAX + 32], cfn_dir[PATH_MAX + 32];
    char k_log[PATH_MAX + 32], s_log[PATH_MAX + 32], c_log[PATH_MAX + 32], port_file[PATH_MAX + 64];
    pathf(k_js, sizeof k_js, "%s/kinesalite.js", scripts);
    pathf(s_js, sizeof s_js, "%s/s3rver.js", scripts);
    pathf(k_path, sizeof k_path, "%s/kinesis", dir);
    pathf(s_path, sizeof s_path, "%s/s3", dir);
    pathf(cfn_dir, sizeof cfn_dir, "%s/cloudformation", dir);
    pathf(k_log, sizeof k_log, "%s/logs/kinesalite.log", dir);
    pathf(s_log, sizeof s_log, "%s/logs/s3rver.log", dir);
    pathf(c_log, sizeof c_log, "%s/logs/cloudformation.log", dir);
    pathf(port_file, sizeof port_file, "%s/port", cfn_dir);
    unlink(port_file);
    char *k_argv[] = {"node", k_js, "--port", "0", "--path", k_path, NULL};
    char *s_argv[] = {"node", s_js, "--port", "0", "--dir", s_path, NULL};
    pid_t pids[N_SERVICES] = {0};
    int ports[N_SERVICES] = {0};
    pids[2] = start(k_argv, k_log);
    pids[1] = start(s_argv, s_log);
    int rc = 0;
    for (int i = 0; i < 400 && rc == 0 && (!ports[1] || !ports[2]); i++) { /* 20 s */
        if (!ports[2]) ports[2] = announced_port(k_log, 1);
        if (!ports[1]) ports[1] = announced_port(s_log, 1);
        if ((!ports[2] && !alive(pids[2])) || (!ports[1] && !alive(pids[1]))) rc = -1;
        struct timespec ts = {0, 50 * 1000000L};
        if (!ports[1] || !ports[2]) nanosleep(&ts, NULL);
    }
    if (rc == 0 && ports[1] && ports[2]) {
        /* the endpoint reaches the peers through the same variables every AWS client reads */
        char url[64];
        pathf(url, sizeof url, "http://127.0.0.1:%d", ports[1]);
        setenv("AWS_ENDPOINT_URL_S3", url, 1);
        pathf(url, sizeof url, "http://127.0.0.1:%d", ports[2]);
        setenv("AWS_ENDPOINT_URL_KINESIS", url, 1);
        setenv("AWS_ACCESS_KEY_ID", "S3RVER", 1);
        setenv("AWS_SECRET_ACCESS_KEY", "S3RVER", 1);
        unsetenv("AWS_SESSION_TOKEN");
        if (!getenv("AWS_REGION")) setenv("AWS_REGION", getenv("AWS_DEFAULT_REGION") ? getenv("AWS_DEFAULT_REGION") : "us-east-1", 1);
        char *c_argv[] = {self, "local", "serve", "--state", cfn_dir, NULL};
        pids[0] = start(c_argv, c_log);
        for (int i = 0; i < 400 && !ports[0] && alive(pids[0]); i++) {
            ports[0] = announced_port(port_file, 0);
            struct timespec ts = {0, 25 * 1000000L};
            if (!ports[0]) nanosleep(&ts, NULL);
        }
    }
    for (int i = 0; i < N_SERVICES; i++)
        if (!ports[i] || !port_answers(ports[i])) rc = -1;
    json_object *cloud = json_object_new_object();
    for (int i = 0; i < N_SERVICES; i++) {
        json_object *s = json_object_new_object();
        json_object_object_add(s, "port", json_object_new_int(ports[i]));
        json_object_object_add(s, "pid", json_object_new_int(pids[i]));
        json_object_object_add(cloud, services[i], s);
    }
    json_object_object_add(cloud, "region", json_object_new_string(getenv("AWS_REGION") ? getenv("AWS_REGION") : "us-east-1"));
    pathf(sub, sizeof sub, "%s/cloud.json", dir);
    if (json_object_to_file_ext(sub, cloud, JSON_C_TO_STRING_PRETTY) != 0 && rc == 0)
        rc = fail(err, errlen, "cannot write %s", sub);
    json_object_put(cloud);
    if (rc != 0) {
        char why[256];
        pathf(why, sizeof why, "the local cloud did not start; see the logs in %s/logs", dir);
        cloud_down(dir, err, errlen);
        return fail(err, errlen, "%s", why);
    }
    return cloud_status(dir, out) == 0 ? 0 : fail(err, errlen, "the local cloud stopped right after it started");
}

int cloud_down(const char *dir, char *err, size_t errlen)
{
    json_object *cloud = load(dir);
    if (!cloud) return 0;
    pid_t pids[N_SERVICES] = {0};
    for (int i = 0; i < N_SERVICES; i++) {
        int port;
        if (service(cloud, services[i], &port, &pids[i]) != 0 || !alive(pids[i])) pids[i] = 0;
    }
    json_object_put(cloud);
    stop_pids(pids, 1);              /* the endpoint first: its apps checkpoint to S3 as they stop */
    stop_pids(pids + 1, N_SERVICES - 1); /* then both peers at once */
    char path[PATH_MAX + 32];
    pathf(path, sizeof path, "%s/cloud.json", dir);
    if (unlink(path) != 0 && errno != ENOENT) return fail(err, errlen, "cannot remove %s: %s", path, strerror(errno));
    return 0;
}

int cloud_status(const char *dir, FILE *out)
{
    json_object *cloud = load(dir);
    int all = cloud != NULL;
    for (int i = 0; cloud && i < N_SERVICES; i++) {
        int port;
        pid_t pid;
        if (service(cloud, services[i], &port, &pid) != 0 || !alive(pid)) {
            all = 0;
            fprintf(out, "%s not running\n", services[i]);
            continue;
        }
        fprintf(out, "%s http://127.0.0.1:%d pid %d\n", services[i], port, (int)pid);
    }
    if (!cloud) fprintf(out, "the local cloud is not running (state in %s)\n", dir);
    json_object_put(cloud);
    return all ? 0 : 1;
}

int cloud_use(const char *dir, char *err, size_t errlen)
{
    json_object *cloud = load(dir);
    static const char *const vars[] = {"AWS_ENDPOINT_URL_CLOUDFORMATION", "AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL_KINESIS"};
    char sts[64] = "";
    if (!cloud) return fail(err, errlen, "the local cloud is not running (no %s/cloud.json): run `etlctl local up`", dir);
    for (int i = 0; i < N_SERVICES; i++) {
        int port;
        pid_t pid;
        if (service(cloud, services[i], &port, &pid) != 0 || !alive(pid)) {
            json_object_put(cloud);
            return fail(err, errlen, "the local cloud's %s is not running: run `etlctl local up`", services[i]);
        }
        char url[64];
        pathf(url, sizeof url, "http://127.0.0.1:%d", port);
        setenv(vars[i], url, 1);
        if (i == 0) snprintf(sts, sizeof sts, "%s", url);
    }
    setenv("AWS_ENDPOINT_URL_STS", sts, 1); /* the endpoint answers GetCallerIdentity too */
    json_object *region = NULL;
    json_object_object_get_ex(cloud, "region", &region);
    setenv("AWS_REGION", region ? json_object_get_string(region) : "us-east-1", 1); /* the endpoint's ARNs use it */
    json_object_put(cloud);
    setenv("AWS_ACCESS_KEY_ID", "S3RVER", 1); /* s3rver accepts only this key */
    setenv("AWS_SECRET_ACCESS_KEY", "S3RVER", 1);
    unsetenv("AWS_SESSION_TOKEN");
    unsetenv("AWS_PROFILE");
    return 0;
}
