# The less common roads of deploy: a template over CloudFormation's 51,200-byte TemplateBody limit goes
# through the assets bucket by TemplateURL; a stack left in REVIEW_IN_PROGRESS by someone's unexecuted
# CREATE change set is created by deploy; bootstrap reports the assets bucket; and diff of a stack that
# does not exist shows everything as added and leaves nothing behind.
set -eu
. "$TOP/tests/lib/deploycloud.sh"
mkdir -p "$TEST_TMP/templates"
doc=$(head -c 60000 /dev/zero | tr '\0' 'x')
printf 'construct: documented\ndescription: a stream with a long note\nresources:\n  Stream:\n    Type: AWS::Kinesis::Stream\n    Metadata:\n      Note: %s\n    Properties:\n      ShardCount: 1\nexports:\n  Ref: ${Stream}\n' "$doc" \
    >"$TEST_TMP/templates/documented.yaml"
printf 'stack: big\nresources:\n  notes:\n    construct: documented\n' >"$TEST_TMP/big.yaml"
"$ETLCTL" synth "$TEST_TMP/big.yaml" --templates "$TEST_TMP/templates" -o "$TEST_TMP" >/dev/null
[ "$(wc -c <"$TEST_TMP/big.template.json")" -gt 51200 ]
# bootstrap first: the bucket the template goes to
E bootstrap >"$TEST_TMP/out"
grep -q '^assets bucket etlctl-assets-123456789012-us-east-1 created$' "$TEST_TMP/out"
E bootstrap | grep -q 'already there$'
E deploy "$TEST_TMP/big.yaml" --templates "$TEST_TMP/templates" >"$TEST_TMP/out" 2>"$TEST_TMP/err" || { cat "$TEST_TMP/err"; exit 1; }
[ "$(cf describe-stacks --stack-name big --query 'Stacks[0].StackStatus' --output text)" = CREATE_COMPLETE ]
s3 list-objects-v2 --bucket etlctl-assets-123456789012-us-east-1 --prefix templates/ --query 'Contents[].Key' --output text | grep -q '^templates/big-'
cf get-template --stack-name big --query 'TemplateBody.Resources.NotesStream.Metadata.Note' --output text | grep -q "^$doc\$"
E deploy "$TEST_TMP/big.yaml" --templates "$TEST_TMP/templates" | grep -q '^big: no changes'

# REVIEW_IN_PROGRESS: a CREATE change set made and never executed
printf 'stack: review\nresources:\n  readings:\n    construct: stream\n' >"$TEST_TMP/review.yaml"
"$ETLCTL" synth "$TEST_TMP/review.yaml" -o "$TEST_TMP" >/dev/null
cf create-change-set --stack-name review --change-set-name pending --change-set-type CREATE \
    --template-body "file://$TEST_TMP/review.template.json" >/dev/null
cf wait change-set-create-complete --stack-name review --change-set-name pending
[ "$(cf describe-stacks --stack-name review --query 'Stacks[0].StackStatus' --output text)" = REVIEW_IN_PROGRESS ]
E diff "$TEST_TMP/review.yaml" >"$TEST_TMP/out"
grep -q '+ add     ReadingsStream' "$TEST_TMP/out"
E deploy "$TEST_TMP/review.yaml" >"$TEST_TMP/out" 2>"$TEST_TMP/err" || { cat "$TEST_TMP/err"; exit 1; }
[ "$(cf describe-stacks --stack-name review --query 'Stacks[0].StackStatus' --output text)" = CREATE_COMPLETE ]

# diff of a stack that does not exist: everything added, and no stack left in REVIEW_IN_PROGRESS
E diff "$TEST_TMP/review.yaml" --stack-name fresh >"$TEST_TMP/out"
grep -q '^fresh: 1 change$' "$TEST_TMP/out"
grep -q '+ add     ReadingsStream' "$TEST_TMP/out"
! cf describe-stacks --stack-name fresh >/dev/null 2>&1
E destroy big --yes >/dev/null 2>&1
E destroy review --yes >/dev/null 2>&1
localcloud_down_clean
