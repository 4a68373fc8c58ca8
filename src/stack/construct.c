/* Loading constructs (construct.h): find templates/<name>.yaml in the search directories, check its
 * sections and parameter definitions, and keep it for every resource of the stack that uses it. */
#include "stack/construct.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/buf.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static const char *const section_keys[] = {"construct", "description", "parameters", "inputs",  "values",
                                           "resources", "exports",     "grants",     "outputs", "links"};
static const char *const link_kinds[] = {"reads", "writes"};
static const char *const grant_kinds[] = {"read", "write"};

const param_spec *construct_param(const construct *c, const char *name)
{
    for (size_t i = 0; i < c->n_params; i++)
        if (strcmp(c->params[i].name, name) == 0) return &c->params[i];
    return NULL;
}

const ynode *construct_grant(const construct *c, const char *grant)
{
    return ynode_get(c->grants, grant);
}

static void construct_free(construct *c)
{
    if (!c) return;
    for (size_t i = 0; i < c->n_params; i++) param_spec_free(&c->params[i]);
    free(c->params);
    free(c->name);
    ydoc_free(c->doc);
    free(c);
}

static const ynode *section(const ynode *root, const char *key, diag_list *d)
{
    const ynode *v = ynode_get(root, key);
    if (v && v->kind != YNODE_MAP && !ynode_is_null(v)) {
        diag_add(d, v->pos, key, "expected a mapping, got %s", ynode_kind_name(v));
        return NULL;
    }
    return v && v->kind == YNODE_MAP ? v : NULL;
}

/* Whether some string under n uses `${links}` (where a construct puts its links' IAM statements). */
static bool uses_links(const ynode *n)
{
    if (n->kind == YNODE_SCALAR) return strstr(n->text, "${links}") != NULL;
    for (size_t i = 0; i < n->n; i++)
        if (uses_links(n->items[i])) return true;
    return false;
}

/* Checks the parts of a construct file the engine relies on before rendering. */
static int construct_check(construct *c, diag_list *d)
{
    size_t before = diag_count(d);
    const ynode *root = c->doc->root;
    if (!root || root->kind != YNODE_MAP) {
        diag_add(d, root ? root->pos : (srcpos){c->doc->file, 1, 1}, NULL,
                 "a construct is a mapping (construct, parameters, resources, ...)");
        return -1;
    }
    ynode_check_keys(root, section_keys, COUNT(section_keys), NULL, d);
    const ynode *name = ynode_get(root, "construct");
    if (!name || name->kind != YNODE_SCALAR || strcmp(name->text, c->name) != 0)
        diag_add(d, name ? name->pos : root->pos, "construct", "expected '%s' (the file's name)", c->name);
    const ynode *desc = ynode_get(root, "description");
    if (desc && desc->kind == YNODE_SCALAR) c->description = desc->text;
    const ynode *params = section(root, "parameters", d);
    c->inputs = section(root, "inputs", d);
    c->values = section(root, "values", d);
    c->resources = section(root, "resources", d);
    c->exports = section(root, "exports", d);
    c->grants = section(root, "grants", d);
    c->outputs = section(root, "outputs", d);
    if (!c->resources || c->resources->n == 0)
        diag_add(d, root->pos, NULL, "resources: a construct renders at least one resource");
    ynode_check_keys(c->grants, grant_kinds, COUNT(grant_kinds), "grants", d);
    const ynode *links = ynode_get(root, "links");
    if (links) {
        bool ok = links->kind == YNODE_SEQ;
        for (size_t i = 0; ok && i < links->n; i++) {
            const ynode *l = links->items[i];
            ok = l->kind == YNODE_SCALAR;
            for (size_t k = 0; ok && k < COUNT(link_kinds); k++)
                if (strcmp(l->text, link_kinds[k]) == 0) c->accepts[k] = true;
            ok = ok && (strcmp(l->text, "reads") == 0 || strcmp(l->text, "writes") == 0);
        }
        if (!ok) diag_add(d, links->pos, "links", "expected a list of reads, writes");
        if (ok && c->resources && !uses_links(c->resources))
            diag_add(d, links->pos, "links",
                     "the construct takes links but no ${links} places their IAM statements");
    }
    if (params) {
        c->params = calloc(params->n ? params->n : 1, sizeof *c->params);
        if (!c->params) abort();
        for (size_t i = 0; i < params->n; i++) {
            buf path = {0};
            buf_printf(&path, "parameters.%s", params->keys[i]->text);
            param_spec_load(&c->params[c->n_params++], params->keys[i]->text, params->items[i], path.data, d);
            buf_free(&path);
        }
    }
    return diag_count(d) == before ? 0 : -1;
}

/* Names of the constructs in the search directories, for a did-you-mean and the error's list. */
static void available_names(const construct_set *set, buf *list, char ***names, size_t *n)
{
    for (size_t i = 0; i < set->n_dirs; i++) {
        DIR *dir = opendir(set->dirs[i]);
        if (!dir) continue;
        struct dirent *e;
        while ((e = readdir(dir))) {
            size_t len = strlen(e->d_name);
            if (len < 6 || strcmp(e->d_name + len - 5, ".yaml") != 0) continue;
            char *name = strndup(e->d_name, len - 5);
            bool seen = false;
            for (size_t k = 0; k < *n && !seen; k++) seen = strcmp((*names)[k], name) == 0;
            if (seen) {
                free(name);
                continue;
            }
            *names = realloc(*names, (*n + 1) * sizeof **names);
            if (!*names) abort();
            (*names)[(*n)++] = name;
        }
        closedir(dir);
    }
    for (size_t i = 1; i < *n; i++) /* insertion sort: a handful of names, deterministic order */
        for (size_t k = i; k > 0 && strcmp((*names)[k - 1], (*names)[k]) > 0; k--) {
            char *t = (*names)[k];
            (*names)[k] = (*names)[k - 1];
            (*names)[k - 1] = t;
        }
    for (size_t i = 0; i < *n; i++) buf_printf(list, "%s%s", i ? ", " : "", (*names)[i]);
}

static void report_unknown(const construct_set *set, const char *name, srcpos at, const char *path,
                           diag_list *d)
{
    buf list = {0};
    char **names = NULL;
    size_t n = 0;
    available_names(set, &list, &names, &n);
    char hint[DIAG_HINT_SIZE];
    if (*diag_hint(hint, name, (const char *const *)names, n))
        diag_add(d, at, path, "unknown construct '%s'%s", name, hint);
    else
        diag_add(d, at, path, "unknown construct '%s' (known: %s)", name, n ? list.data : "none found");
    for (size_t i = 0; i < n; i++) free(names[i]);
    free(names);
    buf_free(&list);
}

static bool valid_name(const char *name)
{
    if (!*name || strlen(name) > 64) return false;
    for (const char *p = name; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_' || *p == '-')) return false;
    return true;
}

const construct *construct_set_get(construct_set *set, const char *name, srcpos at, const char *path,
                                   diag_list *d)
{
    for (size_t i = 0; i < set->n; i++) {
        construct *seen = set->items[i];
        if (strcmp(seen->name, name) != 0) continue;
        if (seen->missing) report_unknown(set, name, at, path, d); /* each place that names it */
        return seen->doc ? seen : NULL;
    }
    construct *c = calloc(1, sizeof *c);
    if (!c) abort();
    c->name = strdup(name);
    set->items = realloc(set->items, (set->n + 1) * sizeof *set->items);
    if (!set->items) abort();
    set->items[set->n++] = c; /* kept even when invalid, so it is reported once */
    for (size_t i = 0; valid_name(name) && i < set->n_dirs && !c->doc; i++) {
        buf file = {0};
        buf_printf(&file, "%s/%s.yaml", set->dirs[i], name);
        if (access(file.data, R_OK) == 0) {
            c->doc = ydoc_load(file.data, d);
            if (!c->doc || construct_check(c, d) != 0) {
                ydoc_free(c->doc);
                c->doc = NULL;
                buf_free(&file);
                return NULL; /* an invalid construct is not looked for further down the path */
            }
        }
        buf_free(&file);
    }
    if (!c->doc) {
        c->missing = true;
        report_unknown(set, name, at, path, d);
    }
    return c->doc ? c : NULL;
}

void construct_set_init(construct_set *set, const char *const *dirs, size_t n_dirs)
{
    *set = (construct_set){0};
    set->dirs = calloc(n_dirs ? n_dirs : 1, sizeof *set->dirs);
    if (!set->dirs) abort();
    for (size_t i = 0; i < n_dirs; i++) set->dirs[set->n_dirs++] = strdup(dirs[i]);
}

void construct_set_free(construct_set *set)
{
    for (size_t i = 0; i < set->n; i++) construct_free(set->items[i]);
    for (size_t i = 0; i < set->n_dirs; i++) free(set->dirs[i]);
    free(set->items);
    free(set->dirs);
    *set = (construct_set){0};
}
