/* A configured AWS client: where requests go (region, endpoints), what signs them (credentials, kept
 * fresh), and the pooled connections they travel on. Resolution follows the AWS SDKs and CLI:
 *   credentials: explicit options (flags) > AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY[/AWS_SESSION_TOKEN]
 *     > profile (static keys, credential_process, role_arn + source_profile through STS AssumeRole)
 *     > container (AWS_CONTAINER_CREDENTIALS_RELATIVE_URI / _FULL_URI +
 * AWS_CONTAINER_AUTHORIZATION_TOKEN[_FILE]) > EC2 instance metadata (IMDSv2), unless
 * AWS_EC2_METADATA_DISABLED=true; region: option > AWS_REGION > AWS_DEFAULT_REGION > profile "region" >
 * instance metadata; endpoint of a service: option > AWS_ENDPOINT_URL_<SERVICE> > AWS_ENDPOINT_URL > profile
 *     "endpoint_url" > https://<service>.<region>.amazonaws.com;
 *   TLS: always verified, against AWS_CA_BUNDLE (or the profile's ca_bundle) when set.
 * Thread-safe: requests may run from several threads on one client. */
#ifndef ETL_AWS_CLIENT_H
#define ETL_AWS_CLIENT_H

#include <stdint.h>

#include "aws/aws_credentials.h"
#include "aws/aws_error.h"
#include "aws/aws_profile.h"
#include "aws/http.h"

typedef struct aws_options {
    const char *profile;                                           /* --profile */
    const char *region;                                            /* --region */
    const char *endpoint_url;                                      /* --endpoint-url, for every service */
    const char *access_key_id, *secret_access_key, *session_token; /* explicit credentials */
    int max_attempts;        /* 0: AWS_MAX_ATTEMPTS, else the profile's max_attempts, else 3 */
    long connect_timeout_ms; /* 0: 5000 */
    long timeout_ms;         /* 0: 120000, a whole request */
} aws_options;

typedef struct aws_client aws_client;

/* Reads the configuration; fails only on unreadable or malformed configuration files. A missing region
 * or missing credentials are reported by the first request that needs them (and by the accessors). */
aws_error *aws_client_new(const aws_options *o, aws_client **out);
void aws_client_free(aws_client *c);

/* The region, or NULL; and where it came from ("--region", "AWS_REGION", "profile dev in
 * /root/.aws/config", "instance metadata"), or why there is none. */
const char *aws_client_region(const aws_client *c);
const char *aws_client_region_source(const aws_client *c);

typedef struct aws_endpoint {
    char url[512];    /* scheme://host[:port][/path], no trailing '/' */
    char source[160]; /* "--endpoint-url", "AWS_ENDPOINT_URL_S3", "default for us-east-1", ... */
    int custom;       /* not an amazonaws.com default: S3 uses path-style addressing */
} aws_endpoint;

/* The endpoint of a service ("s3", "kinesis", "sts", "cloudformation"). */
aws_error *aws_client_endpoint(const aws_client *c, const char *service, aws_endpoint *out);

/* Current credentials (resolved on first use, resolved again shortly before they expire), copied into
 * out (caller frees with aws_credentials_free); source describes where they came from, never a secret. */
aws_error *aws_client_credentials(aws_client *c, aws_credentials *out, char source[160]);

/* The library's own modules use these. */
const aws_options *aws_client_options(const aws_client *c);
const aws_profiles *aws_client_profiles(const aws_client *c);
const char *aws_client_profile_name(const aws_client *c);
int aws_client_max_attempts(const aws_client *c);
http_conn *aws_client_conn_take(aws_client *c); /* a pooled connection, or a new one */
void aws_client_conn_give(aws_client *c, http_conn *conn);
int64_t aws_client_now(aws_client *c); /* Unix time corrected by the measured clock skew */
void aws_client_set_skew(aws_client *c, int64_t server_minus_local);

#endif
