/* XML documents of the AWS APIs (S3 REST, Query protocol answers, XML errors) parsed with expat into
 * a small tree that is easy to walk, and the escaping needed to write request bodies.
 * Element names are kept without namespace prefix; text is the concatenated character data of an
 * element (only leaves carry meaningful text in these APIs). */
#ifndef ETL_AWS_XML_H
#define ETL_AWS_XML_H

#include <stddef.h>

#include "aws/aws_error.h"
#include "base/buf.h"

/* Invariants: child is the first child, next the following sibling, text never NULL. */
typedef struct xml_node {
    char *name;
    char *text;
    struct xml_node *parent, *child, *next;
} xml_node;

/* Parses data[0..len) into *root (caller frees with xml_free). Documents nested deeper than 256
 * levels or not well-formed are refused with a "MalformedXML" error naming line and column. */
aws_error *xml_parse(const char *data, size_t len, xml_node **root);

/* The first child element of n named name, or NULL. */
const xml_node *xml_child(const xml_node *n, const char *name);
/* The next sibling of n with the same name, or NULL: for (c = xml_child(p, "X"); c; c = xml_next(c)). */
const xml_node *xml_next(const xml_node *n);
/* The element reached from n by a "/"-separated path of child names ("Owner/ID"), or NULL. An empty
 * path is n itself. */
const xml_node *xml_find(const xml_node *n, const char *path);
/* The text of xml_find(n, path), or NULL when there is no such element. */
const char *xml_text(const xml_node *n, const char *path);

/* Appends s with &, <, >, ", ' and control characters escaped, for element text or attributes. */
void xml_escape(buf *out, const char *s);

void xml_free(xml_node *root);

#endif
