# etl-app on the original project's data.json (a JSON array of 58 readings in one hour): the facts of
# SEMANTICS.md (Q1 19.325, Q3 22.375, kept 28, average 20.9), read back by DuckDB, parquet-wasm and
# hyparquet, and the same numbers from DuckDB's own quantile_cont on the same file.
set -eu
seed="$SHARED/data/seed-data.json"
[ -f "$seed" ] || { echo "no $seed (set SHARED)"; exit 77; }
out=$("$ETL_APP" --input "$seed" --output "$TEST_TMP/out")
[ "$out" = "in=58 kept=28 filtered=30 error=0 late=0 pending=0" ] || { echo "counters: $out"; exit 1; }
files=$(cd "$TEST_TMP/out" && find . -type f | sort)
[ "$files" = "./hourly/dt=2023-04-24/hour=10/part-20230424T100000Z-0.parquet" ] || { echo "objects: $files"; exit 1; }
node "$TOP/tests/lib/parquet_peers.mjs" "$TEST_TMP/out/hourly/dt=2023-04-24/hour=10/part-20230424T100000Z-0.parquet" \
    >"$TEST_TMP/peers.json"
node "$TOP/tests/lib/duckdb_hourly.mjs" "$seed" all 3600 >"$TEST_TMP/duck.json"
/usr/bin/python3 - "$TEST_TMP/peers.json" "$TEST_TMP/duck.json" <<'PY'
import json, sys
app = json.loads(open(sys.argv[1]).read())["rows"]
duck = [json.loads(l) for l in open(sys.argv[2])]
assert len(app) == 1 and len(duck) == 1, (app, duck)
row = app[0]
def close(a, b): return abs(float(a) - float(b)) <= 1e-9 * max(abs(float(a)), abs(float(b)))
facts = {"q1": 19.325, "q3": 22.375, "avg_temperature": 20.9}
for k, v in facts.items():
    assert close(row[k], v), (k, row[k], v)
    assert close(row[k], duck[0][k]), (k, row[k], duck[0][k])
assert row["kept"] == "28" == duck[0]["kept"] and row["readings"] == "58" == duck[0]["readings"], row
assert row["window_start"] == "1682330400000" and row["window_end"] == "1682334000000", row
print("seed:", row)
PY
