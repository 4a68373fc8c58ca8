/* `etlctl local up|down|status`: the whole cloud on this machine (kinesalite, s3rver and the
 * CloudFormation endpoint); `etlctl local serve` is the endpoint itself, started by `up`. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "local/cloud.h"
#include "local/server.h"

static volatile sig_atomic_t stopping;

static void on_signal(int sig)
{
    (void)sig;
    stopping = 1;
}

static void usage(FILE *f)
{
    fprintf(f, "usage: etlctl local up|down|status|env [--state DIR]\n\n"
               "  up      start kinesalite, s3rver and the CloudFormation endpoint on free loopback ports\n"
               "          (reuses a running local cloud)\n"
               "  down    stop them and everything they started; data stays in the state directory\n"
               "  status  one line per service: name, URL, pid\n"
               "  env     the variables `etlctl --local` sets, as shell exports (eval \"$(etlctl local env)\")\n\n"
               "State directory: --state DIR, else $ETLCTL_STATE, else $XDG_STATE_HOME/etlctl, else\n"
               "~/.local/state/etlctl. `etlctl --local <command>` (or ETLCTL_LOCAL=1) runs any command\n"
               "against the local cloud.\n");
}

static int serve(const char *dir)
{
    struct sigaction sa = {0};
    sa.sa_handler = on_signal;
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
    return server_run(dir, 0, &stopping) == 0 ? EXIT_OK : EXIT_FAIL;
}

int cmd_local(int argc, char **argv)
{
    const char *sub = NULL, *state = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            usage(stdout);
            return EXIT_OK;
        } else if (strcmp(argv[i], "--state") == 0 && i + 1 < argc) {
            state = argv[++i];
        } else if (strncmp(argv[i], "--state=", 8) == 0) {
            state = argv[i] + 8;
        } else if (!sub && argv[i][0] != '-') {
            sub = argv[i];
        } else {
            fprintf(stderr, "etlctl local: unexpected argument '%s'\n", argv[i]);
            usage(stderr);
            return EXIT_USAGE;
        }
    }
    char dir[4096], err[1024];
    if (!sub) {
        usage(stderr);
        return EXIT_USAGE;
    }
    if (strcmp(sub, "serve") == 0) {
        if (!state) {
            fprintf(stderr, "etlctl local serve: --state DIR is required\n");
            return EXIT_USAGE;
        }
        return serve(state);
    }
    if (cloud_state_dir(state, dir, sizeof dir) != 0) {
        fprintf(stderr, "etlctl local: no state directory: set --state, ETLCTL_STATE or HOME\n");
        return EXIT_USAGE;
    }
    if (strcmp(sub, "up") == 0) {
        if (cloud_up(dir, stdout, err, sizeof err) == 0) return EXIT_OK;
    } else if (strcmp(sub, "down") == 0) {
        if (cloud_down(dir, err, sizeof err) == 0) return EXIT_OK;
    } else if (strcmp(sub, "status") == 0) {
        return cloud_status(dir, stdout) == 0 ? EXIT_OK : EXIT_FAIL;
    } else if (strcmp(sub, "env") == 0) {
        if (cloud_use(dir, err, sizeof err) == 0) {
            static const char *const vars[] = {"AWS_ENDPOINT_URL_CLOUDFORMATION", "AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL_KINESIS",
                                               "AWS_ENDPOINT_URL_STS",
                                               "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_REGION"};
            for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++) printf("export %s=%s\n", vars[i], getenv(vars[i]));
            return EXIT_OK;
        }
    } else {
        fprintf(stderr, "etlctl local: unknown subcommand '%s'\n", sub);
        usage(stderr);
        return EXIT_USAGE;
    }
    fprintf(stderr, "etlctl local %s: %s\n", sub, err);
    return EXIT_FAIL;
}
