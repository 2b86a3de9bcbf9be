#!/usr/bin/env bash
# A throw-away Debian root for make test-dist / dist-php-84, cached under
# target/: debootstrap --variant=minbase from Debian's archive, then the
# packages asked for (no recommends). Never touches the machine's own apt
# lists. Run as root.
#
# Usage: scripts/dist/chroot.sh SUITE DIR [PACKAGE...]
#   Creates DIR once (stamp DIR/.bpjs-base) and installs PACKAGE... once per
#   distinct list (stamp DIR/.bpjs-pkgs-<hash>). Prints the seconds it took.
set -euo pipefail
suite="${1:?usage: chroot.sh SUITE DIR [PACKAGE...]}"
dir="${2:?usage: chroot.sh SUITE DIR [PACKAGE...]}"
shift 2
mirror="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"

[ "$(id -u)" = 0 ] || { echo "chroot.sh: needs root (debootstrap, chroot)" >&2; exit 1; }
command -v debootstrap >/dev/null || { echo "chroot.sh: apt-get install debootstrap" >&2; exit 1; }

start=$SECONDS
if [ ! -e "$dir/.bpjs-base" ]; then
  rm -rf "$dir.tmp"
  mkdir -p "$(dirname "$dir")"
  debootstrap --variant=minbase "$suite" "$dir.tmp" "$mirror" >"$dir.debootstrap.log" 2>&1 \
    || { tail -n 20 "$dir.debootstrap.log" >&2; exit 1; }
  touch "$dir.tmp/.bpjs-base"
  rm -rf "$dir"
  mv "$dir.tmp" "$dir"
fi

if [ "$#" -gt 0 ]; then
  stamp="$dir/.bpjs-pkgs-$(printf '%s\n' "$@" | sort | sha256sum | cut -c1-12)"
  if [ ! -e "$stamp" ]; then
    mountpoint -q "$dir/proc" || mount -t proc proc "$dir/proc"
    trap 'umount "$dir/proc" 2>/dev/null || true' EXIT
    cp /etc/resolv.conf "$dir/etc/resolv.conf" 2>/dev/null || true
    apt_opts=(-o Acquire::Check-Valid-Until=false -o APT::Install-Recommends=false -o Dpkg::Use-Pty=0)
    # The caller's TMPDIR (make test points it at target/art/tmp) does not
    # exist inside the root: maintainer scripts (ca-certificates) need /tmp.
    chroot "$dir" env TMPDIR=/tmp DEBIAN_FRONTEND=noninteractive apt-get "${apt_opts[@]}" update -qq
    chroot "$dir" env TMPDIR=/tmp DEBIAN_FRONTEND=noninteractive apt-get "${apt_opts[@]}" install -y -qq "$@" \
      >"$dir.apt.log" 2>&1 || { tail -n 20 "$dir.apt.log" >&2; exit 1; }
    chroot "$dir" env TMPDIR=/tmp apt-get clean
    touch "$stamp"
  fi
fi
echo "chroot.sh: $suite root ready in $dir ($((SECONDS - start)) s)"
