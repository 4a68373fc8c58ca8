# Stream mode end to end: N readings (100 a record) put into 4 kinesalite shards, then etl-app reads
# them all and writes to s3rver; readings/s from its start until it has counted them all with nothing
# pending, its CPU time (user + system) and peak RSS; and, in the same run, replay mode's CPU time and
# peak RSS on the same readings in one file. Then twice the readings over twice the hours: the peak RSS
# of stream mode stays that of the open windows plus a fixed buffer per shard.
set -eu
export TEST_TMP=${BENCH_TMP:-$(mktemp -d)}
APP=$TOP/build/rel/etl-app
. "$TOP/tests/lib/stream.sh"
n=${BENCH_READINGS:-1000000}
stream_setup 4

gen() { # n hours file
    $(command -v mawk || command -v awk) -v n="$1" -v h="$2" 'BEGIN {
        srand(7); base = 1682330400
        for (i = 0; i < n; i++)
            printf "{\"timestamp\": %d, \"sensor-id\": %d, \"temperature\": %.1f}\n", base + int(i * h * 3600 / n), i % 100, 15 + rand() * 15 + (rand() < 0.01 ? 40 : 0)
    }' >"$3"
}
cpu_of() { awk '{ printf "%.2f %d\n", $1 + $2, $3 }' "$1"; } # "user sys maxrss_kb" -> "cpu_s rss_kb"

round() { # n hours prefix -> "wall_s cpu_s rss_kb replay_cpu_s replay_rss_kb"
    local count=$1 hours=$2 prefix=$3 start end
    STREAM=$prefix
    STREAM=${STREAM%/}
    stream_create "$STREAM" 4
    gen "$count" "$hours" "$TEST_TMP/in.ndjson"
    put_readings 4 100 "$TEST_TMP/in.ndjson"
    : >"$TEST_TMP/log"
    start=$(date +%s.%N)
    /usr/bin/time -f "%U %S %M" -o "$TEST_TMP/stream.time" "$APP" --stream "$STREAM" --bucket "$BUCKET" \
        --prefix "$prefix" --idle 1 --log-every 1 >>"$TEST_TMP/log" 2>>"$TEST_TMP/log.err" &
    APP_PID=$!
    app_wait_count "$TEST_TMP/log" "$count" 600
    end=$(date +%s.%N)
    kill -TERM "$(pgrep -P "$APP_PID")" 2>/dev/null || kill -TERM "$APP_PID"
    wait "$APP_PID" || fail "etl-app exited $? on SIGTERM"
    /usr/bin/time -f "%U %S %M" -o "$TEST_TMP/replay.time" "$APP" --input "$TEST_TMP/in.ndjson" \
        --output "$TEST_TMP/replay" >/dev/null
    echo "$(echo "$end - $start" | bc) $(cpu_of "$TEST_TMP/stream.time") $(cpu_of "$TEST_TMP/replay.time")"
}
r1=$(round "$n" 10 one/)
r2=$(round $((2 * n)) 20 two/)
report=$(awk -v n="$n" -v r1="$r1" -v r2="$r2" 'BEGIN {
    split(r1, a, " "); split(r2, b, " ")
    printf "%d readings, 100 a record, 4 shards, 10 hours (kinesalite and s3rver on this machine)\n", n
    printf "stream: %.2f s from start to all counted, %.0f readings/s end to end\n", a[1], n / a[1]
    printf "CPU per million readings: stream %.2f s, replay %.2f s: stream/replay %.2fx (goal <= 2x)\n",
        a[2] * 1e6 / n, a[4] * 1e6 / n, a[2] / a[4]
    printf "peak RSS: stream %.1f MB, replay %.1f MB\n", a[3] / 1024, a[5] / 1024
    printf "twice the readings over twice the hours: stream peak RSS %.1f MB (%.2fx), CPU stream/replay %.2fx\n",
        b[3] / 1024, b[3] / a[3], b[2] / b[4]
}')
echo "$report"
[ -n "${BENCH_OUT:-}" ] && echo "$report" >"$BENCH_OUT"
exit 0
