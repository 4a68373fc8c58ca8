/* Parameter definitions of a construct (param.h) and the checks of stack values against them: the
 * message says what was expected and what was written. */
#include "stack/param.h"

#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/rfc3339.h"

static const char *const spec_keys[] = {
    "type",    "default",      "required",  "setting",     "allowed",         "min", "max", "divides",
    "pattern", "pattern_help", "construct", "description", "timestamp_prefix"};
static const char *const type_names[] = {"string", "integer", "boolean", "list", "resource"};
#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* "got ..." part of a message: the scalar as written, or what kind of node it is. */
static void describe_got(buf *b, const ynode *v)
{
    long long i;
    bool plain_number = ynode_int(v, &i) == 0;
    if (v->kind == YNODE_SCALAR && !ynode_is_null(v))
        buf_printf(b, plain_number ? "%s" : "\"%s\"", v->text);
    else
        buf_adds(b, ynode_kind_name(v));
}

static void describe_expected(buf *b, const param_spec *p)
{
    switch (p->type) {
    case PARAM_INTEGER:
        buf_adds(b, "an integer");
        if (p->has_min && p->has_max)
            buf_printf(b, " from %lld to %lld", p->min, p->max);
        else if (p->has_min)
            buf_printf(b, " of at least %lld", p->min);
        else if (p->has_max)
            buf_printf(b, " of at most %lld", p->max);
        if (p->divides) buf_printf(b, " that divides %lld", p->divides);
        return;
    case PARAM_BOOLEAN:
        buf_adds(b, "true or false");
        return;
    case PARAM_RESOURCE:
        buf_printf(b, "the name of a %s resource", p->construct);
        return;
    case PARAM_LIST:
        buf_adds(b, "a list of ");
        break;
    case PARAM_STRING:
        break;
    }
    if (p->allowed) {
        buf_adds(b, "one of ");
        for (size_t i = 0; i < p->allowed->n; i++)
            buf_printf(b, "%s%s", i ? ", " : "", p->allowed->items[i]->text);
    } else if (p->pattern_help) {
        buf_adds(b, p->pattern_help);
    } else {
        buf_adds(b, p->type == PARAM_LIST ? "strings" : "a string");
    }
}

static void reject(const param_spec *p, const ynode *v, const char *path, diag_list *d)
{
    buf msg = {0};
    buf_adds(&msg, "expected ");
    describe_expected(&msg, p);
    buf_adds(&msg, ", got ");
    describe_got(&msg, v);
    diag_add(d, v->pos, path, "%s", msg.data);
    buf_free(&msg);
}

/* A string value: any scalar but null, in the allowed list and matching the pattern when given. */
static bool string_ok(const param_spec *p, const ynode *v)
{
    if (v->kind != YNODE_SCALAR || ynode_is_null(v)) return false;
    if (p->allowed) {
        bool found = false;
        for (size_t i = 0; i < p->allowed->n && !found; i++)
            found = strcmp(p->allowed->items[i]->text, v->text) == 0;
        if (!found) return false;
    }
    if (p->has_re && regexec(&p->re, v->text, 0, NULL, 0) != 0) return false;
    size_t plen = p->timestamp_prefix ? strlen(p->timestamp_prefix) : 0;
    int64_t sec;
    int32_t nsec;
    return !plen || strncmp(v->text, p->timestamp_prefix, plen) != 0 ||
           rfc3339_parse(v->text + plen, strlen(v->text + plen), &sec, &nsec) == 0;
}

json_object *param_check(const param_spec *p, const ynode *v, const char *path, diag_list *d)
{
    switch (p->type) {
    case PARAM_INTEGER: {
        long long x;
        if (ynode_int(v, &x) != 0 || (p->has_min && x < p->min) || (p->has_max && x > p->max) ||
            (p->divides && (x == 0 || p->divides % x != 0)))
            break;
        return json_object_new_int64(x);
    }
    case PARAM_BOOLEAN: {
        bool x;
        if (ynode_bool(v, &x) != 0) break;
        return json_object_new_boolean(x);
    }
    case PARAM_STRING:
    case PARAM_RESOURCE:
        if (!string_ok(p, v)) break;
        return json_object_new_string(v->text);
    case PARAM_LIST: {
        if (v->kind != YNODE_SEQ) break;
        json_object *list = json_object_new_array();
        bool ok = true;
        for (size_t i = 0; i < v->n; i++) {
            if (!string_ok(p, v->items[i])) {
                buf at = {0};
                buf_printf(&at, "%s[%zu]", path, i);
                reject(p, v->items[i], at.data, d);
                buf_free(&at);
                ok = false;
                continue;
            }
            json_object_array_add(list, json_object_new_string(v->items[i]->text));
        }
        if (ok) return list;
        json_object_put(list);
        return NULL;
    }
    }
    reject(p, v, path, d);
    return NULL;
}

static bool spec_int(const ynode *def, const char *key, long long *out, const char *path, diag_list *d)
{
    const ynode *v = ynode_get(def, key);
    if (!v) return false;
    if (ynode_int(v, out) != 0) {
        diag_add(d, v->pos, path, "%s: expected an integer", key);
        return false;
    }
    return true;
}

static const char *spec_string(const ynode *def, const char *key, const char *path, diag_list *d)
{
    const ynode *v = ynode_get(def, key);
    if (!v) return NULL;
    if (v->kind != YNODE_SCALAR) {
        diag_add(d, v->pos, path, "%s: expected a string, got %s", key, ynode_kind_name(v));
        return NULL;
    }
    return v->text;
}

int param_spec_load(param_spec *p, const char *name, const ynode *def, const char *path, diag_list *d)
{
    size_t before = diag_count(d);
    *p = (param_spec){.name = name, .at = def};
    if (def->kind != YNODE_MAP) {
        diag_add(d, def->pos, path, "expected a mapping (type, default, ...), got %s", ynode_kind_name(def));
        return -1;
    }
    ynode_check_keys(def, spec_keys, COUNT(spec_keys), path, d);
    const char *type = spec_string(def, "type", path, d);
    size_t t = 0;
    while (type && t < COUNT(type_names) && strcmp(type, type_names[t]) != 0) t++;
    if (!type || t == COUNT(type_names)) {
        diag_add(d, def->pos, path, "type: expected one of string, integer, boolean, list, resource");
        return -1;
    }
    p->type = (enum param_type)t;
    p->description = spec_string(def, "description", path, d);
    p->pattern_help = spec_string(def, "pattern_help", path, d);
    p->construct = spec_string(def, "construct", path, d);
    p->timestamp_prefix = spec_string(def, "timestamp_prefix", path, d);
    if (p->type == PARAM_RESOURCE && !p->construct)
        diag_add(d, def->pos, path, "a resource parameter needs construct: (the construct it must be)");
    p->has_min = spec_int(def, "min", &p->min, path, d);
    p->has_max = spec_int(def, "max", &p->max, path, d);
    spec_int(def, "divides", &p->divides, path, d);
    const ynode *v;
    if ((v = ynode_get(def, "setting")) && ynode_bool(v, &p->setting) != 0)
        diag_add(d, v->pos, path, "setting: expected true or false");
    if ((v = ynode_get(def, "required")) && ynode_bool(v, &p->required) != 0)
        diag_add(d, v->pos, path, "required: expected true or false");
    if ((v = ynode_get(def, "allowed"))) {
        bool ok = v->kind == YNODE_SEQ && v->n > 0;
        for (size_t i = 0; ok && i < v->n; i++) ok = v->items[i]->kind == YNODE_SCALAR;
        if (ok)
            p->allowed = v;
        else
            diag_add(d, v->pos, path, "allowed: expected a list of strings");
    }
    const char *pattern = spec_string(def, "pattern", path, d);
    if (pattern) {
        p->pattern = strdup(pattern);
        if (regcomp(&p->re, pattern, REG_EXTENDED | REG_NOSUB) == 0)
            p->has_re = true;
        else
            diag_add(d, ynode_get(def, "pattern")->pos, path,
                     "pattern: not a valid extended regular expression");
    }
    if ((v = ynode_get(def, "default"))) {
        buf at = {0};
        buf_printf(&at, "%s.default", path);
        p->def = param_check(p, v, at.data, d);
        buf_free(&at);
        if (p->required) diag_add(d, v->pos, path, "a required parameter has no default");
    }
    return diag_count(d) == before ? 0 : -1;
}

void param_spec_free(param_spec *p)
{
    json_object_put(p->def);
    if (p->has_re) regfree(&p->re);
    free(p->pattern);
    *p = (param_spec){0};
}
