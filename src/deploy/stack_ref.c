/* Stack name or stack file (stack_ref.h). */
#include "deploy/stack_ref.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "stack/synth.h"

char *stack_ref_name(const char *cmd, const char *arg)
{
    size_t n = strlen(arg);
    struct stat sb;
    int file = (n > 5 && strcmp(arg + n - 5, ".yaml") == 0) || (n > 4 && strcmp(arg + n - 4, ".yml") == 0) ||
               strchr(arg, '/');
    if (!file || stat(arg, &sb) != 0) {
        if (file) {
            fprintf(stderr, "etlctl %s: %s: no such stack file\n", cmd, arg);
            return NULL;
        }
        char *s = strdup(arg);
        if (!s) abort();
        return s;
    }
    diag_list d = {0};
    char *name = NULL;
    char *text = synth_stack(arg, NULL, &name, NULL, &d);
    if (!text) diag_print(&d, stderr);
    diag_free(&d);
    free(text);
    return name;
}
