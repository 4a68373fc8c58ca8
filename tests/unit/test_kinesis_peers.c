/* The Kinesis calls against kinesalite, cross-checked with the AWS CLI: what we write the CLI reads,
 * what the CLI writes we read; pagination, batching to the 5 MiB limit, resharding, errors at once. */
#include "harness.h"

#include <json-c/json.h>

#include "aws/aws_error.h"
#include "aws/digest.h"
#include "aws/kin_records.h"
#include "aws/kin_stream.h"
#include "aws_test_peers.h"

static pid_t peer;
static char url[64];
static aws_client *client;

static void setup(void)
{
    if (!client) peer = peer_client(start_kinesalite, "kinesis", url, &client);
    CHECK(client != NULL);
}

static char *cli(int *status, const char *args)
{
    return sh_capture(status, "/usr/bin/aws --endpoint-url %s kinesis %s", url, args);
}

/* Every record of every shard of stream, read with the CLI, as "data-base64" lines. */
static json_object *cli_read_all(const char *stream)
{
    json_object *all = json_object_new_array();
    char args[256];
    snprintf(args, sizeof args, "list-shards --stream-name %s --output json", stream);
    char *shards_json = cli(NULL, args);
    json_object *shards = json_tokener_parse(shards_json), *arr;
    free(shards_json);
    if (!shards || !json_object_object_get_ex(shards, "Shards", &arr)) return all;
    for (size_t i = 0; i < json_object_array_length(arr); i++) {
        json_object *id;
        json_object_object_get_ex(json_object_array_get_idx(arr, i), "ShardId", &id);
        snprintf(args, sizeof args,
                 "get-shard-iterator --stream-name %s --shard-id %s --shard-iterator-type TRIM_HORIZON "
                 "--query ShardIterator --output text",
                 stream, json_object_get_string(id));
        char *it = cli(NULL, args);
        it[strcspn(it, "\n")] = 0;
        buf cmd = {0};
        buf_printf(&cmd, "get-records --limit 10000 --shard-iterator '%s' --output json", it);
        char *recs_json = cli(NULL, cmd.data);
        json_object *recs = json_tokener_parse(recs_json), *ra;
        if (recs && json_object_object_get_ex(recs, "Records", &ra))
            for (size_t k = 0; k < json_object_array_length(ra); k++) {
                json_object *d;
                json_object_object_get_ex(json_object_array_get_idx(ra, k), "Data", &d);
                json_object_array_add(all, json_object_get(d));
            }
        json_object_put(recs);
        free(recs_json);
        buf_free(&cmd);
        free(it);
    }
    json_object_put(shards);
    return all;
}

TEST(kinesis_create_list_describe_cross_checked)
{
    setup();
    OK(kin_create_stream(client, "ours", 2));
    OK(kin_wait_active(client, "ours", 10000));
    int st;
    char *out =
        cli(&st, "describe-stream-summary --stream-name ours --query StreamDescriptionSummary.OpenShardCount "
                 "--output text");
    CHECK_INT(st, 0);
    CHECK_INT(atoi(out), 2);
    free(out);
    free(cli(&st, "create-stream --stream-name theirs --shard-count 5"));
    CHECK_INT(st, 0);
    OK(kin_wait_active(client, "theirs", 10000));
    kin_stream_summary s;
    OK(kin_describe_stream_summary(client, "theirs", &s));
    CHECK_STR(s.status, "ACTIVE");
    CHECK_INT(s.open_shards, 5);
    CHECK(strstr(s.arn, ":stream/theirs") != NULL);
    aws_strings names = {0};
    OK(kin_list_streams(client, 1, &names)); /* one name a page: pagination */
    CHECK(aws_strings_has(&names, "ours"));
    CHECK(aws_strings_has(&names, "theirs"));
    aws_strings_free(&names);
    kin_shard_list shards;
    OK(kin_list_shards(client, "theirs", 2, &shards)); /* 3 pages */
    CHECK_INT(shards.n, 5);
    for (size_t i = 0; i < shards.n; i++)
        CHECK(shards.v[i].id[0] && shards.v[i].start_hash[0] && !shards.v[i].end_seq[0]);
    kin_shard_list_free(&shards);
}

TEST(kinesis_put_records_read_back_by_cli_and_by_us)
{
    setup();
    OK(kin_create_stream(client, "data", 3));
    OK(kin_wait_active(client, "data", 10000));
    enum { N = 1234 };
    static kin_record recs[N];
    static char payload[N][40], keys[N][16];
    for (int i = 0; i < N; i++) {
        int len = snprintf(payload[i], sizeof payload[i], "rec-%d\x01\xff", i);
        snprintf(keys[i], sizeof keys[i], "k%d", i % 97);
        recs[i] = (kin_record){payload[i], (size_t)len, keys[i], NULL, "", ""};
    }
    OK(kin_put_records(client, "data", recs, N));
    for (int i = 0; i < N; i++) CHECK(recs[i].sequence_number[0] && recs[i].shard_id[0]);
    json_object *seen = cli_read_all("data");
    CHECK_INT(json_object_array_length(seen), N);
    int matched = 0;
    for (size_t k = 0; k < json_object_array_length(seen); k++) {
        buf d = {0};
        const char *b64 = json_object_get_string(json_object_array_get_idx(seen, k));
        CHECK_INT(base64_decode(&d, b64, strlen(b64)), 0);
        int idx = -1;
        if (d.len > 4 && sscanf(d.data, "rec-%d", &idx) == 1 && idx >= 0 && idx < N &&
            d.len == strlen(payload[idx]) && memcmp(d.data, payload[idx], d.len) == 0)
            matched++;
        buf_free(&d);
    }
    CHECK_INT(matched, N);
    json_object_put(seen);

    /* the reverse: the CLI writes, we read */
    int st;
    free(cli(&st, "put-record --stream-name data --partition-key pk --data 'from the cli' "
                  "--cli-binary-format raw-in-base64-out"));
    CHECK_INT(st, 0);
    kin_shard_list shards;
    OK(kin_list_shards(client, "data", 0, &shards));
    int total = 0, found_cli = 0;
    for (size_t i = 0; i < shards.n; i++) {
        char *it = NULL;
        OK(kin_get_shard_iterator(client, "data", shards.v[i].id, "TRIM_HORIZON", NULL, 0, &it));
        for (int round = 0; it && round < 10; round++) {
            kin_get_result r;
            OK(kin_get_records(client, "data", it, 500, &r));
            total += (int)r.n;
            for (size_t k = 0; k < r.n; k++)
                if (r.v[k].len == 12 && memcmp(r.v[k].data, "from the cli", 12) == 0) {
                    found_cli++;
                    CHECK_STR(r.v[k].partition_key, "pk");
                    CHECK(r.v[k].arrival > 1e9);
                }
            free(it);
            it = r.n && r.next_iterator ? strdup(r.next_iterator) : NULL;
            kin_get_result_free(&r);
        }
        free(it);
    }
    kin_shard_list_free(&shards);
    CHECK_INT(total, N + 1);
    CHECK_INT(found_cli, 1);
}

TEST(kinesis_put_records_splits_at_5_mib)
{
    setup();
    char log[512];
    request_log_start(log, "kin-requests.jsonl");
    OK(kin_create_stream(client, "big", 1));
    OK(kin_wait_active(client, "big", 10000));
    enum { N = 12, SIZE = 600 * 1024 };
    char *blob = malloc(SIZE);
    memset(blob, 'x', SIZE);
    kin_record recs[N];
    for (int i = 0; i < N; i++) recs[i] = (kin_record){blob, SIZE, "same", NULL, "", ""};
    OK(kin_put_records(client, "big", recs, N));
    unsetenv("ETL_AWS_REQUEST_LOG");
    int st;
    char *puts =
        sh_capture(&st, "grep -c '\"action\":\"PutRecords\",\"resource\":\"big\",\"status\":200' %s", log);
    CHECK_INT(atoi(puts), 2); /* 12 x 600 KiB = 7 MiB: two calls */
    free(puts);
    free(blob);
    kin_record too_big = {NULL, (1 << 20) + 1, "k", NULL, "", ""};
    aws_error *err = kin_put_records(client, "big", &too_big, 1);
    CHECK(aws_error_is(err, "ValidationException"));
    aws_error_free(err);
}

TEST(kinesis_split_and_merge_shards)
{
    setup();
    OK(kin_create_stream(client, "reshard", 1));
    OK(kin_wait_active(client, "reshard", 10000));
    kin_shard_list l;
    OK(kin_list_shards(client, "reshard", 0, &l));
    CHECK_INT(l.n, 1);
    OK(kin_split_shard(client, "reshard", l.v[0].id, "170141183460469231731687303715884105728"));
    kin_shard_list_free(&l);
    OK(kin_wait_active(client, "reshard", 10000));
    OK(kin_list_shards(client, "reshard", 0, &l));
    CHECK_INT(l.n, 3);
    int open = 0;
    const char *children[2] = {NULL, NULL};
    for (size_t i = 0; i < l.n; i++)
        if (!l.v[i].end_seq[0]) children[open++ < 2 ? open - 1 : 1] = l.v[i].id;
    CHECK_INT(open, 2);
    if (open == 2) OK(kin_merge_shards(client, "reshard", children[0], children[1]));
    kin_shard_list_free(&l);
    OK(kin_wait_active(client, "reshard", 10000));
    int st;
    char *n = cli(&st, "list-shards --stream-name reshard --query 'length(Shards)' --output text");
    CHECK_INT(atoi(n), 4);
    free(n);
}

TEST(kinesis_errors_come_back_at_once_and_delete_works)
{
    setup();
    char log[512];
    request_log_start(log, "kin-errors.jsonl");
    kin_stream_summary s;
    aws_error *err = kin_describe_stream_summary(client, "no-such-stream", &s);
    unsetenv("ETL_AWS_REQUEST_LOG");
    CHECK(aws_error_is(err, "ResourceNotFoundException"));
    CHECK_INT(err ? err->status : 0, 400);
    char line[800];
    aws_error_format(err, line, sizeof line);
    CHECK(strncmp(line, "kinesis DescribeStreamSummary: ResourceNotFoundException (HTTP 400): ", 69) == 0);
    aws_error_free(err);
    int st;
    char *count = sh_capture(&st, "wc -l < %s", log);
    CHECK_INT(atoi(count), 1); /* not retried */
    free(count);
    OK(kin_delete_stream(client, "ours", 0));
    char *names = cli(&st, "list-streams --output text");
    CHECK(strstr(names, "theirs") != NULL);
    for (char *p = names; (p = strstr(p, "ours")) != NULL; p++)
        CHECK(!(p[-1] == '\t' && (p[4] == '\n' || p[4] == '\t')));
    free(names);
    aws_client_free(client);
    client = NULL;
    peer_kill(peer);
}
