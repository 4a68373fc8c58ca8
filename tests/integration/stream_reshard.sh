# Resharding: a shard is split while etl-app reads, etl-app is stopped and started again, then two
# shards are merged. Each closed shard is read to its end before its children, which start from its
# watermark: a reading of the first hour put into each child is late. No reading is lost or counted
# twice: the hourly objects, byte for byte, and the counters are those of replay mode on the readings
# (plus the two late ones).
set -eu
. "$TOP/tests/lib/stream.sh"
stream_setup 2
/usr/bin/python3 "$TOP/tests/lib/gen_stream.py" 3 6000 6 2 ordered "$TEST_TMP"
split -l 2000 -d "$TEST_TMP/input.ndjson" "$TEST_TMP/part."
shard_count() { kin list-shards --stream-name "$STREAM" --query 'length(Shards)' --output text; }

put_readings 2 4 "$TEST_TMP/part.00"
app_start "$TEST_TMP/log"
app_wait_count "$TEST_TMP/log" 2000
kin split-shard --stream-name "$STREAM" --shard-to-split shardId-000000000000 \
    --new-starting-hash-key 85070591730234615865843651857942052864 || fail "split-shard"
old1='{"timestamp": 1682330401, "sensor-id": 1, "temperature": 99.5}'
old2='{"timestamp": 1682330402, "sensor-id": 2, "temperature": 99.5}'
printf '%s\n%s\n' "$old1" "$old2" >"$TEST_TMP/old.ndjson"
put_readings 2 1 "$TEST_TMP/old.ndjson"   # the first reading of each child, 000002 and 000003
put_readings 3 4 "$TEST_TMP/part.01"   # the open shards: 000001 and the children 000002, 000003
app_wait_count "$TEST_TMP/log" 4002
app_stop "$TEST_TMP/log"
kin merge-shards --stream-name "$STREAM" --shard-to-merge shardId-000000000003 \
    --adjacent-shard-to-merge shardId-000000000001 || fail "merge-shards"
[ "$(shard_count)" = 5 ] || fail "expected 5 shards, got $(shard_count)"
app_start "$TEST_TMP/log"
put_readings 2 4 "$TEST_TMP/part.02"   # the open shards: 000002 and the merged 000004
app_wait_count "$TEST_TMP/log" 6002
line=$(last_log "$TEST_TMP/log")
app_stop "$TEST_TMP/log"
for s in 0 1 3; do
    case $line in *"\"id\":\"shardId-00000000000$s\",\"state\":\"drained\""*) ;; *) fail "shard $s not drained: $line" ;; esac
done
grep -q "shard shardId-000000000001 is closed and drained" "$TEST_TMP/log.err" || fail "no drain of shard 1"

"$ETL_APP" --input "$TEST_TMP/input.ndjson" --output "$TEST_TMP/replay" >"$TEST_TMP/replay.counters"
bucket_sync "$TEST_TMP/bucket"
outputs_of "$TEST_TMP/bucket" "" "$TEST_TMP/stream"
outputs_of "$TEST_TMP" replay "$TEST_TMP/want"
[ "$(wc -l <"$TEST_TMP/want/keys")" -ge 6 ] || fail "too few hourly objects"
diff "$TEST_TMP/want/hourly" "$TEST_TMP/stream/hourly" || fail "hourly objects differ from the replay's"
[ "$(cat "$TEST_TMP/stream/late")" = "$(printf '%s\n%s' "$old1" "$old2")" ] || fail "late lines: $(cat "$TEST_TMP/stream/late")"
got=$(counters_of "$line")
want=$(awk '{ for (i = 1; i <= NF; i++) { split($i, kv, "="); v = kv[2]
               if (kv[1] == "in") v += 2; if (kv[1] == "late") v = 2
               printf "%s%s=%d", (i > 1 ? " " : ""), kv[1], v } print "" }' "$TEST_TMP/replay.counters")
[ "$got" = "$want" ] || fail "counters: stream $got, expected $want"
echo "ok: $got"
