/* Resource providers: what the local cloud does for each resource type of a template. A provider
 * either creates the thing on a local peer (kinesalite, s3rver, a local process) or records it (IAM,
 * Glue, EC2 launch templates) with the ids and attributes AWS would give. Types with no provider fail
 * the stack with a reason that names the type. */
#ifndef ETL_LOCAL_PROVIDER_H
#define ETL_LOCAL_PROVIDER_H

#include <json-c/json.h>

#include "aws/aws_client.h"
#include "base/buf.h"

/* One call to a provider. Inputs are borrowed; outputs belong to the call until prov_call_free(). */
struct prov_call {
    const char *stack_name, *logical_id, *type;
    json_object *stack;      /* the whole stack record, to look up other resources (read only) */
    json_object *props;      /* resolved Properties (an object, maybe empty) */
    json_object *metadata;   /* resolved Metadata, or NULL */
    json_object *old_props;  /* update: the properties applied before; else NULL */
    const char *physical_id; /* update and delete: the resource's id */
    json_object *state;      /* the provider's own state for this resource, an object it may change */
    char *new_id;            /* create: the physical id (malloc'd) */
    json_object *attrs;      /* create and update: the attributes Fn::GetAtt reads (an object) */
    buf note;                /* what the local peer cannot do: said in the resource's event */
    char err[512];           /* the reason of a failure */
};

struct provider {
    const char *type;
    int (*create)(struct prov_call *c);
    int (*update)(struct prov_call *c); /* NULL: every change replaces the resource */
    int (*remove)(struct prov_call *c);
    const char *const *replace_on;      /* properties whose change replaces the resource (NULL-ended) */
};

/* The provider of a type, or NULL when the local cloud cannot provide it. */
const struct provider *provider_find(const char *type);
/* Whether changing from old to new properties needs a new physical resource. */
int provider_replaces(const struct provider *p, json_object *old_props, json_object *new_props);
/* A generated physical name as CloudFormation makes one: <stack>-<logical>-<13 random [A-Z0-9]>, cut to
 * max bytes; lowercase when lower (bucket names). Returns a malloc'd string. */
char *provider_name(const char *stack, const char *logical, size_t max, int lower);
/* A string property, or NULL. */
const char *provider_prop(json_object *props, const char *name);
void prov_call_free(struct prov_call *c);
/* The AWS client the providers share, made on first use from the endpoint's environment (the local
 * endpoints and credentials `etlctl local up` gives it); NULL with c->err when it cannot be made. */
aws_client *provider_client(struct prov_call *c);
void provider_shutdown(void); /* frees the shared client */
/* Puts an AWS error into c->err ("kinesis CreateStream: ... [request id ...]"), frees it, returns -1. */
int provider_fail(struct prov_call *c, aws_error *e);
/* Whether the peer answered that it does not implement the call (501 / NotImplemented). */
int provider_unimplemented(const aws_error *e);

/* The state directory of the endpoint (artifacts and logs of local processes go below it). */
extern const char *provider_state_dir;



/* The providers, one file each (prov_*.c); provider.c lists them by type. */
extern const struct provider prov_kinesis_stream, prov_s3_bucket, prov_s3_bucket_policy, prov_autoscaling_group;
extern const struct provider *const prov_recorded[]; /* NULL-ended */
#endif
