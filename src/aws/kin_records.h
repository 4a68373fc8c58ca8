/* Kinesis data: PutRecords (batched to the service limits, 500 records and 5 MiB a call, retrying only
 * the entries that failed), GetShardIterator and GetRecords. Record data travels base64-encoded in
 * JSON; these functions take and give raw bytes. */
#ifndef ETL_AWS_KIN_RECORDS_H
#define ETL_AWS_KIN_RECORDS_H

#include <stddef.h>
#include <stdint.h>

#include <json-c/json.h>

#include "aws/aws_client.h"
#include "base/buf.h"

enum { KIN_MAX_RECORDS_PER_PUT = 500, KIN_MAX_BYTES_PER_PUT = 5 << 20, KIN_MAX_RECORD_BYTES = 1 << 20 };

typedef struct kin_record {
    const void *data;
    size_t len;
    const char *partition_key;     /* 1..256 characters */
    const char *explicit_hash_key; /* or NULL */
    /* set by kin_put_records for each record written */
    char shard_id[64];
    char sequence_number[128];
} kin_record;

/* Writes all n records. Entries the service refuses (ProvisionedThroughputExceededException,
 * InternalFailure) are sent again, only they, with backoff, each up to the client's attempts times 3; if
 * some still fail, the error names how many and the last code. Records that do not fit the limits are
 * refused before anything is sent. The order of records within a shard may change across retries. */
aws_error *kin_put_records(aws_client *c, const char *stream, kin_record *recs, size_t n);

/* type: TRIM_HORIZON, LATEST, AT_SEQUENCE_NUMBER, AFTER_SEQUENCE_NUMBER (sequence), AT_TIMESTAMP
 * (timestamp, Unix seconds). *iterator is allocated (free()). */
aws_error *kin_get_shard_iterator(aws_client *c, const char *stream, const char *shard_id, const char *type,
                                  const char *sequence, double timestamp, char **iterator);

typedef struct kin_got_record {
    const char *data; /* len bytes inside the result's data, a NUL after them */
    size_t len;
    char partition_key[260];
    char sequence_number[128];
    double arrival; /* ApproximateArrivalTimestamp, Unix seconds */
} kin_got_record;

typedef struct kin_get_result {
    kin_got_record *v;
    size_t n;
    buf data;            /* the bytes of all records, one after another, each followed by a NUL */
    char *next_iterator; /* NULL when the shard is closed and read to its end */
    int64_t millis_behind;
} kin_get_result;

/* One GetRecords call (limit 0: the service's default), its answer read by kin_answer_read(). stream
 * is only for the request log. */
aws_error *kin_get_records(aws_client *c, const char *stream, const char *iterator, int limit,
                           kin_get_result *out);
void kin_get_result_free(kin_get_result *r);

/* The records of a GetRecords answer as json-c reads it: the reference the strict reader of
 * kin_answer.h is checked against (unit tests, fuzz target). */
aws_error *kin_get_result_from_json(json_object *resp, kin_get_result *out);

#endif
