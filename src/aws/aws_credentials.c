/* Owning copies of credentials (aws_credentials.h); secrets are wiped from memory when released. */
#include "aws/aws_credentials.h"

#include <json-c/json.h>
#include <stdlib.h>
#include <string.h>

#include "aws/aws_redact.h"
#include "base/rfc3339.h"

static char *dup_or_null(const char *s)
{
    if (!s || !*s) return NULL;
    char *d = strdup(s);
    if (!d) abort();
    return d;
}

static void wipe(char *s)
{
    if (!s) return;
    volatile char *p = s;
    while (*p) *p++ = 0;
    free(s);
}

void aws_credentials_set(aws_credentials *c, const char *access_key_id, const char *secret_access_key,
                         const char *session_token, int64_t expiration)
{
    aws_credentials next = {dup_or_null(access_key_id), dup_or_null(secret_access_key),
                            dup_or_null(session_token), expiration};
    aws_redact_register(secret_access_key);
    aws_redact_register(session_token);
    aws_credentials_free(c);
    *c = next;
}

void aws_credentials_copy(aws_credentials *dst, const aws_credentials *src)
{
    aws_credentials_set(dst, src->access_key_id, src->secret_access_key, src->session_token, src->expiration);
}

void aws_credentials_free(aws_credentials *c)
{
    free(c->access_key_id);
    wipe(c->secret_access_key);
    wipe(c->session_token);
    memset(c, 0, sizeof *c);
}

static const char *json_str(json_object *o, const char *key)
{
    json_object *v;
    if (!json_object_object_get_ex(o, key, &v) || !json_object_is_type(v, json_type_string)) return NULL;
    return json_object_get_string(v);
}

aws_error *aws_credentials_from_json(const char *json, size_t len, const char *what, aws_credentials *out)
{
    json_tokener *tok = json_tokener_new();
    if (!tok) abort();
    json_object *o = len < 0x7fffffff ? json_tokener_parse_ex(tok, json ? json : "", (int)len) : NULL;
    json_tokener_free(tok);
    aws_error *err = NULL;
    if (!o || !json_object_is_type(o, json_type_object)) {
        err = aws_error_new("credentials", "MalformedCredentials", "%s did not answer a JSON object", what);
        goto out;
    }
    const char *code = json_str(o, "Code");
    if (code && strcmp(code, "Success") != 0) {
        err = aws_error_new("credentials", "CredentialsUnavailable", "%s answered Code %s", what, code);
        goto out;
    }
    const char *key = json_str(o, "AccessKeyId"), *secret = json_str(o, "SecretAccessKey");
    const char *token = json_str(o, "Token");
    if (!token) token = json_str(o, "SessionToken");
    const char *exp = json_str(o, "Expiration");
    int64_t when = 0;
    int32_t ns;
    if (!key || !secret) {
        err = aws_error_new("credentials", "MalformedCredentials",
                            "%s gave no AccessKeyId and SecretAccessKey", what);
    } else if (exp && rfc3339_parse(exp, strlen(exp), &when, &ns) != 0) {
        err = aws_error_new("credentials", "MalformedCredentials",
                            "%s gave an Expiration that is not RFC 3339", what);
    } else {
        aws_credentials_set(out, key, secret, token, when);
    }
out:
    json_object_put(o);
    return err;
}
