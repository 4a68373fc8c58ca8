# `etlctl local up` starts kinesalite, s3rver and the CloudFormation endpoint on loopback ports, a second
# `up` reuses them, `status` lists them, and `down` leaves no process and no listening port behind.
set -eu
st="$TEST_TMP/state"
"$ETLCTL" local up --state "$st" >"$TEST_TMP/up1"
cat "$TEST_TMP/up1"
for s in cloudformation s3 kinesis; do grep -Eq "^$s http://127\.0\.0\.1:[0-9]+ pid [0-9]+$" "$TEST_TMP/up1"; done
pids=$(sed -n 's/.* pid \([0-9]*\)$/\1/p' "$TEST_TMP/up1")
ports=$(sed -n 's/.*:\([0-9]*\) pid.*/\1/p' "$TEST_TMP/up1")
for p in $pids; do kill -0 "$p"; done
for p in $ports; do [ -n "$(ss -Hltn "sport = :$p")" ]; done
# a second up reuses the running cloud: same pids
"$ETLCTL" local up --state "$st" >"$TEST_TMP/up2"
diff "$TEST_TMP/up1" "$TEST_TMP/up2"
"$ETLCTL" local status --state "$st" | diff "$TEST_TMP/up1" -
# the endpoint answers the AWS CLI
cfn=$(sed -n 's/^cloudformation \(http[^ ]*\) .*/\1/p' "$TEST_TMP/up1")
AWS_ACCESS_KEY_ID=AKIDLOCAL AWS_SECRET_ACCESS_KEY=x AWS_DEFAULT_REGION=us-east-1 \
    /usr/bin/aws --endpoint-url "$cfn" cloudformation describe-stacks --output json | grep -q '"Stacks": \[\]'
"$ETLCTL" local down --state "$st"
for p in $pids; do ! kill -0 "$p" 2>/dev/null; done
for p in $ports; do [ -z "$(ss -Hltn "sport = :$p")" ]; done
! "$ETLCTL" local status --state "$st"
# down twice is fine; the data directories stay for the next up
"$ETLCTL" local down --state "$st"
[ -d "$st/kinesis" ] && [ -d "$st/s3" ] && [ -d "$st/cloudformation" ]
echo ok
