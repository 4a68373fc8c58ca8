/* The two metadata endpoints a machine in AWS offers for credentials:
 *   EC2 instance metadata, IMDSv2 only (a session token from PUT /latest/api/token, then GETs with
 *   it); at AWS_EC2_METADATA_SERVICE_ENDPOINT, else http://169.254.169.254; off when
 *   AWS_EC2_METADATA_DISABLED=true;
 *   the container credentials endpoint (ECS, EKS Pod Identity): AWS_CONTAINER_CREDENTIALS_RELATIVE_URI
 *   under http://169.254.170.2, or AWS_CONTAINER_CREDENTIALS_FULL_URI (https, or http to a loopback or
 *   the ECS/EKS link-local address), with the token of AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE or
 *   AWS_CONTAINER_AUTHORIZATION_TOKEN as Authorization. */
#ifndef ETL_AWS_IMDS_H
#define ETL_AWS_IMDS_H

#include <stddef.h>

#include "aws/aws_credentials.h"
#include "aws/aws_error.h"

int aws_imds_disabled(void);
/* The region of the instance (placement/region). */
aws_error *aws_imds_region(char *out, size_t n);
/* The credentials of the instance profile's role; role (n bytes) receives the role name. */
aws_error *aws_imds_credentials(aws_credentials *out, char *role, size_t n);

/* 1 when one of the container variables is set. */
int aws_container_configured(void);
/* Credentials from the container endpoint; where (n bytes) receives the URL, for `doctor`. */
aws_error *aws_container_credentials(aws_credentials *out, char *where, size_t n);

#endif
