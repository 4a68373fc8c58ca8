/* TemplateURL: a template stored in S3, named by any of the URL forms CloudFormation accepts
 * (virtual-hosted or path-style amazonaws.com, or a custom endpoint such as the local s3rver, path-style),
 * fetched from the S3 the endpoint uses. */
#ifndef ETL_LOCAL_TEMPLATE_URL_H
#define ETL_LOCAL_TEMPLATE_URL_H

#include <stddef.h>

#include "base/buf.h"

/* Splits url into bucket and key (percent-decoded). 0, or -1 when it names no S3 object. */
int template_url_parse(const char *url, char *bucket, size_t blen, char *key, size_t klen);
/* Appends the object's text to out. 0, or -1 with CloudFormation's reason in err. */
int template_url_fetch(const char *url, buf *out, char *err, size_t errlen);

#endif
