/* libFuzzer target: the Query form parser of the local CloudFormation endpoint, and the member
 * lookups that follow it, on any bytes. */
#include <stddef.h>
#include <stdint.h>

#include "local/form.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct form f = {0};
    form_parse(&f, (const char *)data, size);
    form_get(&f, "Action");
    form_members(&f, "Parameters");
    form_getf(&f, "Parameters.member.%d.ParameterKey", 1);
    form_bool(&f, "DisableRollback");
    form_free(&f);
    return 0;
}
