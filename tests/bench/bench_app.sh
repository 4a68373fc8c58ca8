# etl-app against DuckDB on the same 10 million readings (about 640 MB of NDJSON, 100 sensors, 10 hours,
# 1% outliers), generated here: etl-app's replay against DuckDB doing the same computation (read_json,
# quantile_cont per hour, the filter, avg, COPY TO parquet). Each runs 3 times, alternating; the best
# wall time and the largest peak RSS (/usr/bin/time -v) of each are reported, with the ratios.
set -eu
n=${BENCH_READINGS:-10000000}
tmp=${BENCH_TMP:-$(mktemp -d)}
input="$tmp/readings.ndjson"
$(command -v mawk || command -v awk) -v n="$n" 'BEGIN {
    srand(42); base = 1682330400
    for (i = 0; i < n; i++) {
        t = base + int(i * 36000 / n)
        printf "{\"timestamp\": %d, \"sensor-id\": %d, \"temperature\": %.1f}\n", t, i % 100, 15 + rand() * 15 + (rand() < 0.01 ? 40 : 0)
    }
}' >"$input"
bytes=$(stat -c %s "$input")

measure() { # name, command...: appends "wall_seconds peak_rss_kb" (from /usr/bin/time -v) to $tmp/name.runs
    local name=$1; shift
    /usr/bin/time -v -o "$tmp/time" "$@" >"$tmp/$name.out" 2>"$tmp/$name.err" || { cat "$tmp/$name.err"; exit 1; }
    awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i] }
                /Maximum resident set size/ { rss = $2 }
                END { printf "%.2f %d\n", s, rss }' "$tmp/time" >>"$tmp/$name.runs"
}
for run in 1 2 3; do
    rm -rf "$tmp/app-out" "$tmp/duck.parquet"
    measure app "$TOP/build/rel/etl-app" --input "$input" --output "$tmp/app-out"
    measure duckdb node "$TOP/tests/lib/duckdb_hourly.mjs" "$input" all 3600 "$tmp/duck.parquet"
done
grep -q "^in=$n kept=" "$tmp/app.out" || { echo "etl-app: $(cat "$tmp/app.out")"; exit 1; }
[ "$(find "$tmp/app-out/hourly" -name '*.parquet' | wc -l)" = 10 ] || { echo "etl-app did not write 10 hours"; exit 1; }

best() { sort -n "$tmp/$1.runs" | head -n 1 | cut -d' ' -f1; }
peak() { sort -n -k2 "$tmp/$1.runs" | tail -n 1 | cut -d' ' -f2; }
app_s=$(best app) duck_s=$(best duckdb) app_kb=$(peak app) duck_kb=$(peak duckdb)
report=$(awk -v n="$n" -v b="$bytes" -v as="$app_s" -v ds="$duck_s" -v ak="$app_kb" -v dk="$duck_kb" 'BEGIN {
    printf "input: %d readings, %.0f MB of NDJSON\n", n, b / 1e6
    printf "%-8s %8s %14s %12s\n", "", "wall s", "readings/s", "peak RSS MB"
    printf "%-8s %8.2f %14.0f %12.1f\n", "etl-app", as, n / as, ak / 1024
    printf "%-8s %8.2f %14.0f %12.1f\n", "duckdb", ds, n / ds, dk / 1024
    printf "etl-app is %.1fx faster than DuckDB with %.1f%% of its peak memory (goal: >= 4x, <= 25%%)\n", ds / as, 100 * ak / dk
}')
echo "$report"
echo "$report" >"${BENCH_OUT:-/dev/null}"
