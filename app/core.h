/* The computing core of etl-app: readings (already parsed) go to windows, late/ or errors/; windows
 * are emitted as hourly Parquet objects when the watermarks allow (SEMANTICS.md). The objects it writes
 * depend only on the readings and their order within each source: wall time only decides when.
 * Its state is plain data for a checkpoint (after ingest_flush()): windows (start, and per group the
 * sensor, its temperatures and what was last emitted), watermarks (name, max event time, idle),
 * counters, and the late/errors lines not yet written (or write them first with line_batches_flush()). */
#ifndef ETL_APP_CORE_H
#define ETL_APP_CORE_H

#include <stddef.h>
#include <stdint.h>

#include "codec.h"
#include "counters.h"
#include "line_batch.h"
#include "reading.h"
#include "sink.h"
#include "watermark.h"
#include "window.h"

typedef struct core_config {
    int by_sensor;     /* scope sensor (else all) */
    int64_t window_ms; /* divides one hour */
    int64_t lateness_ms;
    int64_t idle_s; /* a source without readings for this long is idle */
    codec codec;
    const char *prefix; /* of every key; "" for none */
    const char *writer; /* "0" */
} core_config;

/* Where a reading came from: a fixed position (a sequence number) or, when fixed is NULL, a line. */
typedef struct core_position {
    const char *fixed;
    uint64_t line;
} core_position;

typedef struct core {
    core_config cfg;
    window_set windows;
    watermarks marks;
    counters count;
    line_batches late, errors;
    int64_t last_start_ms; /* the window of the previous reading (INT64_MIN: none), to skip a division */
    int64_t next_due_ms;   /* the smallest end of a window with pending readings (INT64_MAX: none) */
    int64_t now_s;         /* the wall clock, for the date of errors/ objects; set by the caller */
    sink *out;             /* not owned */
} core;

void core_init(core *c, const core_config *cfg, sink *out);
/* A reading of the source: counted and put in its window, or in late/. */
void core_reading(core *c, size_t src, core_position pos, const reading *r, const char *text, size_t n);
/* A reading that broke a rule: counted and put in errors/. */
void core_error(core *c, size_t src, core_position pos, reading_status st, const char *text, size_t n);
/* The index of a source (a shard id, "replay"), registered when new; parent: see watermarks_source(). */
size_t core_source(core *c, const char *name, long parent);
/* Marks idle sources (idle_s without a reading by now_s), emits the windows the watermarks close, and
 * writes the sealed batches of late/errors lines: 0, or -1. */
int core_advance(core *c, buf *err);
/* Every source is idle (the end of a replay): emits every open window, writes every line: 0, or -1. */
int core_finish(core *c, buf *err);
void core_free(core *c);

#endif
