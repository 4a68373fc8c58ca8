/* Ingest (ingest.h). Parsing is the costly step and needs nothing shared, so a large chunk is cut in two
 * at a newline and each half parsed on its own thread into an array of outcomes; the core then takes
 * them in order, which keeps lateness and every output the same as with one thread. */
#include "ingest.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define PARALLEL_MIN (1u << 20) /* smaller chunks are not worth a thread */

void ingest_init(ingest *g, core *c, const reading_rules *rules, int threads)
{
    memset(g, 0, sizeof *g);
    g->core = c;
    g->threads = threads > 1 ? 2 : 1;
    g->parts[0].parser.rules = *rules;
    g->parts[1].parser.rules = *rules;
    g->next_line = 1;
}

static int is_blank(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r') return 0;
    return 1;
}

static ingest_item *part_push(ingest_part *p, const char *text, size_t len, uint64_t line)
{
    if (p->n == p->cap) {
        p->cap = p->cap ? p->cap * 2 : 4096;
        p->items = realloc(p->items, p->cap * sizeof *p->items);
        if (!p->items) abort();
    }
    ingest_item *it = &p->items[p->n++];
    it->text = text;
    it->len = len;
    it->line = line;
    return it;
}

/* Cuts the part into lines and parses each; a trailing "\r" belongs to the line ending. The fast path
 * finds the end of the lines it takes; only the others need a search for their newline. */
static void *part_parse(void *arg)
{
    ingest_part *p = arg;
    const char *s = p->data, *end = p->data + p->len;
    uint64_t line = 0;
    p->n = 0;
    while (s < end) {
        reading r;
        const char *e;
        if (reading_parse_line(&p->parser, s, end, &r, &e)) {
            size_t len = (size_t)(e - s);
            if (s[len - 1] == '\r') len--;
            ingest_item *it = part_push(p, s, len, line);
            it->r = r;
            it->status = READING_OK;
        } else {
            const char *nl = memchr(s, '\n', (size_t)(end - s));
            e = nl ? nl : end;
            size_t len = (size_t)(e - s);
            if (len && s[len - 1] == '\r') len--;
            if (!is_blank(s, len)) {
                ingest_item *it = part_push(p, s, len, line);
                it->status = reading_parse(&p->parser, s, len, &it->r);
            }
        }
        if (e == end) break;
        line++;
        s = e + 1;
    }
    p->lines = line;
    return NULL;
}

static void hand_over(ingest *g, const ingest_part *p, size_t src, const source_chunk *chunk, uint64_t first_line)
{
    core *c = g->core;
    for (size_t i = 0; i < p->n; i++) {
        const ingest_item *it = &p->items[i];
        core_position pos = {chunk->position, first_line + it->line};
        if (it->status == READING_OK) core_reading(c, src, pos, &it->r, it->text, it->len);
        else core_error(c, src, pos, it->status, it->text, it->len);
    }
}

int ingest_chunk(ingest *g, const source_chunk *chunk, buf *err)
{
    core *c = g->core;
    size_t src = watermarks_source(&c->marks, chunk->source, -1);
    uint64_t first = chunk->first_line ? chunk->first_line : g->next_line;
    if (chunk->single) {
        ingest_part *p = &g->parts[0];
        p->n = 0;
        ingest_item *it = part_push(p, chunk->data, chunk->len, 0);
        it->status = reading_parse(&p->parser, chunk->data, chunk->len, &it->r);
        hand_over(g, p, src, chunk, first);
        return core_advance(c, err);
    }
    ingest_part *a = &g->parts[0], *b = &g->parts[1];
    a->data = chunk->data;
    a->len = chunk->len;
    b->len = 0;
    if (g->threads > 1 && chunk->len >= PARALLEL_MIN) {
        const char *mid = memchr(chunk->data + chunk->len / 2, '\n', chunk->len - chunk->len / 2);
        if (mid) {
            a->len = (size_t)(mid + 1 - chunk->data);
            b->data = mid + 1;
            b->len = chunk->len - a->len;
        }
    }
    pthread_t worker;
    int spawned = b->len > 0 && pthread_create(&worker, NULL, part_parse, b) == 0;
    part_parse(a);
    if (b->len > 0 && !spawned) part_parse(b);
    if (spawned) pthread_join(worker, NULL);
    /* a ends with its newline when cut, so b starts a.lines lines later */
    hand_over(g, a, src, chunk, first);
    if (b->len > 0) hand_over(g, b, src, chunk, first + a->lines);
    g->next_line = first + a->lines + (b->len ? b->lines : 0);
    if (chunk->len && chunk->data[chunk->len - 1] != '\n') g->next_line++; /* an unfinished last line */
    return core_advance(c, err);
}

void ingest_free(ingest *g)
{
    for (int i = 0; i < 2; i++) {
        reading_parser_free(&g->parts[i].parser);
        free(g->parts[i].items);
    }
}
