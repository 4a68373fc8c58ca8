/* A small driver of the AWS client for bench_aws.sh (built there against build/rel): uploads a file
 * with s3_upload_file (parallel multipart) or downloads one with s3_get_object_file, so the library's
 * throughput can be compared with the AWS CLI on the same peer.
 * Usage: aws_driver upload|download ENDPOINT BUCKET KEY FILE [THREADS] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aws/s3_multipart.h"
#include "aws/s3_object.h"

int main(int argc, char **argv)
{
    if (argc < 6) {
        fprintf(stderr, "usage: aws_driver upload|download ENDPOINT BUCKET KEY FILE [THREADS]\n");
        return 2;
    }
    aws_options o = {.endpoint_url = argv[2]};
    aws_client *c = NULL;
    aws_error *err = aws_client_new(&o, &c);
    if (!err && strcmp(argv[1], "upload") == 0) {
        s3_upload_opts u = {.threads = argc > 6 ? atoi(argv[6]) : 4};
        err = s3_upload_file(c, argv[3], argv[4], argv[5], &u, NULL);
    } else if (!err) {
        err = s3_get_object_file(c, argv[3], argv[4], argv[5], NULL);
    }
    if (err) aws_error_print(stderr, "aws_driver", err);
    int rc = err ? 1 : 0;
    aws_error_free(err);
    aws_client_free(c);
    return rc;
}
