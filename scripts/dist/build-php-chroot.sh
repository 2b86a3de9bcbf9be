#!/usr/bin/env bash
# Builds the PHP extension against another Debian release's PHP (make
# dist-php-84): a Debian root with that PHP's -dev package, libclang and gcc
# (scripts/dist/chroot.sh, cached under target/), this machine's Rust
# toolchain and the work tree bind-mounted at the same paths, then the .so
# packaged by package-php.sh with the chroot's PHP. Run as root.
#
# Usage: scripts/dist/build-php-chroot.sh SUITE PHPPKG CHROOT_DIR OUT_DIR
#   e.g. build-php-chroot.sh trixie php8.4 target/dist-chroot/trixie-build dist
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
suite="${1:?usage: build-php-chroot.sh SUITE PHPPKG CHROOT_DIR OUT_DIR}"
phppkg="${2:?}"
dir="$(mkdir -p "$3" && cd "$3" && pwd)"
out="$(mkdir -p "$4" && cd "$4" && pwd)"
rustup_home="${RUSTUP_HOME:-$HOME/.rustup}"
cargo_home="${CARGO_HOME:-$HOME/.cargo}"

bash "$root/scripts/dist/chroot.sh" "$suite" "$dir" "$phppkg-cli" "$phppkg-dev" libclang-dev gcc libc6-dev

source "$root/scripts/dist/chroot-mounts.sh"
chroot_mount_proc
chroot_bind "$root" "$root"
chroot_bind "$rustup_home" "$rustup_home"
chroot_bind "$cargo_home" "$cargo_home"

target="$root/target/php-$suite"
start=$SECONDS
chroot "$dir" env -i HOME="$HOME" PATH="$cargo_home/bin:/usr/bin:/bin" RUSTUP_HOME="$rustup_home" \
  CARGO_HOME="$cargo_home" CARGO_TARGET_DIR="$target" RUSTUP_AUTO_INSTALL=0 \
  cargo build --offline --release --manifest-path "$root/Cargo.toml" -p bpjs-codec-php
echo "build-php-chroot: built against $(chroot "$dir" php -r 'echo PHP_VERSION;') in $((SECONDS - start)) s"
SO_AS_SEEN="$target/release/libbpjs_codec_php.so" \
  bash "$root/scripts/dist/package-php.sh" "$out" "$target/release/libbpjs_codec_php.so" chroot "$dir" php
