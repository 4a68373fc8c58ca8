/* STS GetCallerIdentity, answered by the local endpoint (AWS_ENDPOINT_URL_STS points here under
 * --local) so a client learns the local account the same way it learns an AWS one. */
#include "local/api.h"
#include "local/ident.h"
#include "local/reply.h"

int api_get_caller_identity(struct api_req *r)
{
    buf_printf(&r->out, "<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
                        "<GetCallerIdentityResult>");
    reply_text(&r->out, "Arn", "arn:aws:iam::" LOCAL_ACCOUNT ":user/local");
    reply_text(&r->out, "UserId", "AIDALOCALUSER");
    reply_text(&r->out, "Account", LOCAL_ACCOUNT);
    buf_printf(&r->out, "</GetCallerIdentityResult><ResponseMetadata><RequestId>%s</RequestId></ResponseMetadata>"
                        "</GetCallerIdentityResponse>",
               r->request_id);
    return 0;
}
