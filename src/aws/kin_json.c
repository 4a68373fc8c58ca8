/* kin_call(): one Kinesis JSON 1.1 request on aws_send, the answer parsed with json-c; kin_call_raw()
 * leaves the answer as bytes, for GetRecords (kin_answer.h). */
#include "aws/kin_json.h"

#include <stdlib.h>
#include <string.h>

#include "aws/aws_request.h"

aws_error *kin_call_raw(aws_client *c, const char *action, json_object *req, const char *resource,
                        http_response *resp)
{
    char target[96];
    snprintf(target, sizeof target, "Kinesis_20131202.%s", action);
    const char *body = json_object_to_json_string_ext(req, JSON_C_TO_STRING_PLAIN);
    aws_request r = aws_request_make("kinesis", action, "POST", "/");
    r.resource = resource;
    r.body.data = body;
    r.body.len = strlen(body);
    http_headers_add(&r.headers, "Content-Type", "application/x-amz-json-1.1");
    http_headers_add(&r.headers, "X-Amz-Target", target);
    http_response_init(resp);
    aws_error *err = aws_send(c, &r, resp);
    http_headers_free(&r.headers);
    return err;
}

aws_error *kin_call(aws_client *c, const char *action, json_object *req, const char *resource,
                    json_object **resp)
{
    *resp = NULL;
    http_response out;
    aws_error *err = kin_call_raw(c, action, req, resource, &out);
    if (!err) {
        json_tokener *tok = json_tokener_new();
        if (!tok) abort();
        *resp = out.body.len ? json_tokener_parse_ex(tok, out.body.data, (int)out.body.len)
                             : json_object_new_object();
        json_tokener_free(tok);
        if (!*resp || !json_object_is_type(*resp, json_type_object)) {
            json_object_put(*resp);
            *resp = NULL;
            err = aws_error_new("kinesis", "MalformedResponse", "the answer is not a JSON object");
            snprintf(err->action, sizeof err->action, "%s", action);
        }
    }
    http_response_free(&out);
    return err;
}

void kin_add_stream(json_object *req, const char *stream)
{
    json_object_object_add(req, strncmp(stream, "arn:", 4) == 0 ? "StreamARN" : "StreamName",
                           json_object_new_string(stream));
}

const char *kin_str(json_object *o, const char *key)
{
    json_object *v;
    if (!o || !json_object_object_get_ex(o, key, &v) || !json_object_is_type(v, json_type_string))
        return NULL;
    return json_object_get_string(v);
}
