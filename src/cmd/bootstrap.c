/* `etlctl bootstrap`: the assets bucket of the account and region, made once (the first deploy makes it
 * too): encrypted, private, old assets expire (src/deploy/assets.c). */
#include <stdio.h>
#include <string.h>

#include "cli/aws_flags.h"
#include "cmd/cmd.h"
#include "deploy/assets.h"
#include "deploy/hint.h"

int cmd_bootstrap(int argc, char **argv)
{
    aws_options o = {0};
    if (aws_flags_take(&argc, argv, &o) != 0) return EXIT_USAGE;
    if (argc > 1) {
        int help = strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0;
        fprintf(help ? stdout : stderr,
                "usage: etlctl bootstrap\n\nMakes the assets bucket deploy uploads the app to, etlctl-assets-<account>-<region>:\n"
                "encrypted, public access blocked, assets expiring after %d days. Exit 0 when it exists.\n\n%s",
                ASSETS_EXPIRE_DAYS, AWS_FLAGS_HELP);
        if (!help) fprintf(stderr, "\netlctl bootstrap: unexpected argument '%s'\n", argv[1]);
        return help ? EXIT_OK : EXIT_USAGE;
    }
    aws_client *c = NULL;
    aws_error *err = aws_client_new(&o, &c);
    if (err) return hint_fail("bootstrap", "AWS configuration", err);
    char bucket[64];
    int created = 0, rc = EXIT_OK;
    if ((err = assets_bucket_name(c, bucket))) rc = hint_fail("bootstrap", "finding the account", err);
    else if ((err = assets_ensure(c, bucket, stdout, &created))) rc = hint_fail("bootstrap", "the assets bucket", err);
    else printf("assets bucket %s %s\n", bucket, created ? "created" : "already there");
    aws_client_free(c);
    return rc;
}
