/* Replay file source (source_file.h). NDJSON comes in large blocks cut at a newline, so lines are
 * never copied one by one; the line numbering is left to the reader of the chunks. A regular file is
 * mapped rather than read (no copy), and the pages behind the reader are given back as it goes, so
 * memory stays at about two blocks; a pipe is read into a buffer. A JSON array is
 * read whole and cut into its elements, each a chunk on the line where it starts; text that breaks the
 * array's structure becomes one more element, so it is reported (bad_json) rather than lost. An array
 * cut off before its ']' ends in one bad_json element: the last one, not closed by ',' or ']' (even when
 * its text is a whole reading, as it may be cut at a '}' inside), or an empty one after "[" or ",". */
#include "source_file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define BLOCK (8u << 20)

typedef struct source_file {
    source base;
    char *path;
    int fd;
    buf data;
    buf spare;    /* holds the previous chunk while data is refilled (chunks live for two calls) */
    size_t start; /* NDJSON: the unread part is data[start..len); array: the scan position */
    int eof;
    int mode;                             /* 0 unknown, 1 NDJSON, 2 array, 3 array done */
    uint64_t line;                        /* array: the line of data[start] */
    int after_comma;                      /* array: a ',' was read, so an element must follow */
    const char *map;                      /* a mapped regular file (NDJSON), else NULL */
    size_t map_len, map_at, map_released; /* its size, the unread offset, the start of the kept pages */
    size_t map_last; /* where the last chunk handed out starts: kept, as chunks live for two calls */
} source_file;

static int fill(source_file *f, buf *err)
{
    buf_reserve(&f->data, BLOCK);
    for (;;) {
        ssize_t r = read(f->fd, f->data.data + f->data.len, f->data.cap - f->data.len - 1);
        if (r < 0 && errno == EINTR) continue;
        if (r < 0) {
            buf_printf(err, "%s: %s", f->path, strerror(errno));
            return -1;
        }
        if (r == 0) f->eof = 1;
        f->data.len += (size_t)r;
        f->data.data[f->data.len] = '\0';
        return 0;
    }
}

static int is_ws(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static int next_mapped(source_file *f, source_chunk *out)
{
    size_t page = (size_t)sysconf(_SC_PAGESIZE), done = f->map_last / page * page;
    if (done > f->map_released) { /* chunks before the last one are done with: their pages can go */
        madvise((void *)(f->map + f->map_released), done - f->map_released, MADV_DONTNEED);
        f->map_released = done;
    }
    if (f->map_at >= f->map_len) return 0;
    size_t take = f->map_len - f->map_at;
    if (take > BLOCK) {
        const char *nl = memrchr(f->map + f->map_at, '\n', BLOCK);
        if (!nl) nl = memchr(f->map + f->map_at + BLOCK, '\n', take - BLOCK);
        if (nl) take = (size_t)(nl - (f->map + f->map_at)) + 1;
    }
#ifdef MADV_POPULATE_READ
    /* map the chunk's pages in one call rather than one fault at a time */
    size_t from = f->map_at / page * page;
    madvise((void *)(f->map + from), f->map_at + take - from, MADV_POPULATE_READ);
#endif
    out->data = f->map + f->map_at;
    out->len = take;
    f->map_last = f->map_at;
    f->map_at += take;
    return 1;
}

static int next_ndjson(source_file *f, source_chunk *out, buf *err)
{
    if (f->map) return next_mapped(f, out);
    if (f->start) { /* the unfinished line moves to the other buffer; the last chunk stays where it is */
        buf_reset(&f->spare);
        buf_add(&f->spare, f->data.data + f->start, f->data.len - f->start);
        buf t = f->data;
        f->data = f->spare;
        f->spare = t;
        f->start = 0;
    }
    for (;;) {
        while (!f->eof && f->data.len < BLOCK)
            if (fill(f, err)) return -1;
        if (f->data.len == 0) return 0;
        const char *nl = memrchr(f->data.data, '\n', f->data.len);
        size_t take = nl ? (size_t)(nl - f->data.data) + 1 : f->eof ? f->data.len : 0;
        if (take) {
            out->data = f->data.data;
            out->len = take;
            f->start = take;
            return 1;
        }
        if (fill(f, err)) return -1; /* one line longer than a block */
    }
}

/* The end of the array element starting at data[at]: the ',' or ']' that closes it, or the end. */
static size_t element_end(const buf *d, size_t at)
{
    int depth = 0, in_string = 0;
    for (; at < d->len; at++) {
        char c = d->data[at];
        if (in_string) {
            if (c == '\\')
                at++;
            else if (c == '"')
                in_string = 0;
        } else if (c == '"') {
            in_string = 1;
        } else if (c == '{' || c == '[') {
            depth++;
        } else if (c == '}' || c == ']') {
            if (depth == 0) return at;
            depth--;
        } else if (c == ',' && depth == 0) {
            return at;
        }
    }
    return d->len;
}

static void advance_to(source_file *f, size_t to)
{
    for (; f->start < to && f->start < f->data.len; f->start++)
        if (f->data.data[f->start] == '\n') f->line++;
}

static void skip_ws(source_file *f)
{
    size_t at = f->start;
    while (at < f->data.len && is_ws(f->data.data[at])) at++;
    advance_to(f, at);
}

static int next_element(source_file *f, source_chunk *out)
{
    const buf *d = &f->data;
    if (f->mode == 3) return 0;
    skip_ws(f);
    out->first_line = f->line;
    size_t s = f->start;
    if (f->after_comma && s < d->len && d->data[s] == ']') { /* "[1,]": an empty element, bad_json */
        f->after_comma = 0;
        out->data = d->data + s;
        out->len = 0;
        return 1;
    }
    if (s >= d->len) { /* "[" or "[1," cut short: the missing rest is one empty element, bad_json */
        f->mode = 3;
        out->data = d->data + s;
        out->len = 0;
        out->cut_off = 1;
        return 1;
    }
    if (d->data[s] == ']') {   /* the end: only whitespace may follow */
        advance_to(f, s + 1);
        skip_ws(f);
        f->mode = 3;
        out->first_line = f->line;
        out->data = d->data + f->start;
        out->len = d->len - f->start;
        return out->len > 0;
    }
    size_t e = element_end(d, s);
    out->data = d->data + s;
    size_t end = e;
    while (end > s && is_ws(d->data[end - 1])) end--;
    out->len = end - s;
    advance_to(f, e);
    if (e < d->len && d->data[e] == ',') {
        advance_to(f, e + 1);
        f->after_comma = 1;
    } else {
        f->after_comma = 0;
    }
    if (e >= d->len) { /* "[{...}" or "[{"a": 1": the array ends inside or right after this element */
        out->cut_off = 1;
        f->mode = 3;
    }
    return 1;
}

static int file_next(source *s, source_chunk *out, buf *err)
{
    source_file *f = (source_file *)s;
    memset(out, 0, sizeof *out);
    out->source = "replay";
    if (f->mode == 0) {
        /* the first text that is not whitespace tells the format; a pipe may deliver whitespace alone */
        /* one UTF-8 byte order mark at the start is skipped, also when a pipe brings it in pieces */
        static const char bom[] = "\xEF\xBB\xBF";
        size_t at = 0, skip = 0;
        for (;;) {
            if (fill(f, err)) return -1;
            if (!f->eof && f->data.len < 3 && memcmp(f->data.data, bom, f->data.len) == 0) continue;
            if (!skip && f->data.len >= 3 && memcmp(f->data.data, bom, 3) == 0) at = skip = 3;
            while (at < f->data.len && is_ws(f->data.data[at])) at++;
            if (at < f->data.len || f->eof) break;
        }
        f->mode = at < f->data.len && f->data.data[at] == '[' ? 2 : 1;
        struct stat st;
        if (f->mode == 1 && fstat(f->fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0 &&
            lseek(f->fd, 0, SEEK_CUR) == (off_t)f->data.len) { /* read from the start: map from 0 */
            void *m = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, f->fd, 0);
            if (m != MAP_FAILED) {
                madvise(m, (size_t)st.st_size, MADV_SEQUENTIAL);
                f->map = m;
                f->map_len = (size_t)st.st_size;
                f->map_at = skip;
                buf_free(&f->data);
            }
        }
        if (f->mode == 1 && !f->map) f->start = skip; /* the unread part starts after the mark */
        if (f->mode == 2) {
            while (!f->eof)
                if (fill(f, err)) return -1;
            f->line = 1;
            advance_to(f, at + 1);
        }
    }
    if (f->mode == 1) return next_ndjson(f, out, err);
    out->single = 1;
    return next_element(f, out);
}

static void file_destroy(source *s)
{
    source_file *f = (source_file *)s;
    if (f->map) munmap((void *)f->map, f->map_len);
    if (f->fd > 0) close(f->fd);
    buf_free(&f->data);
    buf_free(&f->spare);
    free(f->path);
    free(f);
}

source *source_file_open(const char *path, buf *err)
{
    int fd = strcmp(path, "-") == 0 ? 0 : open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        buf_printf(err, "%s: %s", path, strerror(errno));
        return NULL;
    }
    source_file *f = calloc(1, sizeof *f);
    if (!f) abort();
    f->base.next = file_next;
    f->base.destroy = file_destroy;
    f->fd = fd;
    f->path = strdup(strcmp(path, "-") == 0 ? "stdin" : path);
    return &f->base;
}
