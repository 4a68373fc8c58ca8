/* synth.h: the search path for constructs, and the steps of a synth run (load, link, render), which
 * stop before rendering when the stack is already known to be invalid. */
#include "stack/synth.h"

#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/buf.h"
#include "stack/construct.h"
#include "stack/links.h"
#include "stack/render.h"
#include "stack/stack.h"

#ifndef ETLCTL_SHAREDIR
#define ETLCTL_SHAREDIR "/usr/local/share/etlctl"
#endif

static void push(char ***dirs, size_t *n, char *dir)
{
    *dirs = realloc(*dirs, (*n + 1) * sizeof **dirs);
    if (!*dirs) abort();
    (*dirs)[(*n)++] = dir;
}

size_t synth_search_path(const char *stack_path, const char *templates_dir, char ***dirs)
{
    size_t n = 0;
    *dirs = NULL;
    buf b = {0};
    if (templates_dir) push(dirs, &n, strdup(templates_dir));
    const char *env = getenv("ETLCTL_TEMPLATES");
    if (env && *env) {
        char *copy = strdup(env), *save = NULL;
        for (char *p = strtok_r(copy, ":", &save); p; p = strtok_r(NULL, ":", &save))
            push(dirs, &n, strdup(p));
        free(copy);
    }
    char *copy = strdup(stack_path);
    const char *dir = dirname(copy);
    buf_printf(&b, "%s/templates", dir);
    push(dirs, &n, buf_detach(&b));
    buf_printf(&b, "%s/../templates", dir);
    push(dirs, &n, buf_detach(&b));
    free(copy);
    char exe[4096], *last = NULL;
    ssize_t len = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (len > 0) {
        exe[len] = 0;
        const char *bin = dirname(exe);
        buf_printf(&b, "%s/../share/etlctl/templates", bin);
        push(dirs, &n, buf_detach(&b));
        buf_printf(&b, "%s/../../templates", bin); /* build/rel/etlctl run from its source tree */
        last = buf_detach(&b);
    }
    push(dirs, &n, strdup(ETLCTL_SHAREDIR "/templates"));
    if (last) push(dirs, &n, last);
    return n;
}

/* Links and renders a loaded stack; frees it and the constructs. */
static char *synth_loaded(stack *s, construct_set *set, char **stack_name, srcpos *name_at, diag_list *d)
{
    char *text = NULL;
    if (s) links_resolve(s, d);
    if (s && diag_count(d) == 0) {
        json_object *t = render_template(s, d);
        if (t) {
            text = render_text(t);
            *stack_name = strdup(s->name);
            const ynode *n = ynode_get(s->doc->root, "stack");
            if (name_at && n) name_at->line = n->pos.line, name_at->col = n->pos.col;
            json_object_put(t);
        }
    }
    stack_free(s);
    construct_set_free(set);
    return text;
}

static void constructs_for(const char *path, const char *templates_dir, construct_set *set)
{
    char **dirs;
    size_t n_dirs = synth_search_path(path, templates_dir, &dirs);
    construct_set_init(set, (const char *const *)dirs, n_dirs);
    for (size_t i = 0; i < n_dirs; i++) free(dirs[i]);
    free(dirs);
}

char *synth_stack(const char *path, const char *templates_dir, char **stack_name, srcpos *name_at,
                  diag_list *d)
{
    construct_set set;
    constructs_for(path, templates_dir, &set);
    if (name_at) *name_at = (srcpos){path, 0, 0};
    return synth_loaded(stack_load(path, &set, d), &set, stack_name, name_at, d);
}

char *synth_text(const char *file, const char *text, size_t len, const char *templates_dir, char **stack_name,
                 diag_list *d)
{
    construct_set set;
    constructs_for(file, templates_dir, &set);
    ydoc *doc = ydoc_parse(file, text, len, d);
    return synth_loaded(doc ? stack_from_doc(doc, &set, d) : NULL, &set, stack_name, NULL, d);
}
