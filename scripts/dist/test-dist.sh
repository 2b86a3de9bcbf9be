#!/usr/bin/env bash
# make test-dist: the artifacts of make dist, installed as a user without Rust
# would, in a Debian bookworm root with no Rust, no cargo and no build tools
# (debootstrap --variant=minbase, then only php-cli, python3-venv, nodejs and
# npm from Debian; cached under target/). Inside it, against bpjs-sim (the
# binary copied in, port 0 on loopback):
#   Python  fresh venv, pip install of the x86_64 wheel (no index), smoke.py
#   npm     blank npm project, npm install of the tarball (offline), CommonJS
#           and ES module smoke tests, the CLI through node_modules/.bin
#   PHP     install-php.sh as root, smoke.php, uninstall-php
# Outside the chroot: each wheel's newest glibc symbol (<= 2.17 for
# manylinux2014) and the npm tarball's types (scripts/dist/check-npm-types.sh).
# Older glibc: the x86_64 wheel in a Debian 11 root (glibc 2.31, CPython 3.9),
# scripts/dist/test-wheel-oldglibc.sh.
# Figures (sizes, seconds) go to target/dist-test/report.txt. Run as root.
#
# Usage: scripts/dist/test-dist.sh DIST_DIR SIM_BIN CHROOT_DIR
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
dist="$(cd "${1:?usage: test-dist.sh DIST_DIR SIM_BIN CHROOT_DIR}" && pwd)"
sim="${2:?}"
dir="${3:?}"
report_dir="$root/target/dist-test"
report="$report_dir/report.txt"
mkdir -p "$report_dir"
: >"$report"
say() { echo "$*" | tee -a "$report"; }
version="$(sed -n '/^\[workspace.package\]/,/^\[/s/^version = "\(.*\)"/\1/p' "$root/Cargo.toml")"

[ -x "$sim" ] || { echo "test-dist: $sim missing (make build-sim)" >&2; exit 1; }
wheel="$(ls "$dist"/bpjs_codec-"$version"-*manylinux*x86_64*.whl 2>/dev/null | head -n 1)"
tarball="$dist/bpjs-codec-$version.tgz"
[ -f "$wheel" ] && [ -f "$tarball" ] || { echo "test-dist: wheel or npm tarball missing in $dist (make dist)" >&2; exit 1; }
(cd "$dist" && sha256sum --quiet -c SHA256SUMS) || { echo "test-dist: $dist/SHA256SUMS does not match" >&2; exit 1; }
say "test-dist: bpjs-codec $version, artifacts in $dist (SHA256SUMS verified)"

# --- Older glibc: every wheel's extension needs nothing newer than 2.17.
for w in "$dist"/bpjs_codec-*.whl; do
  tmp="$(mktemp -d)"
  (cd "$tmp" && unzip -q "$w")
  so="$(find "$tmp" -name '_bpjs_codec*.so' | head -n 1)"
  newest="$(objdump -T "$so" | grep -o 'GLIBC_[0-9.]*' | sed 's/GLIBC_//' | sort -V | tail -n 1)"
  rm -rf "$tmp"
  if [ "$(printf '%s\n2.17\n' "$newest" | sort -V | tail -n 1)" != "2.17" ]; then
    echo "test-dist: $(basename "$w") needs glibc $newest, newer than manylinux2014's 2.17" >&2; exit 1
  fi
  say "glibc: $(basename "$w") needs glibc >= $newest (manylinux2014 allows 2.17)"
done

# --- Licenses in every artifact; no made-up URL in any.
for a in "$dist"/*.whl "$dist"/*.tar.gz "$dist"/*.tgz "$dist"/*.zip; do
  case "$a" in
    *.whl|*.zip) names="$(unzip -Z1 "$a")"; text() { unzip -p "$a"; } ;;
    *) names="$(tar -tzf "$a")"; text() { tar -xzOf "$a"; } ;;
  esac
  for lic in LICENSE-MIT LICENSE-APACHE; do
    grep -q "$lic\$" <<<"$names" || { echo "test-dist: $(basename "$a") does not ship $lic" >&2; exit 1; }
  done
  if text | grep -a 'example\.invalid' >/dev/null; then
    say "PENDING: $(basename "$a") names https://example.invalid (inherited by core/Cargo.toml from the workspace's repository key)"
  fi
done
say "licenses: LICENSE-MIT and LICENSE-APACHE in every wheel, sdist, npm tarball and PIE zip"

# --- Older glibc: the x86_64 wheel installed and run on Debian 11.
bash "$root/scripts/dist/test-wheel-oldglibc.sh" "$wheel" "$sim" "$(dirname "$dir")/bullseye" | tee -a "$report"

# --- npm types from the packed tarball (CJS, ESM, TypeScript node16 / bundler).
bash "$root/scripts/dist/check-npm-types.sh" "$tarball" | tee -a "$report"

# --- The bookworm root: nothing that could build Rust or C.
start=$SECONDS
bash "$root/scripts/dist/chroot.sh" bookworm "$dir" php-cli python3-venv nodejs npm ca-certificates | tee -a "$report"
say "chroot: bookworm root ready in $((SECONDS - start)) s, $(du -sh --exclude=./opt "$dir" | cut -f1)"
if chroot "$dir" sh -c 'for t in rustc cargo rustup cc gcc clang make ld maturin; do command -v $t && exit 1; done; exit 0'; then
  say "chroot: no rustc, cargo, rustup, cc, gcc, clang, make, ld or maturin on its PATH"
else
  echo "test-dist: the chroot has a build tool (above)" >&2; exit 1
fi

php_so="$(ls "$dist"/bpjs_codec-"$version"-php"$(chroot "$dir" php -r 'echo PHP_MAJOR_VERSION.".".PHP_MINOR_VERSION;')"-*-nts-x86_64-*.so | head -n 1)"
stage="$dir/opt/bpjs-test"
rm -rf "$stage"
mkdir -p "$stage"
cp "$sim" "$stage/bpjs-sim"
cp "$wheel" "$tarball" "$php_so" "$stage/"
cp "$root"/scripts/dist/smoke/* "$root/scripts/dist/install-php.sh" "$stage/"
cat >"$stage/run.sh" <<RUN
#!/bin/bash
# Runs inside the chroot as root; the install steps timed.
set -euo pipefail
cd /opt/bpjs-test
fifo=/tmp/sim.fifo; rm -f \$fifo; mkfifo \$fifo
./bpjs-sim --port 0 >\$fifo 2>/tmp/sim.log &
sim_pid=\$!
trap 'kill \$sim_pid 2>/dev/null || true' EXIT
exec 3<\$fifo
read -r -t 20 url <&3
echo "bpjs-sim at \$url"

echo "== Python: fresh venv, the wheel without an index"
s=\$SECONDS
python3 -m venv /opt/bpjs-test/venv
/opt/bpjs-test/venv/bin/pip install --quiet --no-index --disable-pip-version-check /opt/bpjs-test/$(basename "$wheel")
echo "python: venv + pip install in \$((SECONDS - s)) s, installed size \$(du -sh /opt/bpjs-test/venv/lib/python3*/site-packages/bpjs_codec | cut -f1)"
/opt/bpjs-test/venv/bin/python smoke.py "\$url" "$version"

echo "== npm: blank project, the tarball offline"
s=\$SECONDS
mkdir -p app && cd app
npm init -y >/dev/null
npm install --offline --no-audit --no-fund --loglevel=error /opt/bpjs-test/$(basename "$tarball")
echo "npm: install in \$((SECONDS - s)) s, node_modules/bpjs-codec \$(du -sh node_modules/bpjs-codec | cut -f1)"
cp ../smoke.cjs ../smoke.mjs .
node smoke.cjs "\$url" "$version"
node smoke.mjs "\$url"
test "\$(./node_modules/.bin/bpjs-codec --version)" = "$version"
echo "npm: bpjs-codec CLI --version through node_modules/.bin ok"
cd ..

echo "== PHP: install-php.sh as root, smoke, uninstall"
bash install-php.sh install /opt/bpjs-test/$(basename "$php_so")
php smoke.php "\$url" "$version"
bash install-php.sh uninstall
! php -m 2>&1 | grep bpjs_codec >/dev/null
echo "php: uninstall leaves PHP without bpjs_codec"
RUN
chmod +x "$stage/run.sh"

mountpoint -q "$dir/proc" || mount -t proc proc "$dir/proc"
trap 'umount "$dir/proc" 2>/dev/null || true' EXIT
start=$SECONDS
chroot "$dir" env -i PATH=/usr/local/bin:/usr/bin:/bin HOME=/root LANG=C.UTF-8 /opt/bpjs-test/run.sh 2>&1 | tee -a "$report"
say "chroot: the three hosts installed and smoke-tested in $((SECONDS - start)) s"
say "sizes: $(cd "$dist" && ls -l --time-style=+ | awk 'NR>1 {printf "%s %s bytes; ", $NF, $5}')"
say "test-dist: passed"
