/* libFuzzer target: the JSON readers of the AWS client on any bytes: JSON 1.x errors
 * (aws_error_from_response) and credential documents (aws_credentials_from_json). */
#include <stddef.h>
#include <stdint.h>

#include "aws/aws_credentials.h"
#include "aws/aws_error.h"

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
    return 0;
}
