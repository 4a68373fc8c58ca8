/* Reading a template and settling its parameters, as CloudFormation does before it touches any
 * resource: the same checks, in CloudFormation's words, so a user sees the error AWS would give. */
#include "local/template.h"

#include <openssl/sha.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "local/template_yaml.h"

static int check_resources(struct tpl *t);

int tpl_parse(struct tpl *t, const char *body)
{
    memset(t, 0, sizeof *t);
    t->conds = json_object_new_object();
    t->params = json_object_new_object();
    t->raw = json_object_new_object();
    size_t n = strlen(body), lead = strspn(body, " \t\r\n");
    if (body[lead] != '{') { /* not JSON: the YAML form */
        if (template_yaml(body, n, &t->doc, t->err, sizeof t->err) != 0) return -1;
        return check_resources(t);
    }
    json_tokener *tok = json_tokener_new();
    t->doc = json_tokener_parse_ex(tok, body, (int)n);
    enum json_tokener_error jerr = json_tokener_get_error(tok);
    size_t off = json_tokener_get_parse_end(tok);
    json_tokener_free(tok);
    if (!t->doc || jerr != json_tokener_success) {
        size_t line = 1, col = 1;
        for (size_t i = 0; i < off && i < n; i++) {
            if (body[i] == '\n') line++, col = 1;
            else col++;
        }
        json_object_put(t->doc);
        t->doc = NULL;
        snprintf(t->err, sizeof t->err, "Template format error: JSON not well-formed. (line %zu, column %zu)", line, col);
        return -1;
    }
    return check_resources(t);
}

/* The checks every template goes through, whatever its form: an object with a Resources object of
 * typed resources. */
static int check_resources(struct tpl *t)
{
    json_object *res = NULL;
    if (!json_object_is_type(t->doc, json_type_object)) {
        snprintf(t->err, sizeof t->err, "Template format error: template must be a JSON object");
        return -1;
    }
    if (!json_object_object_get_ex(t->doc, "Resources", &res) || !json_object_is_type(res, json_type_object) ||
        json_object_object_length(res) == 0) {
        snprintf(t->err, sizeof t->err, "Template format error: At least one Resources member must be defined.");
        return -1;
    }
    json_object_object_foreach(res, name, decl)
    {
        json_object *type = NULL;
        if (!json_object_is_type(decl, json_type_object) || !json_object_object_get_ex(decl, "Type", &type) ||
            !json_object_is_type(type, json_type_string)) {
            snprintf(t->err, sizeof t->err, "Template format error: [/Resources/%s] Every Resources object must contain a Type member.", name);
            return -1;
        }
    }
    return 0;
}

/* The local stand-in for an SSM parameter's value: stable per parameter name, in the form of its type
 * (an AMI id for AWS::EC2::Image::Id), since the local cloud has no SSM. */
static void ssm_local_value(const char *type, const char *name, char out[64])
{
    unsigned char md[SHA256_DIGEST_LENGTH];
    SHA256((const unsigned char *)name, strlen(name), md);
    char hex[65];
    for (int i = 0; i < 32; i++) snprintf(hex + 2 * i, 3, "%02x", md[i]);
    if (strstr(type, "AWS::EC2::Image::Id")) snprintf(out, 64, "ami-%.17s", hex);
    else snprintf(out, 64, "local-%.16s", hex);
}

static void list_add(buf *b, const char *name)
{
    buf_adds(b, b->len ? ", " : "[");
    buf_adds(b, name);
}

static int number_ok(const char *s)
{
    char *end = NULL;
    strtod(s, &end);
    return *s && end && *end == '\0';
}

/* The member as a number, or def when absent. */
static double num_member(json_object *decl, const char *key, double def)
{
    json_object *v = NULL;
    return json_object_object_get_ex(decl, key, &v) ? json_object_get_double(v) : def;
}

/* AllowedPattern (a POSIX extended regex standing in for Java's, anchored at both ends as CloudFormation
 * anchors it), MinLength/MaxLength for strings, MinValue/MaxValue for numbers; 1 with t->err when one
 * is broken (ConstraintDescription replaces the message, as on AWS). */
static int constraint_broken(struct tpl *t, const char *name, json_object *decl, const char *type, const char *value)
{
    json_object *pat = NULL, *desc = NULL;
    json_object_object_get_ex(decl, "ConstraintDescription", &desc);
    const char *why = NULL;
    char msg[300];
    if (json_object_object_get_ex(decl, "AllowedPattern", &pat) && json_object_is_type(pat, json_type_string)) {
        const char *p = json_object_get_string(pat);
        char anchored[600];
        snprintf(anchored, sizeof anchored, "^(%s)$", p);
        regex_t re;
        if (regcomp(&re, anchored, REG_EXTENDED | REG_NOSUB) == 0) {
            if (regexec(&re, value, 0, NULL, 0) != 0) {
                snprintf(msg, sizeof msg, "Parameter '%s' must match pattern %s", name, p);
                why = msg;
            }
            regfree(&re);
        }
    }
    size_t len = strlen(value);
    if (!why && strcmp(type, "String") == 0 &&
        (len < (size_t)num_member(decl, "MinLength", 0) || (double)len > num_member(decl, "MaxLength", 1e18))) {
        snprintf(msg, sizeof msg, "Parameter '%s' must contain at least %.0f and at most %.0f characters", name,
                 num_member(decl, "MinLength", 0), num_member(decl, "MaxLength", 1e18));
        why = msg;
    }
    if (!why && strcmp(type, "Number") == 0) {
        double v = strtod(value, NULL);
        if (v < num_member(decl, "MinValue", -1e308) || v > num_member(decl, "MaxValue", 1e308)) {
            snprintf(msg, sizeof msg, "Parameter '%s' must be a number between %g and %g", name, num_member(decl, "MinValue", -1e308),
                     num_member(decl, "MaxValue", 1e308));
            why = msg;
        }
    }
    if (!why) return 0;
    snprintf(t->err, sizeof t->err, "%s", desc && tpl_scalar(desc) ? tpl_scalar(desc) : why);
    return 1;
}

int tpl_params(struct tpl *t, json_object *given, json_object **shown)
{
    json_object *decls = NULL;
    json_object_object_get_ex(t->doc, "Parameters", &decls);
    *shown = json_object_new_array();
    if (decls && !json_object_is_type(decls, json_type_object)) {
        snprintf(t->err, sizeof t->err, "Template format error: Parameters must be an object of parameter declarations");
        return -1;
    }
    buf missing = {0}, unknown = {0};
    int rc = 0;
    if (given) {
        json_object_object_foreach(given, gname, gval)
        {
            (void)gval;
            if (!decls || !json_object_object_get_ex(decls, gname, NULL)) list_add(&unknown, gname);
        }
    }
    if (decls) {
        json_object_object_foreach(decls, name, decl)
        {
            json_object *v = NULL, *type = NULL, *noecho = NULL, *allowed = NULL;
            if (!json_object_is_type(decl, json_type_object)) {
                snprintf(t->err, sizeof t->err, "Template format error: Every Parameters member must be an object (%s)", name);
                rc = -1;
                continue;
            }
            if (!given || !json_object_object_get_ex(given, name, &v)) json_object_object_get_ex(decl, "Default", &v);
            json_object_object_get_ex(decl, "Type", &type);
            json_object_object_get_ex(decl, "NoEcho", &noecho);
            json_object_object_get_ex(decl, "AllowedValues", &allowed);
            const char *value = v ? tpl_scalar(v) : NULL;
            if (v && json_object_is_type(v, json_type_array)) value = NULL;
            if (!value) {
                list_add(&missing, name);
                continue;
            }
            const char *ty = type ? json_object_get_string(type) : "String";
            if (rc == 0 && strcmp(ty, "Number") == 0 && !number_ok(value)) {
                snprintf(t->err, sizeof t->err, "Parameter '%s' must be a number.", name);
                rc = -1;
            }
            if (rc == 0 && json_object_is_type(allowed, json_type_array)) {
                int ok = 0;
                for (size_t i = 0; i < json_object_array_length(allowed); i++) {
                    const char *a = tpl_scalar(json_object_array_get_idx(allowed, i));
                    if (a && strcmp(a, value) == 0) ok = 1;
                }
                if (!ok) {
                    snprintf(t->err, sizeof t->err, "Parameter '%s' must be one of AllowedValues", name);
                    rc = -1;
                }
            }
            json_object_object_add(t->raw, name, json_object_new_string(value));
            if (rc == 0 && constraint_broken(t, name, decl, ty, value)) rc = -1;
            json_object *row = json_object_new_object();
            json_object_object_add(row, "ParameterKey", json_object_new_string(name));
            int masked = noecho && (json_object_get_boolean(noecho) || strcmp(json_object_get_string(noecho), "true") == 0);
            json_object_object_add(row, "ParameterValue", json_object_new_string(masked ? "****" : value));
            if (strncmp(ty, "AWS::SSM::Parameter::Value<", 27) == 0) {
                char local[64];
                ssm_local_value(ty, value, local);
                json_object_object_add(row, "ResolvedValue", json_object_new_string(local));
                json_object_object_add(t->params, name, json_object_new_string(local));
            } else {
                json_object_object_add(t->params, name, json_object_new_string(value));
            }
            json_object_array_add(*shown, row);
        }
    }
    if (rc == 0 && unknown.len) {
        snprintf(t->err, sizeof t->err, "Parameters: %s] do not exist in the template", unknown.data);
        rc = -1;
    } else if (rc == 0 && missing.len) {
        snprintf(t->err, sizeof t->err, "Parameters: %s] must have values", missing.data);
        rc = -1;
    }
    buf_free(&missing);
    buf_free(&unknown);
    return rc;
}

void tpl_free(struct tpl *t)
{
    json_object_put(t->doc);
    json_object_put(t->params);
    json_object_put(t->conds);
    json_object_put(t->raw);
    t->doc = t->params = t->conds = t->raw = NULL;
}
