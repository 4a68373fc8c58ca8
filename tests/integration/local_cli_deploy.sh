# `aws cloudformation deploy`, the AWS CLI's own create-or-update through change sets (it also calls
# GetTemplateSummary and DescribeChangeSet), works against the local endpoint: create, update
# (1 -> 2 shards in kinesalite), and "No changes to deploy" when nothing changed.
set -eu
. "$TOP/tests/lib/localcloud.sh"
cat >"$TEST_TMP/t.json" <<'JSON'
{"Parameters": {"Shards": {"Type": "Number", "Default": "1"}},
 "Resources": {"Stream": {"Type": "AWS::Kinesis::Stream", "Properties": {"ShardCount": {"Ref": "Shards"}}}},
 "Outputs": {"Name": {"Value": {"Ref": "Stream"}}}}
JSON
deploy() { cf deploy --stack-name dep --template-file "$TEST_TMP/t.json" "$@"; }
deploy | grep -q 'Successfully created/updated stack - dep'
name=$(cf describe-stacks --stack-name dep --query 'Stacks[0].Outputs[0].OutputValue' --output text)
[ "$(kin list-shards --stream-name "$name" --query 'length(Shards)')" = 1 ]
cf get-template-summary --stack-name dep --query 'Parameters[0].[ParameterKey,ParameterType,DefaultValue]' --output text | grep -q $'^Shards\tNumber\t1$'
deploy --parameter-overrides Shards=2 | grep -q 'Successfully created/updated stack - dep'
[ "$(kin list-shards --stream-name "$name" --query 'length(Shards[?SequenceNumberRange.EndingSequenceNumber==null])')" = 2 ]
deploy | grep -q 'No changes to deploy. Stack dep is up to date'
[ "$(cf describe-stacks --stack-name dep --query 'Stacks[0].StackStatus' --output text)" = UPDATE_COMPLETE ]
localcloud_down_clean
echo ok
