/* A change set as a user reads it before it runs: one line per resource (add, modify, replace,
 * remove, with the properties that change), the IAM permissions it adds or widens (Allow statements of
 * the new template's IAM resources that the deployed one lacks), and the risks deploy asks about. */
#ifndef ETL_DEPLOY_CHANGE_VIEW_H
#define ETL_DEPLOY_CHANGE_VIEW_H

#include <stdio.h>

#include "aws/cfn_change_set.h"
#include "base/buf.h"

/* Prints the changes of cs on f. */
void change_view_print(const cfn_change_set *cs, FILE *f);

/* Appends to why one line per risk: an IAM permission added or widened (comparing the Allow statements
 * of IAM resources in old_template, "" for a new stack, with new_template), a bucket or stream replaced
 * or removed. Returns how many. */
int change_view_risks(const cfn_change_set *cs, const char *old_template, const char *new_template, buf *why);

#endif
