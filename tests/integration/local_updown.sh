# `etlctl local up` starts kinesalite, s3rver and the CloudFormation endpoint on loopback ports, a second
# `up` reuses them, `status` lists them, and `down` leaves no process and no listening port behind.
set -eu
running() { [ -r "/proc/$1/stat" ] && ! sed 's/.*) //' "/proc/$1/stat" | grep -q '^Z'; } # not a zombie
st="$TEST_TMP/state"
"$ETLCTL" local up --state "$st" >"$TEST_TMP/up1"
cat "$TEST_TMP/up1"
for s in cloudformation s3 kinesis; do grep -Eq "^$s http://127\.0\.0\.1:[0-9]+ pid [0-9]+$" "$TEST_TMP/up1"; done
pids=$(sed -n 's/.* pid \([0-9]*\)$/\1/p' "$TEST_TMP/up1")
ports=$(sed -n 's/.*:\([0-9]*\) pid.*/\1/p' "$TEST_TMP/up1")
for p in $pids; do running "$p"; done
for p in $ports; do [ -n "$(ss -Hltn "sport = :$p")" ]; done
# a second up reuses the running cloud: same pids
"$ETLCTL" local up --state "$st" >"$TEST_TMP/up2"
diff "$TEST_TMP/up1" "$TEST_TMP/up2"
"$ETLCTL" local status --state "$st" | diff "$TEST_TMP/up1" -
# the endpoint answers the AWS CLI
cfn=$(sed -n 's/^cloudformation \(http[^ ]*\) .*/\1/p' "$TEST_TMP/up1")
AWS_ACCESS_KEY_ID=AKIDLOCAL AWS_SECRET_ACCESS_KEY=x AWS_DEFAULT_REGION=us-east-1 \
    /usr/bin/aws --endpoint-url "$cfn" cloudformation describe-stacks --output json | grep -q '"Stacks": \[\]'
# `local env` gives what `etlctl --local` sets: the three endpoints, s3rver's key, the region
"$ETLCTL" local env --state "$st" >"$TEST_TMP/env"
cat "$TEST_TMP/env"
(
    . "$TEST_TMP/env"
    [ "$AWS_ENDPOINT_URL_CLOUDFORMATION" = "$cfn" ]
    grep -q "^s3 $AWS_ENDPOINT_URL_S3 pid" "$TEST_TMP/up1"
    grep -q "^kinesis $AWS_ENDPOINT_URL_KINESIS pid" "$TEST_TMP/up1"
    [ "$AWS_ACCESS_KEY_ID" = S3RVER ] && [ "$AWS_REGION" = us-east-1 ]
    /usr/bin/aws --endpoint-url "$AWS_ENDPOINT_URL_S3" s3api list-buckets >/dev/null
)
# --local (and ETLCTL_LOCAL=1): any command talks to the local cloud; doctor passes every check,
# STS's GetCallerIdentity answered by the CloudFormation endpoint
ETLCTL_STATE="$st" "$ETLCTL" --local doctor >"$TEST_TMP/doctor"
cat "$TEST_TMP/doctor"
grep -q "^endpoint     cloudformation *$cfn from AWS_ENDPOINT_URL_CLOUDFORMATION$" "$TEST_TMP/doctor"
grep -q "^endpoint     sts *$cfn from AWS_ENDPOINT_URL_STS$" "$TEST_TMP/doctor"
grep -q '^ok    sts GetCallerIdentity *arn:aws:iam::123456789012:user/local' "$TEST_TMP/doctor"
ETLCTL_LOCAL=1 ETLCTL_STATE="$st" "$ETLCTL" doctor | grep -q '^all checks passed$'
# a key the state marks gets AWS's error: here the one --local uses, as expired
echo '{"S3RVER": "ExpiredToken"}' >"$st/cloudformation/access-keys.json"
! ETLCTL_STATE="$st" "$ETLCTL" --local doctor >"$TEST_TMP/doctor" 2>&1
grep -q '^FAIL  sts GetCallerIdentity .*ExpiredToken' "$TEST_TMP/doctor"
rm "$st/cloudformation/access-keys.json"
"$ETLCTL" local down --state "$st"
for p in $pids; do ! running "$p"; done
for p in $ports; do [ -z "$(ss -Hltn "sport = :$p")" ]; done
! "$ETLCTL" local status --state "$st"
# with the cloud down, --local and ETLCTL_LOCAL=1 say so instead of reaching for AWS
! ETLCTL_STATE="$st" "$ETLCTL" --local anything 2>"$TEST_TMP/err"
grep -q 'the local cloud is not running' "$TEST_TMP/err"
! ETLCTL_LOCAL=1 ETLCTL_STATE="$st" "$ETLCTL" anything 2>"$TEST_TMP/err"
grep -q 'etlctl local up' "$TEST_TMP/err"
! "$ETLCTL" local env --state "$st"
# down twice is fine; the data directories stay for the next up
"$ETLCTL" local down --state "$st"
[ -d "$st/kinesis" ] && [ -d "$st/s3" ] && [ -d "$st/cloudformation" ]
echo ok
