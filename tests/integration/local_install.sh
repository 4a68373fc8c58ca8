# An installed etlctl finds the local cloud's peers in its share directory: `make install-local-peers`
# (part of `make install`) puts the start scripts and the Node packages they need there, and an etlctl
# outside the source tree brings the local cloud up from that copy alone.
set -eu
dest="$TEST_TMP/inst"
make -s -C "$TOP" install-local-peers DESTDIR="$dest" PREFIX=/opt/etl >/dev/null
share="$dest/opt/etl/share/etlctl/local"
[ -f "$share/kinesalite.js" ] && [ -f "$share/s3rver.js" ]
[ -f "$share/node_modules/kinesalite/package.json" ] && [ -f "$share/node_modules/s3rver/package.json" ]
! [ -e "$share/node_modules/@duckdb" ] # only what the peers load
mkdir -p "$TEST_TMP/bin"
cp "$ETLCTL_REL" "$TEST_TMP/bin/etlctl" # outside the tree: no tests/lib beside it
st="$TEST_TMP/state"
trap '"$TEST_TMP/bin/etlctl" local down --state "$st" >/dev/null 2>&1 || true' EXIT
env -u NODE_PATH ETLCTL_PEERS="$share" "$TEST_TMP/bin/etlctl" local up --state "$st"
"$TEST_TMP/bin/etlctl" local status --state "$st"
grep -q "$share" <(tr '\0' ' ' </proc/"$(sed -n 's/^kinesis .* pid //p' <("$TEST_TMP/bin/etlctl" local status --state "$st"))"/cmdline)
"$TEST_TMP/bin/etlctl" local down --state "$st"
# without them it says where it looked
! env ETLCTL_PEERS="$TEST_TMP/nowhere" "$TEST_TMP/bin/etlctl" local up --state "$st" 2>"$TEST_TMP/err"
grep -q "kinesalite.js and s3rver.js not found in $TEST_TMP/nowhere" "$TEST_TMP/err"
echo ok
