/* A sink writing each object as a file under a directory (the replay output), key = relative path. */
#ifndef ETL_APP_SINK_DIR_H
#define ETL_APP_SINK_DIR_H

#include "sink.h"

/* A sink into dir (created when missing); NULL with a message in err. Free with sink_free(). */
sink *sink_dir_new(const char *dir, buf *err);

#endif
