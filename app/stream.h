/* Stream mode of etl-app: every shard of a Kinesis stream in, hourly/, late/ and errors/ objects and
 * checkpoints in an S3 bucket out (SEMANTICS.md). Runs until SIGTERM or SIGINT, then checkpoints. */
#ifndef ETL_APP_STREAM_H
#define ETL_APP_STREAM_H

#include "settings.h"

/* 0 after a stop with its checkpoint written; 1 on a failure (logged on stderr). */
int stream_run(const settings *s);

#endif
