/* The one lifecycle rule of s3_lifecycle.h, as the XML document S3 expects (with Content-MD5, which
 * s3_send adds and S3 requires for this call). */
#include "aws/s3_lifecycle.h"

#include "aws/s3_request.h"
#include "aws/xml.h"

aws_error *s3_put_bucket_expiry(aws_client *c, const char *bucket, const char *rule_id, const char *prefix, int days)
{
    buf b = {0};
    buf_adds(&b, "<LifecycleConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Rule><ID>");
    xml_escape(&b, rule_id);
    buf_adds(&b, "</ID><Filter><Prefix>");
    xml_escape(&b, prefix);
    buf_printf(&b, "</Prefix></Filter><Status>Enabled</Status><Expiration><Days>%d</Days></Expiration>"
                   "<NoncurrentVersionExpiration><NoncurrentDays>%d</NoncurrentDays></NoncurrentVersionExpiration>"
                   "<AbortIncompleteMultipartUpload><DaysAfterInitiation>1</DaysAfterInitiation>"
                   "</AbortIncompleteMultipartUpload></Rule></LifecycleConfiguration>",
               days, days);
    http_response resp;
    http_response_init(&resp);
    aws_error *err = s3_send(c, "PutBucketLifecycleConfiguration", "PUT", bucket, NULL, "lifecycle=", b.data, b.len,
                             "application/xml", &resp);
    http_response_free(&resp);
    buf_free(&b);
    return err;
}
