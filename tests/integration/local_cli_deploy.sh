# `aws cloudformation deploy`, the AWS CLI's own create-or-update through change sets (it also calls
# GetTemplateSummary and DescribeChangeSet), works against the local endpoint: create, update
# (1 -> 2 shards in kinesalite), "No changes to deploy" when nothing changed, and a YAML template.
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
# a YAML template with short-form tags deploys the same way
cat >"$TEST_TMP/t.yaml" <<'YAML'
Parameters:
  Env: {Type: String, Default: dev}
Resources:
  Data:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: !Sub '${AWS::StackName}-${Env}-data'
Outputs:
  Arn: {Value: !GetAtt Data.Arn}
YAML
cf deploy --stack-name yaml --template-file "$TEST_TMP/t.yaml" | grep -q 'Successfully created/updated stack - yaml'
s3 head-bucket --bucket yaml-dev-data
[ "$(cf describe-stacks --stack-name yaml --query 'Stacks[0].Outputs[0].OutputValue' --output text)" = arn:aws:s3:::yaml-dev-data ]
cf get-template --stack-name yaml --query TemplateBody --output text | grep -q '!GetAtt Data.Arn'
# a CREATE change set on a new stack: the stack waits in REVIEW_IN_PROGRESS, every resource is an Add;
# deleting the stack then removes it without touching any peer
cf create-change-set --stack-name review --change-set-name first --change-set-type CREATE \
    --template-body "file://$TEST_TMP/t.json" >/dev/null
[ "$(cf describe-stacks --stack-name review --query 'Stacks[0].StackStatus' --output text)" = REVIEW_IN_PROGRESS ]
cf describe-change-set --stack-name review --change-set-name first --query 'Changes[].ResourceChange.[Action,LogicalResourceId]' \
    --output text | grep -qx $'Add\tStream'
! cf create-change-set --stack-name review --change-set-name first --change-set-type CREATE \
    --template-body "file://$TEST_TMP/t.json" 2>"$TEST_TMP/err"
grep -q AlreadyExistsException "$TEST_TMP/err"
cf delete-stack --stack-name review
! cf describe-stacks --stack-name review 2>/dev/null
[ "$(kin list-streams --query 'length(StreamNames)')" = 1 ]
localcloud_down_clean
echo ok
