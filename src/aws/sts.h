/* AWS STS over the Query protocol (version 2011-06-15): who am I, and temporary credentials of a role. */
#ifndef ETL_AWS_STS_H
#define ETL_AWS_STS_H

#include "aws/aws_client.h"

typedef struct sts_identity {
    char account[32];
    char arn[256];
    char user_id[160];
} sts_identity;

aws_error *sts_get_caller_identity(aws_client *c, sts_identity *out);

typedef struct sts_assume_role_params {
    const char *role_arn;
    const char *session_name;           /* NULL: "etlctl-<unix time>" */
    const char *external_id;            /* or NULL */
    int duration_seconds;               /* 0: the role's default (3600) */
    const aws_credentials *credentials; /* who assumes it; NULL: the client's */
} sts_assume_role_params;

/* Temporary credentials of the role, with their expiration. */
aws_error *sts_assume_role(aws_client *c, const sts_assume_role_params *p, aws_credentials *out);

#endif
