/* The command line of deploy and diff, parsed in one place into rollout_opts. */
#ifndef ETL_DEPLOY_ROLLOUT_ARGS_H
#define ETL_DEPLOY_ROLLOUT_ARGS_H

#include "deploy/rollout.h"

enum { ROLLOUT_MAX_PARAMS = 32 };

/* Storage the parsed options point into (argv's strings are not copied). */
typedef struct rollout_args {
    rollout_opts opts;
    cfn_kv params[ROLLOUT_MAX_PARAMS];
} rollout_args;

/* Parses argv[1..argc) of cmd ("deploy" or "diff"). Returns -1 to go on, else the exit status to
 * return at once (help printed: EXIT_OK; a usage error printed: EXIT_USAGE). */
int rollout_args_parse(const char *cmd, int argc, char **argv, rollout_args *a);

#endif
