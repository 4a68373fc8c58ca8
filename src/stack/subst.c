/* The renderer of subst.h: walks a construct's YAML, resolves `${...}` names in the scope of one stack
 * resource and builds json-c values; strings with references become Fn::Join (never Fn::Sub, so a
 * construct never has to escape CloudFormation's own ${} syntax). */
#include "stack/subst.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "stack/links.h"

char *subst_logical_id(const stack_resource *r, const char *local)
{
    buf id = {0};
    buf_printf(&id, "%s%s", r->id, local);
    return buf_detach(&id);
}

static json_object *intrinsic(const char *fn, json_object *arg)
{
    json_object *o = json_object_new_object();
    json_object_object_add(o, fn, arg);
    return o;
}

static bool is_intrinsic(json_object *o)
{
    if (!json_object_is_type(o, json_type_object) || json_object_object_length(o) != 1) return false;
    json_object_object_foreach(o, key, val)
    {
        (void)val;
        return strcmp(key, "Ref") == 0 || strncmp(key, "Fn::", 4) == 0;
    }
    return false;
}

/* The pieces of a string being built: literal text and references, joined at the end. */
struct parts {
    json_object *list; /* finished pieces: strings and intrinsics */
    buf text;          /* literal text not yet in list */
};

static void parts_flush(struct parts *p)
{
    if (!p->text.len) return;
    json_object_array_add(p->list, json_object_new_string_len(p->text.data, (int)p->text.len));
    buf_reset(&p->text);
}

/* Appends a value to a string: scalars as text, references as pieces (a Fn::Join with "" is spliced). */
static bool parts_add(struct parts *p, json_object *v)
{
    switch (json_object_get_type(v)) {
    case json_type_string:
        buf_adds(&p->text, json_object_get_string(v));
        return true;
    case json_type_int:
        buf_printf(&p->text, "%lld", (long long)json_object_get_int64(v));
        return true;
    case json_type_boolean:
        buf_adds(&p->text, json_object_get_boolean(v) ? "true" : "false");
        return true;
    case json_type_object: {
        if (!is_intrinsic(v)) return false;
        json_object *join = json_object_object_get(v, "Fn::Join");
        if (join && strcmp(json_object_get_string(json_object_array_get_idx(join, 0)), "") == 0) {
            json_object *list = json_object_array_get_idx(join, 1);
            for (size_t i = 0; i < json_object_array_length(list); i++)
                parts_add(p, json_object_array_get_idx(list, i));
            return true;
        }
        parts_flush(p);
        json_object_array_add(p->list, json_object_get(v));
        return true;
    }
    default:
        return false;
    }
}

static json_object *parts_finish(struct parts *p)
{
    json_object *out;
    if (json_object_array_length(p->list) == 0) {
        out = json_object_new_string(p->text.data ? p->text.data : "");
    } else {
        parts_flush(p);
        if (json_object_array_length(p->list) == 1) {
            out = json_object_get(json_object_array_get_idx(p->list, 0));
        } else {
            json_object *args = json_object_new_array();
            json_object_array_add(args, json_object_new_string(""));
            json_object_array_add(args, json_object_get(p->list));
            out = intrinsic("Fn::Join", args);
        }
    }
    json_object_put(p->list);
    buf_free(&p->text);
    return out;
}

static json_object *lookup(const subst_scope *sc, const char *expr, srcpos at);

/* Names a construct may use, for the did-you-mean of an unknown one. */
static void unknown_name(const subst_scope *sc, const char *name, srcpos at)
{
    const construct *c = sc->self->c;
    const char **names = calloc(c->n_params + 8 + (c->values ? c->values->n : 0) + c->resources->n +
                                    (c->inputs ? c->inputs->n : 0),
                                sizeof *names);
    if (!names) abort();
    size_t n = 0;
    const char *builtins[] = {"self", "stack", "tags", "links", "reads", "writes"};
    for (size_t i = 0; i < sizeof builtins / sizeof *builtins; i++) names[n++] = builtins[i];
    for (size_t i = 0; i < c->n_params; i++) names[n++] = c->params[i].name;
    const ynode *maps[] = {c->values, c->resources, c->inputs};
    for (size_t m = 0; m < 3; m++)
        for (size_t i = 0; maps[m] && i < maps[m]->n; i++) names[n++] = maps[m]->keys[i]->text;
    char hint[DIAG_HINT_SIZE];
    diag_add(sc->d, at, NULL, "${%s}: unknown name '%s' in construct %s%s", name, name, c->name,
             diag_hint(hint, name, names, n));
    free(names);
}

static json_object *subst_export(const subst_scope *sc, const stack_resource *r, const char *name, srcpos at)
{
    const ynode *e = ynode_get(r->c->exports, name);
    if (!e) {
        diag_add(sc->d, at, NULL, "a %s exports no '%s'", r->c->name, name);
        return NULL;
    }
    if (sc->depth >= SUBST_MAX_DEPTH) {
        diag_add(sc->d, at, NULL, "references nest too deep (a cycle through exports?)");
        return NULL;
    }
    subst_scope inner = {sc->s, r, sc->d, sc->depth + 1};
    bool omit = false;
    json_object *v = subst_render(&inner, e, &omit);
    if (!v && omit) diag_add(sc->d, at, NULL, "export '%s' of %s has no value here", name, r->name);
    return v;
}

/* reads.<construct>.<Export>: the export of the first resource of that construct linked that way. */
static json_object *linked_export(const subst_scope *sc, enum link_kind kind, const char *rest, srcpos at)
{
    const char *dot = strchr(rest, '.');
    if (!dot) {
        diag_add(sc->d, at, NULL, "${%s.%s}: expected %s.<construct>.<export>", link_kind_names[kind], rest,
                 link_kind_names[kind]);
        return NULL;
    }
    char *cname = strndup(rest, (size_t)(dot - rest));
    const stack_resource *self = sc->self, *target = NULL;
    for (size_t i = 0; i < self->n_links && !target; i++)
        if (self->links[i].kind == kind && self->links[i].to &&
            strcmp(self->links[i].to->c->name, cname) == 0)
            target = self->links[i].to;
    json_object *v = NULL;
    if (target) {
        v = subst_export(sc, target, dot + 1, at);
    } else {
        buf path = {0};
        buf_printf(&path, "resources.%s.%s", self->name, link_kind_names[kind]);
        diag_add(sc->d, self->key->pos, path.data,
                 "needs a link to a %s resource (the %s construct uses one)", cname, self->c->name);
        buf_free(&path);
    }
    free(cname);
    return v;
}

/* The stack's tags as CloudFormation's [{Key, Value}]; JSON null (left out) when there are none. */
static json_object *stack_tags(const stack *s)
{
    if (!s->tags || s->tags->n == 0) return json_object_new_null();
    json_object *list = json_object_new_array();
    for (size_t i = 0; s->tags && i < s->tags->n; i++) {
        json_object *tag = json_object_new_object();
        json_object_object_add(tag, "Key", json_object_new_string(s->tags->keys[i]->text));
        json_object_object_add(tag, "Value", json_object_new_string(s->tags->items[i]->text));
        json_object_array_add(list, tag);
    }
    return list;
}

/* A local resource: Ref, GetAtt or its logical ID; refused when its `when:` leaves it out. */
static json_object *local_ref(const subst_scope *sc, const char *local, const char *attr, const ynode *def,
                              srcpos at)
{
    const ynode *when = ynode_get(def, "when");
    subst_scope inner = {sc->s, sc->self, sc->d, sc->depth + 1}; /* a `when:` may name the resource itself */
    if (when && inner.depth >= SUBST_MAX_DEPTH) {
        diag_add(sc->d, at, NULL, "${%s}: references nest too deep (a loop through when:?)", local);
        return NULL;
    }
    if (when && !subst_when(&inner, when)) {
        diag_add(sc->d, at, NULL, "${%s}: resource %s is switched off here (when: %s)", local, local,
                 when->text);
        return NULL;
    }
    char *id = subst_logical_id(sc->self, local);
    json_object *v;
    if (!attr) {
        v = intrinsic("Ref", json_object_new_string(id));
    } else if (strcmp(attr, "LogicalId") == 0) {
        v = json_object_new_string(id);
    } else {
        json_object *args = json_object_new_array();
        json_object_array_add(args, json_object_new_string(id));
        json_object_array_add(args, json_object_new_string(attr));
        v = intrinsic("Fn::GetAtt", args);
    }
    free(id);
    return v;
}

/* The value of a name (no filter). NULL after an error; JSON null for an unset optional parameter. */
static json_object *resolve(const subst_scope *sc, const char *name, srcpos at)
{
    const stack_resource *self = sc->self;
    const construct *c = self->c;
    const char *dot = strchr(name, '.');
    char *head = dot ? strndup(name, (size_t)(dot - name)) : strdup(name);
    const char *rest = dot ? dot + 1 : NULL;
    json_object *v = NULL;
    const param_spec *p = construct_param(c, head);
    const ynode *def;
    if (!rest && strcmp(head, "self") == 0) {
        v = json_object_new_string(self->name);
    } else if (!rest && strcmp(head, "stack") == 0) {
        v = json_object_new_string(sc->s->name ? sc->s->name : "");
    } else if (!rest && strcmp(head, "tags") == 0) {
        v = stack_tags(sc->s);
    } else if (!rest && strcmp(head, "links") == 0) {
        v = links_statements(sc);
    } else if (strncmp(name, "AWS::", 5) == 0) {
        v = intrinsic("Ref", json_object_new_string(name));
    } else if (rest && (strcmp(head, "reads") == 0 || strcmp(head, "writes") == 0)) {
        v = linked_export(sc, head[0] == 'r' ? LINK_READS : LINK_WRITES, rest, at);
    } else if (p && !rest) {
        json_object *val = stack_value(self, head);
        v = val ? json_object_get(val) : json_object_new_null();
    } else if (p && p->type == PARAM_RESOURCE) {
        json_object *val = stack_value(self, head);
        const stack_resource *target = val ? stack_find(sc->s, json_object_get_string(val)) : NULL;
        if (target)
            v = subst_export(sc, target, rest, at);
        else if (!val)
            diag_add(sc->d, at, NULL, "${%s}: parameter %s is not set", name, head);
    } else if (!rest && (def = ynode_get(c->values, head))) {
        bool omit = false;
        subst_scope inner = {sc->s, self, sc->d, sc->depth + 1};
        if (inner.depth < SUBST_MAX_DEPTH)
            v = subst_render(&inner, def, &omit);
        else
            diag_add(sc->d, at, NULL, "${%s}: values refer to each other in a loop", name);
        if (!v && omit) v = json_object_new_null();
    } else if ((def = ynode_get(c->resources, head))) {
        v = local_ref(sc, head, rest, def, at);
    } else if (!rest && ynode_get(c->inputs, head)) {
        v = intrinsic("Ref", json_object_new_string(head));
    } else {
        unknown_name(sc, name, at);
    }
    free(head);
    return v;
}

/* A mapping as KEY=VALUE lines (systemd's EnvironmentFile format), references kept as pieces. */
static json_object *filter_env(json_object *v)
{
    if (!json_object_is_type(v, json_type_object) || is_intrinsic(v)) return NULL;
    struct parts p = {json_object_new_array(), {0}};
    json_object_object_foreach(v, key, val)
    {
        buf_printf(&p.text, "%s=", key);
        if (!parts_add(&p, val)) {
            json_object_put(parts_finish(&p));
            return NULL;
        }
        buf_addc(&p.text, '\n');
    }
    return parts_finish(&p);
}

static json_object *filter_snake(json_object *v)
{
    if (!json_object_is_type(v, json_type_string)) return NULL;
    buf out = {0};
    for (const char *s = json_object_get_string(v); *s; s++)
        buf_addc(&out, isalnum((unsigned char)*s) ? (char)tolower((unsigned char)*s) : '_');
    json_object *r = json_object_new_string(out.data ? out.data : "");
    buf_free(&out);
    return r;
}

static json_object *lookup(const subst_scope *sc, const char *expr, srcpos at)
{
    buf name = {0};
    const char *bar = strchr(expr, '|');
    buf_add(&name, expr, bar ? (size_t)(bar - expr) : strlen(expr));
    json_object *v = resolve(sc, name.data, at);
    if (v && bar) {
        json_object *f = NULL;
        if (strcmp(bar + 1, "env") == 0)
            f = filter_env(v);
        else if (strcmp(bar + 1, "snake") == 0)
            f = filter_snake(v);
        else
            diag_add(sc->d, at, NULL, "${%s}: unknown filter '%s' (env, snake)", expr, bar + 1);
        if (!f && (!strcmp(bar + 1, "env") || !strcmp(bar + 1, "snake")))
            diag_add(sc->d, at, NULL, "${%s}: filter %s does not apply to this value", expr, bar + 1);
        json_object_put(v);
        v = f;
    }
    buf_free(&name);
    return v;
}

/* The expression of a scalar that is exactly one `${...}`, or NULL. Caller frees. */
static char *whole_placeholder(const char *text)
{
    size_t len = strlen(text);
    if (len < 4 || strncmp(text, "${", 2) != 0 || text[len - 1] != '}') return NULL;
    if (memchr(text + 2, '}', len - 3) || strstr(text + 2, "${")) return NULL;
    return strndup(text + 2, len - 3);
}

/* A string with `${...}` inside: text, or Fn::Join when a piece is a reference. */
static json_object *render_string(const subst_scope *sc, const ynode *n)
{
    struct parts p = {json_object_new_array(), {0}};
    const char *s = n->text;
    bool ok = true;
    while (*s) {
        if (s[0] == '$' && s[1] == '$' && s[2] == '{') {
            buf_adds(&p.text, "${");
            s += 3;
            continue;
        }
        if (s[0] != '$' || s[1] != '{') {
            buf_addc(&p.text, *s++);
            continue;
        }
        const char *end = strchr(s + 2, '}');
        if (!end) {
            diag_add(sc->d, n->pos, NULL, "'${' without a closing '}' (write $${ for a literal ${)");
            ok = false;
            break;
        }
        char *expr = strndup(s + 2, (size_t)(end - s - 2));
        json_object *v = lookup(sc, expr, n->pos);
        if (v && !parts_add(&p, v)) {
            diag_add(sc->d, n->pos, NULL, "${%s}: %s cannot be part of a string", expr,
                     json_object_is_type(v, json_type_null) ? "an unset value" : "a list or mapping");
            ok = false;
        }
        ok = ok && v;
        json_object_put(v);
        free(expr);
        s = end + 1;
    }
    json_object *out = parts_finish(&p);
    if (ok) return out;
    json_object_put(out);
    return NULL;
}

static json_object *render_scalar(const subst_scope *sc, const ynode *n, bool *omit)
{
    if (!n->quoted) {
        long long i;
        bool b;
        if (ynode_is_null(n)) {
            *omit = true;
            return NULL;
        }
        if (ynode_int(n, &i) == 0) return json_object_new_int64(i);
        if (ynode_bool(n, &b) == 0) return json_object_new_boolean(b);
        char *expr = whole_placeholder(n->text);
        if (expr) {
            json_object *v = lookup(sc, expr, n->pos);
            free(expr);
            if (v && json_object_is_type(v, json_type_null)) {
                json_object_put(v);
                *omit = true;
                return NULL;
            }
            return v;
        }
    }
    return render_string(sc, n);
}

static bool is_conditional(const ynode *n)
{
    if (n->kind != YNODE_MAP || !ynode_get(n, "when") || !ynode_get(n, "value")) return false;
    return n->n == 2 || (n->n == 3 && ynode_get(n, "else"));
}

json_object *subst_render(const subst_scope *sc, const ynode *n, bool *omit)
{
    *omit = false;
    if (n->kind == YNODE_SCALAR) return render_scalar(sc, n, omit);
    if (is_conditional(n)) {
        const ynode *branch =
            subst_when(sc, ynode_get(n, "when")) ? ynode_get(n, "value") : ynode_get(n, "else");
        if (!branch) {
            *omit = true;
            return NULL;
        }
        return subst_render(sc, branch, omit);
    }
    json_object *out = n->kind == YNODE_MAP ? json_object_new_object() : json_object_new_array();
    for (size_t i = 0; i < n->n; i++) {
        bool skip = false;
        json_object *v = subst_render(sc, n->items[i], &skip);
        if (!v) continue; /* omitted, or an error already reported */
        if (n->kind == YNODE_MAP)
            json_object_object_add(out, n->keys[i]->text, v);
        else
            json_object_array_add(out, v);
    }
    return out;
}

static bool truthy(json_object *v)
{
    switch (json_object_get_type(v)) {
    case json_type_null:
        return false;
    case json_type_boolean:
        return json_object_get_boolean(v);
    case json_type_int:
        return json_object_get_int64(v) != 0;
    case json_type_string:
        return json_object_get_string_len(v) > 0;
    case json_type_array:
        return json_object_array_length(v) > 0;
    default:
        return true;
    }
}

bool subst_when(const subst_scope *sc, const ynode *cond)
{
    if (cond->kind != YNODE_SCALAR) {
        diag_add(sc->d, cond->pos, NULL,
                 "when: expected a condition such as 'name', '!name' or 'name == value'");
        return false;
    }
    const char *s = cond->text;
    while (*s == ' ') s++;
    bool negate = *s == '!';
    if (negate) s++;
    const char *op = strstr(s, "==");
    if (!op) op = strstr(s, "!=");
    buf name = {0};
    buf_add(&name, s, op ? (size_t)(op - s) : strlen(s));
    while (name.len && name.data[name.len - 1] == ' ') name.data[--name.len] = 0;
    json_object *v = lookup(sc, name.data, cond->pos);
    bool result = false;
    if (v && op) {
        const char *want = op + 2;
        while (*want == ' ') want++;
        struct parts p = {json_object_new_array(), {0}};
        bool scalar = parts_add(&p, v) && json_object_array_length(p.list) == 0;
        json_object *text = parts_finish(&p);
        result = scalar && strcmp(json_object_get_string(text), want) == 0;
        if (op[0] == '!') result = !result;
        json_object_put(text);
    } else if (v) {
        result = truthy(v);
    }
    json_object_put(v);
    buf_free(&name);
    return negate ? !result : result;
}
