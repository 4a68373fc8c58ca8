/* The AWS Query protocol (STS, CloudFormation, ...): parameters form-encoded in a POST body
 * (Action, Version, then the operation's members; lists as "Name.member.N[.Field]", maps as
 * "Name.entry.N.key/value"), answers in XML: <ActionResponse><ActionResult>...</ActionResult>
 * <ResponseMetadata><RequestId/></ResponseMetadata></ActionResponse>. Lists in answers are
 * <Name><member>..</member>...</Name>: walk them with xml_child(list, "member") and xml_next(). */
#ifndef ETL_AWS_QUERY_H
#define ETL_AWS_QUERY_H

#include "aws/aws_request.h"
#include "aws/xml.h"

typedef struct query_params {
    buf body; /* "Action=...&Version=...&k=v..." */
    char action[64];
} query_params;

void query_params_init(query_params *p, const char *action, const char *version);
/* Adds key=value, both percent-encoded. */
void query_param(query_params *p, const char *key, const char *value);
/* Adds a parameter whose key is printf-formatted: query_param_fmt(p, "CAPABILITY_IAM",
 * "Capabilities.member.%d", 1). */
void query_param_fmt(query_params *p, const char *value, const char *key_fmt, ...)
    __attribute__((format(printf, 3, 4)));
void query_params_free(query_params *p);

typedef struct query_response {
    xml_node *root;         /* the whole document (owned) */
    const xml_node *result; /* <ActionResult>, or root when the answer has none */
    char request_id[80];
} query_response;

/* Options of one call; zero means: the client's credentials and region, no resource for the log. */
typedef struct query_call_opts {
    const aws_credentials *credentials;
    const char *region;
    const char *resource;
} query_call_opts;

/* POSTs p to the service's endpoint and parses the answer into out (freed with query_response_free,
 * also after an error). */
aws_error *query_call(aws_client *c, const char *service, query_params *p, const query_call_opts *opts,
                      query_response *out);
void query_response_free(query_response *r);

#endif
