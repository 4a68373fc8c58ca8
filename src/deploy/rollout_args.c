/* Options of deploy and diff (rollout_args.h). */
#include "deploy/rollout_args.h"

#include <stdio.h>
#include <string.h>

#include "cli/aws_flags.h"
#include "cmd/cmd.h"

static void usage(const char *cmd, FILE *f)
{
    int deploy = strcmp(cmd, "deploy") == 0;
    fprintf(f, "usage: etlctl %s STACK.yaml [options]\n\n", cmd);
    fprintf(f, deploy ? "Synthesizes the stack, packages etl-app into the assets bucket, shows the change set and runs it\n"
                        "with progress; asks before IAM permissions are added or widened and before a bucket or stream\n"
                        "is replaced or removed. Prints the stack's outputs at the end.\n\n"
                      : "Shows what deploy would change (a change set made, printed and deleted).\n\n");
    fprintf(f, "  --stack-name NAME    deploy under this name instead of the file's `stack:`\n"
               "  --templates DIR      look for constructs here first\n"
               "  --app PATH           the etl-app binary to package (default: the one built beside etlctl)\n"
               "  --parameter K=V      a template parameter (repeatable)\n");
    if (deploy)
        fprintf(f, "  --yes                do not ask (needed without a terminal when approval is needed)\n"
                   "  --force              make a change set even when nothing changed\n"
                   "  --outputs-file FILE  write the stack's outputs as JSON\n");
    fprintf(f, "%s", AWS_FLAGS_HELP);
}

static int bad(const char *cmd, const char *what, const char *arg)
{
    fprintf(stderr, "etlctl %s: %s '%s' (see etlctl %s --help)\n", cmd, what, arg, cmd);
    return EXIT_USAGE;
}

int rollout_args_parse(const char *cmd, int argc, char **argv, rollout_args *a)
{
    memset(a, 0, sizeof *a);
    rollout_opts *o = &a->opts;
    if (aws_flags_take(&argc, argv, &o->aws) != 0) return EXIT_USAGE;
    int deploy = strcmp(cmd, "deploy") == 0;
    for (int i = 1; i < argc; i++) {
        const char *s = argv[i];
        const char *next = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(s, "--help") == 0 || strcmp(s, "-h") == 0) {
            usage(cmd, stdout);
            return EXIT_OK;
        } else if (deploy && (strcmp(s, "--yes") == 0 || strcmp(s, "-y") == 0)) o->yes = 1;
        else if (deploy && strcmp(s, "--force") == 0) o->force = 1;
        else if (strcmp(s, "--stack-name") == 0 || strcmp(s, "--templates") == 0 || strcmp(s, "--app") == 0 ||
                 strcmp(s, "--parameter") == 0 || (deploy && strcmp(s, "--outputs-file") == 0)) {
            if (!next) return bad(cmd, "a value is missing after", s);
            i++;
            if (strcmp(s, "--stack-name") == 0) o->stack_name = next;
            else if (strcmp(s, "--templates") == 0) o->templates_dir = next;
            else if (strcmp(s, "--app") == 0) o->app = next;
            else if (strcmp(s, "--outputs-file") == 0) o->outputs_file = next;
            else {
                char *eq = strchr(argv[i], '=');
                if (!eq || eq == argv[i]) return bad(cmd, "--parameter takes KEY=VALUE, not", next);
                if (o->nparameters == ROLLOUT_MAX_PARAMS) return bad(cmd, "too many parameters at", next);
                *eq = 0;
                a->params[o->nparameters++] = (cfn_kv){argv[i], eq + 1};
            }
        } else if (s[0] == '-') return bad(cmd, "unknown option", s);
        else if (o->stack_file) return bad(cmd, "one stack file at a time; unexpected", s);
        else o->stack_file = s;
    }
    if (!o->stack_file) {
        usage(cmd, stderr);
        return EXIT_USAGE;
    }
    o->parameters = a->params;
    return -1;
}
