/* src/local/instance.c against s3rver: the artifact the deploy packages (artifact_write: app/bin/etl-app
 * and its unit) is fetched, checked against its SHA-256 and its etl-app unpacked, executable; a wrong
 * hash, a missing object and an archive without etl-app are refused with their reason. */
#include "harness.h"

#include <sys/stat.h>

#include "aws/s3_bucket.h"
#include "aws/s3_object.h"
#include "aws_test_peers.h"
#include "deploy/artifact.h"
#include "local/instance.h"

static aws_client *client;
static pid_t peer;

static void setup(void)
{
    if (client) return;
    aws_test_env();
    int port;
    char dir[512], url[64];
    snprintf(dir, sizeof dir, "%s/s3", test_tmp());
    mkdir(dir, 0755);
    peer = start_s3rver(&port, dir);
    CHECK(peer > 0);
    snprintf(url, sizeof url, "http://127.0.0.1:%d", port);
    aws_options o = {.endpoint_url = url};
    aws_error *e = aws_client_new(&o, &client);
    CHECK(e == NULL);
    aws_error_free(e);
    e = s3_create_bucket(client, "art", NULL);
    CHECK(e == NULL);
    aws_error_free(e);
}

/* Packs files with the deploy's packer and uploads the archive as key; its hash goes to sha. */
static void upload(const char *key, const struct artifact_file *files, size_t n, char sha[65])
{
    char path[600];
    snprintf(path, sizeof path, "%s/%s", test_tmp(), key);
    buf err = {0};
    CHECK_INT(artifact_write(path, files, n, sha, &err), 0);
    buf_free(&err);
    aws_error *e = s3_put_object_file(client, "art", key, path, NULL, NULL);
    CHECK(e == NULL);
    aws_error_free(e);
}

TEST(the_deploys_artifact_installs_its_etl_app)
{
    setup();
    char script[600], sha[65], bin[700], err[800], dir[600];
    snprintf(script, sizeof script, "%s/prog", test_tmp());
    FILE *f = fopen(script, "w");
    fputs("#!/bin/sh\necho local instance\n", f);
    fclose(f);
    chmod(script, 0755);
    struct artifact_file files[] = {{"bin/etl-app", script}, {"etl-app.service", "app/systemd/etl-app.service"}};
    upload("app.tar.gz", files, 2, sha);
    snprintf(dir, sizeof dir, "%s/inst", test_tmp());
    mkdir(dir, 0755);
    CHECK_INT(instance_install(client, "art", "app.tar.gz", sha, dir, bin, sizeof bin, err, sizeof err), 0);
    struct stat st;
    CHECK_INT(stat(bin, &st), 0);
    CHECK(st.st_mode & S_IXUSR);
    int status;
    char *out = sh_capture(&status, "%s", bin);
    CHECK_STR(out, "local instance\n");
    free(out);

    char wrong[65];
    memset(wrong, '0', 64);
    wrong[64] = '\0';
    CHECK_INT(instance_install(client, "art", "app.tar.gz", wrong, dir, bin, sizeof bin, err, sizeof err), -1);
    CHECK(strstr(err, "has SHA-256") && strstr(err, sha));
    CHECK_INT(instance_install(client, "art", "nope.tar.gz", sha, dir, bin, sizeof bin, err, sizeof err), -1);
    CHECK(strstr(err, "artifact s3://art/nope.tar.gz") && strstr(err, "NoSuchKey"));

    struct artifact_file unit_only[] = {{"etl-app.service", "app/systemd/etl-app.service"}};
    upload("no-app.tar.gz", unit_only, 1, sha);
    CHECK_INT(instance_install(client, "art", "no-app.tar.gz", sha, dir, bin, sizeof bin, err, sizeof err), -1);
    CHECK(strstr(err, "holds no file named etl-app") != NULL);
    aws_client_free(client);
    peer_kill(peer);
}
