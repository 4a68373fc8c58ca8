/* `synth` as a library call: a stack file in, its CloudFormation template text out, with the
 * constructs found along the search path. Used by the synth command and by whatever deploys. */
#ifndef ETL_STACK_SYNTH_H
#define ETL_STACK_SYNTH_H

#include <stddef.h>

#include "stack/diag.h"

/* Where constructs are looked for, in order: templates_dir (--templates, may be NULL),
 * $ETLCTL_TEMPLATES (':'-separated), templates/ in the stack file's directory and in its parent (the
 * project), ../share/etlctl/templates beside the running etlctl, ETLCTL_SHAREDIR/templates, and last
 * the templates/ of the source tree when etlctl runs from it (build/rel/etlctl).
 * Returns the count; the caller frees each string and the array. */
size_t synth_search_path(const char *stack_path, const char *templates_dir, char ***dirs);

/* The template of the stack at path (caller frees), or NULL with every problem found in d.
 * *stack_name (caller frees) is set on success, and *name_at (when not NULL) to where the name is
 * written in the file (name_at->file is path). */
char *synth_stack(const char *path, const char *templates_dir, char **stack_name, srcpos *name_at,
                  diag_list *d);
/* The same for a stack file's text (len bytes) already in memory; file names it in messages. */
char *synth_text(const char *file, const char *text, size_t len, const char *templates_dir, char **stack_name,
                 diag_list *d);

#endif
