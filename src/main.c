/* etlctl's entry point: the table of commands and nothing more (see src/cmd/). */
#include <stdio.h>
#include <string.h>

#include "cmd/cmd.h"

static const struct command {
    const char *name;
    int (*fn)(int argc, char **argv);
    const char *summary;
} commands[] = {
    {"doctor", cmd_doctor, "check the AWS credentials, region and endpoints"},
    {"synth", cmd_synth, "turn stack files into CloudFormation templates"},
    {NULL, NULL, NULL},
};

static void usage(FILE *out)
{
    fprintf(out, "usage: etlctl [--help] [--version] <command> [<args>]\n\ncommands:\n");
    for (size_t i = 0; commands[i].name; i++)
        fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].summary);
    fprintf(out, "\n'etlctl <command> --help' tells more about a command.\n");
}

int main(int argc, char **argv)
{
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
    for (size_t i = 0; commands[i].name; i++)
        if (strcmp(name, commands[i].name) == 0) return commands[i].fn(argc - 1, argv + 1);
    fprintf(stderr, "etlctl: '%s' is not a command; see 'etlctl --help'\n", name);
    return EXIT_USAGE;
}
