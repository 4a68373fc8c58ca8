/* AWS::AutoScaling::AutoScalingGroup in the local cloud. The group's instance is one local process
 * (one writer, as the compute construct wants): etl-app from the artifact named in the launch
 * template's Metadata "Etlctl::App" {"Environment": {...}, "Artifact": {"Bucket", "Key", "Sha256"}},
 * run with that Environment plus the local endpoints and credentials, restarted when it dies, stopped
 * on delete. A changed launch template or group restarts it (the old one stops before the new starts).
 * A started process stands in for the instance's cfn-signal. */
#include "local/prov_asg.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "local/instance.h"
#include "local/provider.h"
#include "local/stack.h"
#include "local/supervise.h"

/* The Metadata of the launch template version the group's LaunchTemplate property names (its Version,
 * else the latest); *lt receives the template's record. NULL when there is no such template. */
static json_object *launch_metadata(struct prov_call *c, json_object **lt);
static json_object *launch_template(struct prov_call *c)
{
    json_object *lt = NULL;
    json_object_object_get_ex(c->props, "LaunchTemplate", &lt);
    const char *id = provider_prop(lt, "LaunchTemplateId"), *name = provider_prop(lt, "LaunchTemplateName");
    json_object *all = json_object_object_get(c->stack, "_resources");
    for (size_t i = 0; i < json_object_array_length(all); i++) {
        json_object *r = json_object_array_get_idx(all, i);
        const char *type = stack_str(r, "ResourceType"), *phys = stack_str(r, "PhysicalResourceId");
        if (!type || strcmp(type, "AWS::EC2::LaunchTemplate") != 0 || !phys) continue;
        const char *rname = provider_prop(json_object_object_get(r, "_props"), "LaunchTemplateName");
        if ((id && strcmp(id, phys) == 0) || (name && rname && strcmp(name, rname) == 0)) return r;
    }
    return NULL;
}

static json_object *launch_metadata(struct prov_call *c, json_object **lt)
{
    json_object *spec = NULL, *meta = NULL;
    if (!(*lt = launch_template(c))) return NULL;
    json_object_object_get_ex(c->props, "LaunchTemplate", &spec);
    const char *version = provider_prop(spec, "Version");
    json_object *versions = json_object_object_get(json_object_object_get(*lt, "_state"), "metadata");
    if (version && json_object_object_get_ex(versions, version, &meta)) return meta;
    return json_object_object_get(*lt, "_meta");
}

static long capacity(json_object *props)
{
    json_object *v = NULL;
    if (!json_object_object_get_ex(props, "DesiredCapacity", &v)) json_object_object_get_ex(props, "MinSize", &v);
    return v ? json_object_get_int64(v) : 1;
}

static void env_add(json_object *env, const char *name, const char *value)
{
    if (!value) return;
    size_t n = strlen(name) + strlen(value) + 2;
    char *s = malloc(n);
    if (!s) abort();
    snprintf(s, n, "%s=%s", name, value);
    json_object_array_add(env, json_object_new_string(s));
    free(s);
}

/* The process's environment: the app's settings, then what makes it talk to the local cloud. */
static json_object *environment(json_object *app, const char *dir)
{
    json_object *env = json_object_new_array(), *vars = NULL;
    env_add(env, "PATH", "/usr/local/bin:/usr/bin:/bin");
    env_add(env, "HOME", dir);
    if (json_object_object_get_ex(app, "Environment", &vars) && json_object_is_type(vars, json_type_object)) {
        json_object_object_foreach(vars, k, v)
        {
            if (!json_object_is_type(v, json_type_object) && !json_object_is_type(v, json_type_array))
                env_add(env, k, json_object_get_string(v));
        }
    }
    static const char *const pass[] = {"AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL_KINESIS", "AWS_ACCESS_KEY_ID",
                                       "AWS_SECRET_ACCESS_KEY", "AWS_REGION"};
    for (size_t i = 0; i < sizeof pass / sizeof pass[0]; i++) env_add(env, pass[i], getenv(pass[i]));
    env_add(env, "AWS_EC2_METADATA_DISABLED", "true"); /* no instance metadata on this machine */
    return env;
}

/* Starts the process recorded in state (bin, env, log, key). 0 or -1 with err. */
static int start(json_object *state, char *err, size_t errlen)
{
    json_object *env = json_object_object_get(state, "env");
    size_t n = json_object_array_length(env);
    char **envp = calloc(n + 1, sizeof *envp);
    if (!envp) abort();
    for (size_t i = 0; i < n; i++) envp[i] = (char *)json_object_get_string(json_object_array_get_idx(env, i));
    char *argv[] = {(char *)stack_str(state, "bin"), NULL};
    int rc = supervise_start(stack_str(state, "key"), argv, envp, stack_str(state, "log"), err, errlen);
    free(envp);
    return rc;
}

static int group_apply(struct prov_call *c, const char *name)
{
    json_object *lt = NULL, *app = NULL, *art = NULL, *meta = launch_metadata(c, &lt);
    if (!lt) {
        snprintf(c->err, sizeof c->err, "the group's LaunchTemplate is not a launch template of this stack");
        return -1;
    }
    if (!json_object_object_get_ex(meta, "Etlctl::App", &app) || !json_object_object_get_ex(app, "Artifact", &art)) {
        snprintf(c->err, sizeof c->err,
                 "launch template %s has no Etlctl::App Metadata with an Artifact: the local cloud runs only etl-app",
                 stack_str(lt, "LogicalResourceId"));
        return -1;
    }
    char key[700], dir[4200], bin[4300], log[4300];
    snprintf(key, sizeof key, "%s/%s", stack_str(c->stack, "StackId"), c->logical_id);
    snprintf(dir, sizeof dir, "%s/apps", provider_state_dir);
    mkdir(dir, 0755);
    snprintf(dir, sizeof dir, "%s/apps/%s-%s", provider_state_dir, c->stack_name, c->logical_id);
    if (mkdir(dir, 0755) != 0 && errno != EEXIST) {
        snprintf(c->err, sizeof c->err, "%.400s: %s", dir, strerror(errno));
        return -1;
    }
    long want = capacity(c->props);
    supervise_stop(key); /* one writer: the old instance stops before the new one starts */
    if (want <= 0) {
        buf_printf(&c->note, "desired capacity 0: no local process");
        return 0;
    }
    aws_client *cl = provider_client(c);
    if (!cl || instance_install(cl, provider_prop(art, "Bucket"), provider_prop(art, "Key"), provider_prop(art, "Sha256"), dir,
                                bin, sizeof bin, c->err, sizeof c->err) != 0)
        return -1;
    snprintf(log, sizeof log, "%s/app.log", dir);
    stack_set_str(c->state, "key", key);
    stack_set_str(c->state, "bin", bin);
    stack_set_str(c->state, "log", log);
    json_object_object_add(c->state, "env", environment(app, dir));
    if (start(c->state, c->err, sizeof c->err) != 0) return -1;
    /* what cfn-signal would tell: an app that dies at once (bad settings, say) fails the resource */
    int status = 0;
    if (supervise_exits_within(key, 300, &status)) {
        snprintf(c->err, sizeof c->err, "the app exited at start (%s %d); its log is %.300s",
                 WIFSIGNALED(status) ? "signal" : "status", WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status), log);
        return -1;
    }
    buf_printf(&c->note, "the instance is local process %d (%s), log %s", (int)supervise_pid(key, NULL), name, log);
    if (want > 1) buf_printf(&c->note, "; desired capacity %ld, one local process (one writer)", want);
    return 0;
}

static int group_create(struct prov_call *c)
{
    const char *given = provider_prop(c->props, "AutoScalingGroupName");
    c->new_id = given ? strdup(given) : provider_name(c->stack_name, c->logical_id, 255, 0);
    return group_apply(c, c->new_id);
}

static int group_update(struct prov_call *c)
{
    return group_apply(c, c->physical_id);
}

static int group_remove(struct prov_call *c)
{
    const char *key = stack_str(c->state, "key");
    if (key) supervise_stop(key);
    return 0;
}

static const char *const replace_on[] = {"AutoScalingGroupName", NULL};
const struct provider prov_autoscaling_group = {"AWS::AutoScaling::AutoScalingGroup", group_create, group_update, group_remove,
                                                replace_on};

void asg_resume_all(json_object *stacks)
{
    for (size_t i = 0; i < json_object_array_length(stacks); i++) {
        json_object *st = json_object_array_get_idx(stacks, i), *all = json_object_object_get(st, "_resources");
        if (strcmp(stack_str(st, "StackStatus"), "DELETE_COMPLETE") == 0) continue;
        for (size_t k = 0; k < json_object_array_length(all); k++) {
            json_object *r = json_object_array_get_idx(all, k), *state = json_object_object_get(r, "_state");
            const char *type = stack_str(r, "ResourceType"), *status = stack_str(r, "ResourceStatus");
            if (!type || strcmp(type, prov_autoscaling_group.type) != 0 || !stack_str(state, "bin") || !status ||
                strstr(status, "DELETE"))
                continue;
            char err[512];
            if (start(state, err, sizeof err) != 0) fprintf(stderr, "etlctl serve: %s: %s\n", stack_str(r, "LogicalResourceId"), err);
        }
    }
}
