/* The AWS Query protocol's request body: application/x-www-form-urlencoded pairs such as
 * `Action=CreateStack&Parameters.member.1.ParameterKey=Env`, decoded once and looked up by name. */
#ifndef ETL_LOCAL_FORM_H
#define ETL_LOCAL_FORM_H

#include <stddef.h>

/* Invariant: names and values are decoded, NUL-terminated, and owned by the query; n <= cap. */
struct form {
    char **names;
    char **values;
    size_t n, cap;
};

/* Decodes body[0..len) (`+` is a space, %XX a byte). Returns 0, or -1 on a malformed escape
 * (the query then holds the pairs before it). */
int form_parse(struct form *q, const char *body, size_t len);
/* The value of the last pair named name, or NULL. */
const char *form_get(const struct form *q, const char *name);
/* form_get() of a name built with printf. */
const char *form_getf(const struct form *q, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* "true" (any case) is true; absent or anything else is false. */
int form_bool(const struct form *q, const char *name);
/* How many members a list has: the largest N such that "<prefix>.member.N" or "<prefix>.member.N.*"
 * is present, counting 1, 2, ... without gaps. */
size_t form_members(const struct form *q, const char *prefix);
void form_free(struct form *q);

#endif
