/* Asking before something that cannot be undone: on a terminal a y/N question, otherwise only --yes
 * lets it go on. */
#ifndef ETL_DEPLOY_CONFIRM_H
#define ETL_DEPLOY_CONFIRM_H

/* 1 to go on, 0 when the user said no, -1 when there is no terminal to ask and yes is not given
 * (after printing "etlctl <cmd>: <question> needs confirmation: run again with --yes"). */
int confirm(const char *cmd, const char *question, int yes);

#endif
