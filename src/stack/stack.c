/* Loading a stack file (stack.h): the top-level keys, each resource's construct and parameter values
 * (from the resource, else the stack's settings, else the construct's default), and its links. */
#include "stack/stack.h"

#include <ctype.h>
#include <regex.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

const char *const link_kind_names[2] = {"reads", "writes"};
const char *const link_grant_names[2] = {"read", "write"};
static const char *const top_keys[] = {"stack", "description", "region", "tags", "settings", "resources"};

stack_resource *stack_find(const stack *s, const char *name)
{
    for (size_t i = 0; i < s->n_res; i++)
        if (strcmp(s->res[i].name, name) == 0) return &s->res[i];
    return NULL;
}

json_object *stack_value(const stack_resource *r, const char *param)
{
    for (size_t i = 0; i < r->c->n_params; i++)
        if (strcmp(r->c->params[i].name, param) == 0) return r->values[i];
    return NULL;
}

static bool matches(const char *text, const char *pattern)
{
    regex_t re;
    if (regcomp(&re, pattern, REG_EXTENDED | REG_NOSUB) != 0) return false;
    bool ok = regexec(&re, text, 0, NULL, 0) == 0;
    regfree(&re);
    return ok;
}

/* A scalar string at key, checked against pattern and length (counted repetitions like {0,1024}
 * make glibc's regex slow, so lengths are checked apart); NULL when absent or wrong (with a diagnostic). */
static const char *top_string(const ynode *root, const char *key, const char *pattern, size_t max_len,
                              const char *expected, diag_list *d)
{
    const ynode *v = ynode_get(root, key);
    if (!v) return NULL;
    if (v->kind != YNODE_SCALAR || ynode_is_null(v) || strlen(v->text) > max_len ||
        (pattern && !matches(v->text, pattern))) {
        diag_add(d, v->pos, key, "expected %s, got %s%s%s", expected, v->kind == YNODE_SCALAR ? "\"" : "",
                 v->kind == YNODE_SCALAR ? v->text : ynode_kind_name(v), v->kind == YNODE_SCALAR ? "\"" : "");
        return NULL;
    }
    return v->text;
}

static char *camel_case(const char *name)
{
    buf id = {0};
    bool up = true;
    for (const char *p = name; *p; p++) {
        if (*p == '-' || *p == '_') {
            up = true;
            continue;
        }
        buf_addc(&id, up ? (char)toupper((unsigned char)*p) : *p);
        up = false;
    }
    return buf_detach(&id);
}

static void load_links(stack_resource *r, diag_list *d)
{
    for (int kind = 0; kind < 2; kind++) {
        const ynode *v = ynode_get(r->node, link_kind_names[kind]);
        if (!v) continue;
        buf path = {0};
        buf_printf(&path, "resources.%s.%s", r->name, link_kind_names[kind]);
        if (!r->c->accepts[kind]) {
            diag_add(d, v->pos, path.data, "a %s cannot hold links: it has no role to grant to", r->c->name);
        } else if (v->kind == YNODE_SEQ || (v->kind == YNODE_SCALAR && !ynode_is_null(v))) {
            size_t n = v->kind == YNODE_SEQ ? v->n : 1;
            for (size_t i = 0; i < n; i++) {
                const ynode *t = v->kind == YNODE_SEQ ? v->items[i] : v;
                if (t->kind != YNODE_SCALAR) {
                    diag_add(d, t->pos, path.data, "expected a resource name, got %s", ynode_kind_name(t));
                    continue;
                }
                r->links = realloc(r->links, (r->n_links + 1) * sizeof *r->links);
                if (!r->links) abort();
                r->links[r->n_links++] = (struct stack_link){(enum link_kind)kind, t, NULL};
            }
        } else {
            diag_add(d, v->pos, path.data, "expected a resource name or a list of them, got %s",
                     ynode_kind_name(v));
        }
        buf_free(&path);
    }
}

/* The value of each parameter: on the resource, else in settings (for settings), else the default. */
static void load_values(const stack *s, stack_resource *r, diag_list *d)
{
    const construct *c = r->c;
    r->values = calloc(c->n_params ? c->n_params : 1, sizeof *r->values);
    if (!r->values) abort();
    const char **known = calloc(c->n_params + 3, sizeof *known);
    if (!known) abort();
    size_t n_known = 0;
    known[n_known++] = "construct";
    known[n_known++] = "reads"; /* load_links() tells when the construct takes no links */
    known[n_known++] = "writes";
    for (size_t i = 0; i < c->n_params; i++) known[n_known++] = c->params[i].name;
    buf path = {0};
    buf_printf(&path, "resources.%s", r->name);
    ynode_check_keys(r->node, known, n_known, path.data, d);
    free(known);
    for (size_t i = 0; i < c->n_params; i++) {
        const param_spec *p = &c->params[i];
        const ynode *v = ynode_get(r->node, p->name);
        buf_reset(&path);
        if (v) {
            buf_printf(&path, "resources.%s.%s", r->name, p->name);
        } else if (p->setting && (v = ynode_get(s->settings, p->name))) {
            buf_printf(&path, "settings.%s", p->name);
        }
        if (v) {
            r->values[i] = param_check(p, v, path.data, d);
        } else if (p->def) {
            r->values[i] = json_object_get(p->def);
        } else if (p->required) {
            buf_printf(&path, "resources.%s.%s", r->name, p->name);
            diag_add(d, r->key->pos, path.data, "missing required value (%s)",
                     p->description ? p->description : "no default");
        }
    }
    buf_free(&path);
}

/* Every key under settings: must be a setting of a construct the stack uses; its value is checked
 * against each such construct's definition, even where a resource overrides it. */
static void check_settings(const stack *s, diag_list *d)
{
    if (!s->settings) return;
    const char **known = NULL;
    size_t n_known = 0;
    for (size_t i = 0; i < s->n_res; i++) {
        const construct *c = s->res[i].c;
        for (size_t k = 0; c && k < c->n_params; k++) {
            if (!c->params[k].setting) continue;
            known = realloc(known, (n_known + 1) * sizeof *known);
            if (!known) abort();
            known[n_known++] = c->params[k].name;
        }
    }
    for (size_t i = 0; i < s->settings->n; i++) {
        const ynode *key = s->settings->keys[i];
        bool ok = false;
        for (size_t k = 0; k < n_known && !ok; k++) ok = strcmp(known[k], key->text) == 0;
        char hint[DIAG_HINT_SIZE];
        if (!ok && *diag_hint(hint, key->text, known, n_known))
            diag_add(d, key->pos, "settings", "unknown setting '%s'%s", key->text, hint);
        else if (!ok)
            diag_add(d, key->pos, "settings", "'%s' is a setting of no construct this stack uses", key->text);
        buf path = {0};
        buf_printf(&path, "settings.%s", key->text);
        for (size_t r = 0; r < s->n_res; r++) {
            const param_spec *p = s->res[r].c ? construct_param(s->res[r].c, key->text) : NULL;
            if (p && p->setting) json_object_put(param_check(p, s->settings->items[i], path.data, d));
        }
        buf_free(&path);
    }
    free(known);
}

static void load_resource(stack *s, const ynode *key, const ynode *node, construct_set *set, diag_list *d)
{
    buf path = {0};
    buf_printf(&path, "resources.%s", key->text);
    if (strlen(key->text) > 64 || !matches(key->text, "^[A-Za-z][A-Za-z0-9_-]*$")) {
        diag_add(d, key->pos, path.data,
                 "a resource name is up to 64 letters, digits, '-' and '_', starting with a letter");
    } else if (node->kind != YNODE_MAP) {
        diag_add(d, node->pos, path.data, "expected a mapping (construct: ...), got %s",
                 ynode_kind_name(node));
    } else {
        const ynode *cn = ynode_get(node, "construct");
        if (!cn) {
            diag_add(d, key->pos, path.data,
                     "missing required value 'construct' (stream, bucket, compute, ...)");
        } else if (cn->kind != YNODE_SCALAR || ynode_is_null(cn)) {
            diag_add(d, cn->pos, path.data, "construct: expected a construct's name, got %s",
                     ynode_kind_name(cn));
        } else {
            char *id = camel_case(key->text);
            for (size_t i = 0; i < s->n_res; i++)
                if (strcmp(s->res[i].id, id) == 0)
                    diag_add(d, key->pos, path.data,
                             "duplicate name: '%s' (line %d) gives the same logical IDs (%s...)",
                             s->res[i].name, s->res[i].key->pos.line, id);
            buf_adds(&path, ".construct");
            const construct *c = construct_set_get(set, cn->text, cn->pos, path.data, d);
            if (c) {
                stack_resource *r = &s->res[s->n_res++];
                *r = (stack_resource){.name = key->text, .key = key, .node = node, .c = c, .id = id};
                load_links(r, d);
            } else {
                free(id);
            }
        }
    }
    buf_free(&path);
}

stack *stack_load(const char *path, construct_set *set, diag_list *d)
{
    ydoc *doc = ydoc_load(path, d);
    return doc ? stack_from_doc(doc, set, d) : NULL;
}

stack *stack_from_doc(ydoc *doc, construct_set *set, diag_list *d)
{
    stack *s = calloc(1, sizeof *s);
    if (!s) abort();
    s->doc = doc;
    const ynode *root = doc->root;
    if (!root || root->kind != YNODE_MAP) {
        diag_add(d, root ? root->pos : (srcpos){doc->file, 1, 1}, NULL,
                 "a stack is a mapping with stack: and resources: (see stacks/sensor-pipeline.yaml)");
        return s;
    }
    ynode_check_keys(root, top_keys, COUNT(top_keys), NULL, d);
    if (!ynode_get(root, "stack"))
        diag_add(d, root->pos, "stack", "missing required value (the stack's name)");
    s->name = top_string(root, "stack", "^[A-Za-z][A-Za-z0-9-]*$", 128,
                         "a stack name (letters, digits and '-', starting with a letter, up to 128)", d);
    s->region =
        top_string(root, "region", "^[a-z][a-z](-[a-z]+)+-[0-9]+$", 32, "a region such as eu-west-1", d);
    s->description = top_string(root, "description", NULL, 1024, "a description of up to 1024 characters", d);
    s->tags = ynode_get(root, "tags");
    if (s->tags) {
        bool ok = s->tags->kind == YNODE_MAP;
        for (size_t i = 0; ok && i < s->tags->n; i++) {
            const ynode *v = s->tags->items[i];
            if (v->kind != YNODE_SCALAR || ynode_is_null(v) || strlen(v->text) > 256 ||
                strlen(s->tags->keys[i]->text) > 128)
                diag_add(d, v->pos, "tags", "%s: expected a string of up to 256 characters",
                         s->tags->keys[i]->text);
        }
        if (!ok)
            diag_add(d, s->tags->pos, "tags", "expected a mapping of tag names to values, got %s",
                     ynode_kind_name(s->tags));
        if (!ok) s->tags = NULL;
    }
    s->settings = ynode_get(root, "settings");
    if (s->settings && s->settings->kind != YNODE_MAP) {
        diag_add(d, s->settings->pos, "settings", "expected a mapping, got %s", ynode_kind_name(s->settings));
        s->settings = NULL;
    }
    const ynode *res = s->resources = ynode_get(root, "resources");
    if (!res) {
        diag_add(d, root->pos, "resources", "missing required value (the stack's resources)");
    } else if (res->kind != YNODE_MAP || res->n == 0) {
        diag_add(d, res->pos, "resources", "expected a mapping of resource names to constructs, got %s",
                 res->kind == YNODE_MAP ? "none" : ynode_kind_name(res));
    } else {
        s->res = calloc(res->n, sizeof *s->res);
        if (!s->res) abort();
        for (size_t i = 0; i < res->n; i++) {
            bool dup = false; /* a duplicate key is reported by the YAML reader; only the first counts */
            for (size_t k = 0; k < i && !dup; k++) dup = strcmp(res->keys[k]->text, res->keys[i]->text) == 0;
            if (!dup) load_resource(s, res->keys[i], res->items[i], set, d);
        }
    }
    for (size_t i = 0; i < s->n_res; i++) load_values(s, &s->res[i], d);
    check_settings(s, d);
    return s;
}

void stack_free(stack *s)
{
    if (!s) return;
    for (size_t i = 0; i < s->n_res; i++) {
        stack_resource *r = &s->res[i];
        for (size_t k = 0; r->values && k < r->c->n_params; k++) json_object_put(r->values[k]);
        free(r->values);
        free(r->links);
        free(r->id);
    }
    free(s->res);
    ydoc_free(s->doc);
    free(s);
}
