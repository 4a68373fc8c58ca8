/* SigV4 against the published known answers of the AWS SigV4 test suite (2015-08-30 vectors). */
#include "harness.h"

#include "aws/sigv4.h"

static const char *EMPTY_SHA = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

/* Signs with the suite's key, region, service and time; returns the signature hex (static). */
static const char *suite_sign_as(int s3, const char *method, const char *path, const char *query, const char *hdrs[],
                              const char *payload_hash, char *signed_out)
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
    const char *hdrs[] = {"Content-Type", "application/x-www-form-urlencoded", "Content-Length", "13",
                          "X-Amz-Content-Sha256", body_hash, NULL};
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
    sigv4_canonical_request(&c, &sh, &s, "GET", "/a/./b/../c//d%20e/", "b=2&a=&a=1&c", &h, "UNSIGNED-PAYLOAD");
    CHECK_STR(c.data, "GET\n/a/c/d%2520e/\na=&a=1&b=2&c=\nhost:h\nx-a:a b c\nx-b:2,3\n\nhost;x-a;x-b\nUNSIGNED-PAYLOAD");
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
