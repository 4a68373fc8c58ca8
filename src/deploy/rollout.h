/* `etlctl deploy` and `etlctl diff` as library calls: a stack file synthesized, the app packaged and
 * put in the assets bucket, a change set made (CREATE for a new stack, UPDATE otherwise), shown, and
 * executed with progress (deploy) or deleted (diff). */
#ifndef ETL_DEPLOY_ROLLOUT_H
#define ETL_DEPLOY_ROLLOUT_H

#include <stddef.h>

#include "aws/aws_client.h"
#include "aws/cfn_stack.h"

typedef struct rollout_opts {
    const char *stack_file;
    const char *stack_name;    /* instead of the file's `stack:` (or NULL) */
    const char *templates_dir; /* --templates (or NULL) */
    const char *app;           /* --app (or NULL: package.h's search) */
    const cfn_kv *parameters;  /* --parameter KEY=VALUE, over the ones deploy sets */
    size_t nparameters;
    int yes;                   /* --yes: no questions */
    int force;                 /* --force: a change set even when nothing changed */
    const char *outputs_file;  /* --outputs-file (or NULL) */
    aws_options aws;
} rollout_opts;

/* Return the process exit status (cmd.h) after printing what happened. */
int rollout_deploy(const rollout_opts *o);
int rollout_diff(const rollout_opts *o);

#endif
