# Faults: s3rver, then kinesalite (which keeps its streams in a LevelDB directory) are stopped while
# etl-app runs and readings keep coming, and started again on the same ports. etl-app logs each failed
# call with service and code, waits, retries and recovers; nothing is lost or counted twice: the
# hourly objects, byte for byte, and the counters are those of replay mode on all the readings.
set -eu
. "$TOP/tests/lib/stream.sh"
stream_setup 2 --path "$TEST_TMP/kinesis"
/usr/bin/python3 "$TOP/tests/lib/gen_stream.py" 5 6000 6 2 ordered "$TEST_TMP"
split -l 2000 -d "$TEST_TMP/input.ndjson" "$TEST_TMP/part."
wait_for() { # what, pattern, file: until the pattern is in the file (bounded)
    local i
    for i in $(seq 1 300); do grep -q "$2" "$3" && return 0; sleep 0.1; done
    fail "no $1 within 30 s: $(tail -n 5 "$3")"
}

put_readings 2 4 "$TEST_TMP/part.00"
app_start "$TEST_TMP/log"
app_wait_count "$TEST_TMP/log" 2000

s3_port=$S3_PORT
peer_stop s3rver
put_readings 2 4 "$TEST_TMP/part.01"
wait_for "S3 failure in the log" "s3 PutObject: NetworkError" "$TEST_TMP/log.err"
peer_start s3rver "$TEST_TMP/s3" --port "$s3_port" || fail "s3rver restart"
app_wait_count "$TEST_TMP/log" 4000

kin_port=$KINESIS_PORT
peer_stop kinesalite
wait_for "Kinesis failure in the log" "kinesis GetRecords: NetworkError" "$TEST_TMP/log.err"
peer_start kinesalite --path "$TEST_TMP/kinesis" --port "$kin_port" || fail "kinesalite restart"
put_readings 2 4 "$TEST_TMP/part.02"
app_wait_count "$TEST_TMP/log" 6000
line=$(last_log "$TEST_TMP/log")
app_stop "$TEST_TMP/log"

"$ETL_APP" --input "$TEST_TMP/input.ndjson" --output "$TEST_TMP/replay" >"$TEST_TMP/replay.counters"
bucket_sync "$TEST_TMP/bucket"
outputs_of "$TEST_TMP/bucket" "" "$TEST_TMP/stream"
outputs_of "$TEST_TMP" replay "$TEST_TMP/want"
diff "$TEST_TMP/want/hourly" "$TEST_TMP/stream/hourly" || fail "hourly objects differ from the replay's"
diff "$TEST_TMP/want/errors" "$TEST_TMP/stream/errors" >/dev/null && fail "error lines name the replay's source?"
[ "$(sed 's/"source".*"data"//' "$TEST_TMP/want/errors" | sort)" = "$(sed 's/"source".*"data"//' "$TEST_TMP/stream/errors" | sort)" ] ||
    fail "error lines differ from the replay's"
got=$(counters_of "$line")
[ "$got" = "$(cat "$TEST_TMP/replay.counters")" ] || fail "counters: stream $got, replay $(cat "$TEST_TMP/replay.counters")"
echo "ok: $got"
