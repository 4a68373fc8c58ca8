/* Deterministic tar.gz packaging of the app (artifact.h): ustar members under app/, sorted, with fixed
 * metadata, gzip without a timestamp, and the SHA-256 of the result. */
#include "deploy/artifact.h"

#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The time every member carries: what matters is that it is fixed, not which it is. */
enum { ARTIFACT_MTIME = 0 };

static int name_is_safe(const char *name)
{
    if (!*name || name[0] == '/') return 0;
    for (const char *p = name; *p;) {
        const char *slash = strchr(p, '/');
        size_t len = slash ? (size_t)(slash - p) : strlen(p);
        if (len == 0 || (len == 1 && p[0] == '.') || (len == 2 && p[0] == '.' && p[1] == '.')) return 0;
        if (!slash) break;
        p = slash + 1;
        if (!*p) return 0; /* a trailing slash names a directory, not a file */
    }
    return 1;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(((const struct artifact_file *)a)->name, ((const struct artifact_file *)b)->name);
}

static void entry_defaults(struct archive_entry *e)
{
    archive_entry_set_uid(e, 0);
    archive_entry_set_gid(e, 0);
    archive_entry_set_uname(e, "root");
    archive_entry_set_gname(e, "root");
    archive_entry_set_mtime(e, ARTIFACT_MTIME, 0);
}

/* Adds the directory entries above name that an earlier member has not added yet (sorted input makes
 * "not yet added" the same as "not a prefix of prev"). */
static int add_parent_dirs(struct archive *a, const char *name, const char *prev)
{
    for (const char *s = strchr(name, '/'); s; s = strchr(s + 1, '/')) {
        size_t len = (size_t)(s - name) + 1;
        if (prev && strncmp(prev, name, len) == 0) continue;
        char dir[4096];
        if (snprintf(dir, sizeof dir, ARTIFACT_ROOT "%.*s", (int)len, name) >= (int)sizeof dir) return -1;
        struct archive_entry *e = archive_entry_new();
        archive_entry_set_pathname(e, dir);
        archive_entry_set_filetype(e, AE_IFDIR);
        archive_entry_set_perm(e, 0755);
        entry_defaults(e);
        int rc = archive_write_header(a, e);
        archive_entry_free(e);
        if (rc != ARCHIVE_OK) return -1;
    }
    return 0;
}

static int add_file(struct archive *a, const struct artifact_file *f, buf *err)
{
    int fd = open(f->source, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        buf_printf(err, "%s: %s", f->source,
                   fd < 0 && errno == ELOOP ? "is a symbolic link; only regular files are packaged"
                   : fd < 0                 ? strerror(errno)
                                            : "not a regular file");
        if (fd >= 0) close(fd);
        return -1;
    }
    struct archive_entry *e = archive_entry_new();
    char path[4096];
    snprintf(path, sizeof path, ARTIFACT_ROOT "%s", f->name);
    archive_entry_set_pathname(e, path);
    archive_entry_set_filetype(e, AE_IFREG);
    archive_entry_set_perm(e, (st.st_mode & S_IXUSR) ? 0755 : 0644);
    archive_entry_set_size(e, st.st_size);
    entry_defaults(e);
    int rc = archive_write_header(a, e) == ARCHIVE_OK ? 0 : -1;
    archive_entry_free(e);
    char chunk[65536];
    off_t left = st.st_size;
    while (rc == 0 && left > 0) {
        ssize_t n = read(fd, chunk, sizeof chunk);
        if (n <= 0 || archive_write_data(a, chunk, (size_t)n) != n) rc = -1;
        else left -= n;
    }
    if (rc != 0) buf_printf(err, "%s: %s", f->source, left > 0 ? "changed or unreadable while packaging"
                                                                 : archive_error_string(a));
    close(fd);
    return rc;
}

int artifact_write(const char *out_path, const struct artifact_file *files, size_t n, char sha256_hex[65],
                   buf *err)
{
    struct artifact_file *sorted = calloc(n ? n : 1, sizeof *sorted);
    if (!sorted) abort();
    memcpy(sorted, files, n * sizeof *sorted);
    qsort(sorted, n, sizeof *sorted, by_name);
    int rc = 0;
    for (size_t i = 0; i < n && rc == 0; i++) {
        if (strlen(sorted[i].name) > 200 || !name_is_safe(sorted[i].name)) {
            buf_printf(err, "'%s': not a safe name inside %s", sorted[i].name, ARTIFACT_ROOT);
            rc = -1;
        } else if (i > 0 && strcmp(sorted[i].name, sorted[i - 1].name) == 0) {
            buf_printf(err, "'%s': packaged twice", sorted[i].name);
            rc = -1;
        }
    }
    struct archive *a = archive_write_new();
    if (rc == 0 && (archive_write_set_format_ustar(a) != ARCHIVE_OK ||
                    archive_write_add_filter_gzip(a) != ARCHIVE_OK ||
                    archive_write_set_filter_option(a, "gzip", "timestamp", NULL) != ARCHIVE_OK ||
                    archive_write_set_bytes_in_last_block(a, 1) != ARCHIVE_OK ||
                    archive_write_open_filename(a, out_path) != ARCHIVE_OK)) {
        buf_printf(err, "%s: %s", out_path, archive_error_string(a));
        rc = -1;
    }
    for (size_t i = 0; i < n && rc == 0; i++) {
        if (add_parent_dirs(a, sorted[i].name, i ? sorted[i - 1].name : NULL) != 0) {
            buf_printf(err, "%s: %s", out_path, archive_error_string(a));
            rc = -1;
        } else {
            rc = add_file(a, &sorted[i], err);
        }
    }
    if (archive_write_close(a) != ARCHIVE_OK && rc == 0) {
        buf_printf(err, "%s: %s", out_path, archive_error_string(a));
        rc = -1;
    }
    archive_write_free(a);
    free(sorted);
    if (rc == 0) rc = artifact_sha256_file(out_path, sha256_hex, err);
    if (rc != 0) unlink(out_path);
    return rc;
}

int artifact_sha256_file(const char *path, char sha256_hex[65], buf *err)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        buf_printf(err, "%s: %s", path, strerror(errno));
        return -1;
    }
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    EVP_DigestInit_ex(ctx, EVP_sha256(), NULL);
    unsigned char chunk[65536], md[32];
    size_t got;
    while ((got = fread(chunk, 1, sizeof chunk, f)) > 0) EVP_DigestUpdate(ctx, chunk, got);
    int bad = ferror(f);
    fclose(f);
    EVP_DigestFinal_ex(ctx, md, NULL);
    EVP_MD_CTX_free(ctx);
    if (bad) {
        buf_printf(err, "%s: read error", path);
        return -1;
    }
    for (int i = 0; i < 32; i++) snprintf(sha256_hex + 2 * i, 3, "%02x", md[i]);
    return 0;
}
