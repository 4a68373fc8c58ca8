/* What names a deployed stack on the command line of destroy, produce and results: a stack name, or a
 * stack file whose `stack:` gives it. */
#ifndef ETL_DEPLOY_STACK_REF_H
#define ETL_DEPLOY_STACK_REF_H

/* The stack name for arg (caller frees), or NULL after printing why on stderr. */
char *stack_ref_name(const char *cmd, const char *arg);

#endif
