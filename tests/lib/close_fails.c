/* LD_PRELOAD fault injection for tests: close() of a file whose name contains CLOSE_FAILS_MATCH
 * closes it but reports EIO, as NFS may on a late write error; closing such a descriptor a second
 * time while it is still closed (the caller trusted it to be open) aborts with a message. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int failed_fd = -1;

int close(int fd)
{
    static int (*real_close)(int);
    if (!real_close) real_close = (int (*)(int))dlsym(RTLD_NEXT, "close");
    if (fd == failed_fd) {
        failed_fd = -1;
        if (fcntl(fd, F_GETFD) == -1 && errno == EBADF) {
            fprintf(stderr, "close_fails: descriptor %d closed again after its close failed\n", fd);
            abort();
        }
    }
    const char *match = getenv("CLOSE_FAILS_MATCH");
    char link[64], name[4096];
    snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    ssize_t n = match ? readlink(link, name, sizeof name - 1) : -1;
    int rc = real_close(fd);
    if (n > 0 && rc == 0) {
        name[n] = '\0';
        if (strstr(name, match)) {
            failed_fd = fd;
            errno = EIO;
            return -1;
        }
    }
    return rc;
}
