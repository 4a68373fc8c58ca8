/* Keeps secrets out of every line the library prints or logs: the credential code registers each
 * secret it loads, and aws_redact() masks any registered secret in a string before it leaves. */
#ifndef ETL_AWS_REDACT_H
#define ETL_AWS_REDACT_H

#include <stddef.h>

/* Remembers s (secret access keys, session tokens, authorization tokens) for masking. Thread-safe;
 * strings shorter than 8 bytes are ignored (they cannot be told from ordinary words). */
void aws_redact_register(const char *s);

/* Replaces, in place, every occurrence of a registered secret in s[0..n) by '*'. */
void aws_redact(char *s, size_t n);

#endif
