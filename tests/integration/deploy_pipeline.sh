# deploy, a no-op deploy, diff, an update (shard count and a setting), produce, results and destroy of
# a copy of the flagship stack against the local cloud, each step checked from outside with the AWS
# CLI. Results are checked on an hourly file etl-app wrote in replay mode from five readings and put in
# the stack's bucket (the app's stream mode is exercised by `make demo`).
set -eu
. "$TOP/tests/lib/deploycloud.sh"
stack_status() { cf describe-stacks --stack-name pipe --query 'Stacks[0].StackStatus' --output text; }
output() { cf describe-stacks --stack-name pipe --query "Stacks[0].Outputs[?OutputKey=='$1'].OutputValue" --output text; }
events() { cf describe-stack-events --stack-name pipe --query 'length(StackEvents)'; }
open_shards() { kin list-shards --stream-name "$1" --query 'length(Shards[?SequenceNumberRange.EndingSequenceNumber==null])'; }
write_stack() { # shards log_every (a setting the app's checkpoint does not pin, unlike the window)
    sed -e 's/^stack: sensor-pipeline/stack: pipe/' -e "s/^    shards: 1/    shards: $1/" \
        -e "s/^  log_every: 10 /  log_every: $2 /" -e 's/^    on_destroy: retain/    on_destroy: delete/' "$TOP/stacks/sensor-pipeline.yaml" >"$TEST_TMP/pipe.yaml"
    grep -q "shards: $1" "$TEST_TMP/pipe.yaml" && grep -q "log_every: $2 " "$TEST_TMP/pipe.yaml"
}
write_stack 1 10
# the flagship's own construct line order: `results:` then `construct: bucket`; on_destroy landed in it
grep -A2 '^  results:' "$TEST_TMP/pipe.yaml" | grep -q 'on_destroy: delete'

# the first deploy adds IAM permissions: without a terminal it needs --yes, and leaves nothing behind
! E deploy "$TEST_TMP/pipe.yaml" </dev/null >"$TEST_TMP/out" 2>"$TEST_TMP/err"
cat "$TEST_TMP/out" "$TEST_TMP/err"
grep -q 'needs confirmation: run again with --yes' "$TEST_TMP/err"
grep -q '^IAM: ProcessorRole allows kinesis:GetRecords on' "$TEST_TMP/out"
grep -q '+ add     ReadingsStream' "$TEST_TMP/out"
! cf describe-stacks --stack-name pipe >/dev/null 2>&1

# deploy
E deploy "$TEST_TMP/pipe.yaml" --yes --outputs-file "$TEST_TMP/outputs.json" >"$TEST_TMP/out" 2>"$TEST_TMP/err"
cat "$TEST_TMP/out" "$TEST_TMP/err"
[ "$(stack_status)" = CREATE_COMPLETE ]
grep -q 'ProcessorAutoScalingGroup .*CREATE_COMPLETE' "$TEST_TMP/err"
grep -q '^pipe: CREATE_COMPLETE in ' "$TEST_TMP/err"
stream=$(output ReadingsName)
bucket=$(output ResultsName)
python3 -c 'import json,sys; o=json.load(open(sys.argv[1])); assert o["ReadingsName"]==sys.argv[2] and o["ResultsName"]==sys.argv[3], o' \
    "$TEST_TMP/outputs.json" "$stream" "$bucket"
grep -q "^  ResultsName = $bucket\$" "$TEST_TMP/out"
[ "$(open_shards "$stream")" = 1 ]
# the artifact: in the assets bucket of the account (which the endpoint tells STS clients) and region,
# under its SHA-256, which the stack's parameter names
account=$(/usr/bin/aws --endpoint-url "$(url cloudformation)" sts get-caller-identity --query Account --output text)
assets="etlctl-assets-$account-us-east-1"
sha=$(cf describe-stacks --stack-name pipe --query "Stacks[0].Parameters[?ParameterKey=='ArtifactSha256'].ParameterValue" --output text)
[ "$(cf describe-stacks --stack-name pipe --query "Stacks[0].Parameters[?ParameterKey=='ArtifactKey'].ParameterValue" --output text)" = "etl-app/$sha.tar.gz" ]
s3 get-object --bucket "$assets" --key "etl-app/$sha.tar.gz" "$TEST_TMP/artifact.tgz" >/dev/null
[ "$(sha256sum "$TEST_TMP/artifact.tgz" | cut -d' ' -f1)" = "$sha" ]
[ "$(tar -tzf "$TEST_TMP/artifact.tgz" | sort | tr '\n' ' ')" = "app/bin/ app/bin/etl-app app/etl-app.service " ]
[ "$(cf describe-stacks --stack-name pipe --query "Stacks[0].Tags[?Key=='etlctl:stack'].Value" --output text)" = pipe ]

# a no-op deploy: no change set, no event
n=$(events)
E deploy "$TEST_TMP/pipe.yaml" >"$TEST_TMP/out" 2>"$TEST_TMP/err"
grep -q '^pipe: no changes (template, parameters and artifact are as deployed' "$TEST_TMP/out"
grep -q 'already in the assets bucket' "$TEST_TMP/err"
[ "$(events)" = "$n" ]
[ "$(cf list-change-sets --stack-name pipe --query 'length(Summaries)')" = 0 ]
# --force makes the change set, which is empty
E deploy "$TEST_TMP/pipe.yaml" --force >"$TEST_TMP/out" 2>&1
grep -qx 'pipe: no changes' "$TEST_TMP/out"
[ "$(events)" = "$n" ] && [ "$(stack_status)" = CREATE_COMPLETE ]

# diff of an update: 2 shards and a log line every 5 s; nothing is left behind
write_stack 2 5
E diff "$TEST_TMP/pipe.yaml" >"$TEST_TMP/out"
cat "$TEST_TMP/out"
grep -q '~ modify  ReadingsStream' "$TEST_TMP/out"
grep -q '~ modify  ProcessorLaunchTemplate' "$TEST_TMP/out"
! grep -q ResultsBucket "$TEST_TMP/out"
[ "$(cf list-change-sets --stack-name pipe --query 'length(Summaries)')" = 0 ]
[ "$(stack_status)" = CREATE_COMPLETE ] && [ "$(open_shards "$stream")" = 1 ]

# the update
E deploy "$TEST_TMP/pipe.yaml" >"$TEST_TMP/out" 2>"$TEST_TMP/err"
cat "$TEST_TMP/err"
[ "$(stack_status)" = UPDATE_COMPLETE ]
[ "$(output ReadingsName)" = "$stream" ]
[ "$(open_shards "$stream")" = 2 ]
cf get-template --stack-name pipe --query 'TemplateBody.Resources.ProcessorLaunchTemplate.Metadata."Etlctl::App".Environment.ETL_LOG_EVERY' --output text | grep -qx 5

# five readings in the hour of 2023-04-24 10:00: Q1 = 2, Q3 = 4, kept 2, 3, 4, average 3
for t in 5 1 4 2 3; do printf '{"timestamp": %d, "sensor-id": %d, "temperature": %d}\n\n' $((1682330400 + t * 60)) "$t" "$t"; done >"$TEST_TMP/five.ndjson"
python3 -c 'import json,sys; print(json.dumps([json.loads(l) for l in open(sys.argv[1]) if l.strip()]))' "$TEST_TMP/five.ndjson" >"$TEST_TMP/five.json"
# produce: a file, one reading per record, then generated readings, five to a record
E produce pipe --file "$TEST_TMP/five.ndjson" >"$TEST_TMP/out"
grep -q "^produced 5 readings in 5 records (1 PutRecords) to $stream" "$TEST_TMP/out"
E produce pipe --hours 2 --sensors 3 --every 300 --outliers 0.1 --per-record 5 --batch 4 --inflight 2 --seed 7 >"$TEST_TMP/out"
grep -q "^produced 72 readings in 15 records (4 PutRecords) to $stream" "$TEST_TMP/out"
E produce --stream "$stream" --hours 2 --sensors 3 --every 300 --outliers 0.1 --per-record 5 --seed 7 >/dev/null
records() { # every record of the stream, one data blob a line, through the AWS CLI
    for shard in $(kin list-shards --stream-name "$stream" --query 'Shards[].ShardId' --output text); do
        it=$(kin get-shard-iterator --stream-name "$stream" --shard-id "$shard" --shard-iterator-type TRIM_HORIZON --query ShardIterator --output text)
        kin get-records --shard-iterator "$it" --limit 1000 --query 'Records[].Data' --output text | tr '\t' '\n'
    done
}
records | grep -v '^$' >"$TEST_TMP/records"
[ "$(wc -l <"$TEST_TMP/records")" = $((5 + 15 + 15)) ]
while read -r b; do echo "$b" | base64 -d; echo; done <"$TEST_TMP/records" >"$TEST_TMP/readings"
[ "$(grep -c '"sensor-id"' "$TEST_TMP/readings")" = $((5 + 72 + 72)) ]
# the same seed gave the same readings
[ "$(grep -c '"sensor-id": 3,' "$TEST_TMP/readings")" = $((1 + 48)) ]

# results: the app's hourly file (a replay of the five readings, as a JSON array) in the stack's bucket
"$ETL_APP_REL" --input "$TEST_TMP/five.json" --output "$TEST_TMP/replay" >/dev/null 2>&1
part=$(cd "$TEST_TMP/replay" && find hourly -name '*.parquet' | head -1)
[ -n "$part" ]
# (under its own prefix: the stack's app, in stream mode, writes its own results under hourly/)
s3 put-object --bucket "$bucket" --key "replay/$part" --body "$TEST_TMP/replay/$part" >/dev/null
E results pipe --prefix replay/ >"$TEST_TMP/table"
cat "$TEST_TMP/table"
grep -Eq '^2023-04-24 10:00  2023-04-24 11:00 +5 +3 +2\.000 +4\.000 +3\.000$' "$TEST_TMP/table"
E results pipe --prefix replay/ --format csv >"$TEST_TMP/csv"
head -1 "$TEST_TMP/csv" | grep -qx 'window_start,window_end,sensor_id,readings,kept,q1,q3,avg_temperature'
python3 -c 'import csv,sys; r=list(csv.reader(open(sys.argv[1])))[1:]; assert len(r)==1 and r[0][:5]==["2023-04-24T10:00:00Z","2023-04-24T11:00:00Z","","5","3"] and [float(x) for x in r[0][5:]]==[2,4,3], r' "$TEST_TMP/csv"
E results pipe --prefix replay/ --format json | python3 -c 'import json,sys; r=json.load(sys.stdin); assert len(r)==1 and r[0]["kept"]==3 and r[0]["avg_temperature"]==3 and r[0]["window_start"]=="2023-04-24T10:00:00Z", r'
E results pipe --prefix replay/ --list | grep -q "^s3://$bucket/replay/$part "

# destroy: asks first; the bucket (on_destroy: delete) goes with its objects
! E destroy pipe </dev/null 2>"$TEST_TMP/err"
grep -q 'needs confirmation' "$TEST_TMP/err"
[ "$(stack_status)" = UPDATE_COMPLETE ]
E destroy "$TEST_TMP/pipe.yaml" --yes >"$TEST_TMP/out" 2>"$TEST_TMP/err"
cat "$TEST_TMP/out" "$TEST_TMP/err"
grep -q '^pipe: destroyed in' "$TEST_TMP/out"
grep -q "emptied $bucket" "$TEST_TMP/err"
! cf describe-stacks --stack-name pipe >/dev/null 2>&1
! s3 head-bucket --bucket "$bucket" 2>/dev/null
[ "$(kin list-streams --query 'length(StreamNames)')" = 0 ]
# a stack that is not there is nothing to destroy
E destroy pipe --yes >"$TEST_TMP/out"
grep -q '^pipe: no such stack' "$TEST_TMP/out"
localcloud_down_clean
