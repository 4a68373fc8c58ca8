/* `etlctl doctor`: says where the AWS credentials, region and each endpoint come from (never a secret),
 * then tries STS GetCallerIdentity, S3 ListBuckets and Kinesis ListStreams, one line each on what
 * works and what to fix. Exit 0 when everything works. */
#include <stdio.h>
#include <string.h>

#include "aws/kin_stream.h"
#include "aws/s3_bucket.h"
#include "aws/sts.h"
#include "cli/aws_flags.h"
#include "cmd/cmd.h"

static const char *SERVICES[] = {"sts", "s3", "kinesis", "cloudformation"};

/* What to do about an error, from its code. */
static const char *fix_for(const aws_error *e, const char *service)
{
    const char *c = e->code;
    if (strcmp(c, "NetworkError") == 0) return "the endpoint does not answer: check its URL and the network";
    if (strcmp(c, "NoRegion") == 0) return "set a region: --region, AWS_REGION or region in the profile";
    if (strcmp(c, "NoCredentials") == 0 || strcmp(c, "CredentialProcessFailed") == 0 ||
        strcmp(c, "MalformedCredentials") == 0 || strcmp(c, "CredentialsUnavailable") == 0)
        return "configure credentials: AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, a profile, or a role";
    if (strcmp(c, "InvalidClientTokenId") == 0 || strcmp(c, "UnrecognizedClientException") == 0 ||
        strcmp(c, "InvalidAccessKeyId") == 0)
        return "the access key is not known to AWS: check the credentials above";
    if (strcmp(c, "SignatureDoesNotMatch") == 0 || strcmp(c, "InvalidSignatureException") == 0)
        return "the secret key does not match the access key: check the credentials above";
    if (strcmp(c, "ExpiredToken") == 0 || strcmp(c, "ExpiredTokenException") == 0 ||
        strcmp(c, "RequestExpired") == 0)
        return "the session token expired: get new temporary credentials";
    if (strcmp(c, "AccessDenied") == 0 || strcmp(c, "AccessDeniedException") == 0)
        return strcmp(service, "s3") == 0        ? "allow s3:ListAllMyBuckets for this identity"
               : strcmp(service, "kinesis") == 0 ? "allow kinesis:ListStreams for this identity"
                                                 : "the identity is not allowed this call";
    if (strcmp(c, "InvalidConfig") == 0 || strcmp(c, "ProfileNotFound") == 0)
        return "fix the AWS configuration files";
    if (e->status >= 500) return "the service failed: try again later";
    return "see the message";
}

static int report(const char *what, aws_error *err, const char *ok_detail, const char *service)
{
    if (!err) {
        printf("ok    %-26s %s\n", what, ok_detail);
        return 1;
    }
    char line[800];
    aws_error_format(err, line, sizeof line);
    printf("FAIL  %-26s %s\n      fix: %s\n", what, line, fix_for(err, service));
    aws_error_free(err);
    return 0;
}

static void usage(FILE *f)
{
    fprintf(f,
            "usage: etlctl doctor [--profile NAME] [--region NAME] [--endpoint-url URL]\n\n"
            "Shows where the AWS credentials, region and endpoints come from and checks that STS, S3\n"
            "and Kinesis answer. Exit 0 when all of them work.\n\n%s",
            AWS_FLAGS_HELP);
}

int cmd_doctor(int argc, char **argv)
{
    aws_options o = {0};
    if (aws_flags_take(&argc, argv, &o) != 0) return EXIT_USAGE;
    if (argc > 1) {
        int help = strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0;
        usage(help ? stdout : stderr);
        if (!help) fprintf(stderr, "\netlctl doctor: unexpected argument '%s'\n", argv[1]);
        return help ? EXIT_OK : EXIT_USAGE;
    }
    aws_client *c = NULL;
    aws_error *err = aws_client_new(&o, &c);
    if (err) {
        report("configuration", err, "", "");
        return EXIT_FAIL;
    }
    int ok = 1;
    printf("profile      %s\n", aws_client_profile_name(c));
    aws_credentials creds = {0};
    char source[160];
    err = aws_client_credentials(c, &creds, source);
    if (!err) {
        size_t n = creds.access_key_id ? strlen(creds.access_key_id) : 0;
        printf("credentials  access key ...%s from %s%s\n", n > 4 ? creds.access_key_id + n - 4 : "", source,
               creds.session_token ? " (temporary)" : "");
    } else {
        ok &= report("credentials", err, "", "");
    }
    aws_credentials_free(&creds);
    const char *region = aws_client_region(c);
    if (region) {
        printf("region       %s from %s\n", region, aws_client_region_source(c));
    } else {
        printf(
            "FAIL  region                     %s\n      fix: set a region: --region, AWS_REGION or region in "
            "the profile\n",
            aws_client_region_source(c));
        ok = 0;
    }
    for (size_t i = 0; i < sizeof SERVICES / sizeof SERVICES[0]; i++) {
        aws_endpoint ep;
        err = aws_client_endpoint(c, SERVICES[i], &ep);
        if (err && aws_error_is(err, "NoRegion")) { /* said once above */
            printf("endpoint     %-14s (none without a region)\n", SERVICES[i]);
            aws_error_free(err);
            continue;
        }
        if (err) {
            char what[64];
            snprintf(what, sizeof what, "endpoint %s", SERVICES[i]);
            ok &= report(what, err, "", SERVICES[i]);
            continue;
        }
        printf("endpoint     %-14s %s from %s%s\n", SERVICES[i], ep.url, ep.source,
               strcmp(SERVICES[i], "s3") == 0 && ep.custom ? " (path-style)" : "");
    }
    sts_identity id;
    char detail[400];
    err = sts_get_caller_identity(c, &id);
    snprintf(detail, sizeof detail, "%s (account %s)", err ? "" : id.arn, err ? "" : id.account);
    ok &= report("sts GetCallerIdentity", err, detail, "sts");
    aws_strings names = {0};
    err = s3_list_buckets(c, &names);
    snprintf(detail, sizeof detail, "%zu bucket%s", names.n, names.n == 1 ? "" : "s");
    ok &= report("s3 ListBuckets", err, detail, "s3");
    aws_strings_free(&names);
    err = kin_list_streams(c, 0, &names);
    snprintf(detail, sizeof detail, "%zu stream%s", names.n, names.n == 1 ? "" : "s");
    ok &= report("kinesis ListStreams", err, detail, "kinesis");
    aws_strings_free(&names);
    aws_client_free(c);
    printf("%s\n", ok ? "all checks passed" : "some checks failed");
    return ok ? EXIT_OK : EXIT_FAIL;
}
