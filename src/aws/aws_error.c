/* The library's one error value (aws_error.h): building it from a local failure or from an AWS
 * answer in any of the three error dialects (S3 REST XML, Query XML, JSON 1.x), and printing it as
 * one line with secrets masked. */
#include "aws/aws_error.h"

#include <json-c/json.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "aws/aws_redact.h"
#include "aws/xml.h"

static void copy(char *dst, size_t n, const char *src)
{
    if (!src) src = "";
    size_t len = strlen(src);
    if (len >= n) len = n - 1;
    memcpy(dst, src, len);
    dst[len] = '\0';
}

/* Control characters (newlines in server messages) would break the one-line promise. */
static void flatten(char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s < 0x20 || *s == 0x7f) *s = ' ';
}

static aws_error *alloc_error(const char *service, int status, const char *code)
{
    aws_error *e = calloc(1, sizeof *e);
    if (!e) abort();
    copy(e->service, sizeof e->service, service);
    copy(e->code, sizeof e->code, code);
    e->status = status;
    return e;
}

aws_error *aws_error_new(const char *service, const char *code, const char *fmt, ...)
{
    aws_error *e = alloc_error(service, 0, code);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e->message, sizeof e->message, fmt, ap);
    va_end(ap);
    flatten(e->message);
    return e;
}

static const char *code_of_status(int status)
{
    switch (status) {
    case 301:
        return "PermanentRedirect";
    case 304:
        return "NotModified";
    case 400:
        return "BadRequest";
    case 403:
        return "Forbidden";
    case 404:
        return "NotFound";
    case 409:
        return "Conflict";
    case 412:
        return "PreconditionFailed";
    case 429:
        return "TooManyRequestsException";
    case 500:
        return "InternalError";
    case 502:
        return "BadGateway";
    case 503:
        return "ServiceUnavailable";
    case 504:
        return "GatewayTimeout";
    default:
        return NULL;
    }
}

/* "com.amazon.coral.service#UnrecognizedClientException" and "Code:http://..." name the code. */
static void set_code_from_type(aws_error *e, const char *type)
{
    const char *hash = strrchr(type, '#');
    if (hash) type = hash + 1;
    copy(e->code, sizeof e->code, type);
    char *colon = strchr(e->code, ':');
    if (colon) *colon = '\0';
}

static int parse_xml_error(aws_error *e, const char *body, size_t len)
{
    xml_node *root;
    aws_error *perr = xml_parse(body, len, &root);
    if (perr) {
        aws_error_free(perr);
        return 0;
    }
    /* S3: <Error>; Query: <ErrorResponse><Error>..</Error><RequestId/></ErrorResponse> */
    const xml_node *err = strcmp(root->name, "Error") == 0 ? root : xml_child(root, "Error");
    int found = 0;
    if (err && xml_text(err, "Code")) {
        set_code_from_type(e, xml_text(err, "Code"));
        copy(e->message, sizeof e->message, xml_text(err, "Message"));
        const char *rid = xml_text(err, "RequestId");
        if (!rid) rid = xml_text(root, "RequestId");
        if (rid && !e->request_id[0]) copy(e->request_id, sizeof e->request_id, rid);
        found = 1;
    }
    xml_free(root);
    return found;
}

static int parse_json_error(aws_error *e, const char *body, size_t len)
{
    json_tokener *tok = json_tokener_new();
    if (!tok) abort();
    json_object *obj = json_tokener_parse_ex(tok, body, (int)len);
    json_tokener_free(tok);
    if (!obj) return 0;
    int found = 0;
    json_object *v;
    if (json_object_is_type(obj, json_type_object)) {
        if ((json_object_object_get_ex(obj, "__type", &v) || json_object_object_get_ex(obj, "code", &v) ||
             json_object_object_get_ex(obj, "Code", &v)) &&
            json_object_is_type(v, json_type_string)) {
            set_code_from_type(e, json_object_get_string(v));
            found = 1;
        }
        if ((json_object_object_get_ex(obj, "message", &v) ||
             json_object_object_get_ex(obj, "Message", &v)) &&
            json_object_is_type(v, json_type_string))
            copy(e->message, sizeof e->message, json_object_get_string(v));
    }
    json_object_put(obj);
    return found;
}

aws_error *aws_error_from_response(const char *service, int status, const char *body, size_t len,
                                   const char *request_id, const char *header_code)
{
    aws_error *e = alloc_error(service, status, "");
    copy(e->request_id, sizeof e->request_id, request_id);
    size_t i = 0;
    while (i < len && (body[i] == ' ' || body[i] == '\n' || body[i] == '\r' || body[i] == '\t')) i++;
    int found = 0;
    if (len > i && len < (size_t)0x7fffffff) {
        if (body[i] == '<')
            found = parse_xml_error(e, body + i, len - i);
        else if (body[i] == '{')
            found = parse_json_error(e, body + i, len - i);
    }
    if (!found && header_code && *header_code) set_code_from_type(e, header_code), found = 1;
    if (!found || !e->code[0]) {
        const char *c = code_of_status(status);
        if (c)
            copy(e->code, sizeof e->code, c);
        else
            snprintf(e->code, sizeof e->code, "HTTP%d", status);
    }
    flatten(e->message);
    flatten(e->code);
    flatten(e->request_id);
    return e;
}

int aws_error_is(const aws_error *e, const char *code)
{
    return e && strcmp(e->code, code) == 0;
}

void aws_error_format(const aws_error *e, char *out, size_t n)
{
    if (!n) return;
    if (!e) {
        copy(out, n, "no error");
        return;
    }
    int len;
    char status[24] = "";
    if (e->status) snprintf(status, sizeof status, " (HTTP %d)", e->status);
    len = snprintf(out, n, "%s%s%s: %s%s%s%s%s%s%s", e->service[0] ? e->service : "aws",
                   e->action[0] ? " " : "", e->action, e->code[0] ? e->code : "Error", status,
                   e->message[0] ? ": " : "", e->message, e->request_id[0] ? " [request id " : "",
                   e->request_id, e->request_id[0] ? "]" : "");
    size_t used = len < 0 ? 0 : (size_t)len < n ? (size_t)len : n - 1;
    flatten(out);
    aws_redact(out, used);
}

void aws_error_print(FILE *f, const char *prefix, const aws_error *e)
{
    char line[800];
    aws_error_format(e, line, sizeof line);
    if (prefix)
        fprintf(f, "%s: %s\n", prefix, line);
    else
        fprintf(f, "%s\n", line);
}

void aws_error_free(aws_error *e)
{
    free(e);
}
