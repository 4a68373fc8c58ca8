/* Resource types the local cloud records without a peer behind them (IAM, Glue, EC2 launch templates
 * and security groups, log groups): they get the physical ids and Fn::GetAtt attributes AWS would
 * give, so templates that refer to them apply unchanged, and nothing is enforced. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "local/ident.h"
#include "local/provider.h"

/* How one recorded type names itself and what attributes it has. */
struct recorded {
    const char *type;
    const char *name_prop;  /* the property that names it, or NULL */
    const char *id_prefix;  /* an id such as "lt-" + 17 hex digits instead of a name, or NULL */
    const char *arn_format; /* "%s" is the physical id; NULL: no Arn */
};

static const struct recorded kinds[] = {
    {"AWS::IAM::Role", "RoleName", NULL, "arn:aws:iam::" LOCAL_ACCOUNT ":role/%s"},
    {"AWS::IAM::Policy", "PolicyName", NULL, NULL},
    {"AWS::IAM::ManagedPolicy", "ManagedPolicyName", NULL, "arn:aws:iam::" LOCAL_ACCOUNT ":policy/%s"},
    {"AWS::IAM::InstanceProfile", "InstanceProfileName", NULL, "arn:aws:iam::" LOCAL_ACCOUNT ":instance-profile/%s"},
    {"AWS::Glue::Database", NULL, NULL, NULL},
    {"AWS::Glue::Table", NULL, NULL, NULL},
    {"AWS::EC2::LaunchTemplate", NULL, "lt-", NULL},
    {"AWS::EC2::SecurityGroup", NULL, "sg-", NULL},
    {"AWS::Logs::LogGroup", "LogGroupName", NULL, "arn:aws:logs:%R:" LOCAL_ACCOUNT ":log-group:%s:*"},
};

static const struct recorded *kind_of(const char *type)
{
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
        if (strcmp(kinds[i].type, type) == 0) return &kinds[i];
    return NULL;
}

static char *hex_id(const char *prefix)
{
    unsigned char r[9];
    if (getrandom(r, sizeof r, 0) != (ssize_t)sizeof r) abort();
    char *s = malloc(32);
    if (!s) abort();
    snprintf(s, 32, "%s%02x%02x%02x%02x%02x%02x%02x%02x%x", prefix, r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8] & 15);
    return s;
}

/* The name a Glue database or table has (inside DatabaseInput/TableInput). */
static const char *glue_name(json_object *props)
{
    json_object *in = NULL;
    if (!json_object_object_get_ex(props, "DatabaseInput", &in)) json_object_object_get_ex(props, "TableInput", &in);
    return provider_prop(in, "Name");
}

static void attributes(struct prov_call *c, const struct recorded *k, const char *id)
{
    json_object *a = json_object_new_object();
    if (k->arn_format) {
        char arn[600];
        const char *r = strstr(k->arn_format, "%R");
        if (r) snprintf(arn, sizeof arn, "arn:aws:logs:%s:%s:log-group:%s:*", ident_region(), LOCAL_ACCOUNT, id);
        else snprintf(arn, sizeof arn, k->arn_format, id);
        json_object_object_add(a, "Arn", json_object_new_string(arn));
    }
    if (strcmp(k->type, "AWS::IAM::Role") == 0) {
        char *rid = hex_id("AROA");
        json_object_object_add(a, "RoleId", json_object_new_string(rid));
        free(rid);
    }
    if (strcmp(k->type, "AWS::EC2::LaunchTemplate") == 0) {
        json_object *old = json_object_object_get(c->state, "version");
        int64_t v = old ? json_object_get_int64(old) + 1 : 1;
        json_object_object_add(c->state, "version", json_object_new_int64(v));
        char num[24];
        snprintf(num, sizeof num, "%lld", (long long)v);
        /* versions are immutable on AWS: a group names one, and a rollback goes back to it */
        json_object *versions = json_object_object_get(c->state, "metadata");
        if (!versions) json_object_object_add(c->state, "metadata", versions = json_object_new_object());
        json_object_object_add(versions, num, json_object_get(c->metadata));
        json_object_object_add(a, "LatestVersionNumber", json_object_new_string(num));
        json_object_object_add(a, "DefaultVersionNumber", json_object_new_string("1"));
        json_object_object_add(a, "LaunchTemplateId", json_object_new_string(id));
    }
    if (strcmp(k->type, "AWS::EC2::SecurityGroup") == 0) {
        json_object_object_add(a, "GroupId", json_object_new_string(id));
        json_object_object_add(a, "VpcId", json_object_new_string("vpc-local"));
    }
    c->attrs = a;
}

static int recorded_create(struct prov_call *c)
{
    const struct recorded *k = kind_of(c->type);
    const char *given = k->name_prop ? provider_prop(c->props, k->name_prop) : NULL;
    if (!given && strncmp(c->type, "AWS::Glue::", 11) == 0) given = glue_name(c->props);
    if (given) c->new_id = strdup(given);
    else if (k->id_prefix) c->new_id = hex_id(k->id_prefix);
    else c->new_id = provider_name(c->stack_name, c->logical_id, 64, 0);
    if (!c->new_id) abort();
    attributes(c, k, c->new_id);
    buf_printf(&c->note, "%s recorded, not enforced (no such service in the local cloud)", c->type);
    return 0;
}

static int recorded_update(struct prov_call *c)
{
    attributes(c, kind_of(c->type), c->physical_id);
    buf_printf(&c->note, "%s recorded, not enforced (no such service in the local cloud)", c->type);
    return 0;
}

static int recorded_remove(struct prov_call *c)
{
    (void)c;
    return 0;
}

static const char *const name_props[] = {"RoleName", "PolicyName", "ManagedPolicyName", "InstanceProfileName",
                                         "DatabaseInput", "TableInput", "LogGroupName", "GroupName", NULL};

#define RECORDED(var, t) \
    static const struct provider var = {t, recorded_create, recorded_update, recorded_remove, name_props}
RECORDED(role, "AWS::IAM::Role");
RECORDED(policy, "AWS::IAM::Policy");
RECORDED(managed, "AWS::IAM::ManagedPolicy");
RECORDED(profile, "AWS::IAM::InstanceProfile");
RECORDED(gluedb, "AWS::Glue::Database");
RECORDED(gluetable, "AWS::Glue::Table");
RECORDED(launch, "AWS::EC2::LaunchTemplate");
RECORDED(sg, "AWS::EC2::SecurityGroup");
RECORDED(logs, "AWS::Logs::LogGroup");

const struct provider *const prov_recorded[] = {&role, &policy, &managed, &profile, &gluedb, &gluetable, &launch, &sg, &logs, NULL};
