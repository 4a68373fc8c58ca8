/* One reader thread per Kinesis shard: GetRecords in a loop within the shard's limits (at most 5 calls a
 * second, SHARD_RECORDS_PER_CALL records a call), backing off when throttled, renewing an expired
 * iterator from the last record it got, and handing results over through a queue of fixed depth, so
 * memory per shard is bounded. The consumer takes results in the shard's order. */
#ifndef ETL_APP_SHARD_READER_H
#define ETL_APP_SHARD_READER_H

#include <pthread.h>
#include <stdint.h>

#include "aws/aws_client.h"
#include "aws/kin_records.h"
#include "retry.h"

#define SHARD_QUEUE 2 /* GetRecords results waiting for the consumer, per shard */
/* Records asked for a call (the service allows 10,000 and 10 MiB): at 5 calls a second this reads
 * 2.5 times what a shard takes in (1,000 records a second), while the answers, and so memory per
 * shard, stay small. */
#define SHARD_RECORDS_PER_CALL 500

/* What all readers share: one lock and the condition the consumer waits on. */
typedef struct shard_hub {
    pthread_mutex_t lock;
    pthread_cond_t ready; /* a result was queued */
    pthread_cond_t room;  /* the consumer took one, or quit was set */
    int quit;
    aws_client *client;
    const char *stream;
    const retry_policy *policy;
    int min_interval_ms, idle_interval_ms; /* between calls; after an empty answer */
} shard_hub;

/* Invariant (under hub->lock): qn <= SHARD_QUEUE; ended only after the last result was queued. */
typedef struct shard_reader {
    shard_hub *hub;
    char id[64];
    char start_type[32];   /* TRIM_HORIZON, LATEST, AT_TIMESTAMP, AFTER_SEQUENCE_NUMBER */
    char start_seq[128];
    double start_time;     /* AT_TIMESTAMP, Unix seconds */
    kin_get_result queue[SHARD_QUEUE];
    size_t qhead, qn;
    int ended;             /* closed and read to its end: nothing more will be queued */
    int64_t millis_behind; /* of the last answer, -1 before one */
    pthread_t thread;
    int started;
} shard_reader;

void shard_hub_init(shard_hub *h, aws_client *client, const char *stream, const retry_policy *policy);
void shard_hub_free(shard_hub *h);

/* Starts reading the shard after `after_seq` (a checkpoint's position), or when that is NULL or "",
 * from start_type (with start_time for AT_TIMESTAMP). Allocates the reader. */
shard_reader *shard_reader_start(shard_hub *h, const char *shard_id, const char *after_seq, const char *start_type,
                                 double start_time);
/* Takes the oldest queued result into *out (the caller frees it with kin_get_result_free): 1, or 0
 * when none is queued. Called with hub->lock held. */
int shard_reader_take(shard_reader *r, kin_get_result *out);
/* Asks every reader to stop (hub->quit) and wakes them. */
void shard_hub_quit(shard_hub *h);
/* Joins the thread (after shard_hub_quit, or once ended) and frees the reader. */
void shard_reader_free(shard_reader *r);

#endif
