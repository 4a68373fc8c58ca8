# Stream mode against replay mode: readings over several hours spread over three shards (outliers,
# malformed lines, several readings a record, nothing late) give, through kinesalite and s3rver, the
# same hourly objects, byte for byte, as replay mode on the same readings, the same error lines (but
# for source and position) and the same counters. Then a stop (SIGTERM) and a restart read nothing twice.
set -eu
. "$TOP/tests/lib/stream.sh"
stream_setup 3
/usr/bin/python3 "$TOP/tests/lib/gen_stream.py" 1 6000 5 3 ordered "$TEST_TMP"
put_readings 3 7 "$TEST_TMP/input.ndjson"
n=$(wc -l <"$TEST_TMP/input.ndjson")

"$ETL_APP" --input "$TEST_TMP/input.ndjson" --output "$TEST_TMP/replay" >"$TEST_TMP/replay.counters"
app_start "$TEST_TMP/log"
app_wait_count "$TEST_TMP/log" "$n"
app_stop "$TEST_TMP/log"
bucket_sync "$TEST_TMP/bucket"

(cd "$TEST_TMP/replay" && find hourly -type f | sort) >"$TEST_TMP/replay.keys"
(cd "$TEST_TMP/bucket" && find hourly -type f | sort) >"$TEST_TMP/stream.keys"
[ "$(wc -l <"$TEST_TMP/replay.keys")" -ge 5 ] || fail "too few hourly objects"
diff "$TEST_TMP/replay.keys" "$TEST_TMP/stream.keys" || fail "hourly keys differ"
while read -r k; do cmp "$TEST_TMP/replay/$k" "$TEST_TMP/bucket/$k" || fail "$k differs"; done <"$TEST_TMP/replay.keys"

errs() { cat "$1"/errors/*/*.ndjson | /usr/bin/python3 -c 'import json,sys; [print(d["reason"], d["data"]) for d in map(json.loads, sys.stdin)]' | sort; }
errs "$TEST_TMP/replay" >"$TEST_TMP/replay.errors"
errs "$TEST_TMP/bucket" >"$TEST_TMP/stream.errors"
[ -s "$TEST_TMP/replay.errors" ] || fail "no error lines"
diff "$TEST_TMP/replay.errors" "$TEST_TMP/stream.errors" || fail "error lines differ"
[ ! -d "$TEST_TMP/bucket/late" ] || fail "late objects in a stream without late readings"
[ -f "$TEST_TMP/bucket/_state/checkpoint" ] || fail "no checkpoint"

want=$(cat "$TEST_TMP/replay.counters")
got=$(counters_of "$(last_log "$TEST_TMP/log")")
[ "$got" = "$want" ] || fail "counters: stream $got, replay $want"

# a restart resumes from the checkpoint: more readings (later hours), each counted once; the objects
# are still those of a replay of all readings
mkdir -p "$TEST_TMP/more"
/usr/bin/python3 "$TOP/tests/lib/gen_stream.py" 2 1500 2 3 ordered "$TEST_TMP/more"
sed 's/"timestamp": 16823/"timestamp": 16824/' "$TEST_TMP/more/input.ndjson" >"$TEST_TMP/later.ndjson"
put_readings 3 5 "$TEST_TMP/later.ndjson"
cat "$TEST_TMP/input.ndjson" "$TEST_TMP/later.ndjson" >"$TEST_TMP/all.ndjson"
rm -rf "$TEST_TMP/replay"
"$ETL_APP" --input "$TEST_TMP/all.ndjson" --output "$TEST_TMP/replay" >"$TEST_TMP/replay.counters"
app_start "$TEST_TMP/log2"
app_wait_count "$TEST_TMP/log2" "$(wc -l <"$TEST_TMP/all.ndjson")"
app_stop "$TEST_TMP/log2"
grep -q "resuming from the checkpoint" "$TEST_TMP/log2.err" || fail "did not resume: $(cat "$TEST_TMP/log2.err")"
bucket_sync "$TEST_TMP/bucket"
(cd "$TEST_TMP/replay" && find hourly -type f | sort) >"$TEST_TMP/replay.keys"
(cd "$TEST_TMP/bucket" && find hourly -type f | sort) >"$TEST_TMP/stream.keys"
diff "$TEST_TMP/replay.keys" "$TEST_TMP/stream.keys" || fail "hourly keys differ after the restart"
while read -r k; do cmp "$TEST_TMP/replay/$k" "$TEST_TMP/bucket/$k" || fail "$k differs after the restart"; done <"$TEST_TMP/replay.keys"
[ "$(counters_of "$(last_log "$TEST_TMP/log2")")" = "$(cat "$TEST_TMP/replay.counters")" ] || fail "counters after the restart"

# a checkpoint of another format version: the app says so and stops, and leaves it as it was
s3cli cp "s3://$BUCKET/_state/checkpoint" "$TEST_TMP/checkpoint" >/dev/null
/usr/bin/python3 -c 'import sys; p=sys.argv[1]; b=bytearray(open(p,"rb").read()); b[8]=9; open(p,"wb").write(b)' "$TEST_TMP/checkpoint"
s3cli cp "$TEST_TMP/checkpoint" "s3://$BUCKET/_state/checkpoint" >/dev/null
rc=0
"$ETL_APP" --stream "$STREAM" --bucket "$BUCKET" >/dev/null 2>"$TEST_TMP/old.err" || rc=$?
[ $rc -eq 1 ] || fail "a checkpoint of version 9 gave exit $rc"
grep -q "checkpoint format version 9, this etl-app reads version 1 only (s3://out/_state/checkpoint): stopping" "$TEST_TMP/old.err" ||
    fail "$(cat "$TEST_TMP/old.err")"
s3cli cp "s3://$BUCKET/_state/checkpoint" "$TEST_TMP/after" >/dev/null
cmp "$TEST_TMP/checkpoint" "$TEST_TMP/after" || fail "the checkpoint was replaced"
echo ok
