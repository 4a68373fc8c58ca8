/* `etlctl destroy STACK`: the stack deleted with progress after a confirmation (src/deploy/teardown.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/aws_flags.h"
#include "cmd/cmd.h"
#include "deploy/stack_ref.h"
#include "deploy/teardown.h"

static void usage(FILE *f)
{
    fprintf(f, "usage: etlctl destroy STACK|STACK.yaml [--yes]\n\n"
               "Deletes the stack. Buckets marked `on_destroy: delete` are emptied (every version and delete\n"
               "marker) once the compute has stopped; retained resources are named. Asks first; --yes\n"
               "answers for you (needed without a terminal). A stack that does not exist is not an error.\n\n%s",
            AWS_FLAGS_HELP);
}

int cmd_destroy(int argc, char **argv)
{
    aws_options o = {0};
    if (aws_flags_take(&argc, argv, &o) != 0) return EXIT_USAGE;
    int yes = 0;
    const char *ref = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            usage(stdout);
            return EXIT_OK;
        }
        if (strcmp(argv[i], "--yes") == 0 || strcmp(argv[i], "-y") == 0) yes = 1;
        else if (argv[i][0] == '-' || ref) {
            fprintf(stderr, "etlctl destroy: unexpected argument '%s' (see etlctl destroy --help)\n", argv[i]);
            return EXIT_USAGE;
        } else ref = argv[i];
    }
    if (!ref) {
        usage(stderr);
        return EXIT_USAGE;
    }
    char *name = stack_ref_name("destroy", ref);
    if (!name) return EXIT_USAGE;
    int rc = teardown_run(name, yes, &o);
    free(name);
    return rc;
}
