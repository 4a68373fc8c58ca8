/* AWS::S3::Bucket and AWS::S3::BucketPolicy on s3rver. Each bucket setting is sent to s3rver; where it
 * answers NotImplemented (versioning, policy, encryption, public-access block) the setting is recorded
 * and the event says so. Lifecycle rules have no call in the client and are recorded the same way.
 * Deleting a bucket that still holds objects fails, as on AWS. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aws/s3_bucket.h"
#include "local/provider.h"

static void note(struct prov_call *c, const char *what)
{
    buf_printf(&c->note, "%ss3rver has no %s: recorded, not applied", c->note.len ? "; " : "", what);
}

/* Runs a bucket setting's call: 0 when applied or recorded as unimplemented, -1 on a real failure. */
static int setting(struct prov_call *c, aws_error *e, const char *what)
{
    if (provider_unimplemented(e)) {
        aws_error_free(e);
        note(c, what);
        return 0;
    }
    return e ? provider_fail(c, e) : 0;
}

static json_object *member(json_object *o, const char *name)
{
    json_object *v = NULL;
    return o && json_object_object_get_ex(o, name, &v) ? v : NULL;
}

static int flag(json_object *o, const char *name)
{
    json_object *v = member(o, name);
    return v && (json_object_get_boolean(v) || strcmp(json_object_get_string(v), "true") == 0);
}

/* Applies the settings that differ from old (old NULL: a new bucket, so every one given). */
static int settings(struct prov_call *c, aws_client *cl, const char *bucket, json_object *old)
{
    static const char *const keys[] = {"VersioningConfiguration", "BucketEncryption", "PublicAccessBlockConfiguration",
                                       "LifecycleConfiguration"};
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        json_object *now = member(c->props, keys[i]);
        if (!now || (old && json_object_equal(now, member(old, keys[i])))) continue;
        int rc = 0;
        if (i == 0) {
            const char *status = provider_prop(now, "Status");
            aws_error *e = s3_put_bucket_versioning(cl, bucket, status ? status : "Enabled");
            if (e && aws_error_is(e, "BucketAlreadyExists")) { /* s3rver takes PUT ?versioning for CreateBucket */
                aws_error_free(e);
                e = aws_error_new("s3", "NotImplemented", "no versioning");
            }
            rc = setting(c, e, "versioning");
        } else if (i == 1) {
            json_object *rules = member(now, "ServerSideEncryptionConfiguration");
            json_object *rule = rules ? json_object_array_get_idx(rules, 0) : NULL;
            json_object *dflt = member(rule, "ServerSideEncryptionByDefault");
            const char *alg = provider_prop(dflt, "SSEAlgorithm");
            rc = setting(c, s3_put_bucket_encryption(cl, bucket, alg ? alg : "AES256", provider_prop(dflt, "KMSMasterKeyID")),
                         "default encryption");
        } else if (i == 2) {
            int flags[4] = {flag(now, "BlockPublicAcls"), flag(now, "IgnorePublicAcls"), flag(now, "BlockPublicPolicy"),
                            flag(now, "RestrictPublicBuckets")};
            rc = setting(c, s3_put_public_access_block(cl, bucket, flags), "public access block");
        } else {
            note(c, "lifecycle rules");
        }
        if (rc != 0) return -1;
    }
    return 0;
}

static void bucket_attrs(struct prov_call *c, const char *bucket)
{
    char s[400];
    c->attrs = json_object_new_object();
    snprintf(s, sizeof s, "arn:aws:s3:::%s", bucket);
    json_object_object_add(c->attrs, "Arn", json_object_new_string(s));
    snprintf(s, sizeof s, "%s.s3.amazonaws.com", bucket);
    json_object_object_add(c->attrs, "DomainName", json_object_new_string(s));
    snprintf(s, sizeof s, "%s.s3.%s.amazonaws.com", bucket, aws_client_region(provider_client(c)) ? aws_client_region(provider_client(c)) : "us-east-1");
    json_object_object_add(c->attrs, "RegionalDomainName", json_object_new_string(s));
}

static int bucket_create(struct prov_call *c)
{
    aws_client *cl = provider_client(c);
    if (!cl) return -1;
    const char *given = provider_prop(c->props, "BucketName");
    c->new_id = given ? strdup(given) : provider_name(c->stack_name, c->logical_id, 63, 1);
    aws_error *e = s3_create_bucket(cl, c->new_id, NULL);
    if (e) return provider_fail(c, e);
    if (settings(c, cl, c->new_id, NULL) != 0) return -1;
    bucket_attrs(c, c->new_id);
    return 0;
}

static int bucket_update(struct prov_call *c)
{
    aws_client *cl = provider_client(c);
    if (!cl || settings(c, cl, c->physical_id, c->old_props) != 0) return -1;
    bucket_attrs(c, c->physical_id);
    return 0;
}

static int bucket_remove(struct prov_call *c)
{
    aws_client *cl = provider_client(c);
    if (!cl) return -1;
    aws_error *e = s3_delete_bucket(cl, c->physical_id);
    if (e && aws_error_is(e, "NoSuchBucket")) {
        aws_error_free(e);
        return 0;
    }
    return e ? provider_fail(c, e) : 0;
}

static const char *const bucket_replace_on[] = {"BucketName", NULL};
const struct provider prov_s3_bucket = {"AWS::S3::Bucket", bucket_create, bucket_update, bucket_remove, bucket_replace_on};

static int policy_put(struct prov_call *c)
{
    aws_client *cl = provider_client(c);
    const char *bucket = provider_prop(c->props, "Bucket");
    json_object *doc = member(c->props, "PolicyDocument");
    if (!cl) return -1;
    if (!bucket || !doc) {
        snprintf(c->err, sizeof c->err, "Properties Bucket and PolicyDocument are required");
        return -1;
    }
    if (!c->physical_id && !(c->new_id = strdup(bucket))) abort();
    const char *text = json_object_is_type(doc, json_type_string) ? json_object_get_string(doc)
                                                                    : json_object_to_json_string_ext(doc, JSON_C_TO_STRING_PLAIN);
    return setting(c, s3_put_bucket_policy(cl, bucket, text), "bucket policy");
}

static int policy_remove(struct prov_call *c)
{
    note(c, "bucket policy");
    return 0;
}

static const char *const policy_replace_on[] = {"Bucket", NULL};
const struct provider prov_s3_bucket_policy = {"AWS::S3::BucketPolicy", policy_put, policy_put, policy_remove, policy_replace_on};
