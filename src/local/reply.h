/* CloudFormation's Query-protocol replies: `<ActionResponse><ActionResult>...</ActionResult>
 * <ResponseMetadata><RequestId>` on success and `<ErrorResponse>` on failure, as AWS sends them. */
#ifndef ETL_LOCAL_REPLY_H
#define ETL_LOCAL_REPLY_H

#include <json-c/json.h>

#include "base/buf.h"

#define CFN_XMLNS "http://cloudformation.amazonaws.com/doc/2010-05-15/"

/* Appends s with the five XML special characters (and control characters) escaped. */
void reply_escape(buf *b, const char *s);
/* <name>text</name>, escaped; nothing when text is NULL. */
void reply_text(buf *b, const char *name, const char *text);
/* A JSON value as Query XML: an object's members become elements in order (members whose name starts
 * with '_' are private and skipped, null ones are left out), an array becomes <member> elements, a
 * scalar its text. */
void reply_json(buf *b, const char *name, json_object *v);
/* <member> with only the named string members of obj (a summary of a stored object). */
void reply_summary(buf *b, json_object *obj, const char *const *keys, size_t n);
/* Opens <ActionResponse xmlns=...><ActionResult>. */
void reply_begin(buf *b, const char *action);
/* Closes the result and appends the ResponseMetadata. */
void reply_end(buf *b, const char *action, const char *request_id);
/* The whole ErrorResponse; type is "Sender" or "Receiver". */
void reply_error(buf *b, const char *type, const char *code, const char *message, const char *request_id);

#endif
