# Every class of error in a stack (and in a construct) is reported as file:line:col: place: message,
# all of them in one run, with exit status 2 and nothing on stdout.
set -eu
cd "$TOP"
fail=0
T="$TEST_TMP"

# expect NAME LINE... < STACK: synth of the stack prints exactly these lines on stderr; a line
# "line:col: message" is about the stack file, whose path is put in front of it here.
expect() {
    local name=$1; shift
    local file="$T/$name.yaml"
    cat >"$file"
    local rc=0
    "$ETLCTL" synth --templates "${TEMPLATES:-templates}" "$file" >"$T/out" 2>"$T/err" || rc=$?
    printf '%s\n' "$@" | sed "s|^\([0-9]\)|$file:\1|" >"$T/want" # lines naming another file stay
    if [ $rc -ne 2 ] || [ -s "$T/out" ] || ! diff -u "$T/want" "$T/err"; then
        echo "FAIL $name (exit $rc)"; fail=1
    fi
}

expect yaml_syntax '4:4: YAML syntax: did not find expected '"','"' or '"'}'"' (while parsing a flow mapping)' <<'Y'
stack: x
resources:
  a: {construct: stream
  b: 1
Y

expect unknown_keys \
    "1:1: unknown key 'resource'; did you mean 'resources'?" \
    "5:5: resources.readings: unknown key 'shard'; did you mean 'shards'?" \
    "9:3: settings: unknown setting 'windw'; did you mean 'window'?" \
    "10:3: settings: 'shards' is a setting of no construct this stack uses" <<'Y'
resource: {}
stack: x
resources:
  readings:
    shard: 2
    construct: stream
  p: {construct: compute}
settings:
  windw: 60
  shards: 2
Y

expect wrong_types \
    "1:8: stack: expected a stack name (letters, digits and '-', starting with a letter, up to 128), got a list" \
    "5:13: resources.a.shards: expected an integer from 1 to 500, got a list" \
    "8:17: resources.b.versioning: expected true or false, got \"yes\"" \
    "9:13: resources.b.prefix: expected a key prefix of path segments each ending in '/' (or empty), got \"no-slash\"" \
    "12:14: resources.p.subnets: expected a list of subnet IDs (subnet-...), got \"subnet-1\"" <<'Y'
stack: [x]
resources:
  a:
    construct: stream
    shards: [1]
  b:
    construct: bucket
    versioning: yes
    prefix: no-slash
  p:
    construct: compute
    subnets: subnet-1
Y

# a prefix segment of dots alone would be refused by etl-app at boot; dots inside a segment are fine
expect dot_segments \
    "4:34: resources.b.prefix: expected a key prefix of path segments each ending in '/' (or empty), got \"a/../\"" \
    "5:34: resources.c.prefix: expected a key prefix of path segments each ending in '/' (or empty), got \"./\"" <<'Y'
stack: x
resources:
  a: {construct: bucket, prefix: v1.2/..x/}
  b: {construct: bucket, prefix: a/../}
  c: {construct: bucket, prefix: ./}
Y

expect out_of_range \
    '4:13: resources.readings.shards: expected an integer from 1 to 500, got "two"' \
    '5:22: resources.readings.retention_hours: expected an integer from 24 to 8760, got 12' \
    '7:51: resources.p.start: expected trim_horizon, latest or at:<RFC 3339 time>, got "at:2024-02-30T00:00:00Z"' \
    '9:11: settings.window: expected an integer from 1 to 3600 that divides 3600, got 7' \
    '10:10: settings.scope: expected one of all, sensor, got "everything"' \
    '11:10: settings.start: expected trim_horizon, latest or at:<RFC 3339 time>, got "at:yesterday"' <<'Y'
stack: x
resources:
  readings:
    shards: two
    retention_hours: 12
    construct: stream
  p: {construct: compute, reads: readings, start: "at:2024-02-30T00:00:00Z"}
settings:
  window: 7
  scope: everything
  start: at:yesterday
Y

expect missing_required \
    '1:1: stack: missing required value (the stack'"'"'s name)' \
    '2:3: resources.a: missing required value '"'"'construct'"'"' (stream, bucket, compute, ...)' \
    '4:3: resources.athena.bucket: missing required value (the bucket the results are in)' <<'Y'
resources:
  a:
    shards: 1
  athena:
    construct: catalog
Y

expect missing_link_target \
    "5:13: resources.p.reads: no resource named 'readngs'; did you mean 'readings'?" \
    "7:35: resources.k.bucket: no resource named 'nothere'" <<'Y'
stack: x
resources:
  p:
    construct: compute
    reads: [readngs]
  readings: {construct: stream}
  k: {construct: catalog, bucket: nothere}
Y

expect link_cannot_grant \
    "5:13: resources.p.reads: q is a compute, which cannot grant 'read'" \
    "6:14: resources.p.writes: k is a catalog, which cannot grant 'write'" \
    "10:12: resources.b.reads: a bucket cannot hold links: it has no role to grant to" \
    "11:35: resources.k.bucket: s is a stream, expected a bucket" <<'Y'
stack: x
resources:
  p:
    construct: compute
    reads: [q]
    writes: [k]
  q: {construct: compute}
  b:
    construct: bucket
    reads: s
  k: {construct: catalog, bucket: s}
  s: {construct: stream}
Y

expect link_needed \
    "3:3: resources.p.reads: needs a link to a stream resource (the compute construct uses one)" <<'Y'
stack: x
resources:
  p:
    construct: compute
    writes: [b]
  b: {construct: bucket}
Y

expect duplicate_names \
    "5:3: resources.my_bucket: duplicate name: 'my-bucket' (line 3) gives the same logical IDs (MyBucket...)" \
    "7:3: resources.my-bucket: duplicate name 'my-bucket' (first at line 3:3)" <<'Y'
stack: x
resources:
  my-bucket:
    construct: bucket
  my_bucket:
    construct: bucket
  my-bucket:
    construct: stream
Y

expect unknown_construct \
    "4:16: resources.a.construct: unknown construct 'streem'; did you mean 'stream'?" \
    "5:18: resources.b.construct: unknown construct 'database' (known: bucket, catalog, compute, stream)" \
    "6:18: resources.c.construct: unknown construct 'database' (known: bucket, catalog, compute, stream)" <<'Y'
stack: x
resources:
  a:
    construct: streem
  b: {construct: database}
  c: {construct: database}
Y

expect anchors_refused "3:6: YAML anchors (&name) are not supported" <<'Y'
stack: x
resources:
  a: &s {construct: stream}
Y

# A construct of the user's, in a directory given with --templates: two workers that read each other.
mkdir -p "$T/constructs"
cat >"$T/constructs/worker.yaml" <<'Y'
construct: worker
links: [reads]
parameters:
  size: {type: integer, default: 1, min: 1, max: 4}
resources:
  Queue:
    Type: AWS::SQS::Queue
    Properties:
      DelaySeconds: ${size}
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement: [{Effect: Allow, Principal: {Service: ec2.amazonaws.com}, Action: "sts:AssumeRole"}]
      Policies:
        - when: links
          value:
            PolicyName: links
            PolicyDocument:
              Version: "2012-10-17"
              Statement: ${links}
exports:
  Arn: ${Queue.Arn}
grants:
  read:
    - Action: [sqs:ReceiveMessage, sqs:DeleteMessage]
      Resource: ${Queue.Arn}
Y
TEMPLATES="$T/constructs" expect cycle \
    "4:34: resources.b.reads: cycle: a -> b -> a" \
    "7:16: resources.c.reads: cycle: c -> c" <<'Y'
stack: x
resources:
  a: {construct: worker, reads: [b]}
  b: {construct: worker, reads: [a]}
  c:
    construct: worker
    reads: [a, c]
Y

# A grant with a wildcard action, or no resource to scope it to, is refused.
cat >"$T/constructs/wide.yaml" <<'Y'
construct: wide
resources:
  Topic: {Type: "AWS::SNS::Topic"}
grants:
  read:
    - Action: [sns:*]
      Resource: ${Topic}
    - Action: sns:Publish
      Resource: "*"
Y
TEMPLATES="$T/constructs" expect wildcard_grants \
    "$T/constructs/wide.yaml:6:7: Action: expected service:Action names, one by one (no wildcard)" \
    "$T/constructs/wide.yaml:8:7: Resource: expected the ARNs the grant is scoped to" <<'Y'
stack: x
resources:
  w: {construct: wide}
  q: {construct: worker, reads: [w]}
Y

# A construct that takes links must place their statements somewhere (${links}).
cat >"$T/constructs/deaf.yaml" <<'Y'
construct: deaf
links: [reads]
resources:
  Topic: {Type: "AWS::SNS::Topic"}
Y
TEMPLATES="$T/constructs" expect links_unused \
    "$T/constructs/deaf.yaml:2:8: links: the construct takes links but no \${links} places their IAM statements" <<'Y'
stack: x
resources:
  d: {construct: deaf}
Y

# A construct whose `when:` names its own resource is refused, not followed forever.
cat >"$T/constructs/loopy.yaml" <<'Y'
construct: loopy
resources:
  A:
    when: A
    Type: AWS::SNS::Topic
Y
TEMPLATES="$T/constructs" expect when_loop \
    "$T/constructs/loopy.yaml:4:11: \${A}: references nest too deep (a loop through when:?)" \
    "$T/constructs/loopy.yaml:4:11: \${A}: resource A is switched off here (when: A)" <<'Y'
stack: x
resources:
  l: {construct: loopy}
Y

# Errors in a construct file point into that file.
cat >"$T/constructs/broken.yaml" <<'Y'
construct: broken
parameters:
  size: {type: integr}
  count: {type: integer, min: 1, max: 3, default: 5}
resources:
  Topic:
    Type: AWS::SNS::Topic
    Properties: {DisplayName: "${sise}"}
Y
TEMPLATES="$T/constructs" expect broken_construct \
    "$T/constructs/broken.yaml:3:9: parameters.size: type: expected one of string, integer, boolean, list, resource" \
    "$T/constructs/broken.yaml:4:51: parameters.count.default: expected an integer from 1 to 3, got 5" <<'Y'
stack: x
resources:
  q: {construct: broken}
Y
sed -i 's/integr/integer/; s/default: 5/default: 2/' "$T/constructs/broken.yaml"
TEMPLATES="$T/constructs" expect unknown_name_in_construct \
    "$T/constructs/broken.yaml:8:31: \${sise}: unknown name 'sise' in construct broken; did you mean 'size'?" <<'Y'
stack: x
resources:
  q: {construct: broken}
Y

# The cap: 60 errors give the first 50 and a count of the rest.
{ echo "stack: x"; echo "resources:"; for i in $(seq 1 60); do echo "  r$i: {construct: stream, shards: 0}"; done; } >"$T/many.yaml"
rc=0
"$ETLCTL" synth --templates templates "$T/many.yaml" 2>"$T/err" >/dev/null || rc=$?
[ $rc -eq 2 ] && [ "$(wc -l <"$T/err")" -eq 51 ] && [ "$(tail -n 1 "$T/err")" = "... and 10 more errors (60 in all)" ] \
    || { echo "FAIL cap (exit $rc)"; tail -n 2 "$T/err"; fail=1; }

# A good and a bad stack in one run: the good one's template is printed, the bad one's errors, exit 2.
rc=0
"$ETLCTL" synth --templates templates stacks/sensor-pipeline.yaml "$T/many.yaml" >"$T/out" 2>"$T/err" || rc=$?
[ $rc -eq 2 ] && cmp -s "$T/out" tests/golden/sensor-pipeline.template.json && grep -q "^$T/many.yaml:3:" "$T/err" \
    || { echo "FAIL good and bad stack in one run (exit $rc)"; fail=1; }

# Usage errors: exit 2; --help: exit 0 with the usage.
rc=0; "$ETLCTL" synth --bogus >/dev/null 2>&1 || rc=$?
[ $rc -eq 2 ] || { echo "FAIL unknown option exits $rc"; fail=1; }
# Anything else: exit 1, such as a stack file that is not there or cannot be read (a directory) next to
# a good stack, or an output directory that cannot be made.
rc=0; "$ETLCTL" synth "$T/nothere.yaml" 2>"$T/err" || rc=$?
[ $rc -eq 1 ] && grep -qF "$T/nothere.yaml: cannot read: No such file or directory" "$T/err" || { echo "FAIL missing file ($rc)"; fail=1; }
mkdir -p "$T/adir.yaml"
rc=0; "$ETLCTL" synth --templates templates "$T/adir.yaml" stacks/sensor-pipeline.yaml >"$T/out" 2>"$T/err" || rc=$?
[ $rc -eq 1 ] && grep -qF "$T/adir.yaml: cannot read: " "$T/err" && cmp -s "$T/out" tests/golden/sensor-pipeline.template.json \
    || { echo "FAIL unreadable file ($rc): $(tail -n 1 "$T/err")"; fail=1; }
rc=0; "$ETLCTL" synth --templates templates stacks/sensor-pipeline.yaml -o /proc/no/such >/dev/null 2>"$T/err" || rc=$?
[ $rc -eq 1 ] && grep -q "cannot create /proc/no/such" "$T/err" || { echo "FAIL unwritable -o exits $rc"; fail=1; }
# Two stacks of one name with -o would write one file: an error at both names (exit 2), the first written
sed 's/^stack: sensor-pipeline$/stack:   sensor-pipeline/' stacks/sensor-pipeline.yaml >"$T/same.yaml"
line=$(grep -n '^stack:' stacks/sensor-pipeline.yaml | cut -d: -f1)
rc=0; "$ETLCTL" synth --templates templates stacks/sensor-pipeline.yaml "$T/same.yaml" -o "$T/same" >"$T/out" 2>"$T/err" || rc=$?
[ $rc -eq 2 ] && [ "$(cat "$T/err")" = "$T/same.yaml:$line:10: stack: name 'sensor-pipeline' is also that of stacks/sensor-pipeline.yaml:$line:8; both would write $T/same/sensor-pipeline.template.json" ] &&
    cmp -s "$T/same/sensor-pipeline.template.json" tests/golden/sensor-pipeline.template.json \
    || { echo "FAIL two stacks of one name (exit $rc): $(cat "$T/err")"; fail=1; }

# -o creates the directory and its missing parents
rc=0; "$ETLCTL" synth --templates templates stacks/sensor-pipeline.yaml -o "$T/a/b/c" >"$T/out" 2>"$T/err" || rc=$?
[ $rc -eq 0 ] && [ "$(cat "$T/out")" = "$T/a/b/c/sensor-pipeline.template.json" ] &&
    cmp -s "$T/a/b/c/sensor-pipeline.template.json" tests/golden/sensor-pipeline.template.json \
    || { echo "FAIL -o with missing parents exits $rc: $(cat "$T/err")"; fail=1; }
"$ETLCTL" synth --help | grep -q '^usage: etlctl synth' || { echo "FAIL synth --help"; fail=1; }
"$ETLCTL" --help | grep -q '^  synth ' || { echo "FAIL synth missing from etlctl --help"; fail=1; }
exit $fail
