/* A growable byte buffer, always NUL-terminated so its bytes can be used as a C string.
 * Invariant: len < cap whenever data != NULL, and data[len] == '\0'. A zeroed struct is an empty buffer.
 * Allocation failure aborts the process (there is nothing sensible to do without memory). */
#ifndef ETL_BASE_BUF_H
#define ETL_BASE_BUF_H

#include <stdarg.h>
#include <stddef.h>

typedef struct buf {
    char *data;
    size_t len;
    size_t cap;
} buf;

void buf_reserve(buf *b, size_t extra);
void buf_add(buf *b, const void *p, size_t n);
void buf_adds(buf *b, const char *s);
void buf_addc(buf *b, char c);
void buf_printf(buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_vprintf(buf *b, const char *fmt, va_list ap);
void buf_reset(buf *b);                 /* len = 0, keeps the memory */
char *buf_detach(buf *b);               /* caller owns the returned string (never NULL); b is empty */
void buf_free(buf *b);
int buf_read_file(buf *b, const char *path); /* appends the file; 0, or -1 with errno set */

#endif
