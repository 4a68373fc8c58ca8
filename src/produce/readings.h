/* Where `etlctl produce` gets readings: a file (NDJSON, or a JSON array such as the original project's
 * data.json), or a generator of sensor readings (SEMANTICS.md's format) that is deterministic for a
 * seed: temperatures around a per-sensor base with a daily swing, Gaussian noise, and a fraction of
 * outliers far off. */
#ifndef ETL_PRODUCE_READINGS_H
#define ETL_PRODUCE_READINGS_H

#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"

typedef struct readings_gen_opts {
    int sensors;          /* sensor ids 1..sensors */
    int64_t start;        /* event time of the first reading, Unix seconds */
    double hours;         /* event time covered */
    int every;            /* seconds of event time between two readings of one sensor */
    double noise;         /* standard deviation, degrees */
    double outliers;      /* fraction of readings that are outliers, 0..1 */
    uint64_t seed;
} readings_gen_opts;

/* Invariant: text holds n readings, each NUL-terminated, at offsets off[0..n); keys[i] is its
 * partition key (offset into text). */
typedef struct readings {
    buf text;
    size_t *off, *key;
    size_t n, cap;
} readings;

/* Generates every reading of o, in event-time order. */
void readings_generate(const readings_gen_opts *o, readings *out);
/* Reads a file (or "-" for stdin): a JSON array of readings, else one reading per non-blank line.
 * 0, or -1 with err. */
int readings_load(const char *path, readings *out, buf *err);
const char *readings_at(const readings *r, size_t i);
const char *readings_key(const readings *r, size_t i);
void readings_free(readings *r);

#endif
