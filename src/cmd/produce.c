/* `etlctl produce STACK|--stream NAME`: readings from a file or generated, sent to the stack's Kinesis
 * stream (src/produce/). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/rfc3339.h"
#include "cli/aws_flags.h"
#include "cmd/cmd.h"
#include "deploy/hint.h"
#include "deploy/stack_find.h"
#include "deploy/stack_ref.h"
#include "produce/readings.h"
#include "produce/send.h"

static void usage(FILE *f)
{
    fprintf(f, "usage: etlctl produce STACK|--stream NAME [--file PATH | generator options] [sending options]\n\n"
               "Sends readings to the stack's Kinesis stream: from --file (NDJSON or a JSON array; - for stdin),\n"
               "or generated:\n"
               "  --sensors N        sensors 1..N (5)\n"
               "  --start TIME       event time of the first reading, RFC 3339 (the start of the hour,\n"
               "                     --hours before now)\n"
               "  --hours H          hours of event time (1)\n"
               "  --every S          seconds of event time between readings of one sensor (60)\n"
               "  --noise D          standard deviation of the noise, degrees (0.5)\n"
               "  --outliers F       fraction of outliers, 0..1 (0.02)\n"
               "  --seed N           the same seed gives the same readings (1)\n"
               "sending:\n"
               "  --per-record K     readings per Kinesis record, as NDJSON (1)\n"
               "  --batch N          records per PutRecords, up to 500 (500)\n"
               "  --inflight N       PutRecords calls at once (4)\n"
               "  --rate R           readings per second (as fast as the stream takes them)\n"
               "  --speed X          event time runs X times faster than the clock (sets --rate)\n\n%s",
            AWS_FLAGS_HELP);
}

static int bad(const char *what, const char *arg)
{
    fprintf(stderr, "etlctl produce: %s '%s' (see etlctl produce --help)\n", what, arg);
    return EXIT_USAGE;
}

static int num(const char *s, double lo, double hi, double *out)
{
    char *end;
    double v = strtod(s, &end);
    if (end == s || *end || !(v >= lo && v <= hi)) return -1;
    *out = v;
    return 0;
}

int cmd_produce(int argc, char **argv)
{
    aws_options ao = {0};
    if (aws_flags_take(&argc, argv, &ao) != 0) return EXIT_USAGE;
    const char *stack = NULL, *stream = NULL, *file = NULL, *start = NULL;
    double sensors = 5, hours = 1, every = 60, noise = 0.5, outliers = 0.02, seed = 1, per = 1, batch = 500, inflight = 4,
           rate = 0, speed = 0;
    static const struct numopt {
        const char *name;
        double lo, hi;
        size_t slot;
    } nums[] = {{"--sensors", 1, 1e6, 0}, {"--hours", 1.0 / 3600, 24 * 366, 1}, {"--every", 1, 86400, 2},
                {"--noise", 0, 100, 3},   {"--outliers", 0, 1, 4},           {"--seed", 0, 1e15, 5},
                {"--per-record", 1, 10000, 6}, {"--batch", 1, 500, 7},       {"--inflight", 1, 64, 8},
                {"--rate", 0, 1e9, 9},    {"--speed", 0, 1e9, 10}};
    double *slots[] = {&sensors, &hours, &every, &noise, &outliers, &seed, &per, &batch, &inflight, &rate, &speed};
    for (int i = 1; i < argc; i++) {
        const char *s = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(s, "--help") == 0 || strcmp(s, "-h") == 0) {
            usage(stdout);
            return EXIT_OK;
        }
        size_t k = 0;
        while (k < sizeof nums / sizeof nums[0] && strcmp(s, nums[k].name) != 0) k++;
        if (k < sizeof nums / sizeof nums[0] || strcmp(s, "--stream") == 0 || strcmp(s, "--file") == 0 ||
            strcmp(s, "--start") == 0) {
            if (!v) return bad("a value is missing after", s);
            i++;
            if (strcmp(s, "--stream") == 0) stream = v;
            else if (strcmp(s, "--file") == 0) file = v;
            else if (strcmp(s, "--start") == 0) start = v;
            else if (num(v, nums[k].lo, nums[k].hi, slots[nums[k].slot]) != 0) return bad("out of range or not a number:", v);
        } else if (s[0] == '-' && s[1]) return bad("unknown option", s);
        else if (stack) return bad("one stack at a time; unexpected", s);
        else stack = s;
    }
    if (!stack == !stream) {
        usage(stderr);
        return EXIT_USAGE;
    }
    readings r = {0};
    if (file) {
        buf e = {0};
        if (readings_load(file, &r, &e) != 0) {
            fprintf(stderr, "etlctl produce: %s\n", e.data);
            buf_free(&e);
            return EXIT_USAGE;
        }
    } else {
        readings_gen_opts g = {(int)sensors, 0, hours, (int)every, noise, outliers, (uint64_t)seed};
        if (start) {
            int32_t ns;
            if (rfc3339_parse(start, strlen(start), &g.start, &ns) != 0) return bad("--start is not an RFC 3339 time:", start);
        } else g.start = (int64_t)time(NULL) / 3600 * 3600 - (int64_t)(hours * 3600);
        readings_generate(&g, &r);
        if (speed > 0) rate = sensors * speed / every;
    }
    char name[256];
    char *stack_name = stack ? stack_ref_name("produce", stack) : NULL;
    aws_client *c = NULL;
    aws_error *err = aws_client_new(&ao, &c);
    int rc = EXIT_OK;
    if (stack && !stack_name) rc = EXIT_USAGE;
    else if (err) rc = hint_fail("produce", "AWS configuration", err);
    else if (stack_name && (err = stack_find_resource(c, stack_name, "AWS::Kinesis::Stream", name, sizeof name)))
        rc = hint_fail("produce", "finding the stream", err);
    if (rc == EXIT_OK) {
        if (!stack_name) snprintf(name, sizeof name, "%s", stream);
        send_opts so = {name, (int)per, (int)batch, (int)inflight, rate, stderr};
        send_totals t;
        if ((err = send_readings(c, &r, &so, &t))) rc = hint_fail("produce", "sending", err);
        printf("produced %zu readings in %zu records (%zu PutRecords) to %s in %.2f s (%.0f readings/s)\n", t.readings,
               t.records, t.batches, name, t.seconds, t.readings / (t.seconds + 1e-9));
    }
    free(stack_name);
    aws_client_free(c);
    readings_free(&r);
    return rc;
}
