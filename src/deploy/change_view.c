/* Printing a change set and finding what deploy must ask about (change_view.h). */
#include "deploy/change_view.h"

#include <json-c/json.h>
#include <string.h>

#include "aws/aws_strings.h"

static const char *verb(const cfn_change *ch)
{
    if (strcmp(ch->action, "Add") == 0) return "+ add    ";
    if (strcmp(ch->action, "Remove") == 0) return "- remove ";
    if (strcmp(ch->action, "Modify") == 0 && strcmp(ch->replacement, "True") == 0) return "! replace";
    if (strcmp(ch->action, "Modify") == 0 && strcmp(ch->replacement, "Conditional") == 0) return "! may replace";
    if (strcmp(ch->action, "Modify") == 0) return "~ modify ";
    return ch->action;
}

void change_view_print(const cfn_change_set *cs, FILE *f)
{
    for (size_t i = 0; i < cs->nchanges; i++) {
        const cfn_change *ch = &cs->changes[i];
        const char *what = ch->targets[0] ? ch->targets : strcmp(ch->action, "Modify") == 0 ? ch->scope : "";
        if (*what) fprintf(f, "  %s %-30s %-34s (%s)\n", verb(ch), ch->logical_id, ch->type, what);
        else fprintf(f, "  %s %-30s %s\n", verb(ch), ch->logical_id, ch->type);
    }
}

/* Adds one string per (Action, Resource) of an Allow statement found anywhere under v. */
static void statements(json_object *v, const char *owner, aws_strings *out)
{
    if (json_object_is_type(v, json_type_array)) {
        for (size_t i = 0; i < json_object_array_length(v); i++) statements(json_object_array_get_idx(v, i), owner, out);
        return;
    }
    if (!json_object_is_type(v, json_type_object)) return;
    json_object *effect = json_object_object_get(v, "Effect"), *action = json_object_object_get(v, "Action");
    /* a trust policy (Principal, no Resource) says who may assume a role, not what it may do */
    if (effect && action && !json_object_object_get(v, "Principal") && strcmp(json_object_get_string(effect), "Allow") == 0) {
        const char *res = json_object_to_json_string_ext(json_object_object_get(v, "Resource"), JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE);
        size_t n = json_object_is_type(action, json_type_array) ? json_object_array_length(action) : 1;
        for (size_t i = 0; i < n; i++) {
            json_object *a = json_object_is_type(action, json_type_array) ? json_object_array_get_idx(action, i) : action;
            buf s = {0};
            buf_printf(&s, "%s allows %s on %s", owner, json_object_get_string(a), res);
            if (!aws_strings_has(out, s.data)) aws_strings_add(out, s.data);
            buf_free(&s);
        }
        return;
    }
    json_object_object_foreach(v, key, child)
    {
        (void)key;
        statements(child, owner, out);
    }
}

static void iam_grants(const char *template_text, aws_strings *out)
{
    json_object *t = template_text && *template_text ? json_tokener_parse(template_text) : NULL;
    json_object *res = t ? json_object_object_get(t, "Resources") : NULL;
    if (res && json_object_is_type(res, json_type_object)) {
        json_object_object_foreach(res, id, decl)
        {
            const char *type = json_object_get_string(json_object_object_get(decl, "Type"));
            if (type && strncmp(type, "AWS::IAM::", 10) == 0) statements(json_object_object_get(decl, "Properties"), id, out);
        }
    }
    json_object_put(t);
}

int change_view_risks(const cfn_change_set *cs, const char *old_template, const char *new_template, buf *why)
{
    int n = 0;
    aws_strings before = {0}, after = {0};
    iam_grants(old_template, &before);
    iam_grants(new_template, &after);
    for (size_t i = 0; i < after.n; i++)
        if (!aws_strings_has(&before, after.v[i])) {
            buf_printf(why, "IAM: %s\n", after.v[i]);
            n++;
        }
    aws_strings_free(&before);
    aws_strings_free(&after);
    for (size_t i = 0; i < cs->nchanges; i++) {
        const cfn_change *ch = &cs->changes[i];
        int data = strcmp(ch->type, "AWS::S3::Bucket") == 0 || strcmp(ch->type, "AWS::Kinesis::Stream") == 0;
        if (!data) continue;
        if (strcmp(ch->action, "Remove") == 0) {
            buf_printf(why, "removes %s (%s %s) and what it holds\n", ch->logical_id, ch->type, ch->physical_id);
            n++;
        } else if (strcmp(ch->action, "Modify") == 0 &&
                   (strcmp(ch->replacement, "True") == 0 || strcmp(ch->replacement, "Conditional") == 0)) {
            buf_printf(why, "replaces %s (%s %s): a new one, the old one and what it holds go\n", ch->logical_id, ch->type,
                       ch->physical_id);
            n++;
        }
    }
    return n;
}
