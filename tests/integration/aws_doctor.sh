# `etlctl doctor` against real peers (kinesalite, s3rver) and the loopback STS: exit 0 and the sources
# when everything answers; a precise FAIL line with its fix, exit 1, when one endpoint does not;
# usage errors exit 2; the session token never printed.
set -eu
. "$TOP/tests/lib/peers.sh"
peer_start kinesalite
peer_start s3rver "$TEST_TMP/s3"
python3 "$TOP/tests/lib/sts_server.py" >"$TEST_TMP/sts.port" 2>&1 &
sts_pid=$!
trap 'kill $sts_pid 2>/dev/null || true; peers__stop_all' EXIT
sts_port=$(peer__wait_port "$TEST_TMP/sts.port" $sts_pid)

export HOME="$TEST_TMP" AWS_EC2_METADATA_DISABLED=true AWS_REGION=eu-west-3
export AWS_ACCESS_KEY_ID=S3RVER AWS_SECRET_ACCESS_KEY=S3RVER AWS_SESSION_TOKEN=doctor-token-FwoGZXIvYXdzEXAMPLE
export AWS_ENDPOINT_URL_S3=$S3_URL AWS_ENDPOINT_URL_KINESIS=$KINESIS_URL AWS_ENDPOINT_URL_STS=http://127.0.0.1:$sts_port
unset AWS_PROFILE AWS_DEFAULT_REGION AWS_ENDPOINT_URL AWS_ENDPOINT_URL_CLOUDFORMATION

"$ETLCTL" doctor >"$TEST_TMP/out" 2>&1 || { cat "$TEST_TMP/out"; echo "doctor failed with every peer up"; exit 1; }
cat "$TEST_TMP/out"
grep -q '^credentials  access key \.\.\.RVER from environment (AWS_ACCESS_KEY_ID, AWS_SESSION_TOKEN) (temporary)$' "$TEST_TMP/out"
grep -q '^region       eu-west-3 from AWS_REGION$' "$TEST_TMP/out"
grep -q "^endpoint     s3 *$S3_URL from AWS_ENDPOINT_URL_S3 (path-style)$" "$TEST_TMP/out"
grep -q "^endpoint     cloudformation *https://cloudformation.eu-west-3.amazonaws.com from default for eu-west-3$" "$TEST_TMP/out"
grep -q '^ok    sts GetCallerIdentity *arn:aws:iam::123456789012:user/S3RVER (account 123456789012)$' "$TEST_TMP/out"
grep -q '^ok    s3 ListBuckets *0 buckets$' "$TEST_TMP/out"
grep -q '^ok    kinesis ListStreams *0 streams$' "$TEST_TMP/out"
! grep -q "$AWS_SESSION_TOKEN" "$TEST_TMP/out"

# one endpoint down: a FAIL line that says what to fix, exit 1
set +e
AWS_ENDPOINT_URL_KINESIS=http://127.0.0.1:9 "$ETLCTL" doctor --region us-east-2 >"$TEST_TMP/out" 2>&1
rc=$?
set -e
cat "$TEST_TMP/out"
[ $rc -eq 1 ] || { echo "doctor exited $rc with kinesis down"; exit 1; }
grep -q '^region       us-east-2 from --region$' "$TEST_TMP/out"
grep -q '^FAIL  kinesis ListStreams *kinesis ListStreams: NetworkError: 127.0.0.1:9: ' "$TEST_TMP/out"
grep -q '^      fix: the endpoint does not answer' "$TEST_TMP/out"
grep -q '^ok    s3 ListBuckets' "$TEST_TMP/out"

# wrong secret for STS: the service's code and what to do
set +e
AWS_ACCESS_KEY_ID=BADKEY "$ETLCTL" doctor >"$TEST_TMP/out" 2>&1
set -e
grep -q 'sts GetCallerIdentity: InvalidClientTokenId (HTTP 403): The security token included in the request is invalid. \[request id r-2\]' "$TEST_TMP/out"
grep -q 'fix: the access key is not known to AWS' "$TEST_TMP/out"

# usage and configuration errors
set +e
"$ETLCTL" doctor --region >/dev/null 2>"$TEST_TMP/err"; rc=$?
set -e
[ $rc -eq 2 ] && grep -q -- '--region needs a value' "$TEST_TMP/err"
set +e
"$ETLCTL" doctor --profile nope >"$TEST_TMP/out" 2>&1; rc=$?
set -e
[ $rc -eq 1 ] && grep -q 'ProfileNotFound: profile "nope"' "$TEST_TMP/out"
"$ETLCTL" doctor --help | grep -q '^usage: etlctl doctor'

# nothing configured at all: what is missing, and what to do
set +e
env -u AWS_REGION -u AWS_ACCESS_KEY_ID -u AWS_SECRET_ACCESS_KEY -u AWS_SESSION_TOKEN "$ETLCTL" doctor >"$TEST_TMP/out" 2>&1
rc=$?
set -e
cat "$TEST_TMP/out"
[ $rc -eq 1 ]
grep -q '^FAIL  region  *not set' "$TEST_TMP/out"
grep -q '^FAIL  credentials  *credentials: NoCredentials: ' "$TEST_TMP/out"
grep -q '^endpoint     cloudformation (none without a region)$' "$TEST_TMP/out"
grep -q '^some checks failed$' "$TEST_TMP/out"
