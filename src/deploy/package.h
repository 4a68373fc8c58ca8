/* The artifact deploy uploads: the built etl-app and its systemd unit, found beside etlctl (the build
 * tree or an installation) or where the user says, packed by artifact.h. */
#ifndef ETL_DEPLOY_PACKAGE_H
#define ETL_DEPLOY_PACKAGE_H

#include <stddef.h>

#include "base/buf.h"

/* Where the app is: app_opt (--app), else $ETLCTL_APP, else etl-app-static beside the running etlctl
 * (the build for Amazon Linux 2023, `make check` builds it), else etl-app beside it, else
 * ../share/etlctl/etl-app beside it, else ETLCTL_SHAREDIR/etl-app. The unit: app/systemd/etl-app.service
 * of the source tree etlctl runs from, else etl-app.service in those share directories.
 * 0, or -1 with what was looked for in err. */
int package_locate(const char *app_opt, char *app, char *unit, size_t n, buf *err);

/* Packs app and unit into a new temporary file (path: 4096 bytes; the caller unlinks it) and gives its
 * SHA-256. 0, or -1 with err. */
int package_build(const char *app, const char *unit, char *path, char sha256_hex[65], buf *err);

/* The object key of an artifact: "etl-app/<sha256>.tar.gz". */
void package_key(const char *sha256_hex, char *key, size_t n);

#endif
