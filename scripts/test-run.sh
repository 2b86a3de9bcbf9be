#!/usr/bin/env bash
# `make test` after the build: runs every suite once with the simulator's
# credentials as canaries, keeps everything the suites write (temp files,
# SQLite databases, MariaDB dumps, simulator logs: the suites keep them when
# BPJS_ARTIFACTS_DIR is set) plus the whole stdout/stderr, then scans all of
# it for those credentials, their signatures and derived keys
# (scripts/secret-scan.py). One hit fails the run.
#
#   scripts/test-run.sh TEST_TARGET...
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
dir=${BPJS_ARTIFACTS_DIR:-$root/target/art}
rm -rf "$dir"
mkdir -p "$dir/tmp"
export BPJS_ARTIFACTS_DIR=$dir
export TMPDIR=$dir/tmp

python3 "$root/scripts/secret-scan.py" --self-test
since=$(date +%s)
make --no-print-directory -C "$root" "$@" 2>&1 | tee "$dir/make-test.log"
until=$(date +%s)
echo "make test: suites passed in $((until - since)) s; scanning their output and files for credentials"
python3 "$root/scripts/secret-scan.py" --since "$since" --until "$until" "$dir"
