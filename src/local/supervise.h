/* Local processes that stand in for an Auto Scaling group's instances: started with a given
 * environment, restarted when they die (with a growing pause, up to 5 s), stopped on request. */
#ifndef ETL_LOCAL_SUPERVISE_H
#define ETL_LOCAL_SUPERVISE_H

#include <stddef.h>
#include <sys/types.h>

/* Starts argv[0] (a path) with exactly envp as its environment, stdout and stderr appended to
 * log_path, under the name key (replacing a process of that name, which is stopped first).
 * 0, or -1 with err. */
int supervise_start(const char *key, char *const argv[], char *const envp[], const char *log_path, char *err,
                    size_t errlen);
/* Stops the process named key: SIGTERM, then SIGKILL after 10 s. No-op if none. */
void supervise_stop(const char *key);
/* The current pid of key (0 if none) and how often it was restarted. */
pid_t supervise_pid(const char *key, int *restarts);
/* Waits up to ms for the process named key to exit; 1 with its wait status when it did (it is then
 * no longer supervised), 0 when it still runs or there is none. */
int supervise_exits_within(const char *key, int ms, int *status);
/* Reaps processes that died and restarts those whose pause is over. */
void supervise_tick(void);
void supervise_stop_all(void);

#endif
