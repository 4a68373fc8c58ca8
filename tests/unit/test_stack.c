/* The stack engine's parts: YAML positions and duplicates, did-you-mean, parameter checks, and the
 * typed substitution of a construct written here (numbers stay numbers, references join, parts
 * switch on and off). */
#include "harness.h"

#include <stdbool.h>
#include <unistd.h>

#include "base/buf.h"
#include "stack/diag.h"
#include "stack/param.h"
#include "stack/synth.h"
#include "stack/ynode.h"

static ydoc *parse(const char *text, diag_list *d)
{
    return ydoc_parse("t.yaml", text, strlen(text), d);
}

TEST(ynode_keeps_positions_and_styles)
{
    diag_list d = {0};
    ydoc *doc = parse("a:\n  b: 12\n  c: \"12\"\n  - x\n", &d);
    CHECK(doc == NULL); /* a sequence item inside a mapping is a syntax error */
    CHECK_INT(diag_count(&d), 1);
    CHECK_INT(d.items[0].line, 4);
    diag_free(&d);
    doc = parse("a:\n  b: 12\n  c: \"12\"\n  d: [x, {y: 1}]\n", &d);
    CHECK(doc != NULL);
    CHECK_INT(diag_count(&d), 0);
    const ynode *a = ynode_get(doc->root, "a");
    const ynode *b = ynode_get(a, "b"), *c = ynode_get(a, "c"), *dd = ynode_get(a, "d");
    CHECK_INT(b->pos.line, 2);
    CHECK_INT(b->pos.col, 6);
    long long v = 0;
    CHECK_INT(ynode_int(b, &v), 0);
    CHECK_INT(v, 12);
    CHECK_INT(ynode_int(c, &v), -1); /* quoted: a string */
    CHECK_INT(dd->kind, YNODE_SEQ);
    CHECK_INT(dd->items[1]->pos.col, 10);
    ydoc_free(doc);
}

TEST(ynode_reports_duplicates_and_refuses_aliases)
{
    diag_list d = {0};
    ydoc *doc = parse("r:\n  x: 1\n  y: 2\n  x: 3\n", &d);
    CHECK(doc != NULL);
    CHECK_INT(diag_count(&d), 1);
    CHECK_STR(d.items[0].text, "r.x: duplicate name 'x' (first at line 2:3)");
    CHECK_INT(d.items[0].line, 4);
    ydoc_free(doc);
    diag_free(&d);
    CHECK(parse("a: &x 1\nb: *x\n", &d) == NULL);
    CHECK(diag_count(&d) >= 1);
    diag_free(&d);
    CHECK(parse("a: 1\n---\nb: 2\n", &d) == NULL);
    CHECK_STR(d.items[0].text, "only one YAML document per file");
    diag_free(&d);
}

TEST(suggest_finds_near_names_only)
{
    const char *names[] = {"shards", "retention_hours", "mode", "start"};
    CHECK_STR(diag_suggest("shard", names, 4), "shards");
    CHECK_STR(diag_suggest("retention_hour", names, 4), "retention_hours");
    CHECK(diag_suggest("encryption", names, 4) == NULL);
    CHECK(diag_suggest("zzzzzz", names, 4) == NULL);
}

TEST(diagnostics_sorted_deduplicated_capped)
{
    diag_list d = {0};
    diag_add(&d, (srcpos){"f", 3, 1}, "b", "two");
    diag_add(&d, (srcpos){"f", 1, 5}, "a", "one");
    diag_add(&d, (srcpos){"f", 3, 1}, "b", "two");
    CHECK_INT(diag_count(&d), 2);
    for (int i = 0; i < 70; i++) diag_add(&d, (srcpos){"g", i + 1, 1}, NULL, "n%d", i);
    CHECK_INT(diag_count(&d), 72);
    CHECK_INT(d.n, DIAG_CAP);
    FILE *f = tmpfile();
    diag_print(&d, f);
    rewind(f);
    char line[200];
    CHECK(fgets(line, sizeof line, f) != NULL);
    CHECK_STR(line, "f:1:5: a: one\n");
    fclose(f);
    diag_free(&d);
}

static param_spec spec(const char *yaml, ydoc **doc)
{
    diag_list d = {0};
    *doc = parse(yaml, &d);
    param_spec p;
    CHECK(*doc && param_spec_load(&p, "p", (*doc)->root, "parameters.p", &d) == 0);
    CHECK_INT(diag_count(&d), 0);
    diag_free(&d);
    return p;
}

static char *check_value(const param_spec *p, const char *yaml, json_object **out)
{
    diag_list d = {0};
    ydoc *doc = parse(yaml, &d);
    *out = param_check(p, doc->root, "x", &d);
    char *msg = d.n ? strdup(d.items[0].text) : NULL;
    ydoc_free(doc);
    diag_free(&d);
    return msg;
}

/* The message of checking value (YAML) against the parameter defined by spec_yaml; NULL when valid. */
static char *message_for(const char *spec_yaml, const char *value)
{
    ydoc *doc;
    param_spec p = spec(spec_yaml, &doc);
    json_object *v;
    char *msg = check_value(&p, value, &v);
    json_object_put(v);
    param_spec_free(&p);
    ydoc_free(doc);
    return msg;
}

TEST(parameters_check_type_range_allowed_pattern)
{
    static const struct {
        const char *spec, *value, *message;
    } cases[] = {
        {"{type: integer, min: 1, max: 3600, divides: 3600}", "900", NULL},
        {"{type: integer, min: 1, max: 3600, divides: 3600}", "7",
         "x: expected an integer from 1 to 3600 that divides 3600, got 7"},
        {"{type: integer, min: 1}", "\"900\"", "x: expected an integer of at least 1, got \"900\""},
        {"{type: boolean}", "yes", "x: expected true or false, got \"yes\""},
        {"{type: string, allowed: [a, b]}", "c", "x: expected one of a, b, got \"c\""},
        {"{type: string}", "{k: v}", "x: expected a string, got a mapping"},
        {"{type: list, pattern: '^s-[0-9]+$'}", "[s-1, t-2]",
         "x[1]: expected a list of strings, got \"t-2\""},
        {"{type: list}", "s-1", "x: expected a list of strings, got \"s-1\""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char *msg = message_for(cases[i].spec, cases[i].value);
        if (cases[i].message)
            CHECK_STR(msg, cases[i].message);
        else
            CHECK(msg == NULL);
        free(msg);
    }
}

/* Writes a construct into a fresh directory and synthesizes a stack with it. */
static char *synth_with(const char *construct, const char *stack_text, diag_list *d)
{
    char dir[] = "/tmp/etlctl-unit-XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    buf path = {0};
    buf_printf(&path, "%s/thing.yaml", dir);
    FILE *f = fopen(path.data, "w");
    fputs(construct, f);
    fclose(f);
    char *name = NULL;
    char *text = synth_text("s.yaml", stack_text, strlen(stack_text), dir, &name, d);
    unlink(path.data);
    rmdir(dir);
    buf_free(&path);
    free(name);
    return text;
}

static const char thing[] =
    "construct: thing\n"
    "parameters:\n"
    "  size: {type: integer, default: 2}\n"
    "  fast: {type: boolean, default: false}\n"
    "  label: {type: string}\n"
    "resources:\n"
    "  Queue:\n"
    "    Type: AWS::SQS::Queue\n"
    "    Properties:\n"
    "      DelaySeconds: ${size}\n"
    "      QueueName: \"${size}\"\n"
    "      Text: q-${self}-${size}-$${literal}\n"
    "      Joined: ${Queue.Arn}/x/${AWS::Region}\n"
    "      Fast: {when: fast, value: yes-fast, else: not-fast}\n"
    "      Label: ${label}\n"
    "      Items: [1, {when: \"size == 2\", value: two}, {when: \"!fast\", value: slow}]\n";

TEST(substitution_is_typed)
{
    diag_list d = {0};
    char *t = synth_with(thing, "stack: s\nresources:\n  my-q: {construct: thing}\n", &d);
    CHECK_INT(diag_count(&d), 0);
    CHECK(t != NULL);
    json_object *root = json_tokener_parse(t);
    json_object *props = json_object_object_get(
        json_object_object_get(json_object_object_get(root, "Resources"), "MyQQueue"), "Properties");
    CHECK(props != NULL);
    CHECK(json_object_is_type(json_object_object_get(props, "DelaySeconds"), json_type_int));
    CHECK_STR(json_object_get_string(json_object_object_get(props, "QueueName")), "2");
    CHECK_STR(json_object_get_string(json_object_object_get(props, "Text")), "q-my-q-2-${literal}");
    CHECK_STR(json_object_to_json_string(json_object_object_get(props, "Joined")),
              "{ \"Fn::Join\": [ \"\", [ { \"Fn::GetAtt\": [ \"MyQQueue\", \"Arn\" ] }, \"\\/x\\/\", { "
              "\"Ref\": \"AWS::Region\" } ] ] }");
    CHECK_STR(json_object_get_string(json_object_object_get(props, "Fast")), "not-fast");
    CHECK(json_object_object_get(props, "Label") == NULL); /* unset optional value: left out */
    CHECK_STR(json_object_to_json_string(json_object_object_get(props, "Items")), "[ 1, \"two\", \"slow\" ]");
    json_object_put(root);
    free(t);
    diag_free(&d);
}

TEST(substitution_errors_point_into_the_construct)
{
    diag_list d = {0};
    char *t = synth_with("construct: thing\nresources:\n  Q:\n    Type: X::Y\n    Properties:\n      A: "
                         "${nope}\n      B: x${Q\n",
                         "stack: s\nresources:\n  q: {construct: thing}\n", &d);
    CHECK(t == NULL);
    CHECK_INT(diag_count(&d), 2);
    if (d.n == 2) {
        CHECK_INT(d.items[0].line, 6);
        CHECK_INT(d.items[0].col, 10);
        CHECK_STR(d.items[0].text, "${nope}: unknown name 'nope' in construct thing");
        CHECK_INT(d.items[1].line, 7);
        CHECK_STR(d.items[1].text, "'${' without a closing '}' (write $${ for a literal ${)");
    }
    diag_free(&d);
}
