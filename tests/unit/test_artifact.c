/* src/deploy/artifact: the same files give the same bytes; unsafe names and non-regular files are refused;
 * GNU tar and sha256sum (independent tools) agree with what the archive claims to be. */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

#include "base/buf.h"
#include "deploy/artifact.h"

static char dir[256];

static void setup(void)
{
    snprintf(dir, sizeof dir, "%s/artifact.XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    if (!mkdtemp(dir)) abort();
}

static void write_file(const char *name, const char *text, mode_t mode, time_t mtime)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    fputs(text, f);
    fclose(f);
    chmod(path, mode);
    struct timeval tv[2] = {{mtime, 0}, {mtime, 0}};
    utimes(path, tv);
}

static char *path_of(const char *name)
{
    static char paths[8][512];
    static int next;
    char *p = paths[next++ % 8];
    snprintf(p, 512, "%s/%s", dir, name);
    return p;
}

static char *run(const char *cmd)
{
    buf out = {0};
    FILE *p = popen(cmd, "r");
    char line[512];
    while (p && fgets(line, sizeof line, p)) buf_adds(&out, line);
    if (p) pclose(p);
    return buf_detach(&out);
}

TEST(same_files_same_bytes_whatever_their_times)
{
    setup();
    write_file("etl-app", "#!/bin/sh\necho app\n", 0755, 1000);
    write_file("etl-app.service", "[Service]\n", 0600, 2000);
    struct artifact_file files[] = {{"etl-app.service", path_of("etl-app.service")},
                                    {"bin/etl-app", path_of("etl-app")}};
    char h1[65], h2[65];
    buf err = {0};
    CHECK_INT(artifact_write(path_of("a.tar.gz"), files, 2, h1, &err), 0);
    write_file("etl-app", "#!/bin/sh\necho app\n", 0700, 99999);
    write_file("etl-app.service", "[Service]\n", 0644, 12345);
    struct artifact_file reversed[] = {files[1], files[0]};
    CHECK_INT(artifact_write(path_of("b.tar.gz"), reversed, 2, h2, &err), 0);
    CHECK_STR(h1, h2);
    char cmd[1200];
    snprintf(cmd, sizeof cmd, "cmp %s %s && echo same", path_of("a.tar.gz"), path_of("b.tar.gz"));
    char *same = run(cmd);
    CHECK_STR(same, "same\n");
    free(same);

    /* sha256sum, an independent implementation, agrees with the hash we report */
    snprintf(cmd, sizeof cmd, "sha256sum %s | cut -c1-64", path_of("a.tar.gz"));
    char *sum = run(cmd);
    sum[64] = '\0';
    CHECK_STR(sum, h1);
    free(sum);

    /* GNU tar sees sorted members under app/, owned by root, with fixed times and normalized modes */
    snprintf(cmd, sizeof cmd, "tar --numeric-owner --full-time -tvzf %s", path_of("a.tar.gz"));
    char *listing = run(cmd);
    CHECK_STR(listing, "drwxr-xr-x 0/0               0 1970-01-01 00:00:00 app/bin/\n"
                       "-rwxr-xr-x 0/0              19 1970-01-01 00:00:00 app/bin/etl-app\n"
                       "-rw-r--r-- 0/0              10 1970-01-01 00:00:00 app/etl-app.service\n");
    free(listing);

    /* a changed file changes the hash */
    write_file("etl-app", "#!/bin/sh\necho APP\n", 0755, 1000);
    CHECK_INT(artifact_write(path_of("c.tar.gz"), files, 2, h2, &err), 0);
    CHECK(strcmp(h1, h2) != 0);
    buf_free(&err);
}

TEST(unsafe_names_are_refused)
{
    setup();
    write_file("x", "x", 0644, 0);
    const char *bad[] = {"/etc/passwd", "../x", "a/../../x", "./x", "a//x", "a/", "", "a/./x"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct artifact_file f = {bad[i], path_of("x")};
        char h[65];
        buf err = {0};
        if (artifact_write(path_of("bad.tar.gz"), &f, 1, h, &err) != -1)
            test_fail(__FILE__, __LINE__, "accepted name \"%s\"", bad[i]);
        CHECK(strstr(err.data, "not a safe name") != NULL);
        CHECK(access(path_of("bad.tar.gz"), F_OK) != 0);
        buf_free(&err);
    }
    struct artifact_file twice[] = {{"x", path_of("x")}, {"x", path_of("x")}};
    char h[65];
    buf err = {0};
    CHECK_INT(artifact_write(path_of("twice.tar.gz"), twice, 2, h, &err), -1);
    CHECK(strstr(err.data, "packaged twice") != NULL);
    buf_free(&err);
}

TEST(symlinks_and_directories_are_refused)
{
    setup();
    write_file("real", "secret", 0644, 0);
    CHECK_INT(symlink(path_of("real"), path_of("link")), 0);
    struct artifact_file f = {"bin/etl-app", path_of("link")};
    char h[65];
    buf err = {0};
    CHECK_INT(artifact_write(path_of("l.tar.gz"), &f, 1, h, &err), -1);
    CHECK(strstr(err.data, "symbolic link") != NULL);
    buf_reset(&err);
    struct artifact_file d = {"bin/etl-app", dir};
    CHECK_INT(artifact_write(path_of("d.tar.gz"), &d, 1, h, &err), -1);
    CHECK(strstr(err.data, "not a regular file") != NULL);
    buf_reset(&err);
    struct artifact_file missing = {"bin/etl-app", path_of("missing")};
    CHECK_INT(artifact_write(path_of("m.tar.gz"), &missing, 1, h, &err), -1);
    CHECK(strstr(err.data, "No such file") != NULL);
    buf_free(&err);
}
