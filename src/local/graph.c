/* Dependency order of resources (Kahn's algorithm, taking the earliest ready resource in template
 * order, so the same template always gives the same order and the same events). */
#include "local/graph.h"

#include <stdio.h>
#include <string.h>

#include "base/buf.h"

static void add_dep(json_object *res, json_object *deps, const char *name, size_t n)
{
    char id[256];
    if (n >= sizeof id) return;
    memcpy(id, name, n);
    id[n] = '\0';
    if (json_object_object_get_ex(res, id, NULL)) json_object_object_add(deps, id, NULL);
}

/* Adds to deps every resource v refers to. */
static void refs(json_object *res, json_object *v, json_object *deps)
{
    if (json_object_is_type(v, json_type_array)) {
        for (size_t i = 0; i < json_object_array_length(v); i++) refs(res, json_object_array_get_idx(v, i), deps);
        return;
    }
    if (!json_object_is_type(v, json_type_object)) return;
    json_object_object_foreach(v, k, a)
    {
        if (strcmp(k, "Ref") == 0 && json_object_is_type(a, json_type_string)) {
            add_dep(res, deps, json_object_get_string(a), strlen(json_object_get_string(a)));
        } else if (strcmp(k, "Fn::GetAtt") == 0) {
            json_object *first = json_object_is_type(a, json_type_array) ? json_object_array_get_idx(a, 0) : a;
            const char *s = json_object_is_type(first, json_type_string) ? json_object_get_string(first) : "";
            const char *dot = strchr(s, '.');
            add_dep(res, deps, s, dot && first == a ? (size_t)(dot - s) : strlen(s));
            refs(res, a, deps);
        } else if (strcmp(k, "Fn::Sub") == 0) {
            json_object *str = json_object_is_type(a, json_type_array) ? json_object_array_get_idx(a, 0) : a;
            const char *s = json_object_is_type(str, json_type_string) ? json_object_get_string(str) : "";
            for (const char *p = strstr(s, "${"); p; p = strstr(p + 2, "${")) {
                if (p[2] == '!') continue;
                size_t n = strcspn(p + 2, ".}");
                add_dep(res, deps, p + 2, n);
            }
            if (json_object_is_type(a, json_type_array)) refs(res, json_object_array_get_idx(a, 1), deps);
        } else {
            refs(res, a, deps);
        }
    }
}

json_object *graph_order(struct tpl *t)
{
    json_object *res = json_object_object_get(t->doc, "Resources");
    json_object *deps = json_object_new_object(), *order = json_object_new_array(), *done = json_object_new_object();
    size_t total = 0;
    json_object_object_foreach(res, name, decl)
    {
        int in = tpl_included(t, decl);
        if (in < 0) goto fail;
        if (!in) continue;
        json_object *d = json_object_new_object(), *on = NULL;
        json_object_object_add(deps, name, d);
        total++;
        refs(res, json_object_object_get(decl, "Properties"), d);
        refs(res, json_object_object_get(decl, "Metadata"), d);
        if (json_object_object_get_ex(decl, "DependsOn", &on)) {
            size_t n = json_object_is_type(on, json_type_array) ? json_object_array_length(on) : 1;
            for (size_t i = 0; i < n; i++) {
                json_object *e = json_object_is_type(on, json_type_array) ? json_object_array_get_idx(on, i) : on;
                const char *s = json_object_get_string(e);
                if (!s || !json_object_object_get_ex(res, s, NULL)) {
                    snprintf(t->err, sizeof t->err,
                             "Template format error: Unresolved resource dependencies [%s] in the Resources block of the template", s ? s : "?");
                    goto fail;
                }
                json_object_object_add(d, s, NULL);
            }
        }
    }
    while (json_object_array_length(order) < total) {
        int progressed = 0;
        json_object_object_foreach(deps, name2, d)
        {
            if (json_object_object_get_ex(done, name2, NULL)) continue;
            int ready = 1;
            json_object_object_foreach(d, dep, unused)
            {
                (void)unused;
                /* a dependency on a resource left out by its condition does not hold anything up */
                if (json_object_object_get_ex(deps, dep, NULL) && !json_object_object_get_ex(done, dep, NULL)) ready = 0;
            }
            if (!ready) continue;
            json_object_array_add(order, json_object_new_string(name2));
            json_object_object_add(done, name2, NULL);
            progressed = 1;
            break;
        }
        if (!progressed) {
            buf b = {0};
            json_object_object_foreach(deps, n3, d3)
            {
                (void)d3;
                if (!json_object_object_get_ex(done, n3, NULL)) buf_printf(&b, "%s%s", b.len ? ", " : "", n3);
            }
            snprintf(t->err, sizeof t->err, "Template format error: Circular dependency between resources: [%s]", b.data);
            buf_free(&b);
            goto fail;
        }
    }
    json_object_put(deps);
    json_object_put(done);
    return order;
fail:
    json_object_put(deps);
    json_object_put(done);
    json_object_put(order);
    return NULL;
}
