/* S3 sink (sink_s3.h). Parquet and NDJSON objects get their content type; every failure is logged
 * with the AWS error's service, code and request id and tried again until the policy gives up. */
#include "sink_s3.h"

#include <stdlib.h>
#include <string.h>

#include "aws/s3_object.h"

typedef struct sink_s3 {
    sink base;
    aws_client *client;
    char *bucket;
    const retry_policy *policy;
} sink_s3;

static const char *content_type(const char *key)
{
    size_t n = strlen(key);
    if (n > 8 && strcmp(key + n - 8, ".parquet") == 0) return "application/vnd.apache.parquet";
    if (n > 7 && strcmp(key + n - 7, ".ndjson") == 0) return "application/x-ndjson";
    return "application/octet-stream";
}

static int s3_put(sink *s, const char *key, const void *data, size_t n, buf *err)
{
    sink_s3 *d = (sink_s3 *)s;
    buf what = {0};
    buf_printf(&what, "s3://%s/%s", d->bucket, key);
    int rc = 0;
    for (int attempt = 1;; attempt++) {
        aws_error *e = s3_put_object(d->client, d->bucket, key, data, n, content_type(key), NULL);
        if (!e) break;
        if (!retry_again(d->policy, e, attempt, what.data)) {
            buf_printf(err, "%s: not written (see the errors above)", what.data);
            rc = -1;
            break;
        }
    }
    buf_free(&what);
    return rc;
}

static void s3_destroy(sink *s)
{
    sink_s3 *d = (sink_s3 *)s;
    free(d->bucket);
    free(d);
}

sink *sink_s3_new(aws_client *client, const char *bucket, const retry_policy *policy)
{
    sink_s3 *d = calloc(1, sizeof *d);
    if (!d) abort();
    d->base.put = s3_put;
    d->base.destroy = s3_destroy;
    d->client = client;
    d->bucket = strdup(bucket);
    if (!d->bucket) abort();
    d->policy = policy;
    return &d->base;
}
