/* libFuzzer target for construct files: any bytes as templates/fz.yaml, used by a fixed stack where
 * one resource reads another, so parameters, substitution, conditions, exports, grants and links all
 * run on what the fuzzer writes. Every input must end in a template or in diagnostics. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/buf.h"
#include "stack/diag.h"
#include "stack/synth.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char stack_text[] = "stack: f\n"
                                 "tags: {team: t}\n"
                                 "resources:\n"
                                 "  a: {construct: fz, reads: [b]}\n"
                                 "  b: {construct: fz}\n";

static char dir[] = "/tmp/etlctl-fuzz-XXXXXX";
static char path[64];

static void remove_dir(void)
{
    unlink(path);
    rmdir(dir);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!path[0]) {
        if (!mkdtemp(dir)) abort();
        snprintf(path, sizeof path, "%s/fz.yaml", dir);
        atexit(remove_dir);
    }
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(data, 1, size, f) != size || fclose(f) != 0) abort();
    diag_list d = {0};
    char *name = NULL;
    char *text = synth_text("f.yaml", stack_text, sizeof stack_text - 1, dir, &name, &d);
    if (!text && diag_count(&d) == 0) abort(); /* a failure always says why */
    free(text);
    free(name);
    diag_free(&d);
    return 0;
}
