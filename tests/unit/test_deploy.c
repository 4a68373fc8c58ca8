/* Unit tests of what deploy, produce and results decide on their own: the risks of a change set (IAM
 * permissions added or widened, buckets and streams replaced or removed), change set and stack status
 * rules, the readings generator and file reader, and the hourly table from a Parquet file. */
#include "harness.h"

#include <stdio.h>
#include <unistd.h>

#include "aws/cfn_change_set.h"
#include "deploy/change_view.h"
#include "parquet_write.h"
#include "produce/readings.h"
#include "results/hourly_table.h"

static const char *ROLE_TEMPLATE =
    "{\"Resources\": {\"R\": {\"Type\": \"AWS::IAM::Role\", \"Properties\": {"
    "\"AssumeRolePolicyDocument\": {\"Statement\": [{\"Effect\": \"Allow\", \"Principal\": {\"Service\": \"ec2.amazonaws.com\"},"
    " \"Action\": \"sts:AssumeRole\"}]},"
    "\"Policies\": [{\"PolicyName\": \"p\", \"PolicyDocument\": {\"Statement\": [%s]}}]}}}}";

static char *role_with(const char *statements)
{
    static char out[4][2048];
    static int k;
    char *s = out[k++ % 4];
    snprintf(s, 2048, ROLE_TEMPLATE, statements);
    return s;
}

TEST(risks_iam_added_and_widened)
{
    cfn_change_set cs = {0};
    const char *read = "{\"Effect\": \"Allow\", \"Action\": [\"s3:GetObject\"], \"Resource\": \"arn:aws:s3:::b/*\"}";
    const char *read_write = "{\"Effect\": \"Allow\", \"Action\": [\"s3:GetObject\", \"s3:PutObject\"], \"Resource\": \"arn:aws:s3:::b/*\"}";
    const char *wider = "{\"Effect\": \"Allow\", \"Action\": \"s3:GetObject\", \"Resource\": \"*\"}";
    const char *deny = "{\"Effect\": \"Deny\", \"Action\": \"s3:*\", \"Resource\": \"*\"}";
    buf why = {0};
    /* a new stack: every permission is new, the trust policy is not a permission */
    CHECK_INT(change_view_risks(&cs, "", role_with(read), &why), 1);
    CHECK(strstr(why.data, "IAM: R allows s3:GetObject on \"arn:aws:s3:::b/*\""));
    CHECK(!strstr(why.data, "sts:AssumeRole"));
    buf_reset(&why);
    /* the same permissions: nothing to ask */
    CHECK_INT(change_view_risks(&cs, role_with(read), role_with(read), &why), 0);
    /* one more action, or a wider resource */
    CHECK_INT(change_view_risks(&cs, role_with(read), role_with(read_write), &why), 1);
    CHECK(strstr(why.data, "s3:PutObject"));
    buf_reset(&why);
    CHECK_INT(change_view_risks(&cs, role_with(read), role_with(wider), &why), 1);
    CHECK(strstr(why.data, "on \"*\""));
    buf_reset(&why);
    /* narrowing, and a Deny, are not risks */
    CHECK_INT(change_view_risks(&cs, role_with(read_write), role_with(read), &why), 0);
    char both[512];
    snprintf(both, sizeof both, "%s, %s", read, deny);
    CHECK_INT(change_view_risks(&cs, role_with(read), role_with(both), &why), 0);
    buf_free(&why);
}

TEST(risks_data_replaced_or_removed)
{
    cfn_change ch[4] = {
        {"Modify", "Results", "b-1", "AWS::S3::Bucket", "True", "Properties", "BucketName"},
        {"Remove", "Readings", "s-1", "AWS::Kinesis::Stream", "", "", ""},
        {"Modify", "Readings2", "s-2", "AWS::Kinesis::Stream", "False", "Properties", "ShardCount"},
        {"Modify", "Role", "r", "AWS::IAM::Role", "True", "Properties", "RoleName"},
    };
    cfn_change_set cs = {"CREATE_COMPLETE", "", "AVAILABLE", ch, 4};
    buf why = {0};
    CHECK_INT(change_view_risks(&cs, "", "", &why), 2);
    CHECK(strstr(why.data, "replaces Results (AWS::S3::Bucket b-1)"));
    CHECK(strstr(why.data, "removes Readings (AWS::Kinesis::Stream s-1)"));
    CHECK(!strstr(why.data, "Readings2"));
    buf_free(&why);
}

TEST(change_set_empty_and_status_settled)
{
    cfn_change_set cs = {"FAILED", "The submitted information didn't contain changes. Submit different information to create a change set.", "UNAVAILABLE", NULL, 0};
    CHECK(cfn_change_set_is_empty(&cs));
    cs.status_reason = "No updates are to be performed.";
    CHECK(cfn_change_set_is_empty(&cs));
    cs.status_reason = "Template format error";
    CHECK(!cfn_change_set_is_empty(&cs));
    cs.status = "CREATE_COMPLETE";
    CHECK(!cfn_change_set_is_empty(&cs));
    CHECK(cfn_status_settled("CREATE_COMPLETE"));
    CHECK(cfn_status_settled("UPDATE_ROLLBACK_COMPLETE"));
    CHECK(cfn_status_settled("DELETE_FAILED"));
    CHECK(!cfn_status_settled("UPDATE_COMPLETE_CLEANUP_IN_PROGRESS"));
    CHECK(!cfn_status_settled("REVIEW_IN_PROGRESS"));
    CHECK(!cfn_status_settled("CREATE_IN_PROGRESS"));
}

TEST(readings_generated_deterministic)
{
    readings_gen_opts o = {3, 1682330400, 1, 600, 0.5, 0.5, 9};
    readings a = {0}, b = {0};
    readings_generate(&o, &a);
    readings_generate(&o, &b);
    CHECK_INT(a.n, 3 * 6);
    CHECK_INT(a.text.len, b.text.len);
    CHECK(memcmp(a.text.data, b.text.data, a.text.len) == 0);
    CHECK(strstr(readings_at(&a, 0), "\"timestamp\": 1682330400, \"sensor-id\": 1,"));
    CHECK_STR(readings_key(&a, 2), "3");
    CHECK(strstr(readings_at(&a, 17), "\"timestamp\": 1682333400, \"sensor-id\": 3,"));
    /* with half outliers, some readings are far (15 degrees or more) from every base */
    int far = 0;
    for (size_t i = 0; i < a.n; i++) {
        double t = atof(strstr(readings_at(&a, i), "temperature\": ") + 14);
        if (t < 5 || t > 35) far++;
    }
    CHECK(far > 0 && far < (int)a.n);
    o.seed = 10;
    readings c = {0};
    readings_generate(&o, &c);
    CHECK(c.text.len != a.text.len || memcmp(c.text.data, a.text.data, a.text.len) != 0);
    readings_free(&a);
    readings_free(&b);
    readings_free(&c);
}

static int load_text(const char *text, readings *r, buf *err)
{
    char path[] = "/tmp/test_deploy_XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0 || write(fd, text, strlen(text)) != (ssize_t)strlen(text)) return -2;
    close(fd);
    int rc = readings_load(path, r, err);
    unlink(path);
    return rc;
}

TEST(readings_from_files)
{
    readings r = {0};
    buf err = {0};
    CHECK_INT(load_text("{\"a\":1}\r\n\n  \n{\"b\":2}  \n{\"c\":3}", &r, &err), 0);
    CHECK_INT(r.n, 3);
    CHECK_STR(readings_at(&r, 0), "{\"a\":1}");
    CHECK_STR(readings_at(&r, 2), "{\"c\":3}");
    readings_free(&r);
    CHECK_INT(load_text(" [ {\"timestamp\": 1, \"sensor-id\": 2, \"temperature\": 3.5}, {\"x\": [1, 2]} ]", &r, &err), 0);
    CHECK_INT(r.n, 2);
    CHECK_STR(readings_at(&r, 0), "{\"timestamp\":1,\"sensor-id\":2,\"temperature\":3.5}");
    readings_free(&r);
    CHECK_INT(load_text("[{\"a\": 1},", &r, &err), -1);
    CHECK(strstr(err.data, "not a JSON array of readings"));
    readings_free(&r);
    buf_free(&err);
}

TEST(hourly_table_formats)
{
    int64_t start[2] = {1682330400000, 1682334000000}, end[2] = {1682334000000, 1682337600000}, n[2] = {5, 2},
            kept[2] = {3, 0};
    double q1[2] = {2, 1}, q3[2] = {4, 2}, avg[2] = {3, 0};
    uint8_t present[2] = {1, 0};
    parquet_column cols[] = {
        {"window_start", PARQUET_TIMESTAMP_MS, 0, start, NULL, NULL}, {"window_end", PARQUET_TIMESTAMP_MS, 0, end, NULL, NULL},
        {"readings", PARQUET_INT64, 0, n, NULL, NULL},                 {"kept", PARQUET_INT64, 0, kept, NULL, NULL},
        {"q1", PARQUET_DOUBLE, 0, NULL, q1, NULL},                     {"q3", PARQUET_DOUBLE, 0, NULL, q3, NULL},
        {"avg_temperature", PARQUET_DOUBLE, 1, NULL, avg, present},
    };
    parquet_table t = {cols, 7, 2};
    buf file = {0}, err = {0};
    CHECK_INT(parquet_write(&t, CODEC_SNAPPY, "test", &file), 0);
    hourly_table tables[3] = {{.format = HOURLY_TABLE}, {.format = HOURLY_CSV}, {.format = HOURLY_JSON}};
    for (int i = 0; i < 3; i++) CHECK_INT(hourly_table_add(&tables[i], "f", file.data, file.len, &err), 0);
    CHECK(strstr(tables[0].rows.data, "2023-04-24 10:00  2023-04-24 11:00"));
    CHECK(strstr(tables[0].rows.data, "3.000\n"));
    CHECK(strstr(tables[1].rows.data, "2023-04-24T10:00:00Z,2023-04-24T11:00:00Z,,5,3,2,4,3\n"));
    CHECK(strstr(tables[1].rows.data, "2023-04-24T11:00:00Z,2023-04-24T12:00:00Z,,2,0,1,2,\n"));
    CHECK(strstr(tables[2].rows.data, "\"avg_temperature\":null}"));
    for (int i = 0; i < 3; i++) hourly_table_free(&tables[i]);
    /* a file that is not an hourly result */
    hourly_table bad = {0};
    CHECK_INT(hourly_table_add(&bad, "x.parquet", "PAR1", 4, &err), -1);
    CHECK(strstr(err.data, "x.parquet"));
    hourly_table_free(&bad);
    buf_free(&file);
    buf_free(&err);
}
