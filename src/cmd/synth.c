/* `etlctl synth [STACK.yaml ...] [-o DIR] [--templates DIR]`: prints each stack's CloudFormation
 * template, or writes DIR/<stack>.template.json. With no stack named, every stack file in stacks/ here. */
#include <errno.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/mkdirs.h"
#include "cmd/cmd.h"
#include "stack/synth.h"

static const char usage_text[] =
    "usage: etlctl synth [STACK.yaml ...] [-o DIR] [--templates DIR]\n"
    "\n"
    "Turns each stack file into a CloudFormation template (JSON) and prints it, or writes\n"
    "DIR/<stack>.template.json with -o. Without a stack file, synthesizes stacks/*.yaml.\n"
    "\n"
    "  -o, --output DIR     write the templates into DIR (created if missing)\n"
    "  --templates DIR      look for constructs in DIR first; then $ETLCTL_TEMPLATES,\n"
    "                       templates/ of the stack's project, then the installed ones\n"
    "  -h, --help           this text\n"
    "\n"
    "Exit status: 0 done, 2 an invalid stack or usage (every error is printed as\n"
    "file:line:col: place: message), 1 anything else.\n";

static int write_template(const char *dir, const char *name, const char *text)
{
    if (mkdirs(dir) != 0) {
        fprintf(stderr, "etlctl synth: cannot create %s: %s\n", dir, strerror(errno));
        return EXIT_FAIL;
    }
    buf path = {0};
    buf_printf(&path, "%s/%s.template.json", dir, name);
    FILE *f = fopen(path.data, "w");
    int rc = EXIT_OK;
    /* fclose runs exactly once, whatever failed: a stream is gone after fclose even when it fails */
    int failed = !f || fputs(text, f) == EOF;
    int saved = errno;
    if (f && fclose(f) != 0 && !failed) failed = 1, saved = errno;
    if (failed) {
        fprintf(stderr, "etlctl synth: cannot write %s: %s\n", path.data, strerror(saved));
        rc = EXIT_FAIL;
    } else {
        printf("%s\n", path.data);
    }
    buf_free(&path);
    return rc;
}

/* The stacks written with -o so far: two of one name would write the same file. */
typedef struct written {
    char **names;
    srcpos *at; /* at[i]: where names[i] is written; .file borrowed from the command line or glob */
    size_t n;
} written;

static void written_free(written *w)
{
    for (size_t i = 0; i < w->n; i++) free(w->names[i]);
    free(w->names);
    free(w->at);
}

/* 0 when name is new (it is recorded), else the error is printed and EXIT_USAGE returned. */
static int claim_name(written *w, char *name, srcpos at, const char *out_dir)
{
    for (size_t i = 0; i < w->n; i++)
        if (strcmp(w->names[i], name) == 0) {
            fprintf(stderr, "%s:%d:%d: stack: name '%s' is also that of %s:%d:%d; both would write %s/%s%s\n",
                    at.file, at.line, at.col, name, w->at[i].file, w->at[i].line, w->at[i].col, out_dir, name,
                    ".template.json");
            return EXIT_USAGE;
        }
    w->names = realloc(w->names, (w->n + 1) * sizeof *w->names);
    w->at = realloc(w->at, (w->n + 1) * sizeof *w->at);
    if (!w->names || !w->at) abort();
    w->names[w->n] = strdup(name);
    w->at[w->n++] = at;
    return 0;
}

static int synth_one(const char *path, const char *templates, const char *out_dir, written *w)
{
    diag_list d = {0};
    char *name = NULL;
    srcpos at;
    char *text = synth_stack(path, templates, &name, &at, &d);
    int rc = EXIT_OK;
    if (!text) {
        diag_print(&d, stderr);
        rc = d.unreadable ? EXIT_FAIL : EXIT_USAGE; /* a file that cannot be read is not an invalid stack */
    } else if (out_dir) {
        rc = claim_name(w, name, at, out_dir);
        if (rc == EXIT_OK) rc = write_template(out_dir, name, text);
    } else if (fputs(text, stdout) == EOF) {
        rc = EXIT_FAIL;
    }
    free(text);
    free(name);
    diag_free(&d);
    return rc;
}

int cmd_synth(int argc, char **argv)
{
    const char *out_dir = NULL, *templates = NULL;
    const char **files = calloc((size_t)argc + 1, sizeof *files);
    if (!files) return EXIT_FAIL;
    size_t n = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            fputs(usage_text, stdout);
            free(files);
            return EXIT_OK;
        } else if ((strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0) && i + 1 < argc) {
            out_dir = argv[++i];
        } else if (strcmp(a, "--templates") == 0 && i + 1 < argc) {
            templates = argv[++i];
        } else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "etlctl synth: unknown option or missing value: %s\n%s", a, usage_text);
            free(files);
            return EXIT_USAGE;
        } else {
            files[n++] = a;
        }
    }
    glob_t g = {0};
    if (n == 0) {
        if (glob("stacks/*.yaml", 0, NULL, &g) != 0 || g.gl_pathc == 0) {
            fprintf(stderr, "etlctl synth: no stack named and no stacks/*.yaml here\n%s", usage_text);
            globfree(&g);
            free(files);
            return EXIT_USAGE;
        }
        free(files);
        files = calloc(g.gl_pathc, sizeof *files);
        if (!files) return EXIT_FAIL;
        for (size_t i = 0; i < g.gl_pathc; i++) files[n++] = g.gl_pathv[i];
    }
    int rc = EXIT_OK;
    written w = {0};
    for (size_t i = 0; i < n; i++) {
        int one = synth_one(files[i], templates, out_dir, &w);
        if (one > rc) rc = one;
    }
    written_free(&w);
    globfree(&g);
    free(files);
    return rc;
}
