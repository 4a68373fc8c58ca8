/* The error value and the XML tree: every error dialect AWS answers in becomes the same one line;
 * local failures too; the XML tree walks, escapes and refuses what it must. */
#include "harness.h"

#include "aws/aws_error.h"
#include "aws/query.h"
#include "aws/xml.h"

static char line[800];

static const char *line_of(aws_error *e)
{
    aws_error_format(e, line, sizeof line);
    aws_error_free(e);
    return line;
}

TEST(s3_xml_error)
{
    const char *b =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>NoSuchBucket</Code><Message>The specified "
        "bucket does not "
        "exist</Message><BucketName>x</BucketName><RequestId>4442587FB7D0A2F9</RequestId></Error>";
    aws_error *e = aws_error_from_response("s3", 404, b, strlen(b), NULL, NULL);
    snprintf(e->action, sizeof e->action, "HeadBucket");
    CHECK_STR(e->code, "NoSuchBucket");
    CHECK_INT(e->status, 404);
    CHECK_STR(line_of(e),
              "s3 HeadBucket: NoSuchBucket (HTTP 404): The specified bucket does not exist [request id "
              "4442587FB7D0A2F9]");
}

TEST(query_xml_error)
{
    const char *b =
        "<ErrorResponse xmlns=\"http://cloudformation.amazonaws.com/doc/2010-05-15/\"><Error><Type>Sender"
        "</Type><Code>ValidationError</Code><Message>Stack with id x does not exist</Message></Error>"
        "<RequestId>b9b4b068-3a41-11e5-94eb-example</RequestId></ErrorResponse>";
    CHECK_STR(line_of(aws_error_from_response("cloudformation", 400, b, strlen(b), NULL, NULL)),
              "cloudformation: ValidationError (HTTP 400): Stack with id x does not exist [request id "
              "b9b4b068-3a41-11e5-94eb-example]");
}

TEST(json_errors_with_type_prefixes_and_header_codes)
{
    const char *b =
        "{\"__type\":\"com.amazonaws.kinesis.v20131202#ResourceNotFoundException\",\"message\":\"Stream s "
        "under account 1 not found.\"}";
    aws_error *e = aws_error_from_response("kinesis", 400, b, strlen(b), "rid-1", NULL);
    CHECK_STR(e->code, "ResourceNotFoundException");
    CHECK_STR(e->message, "Stream s under account 1 not found.");
    CHECK_STR(e->request_id, "rid-1");
    aws_error_free(e);
    b = "{\"Message\":\"Rate exceeded\"}";
    e = aws_error_from_response("kinesis", 400, b, strlen(b), NULL,
                                "ThrottlingException:http://internal.amazon.com/");
    CHECK_STR(e->code, "ThrottlingException");
    CHECK_STR(e->message, "Rate exceeded");
    aws_error_free(e);
}

TEST(bodies_that_say_nothing_fall_back_to_the_status)
{
    CHECK_STR(line_of(aws_error_from_response("s3", 404, "", 0, "r", NULL)),
              "s3: NotFound (HTTP 404) [request id r]");
    const char *html = "<html><body>Bad Gateway</body></html>";
    CHECK_STR(line_of(aws_error_from_response("s3", 502, html, strlen(html), NULL, NULL)),
              "s3: BadGateway (HTTP 502)");
    CHECK_STR(line_of(aws_error_from_response("s3", 418, "{", 1, NULL, NULL)), "s3: HTTP418 (HTTP 418)");
}

TEST(local_errors_and_one_line)
{
    aws_error *e = aws_error_new("config", "InvalidConfig", "%s:%d: line\nwith\tbreaks", "/x/config", 3);
    CHECK(aws_error_is(e, "InvalidConfig"));
    CHECK(!aws_error_is(e, "Other"));
    CHECK(!aws_error_is(NULL, "InvalidConfig"));
    CHECK_STR(line_of(e), "config: InvalidConfig: /x/config:3: line with breaks");
    char tiny[8];
    e = aws_error_new("a", "B", "c");
    aws_error_format(e, tiny, sizeof tiny); /* truncates, stays terminated */
    aws_error_free(e);
    CHECK_INT(strlen(tiny), 7);
}

TEST(xml_tree_walks_and_refuses)
{
    const char *doc =
        "<?xml version=\"1.0\"?><r xmlns=\"urn:x\"><a>1</a><s3:b xmlns:s3=\"urn:y\">two &amp; <![CDATA[<3>]]>"
        "</s3:b><a>3</a><c><d>deep</d></c></r>";
    xml_node *root = NULL;
    aws_error *err = xml_parse(doc, strlen(doc), &root);
    CHECK(err == NULL);
    if (root) {
        CHECK_STR(root->name, "r");
        CHECK_STR(xml_text(root, "b"), "two & <3>");
        CHECK_STR(xml_text(root, "c/d"), "deep");
        CHECK(xml_text(root, "c/x") == NULL);
        int n = 0;
        for (const xml_node *a = xml_child(root, "a"); a; a = xml_next(a)) n += atoi(a->text);
        CHECK_INT(n, 4);
    }
    xml_free(root);
    const char *bad[] = {"",     "<a>",     "<a></b>", "<!DOCTYPE a [<!ENTITY e \"x\">]><a>&e;</a>",
                         "text", "<a/><b/>"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        err = xml_parse(bad[i], strlen(bad[i]), &root);
        if (!aws_error_is(err, "MalformedXML")) test_fail(__FILE__, __LINE__, "accepted %s", bad[i]);
        aws_error_free(err);
    }
    buf deep = {0};
    for (int i = 0; i < 300; i++) buf_adds(&deep, "<a>");
    err = xml_parse(deep.data, deep.len, &root);
    CHECK(err && strstr(err->message, "deeper than 256") != NULL);
    aws_error_free(err);
    buf_free(&deep);
    buf out = {0};
    xml_escape(&out, "a<b>&\"c'\x01");
    CHECK_STR(out.data, "a&lt;b&gt;&amp;&quot;c&apos;&#x1;");
    buf_free(&out);
}

TEST(query_params_are_form_encoded)
{
    query_params p;
    query_params_init(&p, "CreateStack", "2010-05-15");
    query_param(&p, "StackName", "a b&c=d/é");
    query_param_fmt(&p, "CAPABILITY_IAM", "Capabilities.member.%d", 1);
    CHECK_STR(p.body.data, "Action=CreateStack&Version=2010-05-15&StackName=a%20b%26c%3Dd%2F%C3%A9&"
                           "Capabilities.member.1=CAPABILITY_IAM");
    query_params_free(&p);
}
