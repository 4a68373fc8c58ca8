# `make install PREFIX=... DESTDIR=...` installs an etlctl that synthesizes with the installed
# constructs, from anywhere; and constructs are looked up in the documented order:
# --templates, $ETLCTL_TEMPLATES, templates/ of the stack's project, then the installed ones.
set -eu
cd "$TOP"
unset ETLCTL_TEMPLATES MAKEFLAGS MFLAGS MAKELEVEL
fail=0
make --no-print-directory install PREFIX="$TEST_TMP/usr" >"$TEST_TMP/install.log"
mkdir "$TEST_TMP/elsewhere"
cp stacks/sensor-pipeline.yaml "$TEST_TMP/elsewhere/"
(cd "$TEST_TMP/elsewhere" && "$TEST_TMP/usr/bin/etlctl" synth sensor-pipeline.yaml) >"$TEST_TMP/out.json"
cmp tests/golden/sensor-pipeline.template.json "$TEST_TMP/out.json" || { echo "installed etlctl differs"; fail=1; }
[ -f "$TEST_TMP/usr/share/etlctl/templates/compute.yaml" ] || { echo "constructs not installed"; fail=1; }

# Staged (DESTDIR) and then moved: the share dir beside the binary is found.
make --no-print-directory install PREFIX=/opt/etl DESTDIR="$TEST_TMP/stage" >>"$TEST_TMP/install.log"
(cd "$TEST_TMP/elsewhere" && "$TEST_TMP/stage/opt/etl/bin/etlctl" synth sensor-pipeline.yaml) >"$TEST_TMP/out2.json"
cmp tests/golden/sensor-pipeline.template.json "$TEST_TMP/out2.json" || { echo "staged etlctl differs"; fail=1; }

# The order: one marked copy of the stream construct per place; the first place that has one wins.
mark() { # dir label
    mkdir -p "$1"
    sed "s/name of the Kinesis stream/$2 stream/" templates/stream.yaml >"$1/stream.yaml"
}
proj="$TEST_TMP/project"
mkdir -p "$proj/stacks"
printf 'stack: order\nresources:\n  s: {construct: stream}\n' >"$proj/stacks/order.yaml"
bin="$TEST_TMP/usr/bin/etlctl"
which_one() { "$bin" synth "$@" "$proj/stacks/order.yaml" | sed -n 's/.*"Description": "\(.*\) stream s",*$/\1/p' | head -n 1; }
[ "$(which_one)" = "name of the Kinesis" ] || { echo "installed constructs not used: $(which_one)"; fail=1; }
mark "$proj/templates" project
[ "$(which_one)" = project ] || { echo "project templates/ not used: $(which_one)"; fail=1; }
mark "$TEST_TMP/env" environment
[ "$(ETLCTL_TEMPLATES="$TEST_TMP/nothing:$TEST_TMP/env" which_one)" = environment ] || { echo "ETLCTL_TEMPLATES not used"; fail=1; }
mark "$TEST_TMP/cli" option
[ "$(ETLCTL_TEMPLATES="$TEST_TMP/env" which_one --templates "$TEST_TMP/cli")" = option ] || { echo "--templates not first"; fail=1; }
exit $fail
