/* The local cloud as a set of processes: kinesalite and s3rver (Node.js, from the peers directory)
 * and etlctl's own CloudFormation endpoint, each on a free loopback port, with their ports and PIDs
 * recorded in <state>/cloud.json. Data stays in the state directory across up/down:
 *   <state>/kinesis/  kinesalite's LevelDB     <state>/s3/  s3rver's files
 *   <state>/cloudformation/  stacks.json, access-keys.json, port, apps/ (local processes)
 *   <state>/logs/  one log per service */
#ifndef ETL_LOCAL_CLOUD_H
#define ETL_LOCAL_CLOUD_H

#include <stddef.h>
#include <stdio.h>

/* The state directory: opt, else $ETLCTL_STATE, else $XDG_STATE_HOME/etlctl, else
 * ~/.local/state/etlctl. 0, or -1 when none can be found. */
int cloud_state_dir(const char *opt, char *out, size_t n);
/* Starts what is not running, waits until all three answer, records them; prints the status.
 * A cloud already running is reused. 0 or -1 with err. */
int cloud_up(const char *dir, FILE *out, char *err, size_t errlen);
/* Stops the endpoint (which stops its local processes) and both peers, by PID and process group.
 * 0 or -1 with err. */
int cloud_down(const char *dir, char *err, size_t errlen);
/* Prints "<service> <url> pid <pid>" per running service. 0 when all three run, else 1. */
int cloud_status(const char *dir, FILE *out);
/* Points this process at the local cloud: AWS_ENDPOINT_URL_{CLOUDFORMATION,S3,KINESIS,STS} (STS is
 * the CloudFormation endpoint, which answers GetCallerIdentity), the dummy
 * credentials s3rver accepts, and the region. 0, or -1 with err when the cloud is not running. */
int cloud_use(const char *dir, char *err, size_t errlen);

#endif
