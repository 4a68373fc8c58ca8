/* For the static etl-app only (Makefile: etl-app-static): Debian 12's libexpat.a calls arc4random_buf,
 * which glibc has only since 2.36, while Amazon Linux 2023 has glibc 2.34. These definitions, from the
 * kernel's getrandom(2) (glibc 2.25), take the place of glibc's, so the binary needs nothing newer. */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/random.h>

void arc4random_buf(void *p, size_t n);
uint32_t arc4random(void);
uint32_t arc4random_uniform(uint32_t bound);

void arc4random_buf(void *p, size_t n)
{
    unsigned char *out = p;
    while (n) {
        ssize_t got = getrandom(out, n, 0);
        if (got < 0) {
            if (errno == EINTR) continue;
            abort(); /* no entropy at all: nothing safe to return */
        }
        out += got, n -= (size_t)got;
    }
}

uint32_t arc4random(void)
{
    uint32_t v;
    arc4random_buf(&v, sizeof v);
    return v;
}

/* Uniform in [0, bound) by rejection, without modulo bias. */
uint32_t arc4random_uniform(uint32_t bound)
{
    if (bound < 2) return 0;
    uint32_t min = -bound % bound, v;
    do v = arc4random();
    while (v < min);
    return v % bound;
}
