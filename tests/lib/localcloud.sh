# Sourced by tests of the local cloud: starts it with `etlctl local up` in $TEST_TMP/state (stopped on
# exit) and gives the AWS CLI pointed at each of its services.
#   localcloud_up        (re)starts it; url NAME prints a service's URL (cloudformation, s3, kinesis)
#   cf / s3 / kin ARGS   /usr/bin/aws cloudformation / s3api / kinesis against the local cloud
#   wait_for SECONDS CMD polls CMD every 0.1 s until it succeeds, or fails after SECONDS
#   running PID          whether the process runs (not a zombie)
#   settled STACK        waits for the stack to settle and prints its status
st="$TEST_TMP/state"
trap '"$ETLCTL" local down --state "$st" >/dev/null 2>&1 || true' EXIT
export AWS_ACCESS_KEY_ID=S3RVER AWS_SECRET_ACCESS_KEY=S3RVER AWS_DEFAULT_REGION=us-east-1 AWS_PAGER=
localcloud_up() { "$ETLCTL" local up --state "$st" >"$TEST_TMP/up"; }
url() { sed -n "s/^$1 \(http[^ ]*\) .*/\1/p" "$TEST_TMP/up"; }
cf() { /usr/bin/aws --endpoint-url "$(url cloudformation)" cloudformation "$@"; }
kin() { /usr/bin/aws --endpoint-url "$(url kinesis)" kinesis "$@"; }
s3() { /usr/bin/aws --endpoint-url "$(url s3)" s3api "$@"; }
wait_for() {
    local n=$(($1 * 10)) i; shift
    for i in $(seq 1 "$n"); do "$@" && return 0; sleep 0.1; done
    echo "timed out: $*" >&2; return 1
}
# Waits until the stack leaves its *_IN_PROGRESS status (polling fast, where `aws cloudformation wait`
# sleeps 30 s between polls) and prints the status it settled in.
settled() {
    local s i
    for i in $(seq 1 300); do
        s=$(cf describe-stacks --stack-name "$1" --query 'Stacks[0].StackStatus' --output text)
        case $s in *_IN_PROGRESS) sleep 0.2 ;; *) echo "$s"; return 0 ;; esac
    done
    echo "stack $1 did not settle" >&2; return 1
}
# Whether a process runs (a zombie waiting for its adopter to reap it does not).
running() { [ -r "/proc/$1/stat" ] && ! sed 's/.*) //' "/proc/$1/stat" | grep -q '^Z'; }
# Stops the cloud and checks that the endpoint (an ASan build in tests) reported nothing.
localcloud_down_clean() {
    "$ETLCTL" local down --state "$st"
    ! grep -E 'Sanitizer|runtime error|Assertion' "$st/logs/cloudformation.log"
}
localcloud_up
