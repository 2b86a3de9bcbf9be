#!/usr/bin/env bash
# Packages a built bpjs_codec extension for make dist: the .so named by
# version, PHP version, PHP API number, thread safety, architecture and the
# glibc it needs, and the same .so in the zip PIE downloads for
# `download-url-method: pre-packaged-binary`
# (php_bpjs_codec-v<version>_php<X.Y>-<arch>-linux-glibc-<nts|zts>.zip), each
# with the license files. Appends one line per artifact to OUT/php-builds.txt.
#
# Usage: scripts/dist/package-php.sh OUT_DIR EXT.so PHP_COMMAND...
#   PHP_COMMAND runs the PHP the extension was built against (e.g. `php`, or
#   `chroot target/dist-chroot/trixie php`); it must load EXT.so, found by
#   that PHP at $SO_AS_SEEN (default: EXT.so's absolute path).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
out="${1:?usage: package-php.sh OUT_DIR EXT.so PHP_COMMAND...}"
so="${2:?usage: package-php.sh OUT_DIR EXT.so PHP_COMMAND...}"
shift 2
[ "$#" -gt 0 ] || set -- php
version="$(sed -n '/^\[workspace.package\]/,/^\[/s/^version = "\(.*\)"/\1/p' "$root/Cargo.toml")"

php_ver="$("$@" -r 'echo PHP_MAJOR_VERSION.".".PHP_MINOR_VERSION;')"
api="$("$@" -i | sed -n 's/^PHP API => //p')"
ts="$("$@" -r 'echo PHP_ZTS ? "zts" : "nts";')"
arch="$(uname -m)"
# The newest glibc symbol version the .so needs is the oldest glibc it runs on.
glibc="$(objdump -T "$so" | grep -o 'GLIBC_[0-9.]*' | sed 's/GLIBC_//' | sort -V | tail -n 1)"
[ -n "$api" ] && [ -n "$glibc" ] || { echo "package-php: could not read the PHP API ('$api') or glibc ('$glibc')" >&2; exit 1; }

base="bpjs_codec-$version-php$php_ver-api$api-$ts-$arch-linux-glibc$glibc"
mkdir -p "$out"
install -m 0644 "$so" "$out/$base.so"
strip --strip-debug "$out/$base.so" 2>/dev/null || true

# PIE's archive: the .so as <extension-name>.so at the root, with the licenses.
pie="php_bpjs_codec-v${version}_php$php_ver-$arch-linux-glibc-$ts.zip"
stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT
cp "$out/$base.so" "$stage/bpjs_codec.so"
cp "$root/LICENSE-MIT" "$root/LICENSE-APACHE" "$root/CHANGELOG.md" "$stage/"
rm -f "$out/$pie"
(cd "$stage" && zip -q -X "$out/$pie" bpjs_codec.so LICENSE-MIT LICENSE-APACHE CHANGELOG.md)

# The built extension loads in that PHP and reports the workspace version.
seen="${SO_AS_SEEN:-$(cd "$(dirname "$so")" && pwd)/$(basename "$so")}"
loaded="$("$@" -n -d extension="$seen" -r 'echo phpversion("bpjs_codec");' 2>&1 || true)"
if [ "$loaded" != "$version" ]; then
  echo "package-php: PHP $php_ver does not load $so as bpjs_codec $version (got: $loaded)" >&2
  exit 1
fi
size=$(stat -c %s "$out/$base.so")
line="$base.so  PHP $php_ver ($ts, API $api), $arch, needs glibc >= $glibc, $size bytes; PIE: $pie"
grep -vF "$base.so" "$out/php-builds.txt" 2>/dev/null > "$out/php-builds.txt.new" || true
echo "$line" >> "$out/php-builds.txt.new"
mv "$out/php-builds.txt.new" "$out/php-builds.txt"
echo "package-php: $line"
