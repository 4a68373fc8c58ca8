/* Links between resources (links.h): targets resolved and checked, cycles refused, and each link made
 * into the IAM statements the target's construct declares for that grant, scoped to its ARNs. */
#include "stack/links.h"

#include <stdlib.h>
#include <string.h>

#include "base/buf.h"

/* An edge of the dependency graph: from a resource to one it reads, writes or names in a parameter. */
struct edge {
    stack_resource *to;
    const ynode *at;
    const char *what; /* "reads", "writes" or the parameter's name */
};

/* A name that is no resource; quiet when the resource is written but invalid (already reported). */
static void no_such_resource(const stack *s, const ynode *at, const char *path, diag_list *d)
{
    if (ynode_get(s->resources, at->text)) return;
    const char **names = calloc(s->n_res + 1, sizeof *names);
    if (!names) abort();
    for (size_t i = 0; i < s->n_res; i++) names[i] = s->res[i].name;
    char hint[DIAG_HINT_SIZE];
    diag_add(d, at->pos, path, "no resource named '%s'%s", at->text,
             diag_hint(hint, at->text, names, s->n_res));
    free(names);
}

static void resolve_links(stack *s, stack_resource *r, diag_list *d)
{
    buf path = {0};
    for (size_t i = 0; i < r->n_links; i++) {
        struct stack_link *l = &r->links[i];
        buf_reset(&path);
        buf_printf(&path, "resources.%s.%s", r->name, link_kind_names[l->kind]);
        stack_resource *to = stack_find(s, l->at->text);
        if (!to) {
            no_such_resource(s, l->at, path.data, d);
        } else if (!construct_grant(to->c, link_grant_names[l->kind])) {
            diag_add(d, l->at->pos, path.data, "%s is a %s, which cannot grant '%s'", to->name, to->c->name,
                     link_grant_names[l->kind]);
        } else {
            for (size_t k = 0; k < i; k++)
                if (r->links[k].to == to && r->links[k].kind == l->kind)
                    diag_add(d, l->at->pos, path.data, "'%s' is listed twice", to->name);
            l->to = to;
        }
    }
    buf_free(&path);
}

/* Parameters of type resource must name a resource of the right construct. */
static void resolve_params(stack *s, stack_resource *r, diag_list *d)
{
    for (size_t i = 0; i < r->c->n_params; i++) {
        const param_spec *p = &r->c->params[i];
        if (p->type != PARAM_RESOURCE || !r->values[i]) continue;
        const ynode *at = ynode_get(r->node, p->name);
        if (!at) at = r->key;
        buf path = {0};
        buf_printf(&path, "resources.%s.%s", r->name, p->name);
        const stack_resource *to = stack_find(s, json_object_get_string(r->values[i]));
        if (!to)
            no_such_resource(s, at, path.data, d);
        else if (strcmp(to->c->name, p->construct) != 0)
            diag_add(d, at->pos, path.data, "%s is a %s, expected a %s", to->name, to->c->name, p->construct);
        buf_free(&path);
    }
}

static size_t edges_of(const stack *s, const stack_resource *r, struct edge *out)
{
    size_t n = 0;
    for (size_t i = 0; i < r->n_links; i++)
        if (r->links[i].to)
            out[n++] = (struct edge){r->links[i].to, r->links[i].at, link_kind_names[r->links[i].kind]};
    for (size_t i = 0; i < r->c->n_params; i++) {
        const param_spec *p = &r->c->params[i];
        if (p->type != PARAM_RESOURCE || !r->values[i]) continue;
        stack_resource *to = stack_find(s, json_object_get_string(r->values[i]));
        const ynode *at = ynode_get(r->node, p->name);
        if (to && at && strcmp(to->c->name, p->construct) == 0) out[n++] = (struct edge){to, at, p->name};
    }
    return n;
}

enum { WHITE, GREY, BLACK };

/* Depth-first search; a grey target closes a cycle, reported at the edge that closes it. */
static void visit(const stack *s, size_t i, int *colour, size_t *trail, size_t depth, diag_list *d)
{
    const stack_resource *r = &s->res[i];
    colour[i] = GREY;
    trail[depth] = i;
    struct edge *edges = calloc(r->n_links + r->c->n_params + 1, sizeof *edges);
    if (!edges) abort();
    size_t n = edges_of(s, r, edges);
    for (size_t e = 0; e < n; e++) {
        size_t j = (size_t)(edges[e].to - s->res);
        if (colour[j] == GREY) {
            buf cycle = {0};
            size_t start = depth;
            while (trail[start] != j) start--;
            for (size_t k = start; k <= depth; k++) buf_printf(&cycle, "%s -> ", s->res[trail[k]].name);
            buf_adds(&cycle, s->res[j].name);
            buf path = {0};
            buf_printf(&path, "resources.%s.%s", r->name, edges[e].what);
            diag_add(d, edges[e].at->pos, path.data, "cycle: %s", cycle.data);
            buf_free(&cycle);
            buf_free(&path);
        } else if (colour[j] == WHITE) {
            visit(s, j, colour, trail, depth + 1, d);
        }
    }
    free(edges);
    colour[i] = BLACK;
}

void links_resolve(stack *s, diag_list *d)
{
    for (size_t i = 0; i < s->n_res; i++) {
        resolve_links(s, &s->res[i], d);
        resolve_params(s, &s->res[i], d);
    }
    int *colour = calloc(s->n_res + 1, sizeof *colour);
    size_t *trail = calloc(s->n_res + 1, sizeof *trail);
    if (!colour || !trail) abort();
    for (size_t i = 0; i < s->n_res; i++)
        if (colour[i] == WHITE) visit(s, i, colour, trail, 0, d);
    free(colour);
    free(trail);
}

/* An IAM action named one by one: service:Action, letters and digits only (no wildcard). */
static bool action_ok(const char *a)
{
    const char *colon = strchr(a, ':');
    if (!colon || colon == a || !colon[1]) return false;
    for (const char *p = a; *p; p++)
        if (p != colon &&
            !((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '-'))
            return false;
    return true;
}

/* Checks and copies one grant statement into a fresh one with Sid and Effect first. */
static json_object *statement(const subst_scope *target, const ynode *def, const char *sid)
{
    static const char *const keys[] = {"Action", "Resource", "Condition"};
    if (def->kind != YNODE_MAP) {
        diag_add(target->d, def->pos, NULL, "a grant statement is a mapping of Action, Resource, Condition");
        return NULL;
    }
    for (size_t i = 0; i < def->n; i++) {
        bool ok = false;
        for (size_t k = 0; k < 3 && !ok; k++) ok = strcmp(def->keys[i]->text, keys[k]) == 0;
        if (!ok)
            diag_add(target->d, def->keys[i]->pos, NULL,
                     "unknown key '%s' in a grant (Action, Resource, Condition)", def->keys[i]->text);
    }
    bool omit = false;
    json_object *body = subst_render(target, def, &omit);
    if (!body) return NULL;
    json_object *st = json_object_new_object();
    json_object_object_add(st, "Sid", json_object_new_string(sid));
    json_object_object_add(st, "Effect", json_object_new_string("Allow"));
    json_object *action = json_object_object_get(body, "Action");
    size_t n = json_object_is_type(action, json_type_array) ? json_object_array_length(action) : 1;
    bool ok = action && n > 0;
    for (size_t i = 0; ok && i < n; i++) {
        json_object *a =
            json_object_is_type(action, json_type_array) ? json_object_array_get_idx(action, i) : action;
        ok = json_object_is_type(a, json_type_string) && action_ok(json_object_get_string(a));
    }
    if (!ok)
        diag_add(target->d, def->pos, NULL,
                 "Action: expected service:Action names, one by one (no wildcard)");
    json_object *resource = json_object_object_get(body, "Resource");
    if (!resource || (json_object_is_type(resource, json_type_string) &&
                      strcmp(json_object_get_string(resource), "*") == 0))
        diag_add(target->d, def->pos, NULL, "Resource: expected the ARNs the grant is scoped to");
    json_object_object_foreach(body, key, val) json_object_object_add(st, key, json_object_get(val));
    json_object_put(body);
    return st;
}

json_object *links_statements(const subst_scope *sc)
{
    json_object *list = json_object_new_array();
    if (sc->depth >= SUBST_MAX_DEPTH) {
        diag_add(sc->d, sc->self->key->pos, NULL,
                 "${links}: references nest too deep (grants that name links?)");
        return list;
    }
    for (size_t i = 0; i < sc->self->n_links; i++) {
        const struct stack_link *l = &sc->self->links[i];
        if (!l->to) continue;
        const ynode *grant = construct_grant(l->to->c, link_grant_names[l->kind]);
        subst_scope target = {sc->s, l->to, sc->d, sc->depth + 1};
        const ynode *one = grant;
        size_t n = grant->kind == YNODE_SEQ ? grant->n : 1;
        for (size_t k = 0; k < n; k++) {
            if (grant->kind == YNODE_SEQ) one = grant->items[k];
            buf sid = {0};
            buf_printf(&sid, "%s%s", l->kind == LINK_READS ? "Read" : "Write", l->to->id);
            if (n > 1) buf_printf(&sid, "%zu", k + 1);
            json_object *st = statement(&target, one, sid.data);
            if (st) json_object_array_add(list, st);
            buf_free(&sid);
        }
    }
    return list;
}
