#!/usr/bin/env bash
# Thread-safe (ZTS) build of the extension (make dist-php-zts), for FrankenPHP,
# Octane on FrankenPHP and Apache's threaded MPMs: in a Debian root (cached
# under target/), PHP compiled with --enable-zts from the upstream tarball of
# Debian's PHP source package (the same PHP version and API as Debian's
# binary packages; Debian's own patches are not applied: they do not touch
# the extension ABI), installed under /opt/php-zts with no extensions, then
# bpjs_codec built against its php-config and packaged by package-php.sh.
# Run as root. Minutes: PHP itself is compiled.
#
# Usage: scripts/dist/build-php-zts.sh SUITE PHPSRC CHROOT_DIR OUT_DIR
#   e.g. build-php-zts.sh trixie php8.4 target/dist-chroot/trixie-build dist
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
suite="${1:?usage: build-php-zts.sh SUITE PHPSRC CHROOT_DIR OUT_DIR}"
phpsrc="${2:?}"
dir="$(mkdir -p "$3" && cd "$3" && pwd)"
out="$(mkdir -p "$4" && cd "$4" && pwd)"
mirror="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
rustup_home="${RUSTUP_HOME:-$HOME/.rustup}"
cargo_home="${CARGO_HOME:-$HOME/.cargo}"
prefix=/opt/php-zts

bash "$root/scripts/dist/chroot.sh" "$suite" "$dir" "$phpsrc-cli" "$phpsrc-dev" libclang-dev gcc libc6-dev \
  make pkg-config xz-utils ca-certificates

mounts=()
cleanup() {
  for ((i = ${#mounts[@]} - 1; i >= 0; i--)); do umount "${mounts[$i]}" 2>/dev/null || umount -l "${mounts[$i]}" || true; done
}
trap cleanup EXIT
bind() { mkdir -p "$dir$2"; mount --bind "$1" "$dir$2"; mounts+=("$dir$2"); }
mount -t proc proc "$dir/proc"; mounts+=("$dir/proc")

start=$SECONDS
if [ ! -x "$dir$prefix/bin/php-config" ]; then
  # Debian's source package, fetched with apt from deb-src (only in this root).
  printf 'Types: deb-src\nURIs: %s\nSuites: %s\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' \
    "$mirror" "$suite" > "$dir/etc/apt/sources.list.d/bpjs-src.sources"
  chroot "$dir" apt-get -o Acquire::Check-Valid-Until=false update -qq
  rm -rf "$dir/build/php-src" && mkdir -p "$dir/build/php-src"
  chroot "$dir" sh -c "cd /build/php-src && apt-get -o Acquire::Check-Valid-Until=false source --download-only -qq $phpsrc" || {
    echo "build-php-zts: Debian's source package $phpsrc could not be fetched from $mirror (a mirror that serves only binary packages answers 404 for the .dsc and .orig.tar.xz); set DEBIAN_MIRROR to one that has sources" >&2
    rm -f "$dir/etc/apt/sources.list.d/bpjs-src.sources"
    exit 1
  }
  rm -f "$dir/etc/apt/sources.list.d/bpjs-src.sources"
  orig="$(cd "$dir/build/php-src" && ls ${phpsrc}_*.orig.tar.* | head -n 1)"
  chroot "$dir" sh -c "cd /build/php-src && tar -xf $orig && cd php-*/ && \
    ./configure --prefix=$prefix --enable-zts --disable-all --disable-cgi --disable-phpdbg \
      --without-pear --with-config-file-scan-dir=$prefix/conf.d >/build/php-src/configure.log 2>&1 && \
    make -j\$(nproc) >/build/php-src/make.log 2>&1 && make install >/build/php-src/install.log 2>&1" \
    || { tail -n 30 "$dir"/build/php-src/*.log >&2; exit 1; }
  echo "build-php-zts: PHP $(chroot "$dir" $prefix/bin/php -r 'echo PHP_VERSION;') ZTS compiled in $((SECONDS - start)) s"
fi

bind "$root" "$root"
bind "$rustup_home" "$rustup_home"
bind "$cargo_home" "$cargo_home"
target="$root/target/php-$suite-zts"
start=$SECONDS
chroot "$dir" env -i HOME="$HOME" PATH="$prefix/bin:$cargo_home/bin:/usr/bin:/bin" RUSTUP_HOME="$rustup_home" \
  CARGO_HOME="$cargo_home" CARGO_TARGET_DIR="$target" RUSTUP_AUTO_INSTALL=0 \
  PHP="$prefix/bin/php" PHP_CONFIG="$prefix/bin/php-config" \
  cargo build --offline --release --manifest-path "$root/Cargo.toml" -p bpjs-codec-php
echo "build-php-zts: extension built in $((SECONDS - start)) s"
SO_AS_SEEN="$target/release/libbpjs_codec_php.so" \
  bash "$root/scripts/dist/package-php.sh" "$out" "$target/release/libbpjs_codec_php.so" chroot "$dir" "$prefix/bin/php"
