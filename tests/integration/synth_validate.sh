# Every stack in stacks/, the golden stacks, and a matrix of option combinations synthesize to templates
# that AWS's offline validator (@aws/cloudformation-validate) passes without a FATAL finding.
set -eu
cd "$TOP"
out="$TEST_TMP/templates"
mkdir -p "$out" "$TEST_TMP/matrix"
# The matrix: 16 stacks; option k takes its value from bit (k mod 4) of the row, inverted on every
# other group of four, so each pair of options in a group of four meets in all four combinations.
/usr/bin/python3 - "$TEST_TMP/matrix" <<'PY'
import sys
options = [  # (resource, key, value when the bit is 0, value when 1); None leaves the key out
    ("readings", "mode", "provisioned", "on_demand"),
    ("readings", "encryption", "true", "false"),
    ("results", "versioning", "true", "false"),
    ("results", "encryption", "s3", "kms"),
    ("results", "expire_days", None, "30"),
    ("results", "on_destroy", "retain", "delete"),
    ("processor", "subnets", None, "[subnet-0123456789abcdef0, subnet-0123456789abcdef1]"),
    ("processor", "security_group", None, "sg-0123456789abcdef0"),
    ("settings", "scope", "all", "sensor"),
    ("settings", "prefix", '""', "a/b/"),
    ("stack", "catalog", None, "yes"),
    ("stack", "tags", None, "yes"),
]
for row in range(16):
    chosen = {}
    for k, (res, key, v0, v1) in enumerate(options):
        bit = ((row >> (k % 4)) & 1) ^ ((k // 4) & 1)
        chosen[(res, key)] = v1 if bit else v0
    lines = [f"stack: matrix-{row}"]
    if chosen[("stack", "tags")]:
        lines += ["tags:", "  team: sensors", "  cost-centre: \"42\""]
    lines += ["settings:"] + [f"  {k}: {v}" for (r, k), v in chosen.items() if r == "settings"]
    lines += ["resources:"]
    for res, construct in (("readings", "stream"), ("results", "bucket"), ("processor", "compute")):
        lines += [f"  {res}:", f"    construct: {construct}"]
        lines += [f"    {k}: {v}" for (r, k), v in chosen.items() if r == res and v is not None]
    lines += ["    reads: [readings]", "    writes: [results]"]
    if chosen[("stack", "catalog")]:
        lines += ["  athena:", "    construct: catalog", "    bucket: results"]
    open(f"{sys.argv[1]}/matrix-{row}.yaml", "w").write("\n".join(lines) + "\n")
PY
for stack in stacks/*.yaml tests/golden/stacks/*.yaml "$TEST_TMP"/matrix/*.yaml; do
    "$ETLCTL" synth --templates templates "$stack" -o "$out" >/dev/null # ASan: every variant, no leak
done
n=$(ls "$out" | wc -l)
[ "$n" -ge 18 ] || { echo "only $n templates"; exit 1; }
node "$TOP/tests/lib/cfn_validate.js" "$out"/*.json >"$TEST_TMP/findings"
rc=$?
grep -v ': INFO ' "$TEST_TMP/findings" || true
echo "$n templates validated"
# The validator is live: the flagship with a shard count of the wrong type is FATAL.
sed 's/"ShardCount": 1,/"ShardCount": "one",/' "$out/sensor-pipeline.template.json" >"$TEST_TMP/broken.json"
! cmp -s "$TEST_TMP/broken.json" "$out/sensor-pipeline.template.json" || { echo "no ShardCount to break"; exit 1; }
if node "$TOP/tests/lib/cfn_validate.js" "$TEST_TMP/broken.json" >"$TEST_TMP/broken.txt"; then
    echo "the validator passed a broken template"; cat "$TEST_TMP/broken.txt"; exit 1
fi
exit $rc
