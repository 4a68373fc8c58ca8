/* `etlctl results STACK`: the hourly result objects in the stack's bucket, listed and printed as a
 * table, CSV or JSON (src/results/). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aws/s3_list.h"
#include "aws/s3_object.h"
#include "cli/aws_flags.h"
#include "cmd/cmd.h"
#include "deploy/hint.h"
#include "deploy/stack_find.h"
#include "deploy/stack_ref.h"
#include "results/hourly_table.h"

static void usage(FILE *f)
{
    fprintf(f, "usage: etlctl results STACK [--format table|csv|json] [--bucket NAME] [--prefix P] [--list]\n\n"
               "Prints the hourly rows the app wrote to the stack's bucket (times in UTC). --list names the\n"
               "result objects instead. --bucket/--prefix override what the stack says.\n\n%s",
            AWS_FLAGS_HELP);
}

static int by_key(const void *a, const void *b)
{
    return strcmp(((const s3_entry *)a)->key, ((const s3_entry *)b)->key);
}

static int ends_with(const char *s, const char *tail)
{
    size_t a = strlen(s), b = strlen(tail);
    return a >= b && strcmp(s + a - b, tail) == 0;
}

int cmd_results(int argc, char **argv)
{
    aws_options ao = {0};
    if (aws_flags_take(&argc, argv, &ao) != 0) return EXIT_USAGE;
    const char *ref = NULL, *bucket_opt = NULL, *prefix_opt = NULL;
    hourly_table t = {0};
    int list = 0;
    for (int i = 1; i < argc; i++) {
        const char *s = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(s, "--help") == 0 || strcmp(s, "-h") == 0) {
            usage(stdout);
            return EXIT_OK;
        } else if (strcmp(s, "--list") == 0) list = 1;
        else if ((strcmp(s, "--format") == 0 || strcmp(s, "--bucket") == 0 || strcmp(s, "--prefix") == 0) && v) {
            i++;
            if (strcmp(s, "--bucket") == 0) bucket_opt = v;
            else if (strcmp(s, "--prefix") == 0) prefix_opt = v;
            else if (strcmp(v, "table") == 0) t.format = HOURLY_TABLE;
            else if (strcmp(v, "csv") == 0) t.format = HOURLY_CSV;
            else if (strcmp(v, "json") == 0) t.format = HOURLY_JSON;
            else {
                fprintf(stderr, "etlctl results: --format is table, csv or json, not '%s'\n", v);
                return EXIT_USAGE;
            }
        } else if (s[0] == '-' || ref) {
            fprintf(stderr, "etlctl results: unexpected argument '%s' (see etlctl results --help)\n", s);
            return EXIT_USAGE;
        } else ref = s;
    }
    if (!ref && !bucket_opt) {
        usage(stderr);
        return EXIT_USAGE;
    }
    char bucket[256] = "", prefix[256] = "";
    char *name = ref ? stack_ref_name("results", ref) : NULL;
    if (ref && !name) return EXIT_USAGE;
    aws_client *c = NULL;
    aws_error *err = aws_client_new(&ao, &c);
    int rc = EXIT_OK;
    if (err) rc = hint_fail("results", "AWS configuration", err);
    else if (name && !bucket_opt && (err = stack_find_results(c, name, bucket, sizeof bucket, prefix, sizeof prefix)))
        rc = hint_fail("results", "finding the results bucket", err);
    if (bucket_opt) snprintf(bucket, sizeof bucket, "%s", bucket_opt);
    if (prefix_opt) snprintf(prefix, sizeof prefix, "%s", prefix_opt);
    s3_listing l = {0};
    char where[600];
    snprintf(where, sizeof where, "%shourly/", prefix);
    if (rc == EXIT_OK && (err = s3_list_objects(c, bucket, where, 0, &l))) rc = hint_fail("results", "listing the results", err);
    if (rc == EXIT_OK) {
        qsort(l.v, l.n, sizeof *l.v, by_key);
        size_t files = 0;
        for (size_t i = 0; i < l.n && rc == EXIT_OK; i++) {
            if (!ends_with(l.v[i].key, ".parquet")) continue;
            files++;
            if (list) {
                printf("s3://%s/%s  %lld bytes  %s\n", bucket, l.v[i].key, (long long)l.v[i].size, l.v[i].last_modified);
                continue;
            }
            buf data = {0}, e = {0};
            if ((err = s3_get_object(c, bucket, l.v[i].key, NULL, &data, NULL))) rc = hint_fail("results", "reading a result", err);
            else if (hourly_table_add(&t, l.v[i].key, data.data, data.len, &e) != 0) {
                fprintf(stderr, "etlctl results: %s\n", e.data);
                rc = EXIT_FAIL;
            }
            buf_free(&data);
            buf_free(&e);
        }
        if (rc == EXIT_OK && !list) hourly_table_print(&t, stdout);
        if (rc == EXIT_OK) fprintf(stderr, "%zu result file%s in s3://%s/%s\n", files, files == 1 ? "" : "s", bucket, where);
    }
    s3_listing_free(&l);
    hourly_table_free(&t);
    aws_client_free(c);
    free(name);
    return rc;
}
