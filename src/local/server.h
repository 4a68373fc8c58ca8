/* The local CloudFormation endpoint: an HTTP server (libmicrohttpd) on 127.0.0.1 that answers the
 * Query API from the stacks kept in a state directory, and the engine that applies them. */
#ifndef ETL_LOCAL_SERVER_H
#define ETL_LOCAL_SERVER_H

#include <signal.h>

/* Serves until *stop becomes nonzero (a signal handler sets it). dir holds stacks.json and
 * access-keys.json (keys whose requests get InvalidClientTokenId, ExpiredToken or AccessDenied).
 * port 0 picks a free one; the port bound is written to dir/port once the server listens.
 * Returns 0 after a clean stop, -1 with a message on stderr. */
int server_run(const char *dir, int port, volatile sig_atomic_t *stop);

#endif
