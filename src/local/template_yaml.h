/* YAML templates: the YAML form of a CloudFormation template, short-form tags included (!Ref, !Sub,
 * !GetAtt a.b, !If, ...), read into the same JSON value its JSON form gives. */
#ifndef ETL_LOCAL_TEMPLATE_YAML_H
#define ETL_LOCAL_TEMPLATE_YAML_H

#include <json-c/json.h>
#include <stddef.h>

/* Reads body[0..len) as YAML into *out (a new value). 0, or -1 with CloudFormation's words in err
 * ("Template format error: YAML not well-formed. (line L, column C)"). */
int template_yaml(const char *body, size_t len, json_object **out, char *err, size_t errlen);

#endif
