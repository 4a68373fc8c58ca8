/* A replay file as a source (SEMANTICS.md: NDJSON, or a JSON array of readings; "-" is stdin). */
#ifndef ETL_APP_SOURCE_FILE_H
#define ETL_APP_SOURCE_FILE_H

#include "source.h"

/* Opens path ("-": stdin); NULL with a message in err. Free with source_free(). */
source *source_file_open(const char *path, buf *err);

#endif
