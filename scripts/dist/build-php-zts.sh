#!/usr/bin/env bash
# Thread-safe (ZTS) build of the extension (make dist-php-zts, build-php-zts),
# for FrankenPHP, Octane on FrankenPHP and Apache's threaded MPMs.
#
#  1. Debian's PHP source package, fetched by fetch-debian-source.py from
#     Debian's archive (InRelease signature -> Sources.xz -> SHA-256 of each
#     file), cached in ZTS_DIR/src.
#  2. In a Debian root of that release (chroot.sh, cached under target/), its
#     upstream tarball configured with --enable-zts and the extensions the
#     PHPUnit suites and Laravel need, compiled and installed into
#     ZTS_DIR/prefix: a path under target/, bind-mounted at the same path in
#     the root, so that on a host of the same release (Debian 12 here) that PHP
#     also runs outside the root (make test-php-zts). Never over a system PHP.
#     Built once: kept while ZTS_DIR/prefix/.bpjs-zts matches the version
#     and the configure options.
#     Debian's own patches (debian/patches) are not applied: they change
#     packaging paths and defaults, not the Zend API the extension is built
#     against; the PHP API number is the one of Debian's binary packages.
#  3. bpjs_codec built in that root against the prefix's php-config
#     (PHP_CONFIG for ext-php-rs), with this machine's Rust toolchain
#     bind-mounted, into target/php-SUITE-zts; then, unless OUT_DIR is '-',
#     packaged by package-php.sh (its name says zts). Also links
#     ZTS_DIR/zts_smoke, the threaded smoke (zts-smoke/), and runs it in the
#     root on the fresh build before packaging.
# Run as root. The first run compiles PHP (minutes); later runs do not.
#
# Usage: scripts/dist/build-php-zts.sh SUITE PHPSRC CHROOT_DIR OUT_DIR|- ZTS_DIR
#   e.g. build-php-zts.sh bookworm php8.2 target/dist-chroot/bookworm-build dist target/php-zts/bookworm
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
usage="usage: build-php-zts.sh SUITE PHPSRC CHROOT_DIR OUT_DIR|- ZTS_DIR"
suite="${1:?$usage}"
phpsrc="${2:?$usage}"
dir="$(mkdir -p "${3:?$usage}" && cd "$3" && pwd)"
out="${4:?$usage}"
[ "$out" = - ] || out="$(mkdir -p "$out" && cd "$out" && pwd)"
zdir="$(mkdir -p "${5:?$usage}" && cd "$5" && pwd)"
rustup_home="${RUSTUP_HOME:-$HOME/.rustup}"
cargo_home="${CARGO_HOME:-$HOME/.cargo}"
target_dir="${CARGO_TARGET_DIR:-$root/target}"
prefix="$zdir/prefix"
jobs="${ZTS_JOBS:-$(nproc)}"

# What PHPUnit 9.6, the suites (curl, proc_open, sockets, SQLite, MariaDB over
# pdo_mysql) and Laravel need, besides PHP's defaults (ctype, dom, fileinfo,
# filter, iconv, libxml, pdo_sqlite, phar, posix, session, simplexml, sqlite3,
# tokenizer, xml, xmlreader, xmlwriter; json is always built in); and libphp
# (--enable-embed), the SAPI FrankenPHP is built on, for the threaded smoke;
# max execution timers as FrankenPHP asks its PHP to be built (they only move
# the executor globals' reserved slots, which the extension does not use).
configure_opts=(
  --enable-zts --disable-cgi --disable-phpdbg --without-pear
  --with-config-file-path="$prefix/etc" --with-config-file-scan-dir="$prefix/etc/conf.d"
  --enable-mbstring --with-openssl --with-zlib --with-curl
  --with-pdo-mysql=mysqlnd --with-mysqli=mysqlnd --enable-pcntl --enable-sockets
  --enable-embed=static --enable-zend-max-execution-timers
)
build_pkgs=(gcc make pkg-config libc6-dev libclang-dev xz-utils ca-certificates file
  libxml2-dev libsqlite3-dev libonig-dev libssl-dev zlib1g-dev libcurl4-openssl-dev)

bash "$root/scripts/dist/chroot.sh" "$suite" "$dir" "${build_pkgs[@]}"

source "$root/scripts/dist/chroot-mounts.sh"
chroot_mount_proc

start=$SECONDS
fetched="$(python3 "$root/scripts/dist/fetch-debian-source.py" "$suite" "$phpsrc" "$zdir/src")"
version="$(sed -n 's/^version=//p' <<<"$fetched")"
orig="$(sed -n 's/^orig=//p' <<<"$fetched")"
echo "build-php-zts: Debian source package $phpsrc $version ($orig), checksums verified ($((SECONDS - start)) s)"

stamp="$prefix/.bpjs-zts"
want="$phpsrc $version ${configure_opts[*]}"
chroot_bind "$zdir" "$zdir"
if [ ! -x "$prefix/bin/php-config" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  start=$SECONDS
  rm -rf "$zdir/build" "$prefix" && mkdir -p "$zdir/build"
  tar -C "$zdir/build" -xf "$zdir/src/$orig"
  srcdir="$(cd "$zdir/build" && ls -d php-*/ | head -n 1)"
  opts="$(printf '%q ' "${configure_opts[@]}")"
  chroot "$dir" env -i PATH=/usr/bin:/bin HOME=/root sh -c "cd '$zdir/build/$srcdir' && \
    ./configure --prefix='$prefix' $opts >'$zdir/configure.log' 2>&1 && \
    make -j$jobs >'$zdir/make.log' 2>&1 && make install >'$zdir/install.log' 2>&1" \
    || { echo "build-php-zts: PHP build failed; the end of its logs:" >&2; tail -n 30 "$zdir"/configure.log "$zdir"/make.log "$zdir"/install.log 2>/dev/null >&2; exit 1; }
  # Debian's CLI php.ini is php.ini-production without a memory limit.
  mkdir -p "$prefix/etc/conf.d"
  sed 's/^memory_limit = .*/memory_limit = -1/' "$zdir/build/$srcdir/php.ini-production" > "$prefix/etc/php.ini"
  printf '%s\n' "$want" > "$stamp"
  rm -rf "$zdir/build"
  echo "build-php-zts: PHP $(chroot "$dir" "$prefix/bin/php" -r 'echo PHP_VERSION, PHP_ZTS ? " ZTS" : " NTS";') compiled and installed in $prefix in $((SECONDS - start)) s"
else
  echo "build-php-zts: PHP $version ZTS already in $prefix (not rebuilt; rm -rf it to rebuild)"
fi
[ "$(chroot "$dir" "$prefix/bin/php" -r 'echo PHP_ZTS;')" = 1 ] || { echo "build-php-zts: $prefix/bin/php is not thread-safe" >&2; exit 1; }

chroot_bind "$root" "$root"
[ "$target_dir" = "$root/target" ] || [ "${target_dir#"$root"/}" != "$target_dir" ] || chroot_bind "$target_dir" "$target_dir"
chroot_bind "$rustup_home" "$rustup_home"
chroot_bind "$cargo_home" "$cargo_home"
# The threaded smoke of make test-php-zts (zts-smoke/zts_smoke.c), linked
# with libphp.a here, where the libraries' -dev files are.
chroot "$dir" env -i PATH=/usr/bin:/bin sh -c "cc -O2 -Wall -D_GNU_SOURCE \$('$prefix/bin/php-config' --includes) \
  -o '$zdir/zts_smoke' '$root/scripts/dist/zts-smoke/zts_smoke.c' '$prefix/lib/libphp.a' \
  \$('$prefix/bin/php-config' --libs) -Wl,--export-dynamic -pthread"

target="$target_dir/php-$suite-zts"
start=$SECONDS
chroot "$dir" env -i HOME="$HOME" PATH="$prefix/bin:$cargo_home/bin:/usr/bin:/bin" RUSTUP_HOME="$rustup_home" \
  CARGO_HOME="$cargo_home" CARGO_TARGET_DIR="$target" RUSTUP_AUTO_INSTALL=0 \
  PHP="$prefix/bin/php" PHP_CONFIG="$prefix/bin/php-config" \
  cargo build --offline --release --manifest-path "$root/Cargo.toml" -p bpjs-codec-php
echo "build-php-zts: extension built against PHP $version ZTS in $((SECONDS - start)) s: $target/release/libbpjs_codec_php.so"
# The threaded smoke in the root, on the fresh build (seconds): also where
# the host cannot run this PHP (a newer Debian's glibc).
so="$target/release/libbpjs_codec_php.so"
rm -rf "$zdir/smoke-conf.d" && mkdir -p "$zdir/smoke-conf.d"
echo "extension=$so" > "$zdir/smoke-conf.d/bpjs_codec.ini"
chroot "$dir" env -i PATH=/usr/bin:/bin PHP_INI_SCAN_DIR="$zdir/smoke-conf.d" "$zdir/zts_smoke" \
  "${ZTS_SMOKE_THREADS:-8}" "${ZTS_SMOKE_REQUESTS:-200}" "$root/scripts/dist/zts-smoke/worker.php"
[ "$out" = - ] && exit 0
SO_AS_SEEN="$target/release/libbpjs_codec_php.so" \
  bash "$root/scripts/dist/package-php.sh" "$out" "$target/release/libbpjs_codec_php.so" chroot "$dir" "$prefix/bin/php"
