# Deploy and destroy against the local cloud: wall time of `etlctl deploy` (create, no-op, update) and
# `etlctl destroy` of the flagship stack, next to `aws cloudformation deploy` / `delete-stack` + wait
# of the same template and parameters in the same run, and the stack operation's own time (first to
# last stack event, as the endpoint stamps them). Goals: a no-op deploy < 1 s; deploy adds <= 10% to
# the stack operation's own time. Medians of 3 rounds.
set -eu
etlctl="$TOP/build/rel/etlctl"
tmp=${BENCH_TMP:-$(mktemp -d)}
export ETLCTL_STATE="$tmp/state" ETLCTL_APP="$TOP/build/rel/etl-app"
trap '"$etlctl" local down >/dev/null 2>&1 || true' EXIT
"$etlctl" local up >"$tmp/up"
url() { sed -n "s/^$1 \(http[^ ]*\) .*/\1/p" "$tmp/up"; }
export AWS_ACCESS_KEY_ID=S3RVER AWS_SECRET_ACCESS_KEY=S3RVER AWS_DEFAULT_REGION=us-east-1 AWS_PAGER=
cf() { /usr/bin/aws --endpoint-url "$(url cloudformation)" cloudformation "$@"; }
now() { date +%s.%N; }
secs() { echo "$2 - $1" | bc; }
# aws cloudformation deploy names its change set by the second: start each in a new second (bounded)
next_second() { local s; s=$(date +%s); for _ in $(seq 1 40); do [ "$(date +%s)" != "$s" ] && return; sleep 0.05; done; }
median() { printf '%s\n' "$@" | sort -n | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }
# the stack operation's own time: its first event to its last (stack events only)
op_time() {
    cf describe-stack-events --stack-name "$1" --query "StackEvents[?LogicalResourceId=='$1'].Timestamp" --output text |
        tr '\t' '\n' | python3 -c '
import sys, datetime
ts = sorted(datetime.datetime.fromisoformat(l.strip().replace("Z", "+00:00")) for l in sys.stdin if l.strip())
print("%.3f" % (ts[-1] - ts[0]).total_seconds())'
}
"$etlctl" synth "$TOP/stacks/sensor-pipeline.yaml" -o "$tmp" >/dev/null
tpl="$tmp/sensor-pipeline.template.json"
sed -e 's/^  log_every: 10 /  log_every: 5 /' "$TOP/stacks/sensor-pipeline.yaml" >"$tmp/update.yaml"
"$etlctl" synth "$tmp/update.yaml" -o "$tmp/u" >/dev/null
# the artifact parameters, as etlctl deploy sets them (a first deploy uploads the artifact)
"$etlctl" --local deploy "$TOP/stacks/sensor-pipeline.yaml" --stack-name warm --yes >/dev/null 2>&1
params=$(cf describe-stacks --stack-name warm --query 'Stacks[0].Parameters[?starts_with(ParameterKey, `Artifact`)].[ParameterKey,ParameterValue]' --output text | awk '{printf "%s=%s ", $1, $2}')
"$etlctl" --local destroy warm --yes >/dev/null 2>&1
e_create=() e_noop=() e_update=() e_destroy=() e_op=() a_create=() a_noop=() a_update=() a_destroy=() a_op=()
for round in 1 2 3; do
    t0=$(now); "$etlctl" --local deploy "$TOP/stacks/sensor-pipeline.yaml" --stack-name "e$round" --yes >/dev/null 2>&1; t1=$(now)
    e_create+=("$(secs "$t0" "$t1")"); e_op+=("$(op_time "e$round")")
    t0=$(now); "$etlctl" --local deploy "$TOP/stacks/sensor-pipeline.yaml" --stack-name "e$round" >/dev/null 2>&1; t1=$(now)
    e_noop+=("$(secs "$t0" "$t1")")
    t0=$(now); "$etlctl" --local deploy "$tmp/update.yaml" --stack-name "e$round" --yes >/dev/null 2>&1; t1=$(now)
    e_update+=("$(secs "$t0" "$t1")")
    t0=$(now); "$etlctl" --local destroy "e$round" --yes >/dev/null 2>&1; t1=$(now)
    e_destroy+=("$(secs "$t0" "$t1")")
    # shellcheck disable=SC2086
    next_second
    { t0=$(now); cf deploy --stack-name "a$round" --template-file "$tpl" --capabilities CAPABILITY_IAM --parameter-overrides $params >/dev/null; t1=$(now); }
    a_create+=("$(secs "$t0" "$t1")"); a_op+=("$(op_time "a$round")")
    # shellcheck disable=SC2086
    next_second
    { t0=$(now); cf deploy --stack-name "a$round" --template-file "$tpl" --capabilities CAPABILITY_IAM --parameter-overrides $params --no-fail-on-empty-changeset >/dev/null; t1=$(now); }
    a_noop+=("$(secs "$t0" "$t1")")
    # shellcheck disable=SC2086
    next_second
    { t0=$(now); cf deploy --stack-name "a$round" --template-file "$tmp/u/sensor-pipeline.template.json" --capabilities CAPABILITY_IAM --parameter-overrides $params >/dev/null; t1=$(now); }
    a_update+=("$(secs "$t0" "$t1")")
    t0=$(now); cf delete-stack --stack-name "a$round"; cf wait stack-delete-complete --stack-name "a$round"; t1=$(now)
    a_destroy+=("$(secs "$t0" "$t1")")
done
ec=$(median "${e_create[@]}") eo=$(median "${e_op[@]}") ac=$(median "${a_create[@]}") ao=$(median "${a_op[@]}")
en=$(median "${e_noop[@]}") an=$(median "${a_noop[@]}") eu=$(median "${e_update[@]}") au=$(median "${a_update[@]}")
ed=$(median "${e_destroy[@]}") ad=$(median "${a_destroy[@]}")
f() { printf '%.3f' "$(echo "scale=6; $1" | bc)"; }
report=$(printf '%s\n' \
    "create:  etlctl deploy $(f "$ec") s, its stack operation $(f "$eo") s: deploy adds $(f "$ec - $eo") s (synth, package, change set, polling)" \
    "         aws cloudformation deploy $(f "$ac") s, its stack operation $(f "$ao") s: adds $(f "$ac - $ao") s; etlctl/aws $(f "$ec / $ac")" \
    "no-op:   etlctl deploy $(f "$en") s (goal < 1 s); aws cloudformation deploy $(f "$an") s; etlctl/aws $(f "$en / $an")" \
    "update:  etlctl deploy $(f "$eu") s; aws cloudformation deploy $(f "$au") s; etlctl/aws $(f "$eu / $au")" \
    "destroy: etlctl destroy $(f "$ed") s; aws delete-stack + wait $(f "$ad") s; etlctl/aws $(f "$ed / $ad")")
echo "$report"
[ -n "${BENCH_OUT:-}" ] && echo "$report" >"$BENCH_OUT"
exit 0
