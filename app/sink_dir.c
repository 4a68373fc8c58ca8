/* Directory sink (sink_dir.h). An object is written to a temporary file next to its place and renamed
 * over it, so a reader never sees half an object and writing a key again replaces it. */
#include "sink_dir.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/mkdirs.h"

typedef struct sink_dir {
    sink base;
    char *dir;
} sink_dir;

static int write_all(int fd, const char *p, size_t n)
{
    while (n) {
        ssize_t w = write(fd, p, n);
        if (w < 0) {
            if (errno == EINTR) continue;
            return -1;
        }
        p += w, n -= (size_t)w;
    }
    return 0;
}

static int dir_put(sink *s, const char *key, const void *data, size_t n, buf *err)
{
    sink_dir *d = (sink_dir *)s;
    if (key[0] == '/' || strstr(key, "..")) {
        buf_printf(err, "%s: refusing a key outside the output directory", key);
        return -1;
    }
    buf path = {0}, tmp = {0};
    buf_printf(&path, "%s/%s", d->dir, key);
    buf_printf(&tmp, "%s.tmp-%ld", path.data, (long)getpid());
    int rc = -1, fd = -1;
    if (mkdirs_parents(path.data) == 0 &&
        (fd = open(tmp.data, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666)) >= 0 &&
        write_all(fd, data, n) == 0) {
        int closed = close(fd);
        fd = -1; /* gone even when close fails: closing it again could hit a descriptor reused meanwhile */
        if (closed == 0) rc = rename(tmp.data, path.data);
    }
    if (rc) {
        buf_printf(err, "%s: %s", path.data, strerror(errno));
        if (fd >= 0) close(fd);
        unlink(tmp.data);
    }
    buf_free(&path);
    buf_free(&tmp);
    return rc;
}

static void dir_destroy(sink *s)
{
    sink_dir *d = (sink_dir *)s;
    free(d->dir);
    free(d);
}

sink *sink_dir_new(const char *dir, buf *err)
{
    int rc = mkdirs(dir);
    struct stat st;
    if (rc || stat(dir, &st)) {
        buf_printf(err, "%s: %s", dir, strerror(errno));
        return NULL;
    }
    if (!S_ISDIR(st.st_mode)) {
        buf_printf(err, "%s: not a directory", dir);
        return NULL;
    }
    sink_dir *d = calloc(1, sizeof *d);
    if (!d) abort();
    d->base.put = dir_put;
    d->base.destroy = dir_destroy;
    d->dir = strdup(dir);
    return &d->base;
}
