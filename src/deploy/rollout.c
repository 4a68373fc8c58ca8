/* The deploy and diff flows (rollout.h): one preparation (synth, package, assets, current stack) and
 * one change-set step serve both; deploy goes on to execute and watch. */
#include "deploy/rollout.h"

#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "aws/cfn_change_set.h"
#include "aws/s3_object.h"
#include "cmd/cmd.h"
#include "deploy/assets.h"
#include "deploy/change_view.h"
#include "deploy/confirm.h"
#include "deploy/hint.h"
#include "deploy/package.h"
#include "deploy/progress.h"
#include "stack/synth.h"

/* CloudFormation's limit for TemplateBody; larger templates go by TemplateURL. */
enum { TEMPLATE_BODY_MAX = 51200, MAX_PARAMS = 64 };

static const char *const CAPABILITIES[] = {"CAPABILITY_IAM", "CAPABILITY_NAMED_IAM"};
/* Every stack deploy makes carries this tag (value: the stack's name); a stack without it was made by
 * something else, and its name is taken. */
#define OWNER_TAG "etlctl:stack"

/* Everything a change set is made from. Invariant: strings owned; params[0..nparams) point into
 * owned strings or the options. */
typedef struct plan {
    const char *cmd;
    char *template_text;
    char *name;
    json_object *template_json;
    size_t nresources;
    aws_client *c;
    char bucket[64];
    char artifact_path[4096];
    char sha[65];
    char key[256];
    char template_url[1024];
    cfn_kv params[MAX_PARAMS];
    size_t nparams;
    cfn_kv tag;
    cfn_stack current;
    int exists;
    char *deployed_template; /* GetTemplate of an existing stack ("" for a new one) */
} plan;

static void plan_free(plan *p)
{
    free(p->template_text);
    free(p->name);
    json_object_put(p->template_json);
    if (p->artifact_path[0]) unlink(p->artifact_path);
    cfn_stack_free(&p->current);
    free(p->deployed_template);
    aws_client_free(p->c);
}

static int declares(const plan *p, const char *param)
{
    json_object *ps = json_object_object_get(p->template_json, "Parameters");
    return ps && json_object_object_get(ps, param);
}

static void set_param(plan *p, const char *key, const char *value)
{
    for (size_t i = 0; i < p->nparams; i++)
        if (strcmp(p->params[i].key, key) == 0) {
            p->params[i].value = value;
            return;
        }
    if (p->nparams < MAX_PARAMS) p->params[p->nparams++] = (cfn_kv){key, value};
}

/* Synth, client, current stack, package and (upload) the artifact. upload 0: hash only (diff). */
static int prepare(plan *p, const rollout_opts *o, int upload)
{
    diag_list d = {0};
    p->template_text = synth_stack(o->stack_file, o->templates_dir, &p->name, NULL, &d);
    if (!p->template_text) {
        diag_print(&d, stderr);
        diag_free(&d);
        return EXIT_USAGE;
    }
    diag_free(&d);
    if (o->stack_name) {
        free(p->name);
        if (!(p->name = strdup(o->stack_name))) abort();
    }
    p->tag = (cfn_kv){OWNER_TAG, p->name};
    p->template_json = json_tokener_parse(p->template_text);
    json_object *res = json_object_object_get(p->template_json, "Resources");
    p->nresources = res ? (size_t)json_object_object_length(res) : 0;
    aws_error *err = aws_client_new(&o->aws, &p->c);
    if (err) return hint_fail(p->cmd, "AWS configuration", err);
    if ((err = cfn_describe_stack(p->c, p->name, &p->current, &p->exists)))
        return hint_fail(p->cmd, "reading the stack", err);
    if (p->exists) {
        buf t = {0};
        if ((err = cfn_get_template(p->c, p->name, &t))) return hint_fail(p->cmd, "reading the deployed template", err);
        p->deployed_template = buf_detach(&t);
    } else if (!(p->deployed_template = strdup(""))) abort();
    int wants_artifact = declares(p, "ArtifactBucket") && declares(p, "ArtifactKey");
    int big = strlen(p->template_text) > TEMPLATE_BODY_MAX;
    if (wants_artifact || big) {
        if ((err = assets_bucket_name(p->c, p->bucket))) return hint_fail(p->cmd, "finding the account", err);
        if (upload && (err = assets_ensure(p->c, p->bucket, stderr, NULL)))
            return hint_fail(p->cmd, "the assets bucket", err);
    }
    if (wants_artifact) {
        char app[4096], unit[4096];
        buf e = {0};
        if (package_locate(o->app, app, unit, sizeof app, &e) != 0 ||
            package_build(app, unit, p->artifact_path, p->sha, &e) != 0) {
            fprintf(stderr, "etlctl %s: packaging the app: %s\n", p->cmd, e.data);
            buf_free(&e);
            return EXIT_FAIL;
        }
        package_key(p->sha, p->key, sizeof p->key);
        if (upload) {
            int uploaded;
            if ((err = assets_upload(p->c, p->bucket, p->key, p->artifact_path, stderr, &uploaded)))
                return hint_fail(p->cmd, "uploading the app", err);
            fprintf(stderr, "artifact %s %s\n", p->key, uploaded ? "uploaded" : "already in the assets bucket");
        }
        set_param(p, "ArtifactBucket", p->bucket);
        set_param(p, "ArtifactKey", p->key);
        if (declares(p, "ArtifactSha256")) set_param(p, "ArtifactSha256", p->sha);
    }
    for (size_t i = 0; i < o->nparameters; i++) set_param(p, o->parameters[i].key, o->parameters[i].value);
    if (big) {
        char key[128];
        snprintf(key, sizeof key, "templates/%s-%zu.json", p->name, strlen(p->template_text));
        if ((err = s3_put_object(p->c, p->bucket, key, p->template_text, strlen(p->template_text), "application/json", NULL)) ||
            (err = assets_object_url(p->c, p->bucket, key, p->template_url, sizeof p->template_url)))
            return hint_fail(p->cmd, "uploading the template", err);
    }
    return EXIT_OK;
}

static cfn_template_input plan_input(const plan *p)
{
    cfn_template_input in = {0};
    if (p->template_url[0]) in.template_url = p->template_url;
    else in.template_body = p->template_text;
    in.parameters = p->params;
    in.nparameters = p->nparams;
    in.capabilities = CAPABILITIES;
    in.ncapabilities = 2;
    in.tags = &p->tag;
    in.ntags = 1;
    return in;
}

/* Template, parameters and artifact exactly as deployed, in a state an update may start from. */
static int unchanged(const plan *p)
{
    const char *s = p->current.status;
    if (!p->exists || !(strcmp(s, "CREATE_COMPLETE") == 0 || strcmp(s, "UPDATE_COMPLETE") == 0 ||
                        strcmp(s, "UPDATE_ROLLBACK_COMPLETE") == 0 || strcmp(s, "IMPORT_COMPLETE") == 0))
        return 0;
    if (strcmp(p->deployed_template, p->template_text) != 0) return 0;
    for (size_t i = 0; i < p->nparams; i++) {
        const char *v = cfn_stack_parameter(&p->current, p->params[i].key);
        if (!v || strcmp(v, p->params[i].value) != 0) return 0;
    }
    return 1;
}

/* Deletes a stack and watches it go (the ROLLBACK_COMPLETE case). */
static int delete_and_wait(plan *p, int live)
{
    char mark[128];
    aws_error *err = progress_mark(p->c, p->name, mark);
    if (!err) err = cfn_delete_stack(p->c, p->name);
    if (err) return hint_fail(p->cmd, "deleting the failed stack", err);
    progress_watch w = {.stack = p->name, .stack_id = p->current.id, .since = mark, .verb = "deleting", .nresources = 0, .out = stderr, .live = live};
    err = progress_run(p->c, &w);
    int ok = !err && strcmp(w.final_status, "DELETE_COMPLETE") == 0;
    if (err) hint_fail(p->cmd, "watching the delete", err);
    else if (!ok) {
        fprintf(stderr, "etlctl %s: deleting %s ended in %s\n", p->cmd, p->name, w.final_status);
        progress_print_failures(&w, stderr);
    }
    progress_watch_free(&w);
    return ok ? EXIT_OK : EXIT_FAIL;
}

/* Makes the change set (name: cs, 64 bytes) and waits until it is ready. *empty = 1 when it changes
 * nothing (then it is already deleted). */
static int make_change_set(plan *p, char *cs, cfn_change_set *out, int *empty)
{
    *empty = 0;
    memset(out, 0, sizeof *out);
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    snprintf(cs, 64, "etlctl-%lld%03ld", (long long)ts.tv_sec, ts.tv_nsec / 1000000);
    const char *type = p->exists && strcmp(p->current.status, "REVIEW_IN_PROGRESS") != 0 ? "UPDATE" : "CREATE";
    cfn_template_input in = plan_input(p);
    aws_error *err = cfn_change_set_create(p->c, p->name, cs, type, &in, NULL);
    if (err) return hint_fail(p->cmd, "creating the change set", err);
    for (int interval = PROGRESS_FIRST_MS;;) {
        if ((err = cfn_change_set_describe(p->c, p->name, cs, out))) return hint_fail(p->cmd, "reading the change set", err);
        if (strcmp(out->status, "CREATE_COMPLETE") == 0) return EXIT_OK;
        if (strcmp(out->status, "FAILED") == 0) break;
        cfn_change_set_free(out);
        progress_backoff(&interval);
    }
    if (cfn_change_set_is_empty(out)) {
        *empty = 1;
        aws_error_free(cfn_change_set_delete(p->c, p->name, cs));
        return EXIT_OK;
    }
    fprintf(stderr, "etlctl %s: the change set failed: %s\n", p->cmd, out->status_reason);
    return EXIT_FAIL;
}

/* Prints the change set and the risks; returns how many risks (lines in why). */
static int show(const plan *p, const cfn_change_set *cs, buf *why)
{
    printf("%s: %zu change%s\n", p->name, cs->nchanges, cs->nchanges == 1 ? "" : "s");
    change_view_print(cs, stdout);
    int n = change_view_risks(cs, p->deployed_template, p->template_text, why);
    if (n) printf("needs approval:\n%s", why->data);
    fflush(stdout);
    return n;
}

/* Removes a change set the user did not want, and the empty stack a CREATE change set made. */
static void abandon(plan *p, const char *cs)
{
    aws_error_free(cfn_change_set_delete(p->c, p->name, cs));
    int was_new = !p->exists || strcmp(p->current.status, "REVIEW_IN_PROGRESS") == 0;
    if (was_new) aws_error_free(cfn_delete_stack(p->c, p->name));
}

static void print_outputs(const cfn_stack *s, const char *file)
{
    if (s->noutputs) printf("Outputs:\n");
    json_object *o = json_object_new_object();
    for (size_t i = 0; i < s->noutputs; i++) {
        printf("  %s = %s\n", s->outputs[i].key, s->outputs[i].value);
        json_object_object_add(o, s->outputs[i].key, json_object_new_string(s->outputs[i].value));
    }
    if (file && json_object_to_file_ext(file, o, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE) != 0)
        fprintf(stderr, "etlctl deploy: cannot write %s\n", file);
    json_object_put(o);
}

static int execute(plan *p, const char *cs, int live, const char *outputs_file)
{
    char mark[128];
    aws_error *err = progress_mark(p->c, p->name, mark);
    if (!err) err = cfn_change_set_execute(p->c, p->name, cs);
    if (err) return hint_fail(p->cmd, "executing the change set", err);
    progress_watch w = {.stack = p->name, .since = mark, .verb = "deploying", .nresources = p->nresources,
                        .out = stderr, .live = live};
    err = progress_run(p->c, &w);
    if (err) {
        progress_watch_free(&w);
        return hint_fail(p->cmd, "watching the stack", err);
    }
    int ok = strcmp(w.final_status, "CREATE_COMPLETE") == 0 || strcmp(w.final_status, "UPDATE_COMPLETE") == 0;
    if (!ok) {
        fprintf(stderr, "etlctl deploy: %s failed: %s after %.1f s; the first failures:\n", p->name, w.final_status, w.elapsed);
        progress_print_failures(&w, stderr);
    } else fprintf(stderr, "%s: %s in %.1f s\n", p->name, w.final_status, w.elapsed);
    progress_watch_free(&w);
    if (!ok) return EXIT_FAIL;
    cfn_stack now;
    int found;
    if ((err = cfn_describe_stack(p->c, p->name, &now, &found))) return hint_fail(p->cmd, "reading the outputs", err);
    if (found) print_outputs(&now, outputs_file);
    cfn_stack_free(&now);
    return EXIT_OK;
}

static int settled_or_new(plan *p, const rollout_opts *o, int live)
{
    if (!p->exists) return EXIT_OK;
    const char *s = p->current.status;
    if (strcmp(s, "REVIEW_IN_PROGRESS") != 0 && !cfn_stack_tag(&p->current, OWNER_TAG))
        return hint_fail(p->cmd, "the stack name",
                         aws_error_new("cloudformation", "AlreadyExistsException",
                                       "a stack named %s exists (%s) and was not made by etlctl deploy", p->name, s));
    if (strcmp(s, "ROLLBACK_COMPLETE") == 0) {
        fprintf(stderr, "%s is in ROLLBACK_COMPLETE: its first create failed and it can only be deleted.\n", p->name);
        int yes = confirm(p->cmd, "Delete it and create it again?", o->yes);
        if (yes <= 0) return EXIT_FAIL;
        int rc = delete_and_wait(p, live);
        if (rc != EXIT_OK) return rc;
        cfn_stack_free(&p->current);
        p->exists = 0;
        free(p->deployed_template);
        if (!(p->deployed_template = strdup(""))) abort();
        return EXIT_OK;
    }
    if (strcmp(s, "REVIEW_IN_PROGRESS") == 0 || cfn_status_settled(s)) {
        if (strstr(s, "_FAILED")) {
            fprintf(stderr, "etlctl %s: %s is in %s (%s): fix it in the CloudFormation console or `etlctl destroy` it\n",
                    p->cmd, p->name, s, p->current.status_reason);
            return EXIT_FAIL;
        }
        return EXIT_OK;
    }
    fprintf(stderr, "etlctl %s: %s is busy (%s): wait until it settles and run again\n", p->cmd, p->name, s);
    return EXIT_FAIL;
}

int rollout_deploy(const rollout_opts *o)
{
    plan p = {.cmd = "deploy"};
    int live = isatty(STDERR_FILENO);
    int rc = prepare(&p, o, 1);
    if (rc == EXIT_OK) rc = settled_or_new(&p, o, live);
    if (rc != EXIT_OK) goto done;
    if (!o->force && unchanged(&p)) {
        printf("%s: no changes (template, parameters and artifact are as deployed; --force to deploy anyway)\n", p.name);
        print_outputs(&p.current, o->outputs_file);
        goto done;
    }
    char cs[64];
    cfn_change_set set = {0};
    int empty;
    rc = make_change_set(&p, cs, &set, &empty);
    if (rc == EXIT_OK && empty) {
        printf("%s: no changes\n", p.name);
        print_outputs(&p.current, o->outputs_file);
    } else if (rc == EXIT_OK) {
        buf why = {0};
        int risks = show(&p, &set, &why);
        int go = risks ? confirm(p.cmd, "Deploy these changes?", o->yes) : 1;
        if (go <= 0) {
            abandon(&p, cs);
            if (go == 0) fprintf(stderr, "etlctl deploy: not deployed\n");
            rc = EXIT_FAIL;
        } else rc = execute(&p, cs, live, o->outputs_file);
        buf_free(&why);
    }
    cfn_change_set_free(&set);
done:
    plan_free(&p);
    return rc;
}

int rollout_diff(const rollout_opts *o)
{
    plan p = {.cmd = "diff"};
    int rc = prepare(&p, o, 0);
    if (rc != EXIT_OK) goto done;
    if (p.exists && !cfn_status_settled(p.current.status) && strcmp(p.current.status, "REVIEW_IN_PROGRESS") != 0) {
        fprintf(stderr, "etlctl diff: %s is busy (%s): wait until it settles\n", p.name, p.current.status);
        rc = EXIT_FAIL;
        goto done;
    }
    char cs[64];
    cfn_change_set set = {0};
    int empty;
    rc = make_change_set(&p, cs, &set, &empty);
    if (rc == EXIT_OK && empty) printf("%s: no changes\n", p.name);
    else if (rc == EXIT_OK) {
        buf why = {0};
        show(&p, &set, &why);
        buf_free(&why);
        abandon(&p, cs);
    }
    cfn_change_set_free(&set);
done:
    plan_free(&p);
    return rc;
}
