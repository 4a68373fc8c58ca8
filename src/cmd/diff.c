/* `etlctl diff STACK.yaml`: what deploy would change, as a change set made, printed and deleted. */
#include "cmd/cmd.h"
#include "deploy/rollout_args.h"

int cmd_diff(int argc, char **argv)
{
    rollout_args a;
    int rc = rollout_args_parse("diff", argc, argv, &a);
    return rc >= 0 ? rc : rollout_diff(&a.opts);
}
