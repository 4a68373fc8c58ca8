/* src/aws/kin_answer.c, the strict reader of GetRecords answers: on a generated corpus (random bytes,
 * keys with every kind of escape and non-ASCII text, random blanks) it reads what json-c reads through
 * kin_get_result_from_json; and every malformed answer (truncated, wrong types, missing or repeated
 * members, bad escapes, lone surrogates, oversized numbers) is a MalformedResponse error naming a byte. */
#include "harness.h"

#include <json-c/json.h>

#include "aws/aws_error.h"
#include "aws/digest.h"
#include "aws/kin_answer.h"

static unsigned rng = 12345;
static unsigned next_rand(void)
{
    rng = rng * 1103515245u + 12345u;
    return rng >> 8;
}

/* Random blanks between tokens, so their places are all tried. */
static void blank(buf *b)
{
    static const char *const ws[] = {"", "", "", " ", "\n", "\t ", "\r\n  "};
    buf_adds(b, ws[next_rand() % 7]);
}

/* A JSON string of the n bytes of s (UTF-8), each character written plain or escaped at random:
 * \uXXXX (a surrogate pair above U+FFFF), the short escapes, \/ for a slash. */
static void add_json_string(buf *b, const char *s, size_t n)
{
    buf_addc(b, '"');
    for (size_t i = 0; i < n;) {
        unsigned char c = (unsigned char)s[i];
        unsigned cp = c, len = 1;
        if (c >= 0xf0)
            cp = c & 7, len = 4;
        else if (c >= 0xe0)
            cp = c & 15, len = 3;
        else if (c >= 0xc0)
            cp = c & 31, len = 2;
        for (unsigned k = 1; k < len; k++) cp = cp << 6 | ((unsigned char)s[i + k] & 0x3f);
        int escape = next_rand() % 3 == 0 || c < 0x20 || c == '"' || c == '\\';
        const char *shortx = strchr("\"\\/\b\f\n\r\t", c);
        if (!escape)
            buf_add(b, s + i, len);
        else if (shortx && c && next_rand() % 2)
            buf_printf(b, "\\%c", "\"\\/bfnrt"[shortx - "\"\\/\b\f\n\r\t"]);
        else if (cp >= 0x10000)
            buf_printf(b, "\\u%04X\\u%04x", 0xd800 + ((cp - 0x10000) >> 10),
                       0xdc00 + ((cp - 0x10000) & 0x3ff));
        else
            buf_printf(b, next_rand() % 2 ? "\\u%04x" : "\\u%04X", cp);
        i += len;
    }
    buf_addc(b, '"');
}

/* A random partition key: ASCII, control characters, 2-, 3- and 4-byte UTF-8 characters. */
static void random_key(buf *k)
{
    static const char *const pieces[] = {
        "a", "Z",   "7", "-", "/", "\"", "\\", "\n", "\x01", "\xc3\xa9", "\xe2\x82\xac", "\xf0\x9f\x98\x80",
        " ", "\x7f"};
    size_t n = 1 + next_rand() % 40;
    for (size_t i = 0; i < n; i++) buf_adds(k, pieces[next_rand() % 14]);
}

/* One generated answer of up to 12 records; every member order, blanks and escapes vary. */
static void random_answer(buf *j)
{
    size_t n = next_rand() % 13;
    buf_adds(j, "{");
    blank(j);
    buf_adds(j, "\"MillisBehindLatest\":");
    blank(j);
    buf_printf(j, "%u,", next_rand() % 100000);
    blank(j);
    buf_adds(j, "\"Records\":[");
    for (size_t i = 0; i < n; i++) {
        unsigned char raw[200];
        size_t len = next_rand() % sizeof raw;
        for (size_t k = 0; k < len; k++) raw[k] = (unsigned char)next_rand();
        buf b64 = {0}, key = {0};
        base64_encode(&b64, raw, len);
        random_key(&key);
        if (i) buf_addc(j, ',');
        blank(j);
        const char *order = next_rand() % 2 ? "DSPAE" : "EAPSD";
        buf_addc(j, '{');
        for (const char *o = order; *o; o++) {
            if (o != order) buf_addc(j, ',');
            blank(j);
            if (*o == 'D') buf_adds(j, "\"Data\":"), add_json_string(j, b64.data ? b64.data : "", b64.len);
            if (*o == 'S') buf_printf(j, "\"SequenceNumber\":\"4959%020u%u\"", next_rand(), (unsigned)i);
            if (*o == 'P') buf_adds(j, "\"Part\\u0069tionKey\":"), add_json_string(j, key.data, key.len);
            if (*o == 'A')
                buf_printf(j, "\"ApproximateArrivalTimestamp\":1.7%06u%03ue9", next_rand() % 1000000,
                           (unsigned)i);
            if (*o == 'E') buf_adds(j, "\"EncryptionType\":\"NONE\"");
            blank(j);
        }
        buf_addc(j, '}');
        buf_free(&b64);
        buf_free(&key);
    }
    buf_adds(j, "],");
    blank(j);
    if (next_rand() % 4) {
        buf_adds(j, "\"NextShardIterator\":");
        add_json_string(j, "AAAAAAAAAAF/+iterator==", 23);
    } else {
        buf_adds(
            j, "\"ChildShards\":[{\"ShardId\":\"shardId-000000000002\",\"ParentShards\":[\"a\",\"b\"],"
               "\"HashKeyRange\":{\"StartingHashKey\":\"0\",\"EndingHashKey\":\"34\"}}, true, null, -1.5e3]");
    }
    blank(j);
    buf_adds(j, "}");
}

static int same_result(const kin_get_result *a, const kin_get_result *b)
{
    if (a->n != b->n || a->millis_behind != b->millis_behind) return 0;
    if (!a->next_iterator != !b->next_iterator) return 0;
    if (a->next_iterator && strcmp(a->next_iterator, b->next_iterator) != 0) return 0;
    for (size_t i = 0; i < a->n; i++) {
        const kin_got_record *x = &a->v[i], *y = &b->v[i];
        if (x->len != y->len || memcmp(x->data, y->data, x->len) != 0 || x->data[x->len] != '\0') return 0;
        if (strcmp(x->partition_key, y->partition_key) || strcmp(x->sequence_number, y->sequence_number) ||
            x->arrival != y->arrival)
            return 0;
    }
    return 1;
}

/* json-c's reading of text, through kin_get_result_from_json. */
static aws_error *json_c_read(const char *text, kin_get_result *out)
{
    json_object *o = json_tokener_parse(text);
    aws_error *err = kin_get_result_from_json(o, out);
    json_object_put(o);
    return err;
}

TEST(kin_answer_agrees_with_json_c_on_a_generated_corpus)
{
    size_t records = 0;
    for (int t = 0; t < 400; t++) {
        buf j = {0};
        random_answer(&j);
        kin_get_result a, b;
        aws_error *ea = kin_answer_read(j.data, j.len, &a), *eb = json_c_read(j.data, &b);
        CHECK(ea == NULL);
        CHECK(eb == NULL);
        if (!ea && !eb) {
            if (!same_result(&a, &b)) test_fail(__FILE__, __LINE__, "readings differ on %s", j.data);
            records += a.n;
        }
        if (ea) aws_error_print(stderr, "strict: ", ea);
        aws_error_free(ea);
        aws_error_free(eb);
        if (!ea) kin_get_result_free(&a);
        if (!eb) kin_get_result_free(&b);
        buf_free(&j);
    }
    CHECK(records > 1000);
}

/* Reads text and expects an error whose message holds want. */
static void refused(const char *text, const char *want, int line)
{
    kin_get_result r;
    aws_error *e = kin_answer_read(text, strlen(text), &r);
    if (!e) {
        test_fail(__FILE__, line, "accepted: %s", text);
        kin_get_result_free(&r);
        return;
    }
    if (strcmp(e->code, "MalformedResponse") || !strstr(e->message, want) || !strstr(e->message, "byte "))
        test_fail(__FILE__, line, "on %s: %s %s, expected \"%s\"", text, e->code, e->message, want);
    CHECK(r.v == NULL && r.n == 0 && r.data.data == NULL && r.next_iterator == NULL);
    aws_error_free(e);
}
#define REFUSED(text, want) refused(text, want, __LINE__)

static kin_get_result read_ok(const char *text)
{
    kin_get_result r;
    aws_error *e = kin_answer_read(text, strlen(text), &r);
    if (e) {
        aws_error_print(stderr, "unexpected: ", e);
        test_fail(__FILE__, __LINE__, "refused: %s", text);
        aws_error_free(e);
        memset(&r, 0, sizeof r);
    }
    return r;
}

TEST(kin_answer_empty_records_and_closed_shard)
{
    kin_get_result r = read_ok(" {\"Records\":[],\"NextShardIterator\":\"it\",\"MillisBehindLatest\":0} ");
    CHECK_INT(r.n, 0);
    CHECK(r.v != NULL);
    CHECK_STR(r.next_iterator, "it");
    kin_get_result_free(&r);
    r = read_ok("{\"Records\":[],\"NextShardIterator\":null,\"ChildShards\":[]}");
    CHECK(r.next_iterator == NULL);
    CHECK_INT(r.millis_behind, 0);
    kin_get_result_free(&r);
    r = read_ok("{\"MillisBehindLatest\":-3,\"Records\":[]}");
    CHECK(r.next_iterator == NULL);
    CHECK_INT(r.millis_behind, -3);
    kin_get_result_free(&r);
}

TEST(kin_answer_escapes_and_unicode)
{
    /* "aGk=" is "hi"; its escaped forms decode the same */
    kin_get_result r =
        read_ok("{\"Records\":[{\"Data\":\"\\u0061Gk\\u003d\",\"SequenceNumber\":\"1\","
                "\"PartitionKey\":\"\\ud83d\\ude00 \\u00e9\\\"\\\\\\/\\b\\f\\n\\r\\t\\u20AC\"},"
                "{\"Data\":\"\",\"SequenceNumber\":\"2\",\"PartitionKey\":\"\xc3\xa9\"}]}");
    CHECK_INT(r.n, 2);
    if (r.n == 2) {
        CHECK_INT(r.v[0].len, 2);
        CHECK_STR(r.v[0].data, "hi");
        CHECK_STR(r.v[0].partition_key, "\xf0\x9f\x98\x80 \xc3\xa9\"\\/\b\f\n\r\t\xe2\x82\xac");
        CHECK_INT(r.v[1].len, 0);
        CHECK_STR(r.v[1].data, "");
        CHECK_STR(r.v[1].partition_key, "\xc3\xa9");
        CHECK_STR(r.v[1].sequence_number, "2");
    }
    kin_get_result_free(&r);
    REFUSED("{\"Records\":[{\"Data\":\"\",\"SequenceNumber\":\"1\",\"PartitionKey\":\"\\ud83d\"}]}",
            "lone UTF-16 high surrogate");
    REFUSED("{\"Records\":[{\"Data\":\"\",\"SequenceNumber\":\"1\",\"PartitionKey\":\"\\ud83dx\"}]}",
            "lone UTF-16 high surrogate");
    REFUSED("{\"Records\":[{\"Data\":\"\",\"SequenceNumber\":\"1\",\"PartitionKey\":\"\\ude00\"}]}",
            "lone UTF-16 low surrogate");
    REFUSED("{\"Records\":[],\"x\":\"\\ud800\\u0041\"}", "lone UTF-16 high surrogate");
    REFUSED("{\"Records\":[],\"x\":\"\\x\"}", "bad escape");
    REFUSED("{\"Records\":[],\"x\":\"\\u12g4\"}", "bad escape");
    REFUSED("{\"Records\":[],\"x\":\"a\tb\"}", "control character");
    REFUSED("{\"Records\":[{\"Data\":\"aGk\",\"SequenceNumber\":\"1\"}]}", "not base64");
    REFUSED("{\"Records\":[{\"Data\":\"aG\\nk=\",\"SequenceNumber\":\"1\"}]}", "not base64");
}

TEST(kin_answer_missing_members_and_wrong_types)
{
    REFUSED("{}", "no Records");
    REFUSED("[]", "not a JSON object");
    REFUSED("", "not a JSON object");
    REFUSED("{\"Records\":{}}", "Records is not an array");
    REFUSED("{\"Records\":[1]}", "a record is not an object");
    REFUSED("{\"Records\":[{\"SequenceNumber\":\"1\"}]}", "no Data");
    REFUSED("{\"Records\":[{\"Data\":\"\"}]}", "no SequenceNumber");
    REFUSED("{\"Records\":[{\"Data\":7,\"SequenceNumber\":\"1\"}]}", "Data is not a string");
    REFUSED("{\"Records\":[{\"Data\":\"\",\"SequenceNumber\":1}]}", "SequenceNumber is not a string");
    REFUSED("{\"Records\":[{\"Data\":\"\",\"SequenceNumber\":\"1a\"}]}", "not 1 to 127 digits");
    REFUSED("{\"Records\":[{\"Data\":\"\",\"SequenceNumber\":\"\"}]}", "not 1 to 127 digits");
    REFUSED("{\"Records\":[{\"Data\":\"\",\"SequenceNumber\":\"1\",\"PartitionKey\":null}]}",
            "PartitionKey is not a string");
    REFUSED("{\"Records\":[{\"Data\":\"\",\"SequenceNumber\":\"1\",\"ApproximateArrivalTimestamp\":\"1\"}]}",
            "ApproximateArrivalTimestamp is not a number");
    REFUSED("{\"Records\":[],\"NextShardIterator\":5}", "NextShardIterator is not a string");
    REFUSED("{\"Records\":[],\"MillisBehindLatest\":\"5\"}", "MillisBehindLatest is not a number");
    REFUSED("{\"Records\":[],\"MillisBehindLatest\":1.5}", "not a 64-bit integer");
    REFUSED("{\"Records\":[],\"ChildShards\":{}}", "ChildShards is not an array");
    REFUSED("{\"Records\":[],\"Records\":[]}", "Records given twice");
    REFUSED("{\"Records\":[{\"Data\":\"\",\"Data\":\"\",\"SequenceNumber\":\"1\"}]}", "Data given twice");
    REFUSED("{\"Records\":[]} {}", "bytes after");
    REFUSED("{\"Records\":[],}", "expected a string");
    REFUSED("{\"Records\":[1,]}", "a record is not an object");
    REFUSED("{\"Records\":[],\"x\":01}", "expected ',' or '}'");
    REFUSED("{\"Records\":[],\"x\":1.}", "no digit after its point");
    REFUSED("{\"Records\":[],\"x\":1e}", "no digit in its exponent");
    REFUSED("{\"Records\":[],\"x\":tru}", "expected a number");
    REFUSED("{\"Records\":[],\"x\":NaN}", "expected a number");
    REFUSED("{\"Records\":[],'x':1}", "expected a string");
    /* members it does not know, of every type, are skipped; a key with a NUL is not "Data" */
    kin_get_result r = read_ok("{\"Records\":[{\"Data\":\"aGk=\",\"Data\\u0000\":5,\"SequenceNumber\":\"9\","
                               "\"Extra\":{\"a\":[1,2.5e-3,{\"b\":null}]},\"EncryptionType\":\"KMS\"}],"
                               "\"A very long member name that is not known\":[true,false,null,\"x\",-0]}");
    CHECK_INT(r.n, 1);
    if (r.n) CHECK_STR(r.v[0].data, "hi");
    kin_get_result_free(&r);
}

TEST(kin_answer_huge_numbers_and_keys)
{
    char seq[200], text[400];
    memset(seq, '9', sizeof seq);
    seq[127] = '\0';
    snprintf(text, sizeof text, "{\"Records\":[{\"Data\":\"\",\"SequenceNumber\":\"%s\"}]}", seq);
    kin_get_result r = read_ok(text);
    if (r.n) CHECK_STR(r.v[0].sequence_number, seq);
    kin_get_result_free(&r);
    seq[127] = '9', seq[128] = '\0';
    snprintf(text, sizeof text, "{\"Records\":[{\"Data\":\"\",\"SequenceNumber\":\"%s\"}]}", seq);
    REFUSED(text, "not 1 to 127 digits");
    r = read_ok("{\"Records\":[],\"MillisBehindLatest\":9223372036854775807}");
    CHECK(r.millis_behind == INT64_MAX);
    kin_get_result_free(&r);
    REFUSED("{\"Records\":[],\"MillisBehindLatest\":9223372036854775808}", "not a 64-bit integer");
    REFUSED("{\"Records\":[],\"MillisBehindLatest\":"
            "12345678901234567890123456789012345678901234567890123456789012345}",
            "longer than 64");
    r = read_ok(
        "{\"Records\":[],\"Unknown\":1234567890123456789012345678901234567890123456789012345678901234567.5}");
    kin_get_result_free(&r);
    /* a partition key longer than the field: cut before a character, never inside one */
    buf j = {0};
    buf_adds(&j, "{\"Records\":[{\"Data\":\"\",\"SequenceNumber\":\"1\",\"PartitionKey\":\"");
    for (int i = 0; i < 256; i++) buf_adds(&j, "\xe2\x82\xac");
    buf_adds(&j, "\"}]}");
    r = read_ok(j.data);
    if (r.n) {
        CHECK_INT(strlen(r.v[0].partition_key), 258);
        CHECK(memcmp(r.v[0].partition_key + 255, "\xe2\x82\xac", 3) == 0);
    }
    kin_get_result_free(&r);
    buf_free(&j);
}

TEST(kin_answer_nesting_and_child_shards)
{
    kin_get_result r =
        read_ok("{\"Records\":[],\"NextShardIterator\":null,\"ChildShards\":[{\"ShardId\":"
                "\"shardId-000000000003\",\"ParentShards\":[\"shardId-000000000001\"],"
                "\"HashKeyRange\":{\"StartingHashKey\":\"0\",\"EndingHashKey\":\"170141183\"}}]}");
    CHECK(r.next_iterator == NULL);
    kin_get_result_free(&r);
    buf j = {0};
    buf_adds(&j, "{\"Records\":[],\"ChildShards\":");
    for (int i = 0; i < 70; i++) buf_addc(&j, '[');
    for (int i = 0; i < 70; i++) buf_addc(&j, ']');
    buf_addc(&j, '}');
    REFUSED(j.data, "nested deeper than 32");
    buf_free(&j);
}

TEST(kin_answer_every_truncation_is_an_error)
{
    rng = 99;
    for (int t = 0; t < 20; t++) {
        buf j = {0};
        random_answer(&j);
        while (j.len && strchr(" \t\r\n", j.data[j.len - 1])) j.len--; /* trailing blanks are not data */
        for (size_t cut = 0; cut < j.len; cut++) {
            kin_get_result r;
            char *copy = malloc(cut ? cut : 1); /* exactly cut bytes: ASan sees any read past them */
            memcpy(copy, j.data, cut);
            aws_error *e = kin_answer_read(copy, cut, &r);
            free(copy);
            if (!e) {
                test_fail(__FILE__, __LINE__, "a truncation to %zu bytes was accepted", cut);
                kin_get_result_free(&r);
            }
            aws_error_free(e);
        }
        buf_free(&j);
    }
}
