# `etlctl synth` of the flagship against `cdk synth` of the same stack as a plain-JavaScript CDK app
# (tests/bench/cdk-app.js), measured in the same run with hyperfine; peak RSS of each with
# /usr/bin/time -v. Goal: etlctl at least 200 times faster than cdk synth, under 10 MB peak RSS.
set -eu
cd "$TOP"
bench="$TOP/tests/bench"
etlctl="$TOP/build/rel/etlctl"
cdk="$bench/node_modules/.bin/cdk"
[ -x "$cdk" ] || { echo "aws-cdk is not installed: run make bench"; exit 1; }
export CDK_DISABLE_CLI_TELEMETRY=true
tmp=${BENCH_TMP:-$(mktemp -d)}
etl_cmd="$etlctl synth stacks/sensor-pipeline.yaml -o $tmp/etl.out"
cdk_cmd="cd $bench && $cdk synth --app 'node cdk-app.js' --no-notices --no-version-reporting -q -o $tmp/cdk.out"

# Both produce a template with the same resource types (CDK splits the role's policy out).
$etl_cmd >/dev/null
bash -c "$cdk_cmd" >/dev/null 2>&1
types() { node -e 'const t=require(process.argv[1]); console.log([...new Set(Object.values(t.Resources).map(r=>r.Type))].filter(x=>x!=="AWS::IAM::Policy").sort().join(" "))' "$1"; }
[ "$(types "$tmp/etl.out/sensor-pipeline.template.json")" = "$(types "$tmp/cdk.out/sensor-pipeline.template.json")" ] \
    || { echo "the two stacks differ in resources"; exit 1; }

hyperfine --style none --warmup 2 --runs "${CDK_RUNS:-10}" --export-json "$tmp/cdk.json" -n "cdk synth" "$cdk_cmd" >/dev/null
hyperfine --style none -N --warmup 20 --runs 500 --export-json "$tmp/etl.json" -n "etlctl synth" "$etl_cmd" >/dev/null
rss() { /usr/bin/time -v bash -c "$1" 2>&1 >/dev/null | sed -n 's/.*Maximum resident set size (kbytes): //p' | tail -n 1; }
etl_rss=$(/usr/bin/time -v $etl_cmd 2>&1 >/dev/null | sed -n 's/.*Maximum resident set size (kbytes): //p')
cdk_rss=$(rss "$cdk_cmd")
report=$(node -e '
const [etl, cdk] = process.argv.slice(1, 3).map((f) => require(f).results[0]);
const [etlRss, cdkRss] = process.argv.slice(3).map(Number);
const ms = (s) => (s * 1000).toFixed(2);
console.log(`etlctl synth: median ${ms(etl.median)} ms (mean ${ms(etl.mean)}, min ${ms(etl.min)}), peak RSS ${(etlRss / 1024).toFixed(1)} MB`);
console.log(`cdk synth:    median ${ms(cdk.median)} ms (mean ${ms(cdk.mean)}, min ${ms(cdk.min)}), peak RSS ${(cdkRss / 1024).toFixed(1)} MB (largest process)`);
console.log(`ratio of medians: etlctl synth is ${(cdk.median / etl.median).toFixed(0)}x faster (goal >= 200x); ` +
    `peak RSS goal < 10 MB: ${etlRss < 10240 ? "met" : "NOT met"}`);
' "$tmp/etl.json" "$tmp/cdk.json" "$etl_rss" "$cdk_rss")
echo "$report"
[ -n "${BENCH_OUT:-}" ] && echo "$report" >"$BENCH_OUT"
exit 0
