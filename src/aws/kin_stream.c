/* The Kinesis control-plane calls of kin_stream.h over kin_call(); pagination follows NextToken
 * (ListShards: the token replaces the stream name) and HasMoreStreams (ListStreams). */
#include "aws/kin_stream.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "aws/kin_json.h"

static aws_error *call_simple(aws_client *c, const char *action, json_object *req, const char *stream)
{
    json_object *resp = NULL;
    aws_error *err = kin_call(c, action, req, stream, &resp);
    json_object_put(resp);
    json_object_put(req);
    return err;
}

aws_error *kin_create_stream(aws_client *c, const char *stream, int shard_count)
{
    json_object *req = json_object_new_object();
    json_object_object_add(req, "StreamName", json_object_new_string(stream));
    json_object_object_add(req, "ShardCount", json_object_new_int(shard_count));
    return call_simple(c, "CreateStream", req, stream);
}

aws_error *kin_delete_stream(aws_client *c, const char *stream, int enforce_consumer_deletion)
{
    json_object *req = json_object_new_object();
    kin_add_stream(req, stream);
    if (enforce_consumer_deletion)
        json_object_object_add(req, "EnforceConsumerDeletion", json_object_new_boolean(1));
    return call_simple(c, "DeleteStream", req, stream);
}

static void copy_str(char *dst, size_t n, json_object *o, const char *key)
{
    const char *s = kin_str(o, key);
    snprintf(dst, n, "%s", s ? s : "");
}

static int get_int(json_object *o, const char *key)
{
    json_object *v;
    return json_object_object_get_ex(o, key, &v) ? json_object_get_int(v) : 0;
}

aws_error *kin_describe_stream_summary(aws_client *c, const char *stream, kin_stream_summary *out)
{
    memset(out, 0, sizeof *out);
    json_object *req = json_object_new_object(), *resp = NULL, *d;
    kin_add_stream(req, stream);
    aws_error *err = kin_call(c, "DescribeStreamSummary", req, stream, &resp);
    json_object_put(req);
    if (!err && json_object_object_get_ex(resp, "StreamDescriptionSummary", &d)) {
        copy_str(out->name, sizeof out->name, d, "StreamName");
        copy_str(out->arn, sizeof out->arn, d, "StreamARN");
        copy_str(out->status, sizeof out->status, d, "StreamStatus");
        out->open_shards = get_int(d, "OpenShardCount");
        out->retention_hours = get_int(d, "RetentionPeriodHours");
    } else if (!err) {
        err = aws_error_new("kinesis", "MalformedResponse", "no StreamDescriptionSummary");
    }
    json_object_put(resp);
    return err;
}

aws_error *kin_wait_active(aws_client *c, const char *stream, long timeout_ms)
{
    struct timespec start, now;
    clock_gettime(CLOCK_MONOTONIC, &start);
    for (long delay_ms = 50;; delay_ms = delay_ms < 1000 ? delay_ms * 2 : 1000) {
        kin_stream_summary s;
        aws_error *err = kin_describe_stream_summary(c, stream, &s);
        if (err || strcmp(s.status, "ACTIVE") == 0) return err;
        clock_gettime(CLOCK_MONOTONIC, &now);
        long elapsed = (now.tv_sec - start.tv_sec) * 1000 + (now.tv_nsec - start.tv_nsec) / 1000000;
        if (elapsed >= timeout_ms)
            return aws_error_new("kinesis", "Timeout", "stream %s still %s after %ld ms", stream, s.status,
                                 elapsed);
        struct timespec ts = {delay_ms / 1000, (delay_ms % 1000) * 1000000L};
        nanosleep(&ts, NULL);
    }
}

static void shard_from_json(kin_shard *s, json_object *o)
{
    json_object *r;
    memset(s, 0, sizeof *s);
    copy_str(s->id, sizeof s->id, o, "ShardId");
    copy_str(s->parent, sizeof s->parent, o, "ParentShardId");
    copy_str(s->adjacent_parent, sizeof s->adjacent_parent, o, "AdjacentParentShardId");
    if (json_object_object_get_ex(o, "HashKeyRange", &r)) {
        copy_str(s->start_hash, sizeof s->start_hash, r, "StartingHashKey");
        copy_str(s->end_hash, sizeof s->end_hash, r, "EndingHashKey");
    }
    if (json_object_object_get_ex(o, "SequenceNumberRange", &r)) {
        copy_str(s->start_seq, sizeof s->start_seq, r, "StartingSequenceNumber");
        copy_str(s->end_seq, sizeof s->end_seq, r, "EndingSequenceNumber");
    }
}

aws_error *kin_list_shards(aws_client *c, const char *stream, int page_size, kin_shard_list *out)
{
    memset(out, 0, sizeof *out);
    char *token = NULL;
    aws_error *err = NULL;
    size_t cap = 0;
    for (int page = 0; !err; page++) {
        json_object *req = json_object_new_object(), *resp = NULL, *shards;
        if (token)
            json_object_object_add(req, "NextToken", json_object_new_string(token));
        else
            kin_add_stream(req, stream);
        if (page_size > 0) json_object_object_add(req, "MaxResults", json_object_new_int(page_size));
        err = kin_call(c, "ListShards", req, stream, &resp);
        json_object_put(req);
        free(token);
        token = NULL;
        if (!err && json_object_object_get_ex(resp, "Shards", &shards) &&
            json_object_is_type(shards, json_type_array)) {
            size_t n = json_object_array_length(shards);
            if (out->n + n > cap) {
                cap = (out->n + n) * 2;
                out->v = realloc(out->v, cap * sizeof *out->v);
                if (!out->v) abort();
            }
            for (size_t i = 0; i < n; i++)
                shard_from_json(&out->v[out->n++], json_object_array_get_idx(shards, i));
            const char *next = kin_str(resp, "NextToken");
            if (next && *next) token = strdup(next);
        }
        json_object_put(resp);
        if (!token) break;
    }
    if (err) kin_shard_list_free(out);
    return err;
}

void kin_shard_list_free(kin_shard_list *l)
{
    free(l->v);
    memset(l, 0, sizeof *l);
}

aws_error *kin_list_streams(aws_client *c, int page_size, aws_strings *out)
{
    aws_error *err = NULL;
    char *token = NULL, *last = NULL;
    for (;;) {
        json_object *req = json_object_new_object(), *resp = NULL, *names, *more;
        if (token)
            json_object_object_add(req, "NextToken", json_object_new_string(token));
        else if (last)
            json_object_object_add(req, "ExclusiveStartStreamName", json_object_new_string(last));
        if (page_size > 0) json_object_object_add(req, "Limit", json_object_new_int(page_size));
        err = kin_call(c, "ListStreams", req, NULL, &resp);
        json_object_put(req);
        free(token);
        token = NULL;
        int has_more = 0;
        if (!err && json_object_object_get_ex(resp, "StreamNames", &names)) {
            size_t n = json_object_array_length(names);
            for (size_t i = 0; i < n; i++)
                aws_strings_add(out, json_object_get_string(json_object_array_get_idx(names, i)));
            has_more = json_object_object_get_ex(resp, "HasMoreStreams", &more) &&
                       json_object_get_boolean(more) && n;
            const char *next = kin_str(resp, "NextToken");
            if (has_more && next && *next) token = strdup(next);
            free(last);
            last = has_more ? strdup(out->v[out->n - 1]) : NULL;
        }
        json_object_put(resp);
        if (err || !has_more) break;
    }
    free(token);
    free(last);
    return err;
}

/* SplitShard and MergeShards: the stream and two more string members. */
static aws_error *reshard(aws_client *c, const char *action, const char *stream, const char *k1,
                          const char *v1, const char *k2, const char *v2)
{
    json_object *req = json_object_new_object();
    kin_add_stream(req, stream);
    json_object_object_add(req, k1, json_object_new_string(v1));
    json_object_object_add(req, k2, json_object_new_string(v2));
    return call_simple(c, action, req, stream);
}

aws_error *kin_split_shard(aws_client *c, const char *stream, const char *shard_id,
                           const char *new_start_hash)
{
    return reshard(c, "SplitShard", stream, "ShardToSplit", shard_id, "NewStartingHashKey", new_start_hash);
}

aws_error *kin_merge_shards(aws_client *c, const char *stream, const char *shard_id,
                            const char *adjacent_shard_id)
{
    return reshard(c, "MergeShards", stream, "ShardToMerge", shard_id, "AdjacentShardToMerge",
                   adjacent_shard_id);
}
