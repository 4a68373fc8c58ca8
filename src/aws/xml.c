/* The expat-backed XML tree of xml.h: one pass builds the element tree with each element's text;
 * entity declarations are refused (no billion-laughs), depth is bounded. */
#include "aws/xml.h"

#include <expat.h>
#include <stdlib.h>
#include <string.h>

enum { MAX_DEPTH = 256 };

struct builder {
    XML_Parser parser;
    xml_node *root, *cur;
    buf text; /* character data of cur so far */
    int depth;
    int failed; /* 1: too deep, 2: entity declaration */
};

static char *xstrdup(const char *s)
{
    buf b = {0};
    buf_adds(&b, s);
    return buf_detach(&b);
}

static const char *local_name(const char *name)
{
    const char *colon = strrchr(name, ':');
    return colon ? colon + 1 : name;
}

static void XMLCALL on_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    struct builder *b = ud;
    (void)atts;
    if (++b->depth > MAX_DEPTH) {
        b->failed = 1;
        XML_StopParser(b->parser, XML_FALSE);
        return;
    }
    xml_node *n = calloc(1, sizeof *n);
    if (!n) abort();
    n->name = xstrdup(local_name(name));
    n->parent = b->cur;
    if (b->cur) {
        xml_node **tail = &b->cur->child;
        while (*tail) tail = &(*tail)->next;
        *tail = n;
        /* text before a child element belongs to the parent; keep it */
        free(b->cur->text);
        b->cur->text = xstrdup(b->text.data ? b->text.data : "");
    } else if (!b->root) {
        b->root = n;
    }
    b->cur = n;
    buf_reset(&b->text);
}

static void XMLCALL on_end(void *ud, const XML_Char *name)
{
    struct builder *b = ud;
    (void)name;
    b->depth--;
    if (!b->cur) return;
    if (!b->cur->child || !b->cur->text) {
        free(b->cur->text);
        b->cur->text = xstrdup(b->text.data ? b->text.data : "");
    }
    b->cur = b->cur->parent;
    buf_reset(&b->text);
}

static void XMLCALL on_text(void *ud, const XML_Char *s, int len)
{
    struct builder *b = ud;
    buf_add(&b->text, s, (size_t)len);
}

static void XMLCALL on_entity_decl(void *ud, const XML_Char *entityName, int is_parameter_entity,
                                   const XML_Char *value, int value_length, const XML_Char *base,
                                   const XML_Char *systemId, const XML_Char *publicId,
                                   const XML_Char *notationName)
{
    struct builder *b = ud;
    b->failed = 2;
    XML_StopParser(b->parser, XML_FALSE);
}

static void fill_missing_text(xml_node *n)
{
    for (; n; n = n->next) {
        if (!n->text) n->text = xstrdup("");
        fill_missing_text(n->child);
    }
}

aws_error *xml_parse(const char *data, size_t len, xml_node **root)
{
    *root = NULL;
    struct builder b = {0};
    b.parser = XML_ParserCreate("UTF-8");
    if (!b.parser) abort();
    XML_SetUserData(b.parser, &b);
    XML_SetElementHandler(b.parser, on_start, on_end);
    XML_SetCharacterDataHandler(b.parser, on_text);
    XML_SetEntityDeclHandler(b.parser, on_entity_decl);
    aws_error *err = NULL;
    if (len > (size_t)0x7fffffff) {
        err = aws_error_new("xml", "MalformedXML", "document of %zu bytes is too large", len);
    } else if (XML_Parse(b.parser, data, (int)len, XML_TRUE) != XML_STATUS_OK || b.failed || !b.root) {
        if (b.failed == 1)
            err = aws_error_new("xml", "MalformedXML", "elements nested deeper than %d levels", MAX_DEPTH);
        else if (b.failed == 2)
            err = aws_error_new("xml", "MalformedXML", "entity declarations are not accepted");
        else if (!b.root && XML_GetErrorCode(b.parser) == XML_ERROR_NONE)
            err = aws_error_new("xml", "MalformedXML", "no root element");
        else
            err = aws_error_new("xml", "MalformedXML", "line %lu column %lu: %s",
                                (unsigned long)XML_GetCurrentLineNumber(b.parser),
                                (unsigned long)XML_GetCurrentColumnNumber(b.parser) + 1,
                                XML_ErrorString(XML_GetErrorCode(b.parser)));
    }
    XML_ParserFree(b.parser);
    buf_free(&b.text);
    if (err) {
        xml_free(b.root);
        return err;
    }
    fill_missing_text(b.root);
    *root = b.root;
    return NULL;
}

const xml_node *xml_child(const xml_node *n, const char *name)
{
    if (!n) return NULL;
    for (const xml_node *c = n->child; c; c = c->next)
        if (strcmp(c->name, name) == 0) return c;
    return NULL;
}

const xml_node *xml_next(const xml_node *n)
{
    if (!n) return NULL;
    for (const xml_node *c = n->next; c; c = c->next)
        if (strcmp(c->name, n->name) == 0) return c;
    return NULL;
}

const xml_node *xml_find(const xml_node *n, const char *path)
{
    char part[128];
    while (n && *path) {
        const char *slash = strchr(path, '/');
        size_t len = slash ? (size_t)(slash - path) : strlen(path);
        if (len >= sizeof part) return NULL;
        memcpy(part, path, len);
        part[len] = '\0';
        n = xml_child(n, part);
        path += len + (slash ? 1 : 0);
    }
    return n;
}

const char *xml_text(const xml_node *n, const char *path)
{
    const xml_node *f = xml_find(n, path);
    return f ? f->text : NULL;
}

void xml_escape(buf *out, const char *s)
{
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        switch (c) {
        case '&':
            buf_adds(out, "&amp;");
            break;
        case '<':
            buf_adds(out, "&lt;");
            break;
        case '>':
            buf_adds(out, "&gt;");
            break;
        case '"':
            buf_adds(out, "&quot;");
            break;
        case '\'':
            buf_adds(out, "&apos;");
            break;
        default:
            if (c < 0x20)
                buf_printf(out, "&#x%X;", c);
            else
                buf_addc(out, (char)c);
        }
    }
}

void xml_free(xml_node *n)
{
    while (n) {
        xml_node *next = n->next;
        xml_free(n->child);
        free(n->name);
        free(n->text);
        free(n);
        n = next;
    }
}
