/* The credential chain of aws_client.h, resolved once per call: options, environment, profile
 * (static keys, credential_process, role_arn with source_profile or credential_source through STS
 * AssumeRole), container endpoint, instance metadata. aws_client caches the result and calls this
 * again before temporary credentials expire. */
#ifndef ETL_AWS_CREDS_H
#define ETL_AWS_CREDS_H

#include "aws/aws_client.h"

/* Fills out and source (160 bytes: where they came from, never a secret), or says what is missing. */
aws_error *aws_creds_resolve(aws_client *c, aws_credentials *out, char source[160]);

#endif
