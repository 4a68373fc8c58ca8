/* PutRecords, GetShardIterator and GetRecords (kin_records.h) over kin_call(). A put keeps a list of the
 * records still to write; each call takes from it what fits, and puts back what the service refused. */
#include "aws/kin_records.h"

#include <stdlib.h>
#include <string.h>

#include "aws/aws_request.h"
#include "aws/digest.h"
#include "aws/kin_answer.h"
#include "aws/kin_json.h"

static size_t record_bytes(const kin_record *r)
{
    return r->len + strlen(r->partition_key);
}

static aws_error *check_record(const kin_record *r, size_t i)
{
    size_t pk = r->partition_key ? strlen(r->partition_key) : 0;
    if (pk < 1 || pk > 256)
        return aws_error_new("kinesis", "ValidationException",
                             "record %zu: a partition key has 1 to 256 characters", i);
    if (r->len + pk > KIN_MAX_RECORD_BYTES)
        return aws_error_new("kinesis", "ValidationException",
                             "record %zu: %zu bytes, more than the 1 MiB a record may have", i, r->len + pk);
    return NULL;
}

/* One PutRecords call over pending[0..take); refused entries are compacted back into pending[0..*left). */
static aws_error *put_batch(aws_client *c, const char *stream, kin_record *recs, size_t *pending, size_t take,
                            size_t *left, char last_code[64])
{
    json_object *req = json_object_new_object(), *arr = json_object_new_array(), *resp = NULL, *results;
    kin_add_stream(req, stream);
    buf b64 = {0};
    for (size_t i = 0; i < take; i++) {
        const kin_record *r = &recs[pending[i]];
        json_object *e = json_object_new_object();
        buf_reset(&b64);
        base64_encode(&b64, r->data ? r->data : "", r->len);
        json_object_object_add(e, "Data", json_object_new_string_len(b64.data ? b64.data : "", (int)b64.len));
        json_object_object_add(e, "PartitionKey", json_object_new_string(r->partition_key));
        if (r->explicit_hash_key)
            json_object_object_add(e, "ExplicitHashKey", json_object_new_string(r->explicit_hash_key));
        json_object_array_add(arr, e);
    }
    buf_free(&b64);
    json_object_object_add(req, "Records", arr);
    aws_error *err = kin_call(c, "PutRecords", req, stream, &resp);
    json_object_put(req);
    size_t kept = 0;
    if (!err &&
        (!json_object_object_get_ex(resp, "Records", &results) || json_object_array_length(results) != take))
        err = aws_error_new("kinesis", "MalformedResponse",
                            "PutRecords answered a different number of records");
    for (size_t i = 0; !err && i < take; i++) {
        json_object *res = json_object_array_get_idx(results, i);
        const char *code = kin_str(res, "ErrorCode");
        kin_record *r = &recs[pending[i]];
        if (code && *code) {
            snprintf(last_code, 64, "%s", code);
            pending[kept++] = pending[i];
        } else {
            const char *shard = kin_str(res, "ShardId"), *seq = kin_str(res, "SequenceNumber");
            snprintf(r->shard_id, sizeof r->shard_id, "%s", shard ? shard : "");
            snprintf(r->sequence_number, sizeof r->sequence_number, "%s", seq ? seq : "");
        }
    }
    json_object_put(resp);
    if (err) return err;
    /* refused entries first, then those not taken this time */
    memmove(pending + kept, pending + take, (*left - take) * sizeof *pending);
    *left = kept + (*left - take);
    return NULL;
}

/* Attempts are bounded per record: a record refused max_attempts * 3 times fails the put, while a
 * long put whose calls each have a few refusals keeps going as long as every record gets through. */
aws_error *kin_put_records(aws_client *c, const char *stream, kin_record *recs, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        aws_error *err = check_record(&recs[i], i);
        if (err) return err;
        recs[i].shard_id[0] = recs[i].sequence_number[0] = '\0';
    }
    size_t *pending = malloc((n ? n : 1) * sizeof *pending), left = n;
    int *refusals = calloc(n ? n : 1, sizeof *refusals);
    if (!pending || !refusals) abort();
    for (size_t i = 0; i < n; i++) pending[i] = i;
    int max_refusals = aws_client_max_attempts(c) * 3;
    char last_code[64] = "";
    aws_error *err = NULL;
    while (left && !err) {
        size_t take = 0, bytes = 0;
        while (take < left && take < KIN_MAX_RECORDS_PER_PUT &&
               bytes + record_bytes(&recs[pending[take]]) <= KIN_MAX_BYTES_PER_PUT)
            bytes += record_bytes(&recs[pending[take++]]);
        size_t before = left;
        err = put_batch(c, stream, recs, pending, take, &left, last_code);
        if (err) break;
        size_t refused = take - (before - left); /* now pending[0..refused) */
        int worst = 0;
        for (size_t i = 0; i < refused; i++)
            if (++refusals[pending[i]] > worst) worst = refusals[pending[i]];
        if (worst >= max_refusals) {
            err = aws_error_new("kinesis", last_code,
                                "%zu of %zu records not written; one was refused %d times", left, n, worst);
            snprintf(err->action, sizeof err->action, "PutRecords");
            break;
        }
        if (refused) aws_backoff(worst);
    }
    free(refusals);
    free(pending);
    return err;
}

aws_error *kin_get_shard_iterator(aws_client *c, const char *stream, const char *shard_id, const char *type,
                                  const char *sequence, double timestamp, char **iterator)
{
    *iterator = NULL;
    json_object *req = json_object_new_object(), *resp = NULL;
    kin_add_stream(req, stream);
    json_object_object_add(req, "ShardId", json_object_new_string(shard_id));
    json_object_object_add(req, "ShardIteratorType", json_object_new_string(type));
    if (sequence) json_object_object_add(req, "StartingSequenceNumber", json_object_new_string(sequence));
    if (strcmp(type, "AT_TIMESTAMP") == 0)
        json_object_object_add(req, "Timestamp", json_object_new_double(timestamp));
    aws_error *err = kin_call(c, "GetShardIterator", req, stream, &resp);
    json_object_put(req);
    if (!err) {
        const char *it = kin_str(resp, "ShardIterator");
        if (it)
            *iterator = strdup(it);
        else
            err = aws_error_new("kinesis", "MalformedResponse", "GetShardIterator answered no ShardIterator");
    }
    json_object_put(resp);
    return err;
}

aws_error *kin_get_result_from_json(json_object *resp, kin_get_result *out)
{
    memset(out, 0, sizeof *out);
    json_object *records, *v;
    if (!json_object_object_get_ex(resp, "Records", &records) ||
        !json_object_is_type(records, json_type_array))
        return aws_error_new("kinesis", "MalformedResponse", "GetRecords answered no Records");
    aws_error *err = NULL;
    size_t n = json_object_array_length(records);
    out->v = calloc(n ? n : 1, sizeof *out->v);
    if (!out->v) abort();
    for (size_t i = 0; i < n && !err; i++) {
        json_object *r = json_object_array_get_idx(records, i);
        kin_got_record *g = &out->v[out->n++];
        const char *data = kin_str(r, "Data"), *pk = kin_str(r, "PartitionKey"),
                   *seq = kin_str(r, "SequenceNumber");
        size_t before = out->data.len;
        if (!data || base64_decode(&out->data, data, strlen(data)) != 0)
            err = aws_error_new("kinesis", "MalformedResponse", "record %zu: Data is not base64", i);
        g->len = out->data.len - before;
        buf_addc(&out->data, '\0');
        snprintf(g->partition_key, sizeof g->partition_key, "%s", pk ? pk : "");
        snprintf(g->sequence_number, sizeof g->sequence_number, "%s", seq ? seq : "");
        if (json_object_object_get_ex(r, "ApproximateArrivalTimestamp", &v))
            g->arrival = json_object_get_double(v);
    }
    const char *next = kin_str(resp, "NextShardIterator");
    if (next) out->next_iterator = strdup(next);
    if (json_object_object_get_ex(resp, "MillisBehindLatest", &v))
        out->millis_behind = json_object_get_int64(v);
    if (err)
        kin_get_result_free(out);
    else
        kin_answer_link(out);
    return err;
}

aws_error *kin_get_records(aws_client *c, const char *stream, const char *iterator, int limit,
                           kin_get_result *out)
{
    memset(out, 0, sizeof *out);
    json_object *req = json_object_new_object();
    json_object_object_add(req, "ShardIterator", json_object_new_string(iterator));
    if (limit > 0) json_object_object_add(req, "Limit", json_object_new_int(limit));
    http_response resp;
    aws_error *err = kin_call_raw(c, "GetRecords", req, stream, &resp);
    json_object_put(req);
    if (!err) err = kin_answer_read(resp.body.data ? resp.body.data : "", resp.body.len, out);
    if (err) snprintf(err->action, sizeof err->action, "GetRecords");
    http_response_free(&resp);
    return err;
}

void kin_get_result_free(kin_get_result *r)
{
    buf_free(&r->data);
    free(r->v);
    free(r->next_iterator);
    memset(r, 0, sizeof *r);
}
