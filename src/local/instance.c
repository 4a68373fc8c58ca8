/* Installing the app of a local instance from its artifact: download (s3_get_object_file), SHA-256
 * check (the deploy's own artifact_sha256_file), and extraction of the one executable with libarchive,
 * refusing anything but a regular file. */
#include "local/instance.h"

#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "aws/s3_object.h"
#include "deploy/artifact.h"

static int unpack(const char *tgz, const char *dest, char *err, size_t errlen)
{
    struct archive *a = archive_read_new();
    archive_read_support_filter_gzip(a);
    archive_read_support_format_tar(a);
    int rc = -1, found = 0;
    if (archive_read_open_filename(a, tgz, 65536) != ARCHIVE_OK) {
        snprintf(err, errlen, "%s: %s", tgz, archive_error_string(a));
        archive_read_free(a);
        return -1;
    }
    struct archive_entry *e;
    int r;
    while (!found && (r = archive_read_next_header(a, &e)) == ARCHIVE_OK) {
        const char *name = archive_entry_pathname(e), *slash = strrchr(name, '/');
        if (strcmp(slash ? slash + 1 : name, "etl-app") != 0 || archive_entry_filetype(e) != AE_IFREG) continue;
        found = 1;
        char tmp[4200];
        snprintf(tmp, sizeof tmp, "%s.tmp", dest);
        int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0755);
        if (fd < 0) {
            snprintf(err, errlen, "%s: %s", tmp, strerror(errno));
            break;
        }
        int ok = archive_read_data_into_fd(a, fd) == ARCHIVE_OK;
        if (close(fd) != 0) ok = 0;
        if (!ok) snprintf(err, errlen, "%s: cannot extract etl-app: %s", tgz, archive_error_string(a));
        else if (rename(tmp, dest) != 0) snprintf(err, errlen, "%s: %s", dest, strerror(errno));
        else rc = 0;
        if (rc != 0) unlink(tmp);
    }
    if (!found) snprintf(err, errlen, "%s holds no file named etl-app", tgz);
    archive_read_free(a);
    return rc;
}

int instance_install(aws_client *cl, const char *bucket, const char *key, const char *sha256, const char *dir, char *bin,
                     size_t binlen, char *err, size_t errlen)
{
    char tgz[4200], bindir[4200];
    snprintf(tgz, sizeof tgz, "%s/artifact.tar.gz", dir);
    snprintf(bindir, sizeof bindir, "%s/bin", dir);
    if (mkdir(bindir, 0755) != 0 && errno != EEXIST) {
        snprintf(err, errlen, "%s: %s", bindir, strerror(errno));
        return -1;
    }
    aws_error *e = s3_get_object_file(cl, bucket, key, tgz, NULL);
    if (e) {
        char line[600];
        aws_error_format(e, line, sizeof line);
        aws_error_free(e);
        snprintf(err, errlen, "artifact s3://%s/%s: %s", bucket, key, line);
        return -1;
    }
    char got[65];
    buf why = {0};
    if (artifact_sha256_file(tgz, got, &why) != 0) {
        snprintf(err, errlen, "%s", why.data ? why.data : "cannot hash the artifact");
        buf_free(&why);
        return -1;
    }
    buf_free(&why);
    if (!sha256 || strcasecmp(got, sha256) != 0) {
        snprintf(err, errlen, "artifact s3://%s/%s has SHA-256 %s, expected %s", bucket, key, got, sha256 ? sha256 : "(none)");
        return -1;
    }
    snprintf(bin, binlen, "%s/etl-app", bindir);
    return unpack(tgz, bin, err, errlen);
}
