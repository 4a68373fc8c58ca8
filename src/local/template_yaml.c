/* YAML to JSON for templates (libyaml's document API). Plain scalars that read as integers, numbers,
 * booleans or null become those JSON types, as CloudFormation reads them; quoted ones stay strings.
 * A tag "!X" becomes {"Fn::X": value}, except !Ref and !Condition, and !GetAtt "a.b" becomes
 * {"Fn::GetAtt": ["a", "b"]}. Aliases are followed, with a bound on the nodes made (no alias bombs). */
#include "local/template_yaml.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

enum { MAX_DEPTH = 64, MAX_NODES = 200000 };

struct conv {
    yaml_document_t *doc;
    size_t made;
    char *err;
    size_t errlen;
};

static json_object *plain_scalar(const char *s, size_t n)
{
    if (n == 0 || strcmp(s, "~") == 0 || strcmp(s, "null") == 0 || strcmp(s, "Null") == 0 || strcmp(s, "NULL") == 0) return NULL;
    if (!strcmp(s, "true") || !strcmp(s, "True") || !strcmp(s, "TRUE")) return json_object_new_boolean(1);
    if (!strcmp(s, "false") || !strcmp(s, "False") || !strcmp(s, "FALSE")) return json_object_new_boolean(0);
    char *end = NULL;
    if ((s[0] >= '0' && s[0] <= '9') || ((s[0] == '-' || s[0] == '+') && n > 1)) {
        long long v = strtoll(s, &end, 10);
        if (*end == '\0' && (s[0] != '0' || n == 1)) return json_object_new_int64(v); /* 0123 stays a string */
        double d = strtod(s, &end);
        if (*end == '\0' && strchr(s, '.')) return json_object_new_double(d);
    }
    return json_object_new_string_len(s, (int)n);
}

static json_object *convert(struct conv *c, yaml_node_t *node, int depth, int *ok);

/* The node without its tag's meaning (the argument of an intrinsic function). */
static json_object *untagged(struct conv *c, yaml_node_t *node, int depth, int *ok)
{
    if (node->type == YAML_SCALAR_NODE)
        return json_object_new_string_len((const char *)node->data.scalar.value, (int)node->data.scalar.length);
    return convert(c, node, depth, ok);
}

static json_object *convert(struct conv *c, yaml_node_t *node, int depth, int *ok)
{
    if (!*ok) return NULL;
    if (depth > MAX_DEPTH || ++c->made > MAX_NODES) {
        snprintf(c->err, c->errlen, "Template format error: YAML too deep or too large (line %zu)", node->start_mark.line + 1);
        *ok = 0;
        return NULL;
    }
    const char *tag = (const char *)node->tag;
    if (tag && tag[0] == '!' && tag[1]) {
        node->tag = (yaml_char_t *)"";
        json_object *arg = untagged(c, node, depth + 1, ok), *fn = json_object_new_object();
        node->tag = (yaml_char_t *)tag;
        if (strcmp(tag, "!Ref") == 0 || strcmp(tag, "!Condition") == 0) {
            json_object_object_add(fn, tag + 1, arg);
        } else if (strcmp(tag, "!GetAtt") == 0 && json_object_is_type(arg, json_type_string)) {
            const char *s = json_object_get_string(arg), *dot = strchr(s, '.');
            json_object *pair = json_object_new_array();
            json_object_array_add(pair, json_object_new_string_len(s, dot ? (int)(dot - s) : (int)strlen(s)));
            json_object_array_add(pair, json_object_new_string(dot ? dot + 1 : ""));
            json_object_put(arg);
            json_object_object_add(fn, "Fn::GetAtt", pair);
        } else {
            char name[64];
            snprintf(name, sizeof name, "Fn::%s", tag + 1);
            json_object_object_add(fn, name, arg);
        }
        return fn;
    }
    switch (node->type) {
    case YAML_SCALAR_NODE:
        if (node->data.scalar.style == YAML_PLAIN_SCALAR_STYLE)
            return plain_scalar((const char *)node->data.scalar.value, node->data.scalar.length);
        return json_object_new_string_len((const char *)node->data.scalar.value, (int)node->data.scalar.length);
    case YAML_SEQUENCE_NODE: {
        json_object *arr = json_object_new_array();
        for (yaml_node_item_t *i = node->data.sequence.items.start; *ok && i < node->data.sequence.items.top; i++)
            json_object_array_add(arr, convert(c, yaml_document_get_node(c->doc, *i), depth + 1, ok));
        return arr;
    }
    case YAML_MAPPING_NODE: {
        json_object *obj = json_object_new_object();
        for (yaml_node_pair_t *p = node->data.mapping.pairs.start; *ok && p < node->data.mapping.pairs.top; p++) {
            yaml_node_t *k = yaml_document_get_node(c->doc, p->key);
            if (!k || k->type != YAML_SCALAR_NODE) {
                snprintf(c->err, c->errlen, "Template format error: YAML not well-formed. (line %zu, column %zu)",
                         node->start_mark.line + 1, node->start_mark.column + 1);
                *ok = 0;
                break;
            }
            json_object_object_add(obj, (const char *)k->data.scalar.value,
                                   convert(c, yaml_document_get_node(c->doc, p->value), depth + 1, ok));
        }
        return obj;
    }
    default: return NULL;
    }
}

int template_yaml(const char *body, size_t len, json_object **out, char *err, size_t errlen)
{
    yaml_parser_t p;
    yaml_document_t doc;
    *out = NULL;
    yaml_parser_initialize(&p);
    yaml_parser_set_input_string(&p, (const unsigned char *)body, len);
    if (!yaml_parser_load(&p, &doc)) {
        snprintf(err, errlen, "Template format error: YAML not well-formed. (line %zu, column %zu)", p.problem_mark.line + 1,
                 p.problem_mark.column + 1);
        yaml_parser_delete(&p);
        return -1;
    }
    struct conv c = {&doc, 0, err, errlen};
    int ok = 1;
    yaml_node_t *root = yaml_document_get_root_node(&doc);
    if (root) *out = convert(&c, root, 0, &ok);
    if (!ok) {
        json_object_put(*out);
        *out = NULL;
    } else if (!*out) {
        snprintf(err, errlen, "Template format error: the template is empty");
        ok = 0;
    }
    yaml_document_delete(&doc);
    yaml_parser_delete(&p);
    return ok ? 0 : -1;
}
