/* mkdirs.h: mkdir -p, one component at a time from the root (or the current directory) down, an
 * existing component being fine. */
#include "base/mkdirs.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/buf.h"

int mkdirs_parents(char *path)
{
    for (char *p = strchr(path + 1, '/'); p; p = strchr(p + 1, '/')) {
        *p = '\0';
        int rc = mkdir(path, 0777);
        *p = '/';
        if (rc && errno != EEXIST) return -1;
    }
    return 0;
}

int mkdirs(const char *dir)
{
    buf b = {0};
    buf_printf(&b, "%s/", dir);
    int rc = mkdirs_parents(b.data);
    int saved = errno;
    buf_free(&b);
    errno = saved;
    return rc;
}
