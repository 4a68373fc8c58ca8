/* Ingest (ingest.h). Parsing is the costly step and needs nothing shared, so a large chunk is cut in two
 * at a newline and each part parsed into an array of outcomes, one part on a worker thread. The core
 * takes the outcomes in order, so lateness and every output are the same as with one thread. The cut
 * moves with measured costs so that both threads finish together: this thread also hands the previous
 * chunk to the core, which includes emitting windows. */
#include "ingest.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define PARALLEL_MIN (1u << 20) /* smaller chunks are not worth a thread */

static double seconds_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void ingest_init(ingest *g, core *c, const reading_rules *rules, int threads)
{
    memset(g, 0, sizeof *g);
    g->core = c;
    g->threads = threads > 1 ? 2 : 1;
    for (int b = 0; b < 2; b++)
        for (int p = 0; p < 2; p++) g->batches[b].parts[p].parser.rules = *rules;
    g->main_share = 0.4;
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
    double start = seconds_now();
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
    p->seconds = seconds_now() - start;
    return NULL;
}

static void hand_over_part(ingest *g, const ingest_part *p, size_t src, const char *position, uint64_t first_line)
{
    core *c = g->core;
    for (size_t i = 0; i < p->n; i++) {
        const ingest_item *it = &p->items[i];
        core_position pos = {position, first_line + it->line};
        if (it->status == READING_OK) core_reading(c, src, pos, &it->r, it->text, it->len);
        else core_error(c, src, pos, it->status, it->text, it->len);
    }
}

/* The held batch, if any, to the core. */
static int hand_over_batch(ingest *g, ingest_batch *b, buf *err)
{
    if (!b->full) return 0;
    b->full = 0;
    hand_over_part(g, &b->parts[0], b->source, NULL, b->first_line);
    if (b->parts[1].len) hand_over_part(g, &b->parts[1], b->source, NULL, b->first_line + b->parts[0].lines);
    return core_advance(g->core, err);
}

int ingest_flush(ingest *g, buf *err)
{
    int rc = hand_over_batch(g, &g->batches[!g->next], err);
    return rc ? rc : hand_over_batch(g, &g->batches[g->next], err);
}

/* The next line number after the chunk. */
static uint64_t after(const source_chunk *chunk, uint64_t first, uint64_t newlines)
{
    return first + newlines + (chunk->len && chunk->data[chunk->len - 1] != '\n'); /* an unfinished last line */
}

/* Parses a large NDJSON chunk on both threads into the next batch, handing the held one to the core
 * meanwhile; the new batch is then held. */
static int pipelined(ingest *g, const source_chunk *chunk, size_t src, uint64_t first, buf *err)
{
    ingest_batch *b = &g->batches[g->next], *held = &g->batches[!g->next];
    ingest_part *mine = &b->parts[0], *theirs = &b->parts[1];
    size_t cut = (size_t)((double)chunk->len * g->main_share);
    const char *nl = memchr(chunk->data + cut, '\n', chunk->len - cut);
    mine->data = chunk->data;
    mine->len = nl ? (size_t)(nl + 1 - chunk->data) : chunk->len;
    theirs->data = chunk->data + mine->len;
    theirs->len = chunk->len - mine->len;
    pthread_t worker;
    int spawned = theirs->len > 0 && pthread_create(&worker, NULL, part_parse, theirs) == 0;
    double start = seconds_now();
    int rc = hand_over_batch(g, held, err);
    part_parse(mine);
    double mine_s = seconds_now() - start;
    if (theirs->len > 0 && !spawned) part_parse(theirs);
    if (spawned) pthread_join(worker, NULL);
    if (spawned && theirs->seconds > 0 && mine->len > 0) {
        /* per byte parse cost c from the worker; fixed cost a = mine_s - c * mine; both finish together
         * when a + c * x = c * (len - x) */
        double c = theirs->seconds / (double)theirs->len, a = mine_s - c * (double)mine->len;
        double x = ((double)chunk->len * c - a) / (2 * c), share = x / (double)chunk->len;
        share = share < 0.05 ? 0.05 : share > 0.95 ? 0.95 : share;
        g->main_share = 0.5 * g->main_share + 0.5 * share;
    }
    b->source = src;
    b->first_line = first;
    b->full = 1;
    g->next = !g->next;
    g->next_line = after(chunk, first, mine->lines + (theirs->len ? theirs->lines : 0));
    return rc;
}

int ingest_chunk(ingest *g, const source_chunk *chunk, buf *err)
{
    core *c = g->core;
    size_t src = watermarks_source(&c->marks, chunk->source, -1);
    uint64_t first = chunk->first_line ? chunk->first_line : g->next_line;
    if (g->threads > 1 && !chunk->single && !chunk->position && chunk->len >= PARALLEL_MIN)
        return pipelined(g, chunk, src, first, err);
    if (ingest_flush(g, err)) return -1;
    ingest_part *p = &g->batches[0].parts[0];
    p->n = 0;
    if (chunk->single) {
        ingest_item *it = part_push(p, chunk->data, chunk->len, 0);
        it->status = reading_parse(&p->parser, chunk->data, chunk->len, &it->r);
    } else {
        p->data = chunk->data;
        p->len = chunk->len;
        part_parse(p);
        g->next_line = after(chunk, first, p->lines);
    }
    hand_over_part(g, p, src, chunk->position, first);
    return core_advance(c, err);
}

void ingest_free(ingest *g)
{
    for (int b = 0; b < 2; b++)
        for (int i = 0; i < 2; i++) {
            reading_parser_free(&g->batches[b].parts[i].parser);
            free(g->batches[b].parts[i].items);
        }
}
