#!/usr/bin/env bash
# The PHP suites on a ZTS build the host cannot run (make test-php-zts-84:
# PHP 8.4 built in the Debian 13 root needs glibc 2.38+): in that root, with
# the work tree, the target directory and this machine's /usr/share/php
# (Debian 12's PHPUnit 9.6 and Laravel 8, read-only) bind-mounted, and the
# simulator built here. No MariaDB server in the root: that test class stops
# at its first test ("mariadbd not found") and skips the rest.
# Run as root, after make dist-php-zts-84 (or build-php-zts for that suite).
#
# Usage: scripts/dist/test-php-zts-chroot.sh CHROOT_DIR ZTS_DIR EXT.so SIM_BIN
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
usage="usage: test-php-zts-chroot.sh CHROOT_DIR ZTS_DIR EXT.so SIM_BIN"
dir="$(cd "${1:?$usage}" && pwd)"
zdir="$(cd "${2:?$usage}" && pwd)"
ext="${3:?$usage}"
sim="${4:?$usage}"
php="$zdir/prefix/bin/php"
target_dir="${CARGO_TARGET_DIR:-$root/target}"
[ -x "$php" ] && [ -f "$ext" ] || { echo "test-php-zts-chroot: no ZTS PHP in $zdir or no $ext: make dist-php-zts-84 first" >&2; exit 1; }

source "$root/scripts/dist/chroot-mounts.sh"
cleanup() {
  chroot_unmount_all
  rm -f "$dir/tmp/bpjs-phpunit"
}
trap cleanup EXIT
chroot_mount_proc
chroot_bind "$root" "$root"
[ "${target_dir#"$root"/}" != "$target_dir" ] || chroot_bind "$target_dir" "$target_dir"
chroot_bind /usr/share/php /usr/share/php ro
mkdir -p "$dir/tmp" && install -m 0755 /usr/bin/phpunit "$dir/tmp/bpjs-phpunit"

run() {
  chroot "$dir" env -i PATH=/usr/bin:/bin HOME=/root BPJS_SIM_BIN="$sim" \
    "$php" -d include_path=.:/usr/share/php -d extension="$ext" "$@"
}
run -r 'echo PHP_VERSION, PHP_ZTS ? " ZTS" : " NTS", ", bpjs_codec ", phpversion("bpjs_codec"), "\n";'
status=0
run /tmp/bpjs-phpunit -c "$root/bindings-php/tests/phpunit.xml" || status=1
run /tmp/bpjs-phpunit -c "$root/bindings-php/laravel/tests/phpunit.xml" || status=1
exit $status
