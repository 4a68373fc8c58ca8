/* The app an Auto Scaling group runs locally: its artifact (a tar.gz holding etl-app, as the deploy
 * packages it) fetched from S3, checked against its SHA-256 and unpacked, as the user data does on an
 * EC2 instance. */
#ifndef ETL_LOCAL_INSTANCE_H
#define ETL_LOCAL_INSTANCE_H

#include <stddef.h>

#include "aws/aws_client.h"

/* Fetches s3://bucket/key to dir/artifact.tar.gz, requires its SHA-256 to be sha256 (hex), and unpacks
 * the member named etl-app (at any depth) to dir/bin/etl-app, mode 0755. The path goes to bin.
 * 0, or -1 with the reason in err. */
int instance_install(aws_client *cl, const char *bucket, const char *key, const char *sha256, const char *dir, char *bin,
                     size_t binlen, char *err, size_t errlen);

#endif
