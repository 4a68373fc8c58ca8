# A close() that fails on an object's temporary file (EIO, as on NFS) is an I/O error (exit 1, the
# path and the reason), and the descriptor is not closed a second time: it may already be another
# file's. close() is made to fail by an LD_PRELOAD library on the optimized build (ASan must be first).
set -eu
fail() { echo "$*"; exit 1; }
cc -shared -fPIC -O1 -o "$TEST_TMP/close_fails.so" "$TOP/tests/lib/close_fails.c" -ldl || exit 77
echo '{"timestamp": 1682331404, "sensor-id": 1, "temperature": 21.5}' >"$TEST_TMP/in.ndjson"
rc=0
LD_PRELOAD="$TEST_TMP/close_fails.so" CLOSE_FAILS_MATCH=.parquet.tmp- \
    "$ETL_APP_REL" --input "$TEST_TMP/in.ndjson" --output "$TEST_TMP/out" >/dev/null 2>"$TEST_TMP/err" || rc=$?
grep -q "closed again" "$TEST_TMP/err" && fail "descriptor closed twice: $(cat "$TEST_TMP/err")"
[ $rc -eq 1 ] || fail "exit $rc, expected 1: $(cat "$TEST_TMP/err")"
grep -q 'part-20230424T100000Z-0.parquet: Input/output error' "$TEST_TMP/err" || fail "message: $(cat "$TEST_TMP/err")"
[ -z "$(find "$TEST_TMP/out" -name '*.tmp-*')" ] || fail "a temporary file is left"
[ -z "$(find "$TEST_TMP/out" -name '*.parquet')" ] || fail "an object was published although its close failed"
exit 0
