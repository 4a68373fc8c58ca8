/* What a user should do about an AWS error, as one line: the errors people meet when they deploy
 * (no credentials, expired credentials, no region, access denied, a stack name taken, no network). */
#ifndef ETL_DEPLOY_HINT_H
#define ETL_DEPLOY_HINT_H

#include "aws/aws_error.h"

/* The advice for e, or NULL when the error's own message is all there is to say. */
const char *hint_for(const aws_error *e);

/* Prints one line, "etlctl <cmd>: <what failed>: <advice>; <error line>" (without advice when there is
 * none); frees e. Returns EXIT_FAIL for the caller to return. */
int hint_fail(const char *cmd, const char *what, aws_error *e);

#endif
