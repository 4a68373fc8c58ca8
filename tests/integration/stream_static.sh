# The artifact's binary runs on Amazon Linux 2023: build/rel/etl-app-static needs glibc's libraries only
# (objdump -p: NEEDED) and no symbol version newer than GLIBC_2.34; every other library (libcurl, OpenSSL,
# json-c, expat, snappy and libstdc++, zstd, zlib; etl-app reads no YAML) is inside it. It computes what the dynamic
# build computes, in replay mode and in stream mode through kinesalite and s3rver, and verifies TLS with
# AWS_CA_BUNDLE or the system's bundle, at Debian's path or at Amazon Linux's (/etc seen through an
# overlay in a mount namespace).
set -eu
fail() { echo "FAIL: $*"; exit 1; }
bin=${STATIC_BIN:-$TOP/build/rel/etl-app-static}
[ -x "$bin" ] || fail "$bin not built (make check builds it)"

versions=$(objdump -T "$bin" | grep -oE '\(GLIBC_[0-9.]+\)' | tr -d '()' | sort -uV)
echo "glibc versions: $(echo $versions)"
[ -n "$versions" ] || fail "no glibc symbol versions read"
newest=$(echo "$versions" | tail -n 1)
[ "$(printf '%s\nGLIBC_2.34\n' "$newest" | sort -V | tail -n 1)" = GLIBC_2.34 ] ||
    fail "needs $newest: $(objdump -T "$bin" | grep -F "($newest)" | head -n 3)"
others=$(objdump -T "$bin" | grep -oE '\([A-Za-z_][A-Za-z0-9_.]*\)' | grep -v -e '^(GLIBC_' -e '^(Base)$' | sort -u || true)
[ -z "$others" ] || fail "symbol versions of other libraries: $others"
needed=$(objdump -p "$bin" | awk '$1 == "NEEDED" {print $2}' | sort)
echo "needed: $(echo $needed)"
[ -n "$needed" ] || fail "no NEEDED entries read"
glibc="ld-linux-x86-64.so.2 libc.so.6 libm.so.6 libpthread.so.0 libdl.so.2 librt.so.1"
for lib in $needed; do
    case " $glibc " in *" $lib "*) ;; *) fail "links $lib dynamically (only glibc may be)" ;; esac
done
# Each library's code is in the binary: one of its functions is defined in .text.
defined=$TEST_TMP/defined
objdump -t "$bin" | awk '$4 == ".text" {print $NF}' | sort -u >"$defined"
for lib_sym in libcurl:curl_easy_perform openssl:SSL_CTX_new libcrypto:EVP_DigestInit_ex json-c:json_tokener_parse_ex \
    expat:XML_ParserCreate snappy:_ZN6snappy11RawCompressEPKcmPcPm \
    libstdc++:_ZSt9terminatev zstd:ZSTD_compressCCtx zlib:deflate; do
    grep -qx "${lib_sym#*:}" "$defined" || fail "${lib_sym%%:*} is not linked statically (${lib_sym#*:} not in .text)"
done
# The minimal libcurl: none of the parts that need GSSAPI, LDAP, SASL or GnuTLS.
if grep -E '^(gss_|ldap_|sasl_|gnutls_|p11_kit)' "$defined" | head -n 3 | grep .; then fail "libcurl with GSSAPI/LDAP/SASL/GnuTLS"; fi
echo "static: libcurl OpenSSL json-c expat snappy libstdc++ zstd zlib"

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

# TLS against a loopback HTTPS server with a self-signed certificate: the server records each request
# it gets, so a request recorded means the handshake was verified; the app then fails on the empty answer.
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 \
    -keyout "$TEST_TMP/key.pem" -out "$TEST_TMP/cert.pem" 2>/dev/null || fail "openssl req"
/usr/bin/python3 "$TOP/tests/lib/record_server.py" --out "$TEST_TMP/tls.jsonl" --tls "$TEST_TMP/cert.pem" \
    "$TEST_TMP/key.pem" >"$TEST_TMP/tls.port" &
tls_pid=$!
trap 'kill $tls_pid 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do grep -q '^port' "$TEST_TMP/tls.port" && break; sleep 0.1; done
tls_url=https://127.0.0.1:$(awk '{print $2}' "$TEST_TMP/tls.port")
# tls_try NAME [command prefix...]: runs the static binary against the server until a request arrives
# (0) or it logs a certificate error or exits (1); at most 30 s. The prefix execs the binary (env,
# unshare, sh -c 'exec'), so the pid is the app's and SIGKILL ends it at once: it stops gracefully on
# SIGTERM only after its retries, and this part tests TLS, not stopping.
tls_try() {
    local name=$1 pid i; shift
    : >"$TEST_TMP/tls.jsonl"
    AWS_ENDPOINT_URL_KINESIS=$tls_url AWS_ENDPOINT_URL_S3=$tls_url "$@" "$bin" --stream tls \
        --bucket tls --idle 1 >"$TEST_TMP/tls-$name.out" 2>&1 &
    pid=$!
    for i in $(seq 1 300); do
        [ -s "$TEST_TMP/tls.jsonl" ] || grep -qi certificate "$TEST_TMP/tls-$name.out" || ! kill -0 $pid 2>/dev/null && break
        sleep 0.1
    done
    kill -KILL $pid 2>/dev/null || true
    wait $pid 2>/dev/null || true
    [ -s "$TEST_TMP/tls.jsonl" ]
}
tls_try refused env -u AWS_CA_BUNDLE && fail "an unknown certificate accepted"
grep -qi certificate "$TEST_TMP/tls-refused.out" || fail "refusal does not name the certificate: $(head -c 300 "$TEST_TMP/tls-refused.out")"
tls_try ca_bundle env AWS_CA_BUNDLE="$TEST_TMP/cert.pem" || fail "AWS_CA_BUNDLE not honoured: $(head -c 300 "$TEST_TMP/tls-ca_bundle.out")"
# The system's bundle, with /etc seen through an overlay (private mount namespace, needs root): Debian's
# path, then Amazon Linux 2023's with Debian's gone. Each holds the test certificate only.
# etc_as NAME PATH: a script for unshare that mounts the overlay with PATH as the only bundle, then runs "$@".
etc_as() {
    local up=$TEST_TMP/etc-$1/upper
    mkdir -p "$up/$(dirname "$2")" "$TEST_TMP/etc-$1/work"
    cp "$TEST_TMP/cert.pem" "$up/$2"
    [ "$2" = ssl/certs/ca-certificates.crt ] || { mkdir -p "$up/ssl/certs"; mknod "$up/ssl/certs/ca-certificates.crt" c 0 0; }
    echo "mount -t overlay overlay -o lowerdir=/etc,upperdir=$up,workdir=$TEST_TMP/etc-$1/work /etc && exec \"\$@\""
}
if [ "$(id -u)" -ne 0 ] || ! unshare -m true 2>/dev/null; then
    echo "skip: system CA bundle paths (needs root and mount namespaces)"; exit 77
fi
for case in debian:ssl/certs/ca-certificates.crt al2023:pki/tls/certs/ca-bundle.crt; do
    name=${case%%:*} path=${case#*:}
    tls_try "$name" env -u AWS_CA_BUNDLE unshare -m sh -c "$(etc_as "$name" "$path")" sh ||
        fail "system bundle at /etc/$path not used: $(head -c 300 "$TEST_TMP/tls-$name.out")"
done
echo "tls: refused unknown, AWS_CA_BUNDLE, /etc/ssl/certs/ca-certificates.crt, /etc/pki/tls/certs/ca-bundle.crt"
echo ok
