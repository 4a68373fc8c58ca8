/* The counters of SEMANTICS.md ("Counters"): at any moment in = kept + filtered + error + late + pending.
 * Plain integers, so that a checkpoint can carry them as they are. */
#ifndef ETL_APP_COUNTERS_H
#define ETL_APP_COUNTERS_H

#include <stdint.h>

#include "base/buf.h"

typedef struct counters {
    uint64_t in, kept, filtered, error, late, pending;
} counters;

/* Appends "in=N kept=N filtered=N error=N late=N pending=N". */
void counters_format(const counters *c, buf *out);
/* 1 when in = kept + filtered + error + late + pending. */
int counters_balanced(const counters *c);

#endif
