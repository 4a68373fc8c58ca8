/* The GetRecords answer read straight from its JSON text: a strict, single-pass reader that decodes
 * every record's base64 Data into the one buffer of the result (no tree, no string per field). It is
 * the hot path of stream mode; anything that is not the documented shape is an error, never a guess. */
#ifndef ETL_AWS_KIN_ANSWER_H
#define ETL_AWS_KIN_ANSWER_H

#include <stddef.h>

#include "aws/kin_records.h"

/* Reads the len bytes of json (RFC 8259, UTF-8) as a GetRecords answer into *out (zeroed first; on
 * error nothing is left to free). Records[] with Data (base64) and SequenceNumber (digits) required,
 * PartitionKey, ApproximateArrivalTimestamp (number) and EncryptionType optional; NextShardIterator
 * (string or null), MillisBehindLatest (integer), ChildShards (array, checked and skipped) and members
 * it does not know (checked and skipped) at the top. A member named twice, a wrong type, a lone UTF-16
 * surrogate, nesting deeper than 32, bytes after the object: a MalformedResponse error naming the byte
 * offset. A PartitionKey longer than the field holds is cut at a UTF-8 character boundary. */
aws_error *kin_answer_read(const char *json, size_t len, kin_get_result *out);

/* Points each out->v[i].data into out->data once all records are there: their bytes lie one after
 * another there, each followed by a NUL. Used by both readers of GetRecords answers. */
void kin_answer_link(kin_get_result *out);

#endif
