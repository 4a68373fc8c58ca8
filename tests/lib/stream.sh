# Sourced by the stream-mode tests: kinesalite and s3rver with a stream and a bucket, etl-app started
# against them, and what the tests wait for and compare.
#   stream_setup SHARDS [kinesalite args]   peers, stream "readings", bucket "out"; sets APP_ENV
#   app_start LOG [args]                    etl-app in the background (APP_PID), its log lines on LOG
#                                           (emptied: only this run's), its stderr added to LOG.err
#   app_wait_count LOG N                    until the last log line has in=N, pending=0 (bounded)
#   app_stop                                SIGTERM, expects exit 0
#   bucket_sync DIR                         the bucket's objects into DIR (the AWS CLI)
. "$TOP/tests/lib/peers.sh"
export AWS_ACCESS_KEY_ID=S3RVER AWS_SECRET_ACCESS_KEY=S3RVER AWS_REGION=us-east-1 AWS_EC2_METADATA_DISABLED=true
export AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null
STREAM=readings BUCKET=out
fail() { echo "FAIL: $*"; exit 1; }

kin() { /usr/bin/aws --endpoint-url "$KINESIS_URL" kinesis "$@"; }
s3cli() { /usr/bin/aws --endpoint-url "$S3_URL" s3 "$@"; }

stream_setup() { # shards [kinesalite args]
    local shards=$1; shift
    peer_start kinesalite "$@" || fail "kinesalite"
    peer_start s3rver "$TEST_TMP/s3" || fail "s3rver"
    stream_create "$STREAM" "$shards"
    s3cli mb "s3://$BUCKET" >/dev/null || fail "make bucket"
    stream_env
}

stream_create() { # name shards: until ACTIVE
    local i
    kin create-stream --stream-name "$1" --shard-count "$2" || fail "create-stream $1"
    for i in $(seq 1 100); do
        [ "$(kin describe-stream-summary --stream-name "$1" --query StreamDescriptionSummary.StreamStatus --output text)" = ACTIVE ] && return 0
        sleep 0.1
    done
    fail "stream $1 not ACTIVE"
}

stream_env() { # after a peer restarted on another port
    export AWS_ENDPOINT_URL_KINESIS=$KINESIS_URL AWS_ENDPOINT_URL_S3=$S3_URL
}

put_readings() { # shards per_record file
    /usr/bin/python3 "$TOP/tests/lib/kinesis_put.py" "$KINESIS_URL" "$STREAM" "$@" >/dev/null || fail "put records"
}

APP=${APP:-$ETL_APP}
app_start() { # log [args]
    local log=$1; shift
    : >"$log"   # before the start, so that no wait reads a previous run's lines
    "$APP" --stream "$STREAM" --bucket "$BUCKET" --idle 1 --log-every 1 --checkpoint-every 1 "$@" \
        >>"$log" 2>>"$log.err" &
    APP_PID=$!
}

last_log() { grep '^{' "$1" | tail -n 1; }

app_wait_count() { # log n [seconds]
    local log=$1 n=$2 limit=${3:-120} i line
    for i in $(seq 1 $((limit * 10))); do
        line=$(last_log "$log")
        case $line in *"\"in\":$n,"*'"pending":0,'*) return 0 ;; esac
        kill -0 "$APP_PID" 2>/dev/null || { cat "$log.err"; fail "etl-app exited: $line"; }
        sleep 0.1
    done
    cat "$log.err"
    fail "etl-app did not reach in=$n pending=0 within $limit s: $line"
}

app_stop() {
    kill -TERM "$APP_PID"
    local rc=0
    wait "$APP_PID" || rc=$?
    [ $rc -eq 0 ] || { tail -n 20 "$1.err" 2>/dev/null; fail "etl-app exited $rc on SIGTERM"; }
}

bucket_sync() { # dir
    rm -rf "$1"; mkdir -p "$1"
    s3cli sync "s3://$BUCKET" "$1" >/dev/null || fail "s3 sync"
}

# The counters of a log line, "in=.. kept=.. filtered=.. error=.. late=.. pending=..".
counters_of() {
    /usr/bin/python3 -c 'import json,sys; d=json.loads(sys.argv[1]); print(" ".join("%s=%d" % (k, d[k]) for k in ("in","kept","filtered","error","late","pending")))' "$1"
}

# The objects of a run under prefix P in a synced bucket DIR: hourly files, then late and error lines
# as sorted multisets (object boundaries may differ).
outputs_of() { # dir prefix out
    local d=$1/$2
    rm -rf "$3"; mkdir -p "$3"
    (cd "$d" && find hourly -type f | sort) >"$3/keys"
    while read -r k; do sha256sum <"$d/$k" | sed "s|-\$|$k|"; done <"$3/keys" >"$3/hourly"
    { [ -d "$d/late" ] && find "$d/late" -type f -exec cat {} + || true; } | sort >"$3/late"
    { [ -d "$d/errors" ] && find "$d/errors" -type f -exec cat {} + || true; } | sort >"$3/errors"
}
