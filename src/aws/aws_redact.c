/* The secret registry behind aws_redact.h: a small fixed table of copies of the secrets in use,
 * masked wherever a line is formatted for output (errors, request log, debug trace). */
#include "aws/aws_redact.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

enum { MAX_SECRETS = 64 };

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static char *secrets[MAX_SECRETS];
static int n_secrets;
static int next_slot; /* when full, the oldest secret is replaced (expired credentials) */

void aws_redact_register(const char *s)
{
    if (!s || strlen(s) < 8) return;
    pthread_mutex_lock(&lock);
    for (int i = 0; i < n_secrets; i++)
        if (strcmp(secrets[i], s) == 0) goto out;
    char *copy = strdup(s);
    if (!copy) goto out;
    if (n_secrets < MAX_SECRETS) {
        secrets[n_secrets++] = copy;
    } else {
        free(secrets[next_slot]);
        secrets[next_slot] = copy;
        next_slot = (next_slot + 1) % MAX_SECRETS;
    }
out:
    pthread_mutex_unlock(&lock);
}

void aws_redact(char *s, size_t n)
{
    pthread_mutex_lock(&lock);
    for (int i = 0; i < n_secrets; i++) {
        size_t len = strlen(secrets[i]);
        for (size_t at = 0; at + len <= n; at++)
            if (s[at] == secrets[i][0] && memcmp(s + at, secrets[i], len) == 0) {
                memset(s + at, '*', len);
                at += len - 1;
            }
    }
    pthread_mutex_unlock(&lock);
}
