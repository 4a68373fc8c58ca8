/* Finding and packing the app for deploy (package.h). */
#include "deploy/package.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "deploy/artifact.h"

static int is_file(const char *p)
{
    struct stat sb;
    return stat(p, &sb) == 0 && S_ISREG(sb.st_mode);
}

/* The directory of the running etlctl into dir ("" when unknown). */
static void exe_dir(char *dir, size_t n)
{
    char exe[PATH_MAX];
    ssize_t len = readlink("/proc/self/exe", exe, sizeof exe - 1);
    dir[0] = 0;
    if (len <= 0) return;
    exe[len] = 0;
    char *slash = strrchr(exe, '/');
    if (slash) *slash = 0;
    snprintf(dir, n, "%s", exe);
}

/* The first candidate that is a regular file, copied to out; 0 or -1. */
static int first_file(const char *const *cands, size_t ncands, char *out, size_t n)
{
    for (size_t i = 0; i < ncands; i++)
        if (cands[i] && cands[i][0] && is_file(cands[i])) {
            snprintf(out, n, "%s", cands[i]);
            return 0;
        }
    return -1;
}

int package_locate(const char *app_opt, char *app, char *unit, size_t n, buf *err)
{
    char dir[PATH_MAX], beside_static[PATH_MAX + 16], beside[PATH_MAX + 16], shared[PATH_MAX + 32],
        tree_unit[PATH_MAX + 48], share_unit[PATH_MAX + 48];
    exe_dir(dir, sizeof dir);
    snprintf(beside_static, sizeof beside_static, "%s/etl-app-static", dir);
    snprintf(beside, sizeof beside, "%s/etl-app", dir);
    snprintf(shared, sizeof shared, "%s/../share/etlctl/etl-app", dir);
    if (app_opt && !is_file(app_opt)) {
        buf_printf(err, "--app %s: not a file", app_opt);
        return -1;
    }
    const char *apps[] = {app_opt, getenv("ETLCTL_APP"), beside_static, beside, shared, ETLCTL_SHAREDIR "/etl-app"};
    if (first_file(apps, sizeof apps / sizeof apps[0], app, n) != 0) {
        buf_printf(err, "no built etl-app: looked for %s and %s; run `make` or pass --app PATH", beside, shared);
        return -1;
    }
    snprintf(tree_unit, sizeof tree_unit, "%s/../../app/systemd/etl-app.service", dir); /* build/<variant>/etlctl */
    snprintf(share_unit, sizeof share_unit, "%s/../share/etlctl/etl-app.service", dir);
    const char *units[] = {tree_unit, share_unit, ETLCTL_SHAREDIR "/etl-app.service"};
    if (first_file(units, sizeof units / sizeof units[0], unit, n) != 0) {
        buf_printf(err, "no etl-app.service: looked for %s and %s", tree_unit, share_unit);
        return -1;
    }
    return 0;
}

int package_build(const char *app, const char *unit, char *path, char sha256_hex[65], buf *err)
{
    const char *tmp = getenv("TMPDIR");
    snprintf(path, 4096, "%s/etlctl-artifact-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    int fd = mkstemp(path);
    if (fd < 0) {
        buf_printf(err, "%s: cannot create a temporary file", path);
        return -1;
    }
    close(fd);
    const struct artifact_file files[] = {{"bin/etl-app", app}, {"etl-app.service", unit}};
    if (artifact_write(path, files, 2, sha256_hex, err) != 0) {
        unlink(path);
        return -1;
    }
    return 0;
}

void package_key(const char *sha256_hex, char *key, size_t n)
{
    snprintf(key, n, "etl-app/%s.tar.gz", sha256_hex);
}
