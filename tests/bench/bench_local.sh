# The local cloud: wall time of `etlctl local up` (cold: all three services started, until all answer)
# and of a second `up` (reuse), and the latency of a signed DescribeStacks on the endpoint holding 20
# stacks, next to kinesalite's ListStreams and s3rver's ListBuckets measured the same way in the same
# run (curl --aws-sigv4, one connection, 300 requests each). Goals: up < 5 s, DescribeStacks < 10 ms.
set -eu
etlctl="$TOP/build/rel/etlctl"
tmp=${BENCH_TMP:-$(mktemp -d)}
st="$tmp/state"
trap '"$etlctl" local down --state "$st" >/dev/null 2>&1 || true' EXIT
now() { date +%s.%N; }
ups=()
for i in 1 2 3; do
    t0=$(now); "$etlctl" local up --state "$st" >"$tmp/up"; t1=$(now)
    ups+=("$(echo "$t1 - $t0" | bc)")
    [ "$i" = 3 ] || "$etlctl" local down --state "$st"
done
t0=$(now); "$etlctl" local up --state "$st" >/dev/null; t1=$(now)
reuse=$(echo "$t1 - $t0" | bc)
url() { sed -n "s/^$1 \(http[^ ]*\) .*/\1/p" "$tmp/up"; }
export AWS_ACCESS_KEY_ID=S3RVER AWS_SECRET_ACCESS_KEY=S3RVER AWS_DEFAULT_REGION=us-east-1 AWS_PAGER=
printf '{"Resources": {"R": {"Type": "AWS::IAM::Role", "Properties": {}}}}' >"$tmp/t.json"
for i in $(seq 1 20); do
    /usr/bin/aws --endpoint-url "$(url cloudformation)" cloudformation create-stack --stack-name "s$i" \
        --template-body "file://$tmp/t.json" --capabilities CAPABILITY_IAM >/dev/null
done
/usr/bin/aws --endpoint-url "$(url cloudformation)" cloudformation wait stack-create-complete --stack-name s20
# median milliseconds of 300 signed requests on one connection: service, URL, curl's request options
latency() {
    local service=$1 u=$2; shift 2
    local args=() i
    for i in $(seq 1 300); do args+=(-s -o /dev/null -w '%{time_total}\n' --aws-sigv4 "aws:amz:us-east-1:$service" --user S3RVER:S3RVER "$@" "$u"); [ "$i" = 300 ] || args+=(--next); done
    curl "${args[@]}" |
        sort -n | awk '{v[NR] = $1} END {printf "%.2f", v[int((NR + 1) / 2)] * 1000}'
}
# what is measured is a real answer: all 20 stacks
[ "$(curl -s --aws-sigv4 aws:amz:us-east-1:cloudformation --user S3RVER:S3RVER -d Action=DescribeStacks "$(url cloudformation)/" |
    grep -o '<StackStatus>CREATE_COMPLETE</StackStatus>' | wc -l)" = 20 ] || { echo "DescribeStacks did not list 20 stacks"; exit 1; }
cfn_ms=$(latency cloudformation "$(url cloudformation)/" -d Action=DescribeStacks -d Version=2010-05-15)
kin_ms=$(latency kinesis "$(url kinesis)/" -H 'Content-Type: application/x-amz-json-1.1' -H 'X-Amz-Target: Kinesis_20131202.ListStreams' -d '{}')
s3_ms=$(latency s3 "$(url s3)/")
report=$(printf '%s\n' \
    "etlctl local up (cold, 3 runs): $(printf '%ss ' "${ups[@]}")(goal < 5 s); second up (reuse): ${reuse}s" \
    "DescribeStacks (20 stacks), median of 300: ${cfn_ms} ms (goal < 10 ms)" \
    "peers, same run: kinesalite ListStreams ${kin_ms} ms, s3rver ListBuckets ${s3_ms} ms" \
    "ratio: DescribeStacks takes $(echo "scale=2; $cfn_ms / $kin_ms" | bc)x kinesalite's ListStreams")
echo "$report"
[ -n "${BENCH_OUT:-}" ] && echo "$report" >"$BENCH_OUT"
exit 0
