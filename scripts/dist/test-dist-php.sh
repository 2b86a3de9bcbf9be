#!/usr/bin/env bash
# The PHP extension from dist/ installed into another Debian release's PHP in
# a root with no Rust and no build tools (make test-dist-php-84: Debian 13,
# PHP 8.4 from its archive): install-php.sh as root, smoke.php against
# bpjs-sim (copied in, port 0), uninstall. Run as root.
#
# Usage: scripts/dist/test-dist-php.sh SUITE PHPPKG CHROOT_DIR DIST_DIR SIM_BIN
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
suite="${1:?usage: test-dist-php.sh SUITE PHPPKG CHROOT_DIR DIST_DIR SIM_BIN}"
phppkg="${2:?}"
dir="${3:?}"
dist="$(cd "${4:?}" && pwd)"
sim="${5:?}"
version="$(sed -n '/^\[workspace.package\]/,/^\[/s/^version = "\(.*\)"/\1/p' "$root/Cargo.toml")"

start=$SECONDS
bash "$root/scripts/dist/chroot.sh" "$suite" "$dir" "$phppkg-cli" ca-certificates
echo "test-dist-php: $suite root ready in $((SECONDS - start)) s, $(du -sh --exclude=./opt "$dir" | cut -f1)"
chroot "$dir" sh -c 'for t in rustc cargo cc gcc clang make ld; do command -v $t && exit 1; done; exit 0' \
  || { echo "test-dist-php: the $suite root has a build tool (above)" >&2; exit 1; }
php_ver="$(chroot "$dir" "$phppkg" -r 'echo PHP_MAJOR_VERSION.".".PHP_MINOR_VERSION;')"
so="$(ls "$dist"/bpjs_codec-"$version"-php"$php_ver"-*-nts-x86_64-*.so | head -n 1)"
(cd "$dist" && sha256sum --quiet -c --ignore-missing SHA256SUMS)

stage="$dir/opt/bpjs-test"
rm -rf "$stage" && mkdir -p "$stage"
cp "$sim" "$stage/bpjs-sim"
cp "$so" "$root/scripts/dist/smoke/smoke.php" "$root/scripts/dist/install-php.sh" "$stage/"
cat >"$stage/run.sh" <<RUN
#!/bin/bash
set -euo pipefail
cd /opt/bpjs-test
fifo=/tmp/sim.fifo; rm -f \$fifo; mkfifo \$fifo
./bpjs-sim --port 0 >\$fifo 2>/tmp/sim.log &
sim_pid=\$!
trap 'kill \$sim_pid 2>/dev/null || true' EXIT
exec 3<\$fifo
read -r -t 20 url <&3
PHP=$phppkg bash install-php.sh install /opt/bpjs-test/$(basename "$so")
$phppkg smoke.php "\$url" "$version"
PHP=$phppkg bash install-php.sh uninstall
RUN
chmod +x "$stage/run.sh"
mountpoint -q "$dir/proc" || mount -t proc proc "$dir/proc"
trap 'umount "$dir/proc" 2>/dev/null || true' EXIT
chroot "$dir" env -i PATH=/usr/local/bin:/usr/bin:/bin HOME=/root LANG=C.UTF-8 /opt/bpjs-test/run.sh
echo "test-dist-php: $(basename "$so") installed, smoke-tested and removed on Debian $suite (glibc $(chroot "$dir" ldd --version | head -n 1 | awk '{print $NF}'))"
