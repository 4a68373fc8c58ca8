# The real peers start on free loopback ports, answer the AWS CLI, and stop when asked.
set -eu
. "$TOP/tests/lib/peers.sh"
peer_start kinesalite --path "$TEST_TMP/kinesis"
peer_start s3rver "$TEST_TMP/s3"
export AWS_ACCESS_KEY_ID=S3RVER AWS_SECRET_ACCESS_KEY=S3RVER AWS_DEFAULT_REGION=us-east-1 AWS_PAGER=
aws() { /usr/bin/aws "$@"; }
aws --endpoint-url "$KINESIS_URL" kinesis create-stream --stream-name probe --shard-count 2
aws --endpoint-url "$KINESIS_URL" kinesis list-streams --output text | grep -q probe
aws --endpoint-url "$S3_URL" s3api create-bucket --bucket probe >/dev/null
aws --endpoint-url "$S3_URL" s3api list-buckets --output text | grep -q probe
peer_stop kinesalite
! kill -0 "$KINESIS_PID" 2>/dev/null
# kinesalite started on the same data path keeps its streams.
peer_start kinesalite --path "$TEST_TMP/kinesis"
aws --endpoint-url "$KINESIS_URL" kinesis list-streams --output text | grep -q probe
