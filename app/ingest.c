/* Ingest (ingest.h). Parsing is the costly step and needs nothing shared, so a large chunk is cut into
 * pieces of about a megabyte at newlines; this thread and the worker each take the next unparsed piece,
 * and this thread hands parsed pieces to the core strictly in order. The order of readings is thus the
 * same as with one thread, and so are lateness and every output. At most two chunks are in flight,
 * since a chunk's bytes live for two source calls. */
#include "ingest.h"

#include <stdlib.h>
#include <string.h>

#define PIECE_BYTES (1u << 20)
#define PARALLEL_MIN (2u << 20) /* smaller chunks are not worth the hand-off */

static int is_blank(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r') return 0;
    return 1;
}

static ingest_item *piece_push(ingest_piece *p, const char *text, size_t len, uint64_t line)
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

/* Cuts the piece into lines and parses each; a trailing "\r" belongs to the line ending. The fast path
 * finds the end of the lines it takes; only the others need a search for their newline. */
static void piece_parse(ingest_piece *p, reading_parser *parser)
{
    const char *s = p->data, *end = p->data + p->len;
    uint64_t line = 0;
    p->n = 0;
    while (s < end) {
        reading r;
        const char *e;
        if (reading_parse_line(parser, s, end, &r, &e)) {
            size_t len = (size_t)(e - s);
            if (s[len - 1] == '\r') len--;
            ingest_item *it = piece_push(p, s, len, line);
            it->r = r;
            it->status = READING_OK;
        } else {
            const char *nl = memchr(s, '\n', (size_t)(end - s));
            e = nl ? nl : end;
            size_t len = (size_t)(e - s);
            if (len && s[len - 1] == '\r') len--;
            if (!is_blank(s, len)) {
                ingest_item *it = piece_push(p, s, len, line);
                it->status = reading_parse(parser, s, len, &it->r);
            }
        }
        if (e == end) break;
        line++;
        s = e + 1;
    }
    p->lines = line;
}

static void hand_over(ingest *g, const ingest_piece *p, const char *position, uint64_t first_line)
{
    core *c = g->core;
    for (size_t i = 0; i < p->n; i++) {
        const ingest_item *it = &p->items[i];
        core_position pos = {position, first_line + it->line};
        if (it->status == READING_OK)
            core_reading(c, p->source, pos, &it->r, it->text, it->len);
        else
            core_error(c, p->source, pos, it->status, it->text, it->len);
    }
}

/* The next unparsed piece, marked as being parsed; NULL when none. Called with the lock held. */
static ingest_piece *take_ready(ingest *g)
{
    if (g->next_ready == g->count) return NULL;
    ingest_piece *p = &g->pieces[(g->head + g->next_ready++) % INGEST_PIECES];
    p->state = PIECE_PARSING;
    return p;
}

static void *worker_main(void *arg)
{
    ingest *g = arg;
    pthread_mutex_lock(&g->lock);
    for (;;) {
        ingest_piece *p = take_ready(g);
        if (!p) {
            if (g->quit) break;
            pthread_cond_wait(&g->changed, &g->lock);
            continue;
        }
        pthread_mutex_unlock(&g->lock);
        piece_parse(p, &g->parser[1]);
        pthread_mutex_lock(&g->lock);
        p->state = PIECE_PARSED;
        pthread_cond_broadcast(&g->changed);
    }
    pthread_mutex_unlock(&g->lock);
    return NULL;
}

/* Works (hands over parsed pieces in order, parses unparsed ones) until at most `keep` chunks are in
 * flight: 0, or -1 with err. */
static int work_until(ingest *g, size_t keep, buf *err)
{
    int rc = 0;
    pthread_mutex_lock(&g->lock);
    while (g->chunks_in_flight > keep && rc == 0) {
        ingest_piece *head = &g->pieces[g->head];
        if (g->count && head->state == PIECE_PARSED) {
            pthread_mutex_unlock(&g->lock);
            hand_over(g, head, NULL, g->next_line);
            g->next_line += head->lines;
            int ends = head->ends_chunk;
            if (ends) rc = core_advance(g->core, err);
            pthread_mutex_lock(&g->lock);
            head->state = PIECE_FREE;
            g->head = (g->head + 1) % INGEST_PIECES;
            g->count--;
            g->next_ready--;
            g->chunks_in_flight -= (size_t)ends;
            continue;
        }
        ingest_piece *p = take_ready(g);
        if (p) {
            pthread_mutex_unlock(&g->lock);
            piece_parse(p, &g->parser[0]);
            pthread_mutex_lock(&g->lock);
            p->state = PIECE_PARSED;
            continue;
        }
        pthread_cond_wait(&g->changed, &g->lock); /* the worker is parsing the head */
    }
    pthread_mutex_unlock(&g->lock);
    return rc;
}

void ingest_init(ingest *g, core *c, const reading_rules *rules, int threads)
{
    memset(g, 0, sizeof *g);
    g->core = c;
    g->threads = threads > 1 ? 2 : 1;
    g->parser[0].rules = g->parser[1].rules = *rules;
    g->next_line = 1;
    pthread_mutex_init(&g->lock, NULL);
    pthread_cond_init(&g->changed, NULL);
}

/* Cuts a large chunk into pieces at newlines and queues them. */
static void queue_chunk(ingest *g, const source_chunk *chunk, size_t src)
{
    const char *s = chunk->data, *end = chunk->data + chunk->len;
    pthread_mutex_lock(&g->lock);
    while (s < end) {
        size_t take = (size_t)(end - s);
        if (take > PIECE_BYTES) {
            const char *nl = memchr(s + PIECE_BYTES, '\n', take - PIECE_BYTES);
            if (nl) take = (size_t)(nl + 1 - s);
        }
        ingest_piece *p = &g->pieces[(g->head + g->count++) % INGEST_PIECES];
        p->state = PIECE_READY;
        p->data = s;
        p->len = take;
        p->source = src;
        s += take;
        p->ends_chunk = s == end;
    }
    g->chunks_in_flight++;
    pthread_cond_broadcast(&g->changed);
    pthread_mutex_unlock(&g->lock);
}

int ingest_chunk(ingest *g, const source_chunk *chunk, buf *err)
{
    core *c = g->core;
    size_t src = core_source(c, chunk->source, -1);
    int parallel = g->threads > 1 && !chunk->single && !chunk->position && !chunk->first_line &&
                   chunk->len >= PARALLEL_MIN && chunk->len <= PIECE_BYTES * (INGEST_PIECES / 2 - 1);
    if (parallel) {
        if (!g->started) {
            g->started = pthread_create(&g->worker, NULL, worker_main, g) == 0;
            if (!g->started) g->threads = 1;
        }
        queue_chunk(g, chunk, src);
        /* the previous chunk is handed over before the source is asked for the next one, which
         * ends its life; this one stays in flight meanwhile */
        return work_until(g, 1, err);
    }
    if (ingest_flush(g, err)) return -1;
    if (chunk->first_line) g->next_line = chunk->first_line;
    ingest_piece *p = &g->pieces[g->head];
    p->source = src;
    p->n = 0;
    if (chunk->single) {
        ingest_item *it = piece_push(p, chunk->data, chunk->len, 0);
        it->status = reading_parse(&g->parser[0], chunk->data, chunk->len, &it->r);
        if (chunk->cut_off && it->status != READING_TOO_LARGE) it->status = READING_BAD_JSON;
        hand_over(g, p, chunk->position, g->next_line);
    } else {
        p->data = chunk->data;
        p->len = chunk->len;
        piece_parse(p, &g->parser[0]);
        hand_over(g, p, chunk->position, g->next_line);
        if (!chunk->position) g->next_line += p->lines + (chunk->len && chunk->data[chunk->len - 1] != '\n');
    }
    return core_advance(c, err);
}

int ingest_flush(ingest *g, buf *err)
{
    return work_until(g, 0, err);
}

void ingest_free(ingest *g)
{
    if (g->started) {
        pthread_mutex_lock(&g->lock);
        g->quit = 1;
        pthread_cond_broadcast(&g->changed);
        pthread_mutex_unlock(&g->lock);
        pthread_join(g->worker, NULL);
    }
    for (int i = 0; i < 2; i++) reading_parser_free(&g->parser[i]);
    for (size_t i = 0; i < INGEST_PIECES; i++) free(g->pieces[i].items);
    pthread_mutex_destroy(&g->lock);
    pthread_cond_destroy(&g->changed);
}
