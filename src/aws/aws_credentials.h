/* A set of AWS credentials: what SigV4 signs with. The secret and the session token are registered
 * with aws_redact so that no line the library prints can contain them. */
#ifndef ETL_AWS_CREDENTIALS_H
#define ETL_AWS_CREDENTIALS_H

#include <stddef.h>
#include <stdint.h>

#include "aws/aws_error.h"

typedef struct aws_credentials {
    char *access_key_id;
    char *secret_access_key;
    char *session_token; /* NULL for long-term keys */
    int64_t expiration;  /* Unix seconds; 0 when they do not expire */
} aws_credentials;

/* Fills c with copies of the strings (token may be NULL) and registers the secrets for redaction. */
void aws_credentials_set(aws_credentials *c, const char *access_key_id, const char *secret_access_key,
                         const char *session_token, int64_t expiration);
void aws_credentials_copy(aws_credentials *dst, const aws_credentials *src);
/* Parses the JSON credential document of instance metadata, the container endpoint and
 * credential_process: AccessKeyId, SecretAccessKey, Token or SessionToken, Expiration (RFC 3339).
 * what names the source in errors. */
aws_error *aws_credentials_from_json(const char *json, size_t len, const char *what, aws_credentials *out);

/* Wipes and frees the strings; c becomes empty. */
void aws_credentials_free(aws_credentials *c);

#endif
