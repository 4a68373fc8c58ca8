# What goes wrong, said clearly: a deploy whose resource the local endpoint refuses (the failing
# resource and its reason, then the rollback), the stack it leaves in ROLLBACK_COMPLETE deleted and
# created again after confirmation, a failed update rolled back, and the one-line errors a user meets:
# no credentials, no region, expired or unknown credentials, access denied, a stack name taken.
set -eu
. "$TOP/tests/lib/deploycloud.sh"
status() { cf describe-stacks --stack-name broken --query 'Stacks[0].StackStatus' --output text; }
mkdir -p "$TEST_TMP/templates"
cat >"$TEST_TMP/templates/badbucket.yaml" <<'YAML'
construct: badbucket
description: a bucket whose name S3 refuses
resources:
  Bucket:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: Not_A_Valid_Name
exports:
  Ref: ${Bucket}
YAML
printf 'stack: broken\nresources:\n  readings:\n    construct: stream\n' >"$TEST_TMP/good.yaml"
cp "$TEST_TMP/good.yaml" "$TEST_TMP/bad.yaml"
printf '  junk:\n    construct: badbucket\n' >>"$TEST_TMP/bad.yaml"

# a failed first create: the failing resource and its reason, non-zero, rolled back
! E deploy "$TEST_TMP/bad.yaml" --templates "$TEST_TMP/templates" --yes >"$TEST_TMP/out" 2>"$TEST_TMP/err"
cat "$TEST_TMP/err"
grep -q '^etlctl deploy: broken failed: ROLLBACK_COMPLETE after' "$TEST_TMP/err"
grep -q '^  JunkBucket (AWS::S3::Bucket) CREATE_FAILED: .*InvalidBucketName' "$TEST_TMP/err"
[ "$(status)" = ROLLBACK_COMPLETE ]
[ "$(kin list-streams --query 'length(StreamNames)')" = 0 ]
# ROLLBACK_COMPLETE can only be deleted: deploy asks, and with --yes deletes and creates again
! E deploy "$TEST_TMP/good.yaml" </dev/null >"$TEST_TMP/out" 2>"$TEST_TMP/err"
grep -q 'is in ROLLBACK_COMPLETE' "$TEST_TMP/err"
grep -q 'Delete it and create it again? needs confirmation: run again with --yes' "$TEST_TMP/err"
[ "$(status)" = ROLLBACK_COMPLETE ]
E deploy "$TEST_TMP/good.yaml" --yes >"$TEST_TMP/out" 2>"$TEST_TMP/err"
[ "$(status)" = CREATE_COMPLETE ]
[ "$(kin list-streams --query 'length(StreamNames)')" = 1 ]
# a failed update rolls back and says why
! E deploy "$TEST_TMP/bad.yaml" --templates "$TEST_TMP/templates" --yes >"$TEST_TMP/out" 2>"$TEST_TMP/err"
grep -q '^etlctl deploy: broken failed: UPDATE_ROLLBACK_COMPLETE' "$TEST_TMP/err"
grep -q '^  JunkBucket (AWS::S3::Bucket) CREATE_FAILED: .*InvalidBucketName' "$TEST_TMP/err"
[ "$(status)" = UPDATE_ROLLBACK_COMPLETE ]
# and from there the good stack is unchanged
E deploy "$TEST_TMP/good.yaml" >"$TEST_TMP/out"
grep -q '^broken: no changes' "$TEST_TMP/out"

# one line each, saying what to do
one_line() { # file pattern
    cat "$1"
    [ "$(wc -l <"$1")" = 1 ] && grep -q "$2" "$1"
}
# a stack name taken by a stack etlctl did not make
cf create-stack --stack-name taken --template-body '{"Resources": {"S": {"Type": "AWS::Kinesis::Stream", "Properties": {"ShardCount": 1}}}}' >/dev/null
cf wait stack-create-complete --stack-name taken
! E deploy "$TEST_TMP/good.yaml" --stack-name taken 2>"$TEST_TMP/err" >/dev/null
one_line "$TEST_TMP/err" 'that stack name is taken in this account and region: pick another with --stack-name'
# keys the endpoint marks
for mark in ExpiredToken:'your AWS session has expired' InvalidClientTokenId:'AWS does not accept these credentials' \
    AccessDenied:'your identity is not allowed this call'; do
    printf '{"S3RVER": "%s"}\n' "${mark%%:*}" >"$st/cloudformation/access-keys.json"
    ! E deploy "$TEST_TMP/good.yaml" 2>"$TEST_TMP/err" >/dev/null
    one_line "$TEST_TMP/err" "${mark#*:}.*${mark%%:*}"
done
rm "$st/cloudformation/access-keys.json"
E destroy broken --yes >/dev/null 2>&1
# no credentials, no region: from the configuration alone, before any request leaves
home="$TEST_TMP/home" && mkdir -p "$home"
! env -i PATH="$PATH" HOME="$home" AWS_REGION=us-east-1 AWS_EC2_METADATA_DISABLED=true \
    "$ETLCTL" deploy "$TEST_TMP/good.yaml" 2>"$TEST_TMP/err" >/dev/null
one_line "$TEST_TMP/err" 'no AWS credentials found: set AWS_ACCESS_KEY_ID'
! env -i PATH="$PATH" HOME="$home" AWS_ACCESS_KEY_ID=AKIDEXAMPLE AWS_SECRET_ACCESS_KEY=x AWS_EC2_METADATA_DISABLED=true \
    "$ETLCTL" deploy "$TEST_TMP/good.yaml" 2>"$TEST_TMP/err" >/dev/null
one_line "$TEST_TMP/err" 'no AWS region: pass --region'
localcloud_down_clean
