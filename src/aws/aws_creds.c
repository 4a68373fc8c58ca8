/* The provider chain of aws_creds.h. Profiles may chain (role -> source_profile -> ...), at most
 * MAX_CHAIN deep; a credential_process runs through /bin/sh and must print the documented JSON
 * (Version 1) and exit 0; its output never appears in an error. */
#include "aws/aws_creds.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/wait.h>

#include "aws/aws_imds.h"
#include "aws/sts.h"
#include "base/buf.h"

enum { MAX_CHAIN = 5, MAX_PROCESS_OUTPUT = 1 << 16 };

static const char *env(const char *name)
{
    const char *v = getenv(name);
    return v && *v ? v : NULL;
}

static aws_error *run_process(const char *profile, const char *cmd, aws_credentials *out)
{
    FILE *p = popen(cmd, "r");
    if (!p)
        return aws_error_new("credentials", "CredentialProcessFailed",
                             "profile %s: cannot run credential_process: %s", profile, strerror(errno));
    buf b = {0};
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, p)) > 0)
        if (b.len < MAX_PROCESS_OUTPUT) buf_add(&b, chunk, n);
    int status = pclose(p);
    aws_error *err = NULL;
    if (status == -1 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        err = aws_error_new("credentials", "CredentialProcessFailed",
                            "profile %s: credential_process exited with %s %d", profile,
                            WIFEXITED(status) ? "status" : "signal",
                            WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status));
    } else {
        char what[160];
        snprintf(what, sizeof what, "the credential_process of profile %s", profile);
        if (!strstr(b.data ? b.data : "", "\"Version\""))
            err = aws_error_new("credentials", "MalformedCredentials", "%s printed no \"Version\": 1", what);
        else
            err = aws_credentials_from_json(b.data, b.len, what, out);
    }
    if (b.data) memset(b.data, 0, b.len);
    buf_free(&b);
    return err;
}

static aws_error *from_profile(aws_client *c, const char *name, int depth, aws_credentials *out, buf *source);

/* credential_source of a role profile: where the credentials that assume the role come from. */
static aws_error *from_credential_source(const char *name, const char *src, aws_credentials *out, buf *source)
{
    char where[300];
    if (strcmp(src, "Environment") == 0) {
        if (!env("AWS_ACCESS_KEY_ID") || !env("AWS_SECRET_ACCESS_KEY"))
            return aws_error_new("credentials", "NoCredentials",
                                 "profile %s: credential_source Environment, but "
                                 "AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY are not set",
                                 name);
        aws_credentials_set(out, env("AWS_ACCESS_KEY_ID"), env("AWS_SECRET_ACCESS_KEY"),
                            env("AWS_SESSION_TOKEN"), 0);
        buf_adds(source, "environment");
        return NULL;
    }
    if (strcmp(src, "Ec2InstanceMetadata") == 0) {
        aws_error *err = aws_imds_credentials(out, where, sizeof where);
        if (!err) buf_printf(source, "instance metadata (role %s)", where);
        return err;
    }
    if (strcmp(src, "EcsContainer") == 0) {
        aws_error *err = aws_container_credentials(out, where, sizeof where);
        if (!err) buf_printf(source, "container endpoint %s", where);
        return err;
    }
    return aws_error_new("credentials", "InvalidConfig", "profile %s: unknown credential_source %s", name,
                         src);
}

/* A profile's duration_seconds: absent is 0 (STS's default); else digits only, within what STS allows
 * for a role session (900 to 43200), or an error naming the profile and the key. */
static aws_error *duration_of(const aws_profiles *p, const char *name, int *seconds)
{
    const char *v = aws_profile_get(p, name, "duration_seconds");
    *seconds = 0;
    if (!v) return NULL;
    long n = 0;
    size_t i = 0;
    for (; v[i] >= '0' && v[i] <= '9' && n <= 43200; i++) n = n * 10 + (v[i] - '0');
    if (i == 0 || v[i] || n < 900 || n > 43200)
        return aws_error_new("credentials", "InvalidConfig",
                             "profile %s: duration_seconds '%.40s' is not a whole number of seconds from 900 to 43200",
                             name, v);
    *seconds = (int)n;
    return NULL;
}

static aws_error *assume_role(aws_client *c, const char *name, const char *role_arn, int depth,
                              aws_credentials *out, buf *source)
{
    const aws_profiles *p = aws_client_profiles(c);
    int duration;
    aws_error *bad = duration_of(p, name, &duration);
    if (bad) return bad;
    const char *src_profile = aws_profile_get(p, name, "source_profile");
    const char *cred_source = aws_profile_get(p, name, "credential_source");
    aws_credentials base = {0};
    buf base_source = {0};
    aws_error *err;
    if (src_profile && strcmp(src_profile, name) == 0) {
        /* a profile that is its own source uses its static keys */
        const char *k = aws_profile_get(p, name, "aws_access_key_id"),
                   *s = aws_profile_get(p, name, "aws_secret_access_key");
        if (!k || !s)
            err = aws_error_new("credentials", "InvalidConfig",
                                "profile %s is its own source_profile but has no keys", name);
        else {
            aws_credentials_set(&base, k, s, aws_profile_get(p, name, "aws_session_token"), 0);
            buf_printf(&base_source, "profile %s static keys", name);
            err = NULL;
        }
    } else if (src_profile) {
        if (!aws_profile_exists(p, src_profile))
            return aws_error_new("credentials", "ProfileNotFound",
                                 "profile %s: source_profile %s does not exist", name, src_profile);
        err = from_profile(c, src_profile, depth + 1, &base, &base_source);
    } else if (cred_source) {
        err = from_credential_source(name, cred_source, &base, &base_source);
    } else {
        return aws_error_new("credentials", "InvalidConfig",
                             "profile %s: role_arn needs source_profile or credential_source", name);
    }
    if (!err) {
        sts_assume_role_params ap = {role_arn, aws_profile_get(p, name, "role_session_name"),
                                     aws_profile_get(p, name, "external_id"), duration, &base};
        err = sts_assume_role(c, &ap, out);
        if (!err) buf_printf(source, "profile %s: role %s assumed with %s", name, role_arn, base_source.data);
    }
    aws_credentials_free(&base);
    buf_free(&base_source);
    return err;
}

/* Credentials of a profile; an error when the profile has none. */
static aws_error *from_profile(aws_client *c, const char *name, int depth, aws_credentials *out, buf *source)
{
    if (depth > MAX_CHAIN)
        return aws_error_new("credentials", "InvalidConfig",
                             "profile %s: source_profile chain longer than %d (a loop?)", name, MAX_CHAIN);
    const aws_profiles *p = aws_client_profiles(c);
    const char *role = aws_profile_get(p, name, "role_arn");
    if (role) return assume_role(c, name, role, depth, out, source);
    const char *k = aws_profile_get(p, name, "aws_access_key_id"),
               *s = aws_profile_get(p, name, "aws_secret_access_key");
    if (k && s) {
        aws_credentials_set(out, k, s, aws_profile_get(p, name, "aws_session_token"), 0);
        buf_printf(source, "profile %s in %s", name, aws_profile_origin(p, name, "aws_secret_access_key"));
        return NULL;
    }
    if (k || s)
        return aws_error_new("credentials", "InvalidConfig", "profile %s has %s without %s", name,
                             k ? "aws_access_key_id" : "aws_secret_access_key",
                             k ? "aws_secret_access_key" : "aws_access_key_id");
    const char *proc = aws_profile_get(p, name, "credential_process");
    if (proc) {
        aws_error *err = run_process(name, proc, out);
        if (!err) buf_printf(source, "profile %s credential_process", name);
        return err;
    }
    return aws_error_new("credentials", "NoCredentials", "profile %s has no credentials", name);
}

aws_error *aws_creds_resolve(aws_client *c, aws_credentials *out, char source[160])
{
    const aws_options *o = aws_client_options(c);
    buf src = {0};
    aws_error *err = NULL;
    const char *name = aws_client_profile_name(c);
    int explicit_profile = (o->profile && *o->profile) || env("AWS_PROFILE");
    if (o->access_key_id || o->secret_access_key) {
        if (!o->access_key_id || !o->secret_access_key)
            err =
                aws_error_new("credentials", "InvalidConfig", "an access key id needs its secret access key");
        else
            aws_credentials_set(out, o->access_key_id, o->secret_access_key, o->session_token, 0);
        buf_adds(&src, "command-line options");
    } else if (env("AWS_ACCESS_KEY_ID") || env("AWS_SECRET_ACCESS_KEY")) {
        if (!env("AWS_ACCESS_KEY_ID") || !env("AWS_SECRET_ACCESS_KEY"))
            err = aws_error_new("credentials", "InvalidConfig", "%s is set but %s is not",
                                env("AWS_ACCESS_KEY_ID") ? "AWS_ACCESS_KEY_ID" : "AWS_SECRET_ACCESS_KEY",
                                env("AWS_ACCESS_KEY_ID") ? "AWS_SECRET_ACCESS_KEY" : "AWS_ACCESS_KEY_ID");
        else
            aws_credentials_set(out, env("AWS_ACCESS_KEY_ID"), env("AWS_SECRET_ACCESS_KEY"),
                                env("AWS_SESSION_TOKEN"), 0);
        buf_adds(&src, env("AWS_SESSION_TOKEN") ? "environment (AWS_ACCESS_KEY_ID, AWS_SESSION_TOKEN)"
                                                : "environment (AWS_ACCESS_KEY_ID)");
    } else if (explicit_profile || aws_profile_exists(aws_client_profiles(c), name)) {
        err = from_profile(c, name, 0, out, &src);
        if (err && !explicit_profile && aws_error_is(err, "NoCredentials")) { /* an empty [default]: go on */
            aws_error_free(err);
            err = NULL;
            buf_reset(&src);
        }
    }
    if (!err && !src.len && aws_container_configured()) {
        char where[300];
        err = aws_container_credentials(out, where, sizeof where);
        buf_printf(&src, "container endpoint %s", where);
    }
    if (!err && !src.len) {
        char role[128] = "";
        if (aws_imds_disabled()) {
            err = aws_error_new(
                "credentials", "NoCredentials",
                "no credentials: no options, AWS_ACCESS_KEY_ID, profile %s, container endpoint, and "
                "instance metadata is disabled",
                name);
        } else {
            err = aws_imds_credentials(out, role, sizeof role);
            if (err) {
                char line[400];
                aws_error_format(err, line, sizeof line);
                aws_error_free(err);
                err = aws_error_new(
                    "credentials", "NoCredentials",
                    "no credentials: no options, AWS_ACCESS_KEY_ID, profile %s, container endpoint; "
                    "instance metadata: %s",
                    name, line);
            }
            buf_printf(&src, "instance metadata (role %s)", role);
        }
    }
    if (!err) snprintf(source, 160, "%s", src.data);
    buf_free(&src);
    return err;
}
