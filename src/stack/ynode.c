/* The YAML node tree of ynode.h, built from libyaml's event stream. Every node keeps its line:col so
 * errors found much later still point at the right place. */
#include "stack/ynode.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "base/buf.h"

enum { YNODE_MAX_DEPTH = 64, YNODE_MAX_FILE = 1 << 20 };

static ynode *ynode_new(enum ynode_kind kind, const ydoc *doc, yaml_mark_t mark)
{
    ynode *n = calloc(1, sizeof *n);
    if (!n) abort();
    n->kind = kind;
    n->pos = (srcpos){doc->file, (int)mark.line + 1, (int)mark.column + 1};
    return n;
}

static void ynode_free(ynode *n)
{
    if (!n) return;
    for (size_t i = 0; i < n->n; i++) {
        if (n->keys) ynode_free(n->keys[i]);
        ynode_free(n->items[i]);
    }
    free(n->keys);
    free(n->items);
    free(n->text);
    free(n);
}

static void ynode_append(ynode *parent, ynode *key, ynode *value)
{
    parent->items = realloc(parent->items, (parent->n + 1) * sizeof *parent->items);
    if (!parent->items) abort();
    if (parent->kind == YNODE_MAP) {
        parent->keys = realloc(parent->keys, (parent->n + 1) * sizeof *parent->keys);
        if (!parent->keys) abort();
        parent->keys[parent->n] = key;
    }
    parent->items[parent->n++] = value;
}

struct reader {
    yaml_parser_t parser;
    ydoc *doc;
    diag_list *d;
    bool failed;
};

static void reader_error(struct reader *r, yaml_mark_t mark, const char *fmt, const char *arg)
{
    srcpos pos = {r->doc->file, (int)mark.line + 1, (int)mark.column + 1};
    diag_add(r->d, pos, NULL, fmt, arg);
    r->failed = true;
}

static bool reader_next(struct reader *r, yaml_event_t *ev)
{
    if (yaml_parser_parse(&r->parser, ev)) return true;
    yaml_mark_t mark = r->parser.problem_mark;
    buf msg = {0};
    buf_printf(&msg, "YAML syntax: %s", r->parser.problem ? r->parser.problem : "malformed");
    if (r->parser.context) buf_printf(&msg, " (%s)", r->parser.context);
    reader_error(r, mark, "%s", msg.data);
    buf_free(&msg);
    return false;
}

static ynode *read_node(struct reader *r, yaml_event_t *ev, int depth, const char *path);

/* read_children() with child as the scratch buffer for the children's paths. */
static bool read_children_at(struct reader *r, ynode *parent, int depth, const char *path, buf *child)
{
    for (size_t index = 0;; index++) {
        yaml_event_t ev;
        if (!reader_next(r, &ev)) return false;
        if (ev.type == YAML_MAPPING_END_EVENT || ev.type == YAML_SEQUENCE_END_EVENT) {
            yaml_event_delete(&ev);
            return true;
        }
        ynode *key = NULL;
        if (parent->kind == YNODE_MAP) {
            key = read_node(r, &ev, depth + 1, path);
            if (!key) return false;
            if (key->kind != YNODE_SCALAR) {
                diag_add(r->d, key->pos, NULL, "a key must be a plain string, not %s", ynode_kind_name(key));
                r->failed = true;
                ynode_free(key);
                return false;
            }
            if (!reader_next(r, &ev)) {
                ynode_free(key);
                return false;
            }
        }
        buf_reset(child);
        if (key)
            buf_printf(child, "%s%s%s", path, *path ? "." : "", key->text);
        else
            buf_printf(child, "%s[%zu]", path, index);
        ynode *value = read_node(r, &ev, depth + 1, child->data);
        if (!value) {
            ynode_free(key);
            return false;
        }
        if (key) {
            ynode *first = NULL;
            for (size_t i = 0; i < parent->n && !first; i++)
                if (strcmp(parent->keys[i]->text, key->text) == 0) first = parent->keys[i];
            if (first)
                diag_add(r->d, key->pos, child->data, "duplicate name '%s' (first at line %d:%d)", key->text,
                         first->pos.line, first->pos.col);
        }
        ynode_append(parent, key, value);
    }
}

/* Reads the children of a mapping or sequence until its end event; path names the parent
 * ("resources.readings") for the messages. */
static bool read_children(struct reader *r, ynode *parent, int depth, const char *path)
{
    buf child = {0};
    bool ok = read_children_at(r, parent, depth, path, &child);
    buf_free(&child);
    return ok;
}

/* Builds the node that starts with ev (consumed here). NULL after an error. */
static ynode *read_node(struct reader *r, yaml_event_t *ev, int depth, const char *path)
{
    ynode *n = NULL;
    if (depth > YNODE_MAX_DEPTH) {
        reader_error(r, ev->start_mark, "%s", "nesting too deep");
        yaml_event_delete(ev);
        return NULL;
    }
    switch (ev->type) {
    case YAML_ALIAS_EVENT:
        reader_error(r, ev->start_mark, "%s", "YAML aliases (*name) are not supported");
        break;
    case YAML_SCALAR_EVENT:
        if (ev->data.scalar.anchor) {
            reader_error(r, ev->start_mark, "%s", "YAML anchors (&name) are not supported");
            break;
        }
        n = ynode_new(YNODE_SCALAR, r->doc, ev->start_mark);
        n->text = strndup((const char *)ev->data.scalar.value, ev->data.scalar.length);
        if (!n->text) abort();
        n->quoted = ev->data.scalar.style != YAML_PLAIN_SCALAR_STYLE ||
                    (ev->data.scalar.tag && strcmp((const char *)ev->data.scalar.tag, YAML_STR_TAG) == 0);
        if (strlen(n->text) != ev->data.scalar.length) {
            reader_error(r, ev->start_mark, "%s", "a NUL character in a string");
            ynode_free(n);
            n = NULL;
        }
        break;
    case YAML_MAPPING_START_EVENT:
    case YAML_SEQUENCE_START_EVENT: {
        bool map = ev->type == YAML_MAPPING_START_EVENT;
        const yaml_char_t *anchor = map ? ev->data.mapping_start.anchor : ev->data.sequence_start.anchor;
        if (anchor) {
            reader_error(r, ev->start_mark, "%s", "YAML anchors (&name) are not supported");
            break;
        }
        n = ynode_new(map ? YNODE_MAP : YNODE_SEQ, r->doc, ev->start_mark);
        yaml_event_delete(ev);
        if (!read_children(r, n, depth, path)) {
            ynode_free(n);
            return NULL;
        }
        return n;
    }
    default:
        reader_error(r, ev->start_mark, "%s", "YAML syntax: unexpected event");
        break;
    }
    yaml_event_delete(ev);
    return n;
}

ydoc *ydoc_parse(const char *file, const char *text, size_t len, diag_list *d)
{
    ydoc *doc = calloc(1, sizeof *doc);
    if (!doc) abort();
    doc->file = strdup(file);
    struct reader r = {.doc = doc, .d = d};
    yaml_parser_initialize(&r.parser);
    yaml_parser_set_input_string(&r.parser, (const unsigned char *)text, len);
    int docs = 0;
    for (;;) {
        yaml_event_t ev;
        if (!reader_next(&r, &ev)) break;
        yaml_event_type_t type = ev.type;
        if (type == YAML_STREAM_END_EVENT) {
            yaml_event_delete(&ev);
            break;
        }
        if (type == YAML_DOCUMENT_START_EVENT && ++docs > 1) {
            reader_error(&r, ev.start_mark, "%s", "only one YAML document per file");
            yaml_event_delete(&ev);
            break;
        }
        if (type == YAML_STREAM_START_EVENT || type == YAML_DOCUMENT_START_EVENT ||
            type == YAML_DOCUMENT_END_EVENT) {
            yaml_event_delete(&ev);
            continue;
        }
        doc->root = read_node(&r, &ev, 0, "");
        if (!doc->root) break;
    }
    yaml_parser_delete(&r.parser);
    if (r.failed) {
        ydoc_free(doc);
        return NULL;
    }
    return doc;
}

ydoc *ydoc_load(const char *path, diag_list *d)
{
    buf text = {0};
    if (buf_read_file(&text, path) != 0) {
        diag_add(d, (srcpos){path, 0, 0}, NULL, "cannot read: %s", strerror(errno));
        d->unreadable = 1;
        buf_free(&text);
        return NULL;
    }
    if (text.len > YNODE_MAX_FILE) { /* duplicate-key checks are quadratic in a mapping's size */
        diag_add(d, (srcpos){path, 0, 0}, NULL, "larger than %d bytes; not a stack or construct",
                 YNODE_MAX_FILE);
        buf_free(&text);
        return NULL;
    }
    ydoc *doc = ydoc_parse(path, text.data ? text.data : "", text.len, d);
    buf_free(&text);
    return doc;
}

void ydoc_free(ydoc *doc)
{
    if (!doc) return;
    ynode_free(doc->root);
    free(doc->file);
    free(doc);
}

ynode *ynode_get(const ynode *map, const char *key)
{
    if (!map || map->kind != YNODE_MAP) return NULL;
    for (size_t i = 0; i < map->n; i++)
        if (strcmp(map->keys[i]->text, key) == 0) return map->items[i];
    return NULL;
}

size_t ynode_check_keys(const ynode *map, const char *const *known, size_t n, const char *path, diag_list *d)
{
    size_t unknown = 0;
    for (size_t i = 0; map && map->kind == YNODE_MAP && i < map->n; i++) {
        const char *key = map->keys[i]->text;
        bool ok = false;
        for (size_t k = 0; k < n && !ok; k++) ok = strcmp(known[k], key) == 0;
        if (ok) continue;
        char hint[DIAG_HINT_SIZE];
        diag_add(d, map->keys[i]->pos, path, "unknown key '%s'%s", key, diag_hint(hint, key, known, n));
        unknown++;
    }
    return unknown;
}

const char *ynode_kind_name(const ynode *n)
{
    if (n->kind == YNODE_MAP) return "a mapping";
    if (n->kind == YNODE_SEQ) return "a list";
    if (ynode_is_null(n)) return "nothing";
    return "a string";
}

bool ynode_is_null(const ynode *n)
{
    return n->kind == YNODE_SCALAR && !n->quoted &&
           (n->text[0] == 0 || strcmp(n->text, "~") == 0 || strcmp(n->text, "null") == 0);
}

int ynode_int(const ynode *n, long long *out)
{
    if (n->kind != YNODE_SCALAR || n->quoted) return -1;
    const char *s = n->text;
    const char *digits = (*s == '-' || *s == '+') ? s + 1 : s;
    if (*digits < '0' || *digits > '9') return -1;
    errno = 0;
    char *end;
    long long v = strtoll(s, &end, 10);
    if (*end || errno == ERANGE) return -1;
    *out = v;
    return 0;
}

int ynode_bool(const ynode *n, bool *out)
{
    if (n->kind != YNODE_SCALAR || n->quoted) return -1;
    if (strcmp(n->text, "true") == 0)
        *out = true;
    else if (strcmp(n->text, "false") == 0)
        *out = false;
    else
        return -1;
    return 0;
}
