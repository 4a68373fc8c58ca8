/* The shared AWS configuration files: ~/.aws/credentials ([name] sections) and ~/.aws/config
 * ([profile name], and [default]); AWS_SHARED_CREDENTIALS_FILE and AWS_CONFIG_FILE move them.
 * A key of a profile is looked up in the credentials file first, then in the config file. */
#ifndef ETL_AWS_PROFILE_H
#define ETL_AWS_PROFILE_H

#include "aws/aws_error.h"

typedef struct aws_profiles aws_profiles;

/* Reads both files (a missing file is an empty one). A line that is neither a section, a key = value,
 * a comment nor a sub-property of a key is an "InvalidConfig" error naming file:line. */
aws_error *aws_profiles_load(aws_profiles **out);

/* The value of key in profile name, or NULL. The pointer lives as long as p. */
const char *aws_profile_get(const aws_profiles *p, const char *name, const char *key);
/* 1 when either file has a section for the profile. */
int aws_profile_exists(const aws_profiles *p, const char *name);
/* Where the value came from: the path of the file it was read from (for `doctor`), or NULL. */
const char *aws_profile_origin(const aws_profiles *p, const char *name, const char *key);

/* The profile in use: the one given, else AWS_PROFILE, else "default". */
const char *aws_profile_name(const char *given);

void aws_profiles_free(aws_profiles *p);

#endif
