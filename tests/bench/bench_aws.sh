# The AWS client's S3 throughput against the AWS CLI on the same s3rver, same file, same run: a 128 MiB
# upload (multipart, 4 parallel parts of 8 MiB; the CLI's default is 10 threads of 8 MiB) and its
# download, each 3 times alternating; best wall times and the ratios (ours / CLI, lower is better).
set -eu
tmp=${BENCH_TMP:-$(mktemp -d)}
. "$TOP/tests/lib/peers.sh"
peer_start s3rver "$tmp/s3"
export AWS_ACCESS_KEY_ID=S3RVER AWS_SECRET_ACCESS_KEY=S3RVER AWS_REGION=us-east-1 AWS_EC2_METADATA_DISABLED=true
export AWS_PAGER= HOME="$tmp"
pkgs="json-c libcurl openssl expat"
cc -std=c11 -O2 -D_GNU_SOURCE -I"$TOP/src" -o "$tmp/aws_driver" "$TOP/tests/bench/aws_driver.c" \
    "$TOP/build/rel/libetlaws.a" "$TOP/build/rel/libetlbase.a" $(pkg-config --libs $pkgs) -lpthread
mb=${BENCH_MB:-128}
head -c $((mb << 20)) /dev/urandom >"$tmp/blob"
/usr/bin/aws --endpoint-url "$S3_URL" s3api create-bucket --bucket bench >/dev/null

wall() { # name, command...: appends the wall seconds to $tmp/name.runs
    local name=$1 start end; shift
    start=$(date +%s.%N)
    "$@" >/dev/null 2>"$tmp/$name.err" || { cat "$tmp/$name.err"; exit 1; }
    end=$(date +%s.%N)
    awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f\n", b - a }' >>"$tmp/$name.runs"
}
for run in 1 2 3; do
    wall ours_up "$tmp/aws_driver" upload "$S3_URL" bench ours.bin "$tmp/blob" 4
    wall cli_up /usr/bin/aws --endpoint-url "$S3_URL" s3 cp "$tmp/blob" s3://bench/cli.bin
    wall ours_down "$tmp/aws_driver" download "$S3_URL" bench ours.bin "$tmp/ours.down"
    wall cli_down /usr/bin/aws --endpoint-url "$S3_URL" s3 cp s3://bench/cli.bin "$tmp/cli.down"
done
cmp -s "$tmp/blob" "$tmp/ours.down" && cmp -s "$tmp/blob" "$tmp/cli.down" || { echo "downloads differ"; exit 1; }
best() { sort -n "$tmp/$1.runs" | head -n 1; }
{
    for op in up down; do
        o=$(best ours_$op) c=$(best cli_$op)
        awk -v op="$op" -v mb="$mb" -v o="$o" -v c="$c" 'BEGIN {
            printf "%-5s %4d MiB  ours %6.2f s (%6.1f MiB/s)  aws cli %6.2f s (%6.1f MiB/s)  ratio %.2f\n",
                   op, mb, o, mb / o, c, mb / c, o / c }'
    done
} | tee "${BENCH_OUT:-/dev/null}"
