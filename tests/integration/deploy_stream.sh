# The whole pipeline on the local cloud: the flagship stack (idle timeout 2 s) deployed with etl-app in
# stream mode, two hours of generated readings with outliers produced, the app's hourly results awaited
# (bounded) and read with `etlctl results`, and compared with DuckDB's quantile_cont computation over
# the very records the stream holds (read back with the AWS CLI); then destroyed.
set -eu
. "$TOP/tests/lib/deploycloud.sh"
"$ETL_APP_REL" --help 2>&1 | grep -q -- '--stream' || { echo "etl-app has no stream mode"; exit 77; }
sed -e 's/^stack: sensor-pipeline/stack: flow/' -e 's/^  idle: 30 /  idle: 2 /' "$TOP/stacks/sensor-pipeline.yaml" >"$TEST_TMP/flow.yaml"
grep -q '^  idle: 2 ' "$TEST_TMP/flow.yaml"
E deploy "$TEST_TMP/flow.yaml" --yes >/dev/null 2>"$TEST_TMP/err" || { cat "$TEST_TMP/err"; exit 1; }
stream=$(cf describe-stacks --stack-name flow --query "Stacks[0].Outputs[?OutputKey=='ReadingsName'].OutputValue" --output text)
E produce flow --start 2023-04-24T08:00:00Z --hours 2 --sensors 4 --every 60 --outliers 0.05 --per-record 5 --seed 3 >"$TEST_TMP/out"
grep -q '^produced 480 readings in 96 records' "$TEST_TMP/out"
# what the stream holds, as the AWS CLI reads it
it=$(kin get-shard-iterator --stream-name "$stream" --shard-id shardId-000000000000 --shard-iterator-type TRIM_HORIZON --query ShardIterator --output text)
kin get-records --shard-iterator "$it" --limit 1000 --query 'Records[].Data' --output text | tr '\t' '\n' | grep -v '^$' |
    while read -r b; do echo "$b" | base64 -d; echo; done >"$TEST_TMP/readings.ndjson"
[ "$(grep -c sensor-id "$TEST_TMP/readings.ndjson")" = 480 ]
# the app's results: two hours, awaited with a bound
rows() { E results flow --format json 2>/dev/null | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))'; }
two_hours() { [ "$(rows)" = 2 ]; }
wait_for 90 two_hours || { tail -5 "$st"/cloudformation/apps/*/app.log; E results flow --list; exit 1; }
E results flow >"$TEST_TMP/table"
cat "$TEST_TMP/table"
grep -q '^2023-04-24 08:00  2023-04-24 09:00 ' "$TEST_TMP/table"
grep -q '^2023-04-24 09:00  2023-04-24 10:00 ' "$TEST_TMP/table"
E results flow --format json >"$TEST_TMP/app.json"
node "$TOP/tests/lib/duckdb_hourly.mjs" "$TEST_TMP/readings.ndjson" all 3600 >"$TEST_TMP/duck.json"
python3 - "$TEST_TMP/app.json" "$TEST_TMP/duck.json" <<'PY'
import datetime, json, sys
app = json.load(open(sys.argv[1]))
duck = [json.loads(l) for l in open(sys.argv[2])]
assert len(app) == len(duck) == 2, (app, duck)
for a, d in zip(app, duck):
    start = datetime.datetime.fromisoformat(a["window_start"].replace("Z", "+00:00")).timestamp() * 1000
    assert int(start) == int(d["window_start"]), (a, d)
    assert a["readings"] == int(d["readings"]) == 240 and a["kept"] == int(d["kept"]), (a, d)
    for k in ("q1", "q3", "avg_temperature"):
        assert abs(a[k] - float(d[k])) <= 1e-9 * abs(float(d[k])), (k, a, d)
print("etl-app in stream mode agrees with DuckDB on", len(app), "hours")
PY
E destroy flow --yes >"$TEST_TMP/out" 2>&1
grep -q '^flow: destroyed in' "$TEST_TMP/out"
[ -z "$(ls "$st"/cloudformation/apps 2>/dev/null)" ] || ! pgrep -f "$st/cloudformation/apps" >/dev/null
localcloud_down_clean
