# Sourced by the deploy tests: the local cloud of localcloud.sh, etlctl pointed at it with the optimized
# etl-app as the artifact, a line number when a step fails, and E ARGS for `etlctl --local ARGS`.
trap 'echo "$0: failed at line $LINENO" >&2' ERR
. "$TOP/tests/lib/localcloud.sh"
export ETLCTL_STATE="$st" ETLCTL_APP="$ETL_APP_REL"
E() { "$ETLCTL" --local "$@"; }
