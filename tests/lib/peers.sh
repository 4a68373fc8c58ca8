# Sourced by integration tests: starts real peers on free loopback ports and stops them on exit.
#   peer_start kinesalite [--path DIR]   sets KINESIS_PORT, KINESIS_URL, KINESIS_PID
#   peer_start s3rver DIR                sets S3_PORT, S3_URL, S3_PID (s3rver wants access key S3RVER)
#   peer_stop NAME                       stops one (SIGTERM, then SIGKILL after 5 s)
# Every peer started here is stopped by the EXIT trap, also when the test fails.
PEERS_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
export NODE_OPTIONS="${NODE_OPTIONS:-} --openssl-legacy-provider"   # s3rver's paginated listing needs it
declare -A PEER_PIDS=()

peer__wait_port() { # logfile pid -> prints the port, or fails after 20 s
    local log=$1 pid=$2 i
    for i in $(seq 1 200); do
        if grep -q '^port ' "$log" 2>/dev/null; then sed -n 's/^port //p' "$log" | head -n 1; return 0; fi
        kill -0 "$pid" 2>/dev/null || { echo "peer exited: $(cat "$log")" >&2; return 1; }
        sleep 0.1
    done
    echo "peer did not listen within 20 s: $(cat "$log")" >&2
    return 1
}

peer_start() { # name args...
    local name=$1; shift
    local log="${TEST_TMP:-/tmp}/peer-$name.log"
    : >"$log"   # emptied here, not by the background job's redirection, so no old port is read back
    case $name in
        kinesalite)
            node "$PEERS_DIR/kinesalite.js" "$@" >"$log" 2>&1 &
            PEER_PIDS[kinesalite]=$!
            KINESIS_PORT=$(peer__wait_port "$log" $!) || return 1
            KINESIS_URL="http://127.0.0.1:$KINESIS_PORT"; KINESIS_PID=${PEER_PIDS[kinesalite]} ;;
        s3rver)
            mkdir -p "$1"
            node "$PEERS_DIR/s3rver.js" --dir "$1" "${@:2}" >"$log" 2>&1 &
            PEER_PIDS[s3rver]=$!
            S3_PORT=$(peer__wait_port "$log" $!) || return 1
            S3_URL="http://127.0.0.1:$S3_PORT"; S3_PID=${PEER_PIDS[s3rver]} ;;
        *) echo "peer_start: unknown peer $name" >&2; return 1 ;;
    esac
}

peer_stop() { # name
    local pid=${PEER_PIDS[$1]:-} i
    [ -n "$pid" ] || return 0
    kill "$pid" 2>/dev/null || true
    for i in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    unset "PEER_PIDS[$1]"
}

peers__stop_all() { local n; for n in "${!PEER_PIDS[@]}"; do peer_stop "$n"; done; }
trap peers__stop_all EXIT
