/* Placeholder until the artifact download exists: groups of live stacks are resumed from here. */
#include "local/prov_asg.h"

void asg_resume_all(json_object *stacks)
{
    (void)stacks;
}
