#!/usr/bin/env bash
# Builds the minimal static libcurl that only build/rel/etl-app-static links (Makefile: CURL_STATIC):
# Debian 12's own source package of the libcurl installed here (same version, Debian's patches), HTTP and
# HTTPS only (OpenSSL, zlib), so the binary needs no GSSAPI, LDAP, SASL or GnuTLS. Usage: build-curl.sh DIR
# (DIR/lib/libcurl.a and DIR/include/curl/ when done; a finished DIR is left as it is). Nothing is
# installed outside DIR.
#
# Source: `apt-get source` (deb-src entries: tests/deps), which checks the .dsc against the archive's
# signed Sources index; each file is then checked here against the .dsc's Checksums-Sha256.
# CA certificates: no built-in bundle or directory (Debian's would be wrong on Amazon Linux 2023);
# src/aws/http.c picks the system's bundle at run time when libcurl has none.
set -euo pipefail
out=$(realpath -m "${1:?usage: build-curl.sh DIR}")
[ -f "$out/lib/libcurl.a" ] && [ -f "$out/include/curl/curl.h" ] && exit 0

version=$(dpkg-query -W -f='${Version}' libcurl4-openssl-dev 2>/dev/null) ||
    { echo "build-curl: libcurl4-openssl-dev is not installed (run tests/deps)" >&2; exit 1; }
work=$out.work
rm -rf "$work" "$out"
mkdir -p "$work/dl"
echo "build-curl: Debian source package curl $version into ${out#"$PWD"/}"

cd "$work/dl"
# APT's download sandbox user cannot write here; the files are verified below either way.
apt-get source --download-only -qq -o APT::Sandbox::User=root "curl=$version" ||
    { echo "build-curl: apt-get source failed (tests/deps adds the deb-src entries it needs)" >&2; exit 1; }
dsc=$(ls curl_*.dsc)
awk '/^Checksums-Sha256:/ {on = 1; next} /^[^ ]/ {on = 0} on && NF == 3 {print $1 "  " $3}' "$dsc" >sha256
[ -s sha256 ] || { echo "build-curl: $dsc has no Checksums-Sha256" >&2; exit 1; }
sha256sum --quiet -c sha256 || { echo "build-curl: a file does not match $dsc" >&2; exit 1; }

# Debian's OpenSSL flavour: every patch of the series but the last two (GnuTLS, NSS), as debian/rules does.
# (dpkg-source cannot check the maintainer's signature without debian-keyring: APT's check above stands.)
dpkg-source -q -x "$dsc" "$work/src" >"$work/dpkg-source.log" 2>&1 ||
    { cat "$work/dpkg-source.log" >&2; echo "build-curl: dpkg-source -x failed" >&2; exit 1; }
cd "$work/src"
for p in 99_nss.patch 90_gnutls.patch; do patch -s -R -p1 <"debian/patches/$p"; done
./buildconf >/dev/null 2>&1 || { echo "build-curl: buildconf (autoreconf) failed" >&2; exit 1; }

mkdir -p "$work/build"
cd "$work/build"
CFLAGS="-O2 -g -DCURL_PATCHSTAMP=\\\"$version\\\"" \
"$work/src/configure" --prefix="$out" --disable-shared --enable-static --with-pic \
    --disable-dependency-tracking --enable-threaded-resolver --disable-manual \
    --disable-ldap --disable-ldaps --disable-rtsp --disable-dict --disable-telnet --disable-tftp \
    --disable-pop3 --disable-imap --disable-smb --disable-smtp --disable-gopher --disable-mqtt \
    --with-openssl --with-zlib --without-gssapi --without-librtmp --without-libssh2 --without-libssh \
    --without-libpsl --without-libidn2 --without-nghttp2 --without-brotli --without-zstd \
    --without-ca-bundle --without-ca-path >"$work/configure.log" 2>&1 ||
    { tail -n 20 "$work/configure.log" >&2; echo "build-curl: configure failed" >&2; exit 1; }
# Under make, the jobserver of the make that runs this (Makefile: `+`); alone, two jobs.
jobs=()
[[ "${MAKEFLAGS:-}" == *jobserver* ]] || jobs=(-j"${JOBS:-2}")
make -s "${jobs[@]}" -C lib >/dev/null
make -s -C lib install >/dev/null
make -s -C include install >/dev/null
# The installed libcurl.pc/curl-config are not used: the Makefile names the libraries itself.
cd /
rm -rf "$work"
echo "build-curl: done, $out/lib/libcurl.a"
