/* Owning copies of credentials (aws_credentials.h); secrets are wiped from memory when released. */
#include "aws/aws_credentials.h"

#include <stdlib.h>
#include <string.h>

#include "aws/aws_redact.h"

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
    aws_credentials next = {dup_or_null(access_key_id), dup_or_null(secret_access_key), dup_or_null(session_token),
                            expiration};
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
