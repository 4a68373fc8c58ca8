/* `etlctl destroy` as a library call: the stack deleted with progress, its buckets marked for deletion
 * (DeletionPolicy Delete, `on_destroy: delete`) emptied of every version and delete marker once the
 * compute has stopped, what is retained named, a failed delete explained resource by resource. */
#ifndef ETL_DEPLOY_TEARDOWN_H
#define ETL_DEPLOY_TEARDOWN_H

#include "aws/aws_client.h"

/* Returns the exit status. A stack that does not exist is success, with a message. */
int teardown_run(const char *stack, int yes, const aws_options *aws);

#endif
