# Every Parquet file etl-app writes, for every codec and both scopes, read by DuckDB, parquet-wasm (the
# Rust parquet crate) and hyparquet (+ hyparquet-compressors): the three return identical values, equal
# to the rows this input must give (worked out by hand below, null averages included), and DuckDB's
# parquet_schema/parquet_metadata show the types, logical types, statistics, codec and created_by.
set -eu
h10=1682330400 # 2023-04-24T10:00:00Z
{
    for t in 1 2 3 4 5; do echo "{\"timestamp\": $((h10 + t)), \"sensor-id\": 1, \"temperature\": $t}"; done
    echo "{\"timestamp\": $((h10 + 9)), \"sensor-id\": 2, \"temperature\": 10}"
    echo "{\"timestamp\": $((h10 + 9)), \"sensor-id\": 2, \"temperature\": 20}"
    echo "{\"timestamp\": $((h10 + 99)), \"sensor-id\": 3, \"temperature\": -0.5}"
    echo "{\"timestamp\": $((h10 + 3600)), \"sensor-id\": 9223372036854775807, \"temperature\": 21.25}"
    echo "{\"timestamp\": \"2023-04-24T11:59:59.999Z\", \"sensor-id\": 9223372036854775807, \"temperature\": 21.25}"
    echo "{\"timestamp\": $((h10 + 7200)), \"sensor-id\": 4, \"temperature\": 1}"
    echo "{\"timestamp\": $((h10 + 7201)), \"sensor-id\": 4, \"temperature\": 2}"
} >"$TEST_TMP/in.ndjson"

for codec in snappy zstd gzip none; do
    for scope in all sensor; do
        out="$TEST_TMP/$codec-$scope"
        counters=$("$ETL_APP" --input "$TEST_TMP/in.ndjson" --output "$out" --scope $scope --compression $codec)
        [ "$counters" = "in=12 kept=6 filtered=6 error=0 late=0 pending=0" ] ||
            { echo "$codec $scope: $counters"; exit 1; }
        (cd "$out" && find . -name '*.parquet' | sort) >"$TEST_TMP/keys"
        printf '%s\n' ./hourly/dt=2023-04-24/hour=10/part-20230424T100000Z-0.parquet \
            ./hourly/dt=2023-04-24/hour=11/part-20230424T110000Z-0.parquet \
            ./hourly/dt=2023-04-24/hour=12/part-20230424T120000Z-0.parquet | diff - "$TEST_TMP/keys"
        node "$TOP/tests/lib/parquet_peers.mjs" $(sed "s|^\.|$out|" "$TEST_TMP/keys") >"$TEST_TMP/peers-$codec-$scope.json"
        /usr/bin/python3 - "$TEST_TMP/peers-$codec-$scope.json" $codec $scope <<'PY'
import json, sys
files = [json.loads(l) for l in open(sys.argv[1])]
codec, scope = sys.argv[2], sys.argv[3]
h10 = 1682330400000
def row(start, sensor, n, kept, q1, q3, avg):
    r = {"window_start": str(start), "window_end": str(start + 3600000)}
    if scope == "sensor": r["sensor_id"] = str(sensor)
    r.update(readings=str(n), kept=str(kept), q1=q1, q3=q3, avg_temperature=avg)
    return r
if scope == "all":
    want = [[row(h10, 0, 8, 4, "1.75", "6.25", "3.5")],
            [row(h10 + 3600000, 0, 2, 2, "21.25", "21.25", "21.25")],
            [row(h10 + 7200000, 0, 2, 0, "1.25", "1.75", None)]]
else:
    want = [[row(h10, 1, 5, 3, "2", "4", "3"), row(h10, 2, 2, 0, "12.5", "17.5", None),
             row(h10, 3, 1, 1, "-0.5", "-0.5", "-0.5")],
            [row(h10 + 3600000, 9223372036854775807, 2, 2, "21.25", "21.25", "21.25")],
            [row(h10 + 7200000, 4, 2, 0, "1.25", "1.75", None)]]
names = ["window_start", "window_end"] + (["sensor_id"] if scope == "sensor" else []) + \
        ["readings", "kept", "q1", "q3", "avg_temperature"]
duck_codec = {"snappy": "SNAPPY", "zstd": "ZSTD", "gzip": "GZIP", "none": "UNCOMPRESSED"}[codec]
for f, rows in zip(files, want):
    assert f["rows"] == rows, (f["file"], f["rows"], rows)
    schema = f["schema"][1:]
    assert [s["name"] for s in schema] == names, schema
    for s in schema:
        ts = s["name"].startswith("window_")
        assert s["type"] == ("DOUBLE" if s["name"] in ("q1", "q3", "avg_temperature") else "INT64"), s
        assert s["repetition_type"] == ("OPTIONAL" if s["name"] == "avg_temperature" else "REQUIRED"), s
        assert (s["converted_type"] == "TIMESTAMP_MILLIS") == ts, s
        assert ts == bool(s["logical_type"] and "isAdjustedToUTC=1" in s["logical_type"]
                          and "MILLIS=MilliSeconds()" in s["logical_type"]), s
    cols = {c["path_in_schema"]: c for c in f["columns"]}
    assert all(c["compression"] == duck_codec for c in cols.values()), cols
    nulls = sum(r["avg_temperature"] is None for r in rows)
    assert cols["avg_temperature"]["stats_null_count"] == str(nulls), cols["avg_temperature"]
    for name in ("readings", "kept"):
        vals = [int(r[name]) for r in rows]
        assert cols[name]["stats_min_value"] == str(min(vals)) and cols[name]["stats_max_value"] == str(max(vals)), cols[name]
    for name in ("q1", "q3"):
        vals = [float(r[name]) for r in rows]
        assert float(cols[name]["stats_min_value"]) == min(vals) and float(cols[name]["stats_max_value"]) == max(vals), cols[name]
    if nulls == len(rows):
        assert cols["avg_temperature"]["stats_min_value"] is None, cols["avg_temperature"]
    assert f["column_orders"] == ["TYPE_ORDER"] * len(names), f["column_orders"]
    assert f["num_rows"] == str(len(rows))
print(codec, scope, "ok:", len(files), "files")
PY
    done
done
# created_by names this project's version
version=$(sed -n 's/^VERSION *:= *//p' "$TOP/Makefile")
grep -q "\"created_by\":\"etl-app version $version (etlctl)\"" "$TEST_TMP/peers-snappy-all.json" ||
    { echo "created_by is not etl-app version $version (etlctl)"; exit 1; }
