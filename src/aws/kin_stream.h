/* Kinesis Data Streams, the stream and its shards: CreateStream, DescribeStreamSummary, ListShards
 * (all pages), ListStreams (all pages), DeleteStream, SplitShard, MergeShards, and waiting for a
 * stream to become ACTIVE. A stream is named by its name, or by its ARN ("arn:..."). */
#ifndef ETL_AWS_KIN_STREAM_H
#define ETL_AWS_KIN_STREAM_H

#include <stddef.h>

#include "aws/aws_client.h"
#include "aws/aws_strings.h"

aws_error *kin_create_stream(aws_client *c, const char *stream, int shard_count);
aws_error *kin_delete_stream(aws_client *c, const char *stream, int enforce_consumer_deletion);

typedef struct kin_stream_summary {
    char name[160];
    char arn[320];
    char status[24]; /* CREATING, DELETING, ACTIVE, UPDATING */
    int open_shards;
    int retention_hours;
} kin_stream_summary;

aws_error *kin_describe_stream_summary(aws_client *c, const char *stream, kin_stream_summary *out);
/* Polls DescribeStreamSummary until ACTIVE, at most timeout_ms. */
aws_error *kin_wait_active(aws_client *c, const char *stream, long timeout_ms);

typedef struct kin_shard {
    char id[64];
    char parent[64], adjacent_parent[64]; /* "" when none */
    char start_hash[48], end_hash[48];    /* decimal 128-bit hash key range */
    char start_seq[128], end_seq[128];    /* end_seq "" while the shard is open */
} kin_shard;

typedef struct kin_shard_list {
    kin_shard *v;
    size_t n;
} kin_shard_list;

/* All shards, following NextToken; page_size 0: the service's default page (MaxResults). */
aws_error *kin_list_shards(aws_client *c, const char *stream, int page_size, kin_shard_list *out);
void kin_shard_list_free(kin_shard_list *l);

/* Names of all streams (appended to out), following HasMoreStreams; page_size 0: the service's
 * default page (Limit). */
aws_error *kin_list_streams(aws_client *c, int page_size, aws_strings *out);

aws_error *kin_split_shard(aws_client *c, const char *stream, const char *shard_id,
                           const char *new_start_hash);
aws_error *kin_merge_shards(aws_client *c, const char *stream, const char *shard_id,
                            const char *adjacent_shard_id);

#endif
