/* One line of advice per error class a user meets (hint.h). The codes are AWS's own, so the same
 * advice serves AWS and the local cloud (whose endpoint answers them for marked keys). */
#include "deploy/hint.h"

#include <stdio.h>
#include <string.h>

#include "cmd/cmd.h"

static int is_any(const aws_error *e, const char *const *codes)
{
    for (; *codes; codes++)
        if (strcmp(e->code, *codes) == 0) return 1;
    return 0;
}

const char *hint_for(const aws_error *e)
{
    static const char *const no_creds[] = {"NoCredentials", "CredentialsUnavailable", "MalformedCredentials",
                                           "CredentialProcessFailed", NULL};
    static const char *const bad_key[] = {"InvalidClientTokenId", "UnrecognizedClientException", "InvalidAccessKeyId",
                                          "SignatureDoesNotMatch", NULL};
    static const char *const expired[] = {"ExpiredToken", "ExpiredTokenException", "RequestExpired", "TokenRefreshRequired", NULL};
    static const char *const denied[] = {"AccessDenied", "AccessDeniedException", "UnauthorizedOperation", NULL};
    if (is_any(e, no_creds))
        return "no AWS credentials found: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE, or run "
               "`aws configure` (or use --local)";
    if (is_any(e, expired)) return "your AWS session has expired: renew it (`aws sso login`, or new temporary keys) and run again";
    if (is_any(e, bad_key)) return "AWS does not accept these credentials: check AWS_ACCESS_KEY_ID/AWS_PROFILE (`etlctl doctor`)";
    if (is_any(e, denied))
        return "your identity is not allowed this call: ask for the permission the error names, or use another profile";
    if (strcmp(e->code, "NoRegion") == 0) return "no AWS region: pass --region, or set AWS_REGION, or region in your profile";
    if (strcmp(e->code, "AlreadyExistsException") == 0)
        return "that stack name is taken in this account and region: pick another with --stack-name, or remove the other stack";
    if (strcmp(e->code, "NetworkError") == 0) return "the endpoint does not answer: check the network (or `etlctl local up` for --local)";
    if (strcmp(e->code, "InsufficientCapabilitiesException") == 0) return "the template needs a capability etlctl did not pass";
    return NULL;
}

int hint_fail(const char *cmd, const char *what, aws_error *e)
{
    char line[900];
    aws_error_format(e, line, sizeof line);
    const char *h = hint_for(e);
    if (h) fprintf(stderr, "etlctl %s: %s: %s; %s\n", cmd, what, h, line);
    else fprintf(stderr, "etlctl %s: %s: %s\n", cmd, what, line);
    aws_error_free(e);
    return EXIT_FAIL;
}
