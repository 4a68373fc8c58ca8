/* The Kinesis wire protocol, JSON 1.1: POST / with X-Amz-Target: Kinesis_20131202.<Action>, a JSON
 * body in, a JSON body out (json-c). The calls of kin_stream.h and kin_records.h are built on it. */
#ifndef ETL_AWS_KIN_JSON_H
#define ETL_AWS_KIN_JSON_H

#include <json-c/json.h>

#include "aws/aws_client.h"
#include "aws/http.h"

/* Sends action with body req (not consumed); on success *resp is the parsed answer (caller puts it).
 * resource names the stream for the request log. */
aws_error *kin_call(aws_client *c, const char *action, json_object *req, const char *resource,
                    json_object **resp);

/* The same call with the answer's bytes left unparsed in *resp (always initialized: the caller frees
 * it), for answers read without json-c (GetRecords). */
aws_error *kin_call_raw(aws_client *c, const char *action, json_object *req, const char *resource,
                        http_response *resp);

/* req["StreamName"] or req["StreamARN"] (when stream starts with "arn:"). */
void kin_add_stream(json_object *req, const char *stream);

/* The string member key of o, or NULL. */
const char *kin_str(json_object *o, const char *key);

#endif
