# Stream mode's errors a user can reach: no bucket given (usage, exit 2), a stream or a bucket that does
# not exist (exit 1, the AWS error with service, action, code and request id, no checkpoint written),
# and the settings from the environment as the compute passes them.
set -eu
. "$TOP/tests/lib/stream.sh"
"$ETL_APP" --help | grep -q -- "--stream NAME --bucket NAME" || fail "--help"
rc=0
"$ETL_APP" --stream s 2>"$TEST_TMP/err" || rc=$?
[ $rc -eq 2 ] && grep -q "stream mode needs --bucket NAME (or ETL_BUCKET)" "$TEST_TMP/err" || fail "no bucket: $rc $(cat "$TEST_TMP/err")"
rc=0
ETL_STREAM=s ETL_BUCKET=b ETL_START=yesterday "$ETL_APP" 2>"$TEST_TMP/err" || rc=$?
[ $rc -eq 2 ] && grep -q "ETL_START=yesterday: expected trim_horizon, latest or at:<RFC 3339 time>" "$TEST_TMP/err" ||
    fail "bad ETL_START: $rc $(cat "$TEST_TMP/err")"

stream_setup 1
rc=0
ETL_STREAM=missing ETL_BUCKET=$BUCKET timeout 60 "$ETL_APP" >/dev/null 2>"$TEST_TMP/err" || rc=$?
[ $rc -eq 1 ] || fail "a missing stream gave exit $rc"
grep -Eq "kinesis ListShards: ResourceNotFoundException \(HTTP 400\): .*missing.* \[request id [^]]+\]" "$TEST_TMP/err" ||
    fail "missing stream: $(cat "$TEST_TMP/err")"
rc=0
ETL_STREAM=$STREAM ETL_BUCKET=nobucket timeout 60 "$ETL_APP" >/dev/null 2>"$TEST_TMP/err" || rc=$?
[ $rc -eq 1 ] || fail "a missing bucket gave exit $rc"
grep -Eq "s3 ListObjectsV2: NoSuchBucket \(HTTP 404\)" "$TEST_TMP/err" || fail "missing bucket: $(cat "$TEST_TMP/err")"
[ -z "$(s3cli ls "s3://$BUCKET" --recursive)" ] || fail "something was written"
echo ok
