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
# A template that cannot be written is exit 1 with the reason, also when only the final flush fails
# (a small template on /dev/full: fputs buffers it, fclose reports ENOSPC).
mkdir -p "$TEST_TMP/stacks" "$TEST_TMP/full"
printf 'stack: tiny\nresources:\n  s: {construct: stream}\n' >"$TEST_TMP/stacks/tiny.yaml"
ln -s /dev/full "$TEST_TMP/full/tiny.template.json"
set +e
"$ETLCTL" synth --templates "$TOP/templates" "$TEST_TMP/stacks/tiny.yaml" -o "$TEST_TMP/full" 2>"$TEST_TMP/err"; rc=$?
set -e
[ $rc -eq 1 ] || { cat "$TEST_TMP/err"; echo "synth onto a full disk exits $rc, expected 1"; exit 1; }
[ "$(cat "$TEST_TMP/err")" = "etlctl synth: cannot write $TEST_TMP/full/tiny.template.json: No space left on device" ] ||
    { cat "$TEST_TMP/err"; echo "expected one line on stderr (a double fclose aborts under ASan)"; exit 1; }
