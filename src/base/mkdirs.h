/* Creating directories with their missing parents (mkdir -p), for whatever writes into a tree: the
 * app's directory sink, `etlctl synth -o`. */
#ifndef ETL_BASE_MKDIRS_H
#define ETL_BASE_MKDIRS_H

/* Creates every directory leading to the last '/' of path (the parents of a file to come); path is
 * changed while it works and restored. 0, or -1 with errno. A component that exists is fine, whatever
 * it is: opening what is beneath it then reports the problem. */
int mkdirs_parents(char *path);

/* Creates dir and its missing parents (mode 0777 less the umask). 0, or -1 with errno. */
int mkdirs(const char *dir);

#endif
