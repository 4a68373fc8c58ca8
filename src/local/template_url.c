/* Templates given by URL. The bucket comes from the host ("<bucket>.s3[.-]<region>.amazonaws.com") or
 * from the first path segment (path-style, and every non-AWS host). */
#include "local/template_url.h"

#include <stdio.h>
#include <string.h>

#include "aws/s3_object.h"
#include "local/provider.h"

static int hexval(int c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

static int copy_decoded(const char *s, size_t n, char *out, size_t cap)
{
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        if (o + 1 >= cap) return -1;
        if (s[i] == '%' && i + 2 < n && hexval(s[i + 1]) >= 0 && hexval(s[i + 2]) >= 0) {
            out[o++] = (char)(hexval(s[i + 1]) * 16 + hexval(s[i + 2]));
            i += 2;
        } else {
            out[o++] = s[i];
        }
    }
    out[o] = '\0';
    return 0;
}

int template_url_parse(const char *url, char *bucket, size_t blen, char *key, size_t klen)
{
    const char *p = strstr(url, "://");
    if (!p || (strncmp(url, "http://", 7) != 0 && strncmp(url, "https://", 8) != 0)) return -1;
    const char *host = p + 3, *path = strchr(host, '/');
    if (!path) return -1;
    size_t hlen = (size_t)(path - host);
    const char *end = path + strcspn(path, "?#");
    const char *s3 = NULL;
    for (const char *h = host; h + 4 <= host + hlen; h++)
        if ((strncmp(h, ".s3.", 4) == 0 || strncmp(h, ".s3-", 4) == 0) && strstr(h, ".amazonaws.com")) {
            s3 = h;
            break;
        }
    if (s3) { /* virtual-hosted: the bucket is the host's head */
        if ((size_t)(s3 - host) >= blen || end - path < 2) return -1;
        memcpy(bucket, host, (size_t)(s3 - host));
        bucket[s3 - host] = '\0';
        return copy_decoded(path + 1, (size_t)(end - path - 1), key, klen);
    }
    const char *slash = memchr(path + 1, '/', (size_t)(end - path - 1));
    if (!slash || slash == path + 1 || slash + 1 >= end) return -1;
    if (copy_decoded(path + 1, (size_t)(slash - path - 1), bucket, blen) != 0) return -1;
    return copy_decoded(slash + 1, (size_t)(end - slash - 1), key, klen);
}

int template_url_fetch(const char *url, buf *out, char *err, size_t errlen)
{
    char bucket[256], key[1024];
    if (template_url_parse(url, bucket, sizeof bucket, key, sizeof key) != 0) {
        snprintf(err, errlen, "TemplateURL must be a supported URL.");
        return -1;
    }
    struct prov_call c = {0};
    aws_client *cl = provider_client(&c);
    if (!cl) {
        snprintf(err, errlen, "%s", c.err);
        return -1;
    }
    aws_error *e = s3_get_object(cl, bucket, key, NULL, out, NULL);
    if (e) {
        char line[600];
        aws_error_format(e, line, sizeof line);
        aws_error_free(e);
        snprintf(err, errlen, "S3 error: Unable to get object %s from bucket %s: %s", key, bucket, line);
        return -1;
    }
    return 0;
}
