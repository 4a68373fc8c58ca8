/* The INI dialect of the AWS shared files (aws_profile.h): sections, "key = value", '#' and ';'
 * comments, indented sub-properties (kept as "parent.sub"), names compared exactly. */
#include "aws/aws_profile.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"

struct entry {
    char *section, *key, *value;
    const char *file;
};

struct aws_profiles {
    struct entry *v;
    size_t n, cap;
    char *files[2]; /* credentials, config */
};

static char *trim(char *s)
{
    while (isspace((unsigned char)*s)) s++;
    char *e = s + strlen(s);
    while (e > s && isspace((unsigned char)e[-1])) *--e = '\0';
    return s;
}

static void add(aws_profiles *p, const char *section, const char *key, const char *value, const char *file)
{
    if (p->n == p->cap) {
        p->cap = p->cap ? p->cap * 2 : 32;
        p->v = realloc(p->v, p->cap * sizeof *p->v);
        if (!p->v) abort();
    }
    struct entry *e = &p->v[p->n++];
    e->section = strdup(section);
    e->key = strdup(key);
    e->value = strdup(value);
    e->file = file;
    if (!e->section || !e->key || !e->value) abort();
}

static aws_error *parse_file(aws_profiles *p, const char *path, int is_config)
{
    buf text = {0};
    if (buf_read_file(&text, path) != 0) {
        buf_free(&text);
        if (errno == ENOENT) return NULL;
        return aws_error_new("config", "InvalidConfig", "%s: %s", path, strerror(errno));
    }
    char section[256] = "", parent[256] = "";
    int have_section = 0, lineno = 0;
    aws_error *err = NULL;
    for (char *line = text.data, *next; line && *line; line = next) {
        next = strchr(line, '\n');
        if (next) *next++ = '\0';
        lineno++;
        int indented = isspace((unsigned char)line[0]);
        char *s = trim(line);
        if (!*s || *s == '#' || *s == ';') continue;
        if (*s == '[') {
            char *end = strchr(s, ']');
            if (!end) {
                err = aws_error_new("config", "InvalidConfig", "%s:%d: section without ']'", path, lineno);
                break;
            }
            *end = '\0';
            char *name = trim(s + 1);
            if (is_config && strncmp(name, "profile", 7) == 0 && isspace((unsigned char)name[7]))
                name = trim(name + 8);
            else if (is_config && strcmp(name, "default") != 0)
                name = ""; /* sso-session, services: not profiles */
            snprintf(section, sizeof section, "%s", name);
            have_section = 1;
            parent[0] = '\0';
            continue;
        }
        char *eq = strchr(s, '=');
        if (!eq || !have_section) {
            err = aws_error_new("config", "InvalidConfig", "%s:%d: expected [section] or key = value", path,
                                lineno);
            break;
        }
        *eq = '\0';
        char *key = trim(s), *value = trim(eq + 1);
        /* comments after a value: only " #" / " ;" start one */
        for (char *c = value; *c; c++)
            if ((*c == '#' || *c == ';') && c > value && isspace((unsigned char)c[-1])) {
                *c = '\0';
                value = trim(value);
                break;
            }
        if (!section[0]) continue;
        if (indented && parent[0]) {
            char full[600];
            snprintf(full, sizeof full, "%s.%s", parent, key);
            add(p, section, full, value, path);
        } else {
            add(p, section, key, value, path);
            snprintf(parent, sizeof parent, "%s", *value ? "" : key);
        }
    }
    buf_free(&text);
    return err;
}

static char *default_path(const char *env, const char *leaf)
{
    buf b = {0};
    const char *v = getenv(env);
    if (v && *v) {
        if (v[0] == '~' && v[1] == '/')
            buf_printf(&b, "%s%s", getenv("HOME") ? getenv("HOME") : "", v + 1);
        else
            buf_adds(&b, v);
    } else {
        buf_printf(&b, "%s/.aws/%s", getenv("HOME") ? getenv("HOME") : "", leaf);
    }
    return buf_detach(&b);
}

aws_error *aws_profiles_load(aws_profiles **out)
{
    aws_profiles *p = calloc(1, sizeof *p);
    if (!p) abort();
    p->files[0] = default_path("AWS_SHARED_CREDENTIALS_FILE", "credentials");
    p->files[1] = default_path("AWS_CONFIG_FILE", "config");
    aws_error *err = parse_file(p, p->files[0], 0);
    if (!err) err = parse_file(p, p->files[1], 1);
    if (err) {
        aws_profiles_free(p);
        *out = NULL;
        return err;
    }
    *out = p;
    return NULL;
}

/* The credentials file wins over the config file; within a file the last assignment wins. */
static const struct entry *find(const aws_profiles *p, const char *name, const char *key)
{
    if (!p) return NULL;
    for (int f = 0; f < 2; f++)
        for (size_t i = p->n; i-- > 0;)
            if (p->v[i].file == p->files[f] && strcmp(p->v[i].section, name) == 0 &&
                strcmp(p->v[i].key, key) == 0)
                return &p->v[i];
    return NULL;
}

const char *aws_profile_get(const aws_profiles *p, const char *name, const char *key)
{
    const struct entry *e = find(p, name, key);
    return e && e->value[0] ? e->value : NULL;
}

const char *aws_profile_origin(const aws_profiles *p, const char *name, const char *key)
{
    const struct entry *e = find(p, name, key);
    return e ? e->file : NULL;
}

int aws_profile_exists(const aws_profiles *p, const char *name)
{
    for (size_t i = 0; p && i < p->n; i++)
        if (strcmp(p->v[i].section, name) == 0) return 1;
    return 0;
}

const char *aws_profile_name(const char *given)
{
    if (given && *given) return given;
    const char *env = getenv("AWS_PROFILE");
    return env && *env ? env : "default";
}

void aws_profiles_free(aws_profiles *p)
{
    if (!p) return;
    for (size_t i = 0; i < p->n; i++) {
        free(p->v[i].section);
        free(p->v[i].key);
        free(p->v[i].value);
    }
    free(p->v);
    free(p->files[0]);
    free(p->files[1]);
    free(p);
}
