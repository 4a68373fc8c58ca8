/* AWS::AutoScaling::AutoScalingGroup in the local cloud: the group's one instance is a local process
 * running etl-app from the artifact, with the environment of its launch template's Etlctl::App
 * Metadata plus the local endpoints and credentials. */
#ifndef ETL_LOCAL_PROV_ASG_H
#define ETL_LOCAL_PROV_ASG_H

#include <json-c/json.h>

/* Starts again the processes of every group of every live stack (an endpoint restart). */
void asg_resume_all(json_object *stacks);

#endif
