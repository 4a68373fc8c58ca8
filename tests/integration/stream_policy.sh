# Least privilege: every AWS request etl-app makes in a run (a start without checkpoint, late and
# malformed readings, a stop, a restart from the checkpoint) is allowed by the instance role that
# `etlctl synth` renders for stacks/sensor-pipeline.yaml, and every grant of that role is used but for
# those policy_check.py names with their reason. A request outside the policy is caught.
set -eu
. "$TOP/tests/lib/stream.sh"
"$ETLCTL" synth "$TOP/stacks/sensor-pipeline.yaml" >"$TEST_TMP/template.json" || fail "synth"
prefix=$(awk -F'"' '/^ *prefix:/ {print $2; exit}' "$TOP/stacks/sensor-pipeline.yaml")
stream_setup 2
/usr/bin/python3 "$TOP/tests/lib/gen_stream.py" 3 900 3 2 skewed "$TEST_TMP"
put_readings 2 3 "$TEST_TMP/input.ndjson"
export ETL_AWS_REQUEST_LOG=$TEST_TMP/requests.log
app_start "$TEST_TMP/log" --prefix "$prefix"
app_wait_count "$TEST_TMP/log" 900
app_stop "$TEST_TMP/log"
app_start "$TEST_TMP/log" --prefix "$prefix"
app_wait_count "$TEST_TMP/log" 900
app_stop "$TEST_TMP/log"
unset ETL_AWS_REQUEST_LOG
grep -q '"action":"DescribeStreamSummary"' "$TEST_TMP/requests.log" || fail "the restart did not check the retention"
grep -q '"late/' "$TEST_TMP/requests.log" || grep -q 'late\\/' "$TEST_TMP/requests.log" || fail "no late object written"
/usr/bin/python3 "$TOP/tests/lib/policy_check.py" "$TEST_TMP/template.json" "$TEST_TMP/requests.log" \
    "$STREAM" "$BUCKET" "${prefix}_state/" || fail "requests and policy disagree"

# the check itself can fail: a request the role does not allow
cp "$TEST_TMP/requests.log" "$TEST_TMP/more.log"
echo '{"service":"s3","action":"DeleteObject","resource":"out\/hourly\/x.parquet","status":204,"attempt":1}' >>"$TEST_TMP/more.log"
if /usr/bin/python3 "$TOP/tests/lib/policy_check.py" "$TEST_TMP/template.json" "$TEST_TMP/more.log" \
    "$STREAM" "$BUCKET" "${prefix}_state/" >"$TEST_TMP/out" 2>&1; then fail "a DeleteObject passed the check"; fi
grep -q "DENIED   s3:DeleteObject" "$TEST_TMP/out" || fail "$(cat "$TEST_TMP/out")"
echo ok
