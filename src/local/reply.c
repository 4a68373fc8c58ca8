/* Writing Query-protocol XML replies. Private state in stored JSON (names starting with '_') never
 * reaches a reply, which is how stacks keep their template and provider state beside the AWS shape. */
#include "local/reply.h"

#include <stdio.h>
#include <string.h>

void reply_escape(buf *b, const char *s)
{
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        switch (c) {
        case '<': buf_adds(b, "&lt;"); break;
        case '>': buf_adds(b, "&gt;"); break;
        case '&': buf_adds(b, "&amp;"); break;
        case '"': buf_adds(b, "&quot;"); break;
        case '\'': buf_adds(b, "&apos;"); break;
        default:
            if (c < 0x20) buf_printf(b, "&#x%X;", c); /* keeps newlines of a TemplateBody intact */
            else buf_addc(b, (char)c);
        }
    }
}

void reply_text(buf *b, const char *name, const char *text)
{
    if (!text) return;
    buf_printf(b, "<%s>", name);
    reply_escape(b, text);
    buf_printf(b, "</%s>", name);
}

void reply_json(buf *b, const char *name, json_object *v)
{
    if (!v) return;
    switch (json_object_get_type(v)) {
    case json_type_object:
        buf_printf(b, "<%s>", name);
        json_object_object_foreach(v, key, val)
        {
            if (key[0] != '_') reply_json(b, key, val);
        }
        buf_printf(b, "</%s>", name);
        break;
    case json_type_array:
        buf_printf(b, "<%s>", name);
        for (size_t i = 0; i < json_object_array_length(v); i++)
            reply_json(b, "member", json_object_array_get_idx(v, i));
        buf_printf(b, "</%s>", name);
        break;
    case json_type_null: break;
    default: reply_text(b, name, json_object_get_string(v)); break;
    }
}

void reply_summary(buf *b, json_object *obj, const char *const *keys, size_t n)
{
    json_object *sum = json_object_new_object();
    for (size_t i = 0; i < n; i++) {
        json_object *v = NULL;
        if (json_object_object_get_ex(obj, keys[i], &v)) json_object_object_add(sum, keys[i], json_object_get(v));
    }
    reply_json(b, "member", sum);
    json_object_put(sum);
}

void reply_begin(buf *b, const char *action)
{
    buf_printf(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<%sResponse xmlns=\"%s\">\n  <%sResult>", action,
               CFN_XMLNS, action);
}

void reply_end(buf *b, const char *action, const char *request_id)
{
    buf_printf(b, "</%sResult>\n  <ResponseMetadata>\n    <RequestId>%s</RequestId>\n  </ResponseMetadata>\n</%sResponse>\n",
               action, request_id, action);
}

void reply_error(buf *b, const char *type, const char *code, const char *message, const char *request_id)
{
    buf_printf(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ErrorResponse xmlns=\"%s\">\n  <Error>\n    <Type>%s</Type>\n"
                  "    <Code>%s</Code>\n    <Message>",
               CFN_XMLNS, type, code);
    reply_escape(b, message);
    buf_printf(b, "</Message>\n  </Error>\n  <RequestId>%s</RequestId>\n</ErrorResponse>\n", request_id);
}
