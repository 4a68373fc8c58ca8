/* STS GetCallerIdentity and AssumeRole on the generic Query client (sts.h). */
#include "aws/sts.h"

#include <string.h>
#include <time.h>

#include "aws/query.h"
#include "base/rfc3339.h"

static const char *STS_VERSION = "2011-06-15";

static void copy_text(char *dst, size_t n, const xml_node *from, const char *path)
{
    const char *t = xml_text(from, path);
    snprintf(dst, n, "%s", t ? t : "");
}

aws_error *sts_get_caller_identity(aws_client *c, sts_identity *out)
{
    memset(out, 0, sizeof *out);
    query_params p;
    query_params_init(&p, "GetCallerIdentity", STS_VERSION);
    query_response r;
    aws_error *err = query_call(c, "sts", &p, NULL, &r);
    if (!err) {
        copy_text(out->account, sizeof out->account, r.result, "Account");
        copy_text(out->arn, sizeof out->arn, r.result, "Arn");
        copy_text(out->user_id, sizeof out->user_id, r.result, "UserId");
        if (!out->arn[0])
            err = aws_error_new("sts", "MalformedResponse", "GetCallerIdentity answered without an Arn");
    }
    query_response_free(&r);
    query_params_free(&p);
    return err;
}

aws_error *sts_assume_role(aws_client *c, const sts_assume_role_params *ap, aws_credentials *out)
{
    query_params p;
    query_params_init(&p, "AssumeRole", STS_VERSION);
    query_param(&p, "RoleArn", ap->role_arn);
    char session[64];
    if (ap->session_name)
        snprintf(session, sizeof session, "%s", ap->session_name);
    else
        snprintf(session, sizeof session, "etlctl-%lld", (long long)time(NULL));
    query_param(&p, "RoleSessionName", session);
    if (ap->external_id) query_param(&p, "ExternalId", ap->external_id);
    if (ap->duration_seconds > 0) {
        char v[16];
        snprintf(v, sizeof v, "%d", ap->duration_seconds);
        query_param(&p, "DurationSeconds", v);
    }
    query_call_opts opts = {ap->credentials, NULL, ap->role_arn};
    query_response r;
    aws_error *err = query_call(c, "sts", &p, &opts, &r);
    if (!err) {
        const xml_node *cr = xml_child(r.result, "Credentials");
        const char *key = xml_text(cr, "AccessKeyId"), *secret = xml_text(cr, "SecretAccessKey");
        const char *token = xml_text(cr, "SessionToken"), *exp = xml_text(cr, "Expiration");
        int64_t when = 0;
        int32_t ns;
        if (!key || !secret || !token || !exp || rfc3339_parse(exp, strlen(exp), &when, &ns) != 0)
            err =
                aws_error_new("sts", "MalformedResponse", "AssumeRole answered without complete credentials");
        else
            aws_credentials_set(out, key, secret, token, when);
    }
    query_response_free(&r);
    query_params_free(&p);
    return err;
}
