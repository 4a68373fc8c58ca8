/* libFuzzer target for the stack loader: any bytes as a stack file, through YAML, checks, links and
 * rendering with the project's constructs (templates/, as the tests run from the repository's top).
 * Every input must end in a template or in diagnostics, never in a crash, leak or undefined behaviour. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "stack/diag.h"
#include "stack/synth.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    diag_list d = {0};
    char *name = NULL;
    char *text = synth_text("fuzz.yaml", (const char *)data, size, "templates", &name, &d);
    if (!text && diag_count(&d) == 0) abort(); /* a failure always says why */
    free(text);
    free(name);
    diag_free(&d);
    return 0;
}
