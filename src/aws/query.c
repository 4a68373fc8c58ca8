/* The Query protocol client of query.h, shared by STS and CloudFormation: one form body builder and
 * one call that parses <ActionResponse> with the XML tree. */
#include "aws/query.h"

#include <stdarg.h>
#include <string.h>

#include "aws/uri.h"

void query_params_init(query_params *p, const char *action, const char *version)
{
    memset(p, 0, sizeof *p);
    snprintf(p->action, sizeof p->action, "%s", action);
    query_param(p, "Action", action);
    query_param(p, "Version", version);
}

void query_param(query_params *p, const char *key, const char *value)
{
    if (p->body.len) buf_addc(&p->body, '&');
    uri_encode(&p->body, key, strlen(key), 0);
    buf_addc(&p->body, '=');
    uri_encode(&p->body, value, strlen(value), 0);
}

void query_param_fmt(query_params *p, const char *value, const char *key_fmt, ...)
{
    buf key = {0};
    va_list ap;
    va_start(ap, key_fmt);
    buf_vprintf(&key, key_fmt, ap);
    va_end(ap);
    query_param(p, key.data, value);
    buf_free(&key);
}

void query_params_free(query_params *p)
{
    buf_free(&p->body);
}

aws_error *query_call(aws_client *c, const char *service, query_params *p, const query_call_opts *opts,
                      query_response *out)
{
    memset(out, 0, sizeof *out);
    aws_request r = aws_request_make(service, p->action, "POST", "/");
    query_call_opts none = {0};
    if (!opts) opts = &none;
    r.credentials = opts->credentials;
    r.region = opts->region;
    r.resource = opts->resource;
    r.body.data = p->body.data;
    r.body.len = p->body.len;
    http_headers_add(&r.headers, "Content-Type", "application/x-www-form-urlencoded; charset=utf-8");
    http_response resp;
    http_response_init(&resp);
    aws_error *err = aws_send(c, &r, &resp);
    http_headers_free(&r.headers);
    if (!err) {
        err = xml_parse(resp.body.data ? resp.body.data : "", resp.body.len, &out->root);
        if (err) {
            snprintf(err->service, sizeof err->service, "%s", service);
            snprintf(err->action, sizeof err->action, "%s", p->action);
        } else {
            char result[80];
            snprintf(result, sizeof result, "%sResult", p->action);
            out->result = xml_child(out->root, result);
            if (!out->result) out->result = out->root;
            const char *rid = xml_text(out->root, "ResponseMetadata/RequestId");
            snprintf(out->request_id, sizeof out->request_id, "%s", rid ? rid : "");
        }
    }
    http_response_free(&resp);
    return err;
}

void query_response_free(query_response *r)
{
    xml_free(r->root);
    memset(r, 0, sizeof *r);
}
