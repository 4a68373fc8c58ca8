# etl-app against DuckDB on generated data (several hours, sensors, outliers, readings out of order,
# late readings, malformed and blank lines, every shape of reading): for both scopes and two windows,
# the rows agree with DuckDB's quantile_cont / filter / avg on the readings that must count, to a
# relative 1e-9, with counts exact; errors/ and late/ hold exactly the expected lines.
set -eu
gen="$TEST_TMP/gen"
mkdir -p "$gen"
for run in "all 3600" "sensor 3600" "sensor 900" "all 900"; do
    set -- $run
    scope=$1 window=$2
    [ -f "$gen/w$window" ] || { /usr/bin/python3 "$TOP/tests/lib/gen_readings.py" 7 30000 6 25 300 "$window" "$gen"; : >"$gen/w$window"; }
    out="$TEST_TMP/out-$scope-$window"
    counters=$("$ETL_APP" --input "$gen/input.ndjson" --output "$out" --scope "$scope" --window "$window")
    echo "$scope $window: $counters"
    node "$TOP/tests/lib/duckdb_hourly.mjs" "$gen/clean.ndjson" "$scope" "$window" >"$TEST_TMP/duck.json"
    find "$out/hourly" -name '*.parquet' | sort >"$TEST_TMP/files"
    node "$TOP/tests/lib/parquet_peers.mjs" $(cat "$TEST_TMP/files") >"$TEST_TMP/app.json"
    /usr/bin/python3 - "$TEST_TMP/app.json" "$TEST_TMP/duck.json" "$gen/expect.json" "$out" "$counters" "$window" <<'PY'
import glob, json, os, sys
app_files = [json.loads(l) for l in open(sys.argv[1])]
duck = [json.loads(l) for l in open(sys.argv[2])]
expect = json.load(open(sys.argv[3]))
out, counters, window = sys.argv[4], sys.argv[5], int(sys.argv[6])
c = dict(kv.split("=") for kv in counters.split())
assert int(c["in"]) == expect["in"], (c, expect["in"])
assert int(c["error"]) == expect["error"] and int(c["late"]) == expect["late"], c
assert int(c["kept"]) + int(c["filtered"]) == expect["clean"] and c["pending"] == "0", c
assert sum(int(v) for k, v in c.items() if k in ("kept", "filtered", "error", "late", "pending")) == int(c["in"])
app = [r for f in app_files for r in f["rows"]]
key = lambda r: (int(r["window_start"]), int(r.get("sensor_id", 0)))
app.sort(key=key); duck.sort(key=key)
assert len(app) == len(duck) > 0, (len(app), len(duck))
assert sum(int(r["kept"]) for r in app) == int(c["kept"])
def close(a, b):
    if a is None or b is None: return a is None and b is None
    a, b = float(a), float(b)
    return abs(a - b) <= 1e-9 * max(abs(a), abs(b))
for a, d in zip(app, duck):
    assert key(a) == key(d), (a, d)
    assert int(a["window_end"]) - int(a["window_start"]) == window * 1000, a
    for k in ("readings", "kept"): assert a[k] == d[k], (k, a, d)
    for k in ("q1", "q3", "avg_temperature"): assert close(a[k], d[k]), (k, a, d)
# each hourly file holds one window; its key is its hour
for f in app_files:
    ws = {r["window_start"] for r in f["rows"]}
    assert len(ws) == 1, f["file"]
# errors: every malformed line, with its reason and line number, and its text
got = []
for p in glob.glob(out + "/errors/dt=*/replay-*.ndjson"):
    for l in open(p, encoding="utf-8"):
        e = json.loads(l)
        assert e["source"] == "replay" and set(e) == {"reason", "source", "position", "data"}, e
        got.append([e["reason"], int(e["position"])])
assert sorted(got) == sorted(expect["errors"]), (sorted(got)[:5], sorted(expect["errors"])[:5])
# late: every late line, as it came, in the partition of its window's hour
late = []
for p in glob.glob(out + "/late/dt=*/hour=*/replay-*.ndjson"):
    d = os.path.relpath(os.path.dirname(p), out) + "/"
    late += [[d, l] for l in open(p, "rb").read().decode("latin-1").split("\n")[:-1]]
assert sorted(late) == sorted(expect["late_lines"]), (len(late), len(expect["late_lines"]))
print("agree:", len(app), "rows,", len(got), "errors,", len(late), "late")
PY
done
