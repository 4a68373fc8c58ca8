/* Settings (settings.h). One table describes every setting; each value is checked where it is read, so
 * an error names exactly what was given: "--window 7: must divide 3600". */
#include "settings.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "base/rfc3339.h"

typedef enum kind { TEXT, SCOPE, WINDOW, SECONDS, POSITIVE, UNIT, COMPRESSION, START, SWITCH } kind;

typedef struct setting {
    const char *flag, *env;
    kind kind;
    size_t offset; /* of the field in struct settings */
} setting;

#define AT(field) offsetof(settings, field)
static const setting table[] = {
    {"--input", NULL, TEXT, AT(input)},
    {"--output", NULL, TEXT, AT(output)},
    {"--stream", "ETL_STREAM", TEXT, AT(stream)},
    {"--bucket", "ETL_BUCKET", TEXT, AT(bucket)},
    {"--prefix", "ETL_PREFIX", TEXT, AT(prefix)},
    {"--scope", "ETL_SCOPE", SCOPE, AT(by_sensor)},
    {"--window", "ETL_WINDOW", WINDOW, AT(window_s)},
    {"--lateness", "ETL_LATENESS", SECONDS, AT(lateness_s)},
    {"--idle", "ETL_IDLE", POSITIVE, AT(idle_s)},
    {"--time-unit", "ETL_TIME_UNIT", UNIT, AT(time_unit_ms)},
    {"--compression", "ETL_COMPRESSION", COMPRESSION, AT(compression)},
    {"--start", "ETL_START", START, AT(start)},
    {"--checkpoint-every", "ETL_CHECKPOINT_EVERY", POSITIVE, AT(checkpoint_every_s)},
    {"--log-every", "ETL_LOG_EVERY", POSITIVE, AT(log_every_s)},
    {"--help", NULL, SWITCH, AT(help)},
    {"--version", NULL, SWITCH, AT(version)},
};
#define NSETTINGS (sizeof table / sizeof table[0])

/* Seconds: digits only, at most ten years, so nothing overflows in milliseconds. */
static int parse_seconds(const char *v, int64_t min, int64_t *out)
{
    if (!*v || strlen(v) > 10) return -1;
    int64_t x = 0;
    for (const char *p = v; *p; p++) {
        if (*p < '0' || *p > '9') return -1;
        x = x * 10 + (*p - '0');
    }
    if (x < min || x > 315360000) return -1;
    *out = x;
    return 0;
}

/* v is one of two words: *out = 0 for the first, 1 for the second. */
static int one_of(const char *v, const char *first, const char *second, int *out)
{
    if (strcmp(v, first) != 0 && strcmp(v, second) != 0) return -1;
    *out = strcmp(v, second) == 0;
    return 0;
}

static int apply(settings *s, const setting *t, const char *v, const char *name, const char *sep, buf *err)
{
    char *field = (char *)s + t->offset;
    const char *expect = NULL;
    switch (t->kind) {
    case TEXT:
        *(const char **)(void *)field = v;
        return 0;
    case SWITCH:
        *(int *)(void *)field = 1;
        return 0;
    case SCOPE:
        if (one_of(v, "all", "sensor", &s->by_sensor) == 0) return 0;
        expect = "expected all or sensor";
        break;
    case UNIT:
        if (one_of(v, "s", "ms", &s->time_unit_ms) == 0) return 0;
        expect = "expected s or ms";
        break;
    case COMPRESSION:
        if (codec_from_name(v, &s->compression) == 0) return 0;
        expect = "expected snappy, zstd, gzip or none";
        break;
    case WINDOW:
        if (parse_seconds(v, 1, &s->window_s) == 0 && 3600 % s->window_s == 0) return 0;
        expect = "expected seconds that divide 3600 (1, 2, ..., 60, ..., 3600)";
        break;
    case SECONDS:
    case POSITIVE:
        if (parse_seconds(v, t->kind == POSITIVE, (int64_t *)(void *)field) == 0) return 0;
        expect = t->kind == POSITIVE ? "expected whole seconds, at least 1" : "expected whole seconds";
        break;
    case START: {
        int32_t nsec;
        if (strcmp(v, "trim_horizon") == 0)
            s->start = START_TRIM_HORIZON;
        else if (strcmp(v, "latest") == 0)
            s->start = START_LATEST;
        else if (strncmp(v, "at:", 3) == 0 &&
                 rfc3339_parse(v + 3, strlen(v + 3), &s->start_at_ms, &nsec) == 0) {
            s->start = START_AT;
            s->start_at_ms = s->start_at_ms * 1000 + nsec / 1000000;
        } else {
            expect = "expected trim_horizon, latest or at:<RFC 3339 time>";
            break;
        }
        return 0;
    }
    }
    buf_printf(err, "%s%s%s: %s", name, sep, v, expect);
    return -1;
}

int settings_parse(settings *s, int argc, char **argv, buf *err)
{
    memset(s, 0, sizeof *s);
    s->prefix = "";
    s->window_s = 3600;
    s->lateness_s = 300;
    s->idle_s = 30;
    s->compression = CODEC_SNAPPY;
    s->checkpoint_every_s = 10;
    s->log_every_s = 10;
    unsigned char given[NSETTINGS] = {0};
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i], *eq = strchr(arg, '=');
        size_t len = eq ? (size_t)(eq - arg) : strlen(arg);
        const setting *t = NULL;
        for (size_t k = 0; k < NSETTINGS && !t; k++)
            if (strlen(table[k].flag) == len && strncmp(table[k].flag, arg, len) == 0) t = &table[k];
        if (!t) {
            buf_printf(err, "%s: unknown option (see --help)", arg);
            return -1;
        }
        const char *v = NULL;
        if (t->kind == SWITCH) {
            if (eq) {
                buf_printf(err, "%.*s takes no value", (int)len, arg);
                return -1;
            }
        } else if (eq) {
            v = eq + 1;
        } else if (i + 1 < argc) {
            v = argv[++i];
        } else {
            buf_printf(err, "%s: missing value", arg);
            return -1;
        }
        buf name = {0};
        buf_add(&name, arg, len);
        int rc = apply(s, t, v, name.data, " ", err);
        buf_free(&name);
        if (rc) return -1;
        given[t - table] = 1;
    }
    for (size_t k = 0; k < NSETTINGS; k++) {
        const char *v = table[k].env ? getenv(table[k].env) : NULL;
        if (given[k] || !v) continue;
        if (apply(s, &table[k], v, table[k].env, "=", err)) return -1;
    }
    return 0;
}
