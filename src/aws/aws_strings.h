/* A growable list of owned strings: names of buckets, streams. */
#ifndef ETL_AWS_STRINGS_H
#define ETL_AWS_STRINGS_H

#include <stddef.h>

typedef struct aws_strings {
    char **v;
    size_t n, cap;
} aws_strings;

void aws_strings_add(aws_strings *l, const char *s);
/* 1 when s is in the list. */
int aws_strings_has(const aws_strings *l, const char *s);
void aws_strings_free(aws_strings *l);

#endif
