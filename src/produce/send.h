/* Sending readings to a Kinesis stream: packed per_record to a record (NDJSON), PutRecords in batches
 * of up to 500 records, at most `inflight` batches at once (one thread each), retrying only the entries
 * that failed (kin_put_records), paced to a rate, with a progress line and totals. */
#ifndef ETL_PRODUCE_SEND_H
#define ETL_PRODUCE_SEND_H

#include <stdio.h>

#include "aws/aws_client.h"
#include "produce/readings.h"

typedef struct send_opts {
    const char *stream;
    int per_record; /* readings per record, >= 1 */
    int batch;      /* records per PutRecords, 1..500 */
    int inflight;   /* batches at once, >= 1 */
    double rate;    /* readings per second, 0: as fast as the stream takes them */
    FILE *progress; /* a progress line on it when it is a terminal (may be NULL) */
} send_opts;

typedef struct send_totals {
    size_t readings, records, batches;
    double seconds;
} send_totals;

aws_error *send_readings(aws_client *c, const readings *r, const send_opts *o, send_totals *t);

#endif
