# An Auto Scaling group in the local cloud runs the app from its artifact as a supervised local
# process: downloaded from s3rver, checked against its SHA-256, unpacked, started with the launch
# template's Etlctl::App environment plus the local endpoints; restarted when killed, replaced when
# the artifact changes, refused when the hash is wrong (the update rolls back), stopped by
# `local down` and resumed by `local up`, stopped on delete. Until etl-app exists the artifact holds a
# small shell program named etl-app that records its environment and sleeps.
set -eu
. "$TOP/tests/lib/localcloud.sh"
make_artifact() { # version [exit status] -> $TEST_TMP/app-<version>.tar.gz, an app that sleeps (or exits at once)
    local d="$TEST_TMP/pkg-$1"
    mkdir -p "$d/app/bin"
    printf '#!/bin/sh\nenv > "$HOME/env"\necho "%s $$" >> "$HOME/starts"\n%s\n' "$1" "${2:+exit $2}" >"$d/app/bin/etl-app"
    echo 'exec sleep 600' >>"$d/app/bin/etl-app"
    chmod 755 "$d/app/bin/etl-app"
    tar -C "$d" -czf "$TEST_TMP/app-$1.tar.gz" app
    s3 put-object --bucket artifacts --key "app-$1.tar.gz" --body "$TEST_TMP/app-$1.tar.gz" >/dev/null
}
starts() { [ "$(grep -c "^$1 " "$home/starts")" -ge "$2" ]; } # version count: started at least count times
sha() { sha256sum "$TEST_TMP/app-$1.tar.gz" | cut -d' ' -f1; }
s3 create-bucket --bucket artifacts >/dev/null
make_artifact v1
make_artifact v2
make_artifact v3 3
cat >"$TEST_TMP/t.json" <<'JSON'
{"Parameters": {"ArtifactBucket": {"Type": "String"}, "ArtifactKey": {"Type": "String"}, "ArtifactSha256": {"Type": "String"}},
 "Resources": {
  "Stream": {"Type": "AWS::Kinesis::Stream", "Properties": {"ShardCount": 1}},
  "Data": {"Type": "AWS::S3::Bucket"},
  "Launch": {"Type": "AWS::EC2::LaunchTemplate",
    "Metadata": {"Etlctl::App": {
      "Environment": {"ETL_STREAM": {"Ref": "Stream"}, "ETL_BUCKET": {"Ref": "Data"}, "ETL_PREFIX": "out/"},
      "Artifact": {"Bucket": {"Ref": "ArtifactBucket"}, "Key": {"Ref": "ArtifactKey"}, "Sha256": {"Ref": "ArtifactSha256"}}}},
    "Properties": {"LaunchTemplateData": {"InstanceType": "t3.small"}}},
  "Group": {"Type": "AWS::AutoScaling::AutoScalingGroup",
    "Properties": {"MinSize": "1", "MaxSize": "1", "DesiredCapacity": "1",
      "LaunchTemplate": {"LaunchTemplateId": {"Ref": "Launch"}, "Version": {"Fn::GetAtt": ["Launch", "LatestVersionNumber"]}}}}}}
JSON
params() { echo "ParameterKey=ArtifactBucket,ParameterValue=artifacts ParameterKey=ArtifactKey,ParameterValue=app-$1.tar.gz ParameterKey=ArtifactSha256,ParameterValue=$2"; }
# shellcheck disable=SC2046
cf create-stack --stack-name compute --template-body "file://$TEST_TMP/t.json" --parameters $(params v1 "$(sha v1)") >/dev/null
[ "$(settled compute)" = CREATE_COMPLETE ]
home=$(ls -d "$st"/cloudformation/apps/compute-Group)
wait_for 10 test -s "$home/env"
stream=$(cf describe-stack-resources --stack-name compute --logical-resource-id Stream --query 'StackResources[0].PhysicalResourceId' --output text)
grep -qx "ETL_STREAM=$stream" "$home/env"
grep -qx 'ETL_PREFIX=out/' "$home/env"
grep -qx "AWS_ENDPOINT_URL_KINESIS=$(url kinesis)" "$home/env"
grep -qx "AWS_ENDPOINT_URL_S3=$(url s3)" "$home/env"
grep -qx 'AWS_ACCESS_KEY_ID=S3RVER' "$home/env"
pid1=$(awk '$1 == "v1" {print $2}' "$home/starts")
running "$pid1"
cf describe-stack-events --stack-name compute --query 'StackEvents[?LogicalResourceId==`Group`].ResourceStatusReason' --output text | grep -q "local process $pid1"
# killed, it comes back
kill -9 "$pid1"
wait_for 20 starts v1 2
pid2=$(awk '$1 == "v1" {p = $2} END {print p}' "$home/starts")
[ "$pid2" != "$pid1" ] && running "$pid2"
# a new artifact through a change set: the launch template changes, the process is replaced
# shellcheck disable=SC2046
cf create-change-set --stack-name compute --change-set-name v2 --use-previous-template --parameters $(params v2 "$(sha v2)") >/dev/null
cf wait change-set-create-complete --stack-name compute --change-set-name v2
cf describe-change-set --stack-name compute --change-set-name v2 --query 'Changes[].ResourceChange.LogicalResourceId' --output text | grep -q Launch
cf execute-change-set --stack-name compute --change-set-name v2
[ "$(settled compute)" = UPDATE_COMPLETE ]
pid3=$(awk '$1 == "v2" {print $2}' "$home/starts")
running "$pid3"
! running "$pid2"
# a wrong hash fails the update, which rolls back to v2
# shellcheck disable=SC2046
cf update-stack --stack-name compute --use-previous-template --parameters $(params v1 0000000000000000000000000000000000000000000000000000000000000000) >/dev/null
[ "$(settled compute)" = UPDATE_ROLLBACK_COMPLETE ]
cf describe-stack-events --stack-name compute --query 'StackEvents[].[LogicalResourceId,ResourceStatus,ResourceStatusReason]' --output text >"$TEST_TMP/ev"
grep -q "^Group	UPDATE_FAILED	.*artifact s3://artifacts/app-v1.tar.gz has SHA-256 $(sha v1), expected 0000" "$TEST_TMP/ev"
wait_for 10 starts v2 2
pid4=$(awk '$1 == "v2" {p = $2} END {print p}' "$home/starts")
running "$pid4"
# an app that dies at start fails the update too (what its cfn-signal would say), and it rolls back
# shellcheck disable=SC2046
cf update-stack --stack-name compute --use-previous-template --parameters $(params v3 "$(sha v3)") >/dev/null
[ "$(settled compute)" = UPDATE_ROLLBACK_COMPLETE ]
cf describe-stack-events --stack-name compute --query 'StackEvents[].[LogicalResourceId,ResourceStatus,ResourceStatusReason]' --output text |
    grep -q "^Group	UPDATE_FAILED	.*the app exited at start (status 3)"
wait_for 10 starts v2 3
pid4=$(awk '$1 == "v2" {p = $2} END {print p}' "$home/starts")
running "$pid4"
# down stops the app with the cloud; up starts it again
"$ETLCTL" local down --state "$st"
! running "$pid4"
localcloud_up
wait_for 10 starts v2 4
pid5=$(awk '$1 == "v2" {p = $2} END {print p}' "$home/starts")
running "$pid5"
# delete stops it
cf delete-stack --stack-name compute
cf wait stack-delete-complete --stack-name compute
! running "$pid5"
localcloud_down_clean
echo ok
