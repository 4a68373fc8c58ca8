/* The deployable artifact: the built etl-app and its systemd unit packed as a deterministic tar.gz
 * (libarchive). The same files give the same bytes and the same SHA-256, whatever their times or owners
 * on disk, so a deploy can tell an unchanged app from a changed one by the hash alone. */
#ifndef ETL_DEPLOY_ARTIFACT_H
#define ETL_DEPLOY_ARTIFACT_H

#include <stddef.h>

#include "base/buf.h"

/* Every member of the archive lives under this directory; nothing else is ever packaged. */
#define ARTIFACT_ROOT "app/"

/* One file to package: its name inside ARTIFACT_ROOT ("bin/etl-app") and the regular file it is read from. */
struct artifact_file {
    const char *name;
    const char *source;
};

/* Writes the archive of files[0..n) to out_path and stores its SHA-256 as 64 hex digits in sha256_hex.
 * Entries are sorted by name and carry fixed times, owner root:root and mode 0755 (executable source)
 * or 0644. A name that is absolute, empty, has "." or ".." components or repeats another, or a source
 * that is not a regular file (a symlink, a directory) is refused. Returns 0, or -1 with the reason in err. */
int artifact_write(const char *out_path, const struct artifact_file *files, size_t n, char sha256_hex[65],
                   buf *err);

/* The SHA-256 of a file as 64 lowercase hex digits. Returns 0, or -1 with the reason in err. */
int artifact_sha256_file(const char *path, char sha256_hex[65], buf *err);

#endif
