/* Identifiers and times as CloudFormation writes them: request ids (UUIDs), stack and change-set
 * ARNs, and ISO 8601 timestamps with milliseconds. */
#ifndef ETL_LOCAL_IDENT_H
#define ETL_LOCAL_IDENT_H

#include <stddef.h>

#define LOCAL_ACCOUNT "123456789012" /* the account id AWS's documentation uses */

void ident_uuid(char out[37]);
/* A new CloudFormation ARN "arn:aws:cloudformation:<region>:<account>:<kind>/<name>/<uuid>" into out. */
void ident_arn(char *out, size_t n, const char *kind, const char *name);
/* Now as "YYYY-MM-DDTHH:MM:SS.mmmZ". */
void ident_now(char out[32]);
/* The region the endpoint serves (AWS_REGION, AWS_DEFAULT_REGION, else us-east-1). */
const char *ident_region(void);

#endif
