/* What produce and results need from a deployed stack: the physical id of its stream or bucket, and
 * the app's settings (ETL_BUCKET, ETL_PREFIX) from the launch template's Etlctl::App metadata. */
#ifndef ETL_DEPLOY_STACK_FIND_H
#define ETL_DEPLOY_STACK_FIND_H

#include <stddef.h>

#include "aws/aws_client.h"

/* The physical id of the stack's first resource of type (out: n bytes). A missing stack or no such
 * resource is the error code "NotFound" with a message that says which. */
aws_error *stack_find_resource(aws_client *c, const char *stack, const char *type, char *out, size_t n);

/* The bucket and key prefix the app writes to: ETL_BUCKET's Ref resolved to the bucket's name, and
 * ETL_PREFIX ("" when not set); falls back to the first bucket of the stack. */
aws_error *stack_find_results(aws_client *c, const char *stack, char *bucket, size_t nb, char *prefix, size_t np);

#endif
