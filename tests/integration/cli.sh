# The command line itself: help, version and exit codes (0 ok, 2 usage).
set -eu
out=$("$ETLCTL" --version)
[ "$out" = "etlctl $(sed -n 's/^VERSION *:= *//p' "$TOP/Makefile")" ] || { echo "version: $out"; exit 1; }
"$ETLCTL" --help | grep -q '^usage: etlctl' || { echo "--help prints no usage"; exit 1; }
set +e
"$ETLCTL" no-such-command 2>"$TEST_TMP/err"; rc=$?
set -e
[ $rc -eq 2 ] || { echo "unknown command exits $rc, expected 2"; exit 1; }
grep -q "'no-such-command' is not a command" "$TEST_TMP/err" || { cat "$TEST_TMP/err"; exit 1; }
