/* Readings from a file or the generator (readings.h). */
#include "produce/readings.h"

#include <json-c/json.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void add(readings *r, const char *text, size_t len, const char *key)
{
    if (r->n == r->cap) {
        r->cap = r->cap ? 2 * r->cap : 1024;
        if (!(r->off = realloc(r->off, r->cap * sizeof *r->off)) || !(r->key = realloc(r->key, r->cap * sizeof *r->key)))
            abort();
    }
    r->off[r->n] = r->text.len;
    buf_add(&r->text, text, len);
    buf_addc(&r->text, 0);
    r->key[r->n] = r->text.len;
    buf_adds(&r->text, key);
    buf_addc(&r->text, 0);
    r->n++;
}

/* splitmix64: small, good enough for test data, the same everywhere. */
static uint64_t next_u64(uint64_t *s)
{
    uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static double uniform(uint64_t *s)
{
    return (next_u64(s) >> 11) * (1.0 / 9007199254740992.0);
}

static double gaussian(uint64_t *s)
{
    double u = uniform(s), v = uniform(s);
    return sqrt(-2.0 * log(u > 0 ? u : 1e-300)) * cos(2 * M_PI * v);
}

void readings_generate(const readings_gen_opts *o, readings *out)
{
    uint64_t s = o->seed;
    int64_t span = (int64_t)(o->hours * 3600);
    for (int64_t t = 0; t < span; t += o->every)
        for (int id = 1; id <= o->sensors; id++) {
            double base = 18.0 + (id % 7) * 0.8;
            double daily = 3.0 * sin(2 * M_PI * (double)((o->start + t) % 86400) / 86400.0);
            double temp = base + daily + o->noise * gaussian(&s);
            if (uniform(&s) < o->outliers) temp += (uniform(&s) < 0.5 ? -1 : 1) * (15 + 25 * uniform(&s));
            char line[128], key[24];
            int n = snprintf(line, sizeof line, "{\"timestamp\": %lld, \"sensor-id\": %d, \"temperature\": %.2f}",
                             (long long)(o->start + t), id, temp);
            snprintf(key, sizeof key, "%d", id);
            add(out, line, (size_t)n, key);
        }
}

int readings_load(const char *path, readings *out, buf *err)
{
    buf b = {0};
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (!f) {
        buf_printf(err, "%s: cannot open", path);
        return -1;
    }
    char chunk[65536];
    size_t got;
    while ((got = fread(chunk, 1, sizeof chunk, f)) > 0) buf_add(&b, chunk, got);
    if (f != stdin) fclose(f);
    const char *p = b.data ? b.data : "";
    while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') p++;
    char key[24];
    if (*p == '[') {
        json_tokener *tok = json_tokener_new();
        json_object *arr = json_tokener_parse_ex(tok, p, (int)(b.len - (size_t)(p - b.data)));
        enum json_tokener_error jerr = json_tokener_get_error(tok);
        json_tokener_free(tok);
        if (!arr || jerr != json_tokener_success || !json_object_is_type(arr, json_type_array)) {
            buf_printf(err, "%s: not a JSON array of readings (%s)", path, json_tokener_error_desc(jerr));
            json_object_put(arr);
            buf_free(&b);
            return -1;
        }
        for (size_t i = 0; i < json_object_array_length(arr); i++) {
            const char *s = json_object_to_json_string_ext(json_object_array_get_idx(arr, i), JSON_C_TO_STRING_PLAIN);
            snprintf(key, sizeof key, "%zu", i % 256);
            add(out, s, strlen(s), key);
        }
        json_object_put(arr);
    } else {
        for (size_t i = 0; *p;) {
            const char *nl = strchr(p, '\n');
            size_t len = nl ? (size_t)(nl - p) : strlen(p);
            size_t l = len;
            while (l && (p[l - 1] == '\r' || p[l - 1] == ' ' || p[l - 1] == '\t')) l--;
            if (l) {
                snprintf(key, sizeof key, "%zu", i++ % 256);
                add(out, p, l, key);
            }
            p += len + (nl ? 1 : 0);
        }
    }
    buf_free(&b);
    return 0;
}

const char *readings_at(const readings *r, size_t i)
{
    return r->text.data + r->off[i];
}

const char *readings_key(const readings *r, size_t i)
{
    return r->text.data + r->key[i];
}

void readings_free(readings *r)
{
    buf_free(&r->text);
    free(r->off);
    free(r->key);
    memset(r, 0, sizeof *r);
}
