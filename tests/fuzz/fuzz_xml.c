/* libFuzzer target: the expat XML tree (xml_parse, xml_find/xml_text walks) and the XML error dialects
 * of aws_error_from_response, on any bytes. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "aws/aws_error.h"
#include "aws/xml.h"

static size_t walk(const xml_node *n, int depth)
{
    size_t count = 0;
    for (; n; n = n->next) {
        count += 1 + strlen(n->text) + walk(n->child, depth + 1);
        if (xml_next(n)) count++;
    }
    return count;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    xml_node *root = NULL;
    aws_error *err = xml_parse((const char *)data, size, &root);
    if (!err) {
        walk(root, 0);
        (void)xml_text(root, "Error/Code");
        (void)xml_text(root, "ListBucketResult/Contents/Key");
        (void)xml_find(root, "");
        xml_free(root);
    }
    aws_error_free(err);
    err = aws_error_from_response("s3", 400, (const char *)data, size, "rid", NULL);
    char line[800];
    aws_error_format(err, line, sizeof line);
    aws_error_free(err);
    return 0;
}
