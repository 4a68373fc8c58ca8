/* The one confirmation prompt of deploy and destroy (confirm.h). */
#include "deploy/confirm.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

int confirm(const char *cmd, const char *question, int yes)
{
    if (yes) return 1;
    if (!isatty(STDIN_FILENO)) {
        fprintf(stderr, "etlctl %s: %s needs confirmation: run again with --yes\n", cmd, question);
        return -1;
    }
    fprintf(stderr, "%s [y/N] ", question);
    fflush(stderr);
    char line[32];
    if (!fgets(line, sizeof line, stdin)) return 0;
    return strcmp(line, "y\n") == 0 || strcmp(line, "yes\n") == 0 || strcmp(line, "Y\n") == 0;
}
