# synth of every stack in stacks/ and tests/golden/stacks/ gives exactly the template in tests/golden/
# (UPDATE_GOLDEN=1 rewrites them; review the diff), the same bytes on every run and from both builds,
# and -o DIR writes the same bytes to DIR/<stack>.template.json.
set -eu
cd "$TOP"
fail=0
for stack in stacks/*.yaml tests/golden/stacks/*.yaml; do
    name=$(sed -n 's/^stack: *//p' "$stack")
    golden="tests/golden/$name.template.json"
    "$ETLCTL" synth --templates templates "$stack" >"$TEST_TMP/a.json"
    "$ETLCTL_REL" synth --templates templates "$stack" >"$TEST_TMP/b.json"
    cmp "$TEST_TMP/a.json" "$TEST_TMP/b.json" || { echo "$stack: the two builds differ"; fail=1; }
    "$ETLCTL_REL" synth --templates templates "$stack" -o "$TEST_TMP/out" >"$TEST_TMP/written"
    [ "$(cat "$TEST_TMP/written")" = "$TEST_TMP/out/$name.template.json" ] || { echo "-o printed $(cat "$TEST_TMP/written")"; fail=1; }
    cmp "$TEST_TMP/a.json" "$TEST_TMP/out/$name.template.json" || { echo "$stack: -o differs from stdout"; fail=1; }
    if [ -n "${UPDATE_GOLDEN:-}" ]; then cp "$TEST_TMP/a.json" "$golden"; fi
    if ! diff -u "$golden" "$TEST_TMP/a.json"; then echo "$stack: differs from $golden"; fail=1; fi
done
# Several stacks in one run: each template in turn, in the order given.
"$ETLCTL" synth --templates templates stacks/sensor-pipeline.yaml tests/golden/stacks/analytics.yaml >"$TEST_TMP/both.json"
cat tests/golden/sensor-pipeline.template.json tests/golden/sensor-analytics.template.json | cmp - "$TEST_TMP/both.json" \
    || { echo "two stacks in one run differ from their goldens"; fail=1; }
# Without a stack named, synth takes stacks/*.yaml of the current directory.
"$ETLCTL" synth >"$TEST_TMP/default.json"
for stack in stacks/*.yaml; do cat "tests/golden/$(sed -n 's/^stack: *//p' "$stack").template.json"; done \
    | cmp - "$TEST_TMP/default.json" || { echo "synth without arguments is not stacks/*.yaml"; fail=1; }
exit $fail
