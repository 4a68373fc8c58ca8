/* The worker that runs stack operations one after another, off the HTTP threads (CloudFormation's
 * API returns at once and the stack moves through its statuses afterwards), and between operations
 * keeps the local processes of Auto Scaling groups running. One engine per process. */
#ifndef ETL_LOCAL_ENGINE_H
#define ETL_LOCAL_ENGINE_H

#include "local/store.h"

enum engine_op { ENGINE_CREATE, ENGINE_UPDATE, ENGINE_DELETE };

/* Starts the worker on the store; restarts the processes of groups in stacks loaded from disk. */
int engine_start(struct store *s);
/* Queues an operation on the stack with that StackId (its status is already *_IN_PROGRESS). */
void engine_submit(const char *stack_id, enum engine_op op);
/* Finishes the running operation, drops the queue, stops the worker and every local process. */
void engine_stop(void);
/* Waits until the queue is empty and no operation runs, at most ms milliseconds (ms < 0: no limit).
 * 1 when idle, 0 on timeout. */
int engine_drain(int ms);

#endif
