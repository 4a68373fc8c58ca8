/* Deleting a stack (teardown.h). Buckets to delete are emptied before DeleteStack, again when the
 * compute's delete completes (whatever the app wrote on its way out), and once more if CloudFormation
 * still found one not empty, followed by a second DeleteStack. */
#include "deploy/teardown.h"

#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "aws/aws_strings.h"
#include "aws/cfn_stack.h"
#include "aws/s3_delete.h"
#include "cmd/cmd.h"
#include "deploy/confirm.h"
#include "deploy/hint.h"
#include "deploy/progress.h"

typedef struct teardown {
    aws_client *c;
    const char *stack;
    aws_strings empty;    /* physical ids of buckets to empty */
    aws_strings retained; /* "LogicalId (Type physical-id)" */
    size_t nresources;
    int compute_gone;
    aws_error *empty_err;
} teardown;

static const char *policy_of(json_object *resources, const char *logical_id)
{
    json_object *decl = resources ? json_object_object_get(resources, logical_id) : NULL;
    json_object *p = decl ? json_object_object_get(decl, "DeletionPolicy") : NULL;
    return p ? json_object_get_string(p) : "Delete";
}

static int is_compute(const char *type)
{
    return strcmp(type, "AWS::AutoScaling::AutoScalingGroup") == 0 || strcmp(type, "AWS::EC2::Instance") == 0;
}

/* Sorts the stack's resources into buckets to empty and what stays. */
static aws_error *survey(teardown *t, int *has_compute)
{
    buf tb = {0};
    aws_error *err = cfn_get_template(t->c, t->stack, &tb);
    if (err) return err;
    json_object *tj = json_tokener_parse(tb.data ? tb.data : "");
    buf_free(&tb);
    json_object *resources = tj ? json_object_object_get(tj, "Resources") : NULL;
    cfn_resource_list l;
    if ((err = cfn_describe_stack_resources(t->c, t->stack, &l))) {
        json_object_put(tj);
        return err;
    }
    *has_compute = 0;
    t->nresources = l.n;
    for (size_t i = 0; i < l.n; i++) {
        const cfn_resource *r = &l.v[i];
        const char *policy = policy_of(resources, r->logical_id);
        if (is_compute(r->type)) *has_compute = 1;
        if (strncmp(policy, "Retain", 6) == 0 || strcmp(policy, "Snapshot") == 0) {
            buf s = {0};
            buf_printf(&s, "%s (%s %s)", r->logical_id, r->type, r->physical_id);
            aws_strings_add(&t->retained, s.data);
            buf_free(&s);
        } else if (strcmp(r->type, "AWS::S3::Bucket") == 0 && r->physical_id[0]) aws_strings_add(&t->empty, r->physical_id);
    }
    cfn_resource_list_free(&l);
    json_object_put(tj);
    return NULL;
}

static void empty_buckets(teardown *t, const char *when)
{
    for (size_t i = 0; i < t->empty.n; i++) {
        size_t n = 0;
        aws_error *err = s3_empty_bucket(t->c, t->empty.v[i], &n);
        if (err && (aws_error_is(err, "NoSuchBucket") || aws_error_is(err, "NotFound"))) {
            aws_error_free(err);
            continue;
        }
        if (err) {
            if (!t->empty_err) t->empty_err = err;
            else aws_error_free(err);
            continue;
        }
        if (n) fprintf(stderr, "emptied %s %s: %zu object%s (versions and delete markers included)\n",
                       t->empty.v[i], when, n, n == 1 ? "" : "s");
    }
}

static void on_event(void *ud, const cfn_event *e)
{
    teardown *t = ud;
    if (!t->compute_gone && is_compute(e->type) && strcmp(e->status, "DELETE_COMPLETE") == 0) {
        t->compute_gone = 1;
        empty_buckets(t, "after the compute stopped");
    }
}

/* One DeleteStack with progress; *status receives the final status (64 bytes). */
static int delete_once(teardown *t, const char *id, progress_watch *w, char *status)
{
    char mark[128];
    aws_error *err = progress_mark(t->c, t->stack, mark);
    if (!err) err = cfn_delete_stack(t->c, t->stack);
    if (err) return hint_fail("destroy", "DeleteStack", err);
    *w = (progress_watch){.stack = t->stack, .stack_id = id, .since = mark, .verb = "deleting", .nresources = t->nresources,
                          .out = stderr, .live = isatty(STDERR_FILENO), .on_event = on_event, .ud = t};
    if ((err = progress_run(t->c, w))) return hint_fail("destroy", "watching the delete", err);
    snprintf(status, 64, "%s", w->final_status);
    return EXIT_OK;
}

int teardown_run(const char *stack, int yes, const aws_options *aws)
{
    teardown t = {.stack = stack};
    int rc = EXIT_FAIL, found = 0, has_compute = 0;
    cfn_stack st = {0};
    aws_error *err = aws_client_new(aws, &t.c);
    if (err) return hint_fail("destroy", "AWS configuration", err);
    if ((err = cfn_describe_stack(t.c, stack, &st, &found))) {
        rc = hint_fail("destroy", "reading the stack", err);
        goto done;
    }
    if (!found) {
        printf("%s: no such stack (nothing to destroy)\n", stack);
        rc = EXIT_OK;
        goto done;
    }
    if ((err = survey(&t, &has_compute))) {
        rc = hint_fail("destroy", "reading the stack's resources", err);
        goto done;
    }
    printf("%s (%s): %zu resources will be deleted", stack, st.status, t.nresources - t.retained.n);
    if (t.empty.n) printf(", %zu bucket%s with everything in %s", t.empty.n, t.empty.n == 1 ? "" : "s", t.empty.n == 1 ? "it" : "them");
    printf("\n");
    for (size_t i = 0; i < t.retained.n; i++) printf("  kept: %s\n", t.retained.v[i]);
    fflush(stdout);
    char q[300];
    snprintf(q, sizeof q, "Destroy stack %s?", stack);
    int go = confirm("destroy", q, yes);
    if (go <= 0) {
        if (go == 0) fprintf(stderr, "etlctl destroy: not destroyed\n");
        goto done;
    }
    t.compute_gone = !has_compute;
    if (t.compute_gone) empty_buckets(&t, "before the delete");
    char status[64];
    progress_watch w = {0};
    rc = delete_once(&t, st.id, &w, status);
    if (rc == EXIT_OK && strcmp(status, "DELETE_FAILED") == 0 && t.empty.n && !t.empty_err) {
        /* a bucket CloudFormation reached before the app's last objects were gone: empty it, go again */
        progress_watch_free(&w);
        empty_buckets(&t, "after a failed delete");
        rc = delete_once(&t, st.id, &w, status);
    }
    if (rc == EXIT_OK && strcmp(status, "DELETE_COMPLETE") != 0) {
        fprintf(stderr, "etlctl destroy: %s ended in %s:\n", stack, status);
        progress_print_failures(&w, stderr);
        if (t.empty_err) {
            hint_fail("destroy", "emptying a bucket", t.empty_err);
            t.empty_err = NULL;
        }
        rc = EXIT_FAIL;
    } else if (rc == EXIT_OK) {
        printf("%s: destroyed in %.1f s\n", stack, w.elapsed);
        for (size_t i = 0; i < t.retained.n; i++) printf("  retained: %s\n", t.retained.v[i]);
    }
    progress_watch_free(&w);
done:
    aws_error_free(t.empty_err);
    cfn_stack_free(&st);
    aws_strings_free(&t.empty);
    aws_strings_free(&t.retained);
    aws_client_free(t.c);
    return rc;
}
