/* Identifiers and times for the local CloudFormation endpoint. UUIDs come from getrandom(), so ids
 * of different endpoint runs never collide. */
#include "local/ident.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/random.h>
#include <time.h>

#include "base/rfc3339.h"

void ident_uuid(char out[37])
{
    unsigned char r[16];
    if (getrandom(r, sizeof r, 0) != (ssize_t)sizeof r) abort();
    r[6] = (unsigned char)((r[6] & 0x0f) | 0x40);
    r[8] = (unsigned char)((r[8] & 0x3f) | 0x80);
    snprintf(out, 37, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", r[0], r[1], r[2], r[3],
             r[4], r[5], r[6], r[7], r[8], r[9], r[10], r[11], r[12], r[13], r[14], r[15]);
}

void ident_arn(char *out, size_t n, const char *kind, const char *name)
{
    char uuid[37];
    ident_uuid(uuid);
    snprintf(out, n, "arn:aws:cloudformation:%s:%s:%s/%s/%s", ident_region(), LOCAL_ACCOUNT, kind, name, uuid);
}

void ident_now(char out[32])
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    char s[21];
    rfc3339_format(ts.tv_sec, s);
    snprintf(out, 32, "%.19s.%03dZ", s, (int)(ts.tv_nsec / 1000000) % 1000);
}

const char *ident_region(void)
{
    const char *r = getenv("AWS_REGION");
    if (!r || !*r) r = getenv("AWS_DEFAULT_REGION");
    return r && *r ? r : "us-east-1";
}
