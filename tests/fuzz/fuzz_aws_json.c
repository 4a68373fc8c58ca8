/* libFuzzer target: the JSON readers of the AWS client on any bytes: JSON 1.x errors
 * (aws_error_from_response), credential documents (aws_credentials_from_json) and Kinesis GetRecords
 * answers, by the strict reader (kin_answer_read) and through json-c (kin_get_result_from_json): what
 * the strict reader accepts, json-c reads the same way. */
#include <stddef.h>
#include <stdint.h>

#include "aws/aws_credentials.h"
#include "aws/aws_error.h"
#include "aws/kin_answer.h"
#include "aws/kin_records.h"

#include <stdlib.h>
#include <string.h>

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
    kin_get_result r, strict;
    err = kin_get_result_from_json(o, &r);
    aws_error *strict_err = kin_answer_read((const char *)data, size, &strict);
    if (!strict_err && o) { /* where json-c reads a document at all */
        if (err || r.n != strict.n || r.millis_behind != strict.millis_behind ||
            !r.next_iterator != !strict.next_iterator ||
            (r.next_iterator && strcmp(r.next_iterator, strict.next_iterator)))
            abort(); /* the strict reader accepted what json-c reads otherwise */
        for (size_t i = 0; i < r.n; i++)
            if (r.v[i].len != strict.v[i].len || memcmp(r.v[i].data, strict.v[i].data, r.v[i].len) ||
                strcmp(r.v[i].sequence_number, strict.v[i].sequence_number))
                abort();
        kin_get_result_free(&strict);
    }
    aws_error_free(strict_err);
    if (!err) kin_get_result_free(&r);
    aws_error_free(err);
    json_object_put(o);
    return 0;
}
