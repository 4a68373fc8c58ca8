/* SigV4 against the published known answers of the AWS SigV4 test suite (2015-08-30 vectors). */
#include "harness.h"

#include "aws/digest.h"
#include "aws/sigv4.h"

static const char *EMPTY_SHA = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

/* Signs with the suite's key, region, service and time; returns the signature hex (static). */
static const char *suite_sign_as(int s3, const char *method, const char *path, const char *query,
                                 const char *hdrs[], const char *payload_hash, char *signed_out)
{
    static char sig[65];
    aws_credentials c = {0};
    aws_credentials_set(&c, "AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", NULL, 0);
    sigv4_scope s = {"us-east-1", "service", 1440938160, s3};
    http_headers h = {0};
    http_headers_add(&h, "Host", "example.amazonaws.com");
    for (size_t i = 0; hdrs && hdrs[i]; i += 2) http_headers_add(&h, hdrs[i], hdrs[i + 1]);
    sigv4_sign(&c, &s, method, path, query, &h, payload_hash);
    const char *auth = http_headers_get(&h, "Authorization");
    const char *p = strstr(auth, "Signature=");
    snprintf(sig, sizeof sig, "%s", p ? p + 10 : "");
    if (signed_out) {
        const char *sh = strstr(auth, "SignedHeaders=");
        size_t n = strcspn(sh + 14, ",");
        memcpy(signed_out, sh + 14, n);
        signed_out[n] = 0;
    }
    http_headers_free(&h);
    aws_credentials_free(&c);
    return sig;
}

#define suite_sign(...) suite_sign_as(0, __VA_ARGS__)

TEST(sigv4_get_vanilla)
{
    char sh[256];
    CHECK_STR(suite_sign("GET", "/", "", NULL, EMPTY_SHA, sh),
              "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");
    CHECK_STR(sh, "host;x-amz-date");
}

TEST(sigv4_get_vanilla_query_order_key_case)
{
    CHECK_STR(suite_sign("GET", "/", "Param2=value2&Param1=value1", NULL, EMPTY_SHA, NULL),
              "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500");
}

/* The suite's request line is "GET /\u1234" (raw UTF-8): its canonical URI is that path encoded once. */
TEST(sigv4_get_utf8)
{
    CHECK_STR(suite_sign("GET", "/\xe1\x88\xb4", "", NULL, EMPTY_SHA, NULL),
              "8318018e0b0f223aa2bbf98705b62bb787dc9c0e678f255a891fd03141be5d85");
}

TEST(sigv4_post_x_www_form_urlencoded_signed_body)
{
    const char *body_hash = "9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e";
    const char *hdrs[] = {"Content-Type",
                          "application/x-www-form-urlencoded",
                          "Content-Length",
                          "13",
                          "X-Amz-Content-Sha256",
                          body_hash,
                          NULL};
    char sh[256];
    CHECK_STR(suite_sign("POST", "/", "", hdrs, body_hash, sh),
              "d3875051da38690788ef43de4db0d8f280229d82040bfac253562e56c3f20e0b");
    CHECK_STR(sh, "content-length;content-type;host;x-amz-content-sha256;x-amz-date");
}

TEST(sigv4_canonical_request_trims_joins_and_normalizes)
{
    sigv4_scope s = {"us-east-1", "service", 0, 0};
    http_headers h = {0};
    http_headers_add(&h, "Host", "h");
    http_headers_add(&h, "X-B", "  2  ");
    http_headers_add(&h, "x-a", "a   b \t c");
    http_headers_add(&h, "x-b", "3");
    http_headers_add(&h, "User-Agent", "not signed");
    buf c = {0}, sh = {0};
    sigv4_canonical_request(&c, &sh, &s, "GET", "/a/./b/../c//d%20e/", "b=2&a=&a=1&c", &h,
                            "UNSIGNED-PAYLOAD");
    CHECK_STR(
        c.data,
        "GET\n/a/c/d%2520e/\na=&a=1&b=2&c=\nhost:h\nx-a:a b c\nx-b:2,3\n\nhost;x-a;x-b\nUNSIGNED-PAYLOAD");
    buf_reset(&c);
    buf_reset(&sh);
    s.s3 = 1;
    sigv4_canonical_request(&c, &sh, &s, "GET", "/bucket/a/./b%20c", "", &h, "UNSIGNED-PAYLOAD");
    const char *want = "GET\n/bucket/a/./b%20c\n\n";
    CHECK(strncmp(c.data, want, strlen(want)) == 0);
    buf_free(&c);
    buf_free(&sh);
    http_headers_free(&h);
}

TEST(sigv4_amz_date_formats_utc)
{
    char d[17];
    sigv4_amz_date(1440938160, d);
    CHECK_STR(d, "20150830T123600Z");
    sigv4_amz_date(0, d);
    CHECK_STR(d, "19700101T000000Z");
}

/* More vectors of the suite, as a table: method, path, query (as sent), extra headers, body, session
 * token, expected signature. */
static const struct suite_case {
    const char *name, *method, *path, *query, *hdrs[6], *body, *token, *signature;
} SUITE[] = {
    {"get-header-key-duplicate",
     "GET",
     "/",
     "",
     {"My-Header1", "value2,value2,value1"},
     "",
     NULL,
     "c9d5ea9f3f72853aea855b47ea873832890dbdd183b4468f858259531a5138ea"},
    {"get-header-value-multiline",
     "GET",
     "/",
     "",
     {"My-Header1", "value1,value2,value3"},
     "",
     NULL,
     "ba17b383a53190154eb5fa66a1b836cc297cc0a3d70a5d00705980573d8ff790"},
    {"get-header-value-order",
     "GET",
     "/",
     "",
     {"My-Header1", "value4,value1,value3,value2"},
     "",
     NULL,
     "08c7e5a9acfcfeb3ab6b2185e75ce8b1deb5e634ec47601a50643f830c755c01"},
    {"get-header-value-trim",
     "GET",
     "/",
     "",
     {"My-Header1", " value1", "My-Header2", " \"a   b   c\""},
     "",
     NULL,
     "acc3ed3afb60bb290fc8d2dd0098b9911fcaa05412b367055dee359757a9c736"},
    {"get-unreserved",
     "GET",
     "/-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
     "",
     {NULL},
     "",
     NULL,
     "07ef7494c76fa4850883e2b006601f940f8a34d404d0cfa977f52a65bbf5f24f"},
    {"get-vanilla-empty-query-key",
     "GET",
     "/",
     "Param1=value1",
     {NULL},
     "",
     NULL,
     "a67d582fa61cc504c4bae71f336f98b97f1ea3c7a6bfe1b6e45aec72011b9aeb"},
    {"get-vanilla-query-unreserved",
     "GET",
     "/",
     "-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz="
     "-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
     {NULL},
     "",
     NULL,
     "9c3e54bfcdf0b19771a7f523ee5669cdf59bc7cc0884027167c21bb143a40197"},
    {"get-vanilla-utf8-query",
     "GET",
     "/",
     "%E1%88%B4=bar",
     {NULL},
     "",
     NULL,
     "2cdec8eed098649ff3a119c94853b13c643bcf08f8b0a1d91e12c9027818dd04"},
    {"post-header-key-sort",
     "POST",
     "/",
     "",
     {"My-Header1", "value1"},
     "",
     NULL,
     "c5410059b04c1ee005303aed430f6e6645f61f4dc9e1461ec8f8916fdf18852c"},
    {"post-header-value-case",
     "POST",
     "/",
     "",
     {"My-Header1", "VALUE1"},
     "",
     NULL,
     "cdbc9802e29d2942e5e10b5bccfdd67c5f22c7c4e8ae67b53629efa58b974b7d"},
    {"post-sts-header-before",
     "POST",
     "/",
     "",
     {NULL},
     "",
     "AQoDYXdzEPT//////////"
     "wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmxfpSPfIeoIYRqTflfKD8YUuw"
     "thAx7mSEI/qkPpKPi/"
     "kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT7WZ0wq5VSXDvp75YU9HFvlRd8Tx6q6fE8YQcH"
     "NVXAkiY9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz+"
     "scqKmlzm8FDrypNC9Yjc8fPOLn9FX9KSYvKTr4rvx3iSIlTJabIQwj2ICCR/o"
     "LxBA==",
     "85d96828115b5dc0cfc3bd16ad9e210dd772bbebba041836c64533a82be05ead"},
    {"post-vanilla",
     "POST",
     "/",
     "",
     {NULL},
     "",
     NULL,
     "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b"},
    {"post-vanilla-query",
     "POST",
     "/",
     "Param1=value1",
     {NULL},
     "",
     NULL,
     "28038455d6de14eafc1f9222cf5aa6f1a96197d7deb8263271d420d138af7f11"},
    {"post-vanilla-query-nonunreserved",
     "POST",
     "/",
     "%40%23%24%25%5E=&%2B=%2F%2C%3F%3E%3C%60%22%3B%3A%5C%7C%5D%5B%7B%7D",
     {NULL},
     "",
     NULL,
     "66c82657c86e26fb25238d0e69f011edc4c6df5ae71119d7cb98ed9b87393c1e"},
    {"post-vanilla-query-space",
     "POST",
     "/",
     "p=",
     {NULL},
     "",
     NULL,
     "e71688addb58a26418614085fb730ba3faa623b461c17f48f2fbdb9361b94a9b"},
    {"post-x-www-form-urlencoded",
     "POST",
     "/",
     "",
     {"Content-Type", "application/x-www-form-urlencoded"},
     "Param1=value1",
     NULL,
     "ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a"},
};

TEST(sigv4_suite_table)
{
    for (size_t i = 0; i < sizeof SUITE / sizeof SUITE[0]; i++) {
        const struct suite_case *t = &SUITE[i];
        aws_credentials c = {0};
        aws_credentials_set(&c, "AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", t->token, 0);
        sigv4_scope s = {"us-east-1", "service", 1440938160, 0};
        http_headers h = {0};
        http_headers_add(&h, "Host", "example.amazonaws.com");
        for (size_t k = 0; t->hdrs[k]; k += 2) http_headers_add(&h, t->hdrs[k], t->hdrs[k + 1]);
        char hash[65];
        digest_sha256_hex(t->body, strlen(t->body), hash);
        sigv4_sign(&c, &s, t->method, t->path, t->query, &h, hash);
        const char *sig = strstr(http_headers_get(&h, "Authorization"), "Signature=");
        if (!sig || strcmp(sig + 10, t->signature) != 0)
            test_fail(__FILE__, __LINE__, "%s: %s, expected %s", t->name, sig ? sig + 10 : "(none)",
                      t->signature);
        http_headers_free(&h);
        aws_credentials_free(&c);
    }
}
