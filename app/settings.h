/* The settings of SEMANTICS.md ("Settings"): flags for replay and local use, ETL_* environment
 * variables for the compute; a flag wins over its variable. */
#ifndef ETL_APP_SETTINGS_H
#define ETL_APP_SETTINGS_H

#include <stdint.h>

#include "base/buf.h"
#include "codec.h"

typedef enum settings_start { START_TRIM_HORIZON, START_LATEST, START_AT } settings_start;

typedef struct settings {
    const char *input, *output;  /* replay mode */
    const char *stream, *bucket; /* stream mode */
    const char *prefix;
    int by_sensor;
    int64_t window_s, lateness_s, idle_s;
    int time_unit_ms;
    codec compression;
    settings_start start;
    int64_t start_at_ms; /* START_AT */
    int64_t checkpoint_every_s, log_every_s;
    int help, version;
} settings;

/* Reads argv and then the environment (getenv) into s: 0, or -1 with a message in err naming the flag
 * or variable and what it expects. Strings point into argv or the environment. */
int settings_parse(settings *s, int argc, char **argv, buf *err);

#endif
