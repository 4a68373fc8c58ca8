# A stack with a Kinesis stream and an S3 bucket, driven by the AWS CLI through the local
# CloudFormation endpoint and checked after each step, again with the AWS CLI, in kinesalite and
# s3rver themselves: create, a change set that reshards and replaces, an update that fails and rolls
# back, a create that fails and rolls back, a delete refused while the bucket holds objects, then done.
set -eu
. "$TOP/tests/lib/localcloud.sh"
open_shards() { kin list-shards --stream-name "$1" --query 'length(Shards[?SequenceNumberRange.EndingSequenceNumber==null])'; }
output() { cf describe-stacks --stack-name pipe --query "Stacks[0].Outputs[?OutputKey=='$1'].OutputValue" --output text; }
write_template() { # shards bucket-name extra-resource-json
    cat >"$TEST_TMP/t.json" <<JSON
{"Parameters": {"Shards": {"Type": "Number", "Default": "$1"}},
 "Resources": {
  "Stream": {"Type": "AWS::Kinesis::Stream", "Properties": {"ShardCount": {"Ref": "Shards"}, "RetentionPeriodHours": 48,
     "StreamEncryption": {"EncryptionType": "KMS", "KeyId": "alias/aws/kinesis"}}},
  "Bucket": {"Type": "AWS::S3::Bucket", "Properties": {"BucketName": "$2", "VersioningConfiguration": {"Status": "Enabled"}}},
  "Kept": {"Type": "AWS::S3::Bucket", "DeletionPolicy": "Retain", "Properties": {"BucketName": "pipe-kept"}},
  "Policy": {"Type": "AWS::S3::BucketPolicy", "Properties": {"Bucket": {"Ref": "Bucket"}, "PolicyDocument": {"Statement": [
     {"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": {"Fn::Sub": "\${Bucket.Arn}/*"},
      "Condition": {"Bool": {"aws:SecureTransport": "false"}}}]}}}$3},
 "Outputs": {"StreamName": {"Value": {"Ref": "Stream"}}, "StreamArn": {"Value": {"Fn::GetAtt": ["Stream", "Arn"]}},
   "BucketName": {"Value": {"Ref": "Bucket"}}}}
JSON
}

# create
write_template 2 pipe-data-1 ""
cf create-stack --stack-name pipe --template-body "file://$TEST_TMP/t.json" >/dev/null
[ "$(settled pipe)" = CREATE_COMPLETE ]
stream=$(output StreamName)
[ "$(output BucketName)" = pipe-data-1 ]
output StreamArn | grep -q ":stream/$stream\$"
kin describe-stream-summary --stream-name "$stream" --query 'StreamDescriptionSummary.[StreamStatus,RetentionPeriodHours]' --output text | grep -q $'^ACTIVE\t48$'
[ "$(open_shards "$stream")" = 2 ]
s3 head-bucket --bucket pipe-data-1
# what the peers lack is said in the events
cf describe-stack-events --stack-name pipe --query 'StackEvents[].[LogicalResourceId,ResourceStatus,ResourceStatusReason]' --output text >"$TEST_TMP/ev"
grep -q $'^Stream\tCREATE_COMPLETE\tlocal cloud: kinesalite has no encryption' "$TEST_TMP/ev"
grep -q $'^Bucket\tCREATE_COMPLETE\tlocal cloud: s3rver has no versioning' "$TEST_TMP/ev"
grep -q $'^Policy\tCREATE_COMPLETE\tlocal cloud: s3rver has no bucket policy' "$TEST_TMP/ev"

# a change set: 2 -> 3 shards (in place, by SplitShard) and a new bucket name (replacement)
write_template 3 pipe-data-2 ""
cf create-change-set --stack-name pipe --change-set-name grow --template-body "file://$TEST_TMP/t.json" \
    --parameters ParameterKey=Shards,ParameterValue=3 >/dev/null
cf wait change-set-create-complete --stack-name pipe --change-set-name grow
cf describe-change-set --stack-name pipe --change-set-name grow \
    --query 'Changes[].ResourceChange.[LogicalResourceId,Action,Replacement]' --output text >"$TEST_TMP/ch"
cat "$TEST_TMP/ch"
grep -q $'^Stream\tModify\tFalse$' "$TEST_TMP/ch"
grep -q $'^Bucket\tModify\tTrue$' "$TEST_TMP/ch"
grep -q $'^Policy\tModify\tTrue$' "$TEST_TMP/ch"
cf execute-change-set --stack-name pipe --change-set-name grow
[ "$(settled pipe)" = UPDATE_COMPLETE ]
[ "$(output StreamName)" = "$stream" ]
[ "$(open_shards "$stream")" = 3 ]
s3 head-bucket --bucket pipe-data-2
! s3 head-bucket --bucket pipe-data-1 2>/dev/null
cf describe-stack-events --stack-name pipe --query 'StackEvents[].[LogicalResourceId,ResourceStatus,ResourceStatusReason]' --output text >"$TEST_TMP/ev"
grep -q $'^Stream\tUPDATE_COMPLETE\tlocal cloud: kinesalite has no UpdateShardCount: resharded from 2 to 3 shards' "$TEST_TMP/ev"
grep -q $'^pipe\tUPDATE_COMPLETE_CLEANUP_IN_PROGRESS' "$TEST_TMP/ev"

# an update that fails: the stream is resharded 3 -> 1 (MergeShards), then a bucket s3rver refuses;
# the stack rolls back and the stream is back at 3 shards
write_template 1 pipe-data-2 ', "Broken": {"Type": "AWS::S3::Bucket", "DependsOn": "Stream", "Properties": {"BucketName": "Not_A_Valid_Name"}}'
cf update-stack --stack-name pipe --template-body "file://$TEST_TMP/t.json" --parameters ParameterKey=Shards,ParameterValue=1 >/dev/null
[ "$(settled pipe)" = UPDATE_ROLLBACK_COMPLETE ]
cf describe-stack-events --stack-name pipe --query 'StackEvents[].[LogicalResourceId,ResourceStatus,ResourceStatusReason]' --output text >"$TEST_TMP/ev"
grep -q $'^Broken\tCREATE_FAILED\tResource handler returned message: "s3 CreateBucket: InvalidBucketName' "$TEST_TMP/ev"
grep -q $'^pipe\tUPDATE_ROLLBACK_IN_PROGRESS\tThe following resource(s) failed to update: \[Broken\]' "$TEST_TMP/ev"
grep -q $'^Stream\tUPDATE_COMPLETE\tlocal cloud: kinesalite has no UpdateShardCount: resharded from 1 to 3 shards' "$TEST_TMP/ev"
[ "$(open_shards "$stream")" = 3 ]
[ "$(cf describe-stacks --stack-name pipe --query 'Stacks[0].Parameters[0].ParameterValue' --output text)" = 3 ]
! cf describe-stack-resources --stack-name pipe --query 'StackResources[].LogicalResourceId' --output text | grep -q Broken

# a create that fails rolls back and removes what it made; its template comes by TemplateURL from S3
cat >"$TEST_TMP/bad.json" <<'JSON'
{"Resources": {"S": {"Type": "AWS::Kinesis::Stream", "Properties": {"Name": "doomed", "ShardCount": 1}},
  "B": {"Type": "AWS::S3::Bucket", "DependsOn": "S", "Properties": {"BucketName": "Not_A_Valid_Name"}}}}
JSON
s3 create-bucket --bucket templates >/dev/null
s3 put-object --bucket templates --key bad.json --body "$TEST_TMP/bad.json" >/dev/null
cf validate-template --template-url https://templates.s3.us-east-1.amazonaws.com/bad.json >/dev/null
! cf validate-template --template-url "$(url s3)/templates/missing.json" 2>"$TEST_TMP/err"
grep -q 'S3 error: Unable to get object missing.json from bucket templates' "$TEST_TMP/err"
cf create-stack --stack-name doomed --template-url "$(url s3)/templates/bad.json" >/dev/null
[ "$(settled doomed)" = ROLLBACK_COMPLETE ]
! kin list-streams --query StreamNames --output text | grep -qw doomed

# delete: refused by S3 while the bucket holds an object (DELETE_FAILED), done once it is empty
echo hello >"$TEST_TMP/obj"
s3 put-object --bucket pipe-data-2 --key k --body "$TEST_TMP/obj" >/dev/null
pipe_id=$(cf describe-stacks --stack-name pipe --query 'Stacks[0].StackId' --output text)
cf delete-stack --stack-name pipe
! cf wait stack-delete-complete --stack-name pipe 2>/dev/null
cf describe-stacks --stack-name pipe --query 'Stacks[0].[StackStatus,StackStatusReason]' --output text | grep -q $'^DELETE_FAILED\tThe following resource(s) failed to delete: \[Bucket\]'
s3 delete-object --bucket pipe-data-2 --key k
cf delete-stack --stack-name pipe
cf wait stack-delete-complete --stack-name pipe
! kin list-streams --query StreamNames --output text | grep -qw "$stream"
! s3 head-bucket --bucket pipe-data-2 2>/dev/null
# DeletionPolicy Retain: skipped, and still in s3rver
cf describe-stack-events --stack-name "$pipe_id" --query 'StackEvents[?LogicalResourceId==`Kept`].ResourceStatus' --output text | grep -q DELETE_SKIPPED
s3 head-bucket --bucket pipe-kept
# the endpoint (an ASan build in tests) stopped cleanly and reported nothing
localcloud_down_clean
echo ok
