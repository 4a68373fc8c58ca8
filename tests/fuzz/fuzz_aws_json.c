/* libFuzzer target: the JSON readers of the AWS client on any bytes: JSON 1.x errors
 * (aws_error_from_response), credential documents (aws_credentials_from_json) and Kinesis GetRecords
 * answers (kin_get_result_from_json: base64 record data). */
#include <stddef.h>
#include <stdint.h>

#include "aws/aws_credentials.h"
#include "aws/aws_error.h"
#include "aws/kin_records.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    aws_error *err = aws_error_from_response("kinesis", 400, (const char *)data, size, NULL, "x#Y:z");
    char line[800];
    aws_error_format(err, line, sizeof line);
    aws_error_free(err);
    aws_credentials c = {0};
    err = aws_credentials_from_json((const char *)data, size, "fuzz", &c);
    aws_error_free(err);
    aws_credentials_free(&c);
    json_tokener *tok = json_tokener_new();
    json_object *o = size < 0x7fffffff ? json_tokener_parse_ex(tok, (const char *)data, (int)size) : NULL;
    json_tokener_free(tok);
    kin_get_result r;
    err = kin_get_result_from_json(o, &r);
    if (!err) kin_get_result_free(&r);
    aws_error_free(err);
    json_object_put(o);
    return 0;
}
