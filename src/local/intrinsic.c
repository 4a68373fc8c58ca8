/* Intrinsic functions and conditions of a CloudFormation template, evaluated against the parameter
 * values, pseudo parameters and the physical ids and attributes of resources already created. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "local/ident.h"
#include "local/stack.h"
#include "local/template.h"

static int fail(struct tpl *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail(struct tpl *t, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(t->err, sizeof t->err, fmt, ap);
    va_end(ap);
    return -1;
}

const char *tpl_scalar(json_object *v)
{
    switch (json_object_get_type(v)) {
    case json_type_string:
    case json_type_int:
    case json_type_double:
    case json_type_boolean: return json_object_get_string(v);
    default: return NULL;
    }
}

static json_object *section(struct tpl *t, const char *name)
{
    json_object *v = NULL;
    json_object_object_get_ex(t->doc, name, &v);
    return json_object_is_type(v, json_type_object) ? v : NULL;
}

static int is_list_type(const char *type)
{
    return type && (strcmp(type, "CommaDelimitedList") == 0 || strncmp(type, "List<", 5) == 0 ||
                    strncmp(type, "AWS::SSM::Parameter::Value<List<", 32) == 0 ||
                    strncmp(type, "AWS::SSM::Parameter::Value<CommaDelimitedList", 45) == 0);
}

static json_object *split(const char *s, const char *delim)
{
    json_object *arr = json_object_new_array();
    size_t dl = strlen(delim);
    for (;;) {
        const char *e = dl ? strstr(s, delim) : NULL;
        size_t n = e ? (size_t)(e - s) : strlen(s);
        json_object_array_add(arr, json_object_new_string_len(s, (int)n));
        if (!e) break;
        s = e + dl;
    }
    return arr;
}

/* The created resource with this logical id (with a PhysicalResourceId), else NULL. */
static json_object *created(struct tpl *t, const char *name)
{
    json_object *r = NULL;
    for (size_t i = 0; t->resources && i < json_object_array_length(t->resources); i++) {
        json_object *x = json_object_array_get_idx(t->resources, i);
        const char *id = stack_str(x, "LogicalResourceId");
        if (id && strcmp(id, name) == 0 && stack_str(x, "PhysicalResourceId")) r = x;
    }
    if (t->lenient && t->pending && json_object_object_get_ex(t->pending, name, NULL)) return NULL;
    return r;
}

static int declared_resource(struct tpl *t, const char *name)
{
    json_object *res = section(t, "Resources");
    return res && json_object_object_get_ex(res, name, NULL);
}

static json_object *placeholder(const char *name, const char *attr)
{
    char s[512];
    snprintf(s, sizeof s, "{{%s%s%s}}", name, attr ? "." : "", attr ? attr : "");
    return json_object_new_string(s);
}

static int ref_value(struct tpl *t, const char *name, json_object **out)
{
    *out = NULL;
    if (strcmp(name, "AWS::Region") == 0) *out = json_object_new_string(ident_region());
    else if (strcmp(name, "AWS::AccountId") == 0) *out = json_object_new_string(LOCAL_ACCOUNT);
    else if (strcmp(name, "AWS::StackName") == 0) *out = json_object_new_string(t->stack_name ? t->stack_name : "");
    else if (strcmp(name, "AWS::StackId") == 0) *out = json_object_new_string(t->stack_id ? t->stack_id : "");
    else if (strcmp(name, "AWS::Partition") == 0) *out = json_object_new_string("aws");
    else if (strcmp(name, "AWS::URLSuffix") == 0) *out = json_object_new_string("amazonaws.com");
    else if (strcmp(name, "AWS::NotificationARNs") == 0) *out = json_object_new_array();
    else if (strcmp(name, "AWS::NoValue") == 0) return 0;
    if (*out) return 0;
    json_object *v;
    if (t->params && json_object_object_get_ex(t->params, name, &v)) {
        json_object *decl = NULL, *type = NULL, *params = section(t, "Parameters");
        if (params && json_object_object_get_ex(params, name, &decl)) json_object_object_get_ex(decl, "Type", &type);
        *out = is_list_type(json_object_get_string(type)) ? split(json_object_get_string(v), ",")
                                                          : json_object_new_string(json_object_get_string(v));
        return 0;
    }
    if (declared_resource(t, name)) {
        json_object *r = created(t, name);
        if (r) *out = json_object_new_string(stack_str(r, "PhysicalResourceId"));
        else if (t->lenient) *out = placeholder(name, NULL);
        else return fail(t, "Template error: resource %s is referenced before it exists", name);
        return 0;
    }
    return fail(t, "Template format error: Unresolved resource dependencies [%s] in the Resources block of the template", name);
}

static int getatt_value(struct tpl *t, const char *name, const char *attr, json_object **out)
{
    if (!declared_resource(t, name))
        return fail(t, "Template error: instance of Fn::GetAtt references undefined resource %s", name);
    json_object *r = created(t, name), *attrs = NULL, *v = NULL;
    if (!r) {
        if (!t->lenient) return fail(t, "Template error: resource %s is referenced before it exists", name);
        *out = placeholder(name, attr);
        return 0;
    }
    if (!json_object_object_get_ex(r, "_attrs", &attrs) || !json_object_object_get_ex(attrs, attr, &v))
        return fail(t, "Template error: resource %s does not support attribute type %s in Fn::GetAtt", name, attr);
    *out = json_object_get(v);
    return 0;
}

/* Appends a value used inside Fn::Sub or Fn::Join: a scalar, as text. */
static int add_text(struct tpl *t, buf *b, json_object *v, const char *fn)
{
    const char *s = tpl_scalar(v);
    if (!s) return fail(t, "Template error: every %s element must resolve to a string", fn);
    buf_adds(b, s);
    return 0;
}

static int eval_sub(struct tpl *t, json_object *arg, json_object **out)
{
    json_object *str = arg, *vars = NULL;
    if (json_object_is_type(arg, json_type_array)) {
        if (json_object_array_length(arg) != 2) return fail(t, "Template error: Fn::Sub takes a string and a map");
        str = json_object_array_get_idx(arg, 0);
        if (tpl_eval(t, json_object_array_get_idx(arg, 1), &vars) != 0) return -1;
    }
    if (!json_object_is_type(str, json_type_string)) {
        json_object_put(vars);
        return fail(t, "Template error: Fn::Sub needs a string");
    }
    const char *s = json_object_get_string(str);
    buf b = {0};
    int rc = 0;
    while (*s && rc == 0) {
        const char *open = strstr(s, "${");
        if (!open) {
            buf_adds(&b, s);
            break;
        }
        buf_add(&b, s, (size_t)(open - s));
        const char *close = strchr(open, '}');
        if (!close) {
            buf_adds(&b, open);
            break;
        }
        char name[256];
        size_t n = (size_t)(close - open - 2);
        if (n >= sizeof name) n = sizeof name - 1;
        memcpy(name, open + 2, n);
        name[n] = '\0';
        s = close + 1;
        if (name[0] == '!') {
            buf_printf(&b, "${%s}", name + 1);
            continue;
        }
        json_object *v = NULL;
        char *dot = strchr(name, '.');
        if (vars && json_object_object_get_ex(vars, name, &v)) {
            rc = add_text(t, &b, v, "Fn::Sub");
            continue;
        }
        if (dot && strncmp(name, "AWS::", 5) != 0) {
            *dot = '\0';
            rc = getatt_value(t, name, dot + 1, &v);
        } else {
            rc = ref_value(t, name, &v);
        }
        if (rc == 0) rc = add_text(t, &b, v, "Fn::Sub");
        json_object_put(v);
    }
    json_object_put(vars);
    if (rc == 0) *out = json_object_new_string_len(b.data ? b.data : "", (int)b.len);
    buf_free(&b);
    return rc;
}

/* Evaluates arg and requires an array of n elements (n == 0: any length). */
static int eval_array(struct tpl *t, json_object *arg, size_t n, const char *fn, json_object **out)
{
    if (tpl_eval(t, arg, out) != 0) return -1;
    if (!json_object_is_type(*out, json_type_array) || (n && json_object_array_length(*out) != n)) {
        json_object_put(*out);
        *out = NULL;
        return fail(t, "Template error: %s has the wrong number or type of arguments", fn);
    }
    return 0;
}

static int eval_condition_fn(struct tpl *t, const char *fn, json_object *arg, int *value)
{
    if (strcmp(fn, "Condition") == 0) {
        if (!json_object_is_type(arg, json_type_string)) return fail(t, "Template error: Condition needs a name");
        *value = tpl_condition(t, json_object_get_string(arg));
        return *value < 0 ? -1 : 0;
    }
    if (strcmp(fn, "Fn::Equals") == 0) {
        json_object *a = NULL;
        if (eval_array(t, arg, 2, fn, &a) != 0) return -1;
        const char *x = tpl_scalar(json_object_array_get_idx(a, 0)), *y = tpl_scalar(json_object_array_get_idx(a, 1));
        *value = x && y ? strcmp(x, y) == 0
                        : json_object_equal(json_object_array_get_idx(a, 0), json_object_array_get_idx(a, 1));
        json_object_put(a);
        return 0;
    }
    int is_and = strcmp(fn, "Fn::And") == 0, is_or = strcmp(fn, "Fn::Or") == 0, is_not = strcmp(fn, "Fn::Not") == 0;
    if (!is_and && !is_or && !is_not) return fail(t, "Template error: %s is not a condition function", fn);
    if (!json_object_is_type(arg, json_type_array) || json_object_array_length(arg) == 0 ||
        (is_not && json_object_array_length(arg) != 1))
        return fail(t, "Template error: %s has the wrong number of arguments", fn);
    *value = is_and;
    for (size_t i = 0; i < json_object_array_length(arg); i++) {
        json_object *c = json_object_array_get_idx(arg, i);
        if (!json_object_is_type(c, json_type_object) || json_object_object_length(c) != 1)
            return fail(t, "Template error: %s takes conditions", fn);
        int v = 0;
        json_object_object_foreach(c, k, a) if (eval_condition_fn(t, k, a, &v) != 0) return -1;
        if (is_not) *value = !v;
        else if (is_and) *value = *value && v;
        else *value = *value || v;
    }
    return 0;
}

int tpl_condition(struct tpl *t, const char *name)
{
    json_object *v;
    if (json_object_object_get_ex(t->conds, name, &v)) return json_object_get_boolean(v);
    json_object *conds = section(t, "Conditions"), *decl = NULL;
    if (!conds || !json_object_object_get_ex(conds, name, &decl))
        return fail(t, "Template format error: Unresolved dependencies [%s]. Cannot reference resources in the Conditions block of the template", name);
    if (!json_object_is_type(decl, json_type_object) || json_object_object_length(decl) != 1)
        return fail(t, "Template format error: condition %s must be one condition function", name);
    json_object_object_add(t->conds, name, json_object_new_boolean(0)); /* a cycle ends as false */
    int value = 0;
    json_object_object_foreach(decl, fn, arg) if (eval_condition_fn(t, fn, arg, &value) != 0) return -1;
    json_object_object_add(t->conds, name, json_object_new_boolean(value));
    return value;
}

int tpl_included(struct tpl *t, json_object *decl)
{
    json_object *c;
    if (!json_object_object_get_ex(decl, "Condition", &c)) return 1;
    if (!json_object_is_type(c, json_type_string)) return fail(t, "Template format error: a Condition member must name a condition");
    return tpl_condition(t, json_object_get_string(c));
}

static int eval_fn(struct tpl *t, const char *fn, json_object *arg, json_object **out)
{
    json_object *a = NULL;
    int rc = 0;
    if (strcmp(fn, "Ref") == 0) {
        if (!json_object_is_type(arg, json_type_string)) return fail(t, "Template error: Ref needs a name");
        return ref_value(t, json_object_get_string(arg), out);
    }
    if (strcmp(fn, "Fn::GetAtt") == 0) {
        if (json_object_is_type(arg, json_type_string)) {
            char name[256];
            snprintf(name, sizeof name, "%s", json_object_get_string(arg));
            char *dot = strchr(name, '.');
            if (!dot) return fail(t, "Template error: Fn::GetAtt needs a resource and an attribute");
            *dot = '\0';
            return getatt_value(t, name, dot + 1, out);
        }
        if (eval_array(t, arg, 2, fn, &a) != 0) return -1;
        const char *r = tpl_scalar(json_object_array_get_idx(a, 0)), *at = tpl_scalar(json_object_array_get_idx(a, 1));
        rc = r && at ? getatt_value(t, r, at, out) : fail(t, "Template error: Fn::GetAtt takes two strings");
    } else if (strcmp(fn, "Fn::Sub") == 0) {
        return eval_sub(t, arg, out);
    } else if (strcmp(fn, "Fn::Join") == 0) {
        if (eval_array(t, arg, 2, fn, &a) != 0) return -1;
        const char *delim = tpl_scalar(json_object_array_get_idx(a, 0));
        json_object *list = json_object_array_get_idx(a, 1);
        if (!delim || !json_object_is_type(list, json_type_array)) {
            rc = fail(t, "Template error: Fn::Join takes a delimiter and a list");
        } else {
            buf b = {0};
            for (size_t i = 0; rc == 0 && i < json_object_array_length(list); i++) {
                if (i) buf_adds(&b, delim);
                rc = add_text(t, &b, json_object_array_get_idx(list, i), fn);
            }
            if (rc == 0) *out = json_object_new_string_len(b.data ? b.data : "", (int)b.len);
            buf_free(&b);
        }
    } else if (strcmp(fn, "Fn::Select") == 0) {
        if (eval_array(t, arg, 2, fn, &a) != 0) return -1;
        const char *idx = tpl_scalar(json_object_array_get_idx(a, 0));
        json_object *list = json_object_array_get_idx(a, 1);
        char *end = NULL;
        long i = idx ? strtol(idx, &end, 10) : -1;
        if (!idx || *end || i < 0 || !json_object_is_type(list, json_type_array) || (size_t)i >= json_object_array_length(list))
            rc = fail(t, "Template error: Fn::Select cannot select nonexistent value at index %s", idx ? idx : "?");
        else *out = json_object_get(json_object_array_get_idx(list, (size_t)i));
    } else if (strcmp(fn, "Fn::Split") == 0) {
        if (eval_array(t, arg, 2, fn, &a) != 0) return -1;
        const char *delim = tpl_scalar(json_object_array_get_idx(a, 0)), *s = tpl_scalar(json_object_array_get_idx(a, 1));
        if (!delim || !s) rc = fail(t, "Template error: Fn::Split takes a delimiter and a string");
        else *out = split(s, delim);
    } else if (strcmp(fn, "Fn::GetAZs") == 0) {
        if (tpl_eval(t, arg, &a) != 0) return -1;
        const char *region = tpl_scalar(a);
        if (!region || !*region) region = ident_region();
        *out = json_object_new_array();
        for (char z = 'a'; z <= 'c'; z++) {
            char az[64];
            snprintf(az, sizeof az, "%s%c", region, z);
            json_object_array_add(*out, json_object_new_string(az));
        }
    } else if (strcmp(fn, "Fn::Base64") == 0) {
        if (tpl_eval(t, arg, &a) != 0) return -1;
        const char *s = tpl_scalar(a);
        if (!s) {
            rc = fail(t, "Template error: Fn::Base64 needs a string");
        } else {
            static const char tab[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
            size_t n = strlen(s);
            buf b = {0};
            for (size_t i = 0; i < n; i += 3) {
                unsigned v = (unsigned char)s[i] << 16 | (i + 1 < n ? (unsigned char)s[i + 1] << 8 : 0) |
                             (i + 2 < n ? (unsigned char)s[i + 2] : 0);
                buf_addc(&b, tab[v >> 18 & 63]);
                buf_addc(&b, tab[v >> 12 & 63]);
                buf_addc(&b, i + 1 < n ? tab[v >> 6 & 63] : '=');
                buf_addc(&b, i + 2 < n ? tab[v & 63] : '=');
            }
            *out = json_object_new_string(b.data ? b.data : "");
            buf_free(&b);
        }
    } else if (strcmp(fn, "Fn::FindInMap") == 0) {
        if (eval_array(t, arg, 3, fn, &a) != 0) return -1;
        json_object *maps = section(t, "Mappings"), *m = NULL, *m2 = NULL, *v = NULL;
        const char *k0 = tpl_scalar(json_object_array_get_idx(a, 0)), *k1 = tpl_scalar(json_object_array_get_idx(a, 1)),
                   *k2 = tpl_scalar(json_object_array_get_idx(a, 2));
        if (k0 && k1 && k2 && maps && json_object_object_get_ex(maps, k0, &m) && json_object_object_get_ex(m, k1, &m2) &&
            json_object_object_get_ex(m2, k2, &v))
            *out = json_object_get(v);
        else rc = fail(t, "Template error: Unable to get mapping for %s::%s::%s", k0 ? k0 : "?", k1 ? k1 : "?", k2 ? k2 : "?");
    } else if (strcmp(fn, "Fn::If") == 0) {
        if (!json_object_is_type(arg, json_type_array) || json_object_array_length(arg) != 3 ||
            !json_object_is_type(json_object_array_get_idx(arg, 0), json_type_string))
            return fail(t, "Template error: Fn::If takes a condition name and two values");
        int c = tpl_condition(t, json_object_get_string(json_object_array_get_idx(arg, 0)));
        if (c < 0) return -1;
        return tpl_eval(t, json_object_array_get_idx(arg, c ? 1 : 2), out);
    } else if (strcmp(fn, "Fn::Equals") == 0 || strcmp(fn, "Fn::And") == 0 || strcmp(fn, "Fn::Or") == 0 ||
               strcmp(fn, "Fn::Not") == 0) {
        int v = 0;
        if (eval_condition_fn(t, fn, arg, &v) != 0) return -1;
        *out = json_object_new_boolean(v);
    } else {
        return fail(t, "Template format error: %s is not supported by the local cloud", fn);
    }
    json_object_put(a);
    return rc;
}

int tpl_eval(struct tpl *t, json_object *v, json_object **out)
{
    *out = NULL;
    if (json_object_is_type(v, json_type_array)) {
        json_object *arr = json_object_new_array();
        for (size_t i = 0; i < json_object_array_length(v); i++) {
            json_object *e = NULL;
            if (tpl_eval(t, json_object_array_get_idx(v, i), &e) != 0) {
                json_object_put(arr);
                return -1;
            }
            if (e) json_object_array_add(arr, e);
        }
        *out = arr;
        return 0;
    }
    if (!json_object_is_type(v, json_type_object)) {
        *out = json_object_get(v);
        return 0;
    }
    if (json_object_object_length(v) == 1) {
        json_object_object_foreach(v, k, a)
        {
            if (strcmp(k, "Ref") == 0 || strncmp(k, "Fn::", 4) == 0) return eval_fn(t, k, a, out);
        }
    }
    json_object *obj = json_object_new_object();
    json_object_object_foreach(v, key, val)
    {
        json_object *e = NULL;
        if (tpl_eval(t, val, &e) != 0) {
            json_object_put(obj);
            return -1;
        }
        if (e) json_object_object_add(obj, key, e);
    }
    *out = obj;
    return 0;
}
