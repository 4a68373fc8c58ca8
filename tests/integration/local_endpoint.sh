# The AWS CLI drives the local CloudFormation endpoint through the Query API: create with parameters
# and intrinsics, events, resources, templates, change sets, a rollback on a failing resource, the
# credential errors, and stack state surviving a restart of the local cloud.
set -eu
. "$TOP/tests/lib/localcloud.sh"
export AWS_ACCESS_KEY_ID=AKIDLOCAL AWS_SECRET_ACCESS_KEY=secret # the endpoint takes any signed key but marked ones
t="$TEST_TMP/t.json"
cat >"$t" <<'JSON'
{"Description": "recorded resources",
 "Parameters": {"Env": {"Type": "String", "Default": "dev", "AllowedValues": ["dev", "prod"]},
   "Token": {"Type": "String", "NoEcho": true, "Default": "hidden"},
   "Ami": {"Type": "AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>", "Default": "/aws/service/al2023"}},
 "Conditions": {"IsProd": {"Fn::Equals": [{"Ref": "Env"}, "prod"]}},
 "Resources": {
   "Role": {"Type": "AWS::IAM::Role", "Properties": {"AssumeRolePolicyDocument": {}}},
   "Profile": {"Type": "AWS::IAM::InstanceProfile", "Properties": {"Roles": [{"Ref": "Role"}]}},
   "Launch": {"Type": "AWS::EC2::LaunchTemplate", "Properties": {"LaunchTemplateData": {"ImageId": {"Ref": "Ami"},
     "IamInstanceProfile": {"Arn": {"Fn::GetAtt": ["Profile", "Arn"]}}}}},
   "ProdOnly": {"Type": "AWS::Glue::Database", "Condition": "IsProd", "Properties": {"DatabaseInput": {"Name": "db"}}}},
 "Outputs": {"RoleArn": {"Value": {"Fn::GetAtt": ["Role", "Arn"]}},
   "Name": {"Value": {"Fn::Sub": "${AWS::StackName}-${Env}-${!Literal}"}},
   "Zone": {"Value": {"Fn::Select": [1, {"Fn::GetAZs": ""}]}},
   "Ami": {"Value": {"Ref": "Ami"}}}}
JSON
cf validate-template --template-body "file://$t" --query 'Parameters[].ParameterKey' --output text | grep -q Env
# IAM resources need the capability, as on AWS
! cf create-stack --stack-name app --template-body "file://$t" 2>"$TEST_TMP/err"
grep -q 'InsufficientCapabilitiesException' "$TEST_TMP/err"
! cf create-stack --stack-name app --template-body "file://$t" --capabilities CAPABILITY_IAM \
    --parameters ParameterKey=Env,ParameterValue=test 2>"$TEST_TMP/err"
grep -q "Parameter 'Env' must be one of AllowedValues" "$TEST_TMP/err"
cf create-stack --stack-name app --template-body "file://$t" --capabilities CAPABILITY_IAM
! cf create-stack --stack-name app --template-body "file://$t" --capabilities CAPABILITY_IAM 2>"$TEST_TMP/err"
grep -q 'AlreadyExistsException' "$TEST_TMP/err"
[ "$(settled app)" = CREATE_COMPLETE ]
cf describe-stacks --stack-name app --output json >"$TEST_TMP/d.json"
python3 - "$TEST_TMP/d.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))["Stacks"][0]
assert s["StackStatus"] == "CREATE_COMPLETE", s
out = {o["OutputKey"]: o["OutputValue"] for o in s["Outputs"]}
assert out["Name"] == "app-dev-${Literal}", out
assert out["Zone"] == "us-east-1b", out
assert out["RoleArn"].startswith("arn:aws:iam::123456789012:role/app-Role-"), out
assert out["Ami"].startswith("ami-"), out
p = {x["ParameterKey"]: x for x in s["Parameters"]}
assert p["Token"]["ParameterValue"] == "****", p
assert p["Ami"]["ResolvedValue"] == out["Ami"], p
PY
# events: newest first, the stack's own first and last, each resource in dependency order
cf describe-stack-events --stack-name app --query 'StackEvents[].[LogicalResourceId,ResourceStatus]' --output text >"$TEST_TMP/ev"
head -n 1 "$TEST_TMP/ev" | grep -q $'^app\tCREATE_COMPLETE$'
tail -n 1 "$TEST_TMP/ev" | grep -q $'^app\tCREATE_IN_PROGRESS$'
[ "$(grep -n $'^Role\tCREATE_COMPLETE' "$TEST_TMP/ev" | cut -d: -f1)" -gt "$(grep -n $'^Launch\tCREATE_COMPLETE' "$TEST_TMP/ev" | cut -d: -f1)" ]
! grep -q ProdOnly "$TEST_TMP/ev"
[ "$(cf list-stack-resources --stack-name app --query 'length(StackResourceSummaries)')" = 3 ]
cf describe-stack-resources --stack-name app --logical-resource-id Launch --query 'StackResources[0].PhysicalResourceId' --output text | grep -q '^lt-'
cf get-template --stack-name app --query TemplateBody --output json | grep -q 'recorded resources'
# an update through a change set: the condition turns on a new resource
cf create-change-set --stack-name app --change-set-name to-prod --use-previous-template --capabilities CAPABILITY_IAM \
    --parameters ParameterKey=Env,ParameterValue=prod ParameterKey=Token,UsePreviousValue=true ParameterKey=Ami,UsePreviousValue=true >/dev/null
cf wait change-set-create-complete --stack-name app --change-set-name to-prod
cf describe-change-set --stack-name app --change-set-name to-prod --query 'Changes[].ResourceChange.[Action,LogicalResourceId]' --output text >"$TEST_TMP/ch"
grep -q $'^Add\tProdOnly$' "$TEST_TMP/ch"
[ "$(wc -l <"$TEST_TMP/ch")" = 1 ]
cf list-change-sets --stack-name app --query 'Summaries[].ChangeSetName' --output text | grep -q to-prod
cf execute-change-set --stack-name app --change-set-name to-prod
[ "$(settled app)" = UPDATE_COMPLETE ]
cf describe-stack-resources --stack-name app --logical-resource-id ProdOnly --query 'StackResources[0].PhysicalResourceId' --output text | grep -q '^db$'
[ "$(cf list-change-sets --stack-name app --query 'length(Summaries)')" = 0 ]
# nothing to change: refused as on AWS
! cf update-stack --stack-name app --use-previous-template --capabilities CAPABILITY_IAM \
    --parameters ParameterKey=Env,UsePreviousValue=true ParameterKey=Token,UsePreviousValue=true ParameterKey=Ami,UsePreviousValue=true 2>"$TEST_TMP/err"
grep -q 'No updates are to be performed.' "$TEST_TMP/err"
# a resource type the local cloud cannot provide fails the create and rolls the stack back
cat >"$TEST_TMP/bad.json" <<'JSON'
{"Resources": {"Role": {"Type": "AWS::IAM::Role", "Properties": {}},
  "Queue": {"Type": "AWS::SQS::Queue", "DependsOn": "Role", "Properties": {}}}}
JSON
cf create-stack --stack-name bad --template-body "file://$TEST_TMP/bad.json" --capabilities CAPABILITY_IAM >/dev/null
! cf wait stack-create-complete --stack-name bad 2>/dev/null
cf describe-stacks --stack-name bad --query 'Stacks[0].[StackStatus,StackStatusReason]' --output text >"$TEST_TMP/bad"
grep -q $'^ROLLBACK_COMPLETE\t' "$TEST_TMP/bad" || { cat "$TEST_TMP/bad"; exit 1; }
cf describe-stack-events --stack-name bad --query 'StackEvents[].[LogicalResourceId,ResourceStatus,ResourceStatusReason]' --output text >"$TEST_TMP/ev"
grep -q $'^Queue\tCREATE_FAILED\tResource type AWS::SQS::Queue is not supported by the local cloud' "$TEST_TMP/ev"
grep -q $'^Role\tDELETE_COMPLETE' "$TEST_TMP/ev"
grep -q $'^bad\tROLLBACK_IN_PROGRESS\tThe following resource(s) failed to create: \[Queue\]' "$TEST_TMP/ev"
# credentials: unsigned requests and keys the state marks get AWS's errors
cat >"$st/cloudformation/access-keys.json" <<'JSON'
{"AKIDINVALID": "InvalidClientTokenId", "AKIDEXPIRED": "ExpiredToken", "AKIDDENIED": "AccessDenied"}
JSON
for k in AKIDINVALID:InvalidClientTokenId AKIDEXPIRED:ExpiredToken AKIDDENIED:AccessDenied; do
    ! AWS_ACCESS_KEY_ID=${k%%:*} AWS_MAX_ATTEMPTS=1 cf describe-stacks 2>"$TEST_TMP/err"
    grep -q "(${k#*:}) when calling the DescribeStacks operation" "$TEST_TMP/err"
done
! cf describe-stacks --no-sign-request 2>"$TEST_TMP/err"
grep -q 'MissingAuthenticationToken' "$TEST_TMP/err"
! cf describe-stacks --stack-name nope 2>"$TEST_TMP/err"
grep -q 'ValidationError.*Stack with id nope does not exist' "$TEST_TMP/err"
# the stacks survive a restart of the local cloud
"$ETLCTL" local down --state "$st"
localcloud_up
[ "$(cf describe-stacks --stack-name app --query 'Stacks[0].StackStatus' --output text)" = UPDATE_COMPLETE ]
cf delete-stack --stack-name app
cf wait stack-delete-complete --stack-name app
! cf describe-stacks --stack-name app 2>/dev/null
# ListStacks: newest first, deleted ones included, filtered by status
cf list-stacks --query 'StackSummaries[].[StackName,StackStatus]' --output text >"$TEST_TMP/ls"
cat "$TEST_TMP/ls"
head -n 1 "$TEST_TMP/ls" | grep -q $'^bad\tROLLBACK_COMPLETE$'
grep -q $'^app\tDELETE_COMPLETE$' "$TEST_TMP/ls"
[ "$(cf list-stacks --stack-status-filter ROLLBACK_COMPLETE --query 'StackSummaries[].StackName' --output text)" = bad ]
# a deleted stack stays readable by its id
id=$(cf describe-stack-events --stack-name bad --query 'StackEvents[0].StackId' --output text)
cf delete-stack --stack-name bad
cf wait stack-delete-complete --stack-name "$id"
# the endpoint (an ASan build in tests) stopped cleanly and reported nothing
localcloud_down_clean
echo ok
