# The artifact's binary runs on Amazon Linux 2023: build/rel/etl-app-static needs no glibc symbol
# version newer than GLIBC_2.34, and links every library statically but glibc and the three Debian 12
# has no static archive of (Makefile: STATIC_DYN). It computes what the dynamic build computes, in
# replay mode and in stream mode through kinesalite and s3rver.
set -eu
fail() { echo "FAIL: $*"; exit 1; }
bin=$TOP/build/rel/etl-app-static
[ -x "$bin" ] || fail "$bin not built (make check builds it)"
versions=$(objdump -T "$bin" | grep -oE '\(GLIBC_[0-9.]+\)' | tr -d '()' | sort -uV)
echo "glibc versions: $(echo $versions)"
newest=$(echo "$versions" | tail -n 1)
[ "$(printf '%s\nGLIBC_2.34\n' "$newest" | sort -V | tail -n 1)" = GLIBC_2.34 ] || fail "needs $newest: $(objdump -T "$bin" | grep "$newest")"
objdump -T "$bin" | grep -E 'GLIBC_2\.(3[5-9]|[4-9][0-9])' && fail "symbols newer than GLIBC_2.34"
needed=$(objdump -p "$bin" | awk '$1 == "NEEDED" {print $2}' | sort)
echo "needed: $(echo $needed)"
allowed="ld-linux-x86-64.so.2 libc.so.6 libgssapi_krb5.so.2 libp11-kit.so.0 libsasl2.so.2"
for lib in $needed; do
    case " $allowed " in *" $lib "*) ;; *) fail "links $lib dynamically" ;; esac
done
echo "$needed" | grep -qE 'libcurl|libssl|libcrypto|libjson-c|libyaml|libexpat|libsnappy|libzstd|libz\.' && fail "a library linked dynamically"

[ "$("$bin" --version)" = "$("$ETL_APP_REL" --version)" ] || fail "--version"
/usr/bin/python3 "$TOP/tests/lib/gen_stream.py" 4 3000 3 1 ordered "$TEST_TMP"
"$bin" --input "$TEST_TMP/input.ndjson" --output "$TEST_TMP/static" --compression zstd >"$TEST_TMP/a"
"$ETL_APP_REL" --input "$TEST_TMP/input.ndjson" --output "$TEST_TMP/dynamic" --compression zstd >"$TEST_TMP/b"
cmp "$TEST_TMP/a" "$TEST_TMP/b" || fail "counters differ"
diff -r "$TEST_TMP/static/hourly" "$TEST_TMP/dynamic/hourly" || fail "objects differ"

APP=$bin
. "$TOP/tests/lib/stream.sh"
stream_setup 2
put_readings 2 10 "$TEST_TMP/input.ndjson"
app_start "$TEST_TMP/log"
app_wait_count "$TEST_TMP/log" "$(wc -l <"$TEST_TMP/input.ndjson")"
app_stop "$TEST_TMP/log"
bucket_sync "$TEST_TMP/bucket"
"$ETL_APP_REL" --input "$TEST_TMP/input.ndjson" --output "$TEST_TMP/snappy" >/dev/null
diff -r "$TEST_TMP/snappy/hourly" "$TEST_TMP/bucket/hourly" || fail "stream mode of the static binary differs from replay"
echo ok
