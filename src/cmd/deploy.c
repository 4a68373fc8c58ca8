/* `etlctl deploy STACK.yaml`: the stack synthesized, the app packaged and uploaded, the change set shown
 * and run with progress, the outputs printed (src/deploy/rollout.c does the work). */
#include "cmd/cmd.h"
#include "deploy/rollout_args.h"

int cmd_deploy(int argc, char **argv)
{
    rollout_args a;
    int rc = rollout_args_parse("deploy", argc, argv, &a);
    return rc >= 0 ? rc : rollout_deploy(&a.opts);
}
