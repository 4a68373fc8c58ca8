# etl-app's command line: help, version, usage errors (exit 2) with precise messages, I/O errors
# (exit 1), a JSON array replay with broken elements (positions are line numbers), stdin, the key
# prefix, millisecond timestamps, and the same objects from the sanitized and the optimized build.
set -eu
fail() { echo "$*"; exit 1; }
"$ETL_APP" --help | grep -q '^usage: etl-app --input FILE|- --output DIR' || fail "--help"
[ "$("$ETL_APP" --version)" = "etl-app $(sed -n 's/^VERSION *:= *//p' "$TOP/Makefile")" ] || fail "--version"

usage() { # expected message, args...
    local want=$1 rc=0; shift
    "$ETL_APP" "$@" >/dev/null 2>"$TEST_TMP/err" || rc=$?
    [ $rc -eq 2 ] || fail "$* exits $rc, expected 2"
    [ "$(cat "$TEST_TMP/err")" = "etl-app: $want" ] || fail "$*: $(cat "$TEST_TMP/err")"
}
usage "--window 7: expected seconds that divide 3600 (1, 2, ..., 60, ..., 3600)" --input x --output y --window 7
usage "--input needs --output DIR" --input x
usage "--nope: unknown option (see --help)" --nope
usage "--input (replay) and --stream exclude each other" --input x --output y --stream s
ETL_SCOPE=hourly usage "ETL_SCOPE=hourly: expected all or sensor" --input x --output y
rc=0
"$ETL_APP" >/dev/null 2>&1 || rc=$?
[ $rc -eq 2 ] || fail "no arguments exits $rc"

rc=0
"$ETL_APP" --input "$TEST_TMP/missing.json" --output "$TEST_TMP/o" 2>"$TEST_TMP/err" || rc=$?
[ $rc -eq 1 ] && grep -q "missing.json: No such file or directory" "$TEST_TMP/err" || fail "missing input: $rc $(cat "$TEST_TMP/err")"
: >"$TEST_TMP/file"
rc=0
echo '{"timestamp": 1, "sensor-id": 1, "temperature": 1}' | "$ETL_APP" --input - --output "$TEST_TMP/file/sub" 2>"$TEST_TMP/err" || rc=$?
[ $rc -eq 1 ] && grep -q "file/sub: Not a directory" "$TEST_TMP/err" || fail "bad output: $rc $(cat "$TEST_TMP/err")"

# a JSON array over several lines, with broken elements, from stdin
cat >"$TEST_TMP/array.json" <<'JSON'
[
  {"timestamp": 1682331404, "sensor-id": 1, "temperature": 21.5},
  {"timestamp": 1682331405,
   "sensor-id": 2, "temperature": 20.5},
  {"timestamp": 1682331406, "sensor-id": 3},
  42,
  {"timestamp": 1682331407 "sensor-id": 4, "temperature": 1},
  {"timestamp": "2023-04-24T10:16:48Z", "sensor-id": 5, "temperature": 19.5}
]
JSON
out=$("$ETL_APP" --input - --output "$TEST_TMP/arr" --prefix "env/a=1/" <"$TEST_TMP/array.json")
[ "$out" = "in=6 kept=1 filtered=2 error=3 late=0 pending=0" ] || fail "array: $out"
[ -f "$TEST_TMP/arr/env/a=1/hourly/dt=2023-04-24/hour=10/part-20230424T100000Z-0.parquet" ] || fail "no prefixed object"
errors=$(cat "$TEST_TMP"/arr/env/a=1/errors/dt=*/replay-5.ndjson)
want='{"reason":"missing_field","source":"replay","position":"5","data":"{\"timestamp\": 1682331406, \"sensor-id\": 3}"}
{"reason":"bad_json","source":"replay","position":"6","data":"42"}
{"reason":"bad_json","source":"replay","position":"7","data":"{\"timestamp\": 1682331407 \"sensor-id\": 4, \"temperature\": 1}"}'
[ "$errors" = "$want" ] || fail "array errors: $errors"
[ "$(ls "$TEST_TMP"/arr/env/a=1/errors/)" = "dt=$(date -u +%Y-%m-%d)" ] || fail "errors not under today's date"

# an array on a pipe whose first read brings only whitespace is still an array: the writer sends a
# newline, waits (bounded) until the app has read it (the pipe is empty), then sends the array
out=$(/usr/bin/python3 - "$ETL_APP" "$TEST_TMP/slow" <<'PY'
import fcntl, struct, subprocess, sys, termios, time
p = subprocess.Popen([sys.argv[1], "--input", "-", "--output", sys.argv[2]], stdin=subprocess.PIPE)
p.stdin.write(b"\n"); p.stdin.flush()
deadline = time.monotonic() + 20
while struct.unpack("i", fcntl.ioctl(p.stdin, termios.FIONREAD, b"\0" * 4))[0] and time.monotonic() < deadline:
    time.sleep(0.01)
p.stdin.write(b'[{"timestamp": 1682331404, "sensor-id": 1, "temperature": 21.1}]\n'); p.stdin.close()
sys.exit(p.wait(timeout=60))
PY
)
[ "$out" = "in=1 kept=1 filtered=0 error=0 late=0 pending=0" ] || fail "array after a first read of whitespace: $out"

# broken array structure is reported, not lost
printf '[{"timestamp": 1, "sensor-id": 1, "temperature": 1},]' >"$TEST_TMP/trailing.json"
out=$("$ETL_APP" --input "$TEST_TMP/trailing.json" --output "$TEST_TMP/trailing")
[ "$out" = "in=2 kept=1 filtered=0 error=1 late=0 pending=0" ] || fail "trailing comma: $out"
printf '[{"timestamp": 1, "sensor-id": 1, "temperature": 1}] extra' >"$TEST_TMP/extra.json"
out=$("$ETL_APP" --input "$TEST_TMP/extra.json" --output "$TEST_TMP/extra")
[ "$out" = "in=2 kept=1 filtered=0 error=1 late=0 pending=0" ] || fail "text after the array: $out"

# an array cut off before its ']' ends in one bad_json element at its line, even a whole reading
# (the cut may fall after a '}' inside it); the counters reconcile: in = kept + filtered + error
cutoff() { # name, expected counters, expected error line, then the input (printf format)
    local name=$1 want=$2 err=$3; shift 3
    printf "$@" >"$TEST_TMP/$name.json"
    out=$("$ETL_APP" --input "$TEST_TMP/$name.json" --output "$TEST_TMP/$name")
    [ "$out" = "$want" ] || fail "$name: $out"
    got=$(cat "$TEST_TMP/$name"/errors/dt=*/*.ndjson)
    [ "$got" = "$err" ] || fail "$name errors: $got"
}
R='{"timestamp": 1682331404, "sensor-id": 1, "temperature": 1}'
cutoff unclosed "in=2 kept=1 filtered=0 error=1 late=0 pending=0" \
    '{"reason":"bad_json","source":"replay","position":"3","data":"{\"timestamp\": 1682331404, \"sensor-id\": 1, \"temperature\": 1}"}' \
    '[\n%s,\n%s\n' "$R" "$R"
cutoff mid_element "in=2 kept=1 filtered=0 error=1 late=0 pending=0" \
    '{"reason":"bad_json","source":"replay","position":"2","data":"{\"timestamp\": 16823"}' \
    '[%s,\n{"timestamp": 16823' "$R"
cutoff after_comma "in=2 kept=1 filtered=0 error=1 late=0 pending=0" \
    '{"reason":"bad_json","source":"replay","position":"2","data":""}' '[%s,\n' "$R"
cutoff bracket_only "in=1 kept=0 filtered=0 error=1 late=0 pending=0" \
    '{"reason":"bad_json","source":"replay","position":"1","data":""}' '[ '

# a UTF-8 byte order mark at the start is skipped: NDJSON mapped and through a pipe, a JSON array
printf '\xEF\xBB\xBF%s\n%s\n' "$R" "$R" >"$TEST_TMP/bom.ndjson"
printf '\xEF\xBB\xBF[%s,\n%s]\n' "$R" "$R" >"$TEST_TMP/bom.json"
for how in file pipe array; do
    case $how in
    file) out=$("$ETL_APP" --input "$TEST_TMP/bom.ndjson" --output "$TEST_TMP/bom-$how") ;;
    pipe) out=$(cat "$TEST_TMP/bom.ndjson" | "$ETL_APP" --input - --output "$TEST_TMP/bom-$how") ;;
    array) out=$("$ETL_APP" --input "$TEST_TMP/bom.json" --output "$TEST_TMP/bom-$how") ;;
    esac
    [ "$out" = "in=2 kept=2 filtered=0 error=0 late=0 pending=0" ] || fail "BOM ($how): $out"
done

# milliseconds, CRLF line ends, blank lines (not counted), positions counting them
printf '{"timestamp": 1682331404123, "sensor-id": 1, "temperature": 1}\r\n\r\n  \n{"timestamp": 1682331404999, "sensor-id": 1, "temperature": 2}\n{}\n' |
    "$ETL_APP" --input - --output "$TEST_TMP/ms" --time-unit ms --compression none >"$TEST_TMP/ms.out"
[ "$(cat "$TEST_TMP/ms.out")" = "in=3 kept=0 filtered=2 error=1 late=0 pending=0" ] || fail "ms: $(cat "$TEST_TMP/ms.out")"
grep -q '"position":"5"' "$TEST_TMP"/ms/errors/dt=*/replay-5.ndjson || fail "position of line 5"

# the optimized build (two parsing threads, a mapped file) writes the same bytes as the sanitized one
/usr/bin/python3 "$TOP/tests/lib/gen_readings.py" 3 200000 3 10 300 3600 "$TEST_TMP"
"$ETL_APP" --input "$TEST_TMP/input.ndjson" --output "$TEST_TMP/a" --scope sensor >"$TEST_TMP/a.out"
"$ETL_APP_REL" --input "$TEST_TMP/input.ndjson" --output "$TEST_TMP/b" --scope sensor >"$TEST_TMP/b.out"
"$ETL_APP_REL" --input - --output "$TEST_TMP/c" --scope sensor <"$TEST_TMP/input.ndjson" >"$TEST_TMP/c.out"
# through a pipe the file is read in other pieces: the objects (errors/ ones over 8 MB included) are the same
cat "$TEST_TMP/input.ndjson" | "$ETL_APP_REL" --input - --output "$TEST_TMP/d" --scope sensor >"$TEST_TMP/d.out"
[ "$(ls "$TEST_TMP"/a/errors/dt=*/ | wc -l)" -gt 1 ] || fail "errors/ did not need two objects"
for x in b c d; do
    cmp "$TEST_TMP/a.out" "$TEST_TMP/$x.out" || fail "counters differ ($x)"
    diff -r "$TEST_TMP/a" "$TEST_TMP/$x" || fail "objects differ ($x)"
done

# a line longer than a read block (8 MiB), through a pipe: too_large, with its whole text in errors/
{
    printf '{"timestamp": 1682331404, "sensor-id": 1, "temperature": 1, "pad": "'
    head -c 9000000 /dev/zero | tr '\0' 'x'
    printf '"}\n{"timestamp": 1682331405, "sensor-id": 1, "temperature": 2}\n'
} | "$ETL_APP" --input - --output "$TEST_TMP/long" >"$TEST_TMP/long.out"
[ "$(cat "$TEST_TMP/long.out")" = "in=2 kept=1 filtered=0 error=1 late=0 pending=0" ] || fail "long line: $(cat "$TEST_TMP/long.out")"
/usr/bin/python3 -c '
import glob, json, sys
[p] = glob.glob(sys.argv[1] + "/errors/dt=*/replay-1.ndjson")
e = json.loads(open(p).read())
assert e["reason"] == "too_large" and e["position"] == "1" and len(e["data"]) == 9000000 + 70, (e["reason"], len(e["data"]))
' "$TEST_TMP/long"

# writing the same windows again replaces their objects: same keys, same bytes
"$ETL_APP_REL" --input "$TEST_TMP/input.ndjson" --output "$TEST_TMP/b" --scope sensor >/dev/null
diff -r "$TEST_TMP/a" "$TEST_TMP/b" || fail "a second run into the same directory changed the objects"
