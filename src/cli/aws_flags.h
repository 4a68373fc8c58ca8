/* The AWS flags every etlctl command that talks to AWS accepts, parsed in one place:
 *   --profile NAME, --region NAME, --endpoint-url URL (also as --flag=value).
 * They fill an aws_options for aws_client_new(); everything else about the configuration comes from
 * the standard AWS variables and files (see src/aws/aws_client.h). */
#ifndef ETLCTL_CLI_AWS_FLAGS_H
#define ETLCTL_CLI_AWS_FLAGS_H

#include "aws/aws_client.h"

/* Takes the AWS flags out of argv[1..*argc) (argv[0], the command name, stays), leaving the other
 * arguments in order, and stores pointers to their values (into argv) in o. Returns 0, or -1 after
 * printing "etlctl <cmd>: --region needs a value" on stderr. */
int aws_flags_take(int *argc, char **argv, aws_options *o);

/* The lines of --help describing these flags. */
extern const char AWS_FLAGS_HELP[];

#endif
