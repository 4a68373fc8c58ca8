/* src/local: the Query form parser, the template engine (parameters, conditions, intrinsics) and the
 * dependency order of resources. */
#include "harness.h"

#include <unistd.h>

#include "base/buf.h"
#include "local/form.h"
#include "local/graph.h"
#include "local/stack.h"
#include "local/store.h"
#include "local/template.h"
#include "local/template_url.h"

TEST(form_decodes_pairs_and_lists)
{
    struct form f = {0};
    const char *body = "Action=CreateStack&StackName=my+stack&TemplateBody=%7B%22a%22%3A1%7D&"
                       "Parameters.member.1.ParameterKey=Env&Parameters.member.1.ParameterValue=dev&"
                       "Parameters.member.2.ParameterKey=X&Capabilities.member.1=CAPABILITY_IAM&Empty=&Flag";
    CHECK_INT(form_parse(&f, body, strlen(body)), 0);
    CHECK_STR(form_get(&f, "Action"), "CreateStack");
    CHECK_STR(form_get(&f, "StackName"), "my stack");
    CHECK_STR(form_get(&f, "TemplateBody"), "{\"a\":1}");
    CHECK_STR(form_get(&f, "Empty"), "");
    CHECK_STR(form_get(&f, "Flag"), "");
    CHECK(form_get(&f, "Missing") == NULL);
    CHECK_INT(form_members(&f, "Parameters"), 2);
    CHECK_INT(form_members(&f, "Capabilities"), 1);
    CHECK_INT(form_members(&f, "Tags"), 0);
    CHECK_STR(form_getf(&f, "Parameters.member.%d.ParameterKey", 2), "X");
    form_free(&f);
}

TEST(form_refuses_bad_escapes)
{
    static const char *const bad[] = {"a=%", "a=%4", "a=%zz", "%G1=b"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct form f = {0};
        CHECK_INT(form_parse(&f, bad[i], strlen(bad[i])), -1);
        form_free(&f);
    }
}

/* Evaluates the JSON text expr in a template with parameters Env=prod, Zones=a,b. */
static char *eval(const char *expr, char *err, size_t n)
{
    char body[2048];
    snprintf(body, sizeof body,
             "{\"Parameters\":{\"Env\":{\"Type\":\"String\"},\"Zones\":{\"Type\":\"CommaDelimitedList\",\"Default\":\"a,b\"}},"
             "\"Mappings\":{\"M\":{\"prod\":{\"Size\":\"L\"}}},"
             "\"Conditions\":{\"IsProd\":{\"Fn::Equals\":[{\"Ref\":\"Env\"},\"prod\"]},"
             "\"NotProd\":{\"Fn::Not\":[{\"Condition\":\"IsProd\"}]},"
             "\"Both\":{\"Fn::And\":[{\"Condition\":\"IsProd\"},{\"Fn::Or\":[{\"Condition\":\"NotProd\"},{\"Fn::Equals\":[\"x\",\"x\"]}]}]}},"
             "\"Resources\":{\"R\":{\"Type\":\"AWS::IAM::Role\"}}}");
    struct tpl t;
    char *out = NULL;
    if (tpl_parse(&t, body) == 0) {
        json_object *given = json_object_new_object(), *shown = NULL, *v = json_tokener_parse(expr), *res = NULL;
        json_object_object_add(given, "Env", json_object_new_string("prod"));
        t.stack_name = "st";
        if (tpl_params(&t, given, &shown) == 0 && tpl_eval(&t, v, &res) == 0)
            out = strdup(res ? json_object_to_json_string_ext(res, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE) : "NoValue");
        json_object_put(res);
        json_object_put(v);
        json_object_put(shown);
        json_object_put(given);
    }
    snprintf(err, n, "%s", t.err);
    tpl_free(&t);
    return out;
}

#define CHECK_EVAL(expr, want)                                                                                         \
    do {                                                                                                               \
        char err_[512];                                                                                                \
        char *got_ = eval(expr, err_, sizeof err_);                                                                    \
        if (!got_) test_fail(__FILE__, __LINE__, "%s failed: %s", expr, err_);                                         \
        else CHECK_STR(got_, want);                                                                                    \
        free(got_);                                                                                                    \
    } while (0)

TEST(intrinsics_evaluate_as_cloudformation_does)
{
    CHECK_EVAL("{\"Ref\":\"Env\"}", "\"prod\"");
    CHECK_EVAL("{\"Ref\":\"Zones\"}", "[\"a\",\"b\"]");
    CHECK_EVAL("{\"Fn::Join\":[\"-\",[\"x\",{\"Ref\":\"Env\"},\"y\"]]}", "\"x-prod-y\"");
    CHECK_EVAL("{\"Fn::Join\":[\",\",{\"Ref\":\"Zones\"}]}", "\"a,b\"");
    CHECK_EVAL("{\"Fn::Sub\":\"${AWS::StackName}/${Env}/${!Keep}\"}", "\"st/prod/${Keep}\"");
    CHECK_EVAL("{\"Fn::Sub\":[\"${A}-${Env}\",{\"A\":{\"Fn::Select\":[1,{\"Ref\":\"Zones\"}]}}]}", "\"b-prod\"");
    CHECK_EVAL("{\"Fn::If\":[\"IsProd\",\"big\",\"small\"]}", "\"big\"");
    CHECK_EVAL("{\"Fn::If\":[\"NotProd\",\"big\",{\"Ref\":\"AWS::NoValue\"}]}", "NoValue");
    CHECK_EVAL("{\"a\":{\"Fn::If\":[\"NotProd\",1,{\"Ref\":\"AWS::NoValue\"}]},\"b\":2}", "{\"b\":2}");
    CHECK_EVAL("{\"Fn::If\":[\"Both\",\"yes\",\"no\"]}", "\"yes\"");
    CHECK_EVAL("{\"Fn::Base64\":\"hello!\"}", "\"aGVsbG8h\"");
    CHECK_EVAL("{\"Fn::Base64\":\"hi\"}", "\"aGk=\"");
    CHECK_EVAL("{\"Fn::Select\":[2,{\"Fn::GetAZs\":\"\"}]}", "\"us-east-1c\"");
    CHECK_EVAL("{\"Fn::Split\":[\"|\",\"a||b\"]}", "[\"a\",\"\",\"b\"]");
    CHECK_EVAL("{\"Fn::FindInMap\":[\"M\",{\"Ref\":\"Env\"},\"Size\"]}", "\"L\"");
    CHECK_EVAL("{\"Ref\":\"AWS::AccountId\"}", "\"123456789012\"");
    char err[512];
    CHECK(eval("{\"Ref\":\"Nope\"}", err, sizeof err) == NULL);
    CHECK(strstr(err, "Unresolved resource dependencies [Nope]") != NULL);
    CHECK(eval("{\"Fn::Select\":[5,[\"a\"]]}", err, sizeof err) == NULL);
    CHECK(eval("{\"Fn::GetAtt\":[\"R\",\"Arn\"]}", err, sizeof err) == NULL); /* not created yet */
    CHECK(eval("{\"Fn::ImportValue\":\"x\"}", err, sizeof err) == NULL);
    CHECK(strstr(err, "Fn::ImportValue") != NULL);
}

static int params_error(const char *body, const char *key, const char *value, char *err, size_t n)
{
    struct tpl t;
    int rc = tpl_parse(&t, body);
    json_object *given = json_object_new_object(), *shown = NULL;
    if (key) json_object_object_add(given, key, json_object_new_string(value));
    if (rc == 0) rc = tpl_params(&t, given, &shown);
    snprintf(err, n, "%s", t.err);
    json_object_put(shown);
    json_object_put(given);
    tpl_free(&t);
    return rc;
}

/* A template whose parameters have constraints; n and str are the defaults of N and S. */
static void constrained(char *out, size_t size, const char *n, const char *str)
{
    snprintf(out, size,
             "{\"Parameters\":{\"H\":{\"Type\":\"String\",\"AllowedPattern\":\"[0-9a-f]{4}\"},"
             "\"N\":{\"Type\":\"Number\",\"MinValue\":1,\"MaxValue\":10,\"Default\":\"%s\"},"
             "\"S\":{\"Type\":\"String\",\"MaxLength\":3,\"Default\":\"%s\",\"ConstraintDescription\":\"short, please\"}},"
             "\"Resources\":{\"R\":{\"Type\":\"AWS::IAM::Role\"}}}",
             n, str);
}

TEST(parameters_are_checked)
{
    const char *tpl = "{\"Parameters\":{\"N\":{\"Type\":\"Number\",\"Default\":\"3\"},"
                      "\"E\":{\"Type\":\"String\",\"AllowedValues\":[\"a\",\"b\"]}},"
                      "\"Resources\":{\"R\":{\"Type\":\"AWS::IAM::Role\"}}}";
    char err[512];
    CHECK_INT(params_error(tpl, NULL, NULL, err, sizeof err), -1);
    CHECK_STR(err, "Parameters: [E] must have values");
    CHECK_INT(params_error(tpl, "E", "c", err, sizeof err), -1);
    CHECK_STR(err, "Parameter 'E' must be one of AllowedValues");
    CHECK_INT(params_error(tpl, "Z", "c", err, sizeof err), -1);
    CHECK(strstr(err, "[Z] do not exist in the template") != NULL);
    CHECK_INT(params_error(tpl, "E", "a", err, sizeof err), 0);
    char tpl2[600];
    constrained(tpl2, sizeof tpl2, "5", "ab");
    CHECK_INT(params_error(tpl2, "H", "beef", err, sizeof err), 0);
    CHECK_INT(params_error(tpl2, "H", "beefy", err, sizeof err), -1);
    CHECK_STR(err, "Parameter 'H' must match pattern [0-9a-f]{4}");
    CHECK_INT(params_error(tpl2, "H", "xbeef", err, sizeof err), -1);
    constrained(tpl2, sizeof tpl2, "0", "ab");
    CHECK_INT(params_error(tpl2, "H", "beef", err, sizeof err), -1);
    CHECK_STR(err, "Parameter 'N' must be a number between 1 and 10");
    constrained(tpl2, sizeof tpl2, "5", "abcd");
    CHECK_INT(params_error(tpl2, "H", "beef", err, sizeof err), -1);
    CHECK_STR(err, "short, please");
    CHECK_INT(params_error("{\"Resources\":{}}", NULL, NULL, err, sizeof err), -1);
    CHECK_STR(err, "Template format error: At least one Resources member must be defined.");
    CHECK_INT(params_error("{\"Resources\":\n{\"R\":", NULL, NULL, err, sizeof err), -1);
    CHECK(strncmp(err, "Template format error: JSON not well-formed. (line 2", 52) == 0);
}

static char *order_of(const char *body, char *err, size_t n)
{
    struct tpl t;
    char *out = NULL;
    json_object *shown = NULL;
    if (tpl_parse(&t, body) == 0 && tpl_params(&t, NULL, &shown) == 0) {
        json_object *o = graph_order(&t);
        if (o) out = strdup(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN));
        json_object_put(o);
    }
    snprintf(err, n, "%s", t.err);
    json_object_put(shown);
    tpl_free(&t);
    return out;
}

TEST(resources_come_in_dependency_order)
{
    char err[512];
    char *o = order_of("{\"Conditions\":{\"No\":{\"Fn::Equals\":[\"a\",\"b\"]}},\"Resources\":{"
                       "\"A\":{\"Type\":\"T\",\"Properties\":{\"X\":{\"Fn::GetAtt\":[\"B\",\"Arn\"]}}},"
                       "\"B\":{\"Type\":\"T\",\"Properties\":{\"X\":{\"Fn::Sub\":\"${C.Arn}-${!D}\"}}},"
                       "\"C\":{\"Type\":\"T\",\"DependsOn\":\"E\"},"
                       "\"D\":{\"Type\":\"T\",\"Condition\":\"No\"},"
                       "\"E\":{\"Type\":\"T\",\"Metadata\":{\"M\":{\"Ref\":\"D\"}}}}}",
                       err, sizeof err);
    CHECK(o != NULL);
    if (o) CHECK_STR(o, "[\"E\",\"C\",\"B\",\"A\"]");
    free(o);
    o = order_of("{\"Resources\":{\"A\":{\"Type\":\"T\",\"DependsOn\":[\"B\"]},\"B\":{\"Type\":\"T\",\"Properties\":{\"P\":{\"Ref\":\"A\"}}}}}",
                 err, sizeof err);
    CHECK(o == NULL);
    CHECK_STR(err, "Template format error: Circular dependency between resources: [A, B]");
    free(o);
}

TEST(template_urls_name_bucket_and_key)
{
    char b[64], k[256];
    CHECK_INT(template_url_parse("https://tpl.s3.amazonaws.com/dir/a%20b.json", b, sizeof b, k, sizeof k), 0);
    CHECK_STR(b, "tpl");
    CHECK_STR(k, "dir/a b.json");
    CHECK_INT(template_url_parse("https://my.bucket.s3.eu-west-1.amazonaws.com/t.json?versionId=1", b, sizeof b, k, sizeof k), 0);
    CHECK_STR(b, "my.bucket");
    CHECK_STR(k, "t.json");
    CHECK_INT(template_url_parse("https://s3.us-east-2.amazonaws.com/bkt/x/y.json", b, sizeof b, k, sizeof k), 0);
    CHECK_STR(b, "bkt");
    CHECK_STR(k, "x/y.json");
    CHECK_INT(template_url_parse("http://127.0.0.1:4567/local/t.json", b, sizeof b, k, sizeof k), 0);
    CHECK_STR(b, "local");
    CHECK_STR(k, "t.json");
    CHECK_INT(template_url_parse("ftp://h/b/k", b, sizeof b, k, sizeof k), -1);
    CHECK_INT(template_url_parse("https://h/onlybucket", b, sizeof b, k, sizeof k), -1);
    CHECK_INT(template_url_parse("https://h/b/", b, sizeof b, k, sizeof k), -1);
}

TEST(yaml_templates_read_as_their_json_form)
{
    const char *yaml = "AWSTemplateFormatVersion: '2010-09-09'\n"
                       "Parameters:\n  Env: {Type: String, Default: dev}\n"
                       "Conditions:\n  IsDev: !Equals [!Ref Env, dev]\n"
                       "Resources:\n"
                       "  Stream:\n    Type: AWS::Kinesis::Stream\n    Properties:\n      ShardCount: 2\n"
                       "      Name: !Sub '${AWS::StackName}-${Env}'\n      Enc: true\n      Code: '0123'\n"
                       "  Role:\n    Type: AWS::IAM::Role\n    Condition: IsDev\n    Properties:\n"
                       "      Arn: !GetAtt Stream.Arn\n      Zone: !Select [0, !GetAZs '']\n"
                       "      Text: !Base64 |\n        line\n      Maybe: !If [IsDev, !Ref Env, !Ref AWS::NoValue]\n";
    const char *json = "{\"AWSTemplateFormatVersion\":\"2010-09-09\","
                       "\"Parameters\":{\"Env\":{\"Type\":\"String\",\"Default\":\"dev\"}},"
                       "\"Conditions\":{\"IsDev\":{\"Fn::Equals\":[{\"Ref\":\"Env\"},\"dev\"]}},"
                       "\"Resources\":{\"Stream\":{\"Type\":\"AWS::Kinesis::Stream\",\"Properties\":{\"ShardCount\":2,"
                       "\"Name\":{\"Fn::Sub\":\"${AWS::StackName}-${Env}\"},\"Enc\":true,\"Code\":\"0123\"}},"
                       "\"Role\":{\"Type\":\"AWS::IAM::Role\",\"Condition\":\"IsDev\",\"Properties\":{"
                       "\"Arn\":{\"Fn::GetAtt\":[\"Stream\",\"Arn\"]},\"Zone\":{\"Fn::Select\":[0,{\"Fn::GetAZs\":\"\"}]},"
                       "\"Text\":{\"Fn::Base64\":\"line\\n\"},\"Maybe\":{\"Fn::If\":[\"IsDev\",{\"Ref\":\"Env\"},{\"Ref\":\"AWS::NoValue\"}]}}}}}";
    struct tpl a, b;
    CHECK_INT(tpl_parse(&a, yaml), 0);
    CHECK_INT(tpl_parse(&b, json), 0);
    CHECK(json_object_equal(a.doc, b.doc));
    if (!json_object_equal(a.doc, b.doc)) fprintf(stderr, "%s\n", json_object_to_json_string(a.doc));
    tpl_free(&a);
    tpl_free(&b);
    CHECK_INT(tpl_parse(&a, "Resources:\n  R: [unclosed\n"), -1);
    CHECK(strncmp(a.err, "Template format error: YAML not well-formed. (line 3", 52) == 0);
    tpl_free(&a);
    /* an alias bomb is cut off, not expanded */
    buf bomb = {0};
    buf_adds(&bomb, "a: &a [x, x, x, x, x, x, x, x, x, x]\n");
    for (char c = 'b'; c <= 'k'; c++) buf_printf(&bomb, "%c: &%c [*%c, *%c, *%c, *%c, *%c, *%c, *%c, *%c, *%c, *%c]\n", c, c, c - 1, c - 1, c - 1, c - 1, c - 1, c - 1, c - 1, c - 1, c - 1, c - 1);
    buf_adds(&bomb, "Resources: {R: {Type: T}}\n");
    CHECK_INT(tpl_parse(&a, bomb.data), -1);
    CHECK(strstr(a.err, "too deep or too large") != NULL);
    tpl_free(&a);
    buf_free(&bomb);
}

TEST(a_stack_left_mid_operation_ends_failed_on_restart)
{
    char dir[] = "/tmp/etl-store-XXXXXX", path[64], err[256];
    CHECK(mkdtemp(dir) != NULL);
    snprintf(path, sizeof path, "%s/stacks.json", dir);
    json_object *stacks = json_object_new_array();
    static const char *const from[] = {"CREATE_IN_PROGRESS", "UPDATE_IN_PROGRESS", "DELETE_IN_PROGRESS", "REVIEW_IN_PROGRESS",
                                       "UPDATE_COMPLETE"};
    for (size_t i = 0; i < 5; i++) json_object_array_add(stacks, stack_new("s", from[i]));
    CHECK_INT(json_object_to_file(path, stacks), 0);
    json_object_put(stacks);
    struct store s;
    CHECK_INT(store_open(&s, dir, err, sizeof err), 0);
    static const char *const to[] = {"CREATE_FAILED", "UPDATE_ROLLBACK_FAILED", "DELETE_FAILED", "REVIEW_IN_PROGRESS",
                                     "UPDATE_COMPLETE"};
    for (size_t i = 0; i < 5; i++) {
        json_object *st = json_object_array_get_idx(s.stacks, i);
        CHECK_STR(stack_str(st, "StackStatus"), to[i]);
    }
    json_object *events = json_object_object_get(json_object_array_get_idx(s.stacks, 0), "_events");
    CHECK_STR(stack_str(json_object_array_get_idx(events, json_object_array_length(events) - 1), "ResourceStatusReason"),
              "The local CloudFormation endpoint stopped during the operation");
    /* only the live stack is found by name; the last one wins */
    CHECK(store_find(&s, "s") == json_object_array_get_idx(s.stacks, 4));
    CHECK_INT(store_save(&s), 0);
    store_free(&s);
    unlink(path);
    rmdir(dir);
}
