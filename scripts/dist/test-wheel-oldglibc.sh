#!/usr/bin/env bash
# The manylinux2014 wheel on an older system than the build machine (part of
# make test-dist): a Debian 11 root (glibc 2.31, CPython 3.9, the oldest
# Python the abi3 wheel supports; no Rust, no compiler), a fresh venv, pip
# install of the x86_64 wheel without an index, smoke.py against bpjs-sim.
# The simulator runs outside the root (it is built for this machine's glibc);
# the root shares the loopback interface. Run as root.
#
# Usage: scripts/dist/test-wheel-oldglibc.sh WHEEL SIM_BIN CHROOT_DIR
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
wheel="${1:?usage: test-wheel-oldglibc.sh WHEEL SIM_BIN CHROOT_DIR}"
sim="${2:?}"
dir="${3:?}"
version="$(sed -n '/^\[workspace.package\]/,/^\[/s/^version = "\(.*\)"/\1/p' "$root/Cargo.toml")"

start=$SECONDS
bash "$root/scripts/dist/chroot.sh" bullseye "$dir" python3-venv ca-certificates
chroot "$dir" sh -c 'for t in rustc cargo cc gcc clang make ld; do command -v $t && exit 1; done; exit 0' \
  || { echo "test-wheel-oldglibc: the bullseye root has a build tool (above)" >&2; exit 1; }
glibc="$(chroot "$dir" ldd --version | head -n 1 | awk '{print $NF}')"
pyver="$(chroot "$dir" python3 -c 'import sys; print("%d.%d.%d" % sys.version_info[:3])')"

stage="$dir/opt/bpjs-wheel"
rm -rf "$stage" && mkdir -p "$stage"
cp "$wheel" "$root/scripts/dist/smoke/smoke.py" "$stage/"

log="$(mktemp)"; fifo="$(mktemp -u)"; mkfifo "$fifo"
"$sim" --port 0 >"$fifo" 2>"$log" &
sim_pid=$!
mountpoint -q "$dir/proc" || mount -t proc proc "$dir/proc"
trap 'kill "$sim_pid" 2>/dev/null || true; umount "$dir/proc" 2>/dev/null || true; rm -f "$fifo" "$log"' EXIT
exec 3<"$fifo"
read -r -t 20 url <&3 || { echo "test-wheel-oldglibc: simulator did not start" >&2; cat "$log" >&2; exit 1; }

chroot "$dir" env -i PATH=/usr/bin:/bin HOME=/root LANG=C.UTF-8 sh -euc "
  python3 -m venv /opt/bpjs-wheel/venv
  /opt/bpjs-wheel/venv/bin/pip install --quiet --no-index --disable-pip-version-check /opt/bpjs-wheel/$(basename "$wheel")
  /opt/bpjs-wheel/venv/bin/python /opt/bpjs-wheel/smoke.py '$url' '$version'"
echo "older glibc: $(basename "$wheel") installed and smoke-tested on Debian 11 (glibc $glibc, CPython $pyver) in $((SECONDS - start)) s"
