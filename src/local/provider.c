/* The table of resource providers and what they share: generated physical names in CloudFormation's
 * form, and the rule that decides when a change replaces a resource. */
#include "local/provider.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <sys/random.h>

const char *provider_state_dir = ".";

/* The providers backed by a local peer or process. */
static const struct provider *const prov_peers[] = {&prov_kinesis_stream, &prov_s3_bucket, &prov_s3_bucket_policy,
                                                    &prov_autoscaling_group, NULL};

const struct provider *provider_find(const char *type)
{
    for (size_t i = 0; prov_peers[i]; i++)
        if (strcmp(prov_peers[i]->type, type) == 0) return prov_peers[i];
    for (size_t i = 0; prov_recorded[i]; i++)
        if (strcmp(prov_recorded[i]->type, type) == 0) return prov_recorded[i];
    return NULL;
}

int provider_replaces(const struct provider *p, json_object *old_props, json_object *new_props)
{
    if (!p->update) return 1;
    for (size_t i = 0; p->replace_on && p->replace_on[i]; i++) {
        json_object *a = NULL, *b = NULL;
        json_object_object_get_ex(old_props, p->replace_on[i], &a);
        json_object_object_get_ex(new_props, p->replace_on[i], &b);
        if (!json_object_equal(a, b)) return 1;
    }
    return 0;
}

char *provider_name(const char *stack, const char *logical, size_t max, int lower)
{
    static const char alnum[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    unsigned char r[13];
    if (getrandom(r, sizeof r, 0) != (ssize_t)sizeof r) abort();
    char suffix[14];
    for (size_t i = 0; i < 13; i++) suffix[i] = alnum[r[i] % 36];
    suffix[13] = '\0';
    size_t n = strlen(stack) + strlen(logical) + 16;
    char *s = malloc(n);
    if (!s) abort();
    snprintf(s, n, "%s-%s-%s", stack, logical, suffix);
    if (strlen(s) > max) { /* keep the random suffix, shorten the readable part */
        size_t keep = max - 14;
        memmove(s + keep, s + strlen(s) - 14, 15);
    }
    for (char *p = s; lower && *p; p++)
        if (*p >= 'A' && *p <= 'Z') *p = (char)(*p - 'A' + 'a');
    return s;
}

const char *provider_prop(json_object *props, const char *name)
{
    json_object *v;
    if (!props || !json_object_object_get_ex(props, name, &v) || !json_object_is_type(v, json_type_string)) return NULL;
    return json_object_get_string(v);
}

static aws_client *client;
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;

aws_client *provider_client(struct prov_call *c)
{
    pthread_mutex_lock(&mu);
    if (!client) {
        aws_options o = {0};
        aws_error *e = aws_client_new(&o, &client);
        if (e) {
            provider_fail(c, e);
            client = NULL;
        }
    }
    pthread_mutex_unlock(&mu);
    return client;
}

void provider_shutdown(void)
{
    pthread_mutex_lock(&mu);
    aws_client_free(client);
    client = NULL;
    pthread_mutex_unlock(&mu);
}

int provider_fail(struct prov_call *c, aws_error *e)
{
    aws_error_format(e, c->err, sizeof c->err);
    aws_error_free(e);
    return -1;
}

int provider_unimplemented(const aws_error *e)
{
    return e && (e->status == 501 || aws_error_is(e, "NotImplemented"));
}

void prov_call_free(struct prov_call *c)
{
    free(c->new_id);
    json_object_put(c->attrs);
    buf_free(&c->note);
    c->new_id = NULL;
    c->attrs = NULL;
}
