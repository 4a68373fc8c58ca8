/* The common AWS flags of aws_flags.h. */
#include "cli/aws_flags.h"

#include <stdio.h>
#include <string.h>

const char AWS_FLAGS_HELP[] =
    "  --profile NAME       AWS profile (else AWS_PROFILE, else default)\n"
    "  --region NAME        AWS region (else AWS_REGION, AWS_DEFAULT_REGION, the profile)\n"
    "  --endpoint-url URL   send every AWS request there (a local cloud)\n";

int aws_flags_take(int *argc, char **argv, aws_options *o)
{
    static const char *names[] = {"--profile", "--region", "--endpoint-url"};
    int out = 1;
    for (int i = 1; i < *argc; i++) {
        int which = -1;
        const char *value = NULL;
        for (int k = 0; k < 3; k++) {
            size_t n = strlen(names[k]);
            if (strcmp(argv[i], names[k]) == 0) {
                which = k;
                if (i + 1 >= *argc || !argv[i + 1][0]) {
                    fprintf(stderr, "etlctl %s: %s needs a value\n", argv[0], names[k]);
                    return -1;
                }
                value = argv[++i];
            } else if (strncmp(argv[i], names[k], n) == 0 && argv[i][n] == '=') {
                which = k;
                value = argv[i] + n + 1;
                if (!*value) {
                    fprintf(stderr, "etlctl %s: %s needs a value\n", argv[0], names[k]);
                    return -1;
                }
            }
            if (which >= 0) break;
        }
        if (which == 0)
            o->profile = value;
        else if (which == 1)
            o->region = value;
        else if (which == 2)
            o->endpoint_url = value;
        else
            argv[out++] = argv[i];
    }
    *argc = out;
    argv[out] = NULL;
    return 0;
}
