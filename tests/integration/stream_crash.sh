# The crash test: etl-app is killed with SIGKILL at 24 random instants while readings keep arriving
# on three shards (late readings, malformed ones, several a record), and started again each time. Once
# it has caught up, the hourly objects are identical to those of an uninterrupted run over the same
# stream, the late/ and errors/ lines are the same multisets, and the counters are equal.
set -eu
. "$TOP/tests/lib/stream.sh"
stream_setup 3
/usr/bin/python3 "$TOP/tests/lib/gen_stream.py" 7 12000 8 3 skewed "$TEST_TMP"
split -l 501 -d "$TEST_TMP/input.ndjson" "$TEST_TMP/part."   # 24 parts, each a multiple of 3 lines: shards keep their lines
n=$(wc -l <"$TEST_TMP/input.ndjson")
seed=${CRASH_SEED:-$RANDOM}
echo "kill instants from seed $seed (CRASH_SEED=$seed to repeat)"
RANDOM=$seed

kills=0
for part in "$TEST_TMP"/part.*; do
    put_readings 3 3 "$part" &
    put_pid=$!
    app_start "$TEST_TMP/crash.log" --prefix crash/
    sleep "0.$((RANDOM % 10))$((RANDOM % 10))"
    sleep "$((RANDOM % 2))"
    kill -KILL "$APP_PID"
    wait "$APP_PID" 2>/dev/null || true
    wait "$put_pid"
    kills=$((kills + 1))
done
app_start "$TEST_TMP/crash.log" --prefix crash/
app_wait_count "$TEST_TMP/crash.log" "$n" 300
app_stop "$TEST_TMP/crash.log"
[ "$kills" -ge 20 ] || fail "only $kills kills"
resumed=$(grep -c "resuming from the checkpoint" "$TEST_TMP/crash.log.err" || true)
echo "$kills kills, $resumed restarts from a checkpoint"
[ "$resumed" -ge 10 ] || fail "few restarts resumed from a checkpoint: $resumed"

app_start "$TEST_TMP/ref.log" --prefix ref/
app_wait_count "$TEST_TMP/ref.log" "$n" 300
app_stop "$TEST_TMP/ref.log"

bucket_sync "$TEST_TMP/bucket"
outputs_of "$TEST_TMP/bucket" ref "$TEST_TMP/ref"
outputs_of "$TEST_TMP/bucket" crash "$TEST_TMP/crash"
[ "$(wc -l <"$TEST_TMP/ref/keys")" -ge 8 ] || fail "too few hourly objects"
[ -s "$TEST_TMP/ref/late" ] && [ -s "$TEST_TMP/ref/errors" ] || fail "no late or no error lines"
for f in keys hourly late errors; do
    diff "$TEST_TMP/ref/$f" "$TEST_TMP/crash/$f" >"$TEST_TMP/diff" || { head -n 20 "$TEST_TMP/diff"; fail "$f differ"; }
done
# late lines are exactly those late by each shard's own order
/usr/bin/python3 -c 'import json,sys; print("\n".join(json.load(open(sys.argv[1]))["late"]))' "$TEST_TMP/expect.json" | sort >"$TEST_TMP/late.want"
diff "$TEST_TMP/late.want" "$TEST_TMP/ref/late" >/dev/null || fail "late lines are not those late by their shard's order"
a=$(counters_of "$(last_log "$TEST_TMP/ref.log")") b=$(counters_of "$(last_log "$TEST_TMP/crash.log")")
[ "$a" = "$b" ] || fail "counters: uninterrupted $a, crashed $b"
echo "ok: $a"
