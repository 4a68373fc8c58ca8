/* etlctl's entry point: the table of commands and nothing more (see src/cmd/). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "local/cloud.h"

static const struct command {
    const char *name;
    int (*fn)(int argc, char **argv);
    const char *summary;
} commands[] = {
    {"synth", cmd_synth, "turn stack files into CloudFormation templates"},
    {"local", cmd_local, "run the whole cloud on this machine (up, down, status)"},
    {"doctor", cmd_doctor, "check the AWS credentials, region and endpoints"},
    {"bootstrap", cmd_bootstrap, "make the assets bucket deploy uploads the app to"},
    {"deploy", cmd_deploy, "create or update a stack, with the app, showing the changes and progress"},
    {"diff", cmd_diff, "show what deploy would change"},
    {"destroy", cmd_destroy, "delete a stack (emptying the buckets it deletes)"},
    {"produce", cmd_produce, "send readings (a file, or generated) to a stack's stream"},
    {"results", cmd_results, "print the hourly results a stack's app wrote"},
    {NULL, NULL, NULL},
};

static void usage(FILE *out)
{
    fprintf(out, "usage: etlctl [--help] [--version] [--local] <command> [<args>]\n\ncommands:\n");
    for (size_t i = 0; commands[i].name; i++)
        fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].summary);
    fprintf(out, "\n'etlctl <command> --help' tells more about a command.\n");
}

/* `--local` (or ETLCTL_LOCAL=1): every command talks to the local cloud, through the same endpoint and
 * credential variables an AWS client reads, so no command knows the difference. */
static int use_local(void)
{
    char dir[4096], err[1024];
    if (cloud_state_dir(NULL, dir, sizeof dir) != 0 || cloud_use(dir, err, sizeof err) != 0) {
        fprintf(stderr, "etlctl: --local: %s\n", err);
        return -1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    const char *env_local = getenv("ETLCTL_LOCAL");
    int local = env_local && strcmp(env_local, "1") == 0;
    while (argc > 1 && strcmp(argv[1], "--local") == 0) {
        local = 1;
        argv[1] = argv[0];
        argv++;
        argc--;
    }
    if (argc < 2) {
        usage(stderr);
        return EXIT_USAGE;
    }
    const char *name = argv[1];
    if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0 || strcmp(name, "help") == 0) {
        usage(stdout);
        return EXIT_OK;
    }
    if (strcmp(name, "--version") == 0 || strcmp(name, "version") == 0) {
        printf("etlctl %s\n", ETLCTL_VERSION);
        return EXIT_OK;
    }
    if (local && strcmp(name, "local") != 0 && use_local() != 0) return EXIT_FAIL;
    for (size_t i = 0; commands[i].name; i++)
        if (strcmp(name, commands[i].name) == 0) return commands[i].fn(argc - 1, argv + 1);
    fprintf(stderr, "etlctl: '%s' is not a command; see 'etlctl --help'\n", name);
    return EXIT_USAGE;
}
