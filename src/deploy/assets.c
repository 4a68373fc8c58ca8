/* The assets bucket (assets.h): named from the account and region, made once with its protections,
 * filled by content hash. */
#include "deploy/assets.h"

#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "aws/s3_bucket.h"
#include "aws/s3_lifecycle.h"
#include "aws/s3_multipart.h"
#include "aws/s3_object.h"
#include "aws/sts.h"

aws_error *assets_bucket_name(aws_client *c, char *name)
{
    sts_identity id;
    aws_error *err = sts_get_caller_identity(c, &id);
    if (err) return err;
    const char *region = aws_client_region(c);
    if (!region) return aws_error_new("config", "NoRegion", "no region: %s", aws_client_region_source(c));
    snprintf(name, 64, "etlctl-assets-%s-%s", id.account, region);
    return NULL;
}

/* A setting the store does not implement (s3rver answers NotImplemented) is noted, not fatal. */
static aws_error *setting(aws_error *err, const char *what, FILE *log)
{
    if (err && (aws_error_is(err, "NotImplemented") || err->status == 501)) {
        fprintf(log, "  %s: not implemented by this S3 endpoint (skipped)\n", what);
        aws_error_free(err);
        return NULL;
    }
    return err;
}

aws_error *assets_ensure(aws_client *c, const char *bucket, FILE *log, int *created)
{
    if (created) *created = 0;
    aws_error *err = s3_head_bucket(c, bucket, NULL);
    if (!err) return NULL;
    if (!aws_error_is(err, "NotFound") && !aws_error_is(err, "NoSuchBucket")) return err;
    aws_error_free(err);
    fprintf(log, "creating the assets bucket %s\n", bucket);
    if ((err = s3_create_bucket(c, bucket, NULL))) return err;
    if (created) *created = 1;
    static const int block_all[4] = {1, 1, 1, 1};
    if ((err = setting(s3_put_public_access_block(c, bucket, block_all), "public access block", log))) return err;
    if ((err = setting(s3_put_bucket_encryption(c, bucket, "AES256", NULL), "default encryption", log))) return err;
    err = setting(s3_put_bucket_expiry(c, bucket, "etlctl-assets-expire", "", ASSETS_EXPIRE_DAYS), "expiry of old assets", log);
    return err;
}

struct upload_view {
    FILE *log;
    const char *key;
};

static void upload_progress(void *ud, int64_t done, int64_t total)
{
    struct upload_view *v = ud;
    fprintf(v->log, "\r\033[Kuploading %s: %lld/%lld KiB (%d%%)", v->key, (long long)(done >> 10), (long long)(total >> 10),
            total ? (int)(100 * done / total) : 100);
    if (done >= total) fputc('\n', v->log);
    fflush(v->log);
}

aws_error *assets_upload(aws_client *c, const char *bucket, const char *key, const char *path, FILE *log,
                         int *uploaded)
{
    *uploaded = 0;
    struct stat sb;
    if (stat(path, &sb) != 0) return aws_error_new("deploy", "LocalIOError", "%s: cannot stat", path);
    s3_object_info info;
    aws_error *err = s3_head_object(c, bucket, key, &info);
    if (!err && info.size == (int64_t)sb.st_size) return NULL;
    if (err && !aws_error_is(err, "NotFound")) return err;
    aws_error_free(err);
    struct upload_view view = {log, key};
    s3_upload_opts opts = {0};
    opts.content_type = "application/gzip";
    if (sb.st_size > (1 << 20) && isatty(fileno(log))) {
        opts.progress = upload_progress;
        opts.progress_ud = &view;
    }
    err = s3_upload_file(c, bucket, key, path, &opts, NULL);
    if (!err) *uploaded = 1;
    return err;
}

aws_error *assets_object_url(aws_client *c, const char *bucket, const char *key, char *url, size_t n)
{
    aws_endpoint ep;
    aws_error *err = aws_client_endpoint(c, "s3", &ep);
    if (err) return err;
    if (ep.custom) snprintf(url, n, "%s/%s/%s", ep.url, bucket, key);
    else snprintf(url, n, "https://%s.s3.%s.amazonaws.com/%s", bucket, aws_client_region(c), key);
    return NULL;
}
