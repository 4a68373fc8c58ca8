/* Change set calls of cfn_change_set.h; DescribeChangeSet pages are joined into one list. */
#include "aws/cfn_change_set.h"

#include <stdlib.h>
#include <string.h>

static void name_params(query_params *p, const char *action, const char *stack, const char *name)
{
    query_params_init(p, action, CFN_VERSION);
    query_param(p, "StackName", stack);
    query_param(p, "ChangeSetName", name);
}

aws_error *cfn_change_set_create(aws_client *c, const char *stack, const char *name, const char *type,
                                 const cfn_template_input *in, char *id)
{
    query_params p;
    name_params(&p, "CreateChangeSet", stack, name);
    query_param(&p, "ChangeSetType", type);
    cfn_add_template_input(&p, in);
    query_response r;
    aws_error *err = cfn_call(c, &p, stack, &r);
    if (!err && id) {
        const char *v = xml_text(r.result, "Id");
        snprintf(id, 256, "%s", v ? v : "");
    }
    query_response_free(&r);
    query_params_free(&p);
    return err;
}

/* The text of every <member> of list joined with ','; each member's text at path ("" = itself). */
static char *joined(const xml_node *list, const char *path)
{
    buf b = {0};
    buf_adds(&b, "");
    for (const xml_node *m = xml_child(list, "member"); m; m = xml_next(m)) {
        const char *t = xml_text(m, path);
        if (!t || !*t || strstr(b.data, t)) continue;
        if (b.len) buf_addc(&b, ',');
        buf_adds(&b, t);
    }
    return buf_detach(&b);
}

static void add_change(cfn_change_set *cs, const xml_node *rc)
{
    cs->changes = realloc(cs->changes, (cs->nchanges + 1) * sizeof *cs->changes);
    if (!cs->changes) abort();
    cfn_change *ch = &cs->changes[cs->nchanges++];
    ch->action = cfn_text_dup(rc, "Action");
    ch->logical_id = cfn_text_dup(rc, "LogicalResourceId");
    ch->physical_id = cfn_text_dup(rc, "PhysicalResourceId");
    ch->type = cfn_text_dup(rc, "ResourceType");
    ch->replacement = cfn_text_dup(rc, "Replacement");
    ch->scope = joined(xml_child(rc, "Scope"), "");
    ch->targets = joined(xml_child(rc, "Details"), "Target/Name");
}

aws_error *cfn_change_set_describe(aws_client *c, const char *stack, const char *name, cfn_change_set *out)
{
    memset(out, 0, sizeof *out);
    char *token = NULL;
    aws_error *err = NULL;
    for (int page = 0; !err; page++) {
        query_params p;
        name_params(&p, "DescribeChangeSet", stack, name);
        if (token) query_param(&p, "NextToken", token);
        free(token);
        token = NULL;
        query_response r;
        err = cfn_call(c, &p, stack, &r);
        if (!err) {
            if (page == 0) {
                out->status = cfn_text_dup(r.result, "Status");
                out->status_reason = cfn_text_dup(r.result, "StatusReason");
                out->execution_status = cfn_text_dup(r.result, "ExecutionStatus");
            }
            for (const xml_node *m = xml_find(r.result, "Changes/member"); m; m = xml_next(m)) {
                const xml_node *rc = xml_child(m, "ResourceChange");
                if (rc) add_change(out, rc);
            }
            const char *next = xml_text(r.result, "NextToken");
            if (next && *next && !(token = strdup(next))) abort();
        }
        query_response_free(&r);
        query_params_free(&p);
        if (!token) break;
    }
    free(token);
    if (!err && !out->status) err = aws_error_new("cloudformation", "MalformedResponse", "DescribeChangeSet answered without a Status");
    return err;
}

void cfn_change_set_free(cfn_change_set *cs)
{
    free(cs->status);
    free(cs->status_reason);
    free(cs->execution_status);
    for (size_t i = 0; i < cs->nchanges; i++) {
        cfn_change *ch = &cs->changes[i];
        free(ch->action);
        free(ch->logical_id);
        free(ch->physical_id);
        free(ch->type);
        free(ch->replacement);
        free(ch->scope);
        free(ch->targets);
    }
    free(cs->changes);
    memset(cs, 0, sizeof *cs);
}

int cfn_change_set_is_empty(const cfn_change_set *cs)
{
    if (!cs->status || strcmp(cs->status, "FAILED") != 0 || cs->nchanges) return 0;
    const char *r = cs->status_reason ? cs->status_reason : "";
    return strstr(r, "didn't contain changes") || strstr(r, "No updates are to be performed");
}

static aws_error *by_name(aws_client *c, const char *action, const char *stack, const char *name)
{
    query_params p;
    name_params(&p, action, stack, name);
    query_response r;
    aws_error *err = cfn_call(c, &p, stack, &r);
    query_response_free(&r);
    query_params_free(&p);
    return err;
}

aws_error *cfn_change_set_execute(aws_client *c, const char *stack, const char *name)
{
    return by_name(c, "ExecuteChangeSet", stack, name);
}

aws_error *cfn_change_set_delete(aws_client *c, const char *stack, const char *name)
{
    return by_name(c, "DeleteChangeSet", stack, name);
}
