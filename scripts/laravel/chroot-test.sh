#!/usr/bin/env bash
# Runs the Laravel suite (bindings-php/laravel/tests) on another Debian
# release's PHP and Laravel, in a throw-away Debian root (scripts/dist/chroot.sh,
# cached under target/): sid has PHP 8.4 with Laravel 13, trixie PHP 8.4 with
# Laravel 10. The extension is the PHP 8.4 build of make dist-php-84 (built on
# trixie); the simulator is this machine's build. The work tree is bind-mounted
# at the same path. Run as root.
#
# Usage: scripts/laravel/chroot-test.sh SUITE CHROOT_DIR EXTENSION_SO SIM_BIN
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
suite="${1:?usage: chroot-test.sh SUITE CHROOT_DIR EXTENSION_SO SIM_BIN}"
dir="$(mkdir -p "$2" && cd "$2" && pwd)"
ext="${3:?}"
sim="${4:?}"
[ -f "$ext" ] || { echo "chroot-test.sh: $ext missing (make dist-php-84 builds it)" >&2; exit 1; }
[ -x "$sim" ] || { echo "chroot-test.sh: $sim missing (make build-sim)" >&2; exit 1; }

start=$SECONDS
bash "$root/scripts/dist/chroot.sh" "$suite" "$dir" php8.4-cli php8.4-curl php8.4-mbstring php-sqlite3 \
  php-laravel-framework php-guzzlehttp-guzzle phpunit composer

source "$root/scripts/dist/chroot-mounts.sh"
chroot_mount_proc
chroot_bind "$root" "$root"
extdir="$(dirname "$(readlink -f "$ext")")"
simdir="$(dirname "$(readlink -f "$sim")")"
[ "${extdir#"$root"}" != "$extdir" ] || chroot_bind "$extdir" "$extdir"
[ "${simdir#"$root"}" != "$simdir" ] || chroot_bind "$simdir" "$simdir"

laravel="$(sed -n "s/.*const VERSION = '\([^']*\)'.*/\1/p" "$dir/usr/share/php/Illuminate/Foundation/Application.php")"
echo "chroot-test: $suite, PHP $(chroot "$dir" php -r 'echo PHP_VERSION;'), Laravel $laravel, $(chroot "$dir" phpunit --version | head -1)"
chroot "$dir" env -i HOME=/root PATH=/usr/bin:/bin BPJS_SIM_BIN="$(readlink -f "$sim")" TMPDIR=/tmp \
  php -d extension="$(readlink -f "$ext")" /usr/bin/phpunit -c "$root/bindings-php/laravel/tests/phpunit-10.xml"
chroot "$dir" env -i HOME=/root PATH=/usr/bin:/bin TMPDIR=/tmp \
  bash "$root/scripts/laravel/test-install-composer.sh" "$(readlink -f "$ext")"
echo "chroot-test: $suite done in $((SECONDS - start)) s"
